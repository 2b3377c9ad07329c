// The national figures added up from parts (server/features/dashboards/parts.ts): each province's units,
// and apart from them the units that stand for communes of two provinces (an old commune split between
// provinces counts once nationally, core/dashboards/lineage.ts rule 3). Sums, not means, travel in the
// parts so that the national mean is the same number a single national query gives. Pure.

/** Counts of units of a part in a period; totalSum adds the totals of the complete assessments. */
export interface CountSums {
  units: number;
  assessed: number;
  complete: number;
  recognised: number;
  decided: number;
  provisional: number;
  totalSum: number;
}

export const noCounts = (): CountSums => ({
  units: 0,
  assessed: 0,
  complete: 0,
  recognised: 0,
  decided: 0,
  provisional: 0,
  totalSum: 0,
});

export function addCounts(a: CountSums, b: CountSums): CountSums {
  return {
    units: a.units + b.units,
    assessed: a.assessed + b.assessed,
    complete: a.complete + b.complete,
    recognised: a.recognised + b.recognised,
    decided: a.decided + b.decided,
    provisional: a.provisional + b.provisional,
    totalSum: a.totalSum + b.totalSum,
  };
}

/** A mean to one decimal, as the dashboards show it (null without any value). */
export const meanOf = (sum: number, n: number): number | null => (n > 0 ? Math.round((sum / n) * 10) / 10 : null);

/** The mean total of the complete assessments. */
export const meanTotal = (c: CountSums): number | null => meanOf(c.totalSum, c.complete);

/** Per criterion: its points summed exactly (a decimal string, as the database's numeric sum gives it). */
export interface CriterionSums {
  max: number;
  scored: number;
  pointsSum: string;
  belowFull: number;
  zeroed: number;
}

const SCALE = 12;

/** Two decimal strings ("-12.5", "3") added without rounding. */
export function addDecimal(a: string, b: string): string {
  const fixed = (s: string): bigint => {
    const neg = s.startsWith('-');
    const [whole = '0', frac = ''] = (neg ? s.slice(1) : s).split('.');
    const v = BigInt(whole || '0') * 10n ** BigInt(SCALE) + BigInt((frac + '0'.repeat(SCALE)).slice(0, SCALE) || '0');
    return neg ? -v : v;
  };
  const v = fixed(a) + fixed(b);
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().padStart(SCALE + 1, '0');
  const frac = digits.slice(-SCALE).replace(/0+$/, '');
  return `${neg ? '-' : ''}${digits.slice(0, -SCALE)}${frac ? `.${frac}` : ''}`;
}

export function addCriterion(a: CriterionSums, b: CriterionSums): CriterionSums {
  return {
    max: Math.max(a.max, b.max),
    scored: a.scored + b.scored,
    pointsSum: addDecimal(a.pointsSum, b.pointsSum),
    belowFull: a.belowFull + b.belowFull,
    zeroed: a.zeroed + b.zeroed,
  };
}

/**
 * The first `limit` (all when null) of lists each already in `order`, in that order. A stable sort of the
 * lists' concatenation: rows equal under `order` keep the order they had in their list.
 */
export function mergeOrdered<T>(lists: T[][], order: (a: T, b: T) => number, limit: number | null): T[] {
  const all = lists.flat().sort(order);
  return limit === null ? all : all.slice(0, limit);
}
