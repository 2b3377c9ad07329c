// XSS proof: hostile strings stored in user-supplied texts (a public comment and its answer, a forum
// title and recommendation, a plan title, task text and agency name, a child's name) are shown as
// literal text on every page that renders them, run nothing, and create no element with an on*
// attribute or a javascript: link. React escapes text; the strict CSP is a second line, so the DOM is
// checked directly rather than only window.__xss. The web code holds no raw-HTML sinks.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createEntry, addDays, today } from '../public-posting/fixtures.ts';
import { login, startTestServer, type TestApp } from '../support/server.ts';
import { DESKTOP, launchBrowser, loginAs, root } from './browser.ts';
import { communeId } from '../support/db.ts';

const PAYLOADS = [
  `<img src=x onerror="window.__xss=1">`,
  `<script>window.__xss=1</script>`,
  `javascript:window.__xss=1`,
  `"><svg onload="window.__xss=1">`,
];
/** A hostile text with a readable label, so the page's text can be looked for. */
const hostile = (label: string, i: number) => `${label} ${PAYLOADS[i % PAYLOADS.length]}`;

let server: TestApp & { url: string };
let browser: Browser;
let cookie: string;
let vanPhu: number;
const texts: Record<string, string> = {};
const ids: Record<string, number> = {};

async function call(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = { cookie },
) {
  const res = await server.app.inject({ method, url, headers, payload: payload as object });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
}

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const db = server.database.db;
  vanPhu = await communeId(db, '05845');
  cookie = await login(server.app, 'xa.vanphu');

  texts.child = hostile('Trẻ XSS', 0);
  ids.child = (
    await call('POST', `/api/communes/${vanPhu}/register/children`, {
      code: 'XSS-1',
      villageName: 'Thôn Trại',
      householdCode: 'HX-1',
      householdHead: hostile('Chủ hộ XSS', 3),
      fullName: texts.child,
      birthDate: '2015-04-12',
      sex: 'female',
    })
  ).id;

  texts.forum = hostile('Diễn đàn XSS', 1);
  texts.recommendation = hostile('Kiến nghị XSS', 3);
  await call('POST', `/api/communes/${vanPhu}/forums`, {
    kind: 'forum',
    level: 'commune',
    heldOn: addDays(today(), -1),
    title: texts.forum,
    boysUnder11: 1,
    girlsUnder11: 1,
    boys11to15: 1,
    girls11to15: 1,
    boys16to17: 1,
    girls16to17: 1,
    recommendations: [{ text: texts.recommendation, agency: hostile('UBND XSS', 0) }],
  });

  texts.agency = hostile('Cơ quan XSS', 0);
  const agency = await call('POST', `/api/units/${vanPhu}/agencies`, { kind: 'other', name: texts.agency });
  texts.plan = hostile('Kế hoạch XSS', 3);
  texts.task = hostile('Nhiệm vụ XSS', 1);
  ids.plan = (
    await call('POST', `/api/units/${vanPhu}/plans`, {
      year: 2026,
      title: texts.plan,
      place: 'Vạn Phú',
      tasks: [{ text: texts.task, dueOn: '2026-06-30', agencyIds: [agency.id] }],
    })
  ).id;

  // A public comment on Vạn Phú's posted entry, published with an answer.
  const d = today();
  const { entryId } = await createEntry(db, {
    communeCode: '05845',
    state: 'posted',
    postingFrom: addDays(d, -2),
    postingTo: addDays(d, 5),
  });
  texts.comment = hostile('Góp ý XSS', 0);
  texts.answer = hostile('Trả lời XSS', 2);
  const comment = await call('POST', `/api/public/communes/05845/comments`, { entryId, body: texts.comment }, {});
  await call('PUT', `/api/round-entries/${entryId}/comments/${comment.id}`, {
    status: 'published',
    answer: texts.answer,
  });
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.close();
}, 60_000);

/** Waits for every text to be shown literally (as text or a field's value), then checks nothing ran and no hostile element or link exists. */
async function assertInert(page: Page, shown: string[]) {
  // Shown as text, or as the value of a field of an editing form (the plan page edits a draft).
  const shows = (t: string) =>
    document.body.innerText.includes(t) ||
    [...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].some((e) =>
      e.value.includes(t),
    );
  for (const text of shown)
    await page.waitForFunction(shows, text, { timeout: 15_000 }).catch(async () => {
      throw new Error(
        `${page.url()} does not show ${JSON.stringify(text)}; it shows: ${(await page.evaluate(() => document.body.innerText)).slice(0, 3000)}`,
      );
    });
  const found = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss,
    onAttributes: [...document.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`),
    ),
    injected: document.querySelectorAll('img[src="x"], svg[onload], script:not([src])').length,
    javascriptLinks: [...document.querySelectorAll('[href], [src], [action], [formaction]')].filter((el) =>
      /^\s*javascript:/i.test(
        el.getAttribute('href') ??
          el.getAttribute('src') ??
          el.getAttribute('action') ??
          el.getAttribute('formaction') ??
          '',
      ),
    ).length,
  }));
  expect(found).toEqual({ xss: undefined, onAttributes: [], injected: 0, javascriptLinks: 0 });
}

describe('hostile texts render as text', () => {
  it('on the register list and the child page', async () => {
    const page = await (await browser.newContext({ viewport: DESKTOP, locale: 'vi-VN' })).newPage();
    await loginAs(page, server.url, 'xa.vanphu');
    await page.goto(`${server.url}/register/${vanPhu}`);
    await assertInert(page, [texts.child!]);
    await page.goto(`${server.url}/register/${vanPhu}/children/${ids.child}`);
    await assertInert(page, [texts.child!]);
    await page.context().close();
  });

  it('on the forums page and the plan pages', async () => {
    const page = await (await browser.newContext({ viewport: DESKTOP, locale: 'vi-VN' })).newPage();
    await loginAs(page, server.url, 'xa.vanphu');
    await page.goto(`${server.url}/forums/${vanPhu}`);
    await assertInert(page, [texts.forum!, texts.recommendation!]);
    await page.goto(`${server.url}/plans/${vanPhu}/${ids.plan}`);
    await assertInert(page, [texts.plan!, texts.task!, texts.agency!]);
    await page.goto(`${server.url}/plans/${vanPhu}/tasks`);
    await assertInert(page, [texts.task!]);
    await page.context().close();
  });

  it('on the public posting page, without an account', async () => {
    const page = await (await browser.newContext({ viewport: DESKTOP, locale: 'vi-VN' })).newPage();
    await page.goto(`${server.url}/cong-khai/05845`);
    await assertInert(page, [texts.comment!, texts.answer!]);
    await page.context().close();
  });
});

describe('raw HTML in the web code', () => {
  /** Each raw-HTML sink allowed in src/web, with the reason it is safe (none today). */
  const ALLOWED: Record<string, string> = {};

  it('has no dangerouslySetInnerHTML, innerHTML or other HTML sinks outside the list', () => {
    const dir = path.join(root, 'src/web');
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.(tsx?|jsx?)$/.test(f));
    expect(files.length).toBeGreaterThan(20);
    const sinks =
      /dangerouslySetInnerHTML|\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|srcdoc|createContextualFragment/;
    const found = files.flatMap((f) =>
      readFileSync(path.join(dir, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (sinks.test(line) ? [`src/web/${f}:${i + 1}`] : [])),
    );
    expect(found.filter((where) => !(where.replace(/:\d+$/, '') in ALLOWED))).toEqual([]);
  });
});
