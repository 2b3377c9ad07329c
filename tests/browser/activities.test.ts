// The activity log in the browser: a commune officer, on a phone, opens "Sổ hoạt động" from the menu, has a
// fund record without its amount refused at its field, records a communication session with participants by sex
// and a photo as evidence, sees it listed and counted in the year's totals, and the page fits the screen; the
// province official reads the commune's log without an add button.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { tinyPng } from '../evidence/samples.ts';
import { DESKTOP, loginAs, newPage, openMenu, PHONE, resultsDir, useHarness } from './browser.ts';

const harness = useHarness();
const fitsScreen = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
const errorsOf = (page: Page) => (page as Page & { errors: string[] }).errors;
const today = () => {
  const d = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
  return d; // dd/mm/yyyy
};

describe('the activity log', () => {
  let unitId = 0;

  test('a commune officer records a session with its participants and a photo, on a phone', async () => {
    const h = harness();
    const { context, page } = await newPage(h, PHONE);
    await loginAs(page, h.url, 'xa.vanphu');
    await (await openMenu(page)).getByRole('link', { name: 'Sổ hoạt động', exact: true }).click();
    await page.waitForURL(/\/activities\/\d+/);
    unitId = Number(new URL(page.url()).pathname.split('/')[2]);
    await page.getByRole('heading', { level: 1, name: /Sổ hoạt động/ }).waitFor();
    const totals = async () =>
      (
        (await page.evaluate(async (u) => (await fetch(`/api/units/${u}/activities`)).json(), unitId)) as {
          totals: Record<string, number>;
          items: unknown[];
        }
      ).totals;
    const before = await totals();

    await page.getByRole('button', { name: 'Ghi hoạt động' }).click();
    const form = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Ghi một hoạt động' }) });
    // The fund's money must be given: refused under the amount, nothing stored.
    await form.getByLabel('Loại hoạt động').selectOption({ label: 'Quỹ Bảo trợ trẻ em' });
    await form.getByLabel('Hình thức').selectOption({ label: 'Vận động được' });
    await form.getByLabel('Nội dung').fill('Vận động ủng hộ Quỹ Bảo trợ trẻ em');
    await form.getByRole('button', { name: 'Ghi hoạt động' }).click();
    await expect.poll(async () => (await form.textContent()) ?? '').toContain('phải ghi số tiền');
    expect((await totals())['fund.raised']).toBe(before['fund.raised']);

    await form.getByLabel('Loại hoạt động').selectOption({ label: 'Truyền thông' });
    await form.getByLabel('Hình thức').selectOption({ label: 'Buổi truyền thông trực tiếp' });
    await form.getByLabel('Ngày thực hiện').fill(today());
    await form.getByLabel('Nội dung').fill('Truyền thông phòng, chống xâm hại trẻ em');
    await form.getByLabel('Địa điểm').fill('Nhà văn hóa thôn Cầu Đá');
    await form.getByLabel('Trẻ em nam').fill('12');
    await form.getByLabel('Trẻ em nữ').fill('15');
    await form.getByLabel('Người lớn nữ').fill('1.003');
    await form.getByLabel(/Thêm tệp minh chứng/).setInputFiles({
      name: 'anh-buoi-truyen-thong.png',
      mimeType: 'image/png',
      buffer: tinyPng(),
    });
    await form.getByRole('button', { name: 'Ghi hoạt động' }).click();
    const list = page.getByTestId('activities');
    await list.getByText('Truyền thông phòng, chống xâm hại trẻ em').waitFor();
    expect(await list.textContent()).toContain('27 trẻ em (12 nam, 15 nữ)');
    expect(await list.textContent()).toContain('1.003 người lớn');
    await list.getByRole('link', { name: 'anh-buoi-truyen-thong.png' }).waitFor();
    const after = await totals();
    expect(after['communication.sessions']).toBe(before['communication.sessions']! + 1);
    expect(after['communication.participants']).toBe(before['communication.participants']! + 1030);
    expect(
      await page.getByTestId('activity-totals').locator('[data-statistic="communication.sessions"]').textContent(),
    ).toBe(String(after['communication.sessions']));
    expect(await fitsScreen(page)).toBe(true);
    await page.screenshot({ path: path.join(resultsDir, 'activities-phone.png'), fullPage: true });
    expect(errorsOf(page)).toEqual([]);
    await context.close();
  }, 120_000);

  test('the province official reads the commune’s log, without writing it', async () => {
    const h = harness();
    const { context, page } = await newPage(h, DESKTOP);
    await loginAs(page, h.url, 'tinh.thainguyen');
    await page.goto(`${h.url}/activities/${unitId}`);
    await page.getByText('Truyền thông phòng, chống xâm hại trẻ em').first().waitFor();
    await page.getByText('Bạn chỉ xem sổ hoạt động của đơn vị này.').waitFor();
    expect(await page.getByRole('button', { name: 'Ghi hoạt động' }).count()).toBe(0);
    expect(errorsOf(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
