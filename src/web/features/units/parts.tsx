// Small pieces shared by the unit pages: kind and validity labels, the category select.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, messageOf } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { CATEGORIES, type Unit } from '../../app/types.ts';

export function kindLabel(t: TFunction, kind: string): string {
  return t(`common:unitKind.${kind}`, { defaultValue: kind });
}

export function Validity({ from, to }: { from: string | null; to: string | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!from && !to) return <>{t('common:unitsPage.validAlways')}</>;
  if (from && to) return <>{t('common:unitsPage.validFromTo', { from: f.date(from), to: f.date(to) })}</>;
  if (from) return <>{t('common:unitsPage.validFrom', { from: f.date(from) })}</>;
  return <>{t('common:unitsPage.validTo', { to: f.date(to) })}</>;
}

/** The category of one commune: a select that saves on change, with its own saving/saved/error line. */
export function CategorySelect({
  unit,
  onSaved,
}: {
  unit: Pick<Unit, 'id' | 'name' | 'category'>;
  onSaved?: (category: string) => void;
}) {
  const { t } = useTranslation();
  const [value, setValue] = useState(unit.category ?? '');
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string }>({
    kind: 'idle',
  });
  const id = `cat-${unit.id}`;

  async function change(next: string) {
    const before = value;
    setValue(next);
    if (!next) return;
    setState({ kind: 'saving' });
    try {
      await api(`/api/units/${unit.id}/category`, { method: 'PUT', body: { category: next } });
      setState({ kind: 'saved' });
      onSaved?.(next);
    } catch (e) {
      setValue(before);
      setState({ kind: 'error', message: messageOf(e) });
    }
  }

  return (
    <span className="category-select">
      <label htmlFor={id} className="sr-only">
        {t('common:unitsPage.categoryOf', { name: unit.name })}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => void change(e.target.value)}
        disabled={state.kind === 'saving'}
        aria-describedby={`${id}-state`}
      >
        {!value && <option value="">{t('common:category.none')}</option>}
        {CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {t(`common:category.${c}`)}
          </option>
        ))}
      </select>
      <span id={`${id}-state`} className="small" role="status">
        {state.kind === 'saving' && <span className="state-saving">{t('common:saving')}</span>}
        {state.kind === 'saved' && <span className="state-saved">{t('common:saved')}</span>}
        {state.kind === 'error' && <span className="field-error">{state.message}</span>}
      </span>
    </span>
  );
}
