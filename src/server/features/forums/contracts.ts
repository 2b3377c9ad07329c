// What the forums routes answer and accept: forums and consultations with their recommendations and answers,
// and events for children. Responses are serialised through these schemas: an unlisted field never leaves.
import { z } from 'zod';
import { BodyId } from '../../http/schemas.ts';
import { EVENT_KINDS, FORUM_KINDS, FORUM_LEVELS } from '../../../core/forums/kinds.ts';
import type { Timeliness } from '../../../core/plans/reports.ts';

const TIMELINESS = ['on_time', 'late', 'missing', 'pending'] as const satisfies readonly Timeliness[];

const Day = z.string();
const Count = z.number().int();

export const ForumRecommendation = z
  .object({
    id: z.number().int(),
    text: z.string(),
    agency: z.string(),
    dueOn: Day.nullable(),
    answer: z.string().nullable(),
    answeredOn: Day.nullable(),
    answeredBy: z.number().int().nullable(),
  })
  .meta({ id: 'ForumRecommendation' });
export type ForumRecommendation = z.infer<typeof ForumRecommendation>;

/** The forum's report to the level above: due 15 days after the forum; whether it came in on time. */
export const ForumReportState = z
  .object({
    dueOn: Day,
    status: z.enum(TIMELINESS),
    /** A report has been started (a draft saved or sent). */
    drafted: z.boolean(),
    /** The day (Vietnam time) it was sent; null while not sent. */
    submittedOn: Day.nullable(),
  })
  .meta({ id: 'ForumReportState' });

export const Forum = z
  .object({
    id: z.number().int(),
    /** The unit it is recorded under: a commune, or the province for a province-level forum. */
    unitId: z.number().int(),
    kind: z.enum(FORUM_KINDS),
    level: z.enum(FORUM_LEVELS),
    heldOn: Day,
    title: z.string(),
    note: z.string(),
    participants: z.object({
      boysUnder11: Count,
      girlsUnder11: Count,
      boys11to15: Count,
      girls11to15: Count,
      boys16to17: Count,
      girls16to17: Count,
      total: Count,
    }),
    /** A forum (not a consultation) with fewer children than Thông tư 29/2019 asks (FORUM_MIN_CHILDREN). */
    belowMinimum: z.boolean(),
    report: ForumReportState,
    recommendations: z.array(ForumRecommendation),
  })
  .meta({ id: 'Forum' });
export type Forum = z.infer<typeof Forum>;

export const ChildEvent = z
  .object({
    id: z.number().int(),
    kind: z.enum(EVENT_KINDS),
    heldOn: Day,
    title: z.string(),
    participants: Count,
    note: z.string(),
  })
  .meta({ id: 'ChildEvent' });
export type ChildEvent = z.infer<typeof ChildEvent>;

// Request bodies.
const IsoDate = z.iso.date();
// Negative counts pass here and are refused by the store, naming the field in the officer's language.
const BandCount = z.number().int().max(1_000_000).default(0);
export const DayRange = z.object({ from: IsoDate.optional(), to: IsoDate.optional() });

const RecommendationBody = z.object({
  id: BodyId.optional(),
  text: z.string().max(4000),
  agency: z.string().max(300),
  dueOn: IsoDate.nullable().optional(),
});

export const ForumBody = z.object({
  kind: z.enum(FORUM_KINDS),
  level: z.enum(FORUM_LEVELS),
  heldOn: IsoDate,
  title: z.string().max(300),
  note: z.string().max(4000).default(''),
  boysUnder11: BandCount,
  girlsUnder11: BandCount,
  boys11to15: BandCount,
  girls11to15: BandCount,
  boys16to17: BandCount,
  girls16to17: BandCount,
  recommendations: z.array(RecommendationBody).max(200).optional(),
});

export const AnswerBody = z.object({ answer: z.string().max(8000), answeredOn: IsoDate });

export const EventBody = z.object({
  kind: z.enum(EVENT_KINDS),
  heldOn: IsoDate,
  title: z.string().max(300),
  participants: z.number().int().max(1_000_000).default(0),
  note: z.string().max(4000).default(''),
});
