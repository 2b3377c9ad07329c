// What an assessment row keeps of its result: every figure down to each item's points and status. What
// explains an item (the inputs it read, its rate, scale, direction, band) is recomputed from the values on
// read, as readAssessment does; writing it for 3,321 communes per recompute doubled the bytes (issue 20).
import type { CriterionResult, ItemResult, ScoreResult } from './engine.ts';

export type StoredItem = Pick<ItemResult, 'code' | 'mark' | 'points' | 'max' | 'status'>;
export type StoredCriterion = Omit<CriterionResult, 'items'> & { items: StoredItem[] };
export type StoredResult = Omit<ScoreResult, 'criteria'> & { criteria: StoredCriterion[] };

export function storedResult(result: ScoreResult): StoredResult {
  return {
    ...result,
    criteria: result.criteria.map(({ items, ...criterion }) => ({
      ...criterion,
      items: items.map(({ code, mark, points, max, status }) => ({ code, mark, points, max, status })),
    })),
  };
}
