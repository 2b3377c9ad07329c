// The Ministry of Health official (Cục Bà mẹ và Trẻ em) in a real browser: lands on the national dashboard
// with its map, reads a province's and a commune's dashboard (aggregates only), is offered the national rule
// set's copy button; the menu has no commune assessments or rounds, and a commune's child register stays shut.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { DESKTOP, loginAs, newPage, resultsDir, useHarness } from './browser.ts';

const harness = useHarness();

describe('the ministry', () => {
  test('reads every level of the dashboards, keeps the rule set, and sees no child', { timeout: 180_000 }, async () => {
    const { context, page } = await newPage(harness(), DESKTOP);
    await loginAs(page, harness().url, 'bo.yte');
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    await nav.getByRole('link', { name: 'Bảng điều khiển' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Đánh giá', exact: true }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Đợt đánh giá', exact: true }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Phiếu khảo sát', exact: true }).count()).toBe(1);

    await nav.getByRole('link', { name: 'Bảng điều khiển' }).click();
    await page.waitForURL(/\/dashboard\/nation/);
    await page.getByRole('heading', { level: 1, name: 'Bảng điều khiển toàn quốc' }).waitFor();
    await page.getByTestId('share-vs-target').waitFor();
    await page.getByTestId('map').waitFor();
    await page.getByTestId('map-tiles').waitFor();
    // The ministry reads the map; importing boundaries is the administrator's.
    expect(await page.getByTestId('map').getByRole('link', { name: 'Nhập ranh giới' }).count()).toBe(0);
    await page.screenshot({ path: path.join(resultsDir, 'ministry-nation.png'), fullPage: true });

    const ids = await page.evaluate(async () => {
      const json = async (url: string) => (await fetch(url)).json();
      const province = (await json('/api/units?level=province&limit=100')).items.find(
        (u: { code: string }) => u.code === '19',
      );
      const commune = (await json(`/api/units?level=commune&parentId=${province.id}&limit=200`)).items.find(
        (u: { code: string }) => u.code === '05830',
      );
      return { province: province.id as number, commune: commune.id as number };
    });
    await page.goto(`${harness().url}/dashboard/provinces/${ids.province}`);
    await page.getByRole('heading', { level: 1, name: 'Bảng điều khiển — Tỉnh Thái Nguyên' }).waitFor();
    await expect.poll(() => page.getByTestId('share-vs-target').textContent()).toContain('(4/92 xã, phường)');
    await page.goto(`${harness().url}/dashboard/communes/${ids.commune}`);
    await page.getByRole('heading', { level: 1, name: 'Bảng điều khiển — Xã Đại Từ' }).waitFor();

    // Aggregates only: the commune's register answers 403 to the ministry.
    const register = await page.evaluate(
      async (id) => (await fetch(`/api/communes/${id}/register/children`)).status,
      ids.commune,
    );
    expect(register).toBe(403);

    await nav.getByRole('link', { name: 'Bộ tiêu chí' }).click();
    await page.waitForURL(/\/rule-sets/);
    await page.locator('a.row-link').first().click();
    await page.getByRole('button', { name: 'Sao chép thành bản nháp' }).waitFor();
    expect((page as typeof page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  });
});
