// The public portal in a real browser: provinces with their share recognised, a province's page with
// decisions, postings, comments and survey links, the hotline 111 on every public page; WCAG 2.1 AA
// checked with axe-core; 320 px and 200% zoom without sideways scrolling; and under 200 KB of
// compressed JavaScript on first load.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { codeFromBytes } from '../../src/core/surveys/codes.ts';
import { namespaces } from '../../src/i18n/namespaces.ts';
import { startTestServer, type TestApp } from '../support/server.ts';
import { addDays, communeId, createEntry, ensureRound, TEST_YEAR, today } from '../public-posting/fixtures.ts';
import { DESKTOP, launchBrowser, resultsDir, root } from './browser.ts';
import { AXE_PATH, axeViolations, serveAxe } from './axe.ts';

const BUDGET = 200 * 1024;
// Measured 102–129 KB in Vietnamese and 110–134 KB in English once translations load per page (issue
// 7.3; 155–181 KB before): a page past this has pulled something heavy into the shared bundle.
const MEASURED_BOUND = 150 * 1024;
const RAW_KEY = new RegExp(`\\b(${namespaces.join('|')}):[\\w.]+`);

let server: TestApp & { url: string };
let browser: Browser;
const surveyCode = codeFromBytes(randomBytes(5));
let posted: number;

beforeAll(async () => {
  if (!existsSync(path.join(root, 'dist/web/index.html')))
    throw new Error('dist/web/index.html is missing: run npm run build:web first.');
  server = await startTestServer();
  browser = await launchBrowser();
  const db = server.database.db;
  const d = today();
  posted = (
    await createEntry(db, {
      communeCode: '05503',
      state: 'posted',
      postingFrom: addDays(d, -1),
      postingTo: addDays(d, 6),
    })
  ).entryId;
  const q = await createEntry(db, {
    communeCode: '05851',
    state: 'appraised',
    postingFrom: addDays(d, -60),
    postingTo: addDays(d, -53),
  });
  const { roundId, periodId } = await ensureRound(db);
  const decision = await db
    .insertInto('recognition_decision')
    .values({
      round_id: roundId,
      number: '77/QĐ-UBND',
      signed_on: `${TEST_YEAR}-12-01`,
      signer_name: 'Trần Văn B',
      signer_title: 'Chủ tịch UBND tỉnh',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('round_entry')
    .set({ state: 'recognized', decision_id: decision.id })
    .where('id', '=', q.entryId)
    .execute();
  await db
    .insertInto('public_comment')
    .values({ entry_id: posted, body: 'Đề nghị sửa sân chơi thôn 2.', status: 'published', source_hash: 'x' })
    .execute();
  const province = (
    await db
      .selectFrom('unit')
      .select('id')
      .where('level', '=', 'province')
      .where('code', '=', '19')
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;
  const survey = await db
    .insertInto('survey')
    .values({
      unit_id: await communeId(db, '05503'),
      province_id: province,
      period_id: periodId,
      audience: 'children',
      questionnaire_code: 'tre-em',
      sample_size: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('survey_code')
    .values({ code: surveyCode, survey_id: survey.id, province_id: province })
    .execute();
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.close();
}, 60_000);

async function open(viewport = DESKTOP, locale = 'vi-VN') {
  const context = await browser.newContext({ viewport, locale, timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await serveAxe(page);
  return { context, page, errors };
}

const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

/** The app has replaced the server's drawing of the page (src/web/app/preloaded.ts showApp). */
const appDrawn = (p: Page) => p.locator('#prerender').waitFor({ state: 'detached' });

/** Each public page, with what shows it has finished loading (the app's page, not the server's drawing of it). */
const PAGES: Array<{ name: string; path: string; ready: (page: Page) => Promise<unknown> }> = [
  { name: 'portal home', path: '/cong-khai', ready: (p) => p.getByTestId('provinces-table').waitFor() },
  {
    name: 'province page',
    path: `/cong-khai/tinh/19?year=${TEST_YEAR}`,
    ready: (p) => p.getByTestId('recognized-table').waitFor(),
  },
  {
    name: "a commune's page",
    path: '/cong-khai/05503',
    ready: (p) =>
      p
        .getByRole('heading', { level: 1, name: /Xã Tân Cương/ })
        .waitFor()
        .then(() => appDrawn(p)),
  },
  {
    name: 'survey with a valid code',
    path: `/khao-sat?ma=${surveyCode}`,
    ready: (p) =>
      p
        .getByRole('heading', { level: 1, name: 'Phiếu hỏi ý kiến trẻ em' })
        .waitFor()
        .then(() => appDrawn(p)),
  },
  { name: 'survey without a code', path: '/khao-sat', ready: (p) => p.getByLabel('Mã trên phiếu của bạn').waitFor() },
  { name: 'login', path: '/login', ready: (p) => p.getByLabel('Tên đăng nhập').waitFor() },
];

describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  for (const target of PAGES)
    test(
      `${target.name}: no violations, in Vietnamese on a desktop and in English at 320 px`,
      { timeout: 120_000 },
      async () => {
        const vi = await open();
        await vi.page.goto(`${server.url}${target.path}`);
        await target.ready(vi.page);
        expect(await vi.page.evaluate(() => document.documentElement.lang)).toBe('vi');
        expect(await axeViolations(vi.page)).toEqual([]);
        expect(vi.errors).toEqual([]);
        await vi.context.close();

        const en = await open({ width: 320, height: 640 });
        await en.page.goto(`${server.url}${target.path}`);
        await target.ready(en.page);
        await en.page.getByRole('button', { name: 'English' }).click();
        await expect.poll(() => en.page.evaluate(() => document.documentElement.lang)).toBe('en');
        // The switch brought the English files of every namespace on the page: no key shows raw.
        expect((await en.page.locator('body').innerText()).match(RAW_KEY)).toBeNull();
        expect(await axeViolations(en.page)).toEqual([]);
        expect(await noSideways(en.page)).toBe(true);
        await en.context.close();
      },
    );
});

test(
  'the checker is live: a planted unlabelled field and low-contrast text are reported',
  { timeout: 120_000 },
  async () => {
    const { context, page } = await open();
    await page.goto(`${server.url}/cong-khai`);
    await page.getByTestId('provinces-table').waitFor();
    await page.evaluate(() => {
      const main = document.getElementById('main')!;
      main.insertAdjacentHTML('beforeend', '<input type="text"><p style="color:#aaa;background:#fff">nhạt</p>');
    });
    const ids = (await axeViolations(page)).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['label', 'color-contrast']));
    await context.close();
  },
);

describe('the portal', () => {
  test(
    'provinces with their share, a province with decisions, postings, comments and survey links',
    { timeout: 120_000 },
    async () => {
      const { context, page, errors } = await open();
      await page.goto(`${server.url}/cong-khai`);
      const table = page.getByTestId('provinces-table');
      await table.waitFor();
      expect(await table.locator('tbody tr').count()).toBe(34);
      expect(await table.locator('caption').textContent()).toMatch(/tỷ lệ/);
      expect(await table.getByRole('columnheader', { name: `Năm ${TEST_YEAR}` }).count()).toBe(1);

      await table.getByRole('link', { name: 'Tỉnh Thái Nguyên' }).click();
      await page.waitForURL(/\/cong-khai\/tinh\/19/);
      await page.getByRole('heading', { level: 1, name: 'Tỉnh Thái Nguyên' }).waitFor();
      await page.getByLabel('Năm đánh giá').selectOption(String(TEST_YEAR));
      await page.waitForURL(new RegExp(`year=${TEST_YEAR}`));
      const recognized = page.getByTestId('recognized-table');
      const row = recognized.getByRole('row', { name: /Xã Quân Chu/ });
      await row.waitFor();
      expect(await row.textContent()).toContain(`Số 77/QĐ-UBND, ngày 01/12/${TEST_YEAR}`);
      expect(await row.textContent()).toContain('Chủ tịch UBND tỉnh');
      expect(await row.textContent()).not.toContain('Trần Văn B');
      expect(await page.getByTestId('province-summary').textContent()).toMatch(
        new RegExp(`^1 trên [\\d.]+ xã, phường được công nhận năm ${TEST_YEAR}`),
      );

      // The posting of Tân Cương with its published comment, and the form while the posting is open.
      const card = page.getByRole('article', { name: 'Xã Tân Cương' });
      await card.getByText('Đề nghị sửa sân chơi thôn 2.').waitFor();
      await card.getByLabel('Ý kiến góp ý của bạn').fill('Cần thêm đèn chiếu sáng ở điểm vui chơi.');
      await card.getByRole('button', { name: 'Gửi ý kiến' }).click();
      await card.getByRole('status').filter({ hasText: 'Đã gửi ý kiến' }).waitFor();
      const stored = await server.database.db
        .selectFrom('public_comment')
        .select(['body', 'status'])
        .where('entry_id', '=', posted)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({ body: 'Cần thêm đèn chiếu sáng ở điểm vui chơi.', status: 'pending' });

      await page.setViewportSize({ width: 320, height: 640 });
      await page.screenshot({ path: path.join(resultsDir, 'portal-province-320.png'), fullPage: true });
      await page.setViewportSize(DESKTOP);

      // The open survey is a link to the survey page, never a code.
      const surveys = page.getByTestId('survey-links');
      expect(await surveys.textContent()).toContain('Xã Tân Cương');
      expect(await page.content()).not.toContain(surveyCode);
      await surveys.getByRole('link').first().click();
      await page.waitForURL((u) => u.pathname === '/khao-sat' && u.search === '');
      await page.getByLabel('Mã trên phiếu của bạn').waitFor();
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  test('the hotline 111 is at the top of every public page', { timeout: 120_000 }, async () => {
    const { context, page } = await open({ width: 320, height: 640 });
    for (const target of PAGES.filter((p) => p.name !== 'login')) {
      await page.goto(`${server.url}${target.path}`);
      await target.ready(page);
      const hotline = page.getByRole('complementary', { name: 'Tổng đài quốc gia bảo vệ trẻ em' });
      expect(await hotline.textContent(), target.path).toContain('Miễn phí, 24/7');
      expect(await hotline.getByRole('link', { name: 'Gọi 111' }).getAttribute('href')).toBe('tel:111');
      // Seen without scrolling, even on the narrowest phone.
      const box = (await hotline.boundingBox())!;
      expect(box.y + box.height, target.path).toBeLessThan(640);
    }
    await context.close();
  });

  test(
    'keyboard: the skip link comes first and leads to the content; focus is visible',
    { timeout: 120_000 },
    async () => {
      const { context, page } = await open();
      await page.goto(`${server.url}/cong-khai/tinh/19?year=${TEST_YEAR}`);
      await page.getByTestId('recognized-table').waitFor();
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => ({
        text: document.activeElement?.textContent,
        outline: getComputedStyle(document.activeElement!).outlineStyle,
      }));
      expect(first).toEqual({ text: 'Chuyển đến nội dung chính', outline: 'solid' });
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      // Headings in order: one h1, and no level skipped.
      const levels = await page.evaluate(() =>
        [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1])),
      );
      expect(levels.filter((l) => l === 1)).toHaveLength(1);
      levels.reduce((prev, l) => (expect(l).toBeLessThanOrEqual(prev + 1), l), 1);
      await context.close();
    },
  );

  test('works at 200% zoom (640 CSS px) and 320 px without sideways scrolling', { timeout: 120_000 }, async () => {
    for (const viewport of [
      { width: 640, height: 450 },
      { width: 320, height: 640 },
    ]) {
      const { context, page } = await open(viewport);
      for (const target of PAGES.slice(0, 3)) {
        await page.goto(`${server.url}${target.path}`);
        await target.ready(page);
        expect(await noSideways(page), `${target.path} at ${viewport.width}px`).toBe(true);
      }
      await context.close();
    }
  });
});

describe('weight', () => {
  test(
    'each public page loads under 200 KB of compressed JavaScript the first time, in either language',
    { timeout: 240_000 },
    async () => {
      const report: string[] = [];
      for (const [lang, target] of (['vi', 'en'] as const).flatMap((l) => PAGES.map((p) => [l, p] as const))) {
        const { context, page } = await open();
        // English is a choice remembered in the `lang` cookie: its files come on top of the bundled Vietnamese.
        if (lang === 'en') await context.addCookies([{ name: 'lang', value: 'en', url: server.url }]);
        const scripts: Array<Promise<{ url: string; bytes: number; encoding: string }>> = [];
        page.on('requestfinished', (request) => {
          if (request.resourceType() !== 'script' || request.url().includes(AXE_PATH)) return;
          const script = (async () => {
            const response = (await request.response())!;
            return {
              url: request.url(),
              bytes: (await request.sizes()).responseBodySize,
              encoding: (await response.allHeaders())['content-encoding'] ?? '',
            };
          })();
          // One that finishes after the context closed (read after the first load) is not left unhandled.
          script.catch(() => undefined);
          scripts.push(script);
        });
        await page.goto(`${server.url}${target.path}`);
        // The ready checks read Vietnamese; in English the page's heading or first field shows instead.
        await (lang === 'vi' ? target.ready(page) : page.locator('h1, input').first().waitFor());
        await page.waitForLoadState('networkidle');
        const loaded = await Promise.all(scripts);
        expect(loaded.length, target.path).toBeGreaterThan(0);
        // Sent compressed (the server serves the build's .br/.gz copies).
        for (const s of loaded.filter((s) => s.bytes > 1024)) expect(s.encoding, s.url).toMatch(/^(br|gzip)$/);
        const total = loaded.reduce((sum, s) => sum + s.bytes, 0);
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
        // Every namespace the page uses came with it: no key shows raw.
        expect((await page.locator('body').innerText()).match(RAW_KEY), `${lang} ${target.path}`).toBeNull();
        report.push(`${lang} ${target.path}: ${(total / 1024).toFixed(1)} KB in ${loaded.length} scripts`);
        expect(total, target.path).toBeLessThan(BUDGET);
        expect(total, `${lang} ${target.path}`).toBeLessThan(MEASURED_BOUND);
        await context.close();
      }
      console.log(`First-load JavaScript (compressed):\n${report.join('\n')}`);
    },
  );
});
