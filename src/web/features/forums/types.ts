// What the forums API returns, as the web pages read it: the server's contracts (type-only) and the core's kinds.
import type { ChildEvent, Forum, ForumRecommendation } from '../../../server/features/forums/contracts.ts';

export { BANDS, EVENT_KINDS, FORUM_KINDS, FORUM_LEVELS, FORUM_MIN_CHILDREN } from '../../../core/forums/kinds.ts';

/** Roles held on a province: on its own forums page, the province official writes and the others read. */
export const PROVINCE_ROLES: readonly string[] = ['province_official', 'appraiser', 'sector_reviewer', 'signer'];
export type { Band, EventKind, ForumKind, ForumLevel } from '../../../core/forums/kinds.ts';

export type { ChildEvent, Forum };
export type Recommendation = ForumRecommendation;
