// The province official's dashboard in a real browser: from the menu to the province, the share against the
// 70% target, the charts with their tables, the .xlsx download with the same figures; on a phone too. The
// public pages never load the dashboard's code. Screenshots go to test-results/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, test } from 'vitest';
import type { Locator } from 'playwright-core';
import { loginAs, newPage, PHONE, resultsDir, useHarness } from './browser.ts';

const harness = useHarness();

/** The text of the element that describes a chart (aria-describedby). */
const description = (chart: Locator) =>
  chart.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent ?? '');

/** Pixels of the brand blue and the alert red on a chart's canvas, and how many rows of pixels the red spans. */
const paint = (chart: Locator) =>
  chart.evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let red = 0;
    let blue = 0;
    let top = Infinity;
    let bottom = -1;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      if (r === 0x0b && g === 0x53 && b === 0x94) blue++;
      if (r === 0xb3 && g === 0x26 && b === 0x1e) {
        red++;
        const y = Math.floor(i / 4 / canvas.width);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
    return { red, blue, redRows: bottom - top + 1, height: canvas.height };
  });

describe('the province dashboard', () => {
  test(
    'the province official sees the share against the target, the charts and their tables, and downloads the .xlsx',
    { timeout: 180_000 },
    async () => {
      const { context, page } = await newPage(harness());
      await loginAs(page, harness().url, 'tinh.thainguyen');
      await page.getByRole('navigation').getByRole('link', { name: 'Bảng điều khiển' }).click();
      await page.waitForURL(/\/dashboard\/provinces\/\d+/);
      await page.getByRole('heading', { level: 1, name: 'Bảng điều khiển — Tỉnh Thái Nguyên' }).waitFor();

      // 4 of Thái Nguyên's 92 communes meet the standard in the demo: 4,3% against "above 70%", 61 short.
      const share = page.getByTestId('share-vs-target');
      await expect.poll(() => share.textContent()).toContain('4,3%');
      const text = (await share.textContent()) ?? '';
      expect(text).toContain('(4/92 xã, phường)');
      expect(text).toContain('trên 70%');
      expect(text).toContain('cần thêm 61 xã, phường');
      expect(await share.getByRole('meter').getAttribute('aria-valuenow')).toBe('4.3');

      // Each chart is a canvas Chart.js drew: an image with a label, described by its figures; its table opens from the button beside it.
      const criteria = page.getByTestId('criteria');
      const chart = criteria.getByRole('img', { name: /^Biểu đồ thanh: điểm bình quân của từng tiêu chí/ });
      expect(await chart.evaluate((el) => el.tagName)).toBe('CANVAS');
      expect(await chart.getAttribute('aria-label')).toContain('Số liệu ở bảng số liệu');
      // Drawn, not blank: the brand-blue bars, and one criterion (C05: La Bằng scored 0) in the alert red.
      await expect.poll(async () => (await paint(chart)).blue).toBeGreaterThan(0);
      const { red, blue, redRows, height } = await paint(chart);
      expect(blue).toBeGreaterThan(red);
      expect(red).toBeGreaterThan(0);
      expect(redRows).toBeLessThan(height / 13);
      await criteria.screenshot({ path: path.join(resultsDir, 'dashboard-criteria-chart.png') });
      const table = criteria.getByTestId('criteria-table');
      expect(await table.isVisible()).toBe(false);
      await criteria.getByRole('button', { name: 'Xem bảng số liệu' }).click();
      await table.waitFor();
      const c05 = table.getByRole('row', { name: /C05/ });
      expect(await c05.locator('td').last().textContent()).toBe('1');
      expect(await table.locator('tbody tr').count()).toBe(13);
      // The chart's figures (its description, and its tooltips' text) are the table's: "C05: 12,5/50" for each criterion.
      const described = await description(chart);
      const rows = await table
        .locator('tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      for (const [code, , max, , mean] of rows)
        expect(described).toContain(`${code}: ${mean === '—' ? '—' : `${mean}/${max}`}`);
      expect(described).toMatch(/C01: \d+(,\d)?\/\d+/);

      const trend = page.getByTestId('trend');
      const line = trend.getByRole('img', { name: /^Biểu đồ đường: tỷ lệ đạt chuẩn theo năm/ });
      expect(await line.evaluate((el) => el.tagName)).toBe('CANVAS');
      expect(await description(line)).toContain('2026: 4,3% (Chỉ tiêu 70%)');
      await trend.getByRole('button', { name: 'Xem bảng số liệu' }).click();
      const y2026 = trend.getByRole('row', { name: /2026/ });
      await trend.screenshot({ path: path.join(resultsDir, 'dashboard-trend.png') });
      expect(await y2026.textContent()).toContain('4,3%');
      expect(await y2026.textContent()).toContain('70%');

      // The timeliness table gives dates as dd/mm/yyyy.
      const time = page.getByTestId('timeliness');
      await time.getByRole('button', { name: 'Xem bảng số liệu' }).click();
      expect(await time.getByRole('row', { name: /Xã La Bằng/ }).textContent()).toContain('15/11/2026');
      await page.screenshot({ path: path.join(resultsDir, 'dashboard-province.png'), fullPage: true });

      const downloading = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Tải về Excel (.xlsx)' }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe('bang-dieu-khien-province-19-2026.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
      const facts = new Map<unknown, unknown>();
      wb.getWorksheet('Tổng quan')!.eachRow((row) => facts.set(row.getCell(1).value, row.getCell(2).value));
      expect(facts.get('Đạt chuẩn')).toBe(4);
      expect(facts.get('Tỷ lệ đạt chuẩn (%)')).toBe(4.3);
      expect(facts.get('Số xã cần thêm để đạt chỉ tiêu')).toBe(61);
      expect(wb.getWorksheet('Tiêu chí')!.rowCount).toBe(14);
      expect((page as unknown as { errors: string[] }).errors).toEqual([]);
      await context.close();
    },
  );

  test('fits a phone, and a commune opens from the province’s list', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(harness(), PHONE);
    await loginAs(page, harness().url, 'tinh.thainguyen');
    await page.goto(`${harness().url}/dashboard`);
    await page.waitForURL(/\/dashboard\/provinces\/\d+/);
    await page.getByTestId('share-vs-target').waitFor();
    // The charts scale to the phone: nothing wider than the screen once they are drawn.
    const chart = page.getByTestId('criteria').getByRole('img');
    await expect.poll(async () => (await paint(chart)).blue).toBeGreaterThan(0);
    expect((await chart.boundingBox())!.width).toBeLessThanOrEqual(PHONE.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(resultsDir, 'dashboard-province-phone.png'), fullPage: false });
    await page.getByTestId('breakdown').getByRole('link', { name: 'Xã Quân Chu' }).click();
    await page.waitForURL(/\/dashboard\/communes\/\d+/);
    const status = page.getByTestId('commune-status');
    await expect.poll(() => status.textContent()).toContain('970');
    expect(await status.textContent()).toContain('Đạt chuẩn');
    // A commune's trend is its total per year, as bars out of 1000.
    const trend = page.getByTestId('trend').getByRole('img', { name: /^Biểu đồ thanh: tổng điểm theo năm/ });
    await expect.poll(async () => (await paint(trend)).blue).toBeGreaterThan(0);
    expect(await description(trend)).toMatch(/2026 ✓: 970(,\d)?\/1000/);
    await context.close();
  });
});

test('the public pages do not load the dashboard’s code', { timeout: 120_000 }, async () => {
  const { context, page } = await newPage(harness(), PHONE);
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script' || r.resourceType() === 'stylesheet') scripts.push(r.url());
  });
  await page.goto(`${harness().url}/cong-khai`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.goto(`${harness().url}/khao-sat`);
  await page.locator('main, form, h1').first().waitFor();
  await page.goto(`${harness().url}/login`);
  await page.getByLabel('Tên đăng nhập').waitFor();
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((u) => /Dashboard|charts/.test(u))).toEqual([]);
  await context.close();
});
