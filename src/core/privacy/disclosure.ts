// Who sees a commune's sensitive counts exactly (child abuse, offences, injuries, deaths, special
// circumstances), and what everyone else sees instead: small counts suppressed, with complementary
// suppression over every whole/part pair of the rule set. One rule, applied by every answer that carries
// a commune's criterion inputs or their item results, so that no figure is hidden in one answer and shown
// in another to the same viewer. Pure: the server and the web use it unchanged.
import type { InputDef, RuleSetDefinition } from '../rule-sets/schema.ts';
import type { CriterionResult, ItemResult, ScoreResult } from '../scoring/engine.ts';
import {
  DEFAULT_MIN_COUNT,
  suppressAfter,
  suppressCounts,
  suppressSeries,
  type WholePart,
} from '../register/suppression.ts';
import type { Viewer } from './viewer.ts';

export type { Viewer } from './viewer.ts';

/** The commune a figure belongs to. */
export interface CommuneRef {
  id: number;
  provinceId: number;
}

/** Why a viewer sees a commune's sensitive counts exactly; null: small counts are suppressed. */
export type ExactGround = 'not_sensitive' | 'enters' | 'appraises' | 'rechecks' | 'reviews_sector';

/**
 * The decision, by role. Exact for those who enter or score the figure: the commune's officer and chairman
 * enter it; the appraiser of the commune's province scores every item; the province official of that
 * province leads the re-checks, which score every item again; a sector reviewer of that province scores the
 * items of their sector. Suppressed for everyone else: the signer (signs on points), the Ministry of Health
 * official (national dashboards), the system administrator, a village collaborator, other provinces.
 */
export const EXACT_ROLES: Readonly<
  Record<string, { unit: 'commune' | 'province'; ground: ExactGround; ownSector?: true }>
> = {
  commune_officer: { unit: 'commune', ground: 'enters' },
  commune_chairman: { unit: 'commune', ground: 'enters' },
  appraiser: { unit: 'province', ground: 'appraises' },
  province_official: { unit: 'province', ground: 'rechecks' },
  sector_reviewer: { unit: 'province', ground: 'reviews_sector', ownSector: true },
};

/** The ground on which the viewer sees this input of this commune exactly, or null when small counts are suppressed. */
export function exactGround(
  viewer: Viewer,
  commune: CommuneRef,
  input: Pick<InputDef, 'sector' | 'sensitive'>,
): ExactGround | null {
  if (!input.sensitive) return 'not_sensitive';
  for (const grant of viewer.roles) {
    const rule = EXACT_ROLES[grant.role];
    if (!rule) continue;
    if (grant.unitId !== (rule.unit === 'commune' ? commune.id : commune.provinceId)) continue;
    if (rule.ownSector && grant.sector !== input.sector) continue;
    return rule.ground;
  }
  return null;
}

/** Whether exact small counts of this input of this commune are disclosed to the viewer. */
export const disclosesExact = (viewer: Viewer, commune: CommuneRef, input: Pick<InputDef, 'sector' | 'sensitive'>) =>
  exactGround(viewer, commune, input) !== null;

/** The rule set's whole/part pairs: items whose numerator and denominator are both sensitive counts. */
export function wholePartPairs(def: RuleSetDefinition): WholePart[] {
  const sensitive = new Set(def.inputs.filter((i) => i.sensitive && i.kind === 'count').map((i) => i.code));
  const out: WholePart[] = [];
  for (const c of def.criteria)
    for (const item of c.items) {
      const m = item.measure;
      if (
        m.kind === 'rate' &&
        sensitive.has(m.numerator) &&
        sensitive.has(m.denominator) &&
        !out.some((p) => p.whole === m.denominator && p.part === m.numerator)
      )
        out.push({ whole: m.denominator, part: m.numerator });
    }
  return out;
}

/** What stands where a suppressed figure was: the suppressed Cell of src/core/register/suppression.ts. */
export interface SuppressedCell {
  value: null;
  suppressed: true;
}
export const SUPPRESSED: SuppressedCell = Object.freeze({ value: null, suppressed: true });

/** What "Ẩn (1–4)" says: the largest count withheld for being small. */
export const suppressedRange = (k = DEFAULT_MIN_COUNT) => ({ max: k - 1 });

/** Whether a figure (a value, a cell or a record with a value) is suppressed. */
export const isSuppressed = (x: unknown): x is SuppressedCell =>
  typeof x === 'object' &&
  x !== null &&
  (x as { suppressed?: unknown }).suppressed === true &&
  (x as { value?: unknown }).value === null;

/** A commune's figures as one viewer may see them, for one rule set. */
export interface Lens {
  /** True when nothing can be withheld from this viewer (their own commune, the appraisal's scorers). */
  readonly exact: boolean;
  /** Whether this input may be withheld from the viewer at all (a sensitive count not theirs to see exactly). */
  subject(code: string): boolean;
  /** The inputs of one snapshot of values to withhold. */
  hidden(values: Readonly<Record<string, unknown>>): Set<string>;
  /** The inputs to withhold in successive snapshots (a history, oldest first; see suppressSeries). */
  series(snapshots: readonly Readonly<Record<string, unknown>>[]): Set<string>[];
  /** The inputs to withhold in values judged against a snapshot already decided (see suppressAfter). */
  after(
    previous: { values: Readonly<Record<string, unknown>>; hidden: ReadonlySet<string> },
    values: Readonly<Record<string, unknown>>,
  ): Set<string>;
}

/** The lens of a viewer on a commune's figures under a rule set. An input the rule set does not know is treated as sensitive. */
export function lensFor(viewer: Viewer, commune: CommuneRef, def: RuleSetDefinition, k = DEFAULT_MIN_COUNT): Lens {
  const inputs = new Map(def.inputs.map((i) => [i.code, i]));
  const pairs = wholePartPairs(def);
  const memo = new Map<string, boolean>();
  const subject = (code: string) => {
    let s = memo.get(code);
    if (s === undefined) {
      const input = inputs.get(code);
      s = input
        ? input.kind === 'count' && !disclosesExact(viewer, commune, input)
        : !disclosesExact(viewer, commune, { sector: '', sensitive: true });
      memo.set(code, s);
    }
    return s;
  };
  const exact = def.inputs.every((i) => !subject(i.code)) && !subject('');
  return {
    exact,
    subject,
    hidden: (values) => (exact ? new Set() : suppressCounts(values, subject, pairs, { k })),
    series: (snapshots) =>
      exact ? snapshots.map(() => new Set<string>()) : suppressSeries(snapshots, subject, pairs, k),
    after: (previous, values) =>
      exact
        ? new Set()
        : suppressAfter({ counts: previous.values, hidden: previous.hidden }, values, subject, pairs, k),
  };
}

// ---------------------------------------------------------------------------------------------
// Applying a decision to the shapes the answers carry. A plain value becomes the suppressed cell; a record
// whose `value` is the figure keeps what does not reveal it and gets value null and suppressed true.

/** A map of values with the hidden ones replaced by the suppressed cell. */
export function discloseValues<V>(
  values: Readonly<Record<string, V>>,
  hidden: ReadonlySet<string>,
): Record<string, V | SuppressedCell> {
  if (!hidden.size) return { ...values };
  return Object.fromEntries(Object.entries(values).map(([code, v]) => [code, hidden.has(code) ? SUPPRESSED : v]));
}

/** A record carrying a figure, suppressed. Free text beside it (a source note) can carry the figure too, so it is blanked. */
export type SuppressedRecord<R> = Omit<R, 'value'> & SuppressedCell;

export function suppressRecord<R extends { value: unknown }>(record: R): SuppressedRecord<R> {
  const { value: _value, ...rest } = record;
  return {
    ...rest,
    ...('sourceNote' in rest ? { sourceNote: '' } : {}),
    value: null,
    suppressed: true,
  } as SuppressedRecord<R>;
}

/** A map of records (stored values) with the hidden ones suppressed. */
export function discloseRecords<R extends { value: unknown }>(
  records: Readonly<Record<string, R>>,
  hidden: ReadonlySet<string>,
): Record<string, R | SuppressedRecord<R>> {
  if (!hidden.size) return { ...records };
  return Object.fromEntries(
    Object.entries(records).map(([code, r]) => [code, hidden.has(code) ? suppressRecord(r) : r]),
  );
}

/**
 * An item whose inputs include a withheld one: its inputs and its value (a rate times a shown denominator
 * gives the count back) are suppressed. Its points stay: criterion and item points are published by law.
 */
export type SuppressedItem = Omit<ItemResult, 'value' | 'inputs'> &
  SuppressedCell & { inputs: Record<string, SuppressedCell> };
export type DisclosedItem = ItemResult | SuppressedItem;
export type DisclosedCriterion = Omit<CriterionResult, 'items'> & { items: DisclosedItem[] };
export type DisclosedResult = Omit<ScoreResult, 'criteria'> & { criteria: DisclosedCriterion[] };

export function discloseItem(item: ItemResult, hidden: ReadonlySet<string>): DisclosedItem {
  if (!Object.keys(item.inputs).some((code) => hidden.has(code))) return item;
  return {
    ...item,
    value: null,
    suppressed: true,
    inputs: Object.fromEntries(Object.keys(item.inputs).map((code) => [code, SUPPRESSED])),
  };
}

/** A score result as the viewer may see it, `hidden` being the withheld inputs of the values it was computed from. */
export function discloseResult<R extends ScoreResult | null | undefined>(
  result: R,
  hidden: ReadonlySet<string>,
): R extends ScoreResult ? DisclosedResult : R {
  if (!result || !hidden.size) return result as never;
  return {
    ...result,
    criteria: result.criteria.map((c) => ({ ...c, items: c.items.map((i) => discloseItem(i, hidden)) })),
  } as never;
}
