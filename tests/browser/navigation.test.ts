// The shell around every page: the main menu shows every item of the longest menus on a phone (behind a "Menu"
// button) and on a 1366 px screen (wrapping rows), each fully in view and not clipped, and leads where it says;
// the button works from the keyboard. Also: public pages and the login page log no console error (a visitor's
// "who am I" is not a 401), and a refusal is not offered "Thử lại" while a server failure is.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { loginAs, newPage, openMenu, PHONE, resultsDir, useHarness } from './browser.ts';

const harness = useHarness();
const WIDE = { width: 1366, height: 900 };
const errorsOf = (page: Page) => (page as Page & { errors: string[] }).errors;

/** The longest menus: a commune officer (and the chairman, the same items), the province and the administrator. */
const MENUS: Record<string, string[]> = {
  'xa.vanphu': [
    'Đánh giá',
    'Bảng điều khiển',
    'Sổ theo dõi trẻ em',
    'Khảo sát',
    'Diễn đàn trẻ em',
    'Điểm nguy cơ đuối nước',
    'Kế hoạch',
    'Sổ hoạt động',
    'Báo cáo định kỳ',
    'Thống kê trẻ em',
    'Đợt đánh giá',
    'Bộ tiêu chí',
    'Đơn vị hành chính',
    'Quyền riêng tư',
  ],
  'tinh.thainguyen': [
    'Đánh giá',
    'Bảng điều khiển',
    'Diễn đàn trẻ em',
    'Kế hoạch',
    'Sổ hoạt động',
    'Báo cáo tổng hợp',
    'Thống kê trẻ em',
    'Đợt đánh giá',
    'Bộ tiêu chí',
    'Đơn vị hành chính',
    'Nhóm xã',
    'Phiếu khảo sát',
    'Nhóm hoàn cảnh đặc biệt',
    'Quyền riêng tư',
  ],
  admin: [
    'Đánh giá',
    'Bảng điều khiển',
    'Đợt đánh giá',
    'Bộ tiêu chí',
    'Đơn vị hành chính',
    'Phiếu khảo sát',
    'Nhóm hoàn cảnh đặc biệt',
    'Ngày nghỉ lễ',
    'Quyền riêng tư',
  ],
};

/** Where a link sits: inside the viewport, inside every ancestor that clips its overflow, and not covered. */
const placement = (link: Locator) =>
  link.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const inViewport =
      r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
    const clippedBy: string[] = [];
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const b = a.getBoundingClientRect();
      if (r.left < b.left - 0.5 || r.right > b.right + 0.5 || r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5)
        clippedBy.push(`${a.tagName.toLowerCase()}.${a.className}`);
    }
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return { inViewport, clippedBy, onTop: !!hit && el.contains(hit) };
  });

describe('the main menu', () => {
  for (const [username, items] of Object.entries(MENUS))
    for (const viewport of [PHONE, WIDE])
      test(`${username} at ${viewport.width}×${viewport.height}: every item is in view, whole, and leads to its page`, async () => {
        const h = harness();
        const { context, page } = await newPage(h, viewport);
        await loginAs(page, h.url, username);
        const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
        await nav.waitFor();
        const button = nav.getByRole('button', { name: 'Menu' });
        if (viewport === PHONE) {
          // Closed, the phone shows the button and no item; the button says what it opens.
          expect(await button.getAttribute('aria-expanded')).toBe('false');
          expect(await nav.getByRole('link').count()).toBe(0);
          const list = page.locator(`#${await button.getAttribute('aria-controls')}`);
          expect(await list.count()).toBe(1);
        } else expect(await button.isVisible()).toBe(false);

        const menu = await openMenu(page);
        if (viewport === PHONE) expect(await button.getAttribute('aria-expanded')).toBe('true');
        const links = menu.getByRole('link');
        expect(await links.allInnerTexts()).toEqual(items);
        for (const name of items) {
          const link = menu.getByRole('link', { name, exact: true });
          expect(await link.getAttribute('href'), name).toMatch(/^\//);
          expect({ name, ...(await placement(link)) }).toEqual({
            name,
            inViewport: true,
            clippedBy: [],
            onTop: true,
          });
        }
        await page.screenshot({
          path: path.join(resultsDir, `menu-${username}-${viewport.width}.png`),
        });

        // The items the issue found hidden lead to their pages; on a phone the menu closes behind.
        await menu.getByRole('link', { name: 'Đợt đánh giá', exact: true }).click();
        await page.waitForURL(/\/rounds$/);
        await page.getByRole('heading', { level: 1, name: 'Đợt đánh giá' }).waitFor();
        if (viewport === PHONE) {
          expect(await button.getAttribute('aria-expanded')).toBe('false');
          expect(await nav.getByRole('link').count()).toBe(0);
        }
        expect(
          await (await openMenu(page)).getByRole('link', { name: 'Đợt đánh giá' }).getAttribute('class'),
        ).toContain('active');
        await (await openMenu(page)).getByRole('link', { name: 'Quyền riêng tư', exact: true }).click();
        await page.waitForURL(/\/privacy$/);
        await page.getByRole('heading', { level: 1, name: 'Quyền riêng tư và dữ liệu cá nhân' }).waitFor();
        expect(errorsOf(page)).toEqual([]);
        await context.close();
      });

  test('on a phone the menu button works from the keyboard: Escape closes it and gives focus back', async () => {
    const h = harness();
    const { context, page } = await newPage(h, PHONE);
    await loginAs(page, h.url, 'xa.vanphu');
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    const button = nav.getByRole('button', { name: 'Menu' });
    await button.focus();
    await page.keyboard.press('Enter');
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    // Tab goes from the button into the list, in order.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Đánh giá');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Bảng điều khiển');
    await page.keyboard.press('Escape');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await nav.getByRole('link').count()).toBe(0);
    expect(await button.evaluate((b) => b === document.activeElement)).toBe(true);

    // A tap outside closes it too; a link followed from the keyboard navigates.
    await button.click();
    await page.getByRole('heading', { level: 1 }).first().click();
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Escape');
    await button.focus();
    await page.keyboard.press('Space');
    await nav.getByRole('link', { name: 'Khảo sát', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/surveys\/\d+$/);
    expect(errorsOf(page)).toEqual([]);
    await context.close();
  });
});

describe('errors people should not see', () => {
  test('public pages and the login page log no console error and ask nothing that fails', async () => {
    const h = harness();
    for (const viewport of [PHONE, WIDE]) {
      const { context, page } = await newPage(h, viewport);
      const logged: string[] = [];
      page.on('console', (m) => void (m.type() === 'error' && logged.push(`${page.url()}: ${m.text()}`)));
      page.on('response', (r) => void (r.status() >= 400 && logged.push(`${r.status()} ${r.url()}`)));
      const visits: Array<[string, () => Promise<unknown>]> = [
        ['/login', () => page.getByLabel('Tên đăng nhập').waitFor()],
        ['/cong-khai', () => page.getByTestId('provinces-table').waitFor()],
        ['/cong-khai/tinh/19', () => page.getByRole('heading', { level: 1, name: 'Tỉnh Thái Nguyên' }).waitFor()],
        ['/cong-khai/05503', () => page.getByRole('heading', { level: 1, name: /Xã Tân Cương/ }).waitFor()],
        ['/khao-sat', () => page.getByLabel('Mã trên phiếu của bạn').waitFor()],
      ];
      for (const [where, ready] of visits) {
        const session = page.waitForResponse((r) => r.url().endsWith('/api/auth/session'));
        await page.goto(`${h.url}${where}`);
        // The visitor's "who am I" is asked and answered without an error.
        expect((await session).status(), where).toBe(200);
        await ready();
      }
      expect(logged).toEqual([]);
      expect(errorsOf(page)).toEqual([]);
      await context.close();
    }
  });

  test('a refusal is not offered "Thử lại"; a server failure is, and trying again works', async () => {
    const h = harness();
    // The officer's register has children of every village; the collaborator of one village asks for a child of
    // another: refused (as a record that does not exist), and there is nothing to try again.
    const officer = await newPage(h, PHONE);
    await loginAs(officer.page, h.url, 'xa.daitu');
    const menu = await openMenu(officer.page);
    const register = (await menu.getByRole('link', { name: 'Sổ theo dõi trẻ em' }).getAttribute('href'))!;
    const unitId = Number(register.split('/').pop());
    type Rows = { rows: Array<{ id: number; villageId: number }> };
    const listed = (page: Page) =>
      page.evaluate(
        async (unitId) =>
          ((await (await fetch(`/api/communes/${unitId}/register/children?pageSize=100`)).json()) as Rows).rows,
        unitId,
      );
    const collaborator = await newPage(h, PHONE);
    await loginAs(collaborator.page, h.url, 'ctv.daitu');
    const own = new Set((await listed(collaborator.page)).map((c) => c.villageId));
    expect(own.size).toBe(1);
    const other = (await listed(officer.page)).find((c) => !own.has(c.villageId))!;
    const refused = collaborator.page.waitForResponse((r) => r.url().endsWith(`/register/children/${other.id}`));
    await collaborator.page.goto(`${h.url}${register}/children/${other.id}`);
    expect((await refused).status()).toBe(404);
    const alert = collaborator.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getByRole('button', { name: 'Thử lại' }).count()).toBe(0);
    await collaborator.context.close();

    // The officer's list while the server fails: "Thử lại", which loads the list once the server is back.
    const failing = '**/api/communes/*/register/cases**';
    await officer.page.route(failing, (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'unavailable', message: 'Máy chủ đang bận.', issues: [] } }),
      }),
    );
    await officer.page.goto(`${h.url}${register}/cases`);
    const failed = officer.page.getByRole('alert').filter({ hasText: 'Máy chủ đang bận.' });
    await failed.waitFor();
    await officer.page.unroute(failing);
    await failed.getByRole('button', { name: 'Thử lại' }).click();
    await expect.poll(() => failed.count()).toBe(0);
    await officer.page.getByRole('table').first().waitFor();
    await officer.context.close();
  });
});
