// "/questionnaires" and "/questionnaires/:code": the satisfaction questionnaires with their versions,
// and the editor where a province official or an administrator (the server's rule) changes the wording
// and the satisfaction rule. Question codes stay as they are; once answered, a save makes a new version.
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { SCALES, type ScaleCode } from '../../../core/surveys/questionnaire.ts';
import { api, ApiError } from '../../app/api.ts';
import { hasRole, useAuth } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { SubmitButton, useFormSubmit } from '../../ui/forms.tsx';
import type { QuestionnaireDefinition, QuestionnaireVersion } from './types.ts';
import './surveys.css';

const SCALE_CODES = Object.keys(SCALES) as ScaleCode[];

interface DraftQuestion {
  code: string;
  isNew: boolean;
  textVi: string;
  textEn: string;
  scale: ScaleCode;
  required: boolean;
  /** Counted in the satisfaction rule, and the answers that count as satisfied. */
  counted: boolean;
  satisfied: number[];
}

interface Draft {
  titleVi: string;
  titleEn: string;
  introVi: string;
  introEn: string;
  questions: DraftQuestion[];
  /** Share of the counted questions that must be answered "satisfied" (kept as k of n in the form). */
  share: number;
}

function draftOf(q: QuestionnaireDefinition): Draft {
  return {
    titleVi: q.title.vi,
    titleEn: q.title.en,
    introVi: q.intro.vi,
    introEn: q.intro.en,
    questions: q.questions.map((x) => ({
      code: x.code,
      isNew: false,
      textVi: x.text.vi,
      textEn: x.text.en,
      scale: x.scale,
      required: x.required,
      counted: q.satisfaction.questions.includes(x.code),
      satisfied: q.satisfaction.satisfied[x.code] ?? [],
    })),
    share: q.satisfaction.atLeast,
  };
}

/** k of n: the smallest whole number of counted questions that reaches the share. */
const kOf = (share: number, n: number) => Math.min(n, Math.max(1, Math.ceil(share * n - 1e-9)));

function bodyOf(draft: Draft, latest: QuestionnaireDefinition) {
  const counted = draft.questions.filter((q) => q.counted);
  return {
    title: { vi: draft.titleVi, en: draft.titleEn },
    intro: { vi: draft.introVi, en: draft.introEn },
    ageBands: latest.ageBands,
    questions: draft.questions.map((q) => ({
      code: q.code.trim().toUpperCase(),
      text: { vi: q.textVi, en: q.textEn },
      scale: q.scale,
      required: q.required,
    })),
    satisfaction: {
      questions: counted.map((q) => q.code.trim().toUpperCase()),
      satisfied: Object.fromEntries(counted.map((q) => [q.code.trim().toUpperCase(), q.satisfied])),
      atLeast: counted.length ? kOf(draft.share, counted.length) / counted.length : 1,
    },
  };
}

/** Where on the form a server issue belongs: a field's slot, or 'other'. */
function slotOf(field: string, draft: Draft): string {
  if (/^(title|intro)\.(vi|en)$/.test(field)) return field;
  let m = /^questions\.(\d+)\.(code|text\.vi|text\.en)/.exec(field);
  if (m) return `q${m[1]}.${m[2]}`;
  m = /^questions\.(\d+)/.exec(field);
  if (m) return `q${m[1]}`;
  if (field === 'questions') return 'questions';
  m = /^satisfaction\.satisfied\.([^.]+)/.exec(field);
  if (m) {
    const i = draft.questions.findIndex((q) => q.code.trim().toUpperCase() === m![1]);
    return i >= 0 ? `q${i}.satisfied` : 'rule';
  }
  if (field.startsWith('satisfaction')) return 'rule';
  return 'other';
}

function FieldIssues({ id, messages }: { id: string; messages: string[] | undefined }) {
  if (!messages?.length) return null;
  return (
    <p className="field-error" id={id} data-testid={id}>
      {messages.map((m, i) => (
        <span key={i}>{m}</span>
      ))}
    </p>
  );
}

function nextCode(questions: DraftQuestion[]): string {
  const taken = new Set(questions.map((q) => q.code.trim().toUpperCase()));
  let i = questions.length + 1;
  while (taken.has(`Q${i}`)) i++;
  return `Q${i}`;
}

function Editor({
  code,
  latest,
  history,
  mayEdit,
  onSaved,
}: {
  code: string;
  latest: QuestionnaireVersion;
  history: QuestionnaireVersion[];
  mayEdit: boolean;
  onSaved(saved: { version: number; newVersion: boolean }): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [draft, setDraft] = useState(() => draftOf(latest.definition));
  const { submit, error, busy } = useFormSubmit(async () => {
    const saved = await api<{ id: number; version: number; newVersion: boolean }>(
      `/api/questionnaires/${encodeURIComponent(code)}`,
      { method: 'PUT', body: bodyOf(draft, latest.definition) },
    );
    onSaved(saved);
  });
  const issues: Record<string, string[]> = {};
  if (error instanceof ApiError) for (const i of error.issues) (issues[slotOf(i.field, draft)] ??= []).push(i.message);
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const setQuestion = (index: number, change: Partial<DraftQuestion>) =>
    setDraft((d) => ({ ...d, questions: d.questions.map((q, i) => (i === index ? { ...q, ...change } : q)) }));
  const counted = draft.questions.filter((q) => q.counted);
  const n = counted.length;
  const k = n ? kOf(draft.share, n) : 0;
  const v = latest.definition.version;
  const describedBy = (slot: string) => (issues[slot] ? `err-${slot}` : undefined);

  const textField = (
    slot: 'title.vi' | 'title.en' | 'intro.vi' | 'intro.en',
    value: string,
    onChange: (v: string) => void,
    long = false,
  ) => {
    const id = `qn-${slot.replace('.', '-')}`;
    const props = {
      id,
      value,
      'aria-invalid': issues[slot] ? true : undefined,
      'aria-describedby': describedBy(slot),
      onChange: (e: { target: { value: string } }) => onChange(e.target.value),
    };
    return (
      <div className="field">
        <label htmlFor={id}>{t(`surveysUi:editor.field.${slot}`)}</label>
        {long ? <textarea rows={3} {...props} /> : <input {...props} />}
        <FieldIssues id={`err-${slot}`} messages={issues[slot]} />
      </div>
    );
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="questionnaire-editor">
      <fieldset disabled={!mayEdit || busy} className="plain-fieldset">
        {textField('title.vi', draft.titleVi, (x) => set({ titleVi: x }))}
        {textField('title.en', draft.titleEn, (x) => set({ titleEn: x }))}
        {textField('intro.vi', draft.introVi, (x) => set({ introVi: x }), true)}
        {textField('intro.en', draft.introEn, (x) => set({ introEn: x }), true)}

        <h2>{t('surveysUi:editor.questions')}</h2>
        <p className="small muted">{t('surveysUi:editor.codesStable')}</p>
        <FieldIssues id="err-questions" messages={issues.questions} />
        {draft.questions.map((q, i) => {
          const p = `q${i}`;
          return (
            <fieldset key={i} className="survey-question editor-question" data-testid={`editor-question-${i}`}>
              <legend>
                {q.isNew ? t('surveysUi:editor.newQuestion') : t('surveysUi:editor.question', { code: q.code })}
              </legend>
              {q.isNew ? (
                <div className="field">
                  <label htmlFor={`${p}-code`}>{t('surveysUi:editor.code')}</label>
                  <input
                    id={`${p}-code`}
                    value={q.code}
                    maxLength={32}
                    aria-invalid={issues[`${p}.code`] ? true : undefined}
                    aria-describedby={describedBy(`${p}.code`)}
                    onChange={(e) => setQuestion(i, { code: e.target.value.toUpperCase() })}
                  />
                  <p className="small muted">{t('surveysUi:editor.codeHint')}</p>
                  <FieldIssues id={`err-${p}.code`} messages={issues[`${p}.code`]} />
                </div>
              ) : (
                <p className="small">
                  {t('surveysUi:editor.code')}: <code data-testid={`code-${i}`}>{q.code}</code> ·{' '}
                  {t(`surveysUi:editor.scale.${q.scale}`)}
                </p>
              )}
              <div className="field">
                <label htmlFor={`${p}-text-vi`}>{t('surveysUi:editor.textVi')}</label>
                <textarea
                  id={`${p}-text-vi`}
                  rows={2}
                  value={q.textVi}
                  aria-invalid={issues[`${p}.text.vi`] ? true : undefined}
                  aria-describedby={describedBy(`${p}.text.vi`)}
                  onChange={(e) => setQuestion(i, { textVi: e.target.value })}
                />
                <FieldIssues id={`err-${p}.text.vi`} messages={issues[`${p}.text.vi`]} />
              </div>
              <div className="field">
                <label htmlFor={`${p}-text-en`}>{t('surveysUi:editor.textEn')}</label>
                <textarea
                  id={`${p}-text-en`}
                  rows={2}
                  value={q.textEn}
                  onChange={(e) => setQuestion(i, { textEn: e.target.value })}
                />
                <FieldIssues id={`err-${p}.text.en`} messages={issues[`${p}.text.en`]} />
              </div>
              {q.isNew && (
                <div className="field">
                  <label htmlFor={`${p}-scale`}>{t('surveysUi:editor.scaleLabel')}</label>
                  <select
                    id={`${p}-scale`}
                    value={q.scale}
                    onChange={(e) => setQuestion(i, { scale: e.target.value as ScaleCode, satisfied: [] })}
                  >
                    {SCALE_CODES.map((s) => (
                      <option key={s} value={s}>
                        {t(`surveysUi:editor.scale.${s}`)}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              <label className="check">
                <input
                  type="checkbox"
                  checked={q.required}
                  onChange={(e) => setQuestion(i, { required: e.target.checked })}
                />
                {t('surveysUi:editor.required')}
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={q.counted}
                  onChange={(e) => setQuestion(i, { counted: e.target.checked })}
                />
                {t('surveysUi:editor.counted')}
              </label>
              {q.counted && (
                <fieldset className="plain-fieldset editor-satisfied" aria-describedby={describedBy(`${p}.satisfied`)}>
                  <legend className="small">{t('surveysUi:editor.satisfiedValues')}</legend>
                  {SCALES[q.scale].map((s) => (
                    <label key={s.value} className="check">
                      <input
                        type="checkbox"
                        checked={q.satisfied.includes(s.value)}
                        onChange={(e) =>
                          setQuestion(i, {
                            satisfied: e.target.checked
                              ? [...q.satisfied, s.value].sort((a, b) => a - b)
                              : q.satisfied.filter((x) => x !== s.value),
                          })
                        }
                      />
                      {s.face ? `${s.face} ` : ''}
                      {f.text(s.label)}
                    </label>
                  ))}
                  <FieldIssues id={`err-${p}.satisfied`} messages={issues[`${p}.satisfied`]} />
                </fieldset>
              )}
              <FieldIssues id={`err-${p}`} messages={issues[p]} />
              {q.isNew && (
                <button
                  type="button"
                  className="btn-link"
                  onClick={() => setDraft((d) => ({ ...d, questions: d.questions.filter((_, j) => j !== i) }))}
                >
                  {t('surveysUi:editor.remove')}
                </button>
              )}
            </fieldset>
          );
        })}
        <button
          type="button"
          className="btn-secondary"
          onClick={() =>
            setDraft((d) => ({
              ...d,
              questions: [
                ...d.questions,
                {
                  code: nextCode(d.questions),
                  isNew: true,
                  textVi: '',
                  textEn: '',
                  scale: d.questions[0]?.scale ?? 'likert5',
                  required: true,
                  counted: false,
                  satisfied: [],
                },
              ],
            }))
          }
        >
          {t('surveysUi:editor.add')}
        </button>

        <h2>{t('surveysUi:editor.rule')}</h2>
        <p className="small muted">{t('surveysUi:editor.ruleHint')}</p>
        {n > 0 ? (
          <div className="field">
            <label htmlFor="qn-share">{t('surveysUi:editor.shareLabel', { n })}</label>
            <select id="qn-share" value={k} onChange={(e) => set({ share: Number(e.target.value) / n })}>
              {Array.from({ length: n }, (_, j) => j + 1).map((j) => (
                <option key={j} value={j}>
                  {t('surveysUi:editor.shareOption', { k: j, n, percent: f.num((j / n) * 100, 0) })}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <p className="warn-text">{t('surveysUi:editor.noCounted')}</p>
        )}
        <FieldIssues id="err-rule" messages={issues.rule} />
      </fieldset>

      {mayEdit && (
        <>
          <p className="notice" data-testid="version-notice">
            {latest.responses > 0
              ? t('surveysUi:editor.willVersion', { version: v, next: v + 1, count: latest.responses })
              : t('surveysUi:editor.inPlace', { version: v })}
          </p>
          {error !== null && (
            <ErrorBox
              error={
                error instanceof ApiError
                  ? new ApiError(
                      error.status,
                      error.code,
                      error.message,
                      error.issues
                        .filter((i) => slotOf(i.field, draft) === 'other')
                        .map((i) => ({ ...i, message: `${i.field}: ${i.message}` })),
                    )
                  : String(error)
              }
            />
          )}
          <SubmitButton busy={busy}>{t('surveysUi:editor.save')}</SubmitButton>
        </>
      )}
      {history.length > 1 && <p className="small muted">{t('surveysUi:editor.oldKeep')}</p>}
    </form>
  );
}

function VersionsTable({ history }: { history: QuestionnaireVersion[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className="survey-table-wrap">
      <table className="table" data-testid="versions">
        <caption className="sr-only">{t('surveysUi:editor.versions')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('surveysUi:editor.version')}</th>
            <th scope="col">{t('surveysUi:editor.created')}</th>
            <th scope="col">{t('surveysUi:editor.responses')}</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h, i) => (
            <tr key={h.id}>
              <td>
                {h.definition.version}
                {i === 0 ? ` (${t('surveysUi:editor.current')})` : ''}
              </td>
              <td>{f.date(h.createdAt)}</td>
              <td>{f.num(h.responses)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function QuestionnaireEditor({ code }: { code: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { user } = useAuth();
  // The server's rule (store.ts mayEditQuestionnaires): the questionnaires are national, the ministry edits them.
  const mayEdit = hasRole(user, 'ministry_official');
  const history = useApi<QuestionnaireVersion[]>(`/api/questionnaires/${encodeURIComponent(code)}`);
  const [saved, setSaved] = useState<{ version: number; newVersion: boolean; n: number } | null>(null);
  if (history.error) return <ErrorBox error={history.error} onRetry={history.reload} />;
  if (!history.data) return <Loading />;
  const latest = history.data[0]!;
  return (
    <>
      <p>
        <Link to="/questionnaires">← {t('surveysUi:editor.back')}</Link>
      </p>
      <h1>{f.text(latest.definition.title)}</h1>
      <p className="small muted">
        {t('surveysUi:editor.meta', {
          code,
          version: latest.definition.version,
          audience: t(`surveysUi:audience.${latest.definition.audience}`),
        })}
      </p>
      {!mayEdit && <p className="notice">{t('surveysUi:editor.readOnly')}</p>}
      {saved && (
        <p role="status" className="notice" data-testid="saved">
          {saved.newVersion
            ? t('surveysUi:editor.savedNew', { version: saved.version })
            : t('surveysUi:editor.savedInPlace', { version: saved.version })}
        </p>
      )}
      <h2>{t('surveysUi:editor.versions')}</h2>
      <VersionsTable history={history.data} />
      <h2>{t('surveysUi:editor.content')}</h2>
      <Editor
        key={`${latest.id}-${saved?.n ?? 0}`}
        code={code}
        latest={latest}
        history={history.data}
        mayEdit={mayEdit}
        onSaved={(s) => {
          setSaved({ ...s, n: (saved?.n ?? 0) + 1 });
          history.reload();
        }}
      />
    </>
  );
}

function QuestionnaireCard({ item }: { item: { id: number; definition: QuestionnaireDefinition } }) {
  const { t } = useTranslation();
  const f = useFormat();
  const history = useApi<QuestionnaireVersion[]>(`/api/questionnaires/${encodeURIComponent(item.definition.code)}`);
  const q = item.definition;
  return (
    <section className="survey-card" data-testid={`questionnaire-${q.code}`} aria-labelledby={`qn-${q.code}`}>
      <h2 id={`qn-${q.code}`}>
        <Link to={`/questionnaires/${q.code}`}>{f.text(q.title)}</Link>
      </h2>
      <p className="small muted">
        {t('surveysUi:editor.meta', {
          code: q.code,
          version: q.version,
          audience: t(`surveysUi:audience.${q.audience}`),
        })}
      </p>
      <p className="small">{t('surveysUi:editor.questionCount', { count: q.questions.length })}</p>
      {history.data && (
        <p className="small">
          {t('surveysUi:editor.versions')}:{' '}
          {history.data
            .map((h) => t('surveysUi:editor.versionSummary', { version: h.definition.version, count: h.responses }))
            .join('; ')}
        </p>
      )}
    </section>
  );
}

export default function QuestionnairesPage() {
  const { t } = useTranslation();
  const { code } = useParams();
  const list = useApi<{ id: number; definition: QuestionnaireDefinition }[]>(code ? null : '/api/questionnaires');
  if (code)
    return (
      <section className="page questionnaires-page">
        <QuestionnaireEditor key={code} code={code} />
      </section>
    );
  return (
    <section className="page questionnaires-page">
      <h1>{t('surveysUi:editor.title')}</h1>
      <p className="small muted">{t('surveysUi:editor.lead')}</p>
      {list.error ? (
        <ErrorBox error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : (
        list.data.map((item) => <QuestionnaireCard key={item.id} item={item} />)
      )}
    </section>
  );
}
