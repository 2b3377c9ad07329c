// What the rounds routes answer: rounds and their calendar, each commune's dossier (the entry view), the
// recognition decisions, deadlines and notifications. A field not listed here never leaves the server.
import { z } from 'zod';
import { ENTRY_STATES } from '../../../core/workflow/round-entry.ts';
// The contract itself, not the entry file: the entry loads assessments' routes, which load rounds' (a cycle).
import { ScoreResultBody, SuppressedCellBody } from '../assessments/contracts.ts';

const Day = z.string();
const EntryStateBody = z.enum(ENTRY_STATES);
const ActionBody = z.enum([
  'self_assess',
  'publish',
  'submit',
  'return_item',
  'resubmit',
  'appraise',
  'recognize',
  'reject',
  'revoke',
  'reopen',
]);
const ActorBody = z.enum(['commune_officer', 'commune_chairman', 'appraiser', 'sector_reviewer', 'signer']);
/** A figure of a dossier: a value, nothing, or the cell standing where a withheld count was. */
const FigureBody = z.union([z.number(), z.boolean(), z.null(), SuppressedCellBody]);

export const RoundBody = z
  .object({
    id: z.number().int(),
    provinceId: z.number().int(),
    periodId: z.number().int(),
    ruleSetId: z.number().int(),
    title: z.string(),
    dossierDue: Day,
    appraisalDue: Day,
    decisionDue: Day,
    reportDue: Day,
    postingDays: z.number().int(),
    requireEvidence: z.boolean(),
    appraisingBody: z.string(),
    signerTitle: z.string(),
    signerName: z.string(),
    status: z.enum(['open', 'closed']),
    /** A round from before 01/07/2025: the former district that ran it (PUT /api/historical-issuers/round/:id). */
    issuerGroupId: z.number().int().nullable(),
    issuerGroupName: z.string().nullable(),
  })
  .meta({ id: 'Round' });
export const RoundListBody = z.object({ items: z.array(RoundBody) }).meta({ id: 'RoundList' });

export const RoundRowBody = z
  .object({
    unitId: z.number().int(),
    code: z.string(),
    name: z.string(),
    category: z.string().nullable(),
    entryId: z.number().int().nullable(),
    state: EntryStateBody,
    submissions: z.number().int(),
    total: z.number().nullable(),
    recognizedByScore: z.boolean(),
    registered: z.boolean(),
    decisionNumber: z.string().nullable(),
    overdue: z.boolean(),
  })
  .meta({ id: 'RoundRow' });

export const RoundDetailBody = z
  .object({
    round: RoundBody,
    year: z.number().int(),
    term: z.object({ start: z.number().int(), end: z.number().int() }),
    entries: z.array(RoundRowBody),
  })
  .meta({ id: 'RoundDetail' });

export const RegistrationBody = z
  .object({
    id: z.number().int(),
    unitId: z.number().int(),
    termStart: z.number().int(),
    termEnd: z.number().int(),
    documentRef: z.string(),
  })
  .meta({ id: 'Registration' });

export const CouncilMemberBody = z
  .object({ name: z.string(), position: z.string(), role: z.string() })
  .meta({ id: 'CouncilMember' });
export const ReviewItemBody = z
  .object({ code: z.string(), criterion: z.string(), sector: z.string(), inputs: z.array(z.string()) })
  .meta({ id: 'ReviewItem' });
export const ItemReviewBody = z
  .object({
    itemCode: z.string(),
    sector: z.string(),
    decision: z.enum(['accepted', 'returned']),
    reason: z.string(),
    reviewerName: z.string().nullable(),
    reviewedAt: z.string(),
    /** When a return went to the commune; null while it waits for the appraiser to send it (or an acceptance). */
    sentAt: z.string().nullable(),
  })
  .meta({ id: 'ItemReview' });

const ValuesBody = z.record(z.string(), FigureBody);

/** A commune's dossier in a round as this user may see it, with the actions open to them. */
export const EntryViewBody = z
  .object({
    round: RoundBody,
    unit: z.object({ id: z.number().int(), code: z.string(), name: z.string(), category: z.string().nullable() }),
    assessmentId: z.number().int().nullable(),
    ruleSet: z.object({ id: z.number().int(), code: z.string(), version: z.number().int() }),
    entry: z.object({
      id: z.number().int().nullable(),
      state: EntryStateBody,
      submissions: z.number().int(),
      council: z.array(CouncilMemberBody),
      meetingOn: Day.nullable(),
      meetingPlace: z.string(),
      meetingSummary: z.string(),
      postingFrom: Day.nullable(),
      postingTo: Day.nullable(),
      decision: z.object({ number: z.string(), signedOn: Day }).nullable(),
    }),
    actions: z.array(ActionBody),
    /** Actions open to this user here but not now: why, and from which day (src/core/workflow/round-entry.ts). */
    held: z.array(
      z.object({
        action: ActionBody,
        reason: z.enum(['posting_not_over', 'evidence_required']),
        from: Day.nullable(),
        criteria: z.array(z.string()),
      }),
    ),
    /** The commune's dossier due date while it still owes the dossier, counted in calendar days; else null. */
    due: z
      .object({
        dueOn: Day,
        state: z.enum(['upcoming', 'today', 'overdue']),
        days: z.number().int(),
        unit: z.enum(['working', 'calendar']),
      })
      .nullable(),
    /** The round's evidence rule, and the criteria (codes) with no evidence file yet. */
    evidence: z.object({ required: z.boolean(), without: z.array(z.string()) }),
    actors: z.array(ActorBody),
    editable: z.enum(['all', 'returned_only', 'none']),
    reopenedInputs: z.array(z.string()),
    items: z.array(ReviewItemBody),
    reviewSectors: z.union([z.literal('all'), z.array(z.string())]),
    reviews: z.array(ItemReviewBody),
    submissions: z.array(
      z.object({ number: z.number().int(), submittedAt: z.string(), total: z.number(), recognized: z.boolean() }),
    ),
    lastSubmission: z.object({ values: ValuesBody, result: ScoreResultBody }).nullable(),
    changes: z.array(z.object({ code: z.string(), before: FigureBody, after: FigureBody })),
    appraiser: z.object({ values: ValuesBody, result: ScoreResultBody.nullable() }).nullable(),
    transitions: z.array(
      z.object({
        action: z.string(),
        fromState: z.string(),
        toState: z.string(),
        actorName: z.string().nullable(),
        comment: z.string(),
        at: z.string(),
      }),
    ),
  })
  .meta({ id: 'EntryView' });

export const DecisionBody = z
  .object({
    id: z.number().int(),
    number: z.string(),
    signedOn: Day,
    signerName: z.string(),
    signerTitle: z.string(),
    /** A decision from before 01/07/2025: the former district that signed it. */
    issuerGroupId: z.number().int().nullable(),
    issuerGroupName: z.string().nullable(),
  })
  .meta({ id: 'RecognitionDecision' });
export const DecisionListBody = z.object({ items: z.array(DecisionBody) }).meta({ id: 'RecognitionDecisionList' });

export const DeadlinesBody = z
  .object({
    today: Day,
    items: z.array(
      z.object({
        roundId: z.number().int(),
        title: z.string(),
        kind: z.enum(['dossierDue', 'appraisalDue', 'decisionDue']),
        due: Day,
        status: z.enum(['overdue', 'soon', 'later']),
        units: z.array(z.object({ id: z.number().int(), name: z.string(), state: z.string() })),
      }),
    ),
  })
  .meta({ id: 'Deadlines' });

export const NotificationBody = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    message: z.string(),
    link: z.string().nullable(),
    createdAt: z.string(),
    read: z.boolean(),
  })
  .meta({ id: 'Notification' });
export const NotificationListBody = z.object({ items: z.array(NotificationBody) }).meta({ id: 'NotificationList' });

export const OkBody = z.object({ ok: z.literal(true) }).meta({ id: 'RoundsOk' });

export type Round = z.infer<typeof RoundBody>;
export type RoundRow = z.infer<typeof RoundRowBody>;
export type RoundDetail = z.infer<typeof RoundDetailBody>;
export type Registration = z.infer<typeof RegistrationBody>;
export type CouncilMember = z.infer<typeof CouncilMemberBody>;
export type ReviewItem = z.infer<typeof ReviewItemBody>;
export type ItemReview = z.infer<typeof ItemReviewBody>;
export type EntryView = z.infer<typeof EntryViewBody>;
export type Decision = z.infer<typeof DecisionBody>;
export type Deadlines = z.infer<typeof DeadlinesBody>;
export type AppNotification = z.infer<typeof NotificationBody>;
