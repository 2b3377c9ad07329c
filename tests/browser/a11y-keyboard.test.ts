// The signed-in pages by keyboard alone: after each action focus is on its result or back on what opened it,
// never dropped on <body>; dialogs take focus, keep Tab inside and give focus back on Escape. Asserted through
// document.activeElement: the assessment form's Save, the register's add form, the review panel's Accept and
// Return, the dossier's submit confirmation and the task-progress dialog.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { loginAs, newPage, useHarness } from './browser.ts';

const ROUND_TITLE = 'Đánh giá xã, phường phù hợp với trẻ em năm 2026 — Tỉnh Thái Nguyên';
const harness = useHarness();

interface Focused {
  tag: string;
  id: string;
  name: string;
  label: string;
  item: string | null;
  dialog: string | null;
  form: string | null;
}

/** Where focus is: the element, its name, the review item, dialog and form it sits in. */
const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const input = el as HTMLInputElement | null;
    return {
      tag: !el || el === document.body ? 'BODY' : el.tagName,
      id: el?.id ?? '',
      name: (el?.getAttribute('aria-label') ?? el?.textContent ?? '').trim(),
      label: input?.labels?.[0]?.textContent?.trim() ?? '',
      item: el?.closest('[data-item]')?.getAttribute('data-item') ?? null,
      dialog: el?.closest('[role=dialog], [role=alertdialog]')?.getAttribute('data-testid') ?? null,
      form: el?.closest('form')?.className ?? null,
    };
  });

async function session(username: string) {
  const { context, page } = await newPage(harness());
  page.on('dialog', (d) => void d.accept());
  await loginAs(page, harness().url, username);
  return { context, page };
}

const noPageErrors = (page: Page) => expect((page as Page & { errors: string[] }).errors).toEqual([]);

/** Presses Tab (or Shift+Tab) `times` times; after each, focus must still be inside the dialog. */
async function tabsStayIn(page: Page, dialog: string, times: number, shift = false) {
  for (let n = 0; n < times; n++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    expect({ n, dialog: (await focused(page)).dialog }).toEqual({ n, dialog });
  }
}

async function openDossier(page: Page, commune: string) {
  await page.goto(`${harness().url}/rounds`);
  await page.getByRole('link', { name: ROUND_TITLE }).click();
  await page.getByRole('heading', { level: 1, name: ROUND_TITLE }).waitFor();
  await page.getByRole('link', { name: commune, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(commune) }).waitFor();
  await page.locator('.dossier-actions').waitFor();
}

describe('keyboard: where focus goes after each action', () => {
  test('assessment form: Save keeps focus on Save, a refused value takes focus to its field', async () => {
    const { context, page } = await session('xa.vanphu');
    await page.waitForURL(/\/assessments\/\d+\/\d+$/);
    await page.getByTestId('live-total').waitFor();
    const field = page.locator('input.count-input:not([readonly])').first();
    const fieldId = (await field.getAttribute('id'))!;
    const save = page.locator('.save-bar button.btn-primary');

    await field.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(String(Number((await field.inputValue()) || 0) + 1));
    await save.focus();
    const sent = page.waitForResponse((r) => r.url().endsWith('/values') && r.request().method() === 'PUT');
    await page.keyboard.press('Enter');
    expect((await sent).status()).toBe(200);
    await expect.poll(() => page.locator('.save-status').textContent()).toMatch(/Đã lưu/);
    expect(await focused(page)).toMatchObject({ tag: 'BUTTON', name: 'Lưu' });
    // Shift+Tab goes back from Save into the page, not from the top of it (Save is the page's last stop).
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).tag).not.toBe('BODY');

    // A value the form refuses: Save takes focus to the field, whose error it describes.
    await field.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('-5');
    await save.focus();
    // The error under the field is said once, through the form's one live region (the save status).
    const firstLine = (await page.locator(`[id="${fieldId}-error"] span`).first().textContent())!;
    const said = page.locator('.save-status[role=status] [data-testid=errors-said]');
    await expect.poll(() => said.textContent()).toContain(firstLine);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).id).toBe(fieldId);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    noPageErrors(page);
    await context.close();
  });

  test('register: "Thêm trẻ em" → first field; Cancel → back to it; "Thêm vào sổ" → the missing date, then the result', async () => {
    const { context, page } = await session('xa.vanphu');
    await page.waitForURL(/\/assessments\/\d+\/\d+$/);
    const unit = new URL(page.url()).pathname.split('/')[2];
    await page.goto(`${harness().url}/register/${unit}`);
    const add = page.getByRole('button', { name: 'Thêm trẻ em' });
    await add.focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).form).toContain('register-form');
    expect((await focused(page)).tag).toMatch(/INPUT|SELECT|TEXTAREA/);

    const form = page.locator('form.register-form');
    await form.getByRole('button', { name: 'Hủy' }).focus();
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached' });
    await expect.poll(async () => (await focused(page)).id).toBe('register-add');

    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).form).toContain('register-form');
    await form.getByLabel(/^Mã trẻ em/).fill('VP-KB-1');
    await form.getByLabel(/^Họ và tên/).fill('Nông Thị Hoa');
    await form.getByLabel(/^Giới tính/).selectOption('female');
    await form.getByLabel(/^Thôn\/tổ dân phố/).fill('Thôn Trại Cau');
    await form.getByLabel(/^Mã hộ/).fill('HO-KB');
    await form.getByLabel(/^Chủ hộ/).fill('Nông Văn Ba');
    const submit = form.getByRole('button', { name: 'Thêm vào sổ' });
    await submit.focus();
    await page.keyboard.press('Enter');
    // The empty birth date: focus on it, and it says it is needed, not that "" is not a date.
    await expect.poll(async () => (await focused(page)).label).toMatch(/^Ngày sinh/);
    const birthError = form.locator('.field', { has: page.getByLabel(/^Ngày sinh/) }).locator('.field-error');
    expect(await birthError.textContent()).toContain('cần nhập');
    expect(await birthError.textContent()).not.toContain('không phải ngày');

    await page.keyboard.type('05/09/2019');
    await submit.focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).id).toBe('register-added');
    expect((await focused(page)).name).toContain('Nông Thị Hoa');
    noPageErrors(page);
    await context.close();
  });

  test('review panel: Accept → the next item; Return → its reason, refused empty, Cancel → back, sent → the item’s state', async () => {
    const { context, page } = await session('yte.thainguyen');
    await openDossier(page, 'Xã La Bằng');
    await page.locator('.review-panel').waitFor();
    const codes = await page
      .locator('.review-item', { has: page.locator('.review-actions') })
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-item')!));
    expect(codes.length).toBeGreaterThan(2);
    const row = (code: string) => page.locator(`.review-item[data-item="${code}"]`);

    const [first, second] = codes as [string, string];
    await row(first)
      .getByRole('button', { name: /^Chấp nhận / })
      .focus();
    const accepted = page.waitForResponse((r) => r.url().includes('/reviews/') && r.request().method() === 'PUT');
    await page.keyboard.press('Enter');
    expect((await accepted).status()).toBe(200);
    await expect.poll(async () => (await focused(page)).item).toBe(second);
    expect((await focused(page)).name).toMatch(/^(Chấp nhận|Trả lại) .+\(.+\)$/);
    expect(await page.getByTestId('review-said').textContent()).toMatch(/^Đã chấp nhận: /);

    await row(second)
      .getByRole('button', { name: /^Trả lại / })
      .focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).tag).toBe('TEXTAREA');
    expect((await focused(page)).item).toBe(second);
    await row(second).getByRole('button', { name: 'Trả lại chỉ tiêu', exact: true }).focus();
    await page.keyboard.press('Enter');
    await row(second).getByText('Trả lại chỉ tiêu phải ghi lý do.').waitFor();
    await expect.poll(async () => (await focused(page)).tag).toBe('TEXTAREA');

    await row(second).getByRole('button', { name: 'Hủy', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).id).toMatch(/-return$/);
    expect((await focused(page)).item).toBe(second);

    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).tag).toBe('TEXTAREA');
    await page.keyboard.type('Thiếu biên bản kiểm tra.');
    await row(second).getByRole('button', { name: 'Trả lại chỉ tiêu', exact: true }).focus();
    const returned = page.waitForResponse((r) => r.url().includes('/reviews/') && r.request().method() === 'PUT');
    await page.keyboard.press('Enter');
    expect((await returned).status()).toBe(200);
    await expect.poll(async () => (await focused(page)).id).toMatch(/-state$/);
    expect((await focused(page)).item).toBe(second);
    expect((await focused(page)).name).toContain('Thiếu biên bản kiểm tra.');
    noPageErrors(page);
    await context.close();
  });

  test('submit confirmation: takes focus, keeps Tab inside, Escape → back to "Nộp hồ sơ", Confirm → the result', async () => {
    const { context, page } = await session('xa.ankhanh');
    await openDossier(page, 'Xã An Khánh');
    const submit = page.getByRole('button', { name: 'Nộp hồ sơ', exact: true });
    await submit.focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).dialog).toBe('action-confirm');
    await tabsStayIn(page, 'action-confirm', 6);
    await tabsStayIn(page, 'action-confirm', 6, true);
    await page.keyboard.press('Escape');
    await page.getByTestId('action-confirm').waitFor({ state: 'detached' });
    await expect.poll(async () => (await focused(page)).name).toBe('Nộp hồ sơ');

    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).dialog).toBe('action-confirm');
    await page.getByRole('button', { name: 'Xác nhận: Nộp hồ sơ', exact: true }).focus();
    const sent = page.waitForResponse((r) => r.url().endsWith('/transitions') && r.request().method() === 'POST');
    await page.keyboard.press('Enter');
    expect((await sent).status()).toBe(200);
    await expect.poll(async () => (await focused(page)).id).toBe('action-done');
    noPageErrors(page);
    await context.close();
  });

  test('task dialog: takes focus, keeps Tab inside, a saved note → its result, Escape → back to "Ghi tiến độ"', async () => {
    const { context, page } = await session('xa.daitu');
    await page.waitForURL(/\/assessments\/\d+\/\d+$/);
    const unit = new URL(page.url()).pathname.split('/')[2];
    await page.goto(`${harness().url}/plans/${unit}/tasks`);
    await page.getByTestId('agency-tasks').waitFor();
    const record = page.getByRole('button', { name: /^Ghi tiến độ nhiệm vụ \d+$/ }).first();
    const name = (await record.getAttribute('aria-label'))!;
    await record.focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).id).toBe('progress-title');
    expect((await focused(page)).dialog).toBe('progress-dialog');
    await tabsStayIn(page, 'progress-dialog', 12);
    await tabsStayIn(page, 'progress-dialog', 4, true);

    const dialog = page.getByTestId('progress-dialog');
    await dialog.getByLabel(/^Mức hoàn thành/).fill('40');
    await dialog.getByLabel(/^Kết quả thực hiện/).fill('Đã họp các thôn.');
    await dialog.locator('form button[type=submit]').focus();
    const saved = page.waitForResponse((r) => r.url().endsWith('/progress') && r.request().method() === 'POST');
    await page.keyboard.press('Enter');
    expect((await saved).status()).toBeLessThan(300);
    await expect.poll(async () => (await focused(page)).id).toBe('progress-saved');

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await focused(page)).name).toBe(name);
    noPageErrors(page);
    await context.close();
  });
});
