// Small-count suppression for anything sent upward or published: a count between 1 and k−1 could
// single a child out, so it is withheld, and one more cell of the row is withheld when the row
// total would otherwise give the hidden one away.

export const DEFAULT_MIN_COUNT = 5;

export type Cell = { value: number; suppressed: false } | { value: null; suppressed: true };

const hidden: Cell = { value: null, suppressed: true };
const shown = (value: number): Cell => ({ value, suppressed: false });

/** One row of counts and its total: primary suppression of 1..k−1, then complementary. */
export function suppressRow(counts: readonly number[], k = DEFAULT_MIN_COUNT): { cells: Cell[]; total: Cell } {
  const cells = counts.map((v) => suppressCount(v, k));
  const sum = counts.reduce((a, b) => a + b, 0);
  let total = suppressCount(sum, k);
  if (!total.suppressed && cells.filter((c) => c.suppressed).length === 1) {
    // Hide the smallest other non-zero count; zeros give nothing away. With none left, hide the total.
    let pick = -1;
    counts.forEach((v, i) => {
      if (!cells[i]!.suppressed && v > 0 && (pick < 0 || v < counts[pick]!)) pick = i;
    });
    if (pick >= 0) cells[pick] = hidden;
    else total = hidden;
  }
  return { cells, total };
}

/** A single published figure. */
export const suppressCount = (value: number, k = DEFAULT_MIN_COUNT): Cell =>
  value > 0 && value < k ? hidden : shown(value);

// ---------------------------------------------------------------------------------------------
// Whole/part pairs. When a part (abused children supported) and its whole (abused children) are both
// published, so is their difference (abused children not supported): a difference of 1..k−1 singles
// children out as surely as a count of 1..k−1 does.

/** A count and one of its parts (part ≤ whole). */
export interface WholePart {
  whole: string;
  part: string;
}

/** The pairs and every pair implied through a chain (a ⊇ b ⊇ c gives a ⊇ c): all differences a viewer can take. */
export function impliedPairs(pairs: readonly WholePart[]): WholePart[] {
  const parts = new Map<string, Set<string>>();
  for (const { whole, part } of pairs) if (whole !== part) parts.set(whole, (parts.get(whole) ?? new Set()).add(part));
  const out: WholePart[] = [];
  for (const whole of parts.keys()) {
    const seen = new Set<string>();
    const stack = [...parts.get(whole)!];
    while (stack.length) {
      const part = stack.pop()!;
      if (part === whole || seen.has(part)) continue;
      seen.add(part);
      out.push({ whole, part });
      stack.push(...(parts.get(part) ?? []));
    }
  }
  return out;
}

export interface SuppressionOptions {
  k?: number;
  /** Shown already, unchanged, in an earlier snapshot: stays shown (never chosen for complementary suppression). */
  pinned?: ReadonlySet<string>;
  /** Withheld already, unchanged, in an earlier snapshot: stays withheld. */
  forced?: ReadonlySet<string>;
}

/**
 * The counts of one unit to withhold: every subject count of 1..k−1, then, until nothing changes, one
 * more of each whole/part pair (implied pairs included) shown with a difference of 1..k−1 — the part
 * when it may be withheld, else the whole — so that no shown pair gives a small difference and no
 * withheld count can be worked out from shown ones. `subject(code)`: whether this count may be withheld
 * from the viewer at all (the others are theirs to see exactly). Counts absent or not numbers are skipped.
 */
export function suppressCounts(
  counts: Readonly<Record<string, unknown>>,
  subject: (code: string) => boolean,
  pairs: readonly WholePart[],
  options: SuppressionOptions = {},
): Set<string> {
  const k = options.k ?? DEFAULT_MIN_COUNT;
  const pinned = options.pinned ?? new Set<string>();
  const hidden = new Set<string>(options.forced ?? []);
  const count = (code: string) => (typeof counts[code] === 'number' ? (counts[code] as number) : null);
  const small = (v: number) => v > 0 && v < k;
  for (const code of Object.keys(counts)) {
    const v = count(code);
    if (v !== null && small(v) && subject(code) && !pinned.has(code)) hidden.add(code);
  }
  const implied = impliedPairs(pairs);
  const may = (code: string) => subject(code) && !pinned.has(code);
  const shown = (code: string) => count(code) !== null && !hidden.has(code);
  const smallPair = ({ whole, part }: WholePart) =>
    shown(whole) && shown(part) && small(count(whole)! - count(part)!) && (subject(whole) || subject(part));
  for (let changed = true; changed;) {
    changed = false;
    // Parts first, then the wholes of the pairs whose part the viewer sees by right: the order makes the
    // pattern of what is withheld tell as little as possible (see `givenAway`).
    for (const pair of implied) {
      if (smallPair(pair) && may(pair.part)) {
        hidden.add(pair.part);
        changed = true;
      }
    }
    for (const pair of implied) {
      if (smallPair(pair) && may(pair.whole)) {
        hidden.add(pair.whole);
        changed = true;
      }
    }
    // A pair left with a small difference has both sides published already (judged where they were) or
    // seen by right. A withheld count that only one value could explain is given away to anyone who knows
    // this algorithm (a part of a whole of 0; a whole beside a shown part): withhold a shown neighbour too.
    for (const code of [...hidden]) {
      if (options.forced?.has(code) || !givenAway(code)) continue;
      const wholes = implied.filter((x) => x.part === code && shown(x.whole)).map((x) => x.whole);
      const parts = implied.filter((x) => x.whole === code && shown(x.part)).map((x) => x.part);
      const pick = [...wholes, ...parts].find(may);
      if (pick === undefined) continue; // fixed by what the viewer sees by right: nothing left to protect
      hidden.add(pick);
      changed = true;
    }
  }
  /** Whether a single value of `code`, within its shown parts and wholes, explains why it is withheld. */
  function givenAway(code: string): boolean {
    const wholes = implied.filter((x) => x.part === code && shown(x.whole)).map((x) => count(x.whole)!);
    const parts = implied
      .filter((x) => x.whole === code && shown(x.part))
      .map((x) => ({ v: count(x.part)!, may: may(x.part) }));
    const upper = wholes.length ? Math.min(...wholes) : Infinity;
    const lower = Math.max(0, ...parts.map((x) => x.v));
    const explains = (v: number) => {
      if (may(code) && small(v)) return true; // primary
      if (parts.some((x) => x.may && small(v - x.v))) return false; // that part would have been withheld instead
      return (
        (may(code) && wholes.some((w) => small(w - v))) || (may(code) && parts.some((x) => !x.may && small(v - x.v)))
      );
    };
    const top = Number.isFinite(upper) ? upper : lower + 2 * k;
    let found = 0;
    for (let v = lower; v <= top && found < 2; v++) if (explains(v)) found += 1;
    return found < 2;
  }
  return hidden;
}

/**
 * A snapshot judged against the one before it, already decided: a count unchanged from it is the same
 * figure, withheld in both or shown in both, and a shown one is never differenced against.
 */
export function suppressAfter(
  previous: { counts: Readonly<Record<string, unknown>>; hidden: ReadonlySet<string> },
  counts: Readonly<Record<string, unknown>>,
  subject: (code: string) => boolean,
  pairs: readonly WholePart[],
  k = DEFAULT_MIN_COUNT,
): Set<string> {
  const pinned = new Set<string>();
  const forced = new Set<string>();
  for (const code of Object.keys(counts))
    if (code in previous.counts && previous.counts[code] === counts[code])
      (previous.hidden.has(code) ? forced : pinned).add(code);
  return suppressCounts(counts, subject, pairs, { k, pinned, forced });
}

/**
 * Successive snapshots of the same unit's counts (a value's history), in order: the first decided on its
 * own, each later one against the one before it (suppressAfter). Adding a snapshot at the end never
 * changes the decisions on the earlier ones, so what was withheld once stays withheld while unchanged.
 */
export function suppressSeries(
  snapshots: readonly Readonly<Record<string, unknown>>[],
  subject: (code: string) => boolean,
  pairs: readonly WholePart[],
  k = DEFAULT_MIN_COUNT,
): Set<string>[] {
  const out: Set<string>[] = [];
  snapshots.forEach((counts, i) =>
    out.push(
      i === 0
        ? suppressCounts(counts, subject, pairs, { k })
        : suppressAfter({ counts: snapshots[i - 1]!, hidden: out[i - 1]! }, counts, subject, pairs, k),
    ),
  );
  return out;
}
