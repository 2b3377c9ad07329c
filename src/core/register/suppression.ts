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
export const suppressCount = (value: number, k = DEFAULT_MIN_COUNT): Cell => (value > 0 && value < k ? hidden : shown(value));
