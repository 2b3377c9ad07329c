// The portal's pages sent with their data (issue 20.4): /cong-khai and /cong-khai/:code carry the answers of
// the public API routes the app would fetch, and a static rendering of what shows first, as the React pages
// (src/web/features/public) draw it, so the first paint is the content.
import type { FastifyInstance } from 'fastify';
import { formatDate, formatNumber, translator, type Locale } from '../../../i18n/index.ts';
import { answerOf, escapeHtml as h, hotlineMarkup, pageLocale, sendPage, type Answer } from '../../http/web-page.ts';
import type { PublicCommune, PublicEntry, PublicProvinceList } from './contracts.ts';

type T = ReturnType<typeof translator>;

/** The web modules that draw these pages (their styles come with the page). */
const LAYOUT = 'src/web/features/public/PublicLayout.tsx';

/** The same query string as the web app's qs() (src/web/app/api.ts): empty values left out. */
function qs(params: Record<string, string>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  const s = search.toString();
  return s ? `?${s}` : '';
}

const text = (value: { vi: string; en: string } | null, locale: Locale) => (value ? value[locale] || value.vi : '');

/** The portal's frame (PublicLayout.tsx): product name, a way in for officials, the hotline, then the page. */
function frame(t: T, page: string): string {
  return (
    `<div class="shell public-shell"><header class="app-header public-header">` +
    `<div class="header-row"><a href="/cong-khai" class="brand">${h(t('common:appName'))}</a><div class="lang-switch"></div></div>` +
    `<div class="header-row user-row"><span>${h(t('rounds:public.tagline'))}</span>` +
    `<a href="/login" class="public-login">${h(t('rounds:public.login'))}</a></div></header>` +
    `${hotlineMarkup(t)}<main>${page}</main></div>`
  );
}

function provincesTable(t: T, locale: Locale, list: PublicProvinceList): string {
  const num = (v: number, d?: number) => formatNumber(v, locale, d);
  const share = (v: number | null) => (v === null ? '—' : `${num(v * 100, 1)} %`);
  if (list.years.length === 0 && list.items.length === 0) return `<p>${h(t('portalUi:provinces.noYears'))}</p>`;
  const head = list.years.map(
    (y) => `<th scope="col" class="num">${h(t('portalUi:provinces.yearColumn', { year: y }))}</th>`,
  );
  const rows = list.items.map(
    (p) =>
      `<tr><th scope="row"><a href="/cong-khai/tinh/${h(p.code)}">${h(p.name)}</a></th><td class="num">${h(num(p.communes))}</td>` +
      p.years
        .map(
          (y) =>
            `<td class="num">${
              y.round || y.recognized > 0
                ? `<a href="/cong-khai/tinh/${h(p.code)}?year=${y.year}" class="portal-share">${h(t('portalUi:provinces.share', { count: num(y.recognized), share: share(y.share) }))}</a>`
                : `<span class="muted small">${h(t('portalUi:provinces.noRound'))}</span>`
            }</td>`,
        )
        .join('') +
      `</tr>`,
  );
  return (
    `<div class="table-scroll"><table class="table portal-table"><caption>${h(t('portalUi:provinces.caption'))}</caption>` +
    `<thead><tr><th scope="col">${h(t('portalUi:provinces.province'))}</th><th scope="col" class="num">${h(t('portalUi:provinces.communes'))}</th>${head.join('')}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div>`
  );
}

function portalMarkup(t: T, locale: Locale, provinces: Answer): string {
  return frame(
    t,
    `<div class="page"><h1>${h(t('portalUi:title'))}</h1><p class="muted small">${h(t('portalUi:intro'))}</p>` +
      `<section><h2>${h(t('portalUi:provinces.title'))}</h2>` +
      (provinces.status === 200 ? provincesTable(t, locale, provinces.body as PublicProvinceList) : '') +
      `</section><section><h2>${h(t('portalUi:recognizedList'))}</h2>` +
      `<p class="muted small">${h(t('rounds:public.recognizedIntro'))}</p></section></div>`,
  );
}

function entryMarkup(t: T, locale: Locale, e: PublicEntry): string {
  const num = (v: number) => formatNumber(v, locale);
  const date = (v: string | null) => (v ? formatDate(v) : '');
  const badge = (tone: string, label: string) => `<span class="badge badge-${tone}">${h(label)}</span>`;
  const s = e.score;
  let out = `<article class="card public-entry"><h2 class="card-title" lang="vi">${h(e.round.title)}</h2>`;
  out += e.recognition
    ? `<p class="recognized-line">${badge('ok', t('rounds:public.recognized'))} ${h(t('rounds:public.recognizedBy', { number: e.recognition.decisionNumber, date: date(e.recognition.signedOn) }))}</p>`
    : `<p>${badge('info', t(`rounds:public.state.${e.state}`, { defaultValue: t(`rounds:state.${e.state}`) }))}</p>`;
  if (e.posting.from && e.posting.to)
    out +=
      `<p class="small">${h(t('rounds:public.posting', { from: date(e.posting.from), to: date(e.posting.to) }))} ` +
      (e.posting.commentsOpen
        ? badge('ok', t('rounds:public.commentsOpen'))
        : badge('muted', t('rounds:public.commentsClosed'))) +
      `</p>`;
  if (s) {
    out +=
      `<p class="public-total"><span class="muted">${h(s.source === 'submission' ? t('rounds:public.scoreSubmitted') : t('rounds:public.scoreSelf'))}: </span>` +
      `<strong class="total-number">${h(num(s.total))}</strong>` +
      (s.maxTotal !== null ? `<span class="total-max"> / ${h(num(s.maxTotal))}</span>` : '') +
      (s.threshold !== null
        ? `<span class="muted small"> · ${h(t('rounds:public.threshold', { threshold: num(s.threshold) }))}</span>`
        : '') +
      `</p><p class="small muted">${h(t('portalUi:posting.figuresHint'))}</p>` +
      `<table class="table public-criteria"><thead><tr><th scope="col">${h(t('rounds:public.criterion'))}</th>` +
      `<th scope="col">${h(t('portalUi:posting.figures'))}</th><th scope="col" class="num">${h(t('rounds:public.points'))}</th></tr></thead><tbody>` +
      s.criteria
        .map(
          (c) =>
            `<tr><th scope="row" class="public-criterion-title"><span class="crit-code">${h(c.code)}</span> ${h(text(c.title, locale))}</th>` +
            `<td class="public-figures">${c.items.map((i) => `<div class="public-item"><p class="public-item-title small">${h(text(i.title, locale))}</p></div>`).join('')}</td>` +
            `<td class="num"><span class="crit-points">${h(c.noData ? t('portalUi:posting.noData') : t('assessments:points', { points: num(c.points), max: num(c.max) }))}</span></td></tr>`,
        )
        .join('') +
      `</tbody></table>`;
  }
  return `${out}</article>`;
}

function communeMarkup(t: T, locale: Locale, page: PublicCommune): string {
  const { commune, entries } = page;
  const crumbs =
    `<nav class="crumbs" aria-label="${h(t('portalUi:nav.breadcrumb'))}"><ol><li><a href="/cong-khai">${h(t('portalUi:nav.portal'))}</a></li>` +
    (commune.provinceCode && commune.provinceName
      ? `<li><a href="/cong-khai/tinh/${h(commune.provinceCode)}">${h(commune.provinceName)}</a></li>`
      : '') +
    `<li aria-current="page">${h(commune.name)}</li></ol></nav>`;
  return frame(
    t,
    `<div class="page public-page">${crumbs}<h1>${h(commune.name)}` +
      (commune.provinceName ? `<span class="muted h1-sub"> — ${h(commune.provinceName)}</span>` : '') +
      `</h1>` +
      (commune.current ? '' : `<p class="notice">${h(t('rounds:public.notCurrent'))}</p>`) +
      (entries.length === 0
        ? `<p>${h(t('rounds:public.nothingPosted'))}</p>`
        : entries.map((e) => entryMarkup(t, locale, e)).join('')) +
      `</div>`,
  );
}

export async function publicPostingPages(app: FastifyInstance, options: { webDist: string }) {
  app.get<{ Querystring: { year?: string; province?: string } }>(
    '/cong-khai',
    { schema: { hide: true } },
    async (request, reply) => {
      const locale = pageLocale(request);
      const t = translator(locale);
      // The filters as PublicRecognizedPage reads them; ones the API would refuse are simply not inlined.
      const year = /^\d{4}$/.test(request.query.year ?? '') ? request.query.year! : '';
      const provinceCode = /^\d{2}$/.test(request.query.province ?? '') ? request.query.province! : '';
      const recognizedPath = `/api/public/recognized${qs({ year, provinceCode })}`;
      const [provinces, recognized] = await Promise.all([
        answerOf(app, request, '/api/public/provinces'),
        answerOf(app, request, recognizedPath),
      ]);
      const answers: Record<string, Answer> = {};
      if (provinces.status === 200) answers['/api/public/provinces'] = provinces;
      if (recognized.status === 200) answers[recognizedPath] = recognized;
      return sendPage(request, reply, options.webDist, {
        lang: locale,
        title: `${t('portalUi:title')} — ${t('common:appName')}`,
        answers,
        markup: portalMarkup(t, locale, provinces),
        modules: [LAYOUT, 'src/web/features/public/PublicRecognizedPage.tsx'],
        cache: 'no-cache',
      });
    },
  );

  app.get<{ Params: { code: string } }>('/cong-khai/:code', { schema: { hide: true } }, async (request, reply) => {
    const locale = pageLocale(request);
    const t = translator(locale);
    const { code } = request.params;
    const apiPath = `/api/public/communes/${encodeURIComponent(code)}`;
    const answer = /^\d{5}$/.test(code) ? await answerOf(app, request, apiPath) : null;
    const page = answer?.status === 200 ? (answer.body as PublicCommune) : null;
    return sendPage(request, reply, options.webDist, {
      lang: locale,
      title: page ? `${page.commune.name} — ${t('common:appName')}` : t('common:appName'),
      answers: answer && page ? { [apiPath]: answer } : {},
      markup: page ? communeMarkup(t, locale, page) : '',
      modules: [LAYOUT, 'src/web/features/public/PublicCommunePage.tsx'],
      cache: 'no-cache',
    });
  });
}
