// The live score, recomputed by the engine on every keystroke: total / max, the category's threshold,
// recognised or not and why, and the points of each criterion (a 0 is "điểm liệt").
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleSetDefinition } from '../../../core/rule-sets/schema.ts';
import type { Reason } from '../../../core/scoring/engine.ts';
import type { DisclosedResult } from '../../../core/privacy/disclosure.ts';
import { criterionData, describeIssue, describeReason } from '../../../core/scoring/explain.ts';
import type { ValidationIssue } from '../../../core/scoring/validate.ts';
import { useFormat } from '../../app/format.ts';
import { Badge, ProvisionalBadge, ProvisionalNote, RecognizedBadge } from '../../app/ui.tsx';
import { tr } from '../../app/translate.ts';

interface Props {
  def: RuleSetDefinition;
  result: DisclosedResult | null;
  blocking: ValidationIssue[];
  category: string | null;
  /** Number of fields whose value has an error and is left out of the live score. */
  excluded: number;
  unsaved: boolean;
}

export function ScorePanel({ def, result, blocking, category, excluded, unsaved }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const [open, setOpen] = useState(false);
  const cat = def.categories.find((c) => c.code === category);
  // A criterion with nothing entered yet is missing, not failed: it is not listed as "điểm liệt".
  const zeroCodes =
    result && def.noZeroCriterion
      ? result.criteria.filter((c) => c.points === 0 && criterionData(c) !== 'none').map((c) => c.code)
      : [];
  const criterionTitle = (code: string) => f.text(def.criteria.find((c) => c.code === code)?.title);
  // Criteria with nothing entered yet are said once, as missing, not one "điểm liệt" line each.
  const noDataCodes = result
    ? result.reasons
        .filter((r) => r.kind === 'criterion_zero')
        .map((r) => (r as { criterion: string }).criterion)
        .filter((code) => {
          const c = result.criteria.find((x) => x.code === code);
          return !!c && criterionData(c) === 'none';
        })
    : [];
  const otherReasons = result
    ? result.reasons.filter((r) => !(r.kind === 'criterion_zero' && noDataCodes.includes(r.criterion)))
    : [];
  // Officers read an input by its label, never by its code.
  const inputLabel = (code: string) => {
    const input = def.inputs.find((i) => i.code === code);
    return input ? f.text(input.label) : code;
  };
  const itemTitle = (code: string) => {
    for (const c of def.criteria) for (const i of c.items) if (i.code === code) return f.text(i.title);
    return code;
  };
  const reasonText = (reason: Reason) =>
    describeReason(
      tr(t),
      reason.kind === 'criterion_zero'
        ? { ...reason, zeroedBy: reason.zeroedBy ? itemTitle(reason.zeroedBy) : null }
        : reason.kind === 'below_threshold'
          ? ({
              ...reason,
              total: f.num(reason.total),
              threshold: f.num(reason.threshold),
              shortfall: f.num(reason.shortfall),
            } as unknown as Reason)
          : reason,
      result?.criteria,
    );

  return (
    <aside className="score-panel" aria-labelledby="score-title">
      <div className="score-head">
        <h2 id="score-title" className="score-title">
          {t('assessments:score.title')}
        </h2>
        {result ? (
          <div className="score-summary">
            <p className="score-total" aria-live="polite" aria-atomic="true" data-testid="live-total">
              <span className="total-number">{f.num(result.total)}</span>
              <span className="total-max"> / {f.num(result.maxTotal)}</span>
              <span className="sr-only"> {t('assessments:score.pointsWord')}</span>
            </p>
            <div className="score-badges">
              <RecognizedBadge recognized={result.recognized} />
              {!result.complete && <Badge tone="info">{t('assessments:status.incomplete')}</Badge>}
            </div>
            {result.provisional && <ProvisionalNote />}
            {zeroCodes.length > 0 && (
              <p className="zero-line">{t('assessments:score.zeroList', { codes: zeroCodes.join(', ') })}</p>
            )}
          </div>
        ) : (
          <p className="field-error">{t('assessments:score.unavailable')}</p>
        )}
        <button
          type="button"
          className="btn-secondary score-toggle"
          aria-expanded={open}
          aria-controls="score-body"
          onClick={() => setOpen((o) => !o)}
        >
          {open ? t('assessments:score.less') : t('assessments:score.more')}
        </button>
      </div>
      <div className="score-body" id="score-body" data-open={open}>
        {!category && <p className="field-error">{t('assessments:score.noCategory')}</p>}
        {category && blocking.length > 0 && (
          <ul className="field-error">
            {blocking.map((issue, n) => (
              <li key={n}>{describeIssue(tr(t), { ...issue, field: inputLabel(issue.field) })}</li>
            ))}
          </ul>
        )}
        {result && (
          <>
            <p>
              {t('assessments:score.threshold', { threshold: f.num(result.threshold) })}
              {cat && <span className="muted"> ({f.text(cat.label)})</span>}
            </p>
            {unsaved && <p className="small muted">{t('assessments:score.includesUnsaved')}</p>}
            {excluded > 0 && <p className="small warn-text">{t('assessments:score.excluded', { count: excluded })}</p>}
            {(noDataCodes.length > 0 || otherReasons.length > 0) && (
              <ul className="reasons">
                {noDataCodes.length > 0 && (
                  <li>{t('assessments:score.noDataList', { codes: noDataCodes.join(', ') })}</li>
                )}
                {otherReasons.map((reason, n) => (
                  <li key={n}>{reasonText(reason)}</li>
                ))}
              </ul>
            )}
            <ol className="criteria-scores">
              {result.criteria.map((c) => {
                const noData = criterionData(c) === 'none';
                const zero = c.points === 0 && def.noZeroCriterion && !noData;
                return (
                  <li key={c.code} className={zero ? 'zero' : noData ? 'no-data' : undefined}>
                    <a href={`#crit-${c.code}`}>
                      <span className="crit-code">{c.code}</span> {criterionTitle(c.code)}
                    </a>
                    <span className="crit-points">
                      {c.provisional && !noData && <ProvisionalBadge />}
                      {zero && <Badge tone="bad">{t('assessments:score.zeroLabel')}</Badge>}
                      {noData ? (
                        <Badge tone="muted">{t('assessments:score.noData')}</Badge>
                      ) : (
                        <strong>
                          {f.num(c.points)}/{f.num(c.max)}
                        </strong>
                      )}
                    </span>
                  </li>
                );
              })}
            </ol>
          </>
        )}
      </div>
    </aside>
  );
}
