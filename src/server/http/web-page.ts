// The web app's index.html sent with a public page's data (issue 20.4): the page's API answers inlined as a
// JSON block the app reads instead of fetching (src/web/app/preloaded.ts), and a static rendering of the
// content shown before any script runs, so the first paint is the content, not "Đang tải…".
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pickLocale, type Locale } from '../../i18n/index.ts';

/** The ids the web app looks for (src/web/app/preloaded.ts). */
export const DATA_ID = 'cfc-data';
export const PRERENDER_ID = 'prerender';

/** An API answer as the app would have received it: the status and the body exactly as the route sent it. */
export interface Answer {
  status: number;
  /** The route's own JSON text (its response schema applied), parsed only to render the markup. */
  text: string;
  body: unknown;
}

/** Text safe anywhere in HTML (element content and quoted attributes). */
export function escapeHtml(value: string | number): string {
  return String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/**
 * JSON safe inside a <script> element: `<`, `>` and `&` as \u escapes (so no "</script>" or "<!--" can end or
 * bend the element, whatever a commune is named), and U+2028/2029, which older parsers took for line ends.
 */
export function inlineJson(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The language the page is drawn in: the one chosen with the switch (the `lang` cookie), else Vietnamese as the app. */
export function pageLocale(request: FastifyRequest): Locale {
  const cookie = (request.cookies as Record<string, string | undefined> | undefined)?.lang;
  return pickLocale(cookie ?? 'vi');
}

/**
 * Asks the app's own public API route, as the browser would have (same contract, same privacy projection,
 * same per-address limits: the caller's address goes along; its session cookie does not, the data is public).
 */
export async function answerOf(app: FastifyInstance, request: FastifyRequest, url: string): Promise<Answer> {
  const lang = (request.cookies as Record<string, string | undefined> | undefined)?.lang;
  const response = await app.inject({
    method: 'GET',
    url,
    remoteAddress: request.ip,
    headers: { accept: 'application/json', ...(lang ? { cookie: `lang=${encodeURIComponent(lang)}` } : {}) },
  });
  try {
    return { status: response.statusCode, text: response.body, body: JSON.parse(response.body) as unknown };
  } catch {
    // Not JSON (never from these routes): carried as an empty answer, so that the block stays JSON.
    return { status: response.statusCode, text: 'null', body: null };
  }
}

export interface PageContent {
  /** The language the page is drawn in (pageLocale). */
  lang: Locale;
  /** The tab's title. */
  title: string;
  /** API answers by the exact path the app requests them with. */
  answers: Record<string, Answer>;
  /** The static rendering of the page (escaped by its maker), replaced by the app once it has drawn. */
  markup: string;
  /** The web modules the page renders with (src/web/...): their styles come inline, so no style sheet request delays the first paint. */
  modules: readonly string[];
  /** no-cache for pages anyone may see (revalidated: the data changes when a posting does); no-store for a code's page. */
  cache: 'no-cache' | 'no-store';
}

let template: string | null = null;
let builtAt = 0;

/** index.html, read again (with the manifest and styles) when the web app has been built anew. */
function indexHtml(webDist: string): string {
  const file = path.join(webDist, 'index.html');
  const mtime = statSync(file).mtimeMs;
  if (template === null || mtime !== builtAt) {
    template = readFileSync(file, 'utf8');
    builtAt = mtime;
    manifest = null;
    styleCache.clear();
  }
  return template;
}

type Manifest = Record<string, { file: string; css?: string[]; imports?: string[] }>;
let manifest: Manifest | null = null;
function readManifest(webDist: string): Manifest {
  const file = path.join(webDist, '.vite/manifest.json');
  // A build without its manifest (older than this file): the page keeps its style sheet links and entry.
  manifest ??= existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest) : {};
  return manifest;
}

/** The built file of a web module, e.g. "assets/boot-1a2b3c.js". */
function chunkFile(webDist: string, module: string): string | null {
  return readManifest(webDist)[module]?.file ?? null;
}

const styleCache = new Map<string, { files: string[]; text: string }>();

/** The style sheets of index.html and of the chunks of the given web modules (with their static imports), in order. */
function stylesOf(webDist: string, modules: readonly string[]): { files: string[]; text: string } {
  const key = modules.join('|');
  let styles = styleCache.get(key);
  if (!styles) {
    readManifest(webDist);
    const files: string[] = [];
    const seen = new Set<string>();
    const visit = (id: string) => {
      const chunk = manifest![id];
      if (!chunk || seen.has(id)) return;
      seen.add(id);
      for (const i of chunk.imports ?? []) visit(i);
      for (const css of chunk.css ?? []) if (!files.includes(css)) files.push(css);
    };
    for (const id of ['index.html', ...modules]) visit(id);
    styles = { files, text: files.map((f) => readFileSync(path.join(webDist, f), 'utf8')).join('\n') };
    styleCache.set(key, styles);
  }
  return styles;
}

/**
 * index.html with the page's title, styles, markup and data: the content first, then the data as a JSON block (not
 * a script: the CSP stays script-src 'self'), then boot.ts alone, which fetches the app once the content is painted,
 * so that on a slow line the app's scripts do not compete with the content.
 */
export function renderPage(webDist: string, content: PageContent): string {
  const data = Object.entries(content.answers)
    .map(([key, a]) => `${JSON.stringify(key)}:{"status":${a.status},"body":${a.text || 'null'}}`)
    .join(',');
  const page = indexHtml(webDist);
  const styles = stylesOf(webDist, content.modules);
  const inlined = new Set(styles.files.map((f) => `/${f}`));
  const boot = content.markup ? chunkFile(webDist, 'src/web/boot.ts') : null;
  let entry = '';
  const preload: string[] = [];
  let html = page
    .replace(/<html lang="[^"]*"/, `<html lang="${content.lang}"`)
    .replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(content.title)}</title>`)
    // The style sheets become inline styles (style-src allows them): no request before the first paint.
    .replace(/<link rel="stylesheet"[^>]*href="([^"]+)"[^>]*>\s*/g, (link, href: string) =>
      inlined.has(href) ? '' : link,
    )
    .replace('</head>', () => (styles.text ? `<style>${styles.text}</style>\n  </head>` : '</head>'))
    // A public page is not the officials' installable app: no manifest or icon for the browser to fetch first.
    .replace(/<link rel="(manifest|apple-touch-icon)"[^>]*>\s*/g, '');
  if (boot)
    // The app's entry and modules are named to boot.ts, which fetches them once the drawing is painted.
    html = html.replace(
      /<(script type="module"[^>]*src="([^"]+)"[^>]*><\/script>|link rel="modulepreload"[^>]*href="([^"]+)"[^>]*>)\s*/g,
      (_tag, _inner, src?: string, href?: string) => {
        if (src) entry = src;
        if (href) preload.push(href);
        return '';
      },
    );
  const scripts = boot
    ? `<script type="module" crossorigin fetchpriority="low" src="/${boot}" data-app="${escapeHtml(entry)}" data-preload="${escapeHtml(preload.join(' '))}"></script>`
    : '';
  return html.replace(
    /<div id="root">[\s\S]*?<\/div>/,
    (root) =>
      // Nothing to draw (an unknown commune): the app's own first paint, which shows the refusal.
      (content.markup ? `<div id="${PRERENDER_ID}">${content.markup}</div><div id="root" hidden></div>` : root) +
      `<script type="application/json" id="${DATA_ID}">${inlineJson(`{${data}}`)}</script>${scripts}`,
  );
}

/** Sends the page; a revalidation that finds it unchanged gets 304 without the body. */
export function sendPage(request: FastifyRequest, reply: FastifyReply, webDist: string, content: PageContent) {
  const html = renderPage(webDist, content);
  const etag = `"${createHash('sha1').update(html).digest('base64url')}"`;
  reply
    .header('Cache-Control', content.cache)
    .header('Vary', 'Cookie')
    .header('Content-Type', 'text/html; charset=utf-8');
  if (content.cache === 'no-cache') {
    reply.header('ETag', etag);
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
  }
  return reply.send(html);
}

type T = (key: string, options?: Record<string, unknown>) => string;

/** The child protection hotline at the top of every public page, as src/web/features/public/Hotline.tsx draws it. */
export function hotlineMarkup(t: T): string {
  return (
    `<aside class="hotline" aria-label="${escapeHtml(t('portalUi:hotline.label'))}"><p class="hotline-text">` +
    `<span class="hotline-label">${escapeHtml(t('portalUi:hotline.label'))}</span> ` +
    `<span class="hotline-terms">${escapeHtml(t('portalUi:hotline.terms'))}</span>` +
    `<span class="hotline-hint">${escapeHtml(t('portalUi:hotline.hint'))}</span></p>` +
    `<a class="hotline-call" href="tel:111"><span aria-hidden="true">☎</span> ${escapeHtml(t('portalUi:hotline.call', { number: '111' }))}</a></aside>`
  );
}
