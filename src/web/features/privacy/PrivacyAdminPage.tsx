// The administrator's privacy page: retention periods with their legal basis (editable), running the
// retention job, the record of processing as the server builds it, and erasing an account on request.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import { useApi } from '../../app/useApi.ts';
import { NoAccess } from '../register/parts.tsx';
import { FormError, SubmitButton, TextArea, TextInput, useFormSubmit } from '../../ui/forms.tsx';
import { DataTable, ListResource } from '../../ui/tables.tsx';
import { ConfirmDialog, SummaryList } from '../../ui/confirm.tsx';

import type {
  PrivacyAccount as Account,
  ProcessingRecord,
  RetentionSetting as Setting,
  RetentionSummary,
} from '../../../server/features/privacy/contracts.ts';

type Text2 = ProcessingRecord['controller'];

export default function PrivacyAdminPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  if (!user?.roles.some((r) => r.role === 'system_admin')) return <NoAccess />;
  return (
    <section className="page privacy-page" aria-labelledby="privacy-admin-title">
      <h1 id="privacy-admin-title">{t('privacyUi:admin.title')}</h1>
      <RetentionSettings />
      <AccountErasure />
      <RecordView />
    </section>
  );
}

function RetentionSettings() {
  const { t } = useTranslation();
  const settings = useApi<Setting[]>('/api/privacy/retention');
  const [ran, setRan] = useState<RetentionSummary | null>(null);
  const run = useFormSubmit(async () =>
    setRan(await api<RetentionSummary>('/api/privacy/retention/run', { method: 'POST', body: {} })),
  );
  return (
    <>
      <h2>{t('privacyUi:retention.title')}</h2>
      <p className="small muted">{t('privacyUi:retention.intro')}</p>
      <ListResource loaded={settings} isEmpty={(rows) => rows.length === 0} empty="—">
        {(rows) => (
          <div data-testid="retention-settings">
            {rows.map((s) => (
              <SettingForm key={s.key} setting={s} onSaved={settings.reload} />
            ))}
          </div>
        )}
      </ListResource>
      <form onSubmit={run.submit}>
        <SubmitButton busy={run.busy}>{t('privacyUi:retention.run')}</SubmitButton>
        <FormError error={run.error} fields={[]} />
        {ran && (
          <p role="status" data-testid="retention-summary">
            {t('privacyUi:retention.summary', ran)}
          </p>
        )}
      </form>
    </>
  );
}

function SettingForm({ setting, onSaved }: { setting: Setting; onSaved(): void }) {
  const { t, i18n } = useTranslation();
  const [value, setValue] = useState(String(setting.value));
  const [basis, setBasis] = useState(setting.legalBasis.vi);
  const [saved, setSaved] = useState(false);
  const form = useFormSubmit(async () => {
    setSaved(false);
    await api(`/api/privacy/retention/${setting.key}`, {
      method: 'PUT',
      body: { value: /^\d+$/.test(value.trim()) ? Number(value) : value, legalBasisVi: basis },
    });
    setSaved(true);
    onSaved();
  });
  const id = `retention-${setting.key}`;
  return (
    <form className="card" onSubmit={form.submit} noValidate>
      <h3>{t(`privacy:setting.${setting.key}`)}</h3>
      <TextInput
        id={id}
        label={t('privacyUi:retention.value', { unit: t(`privacy:unit.${setting.unit}`) })}
        hint={t('privacyUi:retention.default', {
          value: setting.defaultValue,
          unit: t(`privacy:unit.${setting.unit}`),
        })}
        value={value}
        onChange={setValue}
        inputMode="numeric"
        error={form.issues.value}
      />
      <TextArea
        id={`${id}-basis`}
        label={t('privacyUi:retention.basis')}
        value={basis}
        onChange={setBasis}
        rows={3}
        maxLength={2000}
        error={form.issues.legalBasisVi}
      />
      {i18n.language === 'en' && setting.legalBasis.en && <p className="small muted">{setting.legalBasis.en}</p>}
      <FormError error={form.error} fields={['value', 'legalBasisVi']} />
      <SubmitButton busy={form.busy}>{t('privacyUi:retention.save')}</SubmitButton>
      {saved && <span role="status"> {t('privacyUi:retention.saved')}</span>}
    </form>
  );
}

function AccountErasure() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState<string | null>(null);
  const accounts = useApi<Account[]>(search !== null ? `/api/privacy/users?q=${encodeURIComponent(search)}` : null);
  const [target, setTarget] = useState<Account | null>(null);
  const [requestRef, setRequestRef] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [refMissing, setRefMissing] = useState(false);
  // Runs from the confirmation; a refusal naming a field closes it, so the field shows what to fix.
  const form = useFormSubmit(
    async () => {
      if (!target) return;
      await api(`/api/privacy/users/${target.id}/erase`, { body: { requestRef } });
      setAsking(false);
      setDone(target.username);
      setTarget(null);
      accounts.reload();
    },
    () => setAsking(false),
  );
  const review = (e: FormEvent) => {
    e.preventDefault();
    const missing = !requestRef.trim();
    setRefMissing(missing);
    if (missing) document.getElementById('account-ref')?.focus();
    else setAsking(true);
  };
  return (
    <>
      <h2>{t('privacyUi:account.title')}</h2>
      <p className="small muted">{t('privacyUi:account.intro')}</p>
      <form
        className="toolbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(q.trim());
        }}
      >
        <TextInput id="account-q" label={t('privacyUi:account.search')} value={q} onChange={setQ} maxLength={100} />
        <button type="submit" className="btn-secondary">
          {t('privacyUi:child.find')}
        </button>
      </form>
      {done && <p role="status">{t('privacyUi:account.done', { username: done })}</p>}
      {search !== null && (
        <ListResource loaded={accounts} isEmpty={(rows) => rows.length === 0} empty={t('privacyUi:child.none')}>
          {(rows) => (
            <DataTable
              rows={rows}
              rowKey={(r) => r.id}
              columns={[
                { label: t('privacyUi:account.username'), cell: (r) => r.username },
                { label: t('privacyUi:account.name'), cell: (r) => r.fullName },
                {
                  label: t('privacyUi:account.state'),
                  cell: (r) =>
                    r.erasedAt
                      ? t('privacyUi:account.erased')
                      : r.disabled
                        ? t('privacyUi:account.disabled')
                        : t('privacyUi:account.active'),
                },
                {
                  label: '',
                  cell: (r) =>
                    r.erasedAt ? null : (
                      <button type="button" className="btn-link" onClick={() => setTarget(r)}>
                        {t('privacyUi:account.choose')}
                      </button>
                    ),
                },
              ]}
            />
          )}
        </ListResource>
      )}
      {target && (
        <form className="card" onSubmit={review} noValidate>
          <h3>{t('privacyUi:account.selected', { username: target.username })}</h3>
          <TextInput
            id="account-ref"
            label={t('privacyUi:erase.ref')}
            hint={t('privacyUi:erase.refHint')}
            value={requestRef}
            onChange={setRequestRef}
            maxLength={100}
            required
            error={refMissing ? t('privacyUi:erase.refMissing') : form.issues.requestRef}
          />
          <FormError error={form.error} fields={['requestRef']} />
          <SubmitButton busy={form.busy}>{t('privacyUi:account.submit')}</SubmitButton>
        </form>
      )}
      {target && asking && (
        <ConfirmDialog
          testId="account-erase-confirm"
          title={t('privacyUi:account.confirmTitle', { username: target.username })}
          confirmLabel={t('privacyUi:account.submit')}
          onConfirm={() => form.submit({ preventDefault: () => undefined } as FormEvent)}
          onCancel={() => setAsking(false)}
          busy={form.busy}
          tone="danger"
          irreversible
        >
          <SummaryList
            rows={[
              { label: t('privacyUi:account.username'), value: target.username },
              { label: t('privacyUi:account.name'), value: target.fullName },
              { label: t('privacyUi:erase.ref'), value: requestRef.trim() },
            ]}
          />
          <p className="small">{t('privacyUi:account.intro')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function RecordView() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const record = useApi<ProcessingRecord>('/api/privacy/record');
  const l = (x: Text2) => (i18n.language === 'en' ? x.en : x.vi);
  return (
    <>
      <h2>{t('privacyUi:record.title')}</h2>
      <ListResource loaded={record} isEmpty={() => false} empty="">
        {(r) => (
          <div data-testid="processing-record">
            <h3>{t('privacyUi:record.controller')}</h3>
            <p>{l(r.controller)}</p>
            <h3>{t('privacyUi:record.legalBases')}</h3>
            <ul>
              {r.legalBases.map((x, i) => (
                <li key={i}>{l(x)}</li>
              ))}
            </ul>
            <h3>{t('privacyUi:record.purposes')}</h3>
            <ul>
              {r.purposes.map((x, i) => (
                <li key={i}>{l(x)}</li>
              ))}
            </ul>
            <h3>{t('privacyUi:record.subjects')}</h3>
            <ul>
              {r.subjects.map((x, i) => (
                <li key={i}>{l(x)}</li>
              ))}
            </ul>
            <h3>{t('privacyUi:record.categories')}</h3>
            <ul>
              {r.categories.map((c) => (
                <li key={c.key}>
                  {l(c.text)} {c.sensitive && <strong>{t('privacyUi:record.sensitive')}</strong>}
                </li>
              ))}
            </ul>
            <h3>{t('privacyUi:record.recipients')}</h3>
            <DataTable
              rows={r.recipients}
              rowKey={(x) => x.role}
              columns={[
                {
                  label: t('privacyUi:record.role'),
                  cell: (x) =>
                    t(`common:role.${x.role}`, {
                      defaultValue: t(`registerUi:role.${x.role}`, { defaultValue: x.role }),
                    }),
                },
                {
                  label: t('privacyUi:record.sees'),
                  cell: (x) => {
                    const names = (groups: string[]) =>
                      groups.map((g) => t(`registerUi:fieldGroup.${g}`, { defaultValue: g })).join(', ');
                    if (!x.fieldGroups.length) return t('privacyUi:record.noChild');
                    return x.whenAssigned?.length
                      ? `${names(x.fieldGroups)}; ${t('privacyUi:record.whenAssigned', { groups: names(x.whenAssigned) })}`
                      : names(x.fieldGroups);
                  },
                },
                { label: t('privacyUi:record.purpose'), cell: (x) => l(x.purpose) },
              ]}
            />
            <h3>{t('privacyUi:record.transfers')}</h3>
            <p>{l(r.transfers)}</p>
            <h3>{t('privacyUi:record.retention')}</h3>
            <DataTable
              rows={r.retention}
              rowKey={(x) => x.key}
              columns={[
                { label: t('privacyUi:record.what'), cell: (x) => t(`privacy:setting.${x.key}`) },
                {
                  label: t('privacyUi:record.period'),
                  cell: (x) =>
                    x.value === null
                      ? t('privacyUi:record.permanent')
                      : `${f.num(x.value)} ${t(`privacy:unit.${x.unit}`)}`,
                },
                { label: t('privacyUi:record.basis'), className: 'small', cell: (x) => l(x.legalBasis) },
              ]}
            />
            <h3>{t('privacyUi:record.security')}</h3>
            <p>
              {l(r.security)} ({r.security.link})
            </p>
            <h3>{t('privacyUi:record.rights')}</h3>
            <ul>
              {r.rights.map((x, i) => (
                <li key={i}>{l(x)}</li>
              ))}
            </ul>
          </div>
        )}
      </ListResource>
    </>
  );
}
