// The statistics of a periodic report in the browser: the officer of Xã Đại Từ opens the 6-month report of 2026 on
// a phone, sees its data period and the form's tables (counted rows read only, with the values the server counted),
// types the figures the commune keeps itself as Vietnamese writes them ("1.200.000"), has a wrong one refused under
// its field with nothing stored, saves, and sends the report through the confirmation; the figures are frozen. The
// province official then sees them rolled up on the consolidated page (a column per commune and the total) and
// downloads the consolidated .docx and .xlsx, whose contents carry the typed figure.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { todayInVietnam } from '../../src/server/platform/clock.ts';
import { docxParagraphs, docxPart } from '../documents/read.ts';
import { DESKTOP, loginAs, newPage, openMenu, PHONE, resultsDir, useHarness } from './browser.ts';

const harness = useHarness();

const fitsScreen = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const vi = (n: number) => new Intl.NumberFormat('vi-VN').format(n);
// A day `n` days from today in Vietnam (the browser's clock is real time, so the test's days follow it).
const daysFromToday = (n: number) =>
  new Date(Date.parse(`${todayInVietnam()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface ReportJson {
  status: string;
  entered: Record<string, number | null>;
  figures: { statistics?: { period: { from: string; to: string }; values: Record<string, number | null> } };
}

describe('report statistics', () => {
  test('a commune officer fills and sends the 6-month statistics; the province downloads the roll-up', async () => {
    const h = harness();
    const { context, page } = await newPage(h, PHONE);
    await loginAs(page, h.url, 'xa.daitu');
    await (await openMenu(page)).getByRole('link', { name: 'Báo cáo định kỳ', exact: true }).click();
    await page.waitForURL(/\/reports\/\d+$/);
    const unitId = Number(new URL(page.url()).pathname.split('/')[2]);
    await page.getByLabel('Năm', { exact: true }).selectOption('2026');
    await page.getByRole('heading', { level: 2, name: 'Báo cáo 6 tháng năm 2026 — Xã Đại Từ' }).waitFor();
    const api = (u: string) => page.evaluate(async (url) => (await fetch(url)).json(), u);
    const reportUrl = `/api/units/${unitId}/reports/2026/six_month`;
    const drafted = (await api(reportUrl)) as ReportJson;
    const stats = drafted.figures.statistics!;
    expect(stats).toBeDefined();

    // The Action Month report is in the year's list beside the 6-month and annual ones.
    await page.getByTestId('report-kind-action_month').getByText('Báo cáo kết quả Tháng hành động vì trẻ em').waitFor();

    // The data period, said as on paper, and the form's tables: counted rows read only with the counted value.
    const report = page.getByTestId('report');
    expect(stats.period.from).toBe('2025-12-15');
    expect(await report.getByTestId('report-period').textContent()).toBe(
      `Số liệu tính từ ngày 15/12/2025 đến ngày ${dmy(stats.period.to)}`,
    );
    const children = report.getByTestId('stat-table-children').locator('tr[data-statistic="children.total"]');
    expect(await children.locator('input').count()).toBe(0);
    expect(stats.values['children.total']).toBeGreaterThan(0);
    expect(await children.textContent()).toContain(vi(stats.values['children.total']!));
    const drowning = report.getByTestId('stat-table-injury').locator('tr[data-statistic="drowning.total"]');
    expect(await drowning.locator('input').count()).toBe(0);
    expect(await drowning.textContent()).toContain('Sổ theo dõi trẻ em');

    // Typed rows: numbers as written in Vietnamese. A fraction of a case is refused under its field, naming it.
    // (Communication and training are counted from the activity log: no inputs.)
    expect(await report.getByLabel('Lớp tập huấn, bồi dưỡng', { exact: true }).count()).toBe(0);
    const spent = report.getByLabel('Kinh phí đã sử dụng', { exact: true });
    const planned = report.getByLabel('Kinh phí được bố trí', { exact: true });
    const courses = report.getByLabel('Vụ vi phạm quyền trẻ em bị xử lý', { exact: true });
    await spent.fill('1.200.000');
    await planned.fill('24');
    await courses.fill('1,5');
    await report.getByText('Có thay đổi chưa lưu.').waitFor();
    await report.getByRole('button', { name: 'Lưu nội dung' }).click();
    const courseError = report.locator('tr[data-statistic="violation.handled"] .field-error');
    await courseError.waitFor();
    expect(await courseError.textContent()).toContain('Vụ vi phạm quyền trẻ em bị xử lý');
    expect(await courseError.textContent()).toMatch(/1[,.]5/);
    expect(((await api(reportUrl)) as ReportJson).entered['budget.spent'] ?? null).toBeNull();

    await courses.fill('2');
    await report.getByRole('button', { name: 'Lưu nội dung' }).click();
    await page.getByTestId('report-note').getByText('Đã lưu nội dung báo cáo (lần sửa 1).').waitFor();
    const saved = (await api(reportUrl)) as ReportJson;
    expect(saved.entered).toMatchObject({
      'budget.spent': 1_200_000,
      'budget.planned': 24,
      'violation.handled': 2,
    });
    expect(saved.figures.statistics!.values['budget.spent']).toBe(1_200_000);
    // Read back as typed after a reload.
    await page.reload();
    expect(await page.getByTestId('report').getByLabel('Kinh phí đã sử dụng', { exact: true }).inputValue()).toBe(
      '1.200.000',
    );
    expect(await fitsScreen(page)).toBe(true);
    await page.screenshot({ path: path.join(resultsDir, 'report-statistics-phone-draft.png'), fullPage: true });

    // Send through the confirmation, which names the data period.
    await report.getByRole('button', { name: 'Gửi báo cáo lên cấp trên' }).click();
    const confirm = page.getByTestId('submit-confirm');
    await confirm
      .getByText(`Tính từ ngày 15/12/2025 đến hết ngày ${dmy(stats.period.to)}; được chốt khi gửi`, { exact: false })
      .waitFor();
    await confirm.getByRole('button', { name: 'Xác nhận gửi' }).click();
    await page
      .getByTestId('report-note')
      .getByText(/^Đã gửi báo cáo ngày/)
      .waitFor();
    // Frozen: no input left, the typed figures read as text.
    expect(await report.getByTestId('report-statistics').locator('input').count()).toBe(0);
    expect(
      await report.getByTestId('stat-table-budget').locator('tr[data-statistic="budget.spent"]').textContent(),
    ).toContain('1.200.000');
    const sent = (await api(reportUrl)) as ReportJson;
    expect(sent.status).toBe('submitted');
    expect(sent.figures.statistics!.values['budget.spent']).toBe(1_200_000);
    expect(await fitsScreen(page)).toBe(true);
    await page.screenshot({ path: path.join(resultsDir, 'report-statistics-phone-sent.png'), fullPage: true });
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();

    // The province: the roll-up with Đại Từ's column and the total, then the two files.
    const official = await newPage(h, DESKTOP);
    const p = official.page;
    await loginAs(p, h.url, 'tinh.thainguyen');
    // The home page sends a province official on to its dashboard: click once it has.
    await p.waitForURL((u) => u.pathname !== '/');
    await p.getByRole('link', { name: 'Báo cáo tổng hợp', exact: true }).click();
    await p.waitForURL(/\/reports\/\d+\/consolidated/);
    await p.getByLabel('Năm', { exact: true }).selectOption('2026');
    await p.getByLabel('Loại báo cáo').selectOption('six_month');
    const rollup = p.getByTestId('rollup');
    await rollup.waitFor();
    const budget = rollup.getByTestId('rollup-budget');
    expect(await budget.locator('thead').textContent()).toContain('Xã Đại Từ');
    const spentRow = budget.locator('tr[data-statistic="budget.spent"]');
    expect(await spentRow.locator('td').allTextContents()).toEqual(['đồng', '1.200.000', '1.200.000']);
    await p.screenshot({ path: path.join(resultsDir, 'report-statistics-consolidated.png'), fullPage: true });

    const docxDownload = p.waitForEvent('download');
    await p.getByTestId('consolidated-docx').click();
    const docx = readFileSync((await (await docxDownload).path())!);
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    const text = docxParagraphs(docxPart(docx)).join('\n');
    expect(text).toContain('Xã Đại Từ');
    expect(text).toContain('Kinh phí đã sử dụng');
    expect(text).toContain('1.200.000');

    const xlsxDownload = p.waitForEvent('download');
    await p.getByTestId('consolidated-xlsx').click();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await (await xlsxDownload).path())!) as unknown as ArrayBuffer);
    // Somewhere a row for the statistic carries the typed figure as a number (not text).
    const found: unknown[][] = [];
    wb.eachSheet((sheet) =>
      sheet.eachRow((row) => {
        const cells = (row.values as unknown[]).slice(1);
        if (cells.some((v) => typeof v === 'string' && v.includes('Kinh phí đã sử dụng'))) found.push(cells);
      }),
    );
    expect(found.some((cells) => cells.filter((v) => v === 1_200_000).length >= 1)).toBe(true);

    // The Action Month reports are consolidated on the same page: none sent yet, so nothing rolled up.
    await p.getByLabel('Loại báo cáo').selectOption('action_month');
    await p.getByTestId('rollup-none').waitFor();
    await p
      .getByTestId('completeness')
      .getByText(/^0\/\d+ xã, phường đã gửi$/)
      .waitFor();
    expect((p as Page & { errors: string[] }).errors).toEqual([]);

    // On a phone the commune columns scroll inside their box, not the page.
    const phone = await official.context.browser()!.newContext({
      viewport: PHONE,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      storageState: await official.context.storageState(),
    });
    const pp = await phone.newPage();
    await pp.goto(`${h.url}${new URL(p.url()).pathname}?year=2026&kind=six_month`);
    await pp.getByTestId('rollup').waitFor();
    expect(await fitsScreen(pp)).toBe(true);
    await pp.screenshot({ path: path.join(resultsDir, 'report-statistics-consolidated-phone.png'), fullPage: true });
    await phone.close();
    await official.context.close();
  }, 240_000);

  test('a forum of too few children: its report is listed with its due day, sent late, and seen late by the province', async () => {
    const h = harness();
    const { context, page } = await newPage(h, PHONE);
    await loginAs(page, h.url, 'xa.daitu');
    await (await openMenu(page)).getByRole('link', { name: 'Báo cáo định kỳ', exact: true }).click();
    await page.waitForURL(/\/reports\/\d+$/);
    const unitId = Number(new URL(page.url()).pathname.split('/')[2]);
    // The forum is recorded on the forums page's API; 12 + 13 children, held 17 days ago, so its report
    // (due 15 days after) is 2 days late today.
    const heldOn = daysFromToday(-17);
    const dueOn = daysFromToday(-2);
    const created = await page.evaluate(
      async ([u, heldOn]) => {
        const r = await fetch(`/api/communes/${u}/forums`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            kind: 'forum',
            level: 'commune',
            heldOn,
            title: 'Diễn đàn trẻ em xã Đại Từ năm 2026',
            boys11to15: 12,
            girls11to15: 13,
          }),
        });
        return { status: r.status, body: (await r.json()) as { id: number } };
      },
      [unitId, heldOn] as const,
    );
    expect(created.status).toBe(201);
    const forumId = created.body.id;

    // The year's forums on the reports page: due 15 days after, already passed.
    await page.getByLabel('Năm', { exact: true }).selectOption(heldOn.slice(0, 4));
    const row = page.getByTestId('forum-report-list').locator('tr', { hasText: 'Diễn đàn trẻ em xã Đại Từ năm 2026' });
    await row.waitFor();
    expect(await row.textContent()).toContain(dmy(heldOn));
    expect(await row.textContent()).toContain(dmy(dueOn));
    expect(await row.textContent()).toContain('⚠ Chưa gửi, đã quá hạn');
    expect(await row.textContent()).toContain('⚠ 25 — dưới 30 trẻ em tham gia');
    await row.getByRole('link', { name: 'Diễn đàn trẻ em xã Đại Từ năm 2026' }).click();
    await page.waitForURL(new RegExp(`/reports/${unitId}/forums/${forumId}$`));

    // The forum's report: its day is its period, the children counted from the forum's record.
    const report = page.getByTestId('report');
    await report
      .getByTestId('report-period')
      .getByText(`Số liệu tính từ ngày ${dmy(heldOn)} đến ngày ${dmy(heldOn)}`)
      .waitFor();
    expect(await page.getByTestId('forum-children').textContent()).toContain('25');
    const children = report.locator('tr[data-statistic="forum.children"]');
    expect(await children.locator('input').count()).toBe(0);
    expect(await children.textContent()).toContain('25');
    await report.getByLabel('Kinh phí đã sử dụng', { exact: true }).fill('3.500.000');
    await report.getByRole('button', { name: 'Gửi báo cáo lên cấp trên' }).click();
    const confirm = page.getByTestId('submit-confirm');
    await confirm.getByText(`Gửi muộn 2 ngày so với hạn ${dmy(dueOn)}`, { exact: false }).waitFor();
    await confirm.getByText('Nội dung đang sửa sẽ được lưu trước khi gửi.').waitFor();
    await confirm.getByRole('button', { name: 'Xác nhận gửi' }).click();
    await page
      .getByTestId('report-note')
      .getByText(/— ⚠ Gửi muộn\.$/)
      .waitFor();
    expect(await report.locator('tr[data-statistic="budget.spent"]').textContent()).toContain('3.500.000');
    expect(await fitsScreen(page)).toBe(true);
    await page.screenshot({ path: path.join(resultsDir, 'report-statistics-forum-phone.png'), fullPage: true });
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();

    // The province's list of forum reports: late, in words, and the report one click away, read only.
    const official = await newPage(h, DESKTOP);
    const p = official.page;
    await loginAs(p, h.url, 'tinh.thainguyen');
    // The home page sends a province official on to its dashboard: click once it has.
    await p.waitForURL((u) => u.pathname !== '/');
    await p.getByRole('link', { name: 'Báo cáo tổng hợp', exact: true }).click();
    await p.waitForURL(/\/reports\/\d+\/consolidated/);
    await p.getByRole('link', { name: 'Báo cáo diễn đàn trẻ em của các xã, phường' }).click();
    await p.waitForURL(/\/reports\/\d+\/forum-reports/);
    await p.getByLabel('Năm', { exact: true }).selectOption(heldOn.slice(0, 4));
    expect(await p.getByTestId('forum-completeness-late').textContent()).toBe('⚠ 1 gửi muộn');
    const listed = p.getByTestId('forum-report-rows').locator('tr', { hasText: 'Xã Đại Từ' });
    expect(await listed.textContent()).toContain('⚠ Gửi muộn');
    expect(await listed.getAttribute('class')).toBe('row-late');
    await p.screenshot({ path: path.join(resultsDir, 'report-statistics-forum-province.png'), fullPage: true });
    await listed.getByRole('link', { name: 'Diễn đàn trẻ em xã Đại Từ năm 2026' }).click();
    await p.waitForURL(new RegExp(`/reports/${unitId}/forums/${forumId}$`));
    expect(await p.getByTestId('report').locator('tr[data-statistic="budget.spent"]').textContent()).toContain(
      '3.500.000',
    );
    expect(await p.getByRole('button', { name: 'Gửi báo cáo lên cấp trên' }).count()).toBe(0);
    expect((p as Page & { errors: string[] }).errors).toEqual([]);
    await official.context.close();
  }, 180_000);

  test('the plan sets the reports’ data cut-off and the Action Month report’s due day, typed dd/mm', async () => {
    const h = harness();
    const { context, page } = await newPage(h, DESKTOP);
    await loginAs(page, h.url, 'xa.daitu');
    await (await openMenu(page)).getByRole('link', { name: 'Báo cáo định kỳ', exact: true }).waitFor();
    const unitId = Number(
      (await page.getByRole('link', { name: 'Báo cáo định kỳ', exact: true }).getAttribute('href'))!.split('/')[2],
    );
    const plan = await page.evaluate(async (u) => {
      const r = await fetch(`/api/units/${u}/plans`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ year: 2027, title: 'Kế hoạch thực hiện công tác trẻ em năm 2027', place: 'Đại Từ' }),
      });
      return { status: r.status, body: (await r.json()) as { id: number } };
    }, unitId);
    expect(plan.status).toBe(201);
    await page.goto(`${h.url}/plans/${unitId}/${plan.body.id}`);
    const section = page.getByTestId('section-reporting');
    const cutoff = section.getByLabel('Ngày chốt số liệu báo cáo 6 tháng (ngày/tháng)');
    expect(await cutoff.inputValue()).toBe('');
    expect(await section.getByLabel('Hạn báo cáo Tháng hành động vì trẻ em (ngày/tháng)').inputValue()).toBe('10/07');

    // A day that does not exist is refused under its field; nothing is stored.
    await cutoff.fill('31/02');
    await page.getByRole('button', { name: 'Lưu kế hoạch' }).first().click();
    await section.locator('#plan-sixMonthCutoff-error').waitFor();
    const refusal = (await section.locator('#plan-sixMonthCutoff-error').textContent()) ?? '';
    expect(refusal).toContain('chốt số liệu');
    expect(refusal).toMatch(/02-31|31\/02/);
    const stored = () =>
      page.evaluate(
        async ([u, id]) =>
          (await (await fetch(`/api/units/${u}/plans/${id}`)).json()) as {
            sixMonthCutoff: string | null;
            annualCutoff: string | null;
            actionMonthDue: string;
          },
        [unitId, plan.body.id] as const,
      );
    expect((await stored()).sixMonthCutoff).toBeNull();

    // A cut-off on or after the day the report is due (10/05) is refused too.
    await cutoff.fill('31/5');
    await page.getByRole('button', { name: 'Lưu kế hoạch' }).first().click();
    await expect
      .poll(async () => (await section.locator('#plan-sixMonthCutoff-error').textContent()) ?? '')
      .toContain('phải trước hạn gửi báo cáo 10/05');
    expect((await stored()).sixMonthCutoff).toBeNull();

    await cutoff.fill('30/4');
    await section.getByLabel('Hạn báo cáo Tháng hành động vì trẻ em (ngày/tháng)').fill('15/07');
    await page.getByRole('button', { name: 'Lưu kế hoạch' }).first().click();
    await page
      .getByText(/^Đã lưu kế hoạch \(lần sửa \d+\)\.$/)
      .first()
      .waitFor();
    expect(await stored()).toMatchObject({ sixMonthCutoff: '04-30', annualCutoff: null, actionMonthDue: '07-15' });
    await page.reload();
    expect(await page.getByLabel('Ngày chốt số liệu báo cáo 6 tháng (ngày/tháng)').inputValue()).toBe('30/04');
    expect(await page.getByLabel('Ngày chốt số liệu báo cáo năm (ngày/tháng)').inputValue()).toBe('');
    await page.getByTestId('section-reporting').screenshot({ path: path.join(resultsDir, 'report-plan-cutoffs.png') });
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  }, 120_000);
});
