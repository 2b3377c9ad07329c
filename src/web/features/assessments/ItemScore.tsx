// One scored item: its points, a provisional badge when its rule is provisional, and an
// "Explain" toggle with the engine's own explanation, the inputs it read, its bands and its mark.
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Band, InputDef, ItemDef } from '../../../core/rule-sets/schema.ts';
import { isSuppressed, suppressedRange, type DisclosedItem } from '../../../core/privacy/disclosure.ts';
import { describeItem } from '../../../core/scoring/explain.ts';
import { useFormat } from '../../app/format.ts';
import { ProvisionalBadge } from '../../app/ui.tsx';
import { showValue } from './HistoryList.tsx';

interface Props {
  item: ItemDef;
  /** As the reader may see it: withheld inputs make the item's inputs and rate suppressed, its points stay. */
  result: DisclosedItem | undefined;
  inputs: Map<string, InputDef>;
}

const sameBand = (a: Band | null | undefined, b: Band) => !!a && a.threshold === b.threshold && a.points === b.points;

function ItemScoreInner({ item, result, inputs }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const [open, setOpen] = useState(false);
  const id = `explain-${item.code}`;
  const m = item.measure;
  const unit = m.kind === 'rate' ? t(`scoring:unit.${m.scale}`) : '';
  const sign = (direction: 'higher' | 'lower') => (direction === 'higher' ? '≥' : '≤');
  const provisional = result ? result.mark === 'P' : item.mark === 'P';
  const points = result?.points ?? 0;
  const max = result?.max ?? 0;

  return (
    <li className={`item-score${result?.zeroesCriterion ? ' zeroes' : ''}`}>
      <div className="item-line">
        <span className="item-title">{f.text(item.title)}</span>
        <span className="item-points">
          {provisional && result?.status !== 'missing' && <ProvisionalBadge />}
          {result?.status === 'missing' ? (
            <span className="muted">{t('assessments:score.noData')}</span>
          ) : (
            <strong>{t('assessments:points', { points: f.num(points), max: f.num(max) })}</strong>
          )}
        </span>
      </div>
      <button
        type="button"
        className="btn-link explain-toggle"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? t('assessments:explain.hide') : t('assessments:explain.show')}
      </button>
      {open && (
        <div className="explain" id={id}>
          <p className="explain-summary">
            {!result
              ? '—'
              : isSuppressed(result)
                ? t('assessments:suppressed.item', suppressedRange())
                : describeItem(t, result, (n) => f.num(n))}
          </p>
          {result?.zeroesCriterion && (
            <p className="zero-note">{t('scoring:status.zeroes', { item: f.text(item.title) })}</p>
          )}
          <dl className="explain-inputs">
            {Object.entries(result?.inputs ?? {}).map(([code, value]) => {
              const input = inputs.get(code);
              return (
                <div key={code}>
                  <dt>{input ? f.text(input.label) : code}</dt>
                  <dd>{showValue(t, f.num, input?.kind ?? 'count', value)}</dd>
                </div>
              );
            })}
          </dl>
          {m.kind === 'flag' ? (
            <p>{t('assessments:explain.flagRule', { points: f.num(m.points) })}</p>
          ) : (
            <>
              <p className="small muted">
                {m.kind === 'rate' ? t('assessments:explain.rateRule', { unit }) : t('assessments:explain.countRule')}
              </p>
              <table className="bands">
                <caption className="sr-only">{t('assessments:explain.bands')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('assessments:explain.band')}</th>
                    <th scope="col">{t('assessments:explain.bandPoints')}</th>
                    <th scope="col">
                      <span className="sr-only">{t('assessments:explain.mark')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {m.bands.map((band, n) => {
                    const hit = result?.status === 'scored' && sameBand(result.band, band);
                    return (
                      <tr key={n} className={hit ? 'band-hit' : undefined} aria-current={hit ? 'true' : undefined}>
                        <td>
                          {sign(m.direction)} {f.num(band.threshold)}
                          {unit ? ` ${unit}` : ''}
                          {hit && <span className="hit-label"> {t('assessments:explain.hit')}</span>}
                        </td>
                        <td>{f.num(band.points)}</td>
                        <td>{(band.mark ?? item.mark) === 'P' && <ProvisionalBadge />}</td>
                      </tr>
                    );
                  })}
                  {m.kind === 'rate' && m.noCases && (
                    <tr className={result?.status === 'no_cases' ? 'band-hit' : undefined}>
                      <td>
                        {t('assessments:explain.noCases')}
                        {result?.status === 'no_cases' && (
                          <span className="hit-label"> {t('assessments:explain.hit')}</span>
                        )}
                      </td>
                      <td>{f.num(m.noCases.points)}</td>
                      <td>{(m.noCases.mark ?? item.mark) === 'P' && <ProvisionalBadge />}</td>
                    </tr>
                  )}
                </tbody>
              </table>
            </>
          )}
          {item.zeroCriterionAbove !== undefined && (
            <p className="small">
              {t('assessments:explain.zeroAbove', { value: f.num(item.zeroCriterionAbove), unit })}
            </p>
          )}
          <p className="small">
            {t('assessments:explain.mark')}: {provisional ? <ProvisionalBadge /> : t('scoring:mark.C')}
            {item.markNote && <span className="muted"> — {f.text(item.markNote)}</span>}
          </p>
        </div>
      )}
    </li>
  );
}

export const ItemScore = memo(ItemScoreInner);
