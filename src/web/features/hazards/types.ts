// What the hazard-sites API returns, as the web page reads it: the server's contracts (type-only).
export type { HazardSite, HazardSiteList } from '../../../server/features/hazards/contracts.ts';
