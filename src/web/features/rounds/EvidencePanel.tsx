// Evidence files of a dossier ("Minh chứng"): every criterion with its files or "chưa có minh chứng", with
// download links; while the commune may still edit, a small form to attach a file to a criterion or one of
// its items, otherwise why not and when it will be possible.
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, messageOf } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import type { RuleSetDetail } from '../../app/types.ts';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { ConfirmDialog, SummaryList } from '../../ui/confirm.tsx';
import { uploadFile } from '../../ui/uploads.ts';
import type { EvidenceRecord } from '../../../server/features/evidence/contracts.ts';

// The server's own record shape (type-only import: nothing of the server is bundled).
export type EvidenceItem = EvidenceRecord;

export type { EvidenceList } from '../../../server/features/evidence/contracts.ts';
import type { EvidenceList } from '../../../server/features/evidence/contracts.ts';

const ACCEPT = '.pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,application/pdf,image/*';

/** Sends one file as multipart/form-data (the session cookie goes along); errors as ApiError with the server's message. */
export async function uploadEvidence(
  entryId: number,
  fields: { criterionCode?: string; itemCode?: string },
  file: File,
): Promise<EvidenceItem & { duplicate: boolean }> {
  const named = Object.fromEntries(Object.entries(fields).filter(([, v]) => v)) as Record<string, string>;
  return uploadFile(`/api/round-entries/${entryId}/evidence`, file, { fields: named });
}

/** 2 KB, 1,5 MB: sizes as people read them, in the current language's digits. */
export function useFileSize() {
  const f = useFormat();
  const { t } = useTranslation();
  return (bytes: number) =>
    bytes < 1024 * 1024
      ? t('evidence:panel.sizeKb', { value: f.num(Math.max(1, Math.round(bytes / 1024))) })
      : t('evidence:panel.sizeMb', { value: f.num(bytes / (1024 * 1024), 1) });
}

export function EvidencePanel({
  entryId,
  def,
  required = false,
  onChanged,
}: {
  entryId: number | null;
  def: RuleSetDetail['definition'] | null;
  /** The round requires evidence for every criterion. */
  required?: boolean;
  /** After an upload or a deletion (the dossier's own list of criteria without evidence changes). */
  onChanged?(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const size = useFileSize();
  const list = useApi<EvidenceList>(entryId === null ? null : `/api/round-entries/${entryId}/evidence`);
  const [deleting, setDeleting] = useState<EvidenceItem | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);

  const criterionTitle = useMemo(() => {
    const m = new Map<string, string>();
    for (const c of def?.criteria ?? []) {
      m.set(c.code, f.text(c.title));
      for (const i of c.items) m.set(`item:${i.code}`, f.text(i.title));
    }
    return m;
  }, [def, f]);

  // Every criterion of the rule set, with or without files, then files of criteria it does not know.
  const groups = useMemo(() => {
    const g = new Map<string, EvidenceItem[]>((def?.criteria ?? []).map((c) => [c.code, []]));
    for (const x of list.data?.items ?? []) {
      const key = x.criterionCode ?? '';
      g.set(key, [...(g.get(key) ?? []), x]);
    }
    const order = (def?.criteria ?? []).map((c) => c.code);
    return [...g.entries()].sort((a, b) => {
      const ia = order.indexOf(a[0]);
      const ib = order.indexOf(b[0]);
      return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib) || a[0].localeCompare(b[0]);
    });
  }, [list.data, def]);

  const changed = () => {
    list.reload();
    onChanged?.();
  };

  async function remove() {
    if (!deleting) return;
    setError(null);
    setBusy(true);
    try {
      await api(`/api/evidence/${deleting.id}`, { method: 'DELETE' });
      setDeleting(null);
      changed();
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const uploadWindow = list.data?.uploadWindow;
  return (
    <section className="card evidence-panel" aria-labelledby="evidence-title">
      <h2 id="evidence-title" className="card-title">
        {t('evidence:panel.title')}
      </h2>
      {required && <p className="small">{t('evidence:panel.required')}</p>}
      {entryId === null ? (
        <p className="muted small">{t('evidence:panel.noEntry')}</p>
      ) : list.error ? (
        <ErrorBox error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : (
        <>
          {list.data.items.length === 0 && <p className="muted small">{t('evidence:panel.none')}</p>}
          {groups.length > 0 && (
            <ul className="plain-list evidence-criteria">
              {groups.map(([code, items]) => (
                <li key={code || '-'} className="evidence-group" data-criterion={code || undefined}>
                  <h3 className="small">
                    {code ? (
                      <>
                        <span className="code">{code}</span> {criterionTitle.get(code) ?? ''}
                      </>
                    ) : (
                      t('evidence:panel.noCriterion')
                    )}
                    {': '}
                    <span className={items.length ? 'evidence-count' : 'evidence-count muted'}>
                      {items.length
                        ? t('evidence:panel.files', { count: items.length })
                        : t('evidence:panel.noneForCriterion')}
                    </span>
                  </h3>
                  {items.length > 0 && (
                    <ul className="plain-list evidence-list">
                      {items.map((x) => (
                        <li key={x.id}>
                          <a href={x.downloadUrl} download={x.fileName}>
                            {x.fileName}
                          </a>{' '}
                          <span className="muted small">
                            {x.itemCode && (
                              <>
                                <span className="code" title={criterionTitle.get(`item:${x.itemCode}`)}>
                                  {x.itemCode}
                                </span>{' '}
                                ·{' '}
                              </>
                            )}
                            {size(x.sizeBytes)} · {f.dateTime(x.uploadedAt)}
                          </span>
                          {list.data?.mayEdit && (
                            <>
                              {' '}
                              <button
                                type="button"
                                className="btn-link"
                                aria-label={t('evidence:panel.deleteOne', { file: x.fileName })}
                                onClick={() => {
                                  setError(null);
                                  setDeleting(x);
                                }}
                              >
                                {t('evidence:panel.delete')}
                              </button>
                            </>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          )}
          {!deleting && <ErrorBox error={error} />}
          {list.data.mayEdit ? (
            <UploadForm entryId={entryId} def={def} onUploaded={changed} />
          ) : (
            uploadWindow &&
            uploadWindow !== 'open' && (
              <p className="small evidence-window" data-testid="evidence-window">
                {t(`evidence:panel.window.${uploadWindow}`)}
              </p>
            )
          )}
        </>
      )}
      {deleting && (
        <ConfirmDialog
          testId="evidence-delete-confirm"
          title={t('evidence:panel.confirmDelete', { file: deleting.fileName })}
          confirmLabel={t('evidence:panel.deleteConfirm')}
          tone="danger"
          busy={busy}
          error={error}
          onConfirm={remove}
          onCancel={() => {
            setDeleting(null);
            setError(null);
          }}
        >
          <SummaryList
            rows={[
              { label: t('evidence:panel.deleteFile'), value: deleting.fileName },
              {
                label: t('evidence:panel.deleteCriterion'),
                value: deleting.criterionCode
                  ? `${deleting.criterionCode} ${criterionTitle.get(deleting.criterionCode) ?? ''}`
                  : t('evidence:panel.noCriterion'),
              },
            ]}
          />
        </ConfirmDialog>
      )}
    </section>
  );
}

function UploadForm({
  entryId,
  def,
  onUploaded,
}: {
  entryId: number;
  def: RuleSetDetail['definition'] | null;
  onUploaded(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [criterion, setCriterion] = useState('');
  const [item, setItem] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const items = def?.criteria.find((c) => c.code === criterion)?.items ?? [];

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setError(null);
    setDone(null);
    if (!criterion && !item) return setError(t('evidence:panel.chooseCriterion'));
    if (!file) return setError(t('evidence:panel.chooseFile'));
    setBusy(true);
    try {
      const out = await uploadEvidence(
        entryId,
        { criterionCode: criterion || undefined, itemCode: item || undefined },
        file,
      );
      setDone(
        out.duplicate
          ? t('evidence:panel.duplicate', { file: out.fileName })
          : t('evidence:panel.uploaded', { file: out.fileName }),
      );
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
      onUploaded();
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="evidence-upload" onSubmit={(ev) => void submit(ev)} aria-labelledby="evidence-upload-title">
      <h3 id="evidence-upload-title" className="small">
        {t('evidence:panel.addTitle')}
      </h3>
      <div className="field">
        <label htmlFor="evidence-criterion">{t('evidence:panel.criterion')}</label>
        <select
          id="evidence-criterion"
          value={criterion}
          required
          onChange={(e) => {
            setCriterion(e.target.value);
            setItem('');
          }}
        >
          <option value="">{t('evidence:panel.choose')}</option>
          {(def?.criteria ?? []).map((c) => (
            <option key={c.code} value={c.code}>
              {c.code} — {f.text(c.title)}
            </option>
          ))}
        </select>
      </div>
      {items.length > 0 && (
        <div className="field">
          <label htmlFor="evidence-item">{t('evidence:panel.item')}</label>
          <select id="evidence-item" value={item} onChange={(e) => setItem(e.target.value)}>
            <option value="">{t('evidence:panel.wholeCriterion')}</option>
            {items.map((i) => (
              <option key={i.code} value={i.code}>
                {i.code} — {f.text(i.title)}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="evidence-file">{t('evidence:panel.file')}</label>
        <input
          id="evidence-file"
          ref={fileRef}
          type="file"
          accept={ACCEPT}
          required
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <p className="small muted">{t('evidence:panel.fileHint')}</p>
      </div>
      <ErrorBox error={error} />
      {busy && (
        <p className="small" role="status" aria-live="polite">
          {t('evidence:panel.uploading')}
        </p>
      )}
      {done && !busy && (
        <p className="ok-text small" role="status">
          {done}
        </p>
      )}
      <button type="submit" className="btn-primary" disabled={busy}>
        {busy ? t('evidence:panel.uploading') : t('evidence:panel.upload')}
      </button>
    </form>
  );
}
