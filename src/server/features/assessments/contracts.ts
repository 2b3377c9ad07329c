// What the assessments routes answer (periods, a commune's values and score, its history, the scoped list,
// the inputs workbook). Answers are serialised through these schemas: a field not listed never leaves the server.
import { z } from 'zod';
import { RuleSetDefinition } from '../../../core/rule-sets/schema.ts';
import { ErrorBody } from '../../http/contract.ts';

const Figure = z.union([z.number(), z.boolean()]);
const Origin = z.enum(['manual', 'register', 'survey', 'forum']);
const Mark = z.enum(['C', 'P']);
const Band = z.object({ threshold: z.number(), points: z.number(), mark: Mark.optional() });

/** Where a withheld figure stood (src/core/privacy/disclosure.ts): value null, suppressed true. */
export const SuppressedCellBody = z
  .object({ value: z.null(), suppressed: z.literal(true) })
  .meta({ id: 'SuppressedCell' });

export const PeriodBody = z
  .object({ id: z.number().int(), year: z.number().int(), startsOn: z.string(), endsOn: z.string() })
  .meta({ id: 'Period' });
export const PeriodListBody = z.array(PeriodBody);

const ItemCommon = {
  code: z.string(),
  mark: Mark,
  points: z.number(),
  max: z.number(),
  status: z.enum(['scored', 'no_cases', 'no_band', 'no_denominator', 'missing']),
  scale: z.number().nullable(),
  direction: z.enum(['higher', 'lower']).nullable(),
  band: Band.nullable(),
  zeroesCriterion: z.boolean(),
};
/** An item reading a withheld input: its value and inputs are withheld too; its points stay (published by law). */
const SuppressedItemBody = z.object({
  ...ItemCommon,
  value: z.null(),
  suppressed: z.literal(true),
  inputs: z.record(z.string(), SuppressedCellBody),
});
const ItemResultBody = z.union([
  SuppressedItemBody,
  z.object({
    ...ItemCommon,
    inputs: z.record(z.string(), z.union([Figure, z.null()])),
    value: z.union([Figure, z.null()]),
  }),
]);

const CriterionResultBody = z.object({
  code: z.string(),
  points: z.number(),
  max: z.number(),
  raw: z.number(),
  zeroedBy: z.string().nullable(),
  provisional: z.boolean(),
  items: z.array(ItemResultBody),
});

const ReasonBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('criterion_zero'), criterion: z.string(), zeroedBy: z.string().nullable() }),
  z.object({ kind: z.literal('below_threshold'), total: z.number(), threshold: z.number(), shortfall: z.number() }),
  z.object({ kind: z.literal('incomplete'), missing: z.array(z.string()) }),
]);

/** A score (src/core/scoring/engine.ts), each item reading a withheld input shown as withheld. */
export const ScoreResultBody = z
  .object({
    ruleSet: z.string(),
    ruleSetVersion: z.string(),
    category: z.string(),
    total: z.number(),
    maxTotal: z.number(),
    threshold: z.number(),
    recognized: z.boolean(),
    complete: z.boolean(),
    provisional: z.boolean(),
    criteria: z.array(CriterionResultBody),
    reasons: z.array(ReasonBody),
  })
  .meta({ id: 'ScoreResult' });

/** A stored value; when withheld from the viewer its value is null, its note blank and `suppressed` true. */
export const StoredValueBody = z
  .object({
    value: z.union([Figure, z.null()]),
    suppressed: z.literal(true).optional(),
    sourceNote: z.string(),
    /** 'register' when the officer adopted the count the child register gives (or a survey, a forum). */
    origin: Origin,
    enteredBy: z.number().int().nullable(),
    enteredByName: z.string().nullable(),
    enteredAt: z.string(),
  })
  .meta({ id: 'StoredValue' });

export const AssessmentViewBody = z
  .object({
    /** Inputs the commune may change now: all, or (in a round, after a return) only these. */
    editable: z.union([z.literal('all'), z.array(z.string())]),
    unit: z.object({
      id: z.number().int(),
      code: z.string(),
      name: z.string(),
      kind: z.string(),
      category: z.string().nullable(),
      provinceName: z.string().nullable(),
    }),
    period: PeriodBody,
    assessmentId: z.number().int().nullable(),
    category: z.string(),
    ruleSet: z.object({
      id: z.number().int(),
      code: z.string(),
      version: z.number().int(),
      status: z.enum(['draft', 'published']),
      definition: RuleSetDefinition,
    }),
    values: z.record(z.string(), StoredValueBody),
    result: ScoreResultBody,
    readOnly: z.boolean(),
  })
  .meta({ id: 'AssessmentView' });

/** The answer to saving values: only what a save changes (not the rule set again). */
export const SavedValuesBody = z
  .object({
    assessmentId: z.number().int(),
    category: z.string(),
    values: z.record(z.string(), StoredValueBody),
    result: ScoreResultBody,
  })
  .meta({ id: 'SavedValues' });

const ConflictFigure = z.union([Figure, z.null()]);
/** One field someone else changed after the client read it (issue 21). */
export const ValueConflictBody = z
  .object({
    code: z.string(),
    /** The value the client said it edited from (its `bases` entry). */
    base: ConflictFigure,
    /** The value the client sent, not saved. */
    mine: ConflictFigure,
    /** What stands now, and who changed it when (null when unknown). */
    theirs: z.object({
      value: ConflictFigure,
      enteredBy: z.number().int().nullable(),
      enteredByName: z.string().nullable(),
      enteredAt: z.string().nullable(),
    }),
  })
  .meta({ id: 'ValueConflict' });

/**
 * 409 of a save: `conflicts` lists the fields changed by someone else since the client read them (its
 * `bases`); nothing of that save was stored. Resend with the value chosen per field and the current value as its
 * base (and the value not chosen under `notKept`, for the history). Without `conflicts`, the dossier is frozen.
 */
export const SaveConflictBody = ErrorBody.extend({ conflicts: z.array(ValueConflictBody).optional() }).meta({
  id: 'SaveConflict',
});

export const AssessmentRowBody = z
  .object({
    unitId: z.number().int(),
    unitCode: z.string(),
    unitName: z.string(),
    unitKind: z.string(),
    category: z.string().nullable(),
    total: z.number(),
    threshold: z.number().nullable(),
    recognized: z.boolean(),
    complete: z.boolean(),
    provisional: z.boolean(),
    updatedAt: z.string().nullable(),
    ruleSetVersion: z.number().int().nullable(),
  })
  .meta({ id: 'AssessmentRow' });
export const AssessmentListBody = z.object({ items: z.array(AssessmentRowBody) }).meta({ id: 'AssessmentList' });

/** One save of one value, newest first; withheld as at its save (value null, note blank, suppressed true). */
export const HistoryEntryBody = z
  .object({
    code: z.string(),
    value: z.union([Figure, z.null()]),
    suppressed: z.literal(true).optional(),
    sourceNote: z.string(),
    origin: Origin,
    enteredByName: z.string().nullable(),
    enteredAt: z.string(),
    /** A value the person chose not to keep when resolving a conflict: it never stood as the value. */
    notKept: z.literal(true).optional(),
  })
  .meta({ id: 'HistoryEntry' });
export const HistoryBody = z.object({ items: z.array(HistoryEntryBody) }).meta({ id: 'ValueHistory' });

// The criteria-inputs workbook: its preview and its commit.
const InputChangeBody = z.object({
  code: z.string(),
  label: z.string(),
  kind: z.enum(['count', 'flag']),
  row: z.number().int(),
  oldValue: z.union([Figure, z.null()]),
  newValue: Figure,
});

export const InputsPreviewBody = z
  .object({
    fileName: z.string(),
    template: z.object({
      ruleSetCode: z.string(),
      ruleSetVersion: z.number(),
      unitCode: z.string(),
      unitName: z.string(),
      periodYear: z.number(),
    }),
    changes: z.array(InputChangeBody),
    unchanged: z.number().int(),
    issues: z.array(
      z.object({
        sheet: z.string(),
        row: z.number().int(),
        column: z.string(),
        field: z.string(),
        value: z.unknown(),
        code: z.string(),
        params: z.record(z.string(), z.unknown()).optional(),
        message: z.string(),
        /** The sentence alone, without where it is. */
        detail: z.string(),
      }),
    ),
    token: z.string().nullable(),
  })
  .meta({ id: 'InputsPreview' });

export const InputsCommitBody = z
  .object({
    saved: z.number().int(),
    changes: z.array(InputChangeBody),
    values: z.record(z.string(), StoredValueBody),
    result: ScoreResultBody,
  })
  .meta({ id: 'InputsCommit' });

export type Period = z.infer<typeof PeriodBody>;
export type ScoreResultView = z.infer<typeof ScoreResultBody>;
export type StoredValue = z.infer<typeof StoredValueBody>;
export type AssessmentBody = z.infer<typeof AssessmentViewBody>;
export type SavedValues = z.infer<typeof SavedValuesBody>;
export type AssessmentRow = z.infer<typeof AssessmentRowBody>;
export type HistoryEntry = z.infer<typeof HistoryEntryBody>;
export type ValueConflictView = z.infer<typeof ValueConflictBody>;
export type SaveConflict = z.infer<typeof SaveConflictBody>;
export type InputsPreview = z.infer<typeof InputsPreviewBody>;
export type InputsCommit = z.infer<typeof InputsCommitBody>;
