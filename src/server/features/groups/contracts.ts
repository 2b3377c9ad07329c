// What the groupings routes answer: a province's groupings (former districts, or any grouping it chose), each
// group with the current communes that fall in it, and the former district named as a record's issuer.
import { z } from 'zod';
import { GROUP_KINDS } from '../../../core/groups/assign.ts';

const CommuneRef = z.object({ id: z.number().int(), code: z.string(), name: z.string() });

export const GroupBody = z
  .object({
    id: z.number().int(),
    name: z.string(),
    code: z.string(),
    /** The units the file listed: old communes (a former district) or current communes. */
    members: z.number().int(),
    /** The current communes that belong to the group. */
    communes: z.array(CommuneRef),
  })
  .meta({ id: 'UnitGroup' });

export const GroupingBody = z
  .object({
    grouping: z.string(),
    kind: z.enum(GROUP_KINDS),
    groups: z.array(GroupBody),
    /** Current communes that no group reaches. */
    unassigned: z.array(CommuneRef),
  })
  .meta({ id: 'Grouping' });

export const GroupingsBody = z
  .object({ provinceId: z.number().int(), groupings: z.array(GroupingBody) })
  .meta({ id: 'Groupings' });

export const ISSUER_RECORDS = ['plan', 'round', 'decision'] as const;
export type IssuerRecord = (typeof ISSUER_RECORDS)[number];

export const IssuerGroupBody = z
  .object({ id: z.number().int(), name: z.string(), code: z.string() })
  .meta({ id: 'IssuerGroup' });

export const HistoricalIssuerBody = z
  .object({
    record: z.enum(ISSUER_RECORDS),
    id: z.number().int(),
    /** The day the record is dated by (a plan's issue day or year, a round's decision due day, a decision's signing day). */
    datedOn: z.string(),
    issuerGroup: IssuerGroupBody.nullable(),
  })
  .meta({ id: 'HistoricalIssuer' });

export type Grouping = z.infer<typeof GroupingBody>;
export type Groupings = z.infer<typeof GroupingsBody>;
export type HistoricalIssuer = z.infer<typeof HistoricalIssuerBody>;
