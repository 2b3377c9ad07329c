// How an item got its points, in the words of a formal document ('Kết quả 97,5%, đạt mức từ 95% trở lên: 50 điểm'):
// the screens' explanation (core/scoring/explain.ts) uses arrows, which a document does not.
import { isSuppressed, suppressedRange, type DisclosedResult } from '../../../core/privacy/disclosure.ts';
import type { RuleSetDefinition } from '../../../core/rule-sets/schema.ts';
import type { ItemResult, Reason, ScoreResult } from '../../../core/scoring/engine.ts';
import { num, vi } from './common.ts';
import type { SelfAssessmentCriterion } from './types.ts';

/** '97,5%', '3‰', '12/100.000 trẻ em', '4' (a count). */
function valueWithUnit(value: number, scale: number | null): string {
  const unit = scale ? vi()(`scoring:unit.${scale}`) : '';
  return `${num(value)}${unit}`;
}

export function itemExplanation(item: ItemResult): string {
  const t = vi();
  const points = num(item.points);
  if (typeof item.value === 'boolean')
    return t(item.value ? 'documents:explain.flagYes' : 'documents:explain.flagNo', { points });
  const value = typeof item.value === 'number' ? valueWithUnit(item.value, item.scale) : '';
  switch (item.status) {
    case 'scored': {
      if (!item.band) return t('documents:explain.scoredNoBand', { value, points });
      const band = t(`scoring:direction.${item.direction ?? 'higher'}`, {
        threshold: valueWithUnit(item.band.threshold, item.scale),
      });
      return t('documents:explain.scored', { value, band, points });
    }
    case 'no_band':
      return value ? t('documents:explain.noBand', { value }) : t('documents:explain.noBandNoValue');
    case 'no_cases':
      return t('documents:explain.noCases', { points });
    case 'no_denominator':
      return t('documents:explain.noDenominator');
    case 'missing':
      return t('documents:explain.missing');
  }
}

/** The minutes' table from a score (figures the reader may not see are replaced by a sentence saying so). */
export function minutesCriteria(
  def: RuleSetDefinition,
  result: ScoreResult | DisclosedResult,
): SelfAssessmentCriterion[] {
  return result.criteria.map((c) => {
    const cdef = def.criteria.find((x) => x.code === c.code);
    return {
      code: c.code,
      title: cdef?.title.vi ?? c.code,
      max: c.max,
      points: c.points,
      provisional: c.provisional,
      items: c.items.map((i) => ({
        code: i.code,
        title: cdef?.items.find((x) => x.code === i.code)?.title.vi ?? i.code,
        explanation: isSuppressed(i) ? vi()('documents:explain.suppressed', suppressedRange()) : itemExplanation(i),
        points: i.points,
        max: i.max,
        provisional: i.mark === 'P',
      })),
    };
  });
}

/** Why a commune does not meet the standard, with the titles of the criteria and items and numbers written vi-VN. */
export function minutesReason(def: RuleSetDefinition, reason: Reason): string {
  const t = vi();
  switch (reason.kind) {
    case 'criterion_zero': {
      const c = def.criteria.find((x) => x.code === reason.criterion);
      const title = c?.title.vi ?? reason.criterion;
      const item = reason.zeroedBy ? c?.items.find((x) => x.code === reason.zeroedBy) : undefined;
      return reason.zeroedBy
        ? t('documents:reason.criterionZeroBy', {
            criterion: reason.criterion,
            title,
            item: reason.zeroedBy,
            itemTitle: item?.title.vi ?? reason.zeroedBy,
          })
        : t('documents:reason.criterionZero', { criterion: reason.criterion, title });
    }
    case 'below_threshold':
      return t('documents:reason.belowThreshold', {
        total: num(reason.total),
        threshold: num(reason.threshold),
        shortfall: num(reason.shortfall),
      });
    case 'incomplete':
      return t('documents:reason.incomplete', { count: num(reason.missing.length) });
  }
}
