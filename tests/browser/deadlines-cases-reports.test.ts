// Deadlines where the work is, and a second look before acts that cannot be undone (issue 17), at phone and
// desktop size, on Sunday 06/12/2026 (the server's and the browser's clock):
// - a case whose plan was due on Friday 04/12 reads "đã quá hạn (hạn là thứ Sáu 04/12/2026)", never "0 ngày";
// - the chairman's approval of an intervention plan shows a summary (child, kind, plan dates, worker) and asks
//   first: cancelling sends nothing, confirming records it; on desktop the assignment asks the same way;
// - the officer's periodic report shows its due date in words, drawn as of the period's end, and sending it shows
//   the unit, the period, the due date, how late, that the figures are frozen and that the unsaved text is saved.
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { setClock } from '../../src/server/platform/clock.ts';
import { DESKTOP, loginAs, newPage, PHONE, resultsDir, useHarness } from './browser.ts';

// 10:00 on Sunday 06/12/2026 in Vietnam; set before the harness starts, so the server seeds and counts on it.
const SUNDAY = new Date('2026-12-06T03:00:00Z');
setClock(SUNDAY);
afterAll(() => setClock(null));
const harness = useHarness();

type Json = Record<string, unknown>;
/** A same-origin API call from the signed-in page (setup a person would do through other pages). */
async function apiCall<T = Json>(page: Page, method: string, url: string, body?: object): Promise<T> {
  const out = await page.evaluate(
    async ({ method, url, body }) => {
      const res = await fetch(url, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, json: (await res.json()) as unknown };
    },
    { method, url, body },
  );
  if (out.status >= 300) throw new Error(`${method} ${url}: ${out.status} ${JSON.stringify(out.json)}`);
  return out.json as T;
}

async function open(viewport: typeof PHONE, username: string) {
  const h = harness();
  const { context, page } = await newPage(h, viewport);
  await context.clock.setFixedTime(SUNDAY);
  await loginAs(page, h.url, username);
  const me = await apiCall<{ roles: Array<{ role: string; unitId: number }> }>(page, 'GET', '/api/auth/me');
  const unit = me.roles.find((r) => r.role.startsWith('commune_'))!.unitId;
  return { h, context, page, unit };
}

const noHorizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

describe.each([
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const)('a protection case on a %s', (size, viewport) => {
  test('shows its due date in words, and the chairman approves the plan only after a summary', async () => {
    const { h, context, page, unit } = await open(viewport, 'chutich.daitu');
    const reg = `/api/communes/${unit}/register`;
    const children = await apiCall<{ rows: Array<{ id: number; code: string; fullName: string }> }>(
      page,
      'GET',
      `${reg}/children?pageSize=20`,
    );
    const child = children.rows[size === 'phone' ? 0 : 1]!;
    const workers = await apiCall<Array<{ id: number; fullName: string }>>(page, 'GET', `${reg}/workers`);
    const worker = workers[0]!;
    // Reported on Friday 27/11: the plan was due five working days later, Friday 04/12, and is not drafted.
    const late = await apiCall<{ id: number }>(page, 'POST', `${reg}/cases`, {
      childId: child.id,
      kind: 'abuse',
      abuseKind: 'physical',
      occurredOn: '2026-11-26',
      reportedOn: '2026-11-27',
      summary: 'Vụ việc kiểm tra hạn',
      caseWorkerId: worker.id,
    });
    // Drafted on Friday 04/12: the approval is due two working days later, Tuesday 08/12.
    const drafted = await apiCall<{ id: number }>(page, 'POST', `${reg}/cases`, {
      childId: child.id,
      kind: 'abandonment',
      occurredOn: '2026-11-26',
      reportedOn: '2026-11-27',
      planDraftedOn: '2026-12-04',
      summary: 'Vụ việc chờ phê duyệt kế hoạch',
      caseWorkerId: worker.id,
    });

    await page.goto(`${h.url}/register/${unit}/cases/${late.id}`);
    const plan = page.locator('.card', { has: page.getByRole('heading', { name: 'Kế hoạch can thiệp' }) });
    await plan.getByTestId('case-deadline').waitFor();
    expect(await plan.getByTestId('case-deadline').textContent()).toBe(
      'Lập kế hoạch can thiệp: Hạn 04/12/2026 — đã quá hạn (hạn là thứ Sáu 04/12/2026)',
    );
    expect(await page.locator('main').textContent()).not.toMatch(/\b0 ngày/);

    // The list says the same, in words.
    await page.goto(`${h.url}/register/${unit}/cases`);
    const row = page.getByTestId('cases-table').locator('tr', { has: page.locator(`a[href$="/cases/${late.id}"]`) });
    expect(await row.getByTestId('case-deadline').textContent()).toContain('đã quá hạn (hạn là thứ Sáu 04/12/2026)');
    expect(await noHorizontalOverflow(page)).toBe(true);

    await page.goto(`${h.url}/register/${unit}/cases/${drafted.id}`);
    await plan.getByTestId('case-deadline').waitFor();
    expect(await plan.getByTestId('case-deadline').textContent()).toBe(
      'Phê duyệt kế hoạch can thiệp: Hạn 08/12/2026 — còn 2 ngày làm việc',
    );
    const approve = page.getByRole('form', { name: 'Phê duyệt kế hoạch can thiệp' });
    expect(await approve.getByLabel(/^Ngày phê duyệt/).inputValue()).toBe('06/12/2026');
    const approveButton = approve.getByRole('button', { name: 'Phê duyệt kế hoạch can thiệp' });
    await approveButton.click();
    const dialog = page.getByRole('alertdialog', {
      name: `Phê duyệt kế hoạch can thiệp của vụ việc số ${drafted.id}?`,
    });
    await dialog.waitFor();
    const summary = (await dialog.textContent()) ?? '';
    for (const part of [
      `Vụ việc số${drafted.id}`,
      `Trẻ em${child.fullName}`,
      `Mã trẻ em${child.code}`,
      'LoạiBỏ rơi',
      'Ngày lập kế hoạch can thiệp04/12/2026',
      'Hạn phê duyệt08/12/2026',
      'Ngày phê duyệt kế hoạch06/12/2026',
      `Người phụ trách vụ việc${worker.fullName}`,
      'Sau khi xác nhận, việc này không thể hoàn tác.',
    ])
      expect(summary).toContain(part);
    await page.screenshot({ path: path.join(resultsDir, `case-approve-confirm-${size}.png`) });

    // Cancelling sends nothing, and gives the focus back to the button.
    await dialog.getByRole('button', { name: 'Hủy, quay lại' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => approveButton.evaluate((b) => b === document.activeElement)).toBe(true);
    const still = await apiCall<{ details: { planApprovedOn: string | null } }>(
      page,
      'GET',
      `${reg}/cases/${drafted.id}`,
    );
    expect(still.details.planApprovedOn).toBeNull();

    await approveButton.click();
    await dialog.getByRole('button', { name: 'Phê duyệt kế hoạch' }).click();
    await dialog.waitFor({ state: 'detached' });
    await plan.getByText('Kế hoạch đúng hạn').waitFor();
    expect(await plan.textContent()).toContain('Ngày phê duyệt kế hoạch06/12/2026');
    expect(await page.getByRole('form', { name: 'Phê duyệt kế hoạch can thiệp' }).count()).toBe(0);

    if (size === 'desktop') {
      // The assignment asks the same way: which case, which child, who now and who next.
      const assign = page.locator('form', { has: page.getByRole('heading', { name: 'Phân công người xử lý' }) });
      const next = workers.find((w) => w.id !== worker.id)!;
      await assign.getByLabel('Người xử lý').selectOption(String(next.id));
      await assign.getByRole('button', { name: 'Giao vụ việc' }).click();
      const ask = page.getByRole('alertdialog', { name: `Giao vụ việc số ${drafted.id} cho ${next.fullName}?` });
      await ask.waitFor();
      const text = (await ask.textContent()) ?? '';
      expect(text).toContain(`Người đang xử lý${worker.fullName}`);
      expect(text).toContain(`Người xử lý${next.fullName}`);
      expect(text).toContain(`Trẻ em${child.fullName}`);
      await page.keyboard.press('Escape');
      await ask.waitFor({ state: 'detached' });
      expect(
        (await apiCall<{ caseWorker: { id: number } }>(page, 'GET', `${reg}/cases/${drafted.id}`)).caseWorker.id,
      ).toBe(worker.id);
      await assign.getByRole('button', { name: 'Giao vụ việc' }).click();
      await ask.getByRole('button', { name: 'Giao vụ việc' }).click();
      await page.getByText('Đã giao vụ việc.').waitFor();
    }
    expect(await noHorizontalOverflow(page)).toBe(true);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  }, 180_000);
});

const dmy = (iso: string) => iso.split('-').reverse().join('/');
const daysLate = (dueOn: string) => Math.round((Date.parse('2026-12-06') - Date.parse(dueOn)) / 86_400_000);

// Drafted as of the period's last day: the day before the report is due, which comes before Nghị định 09/2019's
// 14/6 and 14/12 with the demo plan's days (10/05, 10/11).
describe.each([
  ['phone', PHONE, 'six_month', '2026-05-09'],
  ['desktop', DESKTOP, 'annual', '2026-11-09'],
] as const)('a periodic report on a %s', (size, viewport, kind, asOf) => {
  test(`shows its due date in words and sends the ${kind} report only after a summary`, async () => {
    const { h, context, page, unit } = await open(viewport, 'xa.daitu');
    const list = await apiCall<Array<{ kind: string; dueOn: string }>>(
      page,
      'GET',
      `/api/units/${unit}/reports?year=2026`,
    );
    const dueOn = list.find((r) => r.kind === kind)!.dueOn;
    const late = daysLate(dueOn);
    expect(late).toBeGreaterThan(0);

    await page.goto(`${h.url}/reports/${unit}?year=2026&kind=${kind}`);
    const report = page.getByTestId('report');
    await report.getByTestId('report-due').waitFor();
    expect(await report.getByTestId('report-due').textContent()).toBe(`Hạn gửi ${dmy(dueOn)} — quá hạn ${late} ngày`);
    // Drawn as of the end of the period (or today while it runs), and said so.
    expect(await report.getByTestId('report-state').textContent()).toContain(
      `Bản dự thảo: số liệu tính đến hết ngày ${dmy(asOf)}`,
    );

    const results = report.getByLabel('I. Kết quả thực hiện');
    await results.fill(`Kết quả ${kind} của xã Đại Từ, sửa trước khi gửi.`);
    const send = report.getByRole('button', { name: 'Gửi báo cáo lên cấp trên' });
    await send.click();
    const dialog = page.getByRole('alertdialog', { name: 'Gửi báo cáo này lên cấp trên?' });
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? '';
    const period = kind === 'annual' ? 'Báo cáo năm 2026' : 'Báo cáo 6 tháng đầu năm 2026';
    for (const part of [
      'Đơn vịXã Đại Từ',
      `Báo cáo${period}`,
      `Hạn gửi${dmy(dueOn)} — quá hạn ${late} ngày`,
      `Số liệuTính từ ngày 15/12/2025 đến hết ngày ${dmy(asOf)}; được chốt khi gửi`,
      `Gửi muộn ${late} ngày so với hạn ${dmy(dueOn)}: báo cáo sẽ được ghi nhận là gửi muộn.`,
      'Nội dung đang sửa sẽ được lưu trước khi gửi.',
      'Sau khi xác nhận, việc này không thể hoàn tác.',
    ])
      expect(text).toContain(part);
    await page.screenshot({ path: path.join(resultsDir, `report-send-confirm-${size}.png`) });

    await dialog.getByRole('button', { name: 'Hủy, quay lại' }).click();
    await dialog.waitFor({ state: 'detached' });
    const stored = await apiCall<Array<{ kind: string; status: string }>>(
      page,
      'GET',
      `/api/units/${unit}/reports?year=2026`,
    );
    expect(stored.find((r) => r.kind === kind)!.status).toBe('draft');

    await send.click();
    await dialog.getByRole('button', { name: 'Xác nhận gửi' }).click();
    // The day of sending is the product's clock, the same day its lateness is judged by.
    await page.getByTestId('report-note').getByText('Đã gửi báo cáo ngày 06/12/2026 — ⚠ Gửi muộn.').waitFor();
    // Sent: the due date stays, without a count.
    expect(await report.getByTestId('report-due').textContent()).toBe(`Hạn gửi ${dmy(dueOn)}`);
    await report.getByText(`Kết quả ${kind} của xã Đại Từ, sửa trước khi gửi.`).waitFor();
    expect(await noHorizontalOverflow(page)).toBe(true);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  }, 180_000);
});
