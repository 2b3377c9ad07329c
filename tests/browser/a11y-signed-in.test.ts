// The signed-in pages against WCAG 2.1 A and AA with axe-core (served from the app's own origin, so the strict
// CSP stays in force, as in tests/browser/portal.test.ts): every page type, for people with unread notifications,
// at 1366 px and 390 px, with the main dialogs and an error state open. Also the bell's name against its visible
// count, map tiles that say their state in a mark and not only in colour, the focus ring's contrast, no sideways
// scrolling at 320 px and room for the form at 320×256 (400 % zoom).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { setConfig } from '../support/config.ts';
import { startTestServer, type TestApp } from '../support/server.ts';
import { provinceId as provinceOf } from '../support/db.ts';
import { DEMO_PASSWORD, launchBrowser } from './browser.ts';
import { axeViolations, serveAxe } from './axe.ts';

const WIDE = { width: 1366, height: 900 };
const NARROW = { width: 390, height: 844 };
const ROUND_TITLE = 'Đánh giá xã, phường phù hợp với trẻ em năm 2026 — Tỉnh Thái Nguyên';
const PEOPLE = ['xa.daitu', 'tinh.thainguyen', 'yte.thainguyen', 'xa.ankhanh'];

let server: TestApp & { url: string };
let browser: Browser;
let provinceId: number;

beforeAll(async () => {
  setConfig({ loginRateLimit: 200 });
  server = await startTestServer();
  browser = await launchBrowser();
  const db = server.database.db;
  provinceId = await provinceOf(db, '19');
  // Two unread notifications each: the bell then shows "2", whose name must contain it.
  const users = await db.selectFrom('app_user').select(['id', 'username']).where('username', 'in', PEOPLE).execute();
  expect(users).toHaveLength(PEOPLE.length);
  for (const u of users)
    for (const n of [1, 2])
      await db
        .insertInto('notification')
        .values({ user_id: u.id, kind: 'test', message: `Thông báo thử số ${n}`, link: '/rounds' })
        .execute();
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.close();
}, 60_000);

async function session(username: string, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  await serveAxe(page);
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { context, page, errors };
}

/** No violation, named by the state checked so that a failure says where. */
async function clean(page: Page, where: string) {
  expect({ where, violations: (await axeViolations(page)).map(({ id, nodes }) => ({ id, nodes })) }).toEqual({
    where,
    violations: [],
  });
}

/** The bell: its name is its own text, so it contains the number it shows (2 or more: ours and the demo's). */
async function bellNamed(page: Page) {
  const bell = page.getByRole('button', { name: /^Thông báo \(\s*\d+\s*chưa đọc\)$/ });
  await expect.poll(() => page.getByTestId('unread-count').count(), { timeout: 15_000 }).toBe(1);
  const shown = (await page.getByTestId('unread-count').textContent()) ?? '';
  expect(Number(shown)).toBeGreaterThanOrEqual(2);
  await expect.poll(() => bell.count()).toBe(1);
  expect((await bell.textContent())?.replace(/\s+/g, '')).toBe(`Thôngbáo(${shown}chưađọc)`);
  return bell;
}

/** How far the page scrolls sideways, with the elements that stick out (for the failure message). */
const sideways = (page: Page) =>
  page.evaluate(() => {
    const over = document.documentElement.scrollWidth - window.innerWidth;
    const out = [...document.querySelectorAll<HTMLElement>('main *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(-3)
      .map((el) => `${el.tagName}.${el.className}`);
    return over <= 1 ? 0 : { over, out };
  });

/** The round's dossier of one commune, as people reach it: the rounds list, the round, the commune. */
async function openDossier(page: Page, commune: string) {
  await page.goto(`${server.url}/rounds`);
  await page.getByRole('link', { name: ROUND_TITLE }).click();
  await page.getByRole('heading', { level: 1, name: ROUND_TITLE }).waitFor();
  return async () => {
    await page.getByRole('link', { name: commune, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(commune) }).waitFor();
    await page.locator('.dossier-actions').waitFor();
  };
}

describe('signed-in pages: axe-core WCAG 2.1 A and AA, with unread notifications', () => {
  for (const viewport of [WIDE, NARROW]) {
    const at = `${viewport.width} px`;

    test(
      `a commune officer's pages at ${at}: form with an error, lists, register with its form's errors, plans with the task dialog, reports, dashboard`,
      {
        timeout: 240_000,
      },
      async () => {
        const { context, page, errors } = await session('xa.daitu', viewport);
        await page.waitForURL(/\/assessments\/\d+\/\d+$/);
        const unitId = new URL(page.url()).pathname.split('/')[2]!;
        await page.getByTestId('live-total').waitFor();
        const bell = await bellNamed(page);
        await clean(page, 'assessment form');

        // An error state: more children registered than born.
        const count = page.locator('input.count-input:not([readonly])').first();
        await count.fill('-5');
        await count.press('Tab');
        await page.locator('.input-row.has-error .field-error').first().waitFor();
        await clean(page, 'assessment form with a field error');

        // The notifications panel open.
        await bell.click();
        await page.locator('.bell-panel').waitFor();
        await clean(page, 'notifications panel');
        // Escape from inside the panel closes it and gives focus back to the bell, not to <body>.
        await page.locator('.bell-panel button').first().focus();
        await page.keyboard.press('Escape');
        await page.locator('.bell-panel').waitFor({ state: 'detached' });
        await expect.poll(() => bell.evaluate((el) => el === document.activeElement)).toBe(true);

        await page.goto(`${server.url}/assessments`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.locator('main table, main p[role=status]:not(.loading)').first().waitFor();
        await clean(page, 'assessments list');

        await page.goto(`${server.url}/register/${unitId}`);
        await page.locator('a.row-link').first().waitFor();
        await clean(page, 'register list');
        await page.getByRole('button', { name: 'Thêm trẻ em' }).click();
        const form = page.locator('form.register-form');
        await form.getByRole('button', { name: 'Thêm vào sổ' }).click();
        await form.locator('.field-error').first().waitFor();
        await clean(page, 'register form with errors');
        await form.getByRole('button', { name: 'Hủy' }).click();
        await page.locator('a.row-link').first().click();
        await page.locator('.facts').first().waitFor();
        await clean(page, "a child's page");

        await page.goto(`${server.url}/plans/${unitId}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.locator('main table, main p[role=status]:not(.loading)').first().waitFor();
        await clean(page, 'plans');
        await page.goto(`${server.url}/plans/${unitId}/tasks`);
        await page.getByTestId('agency-tasks').waitFor();
        await page
          .getByRole('button', { name: /^Ghi tiến độ nhiệm vụ/ })
          .first()
          .click();
        const dialog = page.getByTestId('progress-dialog');
        await dialog.getByTestId('progress-notes').or(dialog.getByText('Chưa ghi tiến độ lần nào.')).first().waitFor();
        await clean(page, 'task progress dialog');
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });

        await page.goto(`${server.url}/reports/${unitId}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.locator('main table, main p[role=status]:not(.loading), main form').first().waitFor();
        await clean(page, 'reports');

        await page.goto(`${server.url}/dashboard/communes/${unitId}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.locator('.card').first().waitFor();
        await clean(page, 'commune dashboard');
        expect(errors).toEqual([]);
        await context.close();
      },
    );

    test(
      `the province's pages at ${at}: dashboard with its map, rounds, the round's page`,
      { timeout: 180_000 },
      async () => {
        const { context, page, errors } = await session('tinh.thainguyen', viewport);
        await bellNamed(page);
        await page.goto(`${server.url}/dashboard/provinces/${provinceId}`);
        await page.getByTestId('map').waitFor();
        await page.getByTestId('share-vs-target').waitFor();
        await clean(page, 'province dashboard with its map');
        if (viewport === NARROW) expect(await sideways(page)).toBe(0);

        await page.goto(`${server.url}/rounds`);
        await page.getByRole('link', { name: ROUND_TITLE }).waitFor();
        await clean(page, 'rounds list');
        await page.getByRole('link', { name: ROUND_TITLE }).click();
        await page.getByRole('heading', { level: 1, name: ROUND_TITLE }).waitFor();
        await page.getByRole('link', { name: 'Xã La Bằng', exact: true }).waitFor();
        await clean(page, "the round's page");
        expect(errors).toEqual([]);
        await context.close();
      },
    );

    test(`the review panel at ${at}, with a return refused for want of a reason`, { timeout: 180_000 }, async () => {
      const { context, page, errors } = await session('yte.thainguyen', viewport);
      await bellNamed(page);
      await (
        await openDossier(page, 'Xã La Bằng')
      )();
      await page.locator('.review-panel').waitFor();
      await clean(page, 'dossier with the review panel');
      const code = await page
        .locator('.review-item', { has: page.locator('.review-actions') })
        .first()
        .getAttribute('data-item');
      const row = page.locator(`.review-item[data-item="${code}"]`);
      await row.getByRole('button', { name: /^Trả lại / }).click();
      await row.getByRole('button', { name: 'Trả lại chỉ tiêu', exact: true }).click();
      // The app's own message, not the browser's: nothing is sent without a reason.
      await row.getByText('Trả lại chỉ tiêu phải ghi lý do.').waitFor();
      await clean(page, 'return form with its error');
      // One live region for the whole panel, not one per item.
      expect(await page.locator('.review-panel [role=status], .review-panel [aria-live]').count()).toBe(1);
      expect(errors).toEqual([]);
      await context.close();
    });

    test(`the dossier's submit confirmation at ${at}`, { timeout: 180_000 }, async () => {
      const { context, page, errors } = await session('xa.ankhanh', viewport);
      await bellNamed(page);
      await (
        await openDossier(page, 'Xã An Khánh')
      )();
      await clean(page, 'dossier before submitting');
      await page.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
      await page.getByTestId('action-confirm').waitFor();
      await clean(page, 'submit confirmation open');
      await page.keyboard.press('Escape');
      await page.getByTestId('action-confirm').waitFor({ state: 'detached' });
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});

describe('colour, contrast and small screens', () => {
  test('map tiles carry a mark for their state; the focus ring has 3:1 on cards, the page and the header', async () => {
    const { context, page } = await session('tinh.thainguyen', WIDE);
    await page.goto(`${server.url}/dashboard/provinces/${provinceId}`);
    const tiles = page.getByTestId('map-tiles');
    await tiles.waitFor();
    const marks = await tiles
      .locator('.map-tile')
      .evaluateAll((els) =>
        els.map((el): [string, string] => [el.className, el.querySelector('.tile-mark')?.textContent ?? '']),
      );
    expect(marks.length).toBeGreaterThan(0);
    const byClass: Record<string, string> = {
      'cls-recognised': '✓',
      'cls-below': '✗',
      'cls-incomplete': '…',
      'cls-none': '–',
    };
    for (const [cls, mark] of marks) expect(mark).toBe(byClass[cls.split(' ').find((c: string) => c in byClass)!]);

    // The ring's colour against what lies around it (the white card, the grey page, the blue header).
    const ratio = await page.evaluate(() => {
      const rgb = (s: string) => (s.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
      const lum = (c: number[]) => {
        const [r, g, b] = c.map((v) => {
          const x = v / 255;
          return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const contrast = (a: number[], b: number[]) => {
        const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
        return (hi! + 0.05) / (lo! + 0.05);
      };
      const ringOf = (el: HTMLElement) => {
        el.focus({ focusVisible: true } as FocusOptions);
        return rgb(getComputedStyle(el).outlineColor);
      };
      const inCard = document.querySelector<HTMLElement>('main .card button, main .card a')!;
      const header = document.querySelector<HTMLElement>('.app-header a, .app-header button')!;
      return {
        card: contrast(ringOf(inCard), [255, 255, 255]),
        page: contrast(ringOf(inCard), rgb(getComputedStyle(document.body).backgroundColor)),
        header: contrast(ringOf(header), rgb(getComputedStyle(document.querySelector('.app-header')!).backgroundColor)),
      };
    });
    expect(ratio.card).toBeGreaterThanOrEqual(3);
    expect(ratio.page).toBeGreaterThanOrEqual(3);
    expect(ratio.header).toBeGreaterThanOrEqual(3);
    await context.close();
  });

  test('320 px: the province dashboard does not scroll sideways; 320×256: the form keeps most of the screen', async () => {
    const { context, page } = await session('tinh.thainguyen', { width: 320, height: 640 });
    await page.goto(`${server.url}/dashboard/provinces/${provinceId}`);
    await page.getByTestId('share-vs-target').waitFor();
    await page.getByTestId('map').waitFor();
    expect(await sideways(page)).toBe(0);
    await context.close();

    const small = await session('xa.daitu', { width: 320, height: 256 });
    await small.page.waitForURL(/\/assessments\/\d+\/\d+$/);
    await small.page.getByTestId('live-total').waitFor();
    // With a field focused mid-form, what the sticky panel and save bar cover leaves at least half the screen.
    await small.page.locator('input.count-input:not([readonly])').nth(3).focus();
    const covered = await small.page.evaluate(() => {
      const stuck = (sel: string) => {
        const el = document.querySelector<HTMLElement>(sel);
        if (!el || !['sticky', 'fixed'].includes(getComputedStyle(el).position)) return 0;
        const r = el.getBoundingClientRect();
        return Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
      };
      return stuck('.form-side') + stuck('.save-bar');
    });
    expect(covered).toBeLessThanOrEqual(128);
    await small.context.close();
  });
});
