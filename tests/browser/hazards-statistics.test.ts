// A commune officer lists a pond on a phone (a missing place refused at its field first), sees it counted as a
// site with no fence and no sign, and the page fits the screen; the province opens the children's statistics
// of its communes and downloads the .xlsx, whose total agrees with the page.
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DESKTOP, loginAs, newPage, openMenu, PHONE, resultsDir, useHarness } from './browser.ts';

const harness = useHarness();
const fitsScreen = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
const errorsOf = (page: Page) => (page as Page & { errors: string[] }).errors;

describe('hazard sites and children’s statistics', () => {
  test('a commune officer lists a pond; it is counted as neither fenced nor signposted', async () => {
    const h = harness();
    const { context, page } = await newPage(h, PHONE);
    await loginAs(page, h.url, 'xa.daitu');
    await (await openMenu(page)).getByRole('link', { name: 'Điểm nguy cơ đuối nước', exact: true }).click();
    await page.waitForURL(/\/hazards\/\d+$/);
    const unitId = Number(new URL(page.url()).pathname.split('/')[2]);
    await page.getByRole('heading', { level: 1, name: 'Điểm có nguy cơ đuối nước, tai nạn' }).waitFor();
    const counts = async () =>
      (await page.evaluate(async (u) => (await fetch(`/api/communes/${u}/hazard-sites`)).json(), unitId)) as {
        counts: { listed: number; unsafe: number };
        villages: Array<{ id: number; name: string }>;
      };
    const before = await counts();

    await page.getByRole('button', { name: 'Thêm điểm nguy cơ' }).click();
    const form = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Thêm điểm có nguy cơ' }) });
    await form.getByLabel('Thôn/tổ dân phố').selectOption({ label: before.villages[0]!.name });
    await form.getByLabel('Loại điểm nguy cơ').selectOption({ label: 'Ao, hồ' });
    await form.getByLabel('Ngày đưa vào danh sách').fill('02/12/2026');
    await form.getByRole('button', { name: 'Ghi điểm nguy cơ' }).click();
    // The place is required: said at its field, nothing stored.
    await expect.poll(async () => (await form.textContent()) ?? '').toContain('Vị trí: cần nhập');
    expect((await counts()).counts.listed).toBe(before.counts.listed);

    await form.getByLabel('Vị trí').fill('Ao nhà ông Tâm, cạnh đường vào trường');
    await form.getByLabel('Cơ quan, hộ gia đình chịu trách nhiệm').fill('Hộ ông Nguyễn Văn Tâm');
    await form.getByRole('button', { name: 'Ghi điểm nguy cơ' }).click();
    await page.getByText('Ao nhà ông Tâm, cạnh đường vào trường').first().waitFor();
    const after = await counts();
    expect(after.counts.listed).toBe(before.counts.listed + 1);
    expect(after.counts.unsafe).toBe(before.counts.unsafe + 1);
    expect(await fitsScreen(page)).toBe(true);
    await page.screenshot({ path: path.join(resultsDir, 'hazards-phone.png'), fullPage: true });
    expect(errorsOf(page)).toEqual([]);
    await context.close();
  }, 120_000);

  test('the province reads its communes’ statistics and downloads them; the .xlsx total is the page’s', async () => {
    const h = harness();
    const { context, page } = await newPage(h, DESKTOP);
    await loginAs(page, h.url, 'tinh.thainguyen');
    await (await openMenu(page)).getByRole('link', { name: 'Thống kê trẻ em', exact: true }).click();
    await page.waitForURL(/\/statistics\/\d+/);
    await page.getByRole('heading', { level: 1, name: 'Thống kê trẻ em' }).waitFor();
    await page.getByLabel('Từ ngày').fill('01/01/2026');
    await page.getByLabel('Đến ngày').fill('30/11/2026');
    await page.getByRole('button', { name: 'Xem số liệu' }).click();
    await page.getByText('Số liệu tính từ ngày 01/01/2026 đến ngày 30/11/2026').first().waitFor();

    const download = page.waitForEvent('download');
    await page.getByTestId('statistics-xlsx').click();
    const file = await (await download).path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.worksheets[0]!;
    // The row of the child population (01.01): its last cell (the total) is the sum of the communes' cells before it.
    let checked = false;
    sheet.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      if (!values.some((v) => typeof v === 'string' && v.startsWith('Dân số trẻ em'))) return;
      const numbers = values.filter((v): v is number => typeof v === 'number');
      const total = numbers[numbers.length - 1]!;
      expect(total).toBeGreaterThan(0);
      expect(numbers.slice(0, -1).reduce((a, b) => a + b, 0)).toBe(total);
      checked = true;
    });
    expect(checked).toBe(true);
    await page.screenshot({ path: path.join(resultsDir, 'statistics-province.png') });
    expect(errorsOf(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
