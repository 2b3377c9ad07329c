// What the activity API returns, as the web page reads it: the server's contracts (type-only).
export type { ActivityFileT, ActivityListT, ActivityRecordT } from '../../../server/features/activities/contracts.ts';
