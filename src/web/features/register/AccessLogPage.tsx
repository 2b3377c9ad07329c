// The read log of the register (the chairman's): who looked at which child's record, when, and which parts.
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { qs } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { useApi } from '../../app/useApi.ts';
import { NoAccess, RegisterNav, registerApi, registerPath, useRegisterUnit } from './parts.tsx';
import { FilterSelect } from '../../ui/forms.tsx';
import { DataTable, ListResource, useSearchUpdate } from '../../ui/tables.tsx';
import type { AccessLogRow } from './types.ts';

const LIMITS = [200, 500, 1000] as const;

export default function AccessLogPage() {
  const { unitId, access } = useRegisterUnit();
  const { t } = useTranslation();
  const f = useFormat();
  const [params, update] = useSearchUpdate();
  const childId = params.get('child') ?? '';
  const limit = Number(params.get('limit') ?? 200) || 200;
  const log = useApi<AccessLogRow[]>(
    access === 'chairman' ? `${registerApi(unitId)}/access-log${qs({ childId: childId || undefined, limit })}` : null,
  );
  if (access !== 'chairman') return <NoAccess />;

  return (
    <section className="page register-page" aria-labelledby="log-title">
      <h1 id="log-title">{t('registerUi:log.title')}</h1>
      <RegisterNav unitId={unitId} access={access} />
      <p className="small muted">{t('registerUi:log.intro')}</p>
      <div className="toolbar">
        <FilterSelect
          id="log-limit"
          label={t('registerUi:log.limit')}
          value={String(limit)}
          onChange={(v) => update({ limit: v })}
          options={LIMITS.map((l) => ({ value: String(l), label: f.num(l) }))}
        />
        {childId && (
          <p className="small">
            {t('registerUi:log.oneChild')}{' '}
            <button type="button" className="btn-link" onClick={() => update({ child: null })}>
              {t('registerUi:log.allChildren')}
            </button>
          </p>
        )}
      </div>
      <ListResource loaded={log} isEmpty={(rows) => rows.length === 0} empty={t('registerUi:log.empty')}>
        {(rows) => (
          <DataTable
            rows={rows}
            rowKey={(r) => r.id}
            testId="access-log"
            columns={[
              { label: t('registerUi:log.when'), cell: (r) => f.dateTime(r.at) },
              {
                label: t('registerUi:log.who'),
                cell: (r) => (
                  <>
                    {r.user.fullName} <span className="code">{r.user.username}</span>
                  </>
                ),
              },
              {
                label: t('registerUi:log.action'),
                cell: (r) => t(`registerUi:log.actions.${r.action}`, { defaultValue: r.action }),
              },
              {
                label: t('registerUi:log.record'),
                cell: (r) => (
                  <>
                    {r.childId !== null ? (
                      <>
                        <Link to={`${registerPath(unitId)}/children/${r.childId}`}>
                          {r.childCode ?? `#${r.childId}`}
                        </Link>{' '}
                        <button
                          type="button"
                          className="btn-link small"
                          onClick={() => update({ child: String(r.childId) })}
                        >
                          {t('registerUi:log.filterChild')}
                        </button>
                      </>
                    ) : null}
                    {r.caseId !== null && (
                      <>
                        {' '}
                        <Link to={`${registerPath(unitId)}/cases/${r.caseId}`}>
                          {t('registerUi:log.case', { id: r.caseId })}
                        </Link>
                      </>
                    )}
                    {r.childId === null && r.caseId === null && '—'}
                  </>
                ),
              },
              {
                label: t('registerUi:log.fields'),
                className: 'small',
                cell: (r) =>
                  r.fields.length
                    ? r.fields.map((x) => t(`registerUi:fieldGroup.${x}`, { defaultValue: x })).join(', ')
                    : '—',
              },
            ]}
          />
        )}
      </ListResource>
    </section>
  );
}
