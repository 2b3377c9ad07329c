// An activity a commune or province records as done (a loudspeaker broadcast, a training course, a club
// meeting, an inspection, money raised for the child-protection fund…): its kind and form, what a record must
// hold, and the checks a write must pass. Pure: the server and the web form read the same definitions.
import { z } from 'zod';

export const ACTIVITY_KINDS = [
  'communication',
  'training',
  'club',
  'board_meeting',
  'inspection',
  'commendation',
  'fund',
  'model',
  'other',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** The forms within a kind; a kind without forms takes the empty form. */
export const ACTIVITY_FORMS: Record<ActivityKind, readonly string[]> = {
  communication: ['loudspeaker', 'news', 'session', 'leaflet'],
  training: [],
  club: ['rights', 'change_leaders', 'other'],
  board_meeting: [],
  inspection: ['sector', 'child_labour'],
  commendation: [],
  fund: ['raised', 'spent'],
  model: ['safe_community', 'safe_home'],
  other: [],
};

/** What the quantity counts for a kind and form (null: the form has no quantity). */
export function quantityOf(kind: ActivityKind, form: string): 'broadcasts' | 'items' | 'copies' | 'members' | null {
  if (kind === 'communication')
    return form === 'loudspeaker' ? 'broadcasts' : form === 'news' ? 'items' : form === 'leaflet' ? 'copies' : null;
  if (kind === 'club') return 'members';
  return null;
}

/** Money moves in these: the fund's raising and spending must say how much. */
export const needsAmount = (kind: ActivityKind) => kind === 'fund';

const IsoDate = z.iso.date();
const Count = z.number().int().min(0).max(1_000_000);
/** Whole đồng, within what a bigint column and a JSON number hold exactly. */
export const MAX_AMOUNT = 1_000_000_000_000_000;

const Ref = z.number().int().positive().max(2_147_483_647);

/** The fields as sent, none filled in: a change (PATCH) sends some of them. */
const FIELDS = {
  kind: z.enum(ACTIVITY_KINDS),
  form: z.string().max(40),
  heldOn: IsoDate,
  title: z.string().trim().min(1).max(500),
  place: z.string().trim().max(300),
  quantity: Count.nullable(),
  childrenMale: Count,
  childrenFemale: Count,
  adultsMale: Count,
  adultsFemale: Count,
  amount: z.number().int().min(0).max(MAX_AMOUNT).nullable(),
  taskId: Ref.nullable(),
  budgetLineId: Ref.nullable(),
  note: z.string().trim().max(2000),
};

export const activityInput = z.object({
  ...FIELDS,
  form: FIELDS.form.default(''),
  place: FIELDS.place.default(''),
  quantity: FIELDS.quantity.default(null),
  childrenMale: Count.default(0),
  childrenFemale: Count.default(0),
  adultsMale: Count.default(0),
  adultsFemale: Count.default(0),
  amount: FIELDS.amount.default(null),
  taskId: FIELDS.taskId.default(null),
  budgetLineId: FIELDS.budgetLineId.default(null),
  note: FIELDS.note.default(''),
});
/** A change: the fields sent replace the record's; the result is checked whole. */
export const activityPatch = z.object(FIELDS).partial();
export type ActivityPatch = z.infer<typeof activityPatch>;
export type ActivityInput = z.infer<typeof activityInput>;

/** A refused value: the field, the value and the locale key (activities namespace) with its parameters. */
export interface ActivityIssue {
  field: keyof ActivityInput;
  value: unknown;
  key: string;
  params: Record<string, unknown>;
}

/**
 * What a record must hold beyond its types: a form of its kind, a day not after today, an amount where money
 * moves, a quantity only where the form counts something.
 */
export function checkActivity(input: ActivityInput, today: string): ActivityIssue[] {
  const issues: ActivityIssue[] = [];
  const forms = ACTIVITY_FORMS[input.kind];
  if (forms.length ? !forms.includes(input.form) : input.form !== '')
    issues.push({
      field: 'form',
      value: input.form,
      key: forms.length ? 'error.form_of_kind' : 'error.form_none',
      params: { value: input.form, forms: forms.join(', ') },
    });
  if (input.heldOn > today)
    issues.push({ field: 'heldOn', value: input.heldOn, key: 'error.future', params: { value: input.heldOn } });
  if (needsAmount(input.kind) && input.amount === null)
    issues.push({ field: 'amount', value: null, key: 'error.amount_required', params: {} });
  if (input.quantity !== null && !quantityOf(input.kind, input.form))
    issues.push({
      field: 'quantity',
      value: input.quantity,
      key: 'error.no_quantity',
      params: { value: input.quantity },
    });
  return issues;
}

/** Everyone who took part: children and adults, both sexes. */
export const participantsOf = (a: {
  childrenMale: number;
  childrenFemale: number;
  adultsMale: number;
  adultsFemale: number;
}) => a.childrenMale + a.childrenFemale + a.adultsMale + a.adultsFemale;
