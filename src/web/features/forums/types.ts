// What the forums API returns (src/server/features/forums/store.ts), as the web pages read it.
import type { ForumView, RecommendationView } from '../../../server/features/forums/store.ts';
export const FORUM_KINDS = ['forum', 'consultation'] as const;
export const FORUM_LEVELS = ['commune', 'village', 'school', 'province'] as const;
export const EVENT_KINDS = ['action_month', 'children_day', 'mid_autumn', 'other'] as const;
/** Participant counts in the order of the form: boys then girls, youngest band first. */
export const BANDS = ['boysUnder11', 'girlsUnder11', 'boys11to15', 'girls11to15', 'boys16to17', 'girls16to17'] as const;

export type ForumKind = (typeof FORUM_KINDS)[number];
export type ForumLevel = (typeof FORUM_LEVELS)[number];
export type EventKind = (typeof EVENT_KINDS)[number];
export type Band = (typeof BANDS)[number];

export type Recommendation = RecommendationView;
export type Forum = ForumView;

export interface ChildEvent {
  id: number;
  kind: EventKind;
  heldOn: string;
  title: string;
  participants: number;
  note: string;
}
