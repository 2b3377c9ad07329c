// What the forums API returns, as the web pages read it: the server's contracts (type-only) and the core's kinds.
import type { ChildEvent, Forum, ForumRecommendation } from '../../../server/features/forums/contracts.ts';

export { BANDS, EVENT_KINDS, FORUM_KINDS, FORUM_LEVELS } from '../../../core/forums/kinds.ts';
export type { Band, EventKind, ForumKind, ForumLevel } from '../../../core/forums/kinds.ts';

export type { ChildEvent, Forum };
export type Recommendation = ForumRecommendation;
