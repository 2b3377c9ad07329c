// The public survey page sent with its questionnaire (issue 20.4): /khao-sat?ma=CODE carries the answer of
// the public API route the app would fetch for the code (a refusal too, so a code is never looked up twice),
// and the questionnaire's heading drawn as PublicSurveyPage.tsx draws it, so the first paint is the content.
import type { FastifyInstance } from 'fastify';
import { translator, type Locale } from '../../../i18n/index.ts';
import { checkCode } from '../../../core/surveys/codes.ts';
import { SCALES } from '../../../core/surveys/questionnaire.ts';
import { answerOf, escapeHtml as h, hotlineMarkup, pageLocale, sendPage } from '../../http/web-page.ts';
import type { PublicSurvey } from './contracts.ts';

type T = ReturnType<typeof translator>;

const text = (value: { vi: string; en: string } | null | undefined, locale: Locale) =>
  value ? value[locale] || value.vi : '';

/** The questionnaire as AnswerForm.tsx draws it, its choices not yet usable (the app takes over in a moment). */
function formMarkup(t: T, locale: Locale, survey: PublicSurvey): string {
  const q = survey.questionnaire;
  const choice = (inner: string) => `<label class="survey-choice"><input type="radio" disabled>${inner}</label>`;
  const ages = q.ageBands.length
    ? `<fieldset class="survey-question"><legend>${h(t('surveysUi:form.ageBand'))}</legend><div class="survey-choices">` +
      q.ageBands
        .map((band) =>
          choice(
            `<span class="survey-choice-label">${h(t('surveysUi:form.ageBandValue', { band: band.replace('-', '–') }))}</span>`,
          ),
        )
        .join('') +
      `</div></fieldset>`
    : '';
  const questions = q.questions.map((question) => {
    const faces = question.scale === 'faces3';
    return (
      `<fieldset class="survey-question"><legend>${h(text(question.text, locale))}</legend>` +
      `<div class="survey-choices${faces ? ' faces' : ''}">` +
      SCALES[question.scale]
        .map((s) =>
          choice(
            (faces ? `<span class="survey-face" aria-hidden="true">${h(s.face)}</span>` : '') +
              `<span class="survey-choice-label">${h(text(s.label, locale))}</span>`,
          ),
        )
        .join('') +
      `</div></fieldset>`
    );
  });
  return (
    `<form>${ages}${questions.join('')}` +
    `<button type="submit" class="btn-primary survey-submit" disabled>${h(t('surveysUi:public.submit'))}</button></form>`
  );
}

function surveyMarkup(t: T, locale: Locale, survey: PublicSurvey): string {
  return (
    `${hotlineMarkup(t)}<div class="public-shell"><header class="app-header survey-header">` +
    `<span class="brand">${h(t('surveysUi:public.header'))}</span><div class="lang-switch"></div></header>` +
    `<main class="survey-page"><h1>${h(text(survey.questionnaire.title, locale))}</h1>` +
    `<p class="muted">${h(t('surveysUi:public.where', { commune: survey.commune, year: survey.year }))}</p>` +
    `<p>${h(text(survey.questionnaire.intro, locale))}</p>` +
    `<p class="small muted">${h(t('surveysUi:public.anonymous'))}</p>${formMarkup(t, locale, survey)}</main></div>`
  );
}

export async function surveyPages(app: FastifyInstance, options: { webDist: string }) {
  app.get<{ Querystring: { ma?: string } }>('/khao-sat', { schema: { hide: true } }, async (request, reply) => {
    const locale = pageLocale(request);
    const t = translator(locale);
    // As PublicSurveyPage reads the code: a check character that does not match is told by the page itself.
    const code = (typeof request.query.ma === 'string' ? request.query.ma : '').trim();
    const checked = code ? checkCode(code) : null;
    const apiPath = `/api/public/surveys/${encodeURIComponent(code)}`;
    const answer =
      checked && (checked.ok || checked.problem !== 'check') ? await answerOf(app, request, apiPath) : null;
    const survey = answer?.status === 200 ? (answer.body as PublicSurvey) : null;
    return sendPage(request, reply, options.webDist, {
      lang: locale,
      title: t('surveysUi:public.docTitle'),
      answers: answer ? { [apiPath]: answer } : {},
      markup: survey ? surveyMarkup(t, locale, survey) : '',
      modules: ['src/web/features/public/Hotline.tsx', 'src/web/features/surveys/PublicSurveyPage.tsx'],
      // A one-time code's page: kept by no cache.
      cache: 'no-store',
    });
  });
}
