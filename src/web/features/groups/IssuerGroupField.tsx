// The former district that issued a record from before 01/07/2025 (a plan, a round, a recognition decision),
// chosen among the province's former districts; shown only where the record is dated before the reform.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, messageOf } from '../../app/api.ts';
import { ErrorBox } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import type { Groupings, HistoricalIssuer } from '../../../server/features/groups/contracts.ts';

export const REFORM_DAY = '2025-07-01';

export function IssuerGroupField({
  record,
  id,
  provinceId,
  current,
  onSaved,
}: {
  record: 'plan' | 'round' | 'decision';
  id: number;
  provinceId: number;
  current: number | null;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const groupings = useApi<Groupings>(`/api/units/${provinceId}/groupings`);
  const districts = (groupings.data?.groupings ?? [])
    .filter((g) => g.kind === 'former_district')
    .flatMap((g) => g.groups.map((x) => ({ ...x, grouping: g.grouping })));
  const [value, setValue] = useState(current === null ? '' : String(current));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);

  async function save() {
    setBusy(true);
    setError(null);
    try {
      await api<HistoricalIssuer>(`/api/historical-issuers/${record}/${id}`, {
        method: 'PUT',
        body: { issuerGroupId: value === '' ? null : Number(value) },
      });
      onSaved();
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  if (groupings.data && !districts.length) return <p className="small muted">{t('groupsUi:issuer.none')}</p>;
  return (
    <div className="field issuer-group">
      <label htmlFor={`${ids}-issuer`}>{t('groupsUi:issuer.label')}</label>
      <select id={`${ids}-issuer`} value={value} onChange={(e) => setValue(e.target.value)}>
        <option value="">{t('groupsUi:issuer.noDistrict')}</option>
        {districts.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>{' '}
      <button type="button" className="btn-link" disabled={busy} onClick={() => void save()}>
        {busy ? t('common:working') : t('groupsUi:issuer.save')}
      </button>
      <ErrorBox error={error} />
    </div>
  );
}
