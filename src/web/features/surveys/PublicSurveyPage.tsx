// "/khao-sat?ma=CODE": the public answer page of a satisfaction survey. No account, no name, no
// contact: the one-time code printed on the slip (or in its QR code) is all it needs.
import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { LanguageSwitch } from '../../app/LanguageSwitch.tsx';
import { consumePreloaded, preloaded, showApp } from '../../app/preloaded.ts';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import { checkCode } from '../../../core/surveys/codes.ts';
import { AnswerForm } from './AnswerForm.tsx';
import type { PublicSurvey } from './types.ts';
import './surveys.css';

/** Why a code cannot be answered, in words a child or a resident understands. */
function codeProblem(error: unknown, t: (key: string) => string): string | null {
  if (!(error instanceof ApiError)) return null;
  // The right form with a check character that does not match: one character mistyped, said as such.
  if (error.status === 400 && error.code === 'bad_check') return error.message;
  if (error.status === 409)
    return t(error.code === 'survey_closed' ? 'surveysUi:public.closed' : 'surveysUi:public.used');
  if (error.status === 404) return t('surveysUi:public.unknown');
  if (error.status === 400 && !error.issues.length) return t('surveysUi:public.mistyped');
  return null;
}

function CodeEntry({ initial, onCode }: { initial: string; onCode(code: string): void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (value.trim()) onCode(value.trim().toUpperCase());
  }
  return (
    <form onSubmit={submit} className="survey-card">
      <div className="field">
        <label htmlFor="survey-code">{t('surveysUi:public.codeLabel')}</label>
        <input
          id="survey-code"
          className="survey-code-input"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          inputMode="text"
          placeholder="AB12-CD34-X"
        />
        <p className="small muted">{t('surveysUi:public.codeHint')}</p>
      </div>
      <button type="submit" className="btn-primary survey-submit">
        {t('surveysUi:public.open')}
      </button>
    </form>
  );
}

export default function PublicSurveyPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const code = (params.get('ma') ?? '').trim();
  const apiPath = `/api/public/surveys/${encodeURIComponent(code)}`;
  // The answer for the code may have come with the page (src/server/features/surveys/pages.ts).
  const [given] = useState(() => (code ? preloaded<PublicSurvey>(apiPath) : undefined));
  const [survey, setSurvey] = useState<PublicSurvey | null>(given && 'data' in given ? given.data : null);
  const [problem, setProblem] = useState<ApiError | string | null>(
    given && 'error' in given ? (codeProblem(given.error, t) ?? given.error) : null,
  );
  const [loading, setLoading] = useState(false);
  const [done, setDone] = useState(false);
  const skipFirst = useRef(given !== undefined);

  useLayoutEffect(() => {
    consumePreloaded(apiPath);
    if (!loading) showApp();
  }, [apiPath, loading]);

  useEffect(() => {
    // The first render shows the inlined answer: nothing to ask; a later code (or language) asks as before.
    if (skipFirst.current) {
      skipFirst.current = false;
      return;
    }
    setSurvey(null);
    setProblem(null);
    setDone(false);
    if (!code) return;
    // A check character that does not match is told at once, without asking the server.
    const checked = checkCode(code);
    if (!checked.ok && checked.problem === 'check') {
      setProblem(t('surveysUi:public.badCheck', { code: checked.printed }));
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    api<PublicSurvey>(`/api/public/surveys/${encodeURIComponent(code)}`, { signal: controller.signal, quiet401: true })
      .then((body) => setSurvey(body))
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setProblem(codeProblem(e, t) ?? (e instanceof ApiError ? e : t('common:error.unexpected')));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [code, t]);

  useEffect(() => {
    document.title = t('surveysUi:public.docTitle');
  }, [t]);

  let body;
  if (done)
    body = (
      <div className="survey-card survey-thanks" role="status" data-testid="survey-thanks">
        <p className="survey-face" aria-hidden="true">
          😊
        </p>
        <h2>{t('surveysUi:public.thanksTitle')}</h2>
        <p>{t('surveysUi:public.thanksText')}</p>
      </div>
    );
  else if (!code) body = <CodeEntry initial="" onCode={(c) => setParams({ ma: c })} />;
  else if (loading) body = <Loading />;
  else if (problem)
    body = (
      <>
        <div data-testid="survey-problem">
          <ErrorBox error={problem} />
        </div>
        <CodeEntry initial={code} onCode={(c) => setParams({ ma: c })} />
      </>
    );
  else if (survey)
    body = (
      <>
        <h1>{f.text(survey.questionnaire.title)}</h1>
        <p className="muted">{t('surveysUi:public.where', { commune: survey.commune, year: survey.year })}</p>
        <p>{f.text(survey.questionnaire.intro)}</p>
        <p className="small muted">{t('surveysUi:public.anonymous')}</p>
        <AnswerForm
          questionnaire={survey.questionnaire}
          idPrefix="public"
          submitLabel={t('surveysUi:public.submit')}
          describeError={(e) => codeProblem(e, t)}
          onSubmit={async (b) => {
            await api(`/api/public/surveys/${encodeURIComponent(survey.code)}/responses`, {
              method: 'POST',
              body: b,
              quiet401: true,
            });
            setDone(true);
            window.scrollTo(0, 0);
          }}
        />
      </>
    );
  else body = <Loading />;

  return (
    <div className="public-shell">
      <header className="app-header survey-header">
        <span className="brand">{t('surveysUi:public.header')}</span>
        <LanguageSwitch />
      </header>
      <main id="main" className="survey-page">
        {body}
      </main>
    </div>
  );
}
