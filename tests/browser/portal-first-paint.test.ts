// The public pages paint their content from the HTML (issue 20.4): with the public API blocked the portal, a
// commune's posting and the survey page still show their data (the app reads what the page carried); without
// JavaScript the content is there all the same; and a commune named to break out of the page is shown as text.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { codeFromBytes } from '../../src/core/surveys/codes.ts';
import { startTestServer, type TestApp } from '../support/server.ts';
import { preparePublicPages } from '../public-posting/fixtures.ts';
import { choose, DESKTOP, launchBrowser, PHONE, root } from './browser.ts';

const HOSTILE = 'Xã </script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> & \u2028';

let server: TestApp & { url: string };
let browser: Browser;
const surveyCode = codeFromBytes(randomBytes(5));

beforeAll(async () => {
  if (!existsSync(path.join(root, 'dist/web/index.html')))
    throw new Error('dist/web/index.html is missing: run npm run build:web first.');
  server = await startTestServer();
  browser = await launchBrowser();
  const db = server.database.db;
  await preparePublicPages(db, HOSTILE, surveyCode);
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.close();
}, 60_000);

/** A visitor whose every request to the public API fails: only what the page carried can show. */
async function withApiBlocked(viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  const asked: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.route('**/api/public/**', (route) => {
    asked.push(route.request().url());
    return route.abort();
  });
  return { context, page, errors, asked };
}

/** The app has drawn the page and the server's drawing is gone. */
const appDrawn = (page: Page) => page.locator('#prerender').waitFor({ state: 'detached' });

describe('with the public API blocked, each page shows its data', () => {
  test('the portal: every province with its share', { timeout: 120_000 }, async () => {
    const { context, page, errors, asked } = await withApiBlocked();
    await page.goto(`${server.url}/cong-khai`);
    // The table only the app draws (the server's drawing has no test id).
    const table = page.getByTestId('provinces-table');
    await table.waitFor();
    await appDrawn(page);
    expect(await table.locator('tbody tr').count()).toBe(34);
    expect(await table.getByRole('link', { name: 'Tỉnh Thái Nguyên' }).count()).toBe(1);
    expect(await page.locator('.error-box').count()).toBe(0);
    expect(asked).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test("a commune's posting: its name, score and criteria", { timeout: 120_000 }, async () => {
    const { context, page, errors, asked } = await withApiBlocked(PHONE);
    await page.goto(`${server.url}/cong-khai/05503`);
    await page.locator('#root tr[data-criterion="C01"]').waitFor();
    await appDrawn(page);
    await page.getByRole('heading', { level: 1, name: /Xã Tân Cương/ }).waitFor();
    expect(await page.locator('article.public-entry .total-number').first().textContent()).toMatch(/^\d/);
    expect(await page.title()).toMatch(/^Xã Tân Cương — /);
    expect(asked).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the survey page: the questionnaire for the code, ready to answer', { timeout: 120_000 }, async () => {
    const { context, page, errors, asked } = await withApiBlocked(PHONE);
    await page.goto(`${server.url}/khao-sat?ma=${encodeURIComponent(surveyCode)}`);
    await page.locator('#root fieldset[data-question]').first().waitFor();
    await appDrawn(page);
    await page.getByRole('heading', { level: 1, name: 'Phiếu hỏi ý kiến trẻ em' }).waitFor();
    expect(await page.locator('fieldset[data-question]').count()).toBe(5);
    // The choices work: the app's own form, not the server's drawing.
    const first = page.locator('fieldset[data-question]').first();
    await choose(first, 'Vui');
    expect(asked).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

test('without JavaScript the content is in the page all the same', { timeout: 120_000 }, async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'vi-VN', javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/cong-khai`);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
    'Cổng thông tin công khai xã, phường phù hợp với trẻ em',
  );
  expect(await page.getByRole('link', { name: 'Tỉnh Thái Nguyên' }).isVisible()).toBe(true);
  expect(await page.getByRole('complementary', { name: 'Tổng đài quốc gia bảo vệ trẻ em' }).isVisible()).toBe(true);
  await page.goto(`${server.url}/cong-khai/05503`);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Xã Tân Cương/);
  expect(await page.getByText('Tổng điểm tự đánh giá').isVisible()).toBe(true);
  await context.close();
});

test(
  'a commune named to break out of the page is shown as its name, and nothing runs',
  { timeout: 120_000 },
  async () => {
    const { context, page, errors } = await withApiBlocked();
    await page.goto(`${server.url}/cong-khai/05851`);
    await page.locator('#root tr[data-criterion="C01"]').first().waitFor();
    await appDrawn(page);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(HOSTILE.replace('\u2028', ''));
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  },
);
