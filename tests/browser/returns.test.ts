// Returns gathered on the dossier, clicked as people click them, on a phone and on a desktop: two sectors
// return an item each on La Bằng's submitted dossier (it stays "submitted", the commune hears nothing), the
// appraiser sees both with their reasons, withdraws a return of his own, and sends the two together after a
// summary; the commune then gets one notification listing both items and reasons.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP, loginAs, newPage, openMenu, PHONE, resultsDir, useHarness } from './browser.ts';
import path from 'node:path';
import { mkdirSync } from 'node:fs';

const ROUND_TITLE = 'Đánh giá xã, phường phù hợp với trẻ em năm 2026 — Tỉnh Thái Nguyên';
const COMMUNE = 'Xã La Bằng';
const HEALTH = 'Số trẻ tiêm chủng đầy đủ không khớp sổ tiêm chủng của Trạm Y tế.';
const EDUCATION = 'Chưa có danh sách học sinh đi học đúng độ tuổi do nhà trường xác nhận.';
const OWN = 'Số buổi sinh hoạt văn hóa cần biên bản.';

const harness = useHarness();

async function session(username: string, viewport: { width: number; height: number }) {
  const { context, page } = await newPage(harness(), viewport);
  await loginAs(page, harness().url, username);
  return { context, page };
}

/** The round's page through the menu (on a phone, the Menu button first), then La Bằng's dossier. */
async function openDossier(page: Page) {
  const nav = await openMenu(page);
  await nav.getByRole('link', { name: 'Đợt đánh giá' }).click();
  await page.getByRole('link', { name: ROUND_TITLE }).click();
  await page.getByRole('heading', { level: 1, name: ROUND_TITLE }).waitFor();
  await page.getByRole('link', { name: COMMUNE, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(COMMUNE) }).waitFor();
  await page.locator('.dossier-actions').waitFor();
}

const stateBadge = (page: Page) => page.locator('.form-meta .badge').first();

/** Returns one item from its row: "Trả lại <title> (<code>)", the reason, then "Trả lại chỉ tiêu". */
async function returnItem(page: Page, code: string, reason: string) {
  await page
    .locator(`.review-item[data-item="${code}"]`)
    .getByRole('button', { name: /^Trả lại .+ \(.+\)$/ })
    .click();
  await page.getByLabel(`Lý do trả lại ${code} (bắt buộc)`).fill(reason);
  const saved = page.waitForResponse((r) => r.url().includes('/reviews/') && r.request().method() === 'PUT');
  await page.getByRole('button', { name: 'Trả lại chỉ tiêu', exact: true }).click();
  expect((await saved).status()).toBe(200);
  await expect
    .poll(() => page.locator(`.review-item[data-item="${code}"]`).textContent())
    .toContain('Chờ gửi trả lại xã');
}

const noPageErrors = (page: Page) => expect((page as Page & { errors: string[] }).errors).toEqual([]);
const fitsPhone = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width + 1);

describe('returns gathered on the dossier', () => {
  test(
    'two sectors return, the appraiser sends both at once, the commune gets one notice',
    { timeout: 300_000 },
    async () => {
      mkdirSync(resultsDir, { recursive: true });

      // 1. Health, at a desk, returns C07: the dossier stays submitted.
      const health = await session('yte.thainguyen', DESKTOP);
      await openDossier(health.page);
      await returnItem(health.page, 'C07.immunized', HEALTH);
      expect(await stateBadge(health.page).textContent()).toBe('Đã nộp, chờ thẩm định');
      const healthPanel = health.page.getByTestId('returns-panel');
      await healthPanel.locator('[data-item="C07.immunized"]').getByText(HEALTH).waitFor();
      // A sector records; only the appraiser sends.
      expect(await health.page.getByRole('button', { name: /^Gửi trả lại xã/ }).count()).toBe(0);
      noPageErrors(health.page);
      await health.context.close();

      // 2. Education, on a phone, returns C10 and sees both returns gathered, each with its reason.
      const education = await session('giaoduc.thainguyen', PHONE);
      await openDossier(education.page);
      await returnItem(education.page, 'C10.attending', EDUCATION);
      const educationPanel = education.page.getByTestId('returns-panel');
      await educationPanel.getByRole('heading', { name: 'Các chỉ tiêu sẽ trả lại xã (2)' }).waitFor();
      await educationPanel.locator('[data-item="C07.immunized"]').getByText(HEALTH).waitFor();
      await educationPanel.locator('[data-item="C10.attending"]').getByText(EDUCATION).waitFor();
      // Its own return can be withdrawn, health's cannot (not its sector).
      expect(await educationPanel.getByRole('button', { name: 'Rút lại việc trả lại C10.attending' }).count()).toBe(1);
      expect(await educationPanel.getByRole('button', { name: 'Rút lại việc trả lại C07.immunized' }).count()).toBe(0);
      expect(await stateBadge(education.page).textContent()).toBe('Đã nộp, chờ thẩm định');
      await fitsPhone(education.page);
      noPageErrors(education.page);
      await education.context.close();

      // 3. The commune sees no return yet: nothing has been sent.
      const waiting = await session('xa.labang', PHONE);
      await openDossier(waiting.page);
      expect(await stateBadge(waiting.page).textContent()).toBe('Đã nộp, chờ thẩm định');
      expect(await waiting.page.getByTestId('returns-panel').count()).toBe(0);
      expect(await waiting.page.getByText(HEALTH).count()).toBe(0);
      await waiting.context.close();

      // 4. The appraiser, on a phone, opens the summary of what will be sent, and cancels: nothing changes.
      const phone = await session('thamdinh.thainguyen', PHONE);
      await openDossier(phone.page);
      await phone.page.getByRole('button', { name: 'Gửi trả lại xã 2 mục', exact: true }).click();
      const phoneConfirm = phone.page.getByTestId('returns-confirm');
      await phoneConfirm.getByRole('heading', { name: `Gửi trả lại ${COMMUNE} 2 chỉ tiêu?` }).waitFor();
      await phoneConfirm.getByText(HEALTH).waitFor();
      await phoneConfirm.getByText(EDUCATION).waitFor();
      await phone.page.screenshot({ path: path.join(resultsDir, 'returns-confirm-phone.png'), fullPage: true });
      await phone.page.keyboard.press('Escape');
      await expect.poll(() => phoneConfirm.count()).toBe(0);
      expect(await stateBadge(phone.page).textContent()).toBe('Đã nộp, chờ thẩm định');
      await fitsPhone(phone.page);
      noPageErrors(phone.page);
      await phone.context.close();

      // 5. The appraiser, at a desk, returns one more item, thinks better of it and withdraws it, then sends.
      const desk = await session('thamdinh.thainguyen', DESKTOP);
      await openDossier(desk.page);
      await returnItem(desk.page, 'C12.events', OWN);
      const panel = desk.page.getByTestId('returns-panel');
      await desk.page.getByRole('button', { name: 'Gửi trả lại xã 3 mục', exact: true }).waitFor();
      await panel.getByRole('button', { name: 'Rút lại việc trả lại C12.events' }).click();
      await desk.page.getByRole('button', { name: 'Gửi trả lại xã 2 mục', exact: true }).click();
      const confirm = desk.page.getByTestId('returns-confirm');
      await confirm.getByText(HEALTH).waitFor();
      expect(await confirm.getByText(OWN).count()).toBe(0);
      await confirm.getByRole('button', { name: 'Gửi trả lại xã', exact: true }).click();
      await expect.poll(() => stateBadge(desk.page).textContent()).toBe('Bị trả lại');
      await desk.page.getByText('Đã gửi trả lại xã 2 chỉ tiêu.').waitFor();
      await desk.page.screenshot({ path: path.join(resultsDir, 'returns-sent-desktop.png'), fullPage: true });
      noPageErrors(desk.page);
      await desk.context.close();

      // 6. The commune, at a desk and on a phone: one notification listing both items and reasons.
      for (const viewport of [DESKTOP, PHONE]) {
        const commune = await session('xa.labang', viewport);
        await openDossier(commune.page);
        expect(await stateBadge(commune.page).textContent()).toBe('Bị trả lại');
        const actions = commune.page.locator('.dossier-actions');
        await actions.getByText(HEALTH).waitFor();
        await actions.getByText(EDUCATION).waitFor();
        await commune.page.getByRole('button', { name: /^Thông báo/ }).click();
        const notices = commune.page.locator('.bell-panel .bell-message').filter({ hasText: /bị trả lại/ });
        await notices.first().waitFor();
        expect(await notices.count()).toBe(1);
        const text = (await notices.first().textContent()) ?? '';
        expect(text).toContain('bị trả lại 2 chỉ tiêu');
        expect(text).toContain(HEALTH);
        expect(text).toContain(EDUCATION);
        if (viewport === PHONE) await fitsPhone(commune.page);
        noPageErrors(commune.page);
        await commune.context.close();
      }
    },
  );
});
