// The dashboards' map in a real browser: before any boundary is imported the province dashboard shows one
// square per commune (nothing from the Internet); the administrator imports a GeoJSON of three communes
// through the page (preview, then save); the province dashboard then draws them as focusable regions, the
// other communes staying squares. Screenshots go to test-results/.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { geojson } from '../maps/fixtures.ts';
import { loginAs, newPage, PHONE, resultsDir, useHarness } from './browser.ts';

const harness = useHarness();

describe('the map on the province dashboard', () => {
  test(
    'without boundaries: a square per commune, coloured and labelled, with the same figures as a table; fits a phone',
    { timeout: 120_000 },
    async () => {
      const { context, page } = await newPage(harness(), PHONE);
      const outside: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(harness().url)) outside.push(r.url());
      });
      await loginAs(page, harness().url, 'tinh.thainguyen');
      await page.goto(`${harness().url}/dashboard`);
      await page.waitForURL(/\/dashboard\/provinces\/\d+/);
      const map = page.getByTestId('map');
      await map.getByTestId('map-tiles').waitFor();
      expect(await map.getByTestId('map-svg').count()).toBe(0);
      const tiles = map.getByTestId('map-tiles').getByRole('link');
      expect(await tiles.count()).toBe(92);
      const quanChu = map.getByRole('link', { name: /^Xã Quân Chu: Đạt chuẩn, 970 điểm$/ });
      // The state as a mark as well as a colour (✓ recognised, ✗ below, … incomplete, – not assessed).
      expect(await quanChu.textContent()).toBe('✓Quân Chu');
      expect(await quanChu.getAttribute('class')).toContain('cls-recognised');
      expect(await map.getByRole('link', { name: /^Xã La Bằng: Chưa đạt chuẩn/ }).getAttribute('class')).toContain(
        'cls-below',
      );
      expect(await map.getByTestId('map-legend').textContent()).toContain('Đạt chuẩn: 4');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await map.screenshot({ path: path.join(resultsDir, 'map-tiles-phone.png') });
      await map.getByRole('button', { name: 'Xem bảng số liệu' }).click();
      const row = map.getByTestId('map-table').getByRole('row', { name: /Xã Quân Chu/ });
      expect(await row.textContent()).toContain('970');
      expect(await row.textContent()).toContain('Ô vuông');
      expect(outside).toEqual([]);
      expect((page as unknown as { errors: string[] }).errors).toEqual([]);
      await context.close();
    },
  );

  test(
    'the administrator imports a GeoJSON through the page; the dashboard draws three communes and squares for the rest',
    { timeout: 180_000 },
    async () => {
      const { context, page } = await newPage(harness());
      await loginAs(page, harness().url, 'admin');
      await page.goto(`${harness().url}/maps/import`);
      await page.getByRole('heading', { level: 1, name: 'Nhập ranh giới cho bản đồ' }).waitFor();
      await page.getByLabel('Tỉnh của các xã').selectOption({ label: 'Tỉnh Thái Nguyên' });
      await page.getByLabel('Tệp ranh giới').setInputFiles({
        name: 'xa-thai-nguyen.geojson',
        mimeType: 'application/geo+json',
        buffer: Buffer.from(JSON.stringify(geojson())),
      });
      await page.getByRole('button', { name: 'Kiểm tra và xem trước' }).click();
      const preview = page.getByTestId('import-preview');
      await preview.waitFor();
      expect(await preview.textContent()).toContain('thuộc tính “ma_xa” (tự nhận)');
      expect(await preview.getByTestId('preview-matched').locator('tbody tr').count()).toBe(3);
      const unmatched = preview.getByTestId('preview-unmatched');
      expect(await unmatched.locator('tbody tr').count()).toBe(1);
      expect(await unmatched.textContent()).toContain('"99999"');
      await page.screenshot({ path: path.join(resultsDir, 'map-import-preview.png'), fullPage: true });
      await preview.getByRole('button', { name: 'Lưu ranh giới' }).click();
      const done = page.getByTestId('import-done');
      await done.waitFor();
      expect(await done.textContent()).toContain('Đã lưu ranh giới của 3 đơn vị.');
      // The history reloads after the save message shows: wait for the new row rather than counting at once.
      await expect
        .poll(
          () =>
            page
              .getByTestId('import-history')
              .getByRole('row', { name: /xa-thai-nguyen\.geojson/ })
              .count(),
          { timeout: 15_000 },
        )
        .toBe(1);

      await done.getByRole('link', { name: 'Xem bản đồ trên bảng điều khiển' }).click();
      await page.waitForURL(/\/dashboard\/provinces\/\d+/);
      const map = page.getByTestId('map');
      const svg = map.getByTestId('map-svg');
      await svg.waitFor();
      const regions = svg.getByRole('link');
      expect(await regions.count()).toBe(3);
      expect(await map.getByTestId('map-tiles').getByRole('link').count()).toBe(89);
      expect(await map.textContent()).toContain('89 đơn vị chưa có ranh giới');
      expect(await map.textContent()).toContain('Ranh giới từ tệp xa-thai-nguyen.geojson');
      // Each region is drawn (has an area on screen), coloured by its class, and named for a screen reader.
      const quanChu = svg.getByRole('link', { name: /^Xã Quân Chu: Đạt chuẩn/ });
      expect(await quanChu.locator('path').getAttribute('class')).toContain('cls-recognised');
      expect(
        await svg
          .getByRole('link', { name: /^Xã Vạn Phú:/ })
          .locator('path')
          .getAttribute('class'),
      ).toContain('cls-incomplete');
      const box = await quanChu.boundingBox();
      expect(box!.width).toBeGreaterThan(20);
      expect(box!.height).toBeGreaterThan(20);
      await map.screenshot({ path: path.join(resultsDir, 'map-choropleth.png') });
      // Keyboard: Tab reaches the regions in turn; Enter opens the commune's dashboard.
      await map.getByRole('button', { name: 'Xem bảng số liệu' }).focus();
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
      expect(focused).toMatch(/^Xã (La Bằng|Vạn Phú|Quân Chu):/);
      await quanChu.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/dashboard\/communes\/\d+/);
      await page.getByRole('heading', { level: 1, name: 'Bảng điều khiển — Xã Quân Chu' }).waitFor();
      expect((page as unknown as { errors: string[] }).errors).toEqual([]);
      await context.close();
    },
  );
});
