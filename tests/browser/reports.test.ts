// Periodic reports in the browser: the officer of Xã Đại Từ opens the 6-month report of 2026 on a phone,
// sees the figures drafted from the data of its period (15/12/2025 to 09/05/2026, the day before it is due) and the
// prefilled text, edits and saves it, submits it through
// the confirmation (late: the due day 10/05/2026 has passed) and finds it frozen; the province official then
// sees it on the consolidated page, marked late in words, and opens it read-only.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP, loginAs, newPage, openMenu, PHONE, resultsDir, useHarness } from './browser.ts';

const harness = useHarness();

async function noHorizontalOverflow(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

const dmy = (d: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(d);
const EDITED =
  'Sáu tháng đầu năm 2026, xã Đại Từ tổ chức Tháng hành động vì trẻ em và rà soát trẻ em có hoàn cảnh đặc biệt.';

describe('periodic reports', () => {
  test('a commune officer drafts, edits and submits the 6-month report; the province sees it on the consolidated page', async () => {
    const h = harness();
    const { context, page } = await newPage(h, PHONE);
    await loginAs(page, h.url, 'xa.daitu');
    await (await openMenu(page)).getByRole('link', { name: 'Báo cáo định kỳ', exact: true }).click();
    await page.waitForURL(/\/reports\/\d+$/);
    const unitId = Number(new URL(page.url()).pathname.split('/')[2]);
    await page.getByLabel('Năm', { exact: true }).selectOption('2026');
    await page.getByRole('heading', { level: 2, name: 'Báo cáo 6 tháng năm 2026 — Xã Đại Từ' }).waitFor();

    // Drafted from the data as they stood on 09/05, the day before it is due (the demo's self-assessment was entered
    // later), and prefilled.
    const report = page.getByTestId('report');
    await report.getByText(/Bản dự thảo: số liệu tính đến hết ngày 09\/05\/2026/).waitFor();
    await report.getByText('Chưa có số liệu tự đánh giá năm 2026 được nhập đến hết ngày 09/05/2026.').waitFor();
    expect(await report.getByTestId('report-due').textContent()).toMatch(/^Hạn gửi 10\/05\/2026 — quá hạn \d+ ngày$/);
    const results = report.getByLabel('I. Kết quả thực hiện');
    expect(await results.inputValue()).toContain('xã Đại Từ');
    expect(await results.inputValue()).toContain('6 tháng đầu năm 2026');
    expect(await noHorizontalOverflow(page)).toBe(true);

    // Edit and save.
    await results.fill(EDITED);
    await report.getByText('Có thay đổi chưa lưu.').waitFor();
    await report.getByRole('button', { name: 'Lưu nội dung' }).click();
    await page.getByTestId('report-note').getByText('Đã lưu nội dung báo cáo (lần sửa 1).').waitFor();

    // Submit through the confirm step; cancelling first sends nothing.
    await report.getByRole('button', { name: 'Gửi báo cáo lên cấp trên' }).click();
    const confirm = page.getByTestId('submit-confirm');
    await confirm
      .getByText(/Gửi muộn \d+ ngày so với hạn 10\/05\/2026: báo cáo sẽ được ghi nhận là gửi muộn\./)
      .waitFor();
    await confirm.getByRole('button', { name: 'Hủy, quay lại' }).click();
    expect(await page.getByTestId('submit-confirm').count()).toBe(0);
    const stored = await page.evaluate(
      async (u) =>
        (await (await fetch(`/api/units/${u}/reports?year=2026`)).json()) as { kind: string; status: string }[],
      unitId,
    );
    expect(stored.find((r) => r.kind === 'six_month')!.status).toBe('draft');

    await report.getByRole('button', { name: 'Gửi báo cáo lên cấp trên' }).click();
    await page.getByTestId('submit-confirm').getByRole('button', { name: 'Xác nhận gửi' }).click();
    const today = dmy(new Date());
    await page.getByTestId('report-note').getByText(`Đã gửi báo cáo ngày ${today} — ⚠ Gửi muộn.`).waitFor();
    expect(await page.getByTestId('submitted-button').isDisabled()).toBe(true);
    expect(await report.getByRole('button', { name: 'Gửi báo cáo lên cấp trên' }).count()).toBe(0);
    expect(await report.getByLabel('I. Kết quả thực hiện').count()).toBe(0);
    await report.getByText(EDITED).waitFor();
    expect(await page.getByTestId('report-kind-six_month').textContent()).toContain(`Đã gửi ngày ${today}`);
    expect(await page.getByTestId('report-kind-six_month').textContent()).toContain('⚠ Gửi muộn');
    expect(await noHorizontalOverflow(page)).toBe(true);
    await page.screenshot({ path: path.join(resultsDir, 'reports-commune-phone.png'), fullPage: true });
    await context.close();

    // The province official's consolidated page.
    const official = await newPage(h, DESKTOP);
    const p = official.page;
    await loginAs(p, h.url, 'tinh.thainguyen');
    await p.getByRole('link', { name: 'Báo cáo tổng hợp', exact: true }).click();
    await p.waitForURL(/\/reports\/\d+\/consolidated/);
    await p.getByLabel('Năm', { exact: true }).selectOption('2026');
    await p.getByLabel('Loại báo cáo').selectOption('six_month');
    const completeness = p.getByTestId('completeness');
    await completeness.getByText(/^1\/\d+ xã, phường đã gửi$/).waitFor();
    expect(await p.getByTestId('completeness-late').textContent()).toBe('⚠ 1 gửi muộn');
    expect(await p.getByTestId('completeness-missing').textContent()).toMatch(/^⚠ \d+ chưa gửi, đã quá hạn$/);

    await p.getByLabel('Hiển thị').selectOption('problems');
    const row = p.getByTestId('consolidated-rows').locator('tr', { hasText: 'Xã Đại Từ' });
    expect(await row.textContent()).toContain('⚠ Gửi muộn');
    expect(await row.textContent()).toContain(today);
    expect(await row.getAttribute('class')).toBe('row-late');
    const missing = p.getByTestId('consolidated-rows').locator('tr', { hasText: 'Xã Vạn Phú' });
    expect(await missing.textContent()).toContain('⚠ Chưa gửi, đã quá hạn');

    const download = p.waitForEvent('download');
    await p.getByTestId('consolidated-xlsx').click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
    await p.screenshot({ path: path.join(resultsDir, 'reports-consolidated.png'), fullPage: true });

    // The commune's report, read-only for the province, shows the submitted text.
    await row.getByRole('link', { name: 'Xã Đại Từ' }).click();
    await p.waitForURL(new RegExp(`/reports/${unitId}\\?year=2026&kind=six_month`));
    await p.getByTestId('report').getByText(EDITED).waitFor();
    expect(await p.getByRole('button', { name: 'Gửi báo cáo lên cấp trên' }).count()).toBe(0);
    expect((p as Page & { errors: string[] }).errors).toEqual([]);
    await official.context.close();
  }, 180_000);
});
