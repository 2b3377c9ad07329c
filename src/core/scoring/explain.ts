// Turns structured engine output into sentences; the caller passes its translate function.
import type { ItemResult, Reason } from './engine.ts';
import type { ValidationIssue } from './validate.ts';

export type Translate = (key: string, params?: Record<string, unknown>) => string;
export type FormatNumber = (value: number) => string;

/** What was given, quoted; a number stays a number, so that the translator writes it in the reader's convention. */
const show = (value: unknown): string | number =>
  typeof value === 'number' ? value : value === undefined ? 'undefined' : JSON.stringify(value);

export function describeIssue(t: Translate, issue: ValidationIssue): string {
  return t(`scoring:issue.${issue.code}`, { field: issue.field, value: show(issue.value), ...issue.params });
}

/** Whether a criterion has its data: none of its items has any yet, some do, or all do. */
export type CriterionData = 'none' | 'partial' | 'full';

export function criterionData(criterion: { items: ReadonlyArray<{ status: ItemResult['status'] }> }): CriterionData {
  const missing = criterion.items.filter((i) => i.status === 'missing').length;
  return missing === 0 ? 'full' : missing === criterion.items.length ? 'none' : 'partial';
}

/**
 * Why the unit does not meet the standard. A criterion at 0 because nothing was entered yet is said to have no
 * data, not to have failed: pass the result's criteria so that it can be told apart (the score stays the engine's).
 */
export function describeReason(
  t: Translate,
  reason: Reason,
  criteria?: ReadonlyArray<{ code: string; items: ReadonlyArray<{ status: ItemResult['status'] }> }>,
): string {
  switch (reason.kind) {
    case 'criterion_zero': {
      const c = criteria?.find((x) => x.code === reason.criterion);
      const data = c ? criterionData(c) : 'full';
      if (data === 'none') return t('scoring:reason.criterion_no_data', { criterion: reason.criterion });
      if (data === 'partial' && !reason.zeroedBy)
        return t('scoring:reason.criterion_zero_incomplete', { criterion: reason.criterion });
      return reason.zeroedBy
        ? t('scoring:reason.criterion_zero_by', { criterion: reason.criterion, item: reason.zeroedBy })
        : t('scoring:reason.criterion_zero', { criterion: reason.criterion });
    }
    case 'below_threshold':
      return t('scoring:reason.below_threshold', reason);
    case 'incomplete':
      return t('scoring:reason.incomplete', { count: reason.missing.length });
  }
}

/** One line saying how an item got its points: the value, the band hit, the points. */
export function describeItem(t: Translate, item: ItemResult, num: FormatNumber): string {
  if (item.status !== 'scored') return t(`scoring:status.${item.status}`, { points: item.points });
  if (typeof item.value === 'boolean')
    return t(item.value ? 'scoring:status.flag_yes' : 'scoring:status.flag_no', { points: item.points });
  const unit = item.scale ? t(`scoring:unit.${item.scale}`) : '';
  const band = item.band
    ? t(`scoring:direction.${item.direction}`, { threshold: `${num(item.band.threshold)}${unit ? ' ' + unit : ''}` })
    : '';
  const value = `${num(item.value ?? 0)}${unit ? ' ' + unit : ''}`;
  return `${value}: ${t('scoring:status.scored', { band, points: item.points })}`;
}
