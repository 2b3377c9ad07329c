// Privacy: everyone downloads their own account data; the commune chairman answers a guardian's request
// (a child's data as JSON/Excel, or erasure where the law allows); administrators get a link to their page.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import { useApi } from '../../app/useApi.ts';
import { ErrorBox } from '../../app/ui.tsx';
import { ConfirmDialog, SummaryList } from '../../ui/confirm.tsx';
import { FormError, SubmitButton, TextInput, useFormSubmit } from '../../ui/forms.tsx';
import { DataTable, ListResource } from '../../ui/tables.tsx';

import type { ErasureRow, ErasureStatus } from '../../../server/features/privacy/contracts.ts';
import type { ChildRow } from '../../../server/features/register/contracts.ts';

const privacyApi = (unitId: number) => `/api/communes/${unitId}/privacy`;

export default function PrivacyPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  if (!user) return null;
  const chairOf = user.roles.find((r) => r.role === 'commune_chairman' && r.unitId !== null)?.unitId ?? null;
  const isAdmin = user.roles.some((r) => r.role === 'system_admin');
  return (
    <section className="page privacy-page" aria-labelledby="privacy-title">
      <h1 id="privacy-title">{t('privacyUi:title')}</h1>
      <p className="small muted">{t('privacyUi:intro')}</p>
      <h2>{t('privacyUi:own.title')}</h2>
      <p>{t('privacyUi:own.intro')}</p>
      <p>
        <a className="btn-secondary" href="/api/privacy/me/export" download data-testid="own-export">
          {t('privacyUi:own.download')}
        </a>
      </p>
      {chairOf !== null && <GuardianRequests unitId={chairOf} />}
      {isAdmin && (
        <p>
          <Link to="/privacy/admin">{t('privacyUi:admin.link')}</Link>
        </p>
      )}
    </section>
  );
}

function GuardianRequests({ unitId }: { unitId: number }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<ChildRow | null>(null);
  const children = useApi<{ rows: ChildRow[] }>(
    search ? `/api/communes/${unitId}/register/children${qs({ q: search, includeLeft: 'true', pageSize: 20 })}` : null,
  );
  const log = useApi<ErasureRow[]>(`${privacyApi(unitId)}/erasures`);
  const f = useFormat();
  return (
    <>
      <h2>{t('privacyUi:child.title')}</h2>
      <p>{t('privacyUi:child.intro')}</p>
      <form
        className="toolbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setChosen(null);
          setSearch(q.trim());
        }}
      >
        <TextInput id="privacy-q" label={t('privacyUi:child.search')} value={q} onChange={setQ} maxLength={120} />
        <button type="submit" className="btn-secondary">
          {t('privacyUi:child.find')}
        </button>
      </form>
      {search && (
        <ListResource loaded={children} isEmpty={(d) => d.rows.length === 0} empty={t('privacyUi:child.none')}>
          {(d) => (
            <DataTable
              rows={d.rows}
              rowKey={(r) => r.id}
              testId="privacy-children"
              columns={[
                { label: t('privacyUi:child.code'), cell: (r) => r.code },
                { label: t('privacyUi:child.name'), cell: (r) => r.fullName },
                { label: t('privacyUi:child.birth'), cell: (r) => f.date(r.birthDate) },
                { label: t('privacyUi:child.village'), cell: (r) => r.villageName },
                {
                  label: '',
                  cell: (r) => (
                    <button type="button" className="btn-link" onClick={() => setChosen(r)}>
                      {t('privacyUi:child.choose')}
                    </button>
                  ),
                },
              ]}
            />
          )}
        </ListResource>
      )}
      {chosen && <ChildActions key={chosen.id} unitId={unitId} child={chosen} onErased={() => log.reload()} />}
      <h3>{t('privacyUi:log.title')}</h3>
      <ListResource loaded={log} isEmpty={(rows) => rows.length === 0} empty={t('privacyUi:log.empty')}>
        {(rows) => (
          <DataTable
            rows={rows}
            rowKey={(r) => r.id}
            testId="erasure-log"
            columns={[
              { label: t('privacyUi:log.when'), cell: (r) => f.dateTime(r.at) },
              { label: t('privacyUi:log.record'), cell: (r) => `#${r.childId}` },
              { label: t('privacyUi:log.reason'), cell: (r) => t(`privacyUi:log.reasons.${r.reason}`) },
              { label: t('privacyUi:log.ref'), cell: (r) => r.requestRef || '—' },
              { label: t('privacyUi:log.by'), cell: (r) => (r.by ? r.by.fullName : t('privacyUi:log.job')) },
              { label: t('privacyUi:log.basis'), className: 'small', cell: (r) => r.legalBasis },
            ]}
          />
        )}
      </ListResource>
    </>
  );
}

function ChildActions({ unitId, child, onErased }: { unitId: number; child: ChildRow; onErased(): void }) {
  const { t } = useTranslation();
  const base = `${privacyApi(unitId)}/children/${child.id}`;
  const status = useApi<ErasureStatus>(`${base}/erasure`);
  const [requestRef, setRequestRef] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const [done, setDone] = useState(false);
  const [asking, setAsking] = useState(false);
  const [refMissing, setRefMissing] = useState(false);
  // Runs from the confirmation; a refusal naming a field closes it, so the field shows what to fix.
  const form = useFormSubmit(
    async () => {
      await api(`${base}/erase`, { body: { requestRef, legalBasis: legalBasis || undefined } });
      setAsking(false);
      setDone(true);
      status.reload();
      onErased();
    },
    () => setAsking(false),
  );
  const review = (e: FormEvent) => {
    e.preventDefault();
    const missing = !requestRef.trim();
    setRefMissing(missing);
    if (missing) document.getElementById('erase-ref')?.focus();
    else setAsking(true);
  };
  return (
    <div className="card" data-testid="privacy-child">
      <h3>{t('privacyUi:child.selected', { code: child.code, name: child.fullName })}</h3>
      <p>{t('privacyUi:export.intro')}</p>
      <p className="action-row">
        <a className="btn-secondary" href={`${base}/export?format=xlsx`} download>
          {t('privacyUi:export.xlsx')}
        </a>
        <a className="btn-secondary" href={`${base}/export?format=json`} download>
          {t('privacyUi:export.json')}
        </a>
      </p>
      <h4>{t('privacyUi:erase.title')}</h4>
      {status.error && <ErrorBox error={status.error} onRetry={status.reload} />}
      {done && <p role="status">{t('privacyUi:erase.done')}</p>}
      {status.data && !status.data.ok && (
        <p className="notice" role="note">
          {status.data.message}
        </p>
      )}
      {status.data?.ok && (
        <form onSubmit={review} noValidate>
          <p className="small">{t('privacyUi:erase.intro')}</p>
          <TextInput
            id="erase-ref"
            label={t('privacyUi:erase.ref')}
            hint={t('privacyUi:erase.refHint')}
            value={requestRef}
            onChange={setRequestRef}
            maxLength={100}
            required
            error={refMissing ? t('privacyUi:erase.refMissing') : form.issues.requestRef}
          />
          <TextInput
            id="erase-basis"
            label={t('privacyUi:erase.basis')}
            hint={t('privacyUi:erase.basisHint')}
            value={legalBasis}
            onChange={setLegalBasis}
            maxLength={500}
            error={form.issues.legalBasis}
          />
          <FormError error={form.error} fields={['requestRef', 'legalBasis']} />
          <SubmitButton busy={form.busy}>{t('privacyUi:erase.submit')}</SubmitButton>
        </form>
      )}
      {asking && (
        <ConfirmDialog
          testId="erase-confirm"
          title={t('privacyUi:erase.confirmTitle', { code: child.code })}
          confirmLabel={t('privacyUi:erase.submit')}
          onConfirm={() => form.submit({ preventDefault: () => undefined } as FormEvent)}
          onCancel={() => setAsking(false)}
          busy={form.busy}
          tone="danger"
          irreversible
        >
          <SummaryList
            rows={[
              { label: t('privacyUi:erase.child'), value: `${child.code} — ${child.fullName}` },
              { label: t('privacyUi:erase.ref'), value: requestRef.trim() },
              { label: t('privacyUi:erase.basisLabel'), value: legalBasis.trim() || t('privacyUi:erase.basisDefault') },
            ]}
          />
          <p className="small">{t('privacyUi:erase.intro')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
