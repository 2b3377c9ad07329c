// A plan's budget (Kinh phí): lines of an item, a source and an estimate in whole đồng, and what the activity
// log records as spent against each. Totals overall, by source and by year, for the plan and its reports. Pure.
import { BUDGET_SOURCES, type BudgetSource } from './plan.ts';

export interface BudgetLine {
  source: BudgetSource;
  /** A multi-year plan's yearly estimate; null: the whole plan. */
  year?: number | null;
  estimate: number;
  spent?: number;
}

export interface BudgetTotal {
  estimate: number;
  spent: number;
}

export interface BudgetTotals extends BudgetTotal {
  /** Per source that has a line, in the order of BUDGET_SOURCES. */
  bySource: Array<BudgetTotal & { source: BudgetSource }>;
  /** Per year named by a line, ascending; lines for the whole plan are under null, first. */
  byYear: Array<BudgetTotal & { year: number | null }>;
}

const sum = (lines: readonly BudgetLine[]): BudgetTotal => ({
  estimate: lines.reduce((s, l) => s + l.estimate, 0),
  spent: lines.reduce((s, l) => s + (l.spent ?? 0), 0),
});

export function budgetTotals(lines: readonly BudgetLine[]): BudgetTotals {
  const years = [...new Set(lines.map((l) => l.year ?? null))].sort((a, b) =>
    a === null ? -1 : b === null ? 1 : a - b,
  );
  return {
    ...sum(lines),
    bySource: BUDGET_SOURCES.filter((s) => lines.some((l) => l.source === s)).map((source) => ({
      source,
      ...sum(lines.filter((l) => l.source === source)),
    })),
    byYear: years.map((year) => ({ year, ...sum(lines.filter((l) => (l.year ?? null) === year)) })),
  };
}

/** A plan's budget for one year: that year's lines and those for the whole plan (counted whole, not shared out). */
export function budgetOfYear(lines: readonly BudgetLine[], year: number): BudgetTotal {
  return sum(lines.filter((l) => l.year === year || l.year === null || l.year === undefined));
}
