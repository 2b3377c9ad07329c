// The public pages sent with their data (issue 20.4): the portal, a commune's posting and the survey page carry,
// in the HTML itself, the public API's own answers (a JSON block, not a script) and a drawing of the content;
// a commune named to break out of the block cannot; the pages revalidate, so a changed posting shows at once.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeFromBytes } from '../../src/core/surveys/codes.ts';
import { webDist } from '../../src/server/app.ts';
import { inlineJson } from '../../src/server/http/web-page.ts';
import { startTestApp, type TestApp } from '../support/server.ts';
import { preparePublicPages } from './fixtures.ts';

let t: TestApp;
let posted: number;
const surveyCode = codeFromBytes(randomBytes(5));
// Ends the script element, opens another, and carries both line separators JavaScript once refused.
const HOSTILE = 'Xã </script><script>alert(1)</script><!-- & \u2028\u2029 "A" \'B\'';

beforeAll(async () => {
  if (!existsSync(path.join(webDist, 'index.html')))
    throw new Error('dist/web/index.html is missing: run npm run build:web first.');
  t = await startTestApp();
  const db = t.database.db;
  posted = await preparePublicPages(db, HOSTILE, surveyCode);
}, 180_000);

afterAll(async () => {
  await t?.close();
});

/** The JSON block as a browser reads it: everything up to the first "</script>", whatever comes after. */
function inlined(html: string): Record<string, { status: number; body: unknown }> {
  const m = /<script type="application\/json" id="cfc-data">([\s\S]*?)<\/script>/i.exec(html);
  expect(m, 'the page carries its data block').not.toBeNull();
  return JSON.parse(m![1]!) as Record<string, { status: number; body: unknown }>;
}

/** The static drawing, before the app's (empty, hidden) root. */
function drawing(html: string): string {
  const start = html.indexOf('<div id="prerender">');
  const end = html.indexOf('<div id="root" hidden></div>');
  expect(start, 'the page carries its drawing').toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return html.slice(start, end);
}

async function api(url: string) {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode, url).toBe(200);
  return res.json();
}

describe('the pages carry their data', () => {
  it('/cong-khai: the provinces with their share and the recognised list, as the API answers them', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/cong-khai' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    // Drawn before any script runs: the provinces' names are in the HTML.
    expect(drawing(res.body)).toContain('Tỉnh Thái Nguyên');
    expect(drawing(res.body)).toContain('Cổng thông tin công khai');
    const data = inlined(res.body);
    expect(data['/api/public/provinces']).toEqual({ status: 200, body: await api('/api/public/provinces') });
    expect(data['/api/public/recognized']).toEqual({ status: 200, body: await api('/api/public/recognized') });
    // The CSP stays strict: the data is not a script, and no inline script is allowed.
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(res.body).not.toMatch(/<script(?![^>]*(type="application\/json"|src=))/);
    // Compressed for slow lines, as every page and answer.
    const br = await t.app.inject({ method: 'GET', url: '/cong-khai', headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toMatch(/br|gzip/);
    // Not the officials' installable app: no web-app manifest or icon for the browser to fetch before the content
    // (the login page keeps them).
    expect(res.body).not.toMatch(/rel="(manifest|apple-touch-icon)"/);
    const login = await t.app.inject({ method: 'GET', url: '/login' });
    expect(login.body).toMatch(/rel="manifest"/);
    // The build's manifest, which the server reads to inline the styles, is not published.
    const manifest = await t.app.inject({ method: 'GET', url: '/.vite/manifest.json' });
    expect(manifest.headers['content-type']).not.toMatch(/json/);
  });

  it('in the language chosen with the switch (the lang cookie), as the app will draw it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/cong-khai', headers: { cookie: 'lang=en' } });
    expect(res.body).toMatch(/^<!doctype html>\s*<html lang="en">/i);
    expect(res.headers.vary).toMatch(/Cookie/);
    expect(drawing(res.body)).not.toContain('Cổng thông tin công khai');
    expect(drawing(res.body)).toContain('Tỉnh Thái Nguyên');
  });

  it('/cong-khai?year=&province=: the filtered list under the path the page asks for', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/cong-khai?year=2031&province=19' });
    const data = inlined(res.body);
    const key = '/api/public/recognized?year=2031&provinceCode=19';
    expect(data[key]).toEqual({ status: 200, body: await api(key) });
  });

  it("/cong-khai/:code: the commune's posting, with its name and score in the HTML", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/cong-khai/05503' });
    expect(res.statusCode).toBe(200);
    expect(drawing(res.body)).toMatch(/<h1>Xã Tân Cương/);
    expect(drawing(res.body)).toContain('Tổng điểm tự đánh giá');
    expect(res.body).toMatch(/<title>Xã Tân Cương — /);
    const data = inlined(res.body);
    expect(data['/api/public/communes/05503']).toEqual({ status: 200, body: await api('/api/public/communes/05503') });
  });

  it('/khao-sat?ma=: the questionnaire for the code, kept by no cache', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/khao-sat?ma=${encodeURIComponent(surveyCode)}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
    expect(drawing(res.body)).toContain('<h1>Phiếu hỏi ý kiến trẻ em</h1>');
    const data = inlined(res.body);
    const key = `/api/public/surveys/${encodeURIComponent(surveyCode)}`;
    expect(data[key]).toEqual({ status: 200, body: await api(key) });
  });

  it('a refusal is carried as such and nothing is drawn: the app shows it in its own words', async () => {
    const unknown = codeFromBytes(randomBytes(5));
    const res = await t.app.inject({ method: 'GET', url: `/khao-sat?ma=${unknown}` });
    const data = inlined(res.body);
    expect(data[`/api/public/surveys/${unknown}`]!.status).toBe(404);
    expect(res.body).not.toContain('id="prerender"');
    expect(res.body).toMatch(/<div id="root">/);
    // An unknown commune: no data, the app's page as before.
    const none = await t.app.inject({ method: 'GET', url: '/cong-khai/99999' });
    expect(inlined(none.body)).toEqual({});
    expect(none.body).not.toContain('id="prerender"');
    // Without a code, the code entry form as before.
    expect((await t.app.inject({ method: 'GET', url: '/khao-sat' })).body).not.toContain('id="prerender"');
  });
});

describe('a commune named to break out of the page', () => {
  it('stays inside the JSON block and is drawn as text', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/cong-khai/05851' });
    expect(res.statusCode).toBe(200);
    const data = inlined(res.body);
    // The block ends where it should: the whole answer parses and carries the name exactly.
    const body = data['/api/public/communes/05851']!.body as { commune: { name: string } };
    expect(body.commune.name).toBe(HOSTILE);
    expect(res.body).not.toContain('<script>alert(1)');
    const block = /<script type="application\/json" id="cfc-data">([\s\S]*?)<\/script>/.exec(res.body)![1]!;
    expect(block).not.toMatch(/[<>&\u2028\u2029]/);
    expect(drawing(res.body)).toContain('Xã &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!-- &amp;');
    expect(res.body).toContain('<title>Xã &lt;/script&gt;');
    // Every script element of the page is the data block or one of the app's own files.
    for (const tag of res.body.match(/<script[^>]*>/g) ?? [])
      expect(tag).toMatch(/type="application\/json" id="cfc-data"|src="\/assets\/[\w.-]+\.js"/);
  });

  it('inlineJson escapes what could end or bend a script element, and JSON still reads it back', () => {
    const text = JSON.stringify({ name: HOSTILE });
    const safe = inlineJson(text);
    expect(safe).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(safe)).toEqual({ name: HOSTILE });
  });
});

describe('caching', () => {
  it('the pages are revalidated each time: unchanged, a 304; a posting changed, the new content', async () => {
    const first = await t.app.inject({ method: 'GET', url: '/cong-khai/05503' });
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await t.app.inject({ method: 'GET', url: '/cong-khai/05503', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    // The commune publishes a comment: the page is no longer the one cached.
    await t.database.db
      .insertInto('public_comment')
      .values({ entry_id: posted, body: 'Cần thêm đèn ở sân chơi.', status: 'published', source_hash: 'pages-test' })
      .execute();
    const changed = await t.app.inject({ method: 'GET', url: '/cong-khai/05503', headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(JSON.stringify(inlined(changed.body))).toContain('Cần thêm đèn ở sân chơi.');
  });
});
