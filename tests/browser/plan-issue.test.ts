// Issuing a plan, at phone and desktop size: a commune (xa.vanphu) drafts from the province's plan — the button
// is disabled with its reason until a plan is chosen, and the new draft says what was adapted (the province-level
// target left out, past deadlines left blank); issuing is refused with every problem at its field (the first
// focused) and no confirmation; once put right, one confirmation with the plan's summary and its preview, and the
// plan is issued. Task deadlines read in words: days left on the new plan, overdue on xa.daitu's tasks page and
// progress dialog, the date alone on a done task.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP, loginAs, newPage, PHONE, useHarness } from './browser.ts';

const harness = useHarness();

const unitOf = (page: Page) =>
  page.evaluate(async () => {
    const me = (await (await fetch('/api/auth/me')).json()) as {
      user?: { roles: { role: string; unitId: number | null }[] };
      roles?: { role: string; unitId: number | null }[];
    };
    return (me.user?.roles ?? me.roles ?? []).find((r) => r.role === 'commune_officer')!.unitId!;
  });

/** dd/mm/yyyy of today + `days`, in Vietnam, as the page shows and takes dates. */
const dayText = (days: number) => {
  const iso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
  return iso.split('-').reverse().join('/');
};

const active = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** `agencies`: whether the commune still has to add its usual agencies (the first journey does, for both). */
async function issueJourney(viewport: typeof PHONE, number: string, agencies: 'add' | 'have') {
  const h = harness();
  const { context, page } = await newPage(h, viewport);
  await loginAs(page, h.url, 'xa.vanphu');
  const unitId = await unitOf(page);
  await page.goto(`${h.url}/plans/${unitId}`);
  await page.getByRole('button', { name: '+ Tạo kế hoạch' }).click();
  const create = page.getByTestId('plan-create');

  // Nothing chosen: the button is disabled and says why — not "working".
  const from = create.getByRole('button', { name: 'Tạo dự thảo từ kế hoạch này' });
  await from.waitFor();
  expect(await from.isDisabled()).toBe(true);
  expect(await create.getByText('Đang xử lý…').count()).toBe(0);
  const reason = create.getByTestId('inherit-reason');
  expect(await reason.textContent()).toBe('Chọn một kế hoạch của tỉnh ở ô trên thì mới tạo được dự thảo.');
  expect(await from.getAttribute('aria-describedby')).toBe('inherit-reason');
  const select = create.getByLabel('Kế hoạch của Tỉnh Thái Nguyên');
  const option = select.locator('option', { hasText: '85/KH-UBND' });
  await select.selectOption({ label: (await option.textContent())! });
  await expect.poll(() => from.isEnabled()).toBe(true);
  expect(await reason.count()).toBe(0);
  await from.click();

  // The draft says what inheriting adapted.
  await page.waitForURL(new RegExp(`/plans/${unitId}/\\d+$`));
  const planId = Number(new URL(page.url()).pathname.split('/').pop());
  const note = page.getByTestId('adapted-note');
  await note.waitFor();
  const noteText = (await note.textContent())!;
  expect(noteText).toContain(
    'Đã bỏ 1 chỉ tiêu cấp tỉnh: “Phấn đấu trên 70% xã, phường đạt tiêu chuẩn phù hợp với trẻ em.”.',
  );
  expect(noteText).toMatch(
    /Hạn của \d+ nhiệm vụ đã qua, để trống để xã đặt lại: nhiệm vụ 1 \(hạn cũ \d\d\/\d\d\/\d{4}\)/u,
  );
  expect(await page.getByTestId('targets').locator('> li').count()).toBe(2);
  expect(await page.getByTestId('task-1').getByLabel('Hạn hoàn thành').inputValue()).toBe('');
  expect(await page.getByTestId('task-1').getByTestId('task-state').textContent()).toContain('Không đặt hạn');
  // Task 2 (due in 40 days in the demo) shows the days left in words.
  expect(await page.getByTestId('task-2').getByTestId('task-state').textContent()).toMatch(
    /Hạn \d\d\/\d\d\/\d{4} — còn \d+ ngày/u,
  );

  // A province-level target typed in by hand, saved (a draft may hold it).
  await page.getByRole('button', { name: '+ Thêm mục tiêu' }).click();
  await page.getByLabel('Nội dung mục tiêu 3', { exact: true }).fill('Trên 70% xã, phường đạt chuẩn');
  await page.getByRole('button', { name: 'Lưu kế hoạch' }).click();
  await page.getByText('Đã lưu kế hoạch (lần sửa 2).').waitFor();

  // Issuing is refused before any confirmation: each problem at its field, the first one focused.
  await page.getByRole('button', { name: 'Ban hành kế hoạch' }).click();
  const form = page.getByTestId('issue-form');
  await form.getByLabel('Số kế hoạch').fill(number);
  await form.getByRole('button', { name: 'Kiểm tra và ban hành…' }).click();
  await form
    .getByRole('alert')
    .getByText(/^Chưa ban hành được: kế hoạch còn \d+ chỗ cần bổ sung/u)
    .waitFor();
  expect(await page.getByTestId('issue-confirm').count()).toBe(0);
  await expect.poll(() => active(page)).toBe('plan-targets-2-text');
  expect(await page.getByTestId('target-3').locator('.field-error').textContent()).toContain(
    'Mục tiêu 3 – Nội dung: “Trên 70% xã, phường đạt chuẩn” là chỉ tiêu cấp tỉnh',
  );
  expect(await page.getByTestId('task-1').locator('.field-error').allTextContents()).toEqual([
    'Nhiệm vụ 1 – Hạn: nhiệm vụ “Tổ chức Tháng hành động vì trẻ em với chủ đề do Bộ Y tế…” chưa có hạn hoàn thành.',
    'Nhiệm vụ 1 – Cơ quan thực hiện: nhiệm vụ “Tổ chức Tháng hành động vì trẻ em với chủ đề do Bộ Y tế…” chưa có cơ quan thực hiện.',
  ]);
  expect(await page.getByTestId('section-assignments').locator('.field-error').textContent()).toBe(
    'Tổ chức thực hiện (mục V): chưa giao việc cho cơ quan nào.',
  );
  expect(await form.locator('#issue-signer').getAttribute('aria-invalid')).toBe('true');
  expect(
    await page.evaluate(async ([u, p]) => (await (await fetch(`/api/units/${u}/plans/${p}`)).json()).status, [
      unitId,
      planId,
    ] as const),
  ).toBe('draft');

  // Put right: the target removed, agencies and deadlines on every task, section V, the signer.
  await page.getByRole('button', { name: 'Xóa Mục tiêu 3' }).click();
  if (agencies === 'add') await page.getByRole('button', { name: 'Thêm các cơ quan thường gặp' }).click();
  const tasks = page.getByTestId('tasks').locator('> li');
  const count = await tasks.count();
  for (let i = 1; i <= count; i++) {
    const row = page.getByTestId(`task-${i}`);
    const due = row.getByLabel('Hạn hoàn thành');
    if (!(await due.inputValue())) await due.fill(dayText(30));
    await row.getByText('Cơ quan thực hiện: chưa chọn').click();
    await row.getByLabel('Công chức Văn hóa - Xã hội').check();
  }
  await page.getByRole('button', { name: '+ Thêm cơ quan thực hiện' }).click();
  const assignment = page.getByTestId('assignment-1');
  await assignment.getByLabel('Cơ quan', { exact: true }).selectOption({ label: 'Công chức Văn hóa - Xã hội' });
  await assignment.getByLabel('Nhiệm vụ được giao').fill('Tham mưu triển khai Kế hoạch; theo dõi, báo cáo.');
  await page.getByTestId('section-closing').getByLabel('Họ tên người ký').fill('Nguyễn Thị Lan');
  await page.getByRole('button', { name: 'Lưu kế hoạch' }).click();
  await page.getByText('Đã lưu kế hoạch (lần sửa 3).').waitFor();
  expect(await page.getByTestId('task-1').locator('.field-error').count()).toBe(0);

  // One confirmation, with the summary and the preview; cancelling changes nothing.
  await form.getByLabel('Họ tên người ký').fill('Nguyễn Thị Lan');
  await form.getByRole('button', { name: 'Kiểm tra và ban hành…' }).click();
  const dialog = page.getByRole('alertdialog', { name: `Ban hành Kế hoạch số ${number}?` });
  await dialog.waitFor();
  const summary = (await dialog.locator('.confirm-summary').innerText()).replace(/\s+/gu, ' ');
  expect(summary).toContain('Kế hoạch Triển khai thực hiện công tác trẻ em năm 2026 trên địa bàn xã Vạn Phú');
  expect(summary).toContain(`Số kế hoạch ${number}`);
  expect(summary).toContain(`Ngày ban hành ${dayText(0)}`);
  expect(summary).toContain('Người ký Nguyễn Thị Lan — TM. ỦY BAN NHÂN DÂN, CHỦ TỊCH');
  expect(summary).toContain(`Số nhiệm vụ ${count}`);
  expect(summary).toContain('Cơ quan thực hiện (1) Công chức Văn hóa - Xã hội');
  expect(await dialog.getByTestId('issue-preview').getAttribute('href')).toBe(
    `/api/units/${unitId}/plans/${planId}/plan.pdf`,
  );
  await dialog.getByText('Sau khi xác nhận, việc này không thể hoàn tác.').waitFor();
  await dialog.getByRole('button', { name: 'Hủy, quay lại' }).click();
  await dialog.waitFor({ state: 'detached' });
  await form.getByRole('button', { name: 'Kiểm tra và ban hành…' }).click();
  await dialog.getByRole('button', { name: 'Ban hành', exact: true }).click();
  await page.getByTestId('issued-note').waitFor();
  await page.getByRole('heading', { level: 1, name: `Kế hoạch số ${number} năm 2026` }).waitFor();
  // A deadline set 30 days ahead reads as days left.
  const states = await page.getByTestId('tasks').getByTestId('task-state').allTextContents();
  expect(states.some((s) => s.includes(`Hạn ${dayText(30)} — còn 30 ngày`))).toBe(true);
  expect((page as Page & { errors: string[] }).errors).toEqual([]);
  await context.close();
}

async function dueWords(viewport: typeof PHONE) {
  const h = harness();
  const { context, page } = await newPage(h, viewport);
  await loginAs(page, h.url, 'xa.daitu');
  const unitId = await unitOf(page);
  await page.goto(`${h.url}/plans/${unitId}/tasks`);
  const rows = page.getByTestId('agency-tasks').locator('tbody tr');
  await rows.first().waitFor();
  // Task 1 of the demo is overdue, task 3 done: overdue in words, the done one with its date alone.
  const state = (start: string) => rows.filter({ hasText: start }).getByTestId('task-state').textContent();
  expect(await state('1. Tổ chức Tháng hành động')).toMatch(/Hạn \d\d\/\d\d\/\d{4} — quá hạn \d+ ngày/u);
  const done = (await state('3. Triển khai phòng, chống đuối nước'))!;
  expect(done).toMatch(/Hạn \d\d\/\d\d\/\d{4} · Tiến độ: 100%/u);
  expect(done).not.toMatch(/ — /u);
  await page.getByRole('button', { name: 'Ghi tiến độ nhiệm vụ 1' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Tiến độ nhiệm vụ 1' });
  expect(await dialog.getByTestId('progress-due').textContent()).toMatch(/^Hạn \d\d\/\d\d\/\d{4} — quá hạn \d+ ngày$/u);
  expect((page as Page & { errors: string[] }).errors).toEqual([]);
  await context.close();
}

describe('issuing a plan', () => {
  test('on a phone: inherit, problems at fields, the confirmation summary, deadlines in words', async () => {
    await issueJourney(PHONE, '25/KH-UBND', 'add');
    await dueWords(PHONE);
  }, 240_000);
  test('on a desktop: the same', async () => {
    await issueJourney(DESKTOP, '26/KH-UBND', 'have');
    await dueWords(DESKTOP);
  }, 240_000);
});
