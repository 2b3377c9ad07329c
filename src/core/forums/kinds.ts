// The kinds of children's forums and events (Thông tư 29/2019/TT-BLĐTBXH) and the participants' age bands:
// one list for the server's checks and the web's forms. Pure.
import { FORUM_MIN_CHILDREN } from '../reports/forms.ts';

export { FORUM_MIN_CHILDREN };
export const FORUM_KINDS = ['forum', 'consultation'] as const;
export const FORUM_LEVELS = ['commune', 'village', 'school', 'province'] as const;
export const EVENT_KINDS = ['action_month', 'children_day', 'mid_autumn', 'other'] as const;
/** Participant counts in the order of the form: boys then girls, youngest band first. */
export const BANDS = ['boysUnder11', 'girlsUnder11', 'boys11to15', 'girls11to15', 'boys16to17', 'girls16to17'] as const;

export type ForumKind = (typeof FORUM_KINDS)[number];
export type ForumLevel = (typeof FORUM_LEVELS)[number];
export type EventKind = (typeof EVENT_KINDS)[number];
export type Band = (typeof BANDS)[number];

/**
 * A children's forum needs at least FORUM_MIN_CHILDREN children (Thông tư 29/2019/TT-BLĐTBXH); a consultation
 * of children has no minimum.
 */
export const belowForumMinimum = (kind: ForumKind, children: number): boolean =>
  kind === 'forum' && children < FORUM_MIN_CHILDREN;
