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

export function describeReason(t: Translate, reason: Reason): string {
  switch (reason.kind) {
    case 'criterion_zero':
      return reason.zeroedBy
        ? t('scoring:reason.criterion_zero_by', { criterion: reason.criterion, item: reason.zeroedBy })
        : t('scoring:reason.criterion_zero', { criterion: reason.criterion });
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
