// The province's commune list on the dashboard page: 25 communes a page and a search by name that ignores
// diacritics; the .xlsx keeps every commune (tests/dashboards/api.test.ts).
import { describe, expect, test } from 'vitest';
import { loginAs, newPage, useHarness } from './browser.ts';

const harness = useHarness();

describe('the province’s commune list', () => {
  test('pages of 25 and a search by name', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(harness());
    await loginAs(page, harness().url, 'tinh.thainguyen');
    await page.goto(`${harness().url}/dashboard`);
    await page.waitForURL(/\/dashboard\/provinces\/\d+/);
    const list = page.getByTestId('breakdown');
    await list.getByRole('table').waitFor();
    const rows = list.locator('tbody tr');
    expect(await rows.count()).toBe(25);
    expect(await list.getByTestId('breakdown-showing').textContent()).toBe('Xã thứ 1–25 trong tổng số 92');
    await list.getByRole('button', { name: 'Trang sau' }).click();
    await expect.poll(() => list.getByTestId('breakdown-showing').textContent()).toBe('Xã thứ 26–50 trong tổng số 92');
    await list.getByLabel('Tìm xã theo tên').fill('quan chu');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Xã Quân Chu');
    expect(await list.getByRole('button', { name: 'Trang trước' }).isDisabled()).toBe(true);
    await list.getByLabel('Tìm xã theo tên').fill('không có xã này');
    await expect.poll(() => list.getByTestId('breakdown-showing').textContent()).toContain('Không có xã nào khớp');
    await context.close();
  });
});
