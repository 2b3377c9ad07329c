// "/surveys/:unitId": a commune's satisfaction surveys of the latest period — open one per audience
// with its one-time codes, print the slips, type in paper forms, close a survey, and read the results
// and C13 inputs. Answers reach the results in steps of at least 5 (or when the survey closes): the
// page counts the codes used and the answers waiting, never which.
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { parseLocaleNumber } from '../../../core/numbers.ts';
import { AUDIENCES, SCALES, type Audience } from '../../../core/surveys/questionnaire.ts';
import { RELEASE_STEP } from '../../../core/surveys/results.ts';
import { DEFAULT_MARGIN, recommendedSampleSize } from '../../../core/surveys/sample.ts';
import { api, ApiError, messageOf } from '../../app/api.ts';
import { useAuth } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import type { Period } from '../../app/types.ts';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import { ConfirmDialog } from '../../ui/confirm.tsx';
import { useApi } from '../../app/useApi.ts';
import { latestPeriod } from '../auth/HomeRedirect.tsx';
import { AnswerForm } from './AnswerForm.tsx';
import type { AudienceResult, CommuneSurvey, SurveyCode, SurveyQuestionnaire, SurveyResults } from './types.ts';
import './surveys.css';

const base = (unitId: number) => `/api/communes/${unitId}/surveys`;

/** The register's children count for the period (the derived pop.children, else the value typed in the form), or null. */
function useChildrenCount(unitId: number, periodId: number, wanted: boolean): number | null {
  const derived = useApi<{
    inputs: { code: string; computed: number | boolean | null; stored: { value: number | boolean } | null }[];
  }>(wanted ? `/api/communes/${unitId}/register/derived?periodId=${periodId}` : null);
  const pop = derived.data?.inputs.find((i) => i.code === 'pop.children');
  const value = pop ? (pop.computed ?? pop.stored?.value ?? null) : null;
  return typeof value === 'number' && value > 0 ? value : null;
}

/** How many to ask for a ±10-point margin at 95% confidence, from the population when it is known. */
function SampleGuidance({
  audience,
  registerCount,
  onUse,
}: {
  audience: Audience;
  registerCount: number | null;
  onUse(n: number): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [typed, setTyped] = useState('');
  const typedNumber = parseLocaleNumber(typed, f.locale);
  const population =
    registerCount ?? (typedNumber !== null && Number.isInteger(typedNumber) && typedNumber > 0 ? typedNumber : null);
  const n = recommendedSampleSize({ population, margin: DEFAULT_MARGIN });
  const id = `population-${audience}`;
  return (
    <div className="notice survey-guidance" data-testid={`guidance-${audience}`}>
      {registerCount !== null ? (
        <p className="small">
          {t('surveysUi:guidance.fromRegister', { count: registerCount, n: f.num(registerCount) })}
        </p>
      ) : (
        <div className="field">
          <label htmlFor={id}>{t(`surveysUi:guidance.population.${audience}`)}</label>
          <input
            id={id}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
      )}
      <p>
        <strong>{t('surveysUi:guidance.recommended', { n: f.num(n), margin: f.num(DEFAULT_MARGIN * 100) })}</strong>{' '}
        <button type="button" className="btn-link" onClick={() => onUse(n)}>
          {t('surveysUi:guidance.use')}
        </button>
      </p>
      <p className="small">
        {t(population === null ? 'surveysUi:guidance.whyUnknown' : 'surveysUi:guidance.why', {
          n: f.num(population ?? 0),
          margin: f.num(DEFAULT_MARGIN * 100),
        })}
      </p>
    </div>
  );
}

function OpenSurveyForm({
  unitId,
  periodId,
  audience,
  onOpened,
}: {
  unitId: number;
  periodId: number;
  audience: Audience;
  onOpened(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [size, setSize] = useState('100');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const registerCount = useChildrenCount(unitId, periodId, audience === 'children');
  const id = `sample-${audience}`;
  async function submit(e: FormEvent) {
    e.preventDefault();
    const sampleSize = parseLocaleNumber(size, f.locale);
    if (sampleSize === null || !Number.isInteger(sampleSize) || sampleSize < 1 || sampleSize > 5000) {
      setError(t('surveysUi:commune.badSample'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api(base(unitId), { method: 'POST', body: { periodId, audience, sampleSize } });
      onOpened();
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)}>
      <p className="muted">{t('surveysUi:commune.none')}</p>
      <SampleGuidance audience={audience} registerCount={registerCount} onUse={(n) => setSize(String(n))} />
      <div className="field">
        <label htmlFor={id}>{t('surveysUi:commune.sampleSize')}</label>
        <input
          id={id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={size}
          onChange={(e) => setSize(e.target.value)}
        />
      </div>
      <ErrorBox error={error} />
      <button type="submit" className="btn-primary" disabled={busy}>
        {busy ? t('common:working') : t('surveysUi:commune.open')}
      </button>
    </form>
  );
}

function CodesList({ unitId, survey }: { unitId: number; survey: CommuneSurvey }) {
  const { t } = useTranslation();
  const codes = useApi<SurveyCode[]>(`${base(unitId)}/${survey.id}/codes`);
  if (codes.error) return <ErrorBox error={codes.error} onRetry={codes.reload} />;
  if (!codes.data) return <Loading />;
  return (
    <ul className="survey-codes" data-testid={`codes-${survey.audience}`} aria-label={t('surveysUi:commune.codes')}>
      {codes.data.map((c) => (
        <li key={c.code} data-code={c.code}>
          {c.code}
        </li>
      ))}
    </ul>
  );
}

/** Closing, confirmed first with what it does: held answers released, unused codes void, no way back. */
function CloseSurvey({
  unitId,
  survey,
  onClosed,
}: {
  unitId: number;
  survey: CommuneSurvey;
  onClosed(released: number): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const audience = t(`surveysUi:audience.${survey.audience}`);
  async function close() {
    setBusy(true);
    setError(null);
    try {
      const { released } = await api<{ released: number }>(`${base(unitId)}/${survey.id}/close`, { method: 'POST' });
      setAsking(false);
      onClosed(released);
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className="btn-secondary" onClick={() => setAsking(true)}>
        {t('surveysUi:commune.close')}
      </button>
      {asking && (
        <ConfirmDialog
          testId={`close-confirm-${survey.audience}`}
          title={t('surveysUi:commune.closeQuestion', { audience })}
          confirmLabel={t('surveysUi:commune.closeYes')}
          onConfirm={close}
          onCancel={() => {
            setAsking(false);
            setError(null);
          }}
          busy={busy}
          error={error}
          tone="danger"
          irreversible
        >
          <ul>
            <li>{t('surveysUi:commune.closeReleases', { count: survey.waiting, n: f.num(survey.waiting) })}</li>
            <li>
              {t('surveysUi:commune.closeCodes', {
                count: survey.issued - survey.used,
                n: f.num(survey.issued - survey.used),
              })}
            </li>
            <li>{t('surveysUi:commune.closeFinal')}</li>
          </ul>
        </ConfirmDialog>
      )}
    </>
  );
}

function SurveyCard({
  unitId,
  survey,
  questionnaire,
  onChanged,
}: {
  unitId: number;
  survey: CommuneSurvey;
  questionnaire: SurveyQuestionnaire | undefined;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const { user } = useAuth();
  const [showCodes, setShowCodes] = useState(false);
  const [paper, setPaper] = useState(false);
  const [saved, setSaved] = useState(0);
  const [closed, setClosed] = useState<number | null>(null);
  const open = survey.closedAt === null;
  // Closing is the officer's or the chairman's act; a collaborator only types paper forms.
  const mayClose = !!user?.roles.some(
    (r) => r.unitId === unitId && (r.role === 'commune_officer' || r.role === 'commune_chairman'),
  );
  return (
    <>
      <div className="survey-stats">
        <span>
          {t('surveysUi:commune.issued')}: <strong>{f.num(survey.issued)}</strong>
        </span>
        <span>
          {t('surveysUi:commune.used')}: <strong>{f.num(survey.used)}</strong>
        </span>
        <span>
          {t('surveysUi:commune.responses')}: <strong>{f.num(survey.responses)}</strong>
        </span>
        <span data-testid={`waiting-${survey.audience}`}>
          {t('surveysUi:commune.waiting')}: <strong>{f.num(survey.waiting)}</strong>
        </span>
      </div>
      <p className="small muted">{t('surveysUi:commune.steps', { step: RELEASE_STEP })}</p>
      {!open && (
        <p className="small" data-testid={`closed-${survey.audience}`}>
          <strong>{t('surveysUi:commune.closedOn', { date: f.date(survey.closedAt) })}</strong>
        </p>
      )}
      {closed !== null && (
        <p role="status" className="ok-text">
          {t('surveysUi:commune.closedDone', { count: closed, n: f.num(closed) })}
        </p>
      )}
      <div className="survey-actions">
        {open && (
          <a
            className="btn-secondary btn-like"
            href={`${base(unitId)}/${survey.id}/codes.pdf`}
            download
            data-testid={`pdf-${survey.audience}`}
          >
            {t('surveysUi:commune.pdf')}
          </a>
        )}
        <button
          type="button"
          className="btn-secondary"
          aria-expanded={showCodes}
          onClick={() => setShowCodes((s) => !s)}
        >
          {showCodes ? t('surveysUi:commune.hideCodes') : t('surveysUi:commune.showCodes')}
        </button>
        {open && (
          <button type="button" className="btn-secondary" aria-expanded={paper} onClick={() => setPaper((s) => !s)}>
            {t('surveysUi:commune.paper')}
          </button>
        )}
        {open && mayClose && (
          <CloseSurvey
            unitId={unitId}
            survey={survey}
            onClosed={(released) => {
              setPaper(false);
              setClosed(released);
              onChanged();
            }}
          />
        )}
      </div>
      {showCodes && <CodesList unitId={unitId} survey={survey} />}
      {saved > 0 && (
        <p role="status" className="small">
          {t('surveysUi:commune.paperSaved', { count: saved })}
        </p>
      )}
      {open &&
        paper &&
        (questionnaire ? (
          <div className="survey-card">
            <h3>{t('surveysUi:commune.paperTitle')}</h3>
            <AnswerForm
              key={saved}
              questionnaire={questionnaire}
              idPrefix={`paper-${survey.audience}`}
              submitLabel={t('surveysUi:commune.paperSave')}
              onSubmit={async (b) => {
                await api(`${base(unitId)}/${survey.id}/paper`, { method: 'POST', body: b });
                setSaved((n) => n + 1);
                onChanged();
              }}
            />
          </div>
        ) : (
          <Loading />
        ))}
    </>
  );
}

function ResultTable({
  result,
  questionnaire,
}: {
  result: AudienceResult;
  questionnaire: SurveyQuestionnaire | undefined;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const first = result.questions[0];
  if (!first) return null;
  const scale = questionnaire?.questions.find((q) => q.code === first.code)?.scale;
  const valueLabel = (value: number) => {
    const s = scale ? SCALES[scale].find((x) => x.value === value) : undefined;
    return s ? `${s.face ? `${s.face} ` : ''}${f.text(s.label)}` : String(value);
  };
  const questionText = (code: string) => {
    const q = questionnaire?.questions.find((x) => x.code === code);
    return q ? f.text(q.text) : code;
  };
  return (
    <div className="survey-table-wrap">
      <table data-testid={`results-${result.audience}`}>
        <caption className="sr-only">{t('surveysUi:commune.distribution')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('surveysUi:commune.question')}</th>
            {first.distribution.map((d) => (
              <th scope="col" key={d.value}>
                {valueLabel(d.value)}
              </th>
            ))}
            <th scope="col">{t('surveysUi:commune.answered')}</th>
          </tr>
        </thead>
        <tbody>
          {result.questions.map((q) => (
            <tr key={q.code}>
              <th scope="row">{questionText(q.code)}</th>
              {q.distribution.map((d) => (
                <td key={d.value} title={d.count.suppressed ? t('surveysUi:commune.suppressedHint') : undefined}>
                  {d.count.suppressed ? t('surveysUi:commune.hidden') : f.num(d.count.value)}
                </td>
              ))}
              <td title={q.answered.suppressed ? t('surveysUi:commune.suppressedHint') : undefined}>
                {q.answered.suppressed ? t('surveysUi:commune.hidden') : f.num(q.answered.value)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Results({
  unitId,
  periodId,
  questionnaires,
  tick,
}: {
  unitId: number;
  periodId: number;
  questionnaires: Map<Audience, SurveyQuestionnaire>;
  tick: number;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const results = useApi<SurveyResults>(`${base(unitId)}/results?periodId=${periodId}&t=${tick}`);
  if (results.error) return <ErrorBox error={results.error} onRetry={results.reload} />;
  if (!results.data) return <Loading />;
  const { inputs } = results.data;
  return (
    <section className="survey-card" aria-labelledby="survey-results">
      <h2 id="survey-results">{t('surveysUi:commune.results')}</h2>
      {results.data.results.length === 0 && <p className="muted">{t('surveysUi:commune.noResults')}</p>}
      {results.data.results.map((r) => (
        <div key={r.surveyId}>
          <h3>{t(`surveysUi:audience.${r.audience}`)}</h3>
          <div className="survey-stats">
            <span>
              {t('surveysUi:commune.respondents')}: <strong>{f.num(r.respondents)}</strong>
            </span>
            <span>
              {t('surveysUi:commune.satisfied')}: <strong>{f.num(r.satisfied)}</strong>
            </span>
            <span>
              {t('surveysUi:commune.rate')}:{' '}
              <strong>{r.responseRate === null ? '—' : `${f.num(r.responseRate, 1)}%`}</strong>
            </span>
          </div>
          <ResultTable result={r} questionnaire={questionnaires.get(r.audience)} />
        </div>
      ))}
      {results.data.results.length > 0 && (
        <p>
          <a
            className="btn-secondary btn-like"
            href={`${base(unitId)}/results.xlsx?periodId=${periodId}`}
            download
            data-testid="results-xlsx"
          >
            {t('surveysUi:commune.exportXlsx')}
          </a>
        </p>
      )}
      <h3>{t('surveysUi:commune.c13')}</h3>
      <div className="survey-stats" data-testid="c13-inputs">
        <span>
          {t('surveysUi:commune.c13Respondents')}: <strong>{f.num(inputs['C13.respondents'])}</strong>
        </span>
        <span>
          {t('surveysUi:commune.c13Satisfied')}: <strong>{f.num(inputs['C13.satisfied'])}</strong>
        </span>
      </div>
      <p>
        <Link to={`/assessments/${unitId}/${periodId}`}>{t('surveysUi:commune.toAssessment')}</Link>
      </p>
    </section>
  );
}

function PeriodSurveys({ unitId, period }: { unitId: number; period: Period }) {
  const { t } = useTranslation();
  const f = useFormat();
  const surveys = useApi<CommuneSurvey[]>(`${base(unitId)}?periodId=${period.id}`);
  const questionnaires =
    useApi<{ id: number; definition: SurveyQuestionnaire & { code: string; audience: Audience } }[]>(
      '/api/questionnaires',
    );
  const [tick, setTick] = useState(0);
  const refresh = () => {
    surveys.reload();
    setTick((n) => n + 1);
  };
  if (surveys.error) return <ErrorBox error={surveys.error} onRetry={surveys.reload} />;
  if (!surveys.data) return <Loading />;
  const byCode = new Map((questionnaires.data ?? []).map((q) => [q.definition.code, q.definition]));
  const byAudience = new Map<Audience, SurveyQuestionnaire>();
  for (const s of surveys.data) {
    const q = byCode.get(s.questionnaireCode);
    if (q) byAudience.set(s.audience, q);
  }
  return (
    <>
      <p className="muted">
        {t('surveysUi:commune.period', { year: period.year, from: f.date(period.startsOn), to: f.date(period.endsOn) })}
      </p>
      {AUDIENCES.map((audience) => {
        const survey = surveys.data!.find((s) => s.audience === audience);
        return (
          <section
            key={audience}
            className="survey-card"
            aria-labelledby={`aud-${audience}`}
            data-testid={`survey-${audience}`}
          >
            <h2 id={`aud-${audience}`}>{t(`surveysUi:audience.${audience}`)}</h2>
            {survey ? (
              <SurveyCard
                unitId={unitId}
                survey={survey}
                questionnaire={byAudience.get(audience)}
                onChanged={refresh}
              />
            ) : (
              <OpenSurveyForm unitId={unitId} periodId={period.id} audience={audience} onOpened={refresh} />
            )}
          </section>
        );
      })}
      <Results unitId={unitId} periodId={period.id} questionnaires={byAudience} tick={tick} />
    </>
  );
}

export default function CommuneSurveysPage() {
  const { t } = useTranslation();
  const unitId = Number(useParams().unitId);
  const periods = useApi<Period[]>('/api/periods');
  let body;
  if (periods.error) body = <ErrorBox error={periods.error} onRetry={periods.reload} />;
  else if (!periods.data) body = <Loading />;
  else {
    const latest = latestPeriod(periods.data);
    body = latest ? (
      <PeriodSurveys key={`${unitId}-${latest.id}`} unitId={unitId} period={latest} />
    ) : (
      <p>{t('surveysUi:commune.noPeriod')}</p>
    );
  }
  return (
    <section className="page survey-commune">
      <h1>{t('surveysUi:commune.title')}</h1>
      <p className="small muted">
        {t('surveysUi:commune.lead')} <Link to="/questionnaires">{t('surveysUi:commune.questionnaires')}</Link>
      </p>
      {body}
    </section>
  );
}
