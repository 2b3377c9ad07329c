// One rule set in full: categories and thresholds, every criterion, item, band and mark.
// The Ministry of Health official can copy it to a draft, edit a draft's numbers and which inputs are
// sensitive counts, save and publish it.
import { useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Band, InputDef, ItemDef, RuleSetDefinition } from '../../../core/rule-sets/schema.ts';
import { numberInputText, parseLocaleNumber, type NumberLocale } from '../../../core/numbers.ts';
import { api, ApiError, messageOf } from '../../app/api.ts';
import { isMinistry, useAuth } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import type { RuleSetDetail } from '../../app/types.ts';
import { Badge, ErrorBox, Loading, ProvisionalBadge } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { StatusBadge } from './parts.tsx';
import { ConfirmDialog, SummaryList } from '../../ui/confirm.tsx';
import { ruleSetChanges, type RuleSetChange } from '../../../core/rule-sets/changes.ts';

type Path = Array<string | number>;
const key = (path: Path) => path.join('.');

function valueAt(root: unknown, path: Path): unknown {
  let v: unknown = root;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

function setAt(root: unknown, path: Path, value: unknown) {
  let v = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) v = v[k] as Record<string | number, unknown>;
  v[path[path.length - 1]!] = value;
}

/** Numbers typed in the editor, by path; nothing here means "as in the rule set". */
type Texts = Record<string, string>;

/** A threshold or points typed in the language on screen ("0,5" in Vietnamese); null when not a number ≥ 0. */
function parseNumber(text: string, locale: NumberLocale): number | null {
  const n = parseLocaleNumber(text, locale);
  return n !== null && n >= 0 ? n : null;
}

interface EditorApi {
  editing: boolean;
  texts: Texts;
  errors: Record<string, string>;
  onChange(path: Path, text: string): void;
}

export default function RuleSetPage() {
  const { id } = useParams();
  const loaded = useApi<RuleSetDetail>(`/api/rule-sets/${encodeURIComponent(id ?? '')}`);
  if (loaded.error)
    return (
      <section className="page">
        <ErrorBox error={loaded.error} onRetry={loaded.reload} />
      </section>
    );
  if (!loaded.data || String(loaded.data.id) !== id) return <Loading />;
  return (
    <RuleSetView
      key={`${loaded.data.id}:${loaded.data.status}`}
      rs={loaded.data}
      onChanged={loaded.setData}
      reload={loaded.reload}
    />
  );
}

function RuleSetView({
  rs,
  onChanged,
  reload,
}: {
  rs: RuleSetDetail;
  onChanged: (r: RuleSetDetail) => void;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const { user } = useAuth();
  const mayEdit = isMinistry(user);
  const def = rs.definition;
  const isDraft = rs.status === 'draft';

  const [editing, setEditing] = useState(false);
  const [texts, setTexts] = useState<Texts>({});
  const [note, setNote] = useState(rs.note ?? '');
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState<null | 'copy' | 'save' | 'publish'>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [confirmPublish, setConfirmPublish] = useState(false);
  const [publishError, setPublishError] = useState<ApiError | string | null>(null);
  const [copyNote, setCopyNote] = useState('');
  /** "Sensitive count" ticks changed in the editor, by input index (src/core/privacy/disclosure.ts reads them). */
  const [sensitive, setSensitive] = useState<Record<number, boolean>>({});

  const inputs = useMemo(() => new Map(def.inputs.map((i) => [i.code, i])), [def]);
  const clientErrors = useMemo(() => {
    const out: Record<string, string> = {};
    for (const [k, text] of Object.entries(texts))
      if (parseNumber(text, f.locale) === null) out[k] = t('ruleSets:editor.notANumber', { value: text });
    return out;
  }, [texts, t, f.locale]);
  const errors = { ...serverErrors, ...clientErrors };
  const dirty = Object.keys(texts).length > 0 || Object.keys(sensitive).length > 0 || note !== (rs.note ?? '');

  const editor: EditorApi = {
    editing,
    texts,
    errors,
    onChange(path, text) {
      const k = key(path);
      setTexts((prev) => ({ ...prev, [k]: text }));
      setServerErrors((prev) => {
        if (!(k in prev)) return prev;
        const rest = { ...prev };
        delete rest[k];
        return rest;
      });
      setMessage(null);
    },
  };

  async function copy() {
    setBusy('copy');
    setMessage(null);
    try {
      const draft = await api<RuleSetDetail>(`/api/rule-sets/${rs.id}/copy`, {
        method: 'POST',
        body: copyNote.trim() ? { note: copyNote.trim() } : {},
      });
      navigate(`/rule-sets/${draft.id}`);
    } catch (e) {
      setMessage({ tone: 'error', text: messageOf(e) });
    } finally {
      setBusy(null);
    }
  }

  async function save() {
    if (Object.keys(clientErrors).length) {
      setMessage({ tone: 'error', text: t('ruleSets:editor.fixErrors', { count: Object.keys(clientErrors).length }) });
      return;
    }
    const next = structuredClone(def) as RuleSetDefinition;
    for (const [k, text] of Object.entries(texts))
      setAt(
        next,
        k.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
        parseNumber(text, f.locale),
      );
    for (const [n, on] of Object.entries(sensitive)) next.inputs[Number(n)]!.sensitive = on;
    setBusy('save');
    setMessage(null);
    try {
      const saved = await api<RuleSetDetail>(`/api/rule-sets/${rs.id}`, {
        method: 'PUT',
        body: { definition: next, note },
      });
      setTexts({});
      setSensitive({});
      setServerErrors({});
      setOtherErrors([]);
      if (saved && typeof saved === 'object' && 'definition' in saved) onChanged(saved);
      else reload();
      setMessage({ tone: 'ok', text: t('ruleSets:editor.saved') });
    } catch (e) {
      const byPath: Record<string, string> = {};
      const other: string[] = [];
      if (e instanceof ApiError)
        for (const issue of e.issues) {
          const k = issue.field.replace(/^definition\./, '');
          if (k in texts || valueAt(def, k.split('.')) !== undefined) byPath[k] = issue.message;
          else other.push(issue.message);
        }
      setServerErrors(byPath);
      setOtherErrors(other);
      setMessage({ tone: 'error', text: messageOf(e) });
    } finally {
      setBusy(null);
    }
  }

  async function publish() {
    setBusy('publish');
    setMessage(null);
    setPublishError(null);
    try {
      const published = await api<RuleSetDetail>(`/api/rule-sets/${rs.id}/publish`, { method: 'POST', body: {} });
      setConfirmPublish(false);
      setEditing(false);
      if (published && typeof published === 'object' && 'definition' in published) onChanged(published);
      else reload();
    } catch (e) {
      // Said in the dialog, which stays open: the official reads why and may cancel.
      setPublishError(e instanceof ApiError ? e : messageOf(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="page rule-set">
      <p className="small">
        <Link to="/rule-sets">← {t('ruleSets:detail.back')}</Link>
      </p>
      <h1>{f.text(def.title)}</h1>
      <p className="form-meta">
        <span className="code">{rs.code}</span>
        <span>{t('ruleSets:detail.version', { version: rs.version })}</span>
        <StatusBadge status={rs.status} />
        {rs.publishedAt && <span>{t('ruleSets:publishedAt', { date: f.date(rs.publishedAt) })}</span>}
        {!rs.publishedAt && rs.createdAt && <span>{t('ruleSets:createdAt', { date: f.date(rs.createdAt) })}</span>}
        {rs.basedOnId !== null && <Link to={`/rule-sets/${rs.basedOnId}`}>{t('ruleSets:detail.basedOnLink')}</Link>}
      </p>
      {def.source && <p className="small muted">{t('ruleSets:detail.source', { source: f.text(def.source) })}</p>}
      {rs.note && !editing && <p className="small">{t('ruleSets:detail.note', { note: rs.note })}</p>}
      <p className="small">
        {t('ruleSets:detail.maxTotal', { max: f.num(def.criteria.reduce((sum, c) => sum + c.max, 0)) })}
        {def.noZeroCriterion && <> {t('ruleSets:detail.noZero')}</>}
      </p>
      <p className="small muted">
        <ProvisionalBadge /> {t('ruleSets:detail.provisionalExplain')}
      </p>

      {mayEdit && (
        <div className="actions-box">
          {!isDraft && (
            <div className="action-row">
              <div className="field inline grow">
                <label htmlFor="copy-note">{t('ruleSets:copy.note')}</label>
                <input id="copy-note" value={copyNote} maxLength={500} onChange={(e) => setCopyNote(e.target.value)} />
              </div>
              <button type="button" className="btn-primary" onClick={() => void copy()} disabled={busy !== null}>
                {busy === 'copy' ? t('common:working') : t('ruleSets:copy.button')}
              </button>
            </div>
          )}
          {isDraft && !editing && (
            <div className="action-row">
              <button type="button" className="btn-primary" onClick={() => setEditing(true)}>
                {t('ruleSets:editor.start')}
              </button>
              <button
                type="button"
                className="btn-secondary"
                onClick={() => setConfirmPublish(true)}
                disabled={busy !== null}
              >
                {t('ruleSets:publish.button')}
              </button>
            </div>
          )}
          {isDraft && editing && (
            <div className="action-row">
              <div className="field inline grow">
                <label htmlFor="draft-note">{t('ruleSets:editor.note')}</label>
                <input id="draft-note" value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
              </div>
              <button type="button" className="btn-primary" onClick={() => void save()} disabled={busy !== null}>
                {busy === 'save' ? t('common:saving') : t('ruleSets:editor.save')}
              </button>
              <button
                type="button"
                className="btn-secondary"
                onClick={() => {
                  setEditing(false);
                  setTexts({});
                  setSensitive({});
                  setServerErrors({});
                  setOtherErrors([]);
                  setNote(rs.note ?? '');
                  setMessage(null);
                }}
                disabled={busy !== null}
              >
                {dirty ? t('ruleSets:editor.discard') : t('ruleSets:editor.stop')}
              </button>
            </div>
          )}
          {confirmPublish && (
            <PublishDialog
              rs={rs}
              busy={busy === 'publish'}
              error={publishError}
              onConfirm={publish}
              onCancel={() => {
                setConfirmPublish(false);
                setPublishError(null);
              }}
            />
          )}
          {message && (
            <p
              className={message.tone === 'ok' ? 'ok-text' : 'field-error'}
              role={message.tone === 'ok' ? 'status' : 'alert'}
            >
              {message.text}
            </p>
          )}
          {otherErrors.length > 0 && (
            <ul className="field-error">
              {otherErrors.map((m, n) => (
                <li key={n}>{m}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      <h2>{t('ruleSets:detail.categories')}</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('ruleSets:detail.category')}</th>
            <th scope="col" className="num">
              {t('ruleSets:detail.threshold')}
            </th>
          </tr>
        </thead>
        <tbody>
          {def.categories.map((c, n) => (
            <tr key={c.code}>
              <td>
                {f.text(c.label)} <span className="code">{c.code}</span> {c.mark === 'P' && <ProvisionalBadge />}
              </td>
              <td className="num">
                <NumberCell
                  editor={editor}
                  def={def}
                  path={['categories', n, 'threshold']}
                  label={t('ruleSets:editor.thresholdOf', { name: f.text(c.label) })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('ruleSets:detail.inputs')}</h2>
      <p className="small muted">{t('ruleSets:detail.sensitiveExplain')}</p>
      <table className="table rule-inputs">
        <thead>
          <tr>
            <th scope="col">{t('ruleSets:detail.input')}</th>
            <th scope="col">{t('ruleSets:detail.inputSector')}</th>
            <th scope="col">{t('ruleSets:detail.sensitive')}</th>
          </tr>
        </thead>
        <tbody>
          {def.inputs.map((input, n) => {
            const on = sensitive[n] ?? input.sensitive === true;
            return (
              <tr key={input.code} data-code={input.code}>
                <td>
                  {f.text(input.label)} <span className="code">{input.code}</span>
                </td>
                <td>{f.text(def.sectors.find((s) => s.code === input.sector)?.label) || input.sector}</td>
                <td>
                  {editing && input.kind === 'count' ? (
                    <input
                      type="checkbox"
                      checked={on}
                      aria-label={t('ruleSets:editor.sensitiveOf', { name: input.code })}
                      onChange={(e) => setSensitive((prev) => ({ ...prev, [n]: e.target.checked }))}
                    />
                  ) : on ? (
                    <Badge tone="warn">{t('ruleSets:detail.sensitiveYes')}</Badge>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2>{t('ruleSets:detail.criteria')}</h2>
      <nav className="toc" aria-label={t('ruleSets:detail.criteria')}>
        {def.criteria.map((c) => (
          <a key={c.code} href={`#rc-${c.code}`}>
            {c.code}
          </a>
        ))}
      </nav>
      {def.criteria.map((c, ci) => (
        <section key={c.code} className="criterion" id={`rc-${c.code}`} aria-labelledby={`rc-${c.code}-t`}>
          <div className="criterion-head">
            <h3 id={`rc-${c.code}-t`}>
              <span className="crit-code">{c.code}</span> {f.text(c.title)}
            </h3>
            <p className="criterion-score">
              {c.items.some(
                (i) => i.mark === 'P' || (i.measure.kind !== 'flag' && i.measure.bands.some((b) => b.mark === 'P')),
              ) && <ProvisionalBadge />}
              <strong>
                {t('ruleSets:detail.max')}{' '}
                <NumberCell
                  editor={editor}
                  def={def}
                  path={['criteria', ci, 'max']}
                  label={t('ruleSets:editor.maxOf', { name: c.code })}
                />
              </strong>
            </p>
          </div>
          <p className="small muted">
            {t('ruleSets:detail.sector', {
              sector: f.text(def.sectors.find((s) => s.code === c.sector)?.label) || c.sector,
            })}
          </p>
          <ol className="rule-items">
            {c.items.map((item, ii) => (
              <RuleItem
                key={item.code}
                item={item}
                path={['criteria', ci, 'items', ii]}
                inputs={inputs}
                editor={editor}
                def={def}
              />
            ))}
          </ol>
        </section>
      ))}
    </section>
  );
}

function NumberCell({
  editor,
  def,
  path,
  label,
}: {
  editor: EditorApi;
  def: RuleSetDefinition;
  path: Path;
  label: string;
}) {
  const f = useFormat();
  const k = key(path);
  const value = valueAt(def, path);
  if (!editor.editing) return <>{typeof value === 'number' ? f.num(value) : '—'}</>;
  const error = editor.errors[k];
  const id = `ed-${k}`;
  return (
    <span className="edit-cell">
      <input
        id={id}
        className="num-input"
        type="text"
        inputMode="decimal"
        aria-label={label}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-err` : undefined}
        value={editor.texts[k] ?? (typeof value === 'number' ? numberInputText(value, f.locale) : '')}
        onChange={(e) => editor.onChange(path, e.target.value)}
      />
      {error && (
        <span className="field-error block" id={`${id}-err`}>
          {error}
        </span>
      )}
    </span>
  );
}

function RuleItem({
  item,
  path,
  inputs,
  editor,
  def,
}: {
  item: ItemDef;
  path: Path;
  inputs: Map<string, InputDef>;
  editor: EditorApi;
  def: RuleSetDefinition;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const m = item.measure;
  const inputLabel = (code: string) => f.text(inputs.get(code)?.label) || code;
  const unit = m.kind === 'rate' ? t(`scoring:unit.${m.scale}`) : '';
  const sign = (d: 'higher' | 'lower') => (d === 'higher' ? '≥' : '≤');
  const mark = (band: Band) => band.mark ?? item.mark;

  let measure: ReactNode;
  if (m.kind === 'flag')
    measure = (
      <p>
        {t('ruleSets:measure.flag', { input: inputLabel(m.input) })}{' '}
        <strong>
          <NumberCell
            editor={editor}
            def={def}
            path={[...path, 'measure', 'points']}
            label={t('ruleSets:editor.pointsOf', { name: item.code })}
          />{' '}
          {t('ruleSets:detail.pointsWord')}
        </strong>
      </p>
    );
  else
    measure = (
      <>
        <p>
          {m.kind === 'rate'
            ? t('ruleSets:measure.rate', {
                numerator: inputLabel(m.numerator),
                denominator: inputLabel(m.denominator),
                unit,
              })
            : t('ruleSets:measure.count', { input: inputLabel(m.input) })}{' '}
          <span className="muted">({t(`ruleSets:measure.${m.direction}`)})</span>
        </p>
        <table className="table bands">
          <thead>
            <tr>
              <th scope="col">{t('ruleSets:detail.band')}</th>
              <th scope="col" className="num">
                {t('ruleSets:detail.points')}
              </th>
              <th scope="col">{t('ruleSets:detail.mark')}</th>
            </tr>
          </thead>
          <tbody>
            {m.bands.map((band, bi) => (
              <tr key={bi}>
                <td>
                  {sign(m.direction)}{' '}
                  <NumberCell
                    editor={editor}
                    def={def}
                    path={[...path, 'measure', 'bands', bi, 'threshold']}
                    label={t('ruleSets:editor.bandThreshold', { name: item.code, n: bi + 1 })}
                  />{' '}
                  {unit}
                </td>
                <td className="num">
                  <NumberCell
                    editor={editor}
                    def={def}
                    path={[...path, 'measure', 'bands', bi, 'points']}
                    label={t('ruleSets:editor.bandPoints', { name: item.code, n: bi + 1 })}
                  />
                </td>
                <td>
                  {mark(band) === 'P' ? (
                    <ProvisionalBadge />
                  ) : (
                    <span className="muted small">{t('scoring:mark.C')}</span>
                  )}
                </td>
              </tr>
            ))}
            {m.kind === 'rate' && m.noCases && (
              <tr>
                <td>{t('ruleSets:measure.noCases')}</td>
                <td className="num">
                  <NumberCell
                    editor={editor}
                    def={def}
                    path={[...path, 'measure', 'noCases', 'points']}
                    label={t('ruleSets:editor.noCasesPoints', { name: item.code })}
                  />
                </td>
                <td>
                  {(m.noCases.mark ?? item.mark) === 'P' ? (
                    <ProvisionalBadge />
                  ) : (
                    <span className="muted small">{t('scoring:mark.C')}</span>
                  )}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </>
    );

  return (
    <li className="rule-item">
      <div className="item-line">
        <span className="item-title">
          {f.text(item.title)} <span className="code">{item.code}</span>
        </span>
        <span>
          {item.mark === 'P' ? (
            <ProvisionalBadge note={f.text(item.markNote)} />
          ) : (
            <Badge tone="muted">{t('scoring:mark.C')}</Badge>
          )}
        </span>
      </div>
      {item.markNote && (
        <p className="mark-note small">
          {t('ruleSets:detail.markNote')}: {f.text(item.markNote)}
        </p>
      )}
      {measure}
      {item.zeroCriterionAbove !== undefined && (
        <p className="small warn-text">
          {t('ruleSets:measure.zeroAbove', { value: f.num(item.zeroCriterionAbove), unit })}
        </p>
      )}
    </li>
  );
}

/** Publishing, confirmed with which version it is, what it changes against its original and what follows. */
function PublishDialog({
  rs,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  rs: RuleSetDetail;
  busy: boolean;
  error: ApiError | string | null;
  onConfirm(): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const original = useApi<RuleSetDetail>(rs.basedOnId === null ? null : `/api/rule-sets/${rs.basedOnId}`);
  const changes = original.data ? ruleSetChanges(original.data.definition, rs.definition) : null;
  const line = (c: RuleSetChange) => {
    switch (c.kind) {
      case 'threshold':
        return t('ruleSets:publish.change.threshold', { label: f.text(c.label), from: f.num(c.from), to: f.num(c.to) });
      case 'criterionMax':
        return t('ruleSets:publish.change.criterionMax', {
          title: f.text(c.title),
          from: f.num(c.from),
          to: f.num(c.to),
        });
      case 'item':
      case 'itemAdded':
      case 'itemRemoved':
        return t(`ruleSets:publish.change.${c.kind}`, { title: f.text(c.title) });
      case 'sensitive':
        return t(`ruleSets:publish.change.${c.on ? 'sensitiveOn' : 'sensitiveOff'}`, { label: f.text(c.label) });
      case 'noZeroCriterion':
        return t(`ruleSets:publish.change.${c.on ? 'noZeroOn' : 'noZeroOff'}`);
    }
  };
  let changed: ReactNode;
  if (rs.basedOnId === null) changed = t('ruleSets:publish.noOriginal');
  else if (original.error) changed = messageOf(original.error);
  else if (!changes) changed = t('common:loading');
  else if (changes.length === 0) changed = t('ruleSets:publish.noChanges');
  else
    changed = (
      <ul className="plain-list">
        {changes.map((c, i) => (
          <li key={i}>{line(c)}</li>
        ))}
      </ul>
    );
  return (
    <ConfirmDialog
      testId="publish-confirm"
      title={t('ruleSets:publish.title', { title: f.text(rs.definition.title), version: rs.version })}
      confirmLabel={t('ruleSets:publish.yes')}
      onConfirm={onConfirm}
      onCancel={onCancel}
      busy={busy}
      error={error}
      warning={t('ruleSets:publish.confirm')}
      irreversible
    >
      <SummaryList
        rows={[
          { label: t('ruleSets:publish.version'), value: t('ruleSets:detail.version', { version: rs.version }) },
          ...(original.data
            ? [
                {
                  label: t('ruleSets:publish.original'),
                  value: t('ruleSets:detail.version', { version: original.data.version }),
                },
              ]
            : []),
          ...(rs.note ? [{ label: t('ruleSets:publish.note'), value: rs.note }] : []),
          { label: t('ruleSets:publish.changes'), value: changed },
        ]}
      />
    </ConfirmDialog>
  );
}
