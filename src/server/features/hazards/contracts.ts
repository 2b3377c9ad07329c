// What the hazard-site routes answer and accept. Responses are serialised through these schemas: an unlisted
// field never leaves. A site holds no child's data; the list is the commune's, read by its province.
import { z } from 'zod';
import { HAZARD_FILTERS, HAZARD_STATES } from '../../../core/hazards/sites.ts';
import { HAZARD_KINDS } from '../../../core/reports/statistics.ts';
import { BodyId } from '../../http/schemas.ts';

const Day = z.string();
const Count = z.number().int();

export const HazardSite = z
  .object({
    id: z.number().int(),
    village: z.object({ id: z.number().int(), name: z.string() }),
    kind: z.enum(HAZARD_KINDS),
    place: z.string(),
    description: z.string(),
    responsible: z.string(),
    foundOn: Day,
    fencedOn: Day.nullable(),
    signpostedOn: Day.nullable(),
    fixedOn: Day.nullable(),
    note: z.string(),
    /** The site's state today (Vietnam time). */
    state: z.enum(HAZARD_STATES),
    /** Whether this user may change it (a collaborator: only in their own villages). */
    canWrite: z.boolean(),
  })
  .meta({ id: 'HazardSite' });
export type HazardSite = z.infer<typeof HazardSite>;

export const HazardSiteList = z
  .object({
    /** Today, the day the states and counts are read on. */
    asOf: Day,
    /** Whether the user may add sites (in the villages marked writable). */
    canWrite: z.boolean(),
    /** The villages the user sees, in Vietnamese order. */
    villages: z.array(z.object({ id: z.number().int(), name: z.string(), writable: z.boolean() })),
    /** Counts over the villages asked for, whatever the state filter. */
    counts: z.object({
      listed: Count,
      open: Count,
      fenced: Count,
      signposted: Count,
      unsafe: Count,
      fixed: Count,
    }),
    sites: z.array(HazardSite),
  })
  .meta({ id: 'HazardSiteList' });
export type HazardSiteList = z.infer<typeof HazardSiteList>;

export const HazardQuery = z.object({
  villageId: z.coerce.number().int().positive().optional(),
  state: z.enum(HAZARD_FILTERS).optional(),
  kind: z.enum(HAZARD_KINDS).optional(),
});

// Request bodies: types at the edge, the rules (required, dates in order) in src/core/hazards/sites.ts so that
// each refusal names the field in the user's language.
const DayText = z.string().max(40);
export const HazardSiteBody = z.object({
  villageId: BodyId,
  kind: z.string().max(40),
  place: z.string().max(1000),
  description: z.string().max(4000).optional(),
  responsible: z.string().max(1000).optional(),
  foundOn: DayText,
  fencedOn: DayText.nullable().optional(),
  signpostedOn: DayText.nullable().optional(),
  fixedOn: DayText.nullable().optional(),
  note: z.string().max(4000).optional(),
});
export const HazardSitePatch = HazardSiteBody.partial();
export type HazardSiteInput = z.infer<typeof HazardSitePatch>;
