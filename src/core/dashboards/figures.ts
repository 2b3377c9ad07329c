// Pure pieces of the dashboards' figures: the score bands of the distribution and when a provisional
// scoring rule decided a commune's result.
import type { Reason } from '../scoring/engine.ts';

/** Lower bounds of the distribution's bands over 0–1000; the thresholds 800, 850 and 900 are band edges. */
export const SCORE_BANDS = [0, 700, 800, 850, 900, 950] as const;
export const SCORE_MAX = 1000;

/** [from, to] of each band, the last one closed at the maximum. */
export function scoreBands(): Array<{ from: number; to: number }> {
  return SCORE_BANDS.map((from, i) => ({ from, to: i + 1 < SCORE_BANDS.length ? SCORE_BANDS[i + 1]! - 1 : SCORE_MAX }));
}

export interface ProvisionalItem {
  code: string;
  mark: 'C' | 'P';
  points: number;
  max: number;
  status: string;
}

export interface ProvisionalCriterion {
  code: string;
  points: number;
  max: number;
  zeroedBy: string | null;
  items: ProvisionalItem[];
}

export interface ProvisionalInput {
  total: number;
  threshold: number;
  recognized: boolean;
  complete: boolean;
  /** The category's threshold itself is provisional. */
  thresholdProvisional: boolean;
  /** Criteria with at least one item scored by a provisional rule. */
  criteria: ProvisionalCriterion[];
  reasons: Reason[];
}

export type ProvisionalImpact =
  /** Recognised, but a criterion's points from provisional rules alone exceed the margin over the threshold. */
  | { kind: 'rests_on_provisional'; criteria: string[]; margin: number }
  /** Below the threshold only, by less than a criterion's points withheld by provisional rules. */
  | { kind: 'could_pass'; criteria: string[]; shortfall: number }
  /** A criterion scored 0 (which fails the commune) by a provisional rule. */
  | { kind: 'zeroed_by_provisional'; criteria: string[] }
  | { kind: 'provisional_threshold'; threshold: number };

const isP = (i: ProvisionalItem) => i.mark === 'P';

/**
 * The ways a provisional rule decided the result; empty when the result would stand whatever those rules
 * become. Incomplete assessments are not judged: their missing inputs decide them.
 */
export function provisionalImpact(r: ProvisionalInput): ProvisionalImpact[] {
  if (!r.complete) return [];
  const out: ProvisionalImpact[] = [];
  const zeroed = r.reasons.flatMap((x) => (x.kind === 'criterion_zero' ? [x.criterion] : []));
  const zeroedByP = r.criteria.filter((c) => {
    if (c.points !== 0 || !zeroed.includes(c.code)) return false;
    if (c.zeroedBy !== null) return c.items.some((i) => i.code === c.zeroedBy && isP(i));
    return c.items.some((i) => isP(i) && i.status !== 'missing');
  });
  if (zeroedByP.length) out.push({ kind: 'zeroed_by_provisional', criteria: zeroedByP.map((c) => c.code) });
  // A provisional rule decides when the points it gave (or withheld) in one criterion alone exceed the margin.
  const margin = r.total - r.threshold;
  const given = r.criteria.filter(
    (c) =>
      Math.min(
        c.points,
        c.items.filter(isP).reduce((s, i) => s + i.points, 0),
      ) > margin,
  );
  if (r.recognized && given.length)
    out.push({ kind: 'rests_on_provisional', criteria: given.map((c) => c.code), margin });
  const withheld = r.criteria.filter(
    (c) =>
      c.zeroedBy === null &&
      Math.min(
        c.max - c.points,
        c.items.filter(isP).reduce((s, i) => s + (i.max - i.points), 0),
      ) >= -margin,
  );
  // Only a shortfall decides "not recognised" here: a zero criterion not caused by a provisional rule stands.
  const otherZero = zeroed.some((code) => !zeroedByP.some((c) => c.code === code));
  if (!r.recognized && !otherZero && margin < 0 && withheld.length)
    out.push({ kind: 'could_pass', criteria: withheld.map((c) => c.code), shortfall: -margin });
  if (r.thresholdProvisional) out.push({ kind: 'provisional_threshold', threshold: r.threshold });
  return out;
}

/** Whole days from a due date to the day something was done (negative: early), both yyyy-mm-dd. */
export function daysLate(due: string, done: string): number {
  return Math.round((Date.parse(`${done}T00:00:00Z`) - Date.parse(`${due}T00:00:00Z`)) / 86_400_000);
}
