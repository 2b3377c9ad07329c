// A dossier's deadlines and holds, as the commune and the province see them, at phone and desktop size:
// Vạn Phú's overdue due date in words (in both views); An Khánh's late submission said in the confirmation,
// with the criteria that have no evidence; evidence per criterion and why uploading is closed; and during
// the public posting no "Nộp hồ sơ" button but the reason and the day it opens.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { todayInVietnam } from '../../src/server/platform/clock.ts';
import { tinyPng } from '../evidence/samples.ts';
import { DESKTOP, loginAs, newPage, PHONE, useHarness } from './browser.ts';

const ROUND_TITLE = 'Đánh giá xã, phường phù hợp với trẻ em năm 2026 — Tỉnh Thái Nguyên';
const DUE = '2026-11-15';
const harness = useHarness();

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const addDays = (iso: string, n: number) => new Date((dayNumber(iso) + n) * 86_400_000).toISOString().slice(0, 10);
const dmy = (iso: string) => iso.split('-').reverse().join('/');
/** Days the dossier is late today (the server's today: it runs in this process). */
const lateDays = () => dayNumber(todayInVietnam()) - dayNumber(DUE);

async function session(username: string, viewport: typeof PHONE) {
  const { context, page } = await newPage(harness(), viewport);
  await loginAs(page, harness().url, username);
  return { context, page };
}

/** The round's page, then the commune's dossier, as a person clicks through. */
async function openDossier(page: Page, commune: string) {
  await page.goto(`${harness().url}/rounds`);
  await page.getByRole('link', { name: ROUND_TITLE }).click();
  await page.getByRole('heading', { level: 1, name: ROUND_TITLE }).waitFor();
  await page.getByRole('link', { name: commune, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(commune) }).waitFor();
  await page.locator('.dossier-actions').waitFor();
}

const stateBadge = (page: Page) => page.locator('.form-meta .badge').first();
const actions = (page: Page) => page.locator('.dossier-actions');
const dialog = (page: Page) => page.getByRole('alertdialog');

/** A transition through its confirmation; `reason` when the act needs one. */
async function act(page: Page, action: string, reason?: string) {
  await actions(page).getByRole('button', { name: action, exact: true }).click();
  if (reason) await dialog(page).getByLabel('Lý do (bắt buộc)').fill(reason);
  const done = page.waitForResponse((r) => r.url().endsWith('/transitions') && r.request().method() === 'POST');
  await dialog(page)
    .getByRole('button', { name: `Xác nhận: ${action}`, exact: true })
    .click();
  const response = await done;
  expect(response.status(), await response.text()).toBe(200);
  await dialog(page).waitFor({ state: 'detached' });
}

function noPageErrors(page: Page) {
  expect((page as Page & { errors: string[] }).errors).toEqual([]);
}

describe('dossier deadlines, holds and evidence', () => {
  for (const [size, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    test(
      `${size}: Vạn Phú sees its own due date overdue in words, as the province does`,
      { timeout: 120_000 },
      async () => {
        const words = `Hạn xã nộp hồ sơ 15/11/2026 — quá hạn ${lateDays()} ngày`;
        for (const user of ['xa.vanphu', 'tinh.thainguyen']) {
          const { context, page } = await session(user, viewport);
          await openDossier(page, 'Xã Vạn Phú');
          await expect.poll(() => page.getByTestId('dossier-due').textContent()).toBe(words);
          // The facts say it too, beside the date.
          await page.locator('.facts').getByText(`15/11/2026 — quá hạn ${lateDays()} ngày`).waitFor();
          noPageErrors(page);
          await context.close();
        }
      },
    );

    test(
      `${size}: An Khánh's submission is confirmed as late, with the criteria lacking evidence`,
      { timeout: 120_000 },
      async () => {
        const { context, page } = await session('xa.ankhanh', viewport);
        await openDossier(page, 'Xã An Khánh');
        await expect.poll(() => stateBadge(page).textContent()).toBe('Đang công khai');

        // Evidence per criterion, and why none can be attached now.
        const panel = page.locator('section.evidence-panel');
        await expect
          .poll(() => panel.locator('.evidence-group[data-criterion="C01"] h3').textContent())
          .toContain('chưa có minh chứng');
        expect(await panel.locator('.evidence-group').count()).toBe(13);
        await expect.poll(() => panel.getByTestId('evidence-window').textContent()).toContain('mở lại hồ sơ để sửa');
        expect(await panel.getByRole('button', { name: 'Tải lên' }).count()).toBe(0);

        await actions(page).getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
        const confirm = dialog(page);
        await confirm.waitFor();
        const text = (await confirm.textContent()) ?? '';
        expect(text).toContain(`Hồ sơ nộp muộn ${lateDays()} ngày so với hạn 15/11/2026.`);
        expect(text).toContain('Xã An Khánh');
        expect(text).toContain('Cơ quan thẩm định');
        expect(text).toContain('Còn 13 tiêu chí chưa có minh chứng');
        expect(text).toContain('C01 Bảo đảm nguồn lực thực hiện quyền trẻ em');
        // Focus stays in the dialog, on the safe choice; cancelling changes nothing.
        await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Hủy, quay lại');
        await confirm.getByRole('button', { name: 'Hủy, quay lại' }).click();
        await confirm.waitFor({ state: 'detached' });
        expect(await stateBadge(page).textContent()).toBe('Đang công khai');
        noPageErrors(page);
        await context.close();
      },
    );
  }

  test(
    'the province requires evidence (desktop); An Khánh is told which criteria lack it (phone, desktop); it is lifted (phone)',
    { timeout: 180_000 },
    async () => {
      /** The round's form, as the province official opens it, with the setting ticked or not. */
      const setRule = async (viewport: typeof PHONE, on: boolean) => {
        const { context, page } = await session('tinh.thainguyen', viewport);
        await page.goto(`${harness().url}/rounds`);
        await page.getByRole('link', { name: ROUND_TITLE }).click();
        await page.getByRole('button', { name: 'Sửa cấu hình đợt' }).click();
        const box = page.getByLabel('Bắt buộc minh chứng cho mọi tiêu chí');
        expect(await box.isChecked()).toBe(!on);
        // A tap on the words, as a person taps.
        await page.locator('label', { hasText: 'Bắt buộc minh chứng cho mọi tiêu chí' }).click();
        expect(await box.isChecked()).toBe(on);
        const saved = page.waitForResponse(
          (r) => /\/api\/rounds\/\d+$/.test(r.url()) && r.request().method() === 'PUT',
        );
        await page.locator('.round-form').getByRole('button', { name: 'Lưu', exact: true }).click();
        const response = await saved;
        expect(response.status(), await response.text()).toBe(200);
        expect((await response.json()).requireEvidence).toBe(on);
        noPageErrors(page);
        await context.close();
      };
      await setRule(DESKTOP, true);
      for (const viewport of [PHONE, DESKTOP]) {
        const { context, page } = await session('xa.ankhanh', viewport);
        await openDossier(page, 'Xã An Khánh');
        const held = page.getByTestId('held-submit');
        await expect
          .poll(() => held.textContent())
          .toContain(
            'Chưa thể “Nộp hồ sơ”: đợt đánh giá bắt buộc minh chứng cho mọi tiêu chí, còn 13 tiêu chí chưa có minh chứng',
          );
        expect(await held.textContent()).toContain('C13');
        expect(await actions(page).getByRole('button', { name: 'Nộp hồ sơ', exact: true }).count()).toBe(0);
        await page
          .locator('section.evidence-panel')
          .getByText('Đợt đánh giá bắt buộc minh chứng cho mọi tiêu chí.')
          .waitFor();
        noPageErrors(page);
        await context.close();
      }
      await setRule(PHONE, false);
    },
  );

  test(
    'desktop, then phone: during the posting no "Nộp hồ sơ", but the reason and the day it opens',
    { timeout: 180_000 },
    async () => {
      const desk = await session('xa.ankhanh', DESKTOP);
      const page = desk.page;
      await openDossier(page, 'Xã An Khánh');
      await act(page, 'Mở lại hồ sơ để sửa', 'Tiếp thu ý kiến góp ý của người dân');
      await expect.poll(() => stateBadge(page).textContent()).toBe('Đang soạn');

      // Drafting: evidence can be attached, and the criterion counts it.
      const panel = page.locator('section.evidence-panel');
      await panel.getByLabel('Tiêu chí', { exact: true }).selectOption('C01');
      await panel
        .getByLabel('Tệp', { exact: true })
        .setInputFiles({ name: 'bien-ban.png', mimeType: 'image/png', buffer: tinyPng() });
      await panel.getByRole('button', { name: 'Tải lên' }).click();
      await expect
        .poll(() => panel.locator('.evidence-group[data-criterion="C01"] h3').textContent())
        .toContain('1 tệp');
      expect(await panel.locator('.evidence-group[data-criterion="C02"] h3').textContent()).toContain(
        'chưa có minh chứng',
      );

      await act(page, 'Chốt tự đánh giá');
      await act(page, 'Công khai kết quả');
      await expect.poll(() => stateBadge(page).textContent()).toBe('Đang công khai');
      const opens = `Có thể nộp hồ sơ từ ${dmy(addDays(todayInVietnam(), 7))}, khi hết thời gian công khai kết quả.`;
      for (const p of [page, (await session('xa.ankhanh', PHONE)).page]) {
        if (p !== page) await openDossier(p, 'Xã An Khánh');
        await expect.poll(() => p.getByTestId('held-submit').textContent()).toBe(opens);
        expect(await actions(p).getByRole('button', { name: 'Nộp hồ sơ', exact: true }).count()).toBe(0);
        await actions(p).getByRole('button', { name: 'Mở lại hồ sơ để sửa', exact: true }).waitFor();
        noPageErrors(p);
      }
      await desk.context.close();
    },
  );
});
