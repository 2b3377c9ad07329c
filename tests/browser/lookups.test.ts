// The two lookup pages in a real browser at phone width: the ministry adds a special-circumstance sub-group
// (a national list) and is refused, in Vietnamese, when adding it again; a province official and a commune
// officer read it without the form; an administrator reads the 2026 holidays
// (Tết 16–20/02/2026), adds a make-up working Saturday and a day off, sees both, and removes one.
import { describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { loginAs, newPage, openMenu, PHONE, resultsDir, useHarness } from './browser.ts';
import path from 'node:path';

const errorsOf = (page: Page) => (page as Page & { errors: string[] }).errors;
const harness = useHarness();

const rowWith = (table: Locator, text: string) => table.locator('tbody tr').filter({ hasText: text });
/** The row whose first cell (the date) reads `day`. */
const rowOn = (table: Locator, day: string) =>
  table.locator('tbody tr').filter({ has: table.page().locator('td:first-child', { hasText: day }) });
const fitsPhone = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

describe('lookup pages', () => {
  test('the ministry adds a sub-group and is refused when adding it again', async () => {
    const { context, page } = await newPage(harness(), PHONE);
    await loginAs(page, harness().url, 'bo.yte');
    // Only administrators see the holidays link.
    const menu = await openMenu(page);
    expect(await menu.getByRole('link', { name: 'Nhóm hoàn cảnh đặc biệt' }).isVisible()).toBe(true);
    expect(await menu.getByRole('link', { name: 'Ngày nghỉ lễ' }).count()).toBe(0);
    await menu.getByRole('link', { name: 'Nhóm hoàn cảnh đặc biệt' }).click();
    await page.waitForURL(/\/register-groups$/);
    await page.getByRole('heading', { level: 1, name: 'Nhóm trẻ em có hoàn cảnh đặc biệt' }).waitFor();

    const table = page.getByTestId('groups-table');
    await table.waitFor();
    // The 14 groups of Điều 10 (a … o, with đ), sensitive ones marked.
    await expect.poll(() => table.locator('tbody tr.group').count()).toBe(14);
    await expect.poll(() => rowWith(table, 'Trẻ em nhiễm HIV/AIDS').textContent()).toContain('Được bảo mật');
    expect(await rowWith(table, 'Trẻ em nhiễm HIV/AIDS').textContent()).toContain('đ.');
    expect(await rowWith(table, 'Trẻ em không nơi nương tựa').first().textContent()).not.toContain('Được bảo mật');

    const form = page.getByRole('form', { name: 'Thêm nhóm con' });
    await form.getByLabel('Thuộc nhóm').selectOption('c');
    await form.getByLabel('Mã nhóm con').fill('c.9');
    await form.getByLabel('Tên nhóm con (tiếng Việt)').fill('Thử nghiệm nhóm con');
    await form.getByRole('button', { name: 'Thêm nhóm con' }).click();
    await page.getByText('Đã thêm nhóm con c.9.').waitFor();
    const added = rowWith(table, 'Thử nghiệm nhóm con');
    await added.waitFor();
    expect(await added.textContent()).toContain('c.9');
    expect(await added.textContent()).toContain('Do tỉnh thêm');
    // Listed under its parent: right after the last sub-group of c, before d.
    const codes = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(codes.indexOf('c.9')).toBe(codes.indexOf('c.3') + 1);
    expect(codes.indexOf('d')).toBe(codes.indexOf('c.9') + 1);
    await fitsPhone(page);

    // The same code again: the server's Vietnamese message beside the form.
    await form.getByLabel('Mã nhóm con').fill('c.9');
    await form.getByLabel('Tên nhóm con (tiếng Việt)').fill('Thử nghiệm nhóm con');
    await form.getByRole('button', { name: 'Thêm nhóm con' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Trường “code” (giá trị “c.9”): nhóm này đã có.');
    // A code outside its parent is refused too.
    await form.getByLabel('Mã nhóm con').fill('d.9');
    await form.getByRole('button', { name: 'Thêm nhóm con' }).click();
    await expect.poll(() => alert.textContent()).toContain('mã nhóm con phải bắt đầu bằng “c.”');
    expect(await rowWith(table, 'Thử nghiệm nhóm con').count()).toBe(1);
    await fitsPhone(page);
    await page.screenshot({ path: path.join(resultsDir, 'lookups-groups-phone.png'), fullPage: true });
    expect(errorsOf(page)).toEqual([]);
    await context.close();
  });

  for (const [who, username] of [
    ['a commune officer', 'xa.vanphu'],
    ['a province official', 'tinh.thainguyen'],
  ] as const)
    test(`${who} reads the groups without the form`, async () => {
      const { context, page } = await newPage(harness(), PHONE);
      await loginAs(page, harness().url, username);
      await page.goto(`${harness().url}/register-groups`);
      await page.getByTestId('groups-table').waitFor();
      await page.getByText('Bạn chỉ có quyền xem trang này.').waitFor();
      expect(await page.getByRole('form', { name: 'Thêm nhóm con' }).count()).toBe(0);
      await context.close();
    });

  test('an administrator reads the 2026 holidays and adds and removes adjustments', async () => {
    const { context, page } = await newPage(harness(), PHONE);
    await loginAs(page, harness().url, 'admin');
    await (await openMenu(page)).getByRole('link', { name: 'Ngày nghỉ lễ' }).click();
    await page.waitForURL(/\/holidays/);
    await page.getByRole('heading', { level: 1, name: 'Ngày nghỉ lễ và ngày làm việc' }).waitFor();
    await page.getByText('Nghị định 56/2017/NĐ-CP, Điều 28').waitFor();
    await page.getByLabel('Năm').selectOption('2026');
    await page.getByRole('heading', { name: 'Ngày nghỉ lễ năm 2026' }).waitFor();

    const holidays = page.getByTestId('holidays-table');
    await holidays.waitFor();
    // Tết Nguyên Đán 2026: Monday 16/02 to Friday 20/02.
    for (const [day, weekday] of [
      ['16/02/2026', 'Thứ Hai'],
      ['17/02/2026', 'Thứ Ba'],
      ['18/02/2026', 'Thứ Tư'],
      ['19/02/2026', 'Thứ Năm'],
      ['20/02/2026', 'Thứ Sáu'],
    ] as const) {
      const row = rowOn(holidays, day);
      expect(await row.count()).toBe(1);
      const text = (await row.textContent()) ?? '';
      expect(text).toContain(weekday);
      expect(text).toContain('Tết Nguyên Đán');
      expect(text).toContain('Luật định');
    }
    expect(await rowOn(holidays, '27/04/2026').textContent()).toContain('Nghỉ bù');
    expect(await page.getByText('Chưa có điều chỉnh nào trong năm này.').count()).toBe(1);

    const form = page.getByRole('form', { name: 'Thêm điều chỉnh' });
    const add = async (date: string, kind: string, name: string) => {
      await form.getByRole('textbox', { name: /^Ngày/ }).fill(date);
      await form.getByLabel('Loại ngày').selectOption({ label: kind });
      await form.getByLabel('Tên hoặc căn cứ').fill(name);
      await form.getByRole('button', { name: 'Lưu điều chỉnh' }).click();
      await page.getByText(`Đã lưu điều chỉnh ngày ${date}.`).waitFor();
    };
    await add('21/02/2026', 'Ngày làm việc', 'Làm bù ngày 02/01/2026');
    await add('02/01/2026', 'Ngày nghỉ', 'Nghỉ hoán đổi dịp Tết Dương lịch');

    const adjustments = page.getByTestId('adjustments-table');
    await expect.poll(() => adjustments.locator('tbody tr').count()).toBe(2);
    const saturday = rowOn(adjustments, '21/02/2026');
    expect(await saturday.textContent()).toContain('Thứ Bảy');
    expect(await saturday.textContent()).toContain('Ngày làm việc');
    const friday = rowOn(adjustments, '02/01/2026');
    expect(await friday.textContent()).toContain('Thứ Sáu');
    expect(await friday.textContent()).toContain('Ngày nghỉ');
    // The day off joins the effective holidays; a working Saturday is not a holiday.
    await expect.poll(() => rowOn(holidays, '02/01/2026').count()).toBe(1);
    expect(await rowOn(holidays, '02/01/2026').textContent()).toContain('Điều chỉnh');
    expect(await rowOn(holidays, '21/02/2026').count()).toBe(0);
    await fitsPhone(page);
    await page.screenshot({ path: path.join(resultsDir, 'lookups-holidays-phone.png'), fullPage: true });

    // Remove the day off: gone from both tables; the working Saturday stays.
    await adjustments.getByRole('button', { name: 'Xóa điều chỉnh ngày 02/01/2026' }).click();
    await page.getByText('Đã xóa điều chỉnh ngày 02/01/2026.').waitFor();
    await expect.poll(() => adjustments.locator('tbody tr').count()).toBe(1);
    expect(await rowOn(adjustments, '21/02/2026').count()).toBe(1);
    await expect.poll(() => rowOn(holidays, '02/01/2026').count()).toBe(0);

    // What the server keeps, read with the page's session.
    const stored = await page.evaluate(
      async () => (await (await fetch('/api/holidays?year=2026')).json()) as { adjustments: unknown[] },
    );
    expect(stored.adjustments).toEqual([{ date: '2026-02-21', kind: 'working_day', name: 'Làm bù ngày 02/01/2026' }]);
    await fitsPhone(page);
    expect(errorsOf(page)).toEqual([]);
    await context.close();
  });
});
