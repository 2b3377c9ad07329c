// A whole assessment round in a real browser against a real server, with the accounts of each level:
// the commune submits, the health department returns one item with a reason (the appraiser sends it), the
// commune corrects only that item and resubmits, the appraiser sees the change, accepts every item and
// appraises, the signer records the recognition decision (its .docx names the commune, its score and the
// number), and the public page lists the commune. Screenshots of the dossier under review go to test-results/.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import preset from '../../src/core/rule-sets/presets/qd06-2019.json';
import { docxPart, docxParagraphs } from '../documents/read.ts';
import { DESKTOP, loginAs, newPage, PHONE, resultsDir, useHarness } from './browser.ts';

const ROUND_TITLE = 'Đánh giá xã, phường phù hợp với trẻ em năm 2026 — Tỉnh Thái Nguyên';
const COMMUNE = 'Xã An Khánh';
const DECISION = '2151/QĐ-UBND';
const REASON = 'Số trẻ tiêm chủng đầy đủ không khớp sổ tiêm chủng của Trạm Y tế (tháng 10).';

const label = (code: string): string => {
  const input = preset.inputs.find((i) => i.code === code);
  if (!input) throw new Error(`no input ${code} in the preset`);
  return input.label.vi;
};

/** Today as the server counts it (it runs in this process, in this time zone), as dd/mm/yyyy. */
function serverToday(): string {
  const d = new Date();
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
}

const harness = useHarness();

async function session(username: string, viewport = DESKTOP) {
  const { context, page } = await newPage(harness(), viewport);
  await loginAs(page, harness().url, username);
  return { context, page };
}

/** From anywhere: the round's page through the menu, then the commune's dossier. */
async function openDossier(page: Page) {
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Đợt đánh giá' }).click();
  await page.getByRole('link', { name: ROUND_TITLE }).click();
  await page.getByRole('heading', { level: 1, name: ROUND_TITLE }).waitFor();
  await page.getByRole('link', { name: COMMUNE, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(COMMUNE) }).waitFor();
  await page.locator('.review-panel, .dossier-actions').first().waitFor();
}

const stateBadge = (page: Page) => page.locator('.form-meta .badge').first();

/** Takes a transition from the action box: its button, then the confirmation. */
async function act(page: Page, action: string) {
  await page.getByRole('button', { name: action, exact: true }).click();
  const done = page.waitForResponse((r) => r.url().endsWith('/transitions') && r.request().method() === 'POST');
  await page.getByRole('button', { name: `Xác nhận: ${action}`, exact: true }).click();
  const response = await done;
  expect(response.status(), await response.text()).toBe(200);
}

async function shoot(page: Page, name: string) {
  const file = path.join(resultsDir, name);
  await page.screenshot({ path: file, fullPage: true });
  expect(statSync(file).size).toBeGreaterThan(10_000);
  return file;
}

function noPageErrors(page: Page) {
  expect((page as Page & { errors: string[] }).errors).toEqual([]);
}

describe('assessment round', () => {
  test(
    'submit → return one item → correct only it → resubmit → appraise → recognise → documents → public list',
    { timeout: 300_000 },
    async () => {
      const h = harness();
      mkdirSync(resultsDir, { recursive: true });

      // 1. The commune submits (its posting is over).
      const commune = await session('xa.ankhanh');
      await openDossier(commune.page);
      await expect.poll(() => stateBadge(commune.page).textContent()).toBe('Đang công khai');
      await commune.page.getByText('Thời gian công khai đã hết').waitFor();
      await act(commune.page, 'Nộp hồ sơ');
      await expect.poll(() => stateBadge(commune.page).textContent()).toBe('Đã nộp, chờ thẩm định');
      const dossierUrl = new URL(commune.page.url()).pathname;
      expect(dossierUrl).toMatch(/^\/rounds\/\d+\/entries\/\d+$/);

      // 2. The health department returns C07.immunized with a reason; other sectors' items are not its to judge.
      const health = await session('yte.thainguyen');
      await health.page.waitForURL((u) => u.pathname === '/rounds');
      // What waits on the health department: the appraisal of the submitted dossiers, with its due date.
      const due = health.page.getByTestId('deadlines');
      await due.getByText('Hạn thẩm định').waitFor();
      await due.getByRole('link', { name: 'Xã An Khánh' }).waitFor();
      await openDossier(health.page);
      const review = health.page.locator('.review-panel');
      await review.waitFor();
      // Review buttons are named by the item's title, with its code: "Trả lại <title> (C07.immunized)".
      const returnC07 = health.page.getByRole('button', { name: /^Trả lại .+ \(C07\.immunized\)$/ });
      await expect.poll(() => returnC07.count()).toBe(1);
      expect(await health.page.getByRole('button', { name: /^Chấp nhận .+ \(C02\./ }).count()).toBe(0);
      await returnC07.click();
      // A return without a reason is refused before anything is sent.
      const reason = health.page.getByLabel('Lý do trả lại C07.immunized (bắt buộc)');
      await reason.fill(REASON);
      await health.page.getByRole('button', { name: 'Trả lại chỉ tiêu', exact: true }).click();
      // The return waits on the dossier (gathered with the other sectors'), until the appraiser sends them.
      const returnedRow = health.page.locator('.review-item[data-item="C07.immunized"]');
      await expect.poll(() => returnedRow.locator('.review-state').textContent()).toContain('Chờ gửi trả lại xã');
      expect(await returnedRow.textContent()).toContain(REASON);
      expect(await returnedRow.textContent()).toContain('Lê Thị Lan');
      expect(await stateBadge(health.page).textContent()).toBe('Đã nộp, chờ thẩm định');
      noPageErrors(health.page);

      // The appraiser sends the gathered returns to the commune, after a summary.
      const sender = await session('thamdinh.thainguyen');
      await openDossier(sender.page);
      await sender.page.getByRole('button', { name: 'Gửi trả lại xã 1 mục', exact: true }).click();
      const sendConfirm = sender.page.getByTestId('returns-confirm');
      await sendConfirm.getByText(REASON).waitFor();
      await sendConfirm.getByRole('button', { name: 'Gửi trả lại xã', exact: true }).click();
      await expect.poll(() => stateBadge(sender.page).textContent()).toBe('Bị trả lại');
      await shoot(sender.page, 'round-dossier-returned-desktop.png');
      noPageErrors(sender.page);
      await sender.context.close();

      // 3. The commune hears of it, corrects C07 only (every other input is frozen) and resubmits.
      await commune.page.reload();
      await expect.poll(() => stateBadge(commune.page).textContent()).toBe('Bị trả lại');
      await expect
        .poll(() => commune.page.getByTestId('unread-count').textContent(), { timeout: 15_000 })
        .toMatch(/\d/);
      await commune.page.getByRole('button', { name: /^Thông báo/ }).click();
      await commune.page
        .locator('.bell-panel')
        .getByText(/bị trả lại 1 chỉ tiêu[\s\S]*C07\.immunized/)
        .first()
        .waitFor();
      await commune.page.keyboard.press('Escape');
      expect(await commune.page.locator('.dossier-actions').textContent()).toContain(REASON);
      await commune.page.getByRole('link', { name: 'Sửa các chỉ tiêu bị trả lại' }).click();
      await commune.page.waitForURL(/\/assessments\/\d+\/\d+$/);
      await commune.page.getByText('Hồ sơ đã nộp — chỉ sửa các chỉ tiêu bị trả lại').waitFor();
      await commune.page.locator('.return-reason[data-item="C07.immunized"]').getByText(REASON).waitFor();
      const immunized = commune.page.getByLabel(label('C07.immunized'), { exact: true });
      expect(await immunized.isEditable()).toBe(true);
      for (const frozen of ['C02.registered', 'C04.children', 'C10.attending', 'pop.children'])
        expect(await commune.page.getByLabel(label(frozen), { exact: true }).isEditable(), frozen).toBe(false);
      const before = Number(await immunized.inputValue());
      const after = before - 3;
      await immunized.fill(String(after));
      const saved = commune.page.waitForResponse((r) => r.url().endsWith('/values') && r.request().method() === 'PUT');
      await commune.page.getByRole('button', { name: 'Lưu', exact: true }).click();
      expect((await saved).status()).toBe(200);
      await expect
        .poll(() => commune.page.locator('.save-status').textContent(), { timeout: 30_000 })
        .toMatch(/Đã lưu/);
      await commune.page.getByRole('link', { name: 'Xem hồ sơ trong đợt đánh giá' }).first().click();
      await commune.page.waitForURL((u) => u.pathname === dossierUrl);
      await act(commune.page, 'Nộp lại hồ sơ');
      await expect.poll(() => stateBadge(commune.page).textContent()).toBe('Đã nộp, chờ thẩm định');
      noPageErrors(commune.page);

      // The health department's view now: the change, and the item returned last time.
      await health.page.reload();
      const changes = health.page.getByTestId('changes-panel');
      await changes.waitFor();
      await health.page.locator('[data-item="C07.immunized"] .previous-return').getByText(REASON).waitFor();
      // The README's screenshot (docs/screenshots/round-dossier.png) is copied by hand from this one.
      await shoot(health.page, 'round-dossier-review-desktop.png');
      const phone = await session('yte.thainguyen', PHONE);
      await phone.page.goto(`${h.url}${dossierUrl}`);
      await phone.page.getByTestId('changes-panel').waitFor();
      await shoot(phone.page, 'round-dossier-review-phone.png');
      // Nothing on the phone page is wider than the screen.
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        PHONE.width + 1,
      );
      noPageErrors(phone.page);
      await phone.context.close();
      await health.context.close();

      // 4. The appraiser sees exactly what changed, accepts every item and appraises.
      const appraiser = await session('thamdinh.thainguyen');
      await openDossier(appraiser.page);
      const changeRow = appraiser.page.getByTestId('changes-panel').locator('tr[data-code="C07.immunized"]');
      await changeRow.waitFor();
      // The row can show before the rule set's labels have loaded (a slow, loaded machine): wait for the label.
      await expect
        .poll(async () => (await changeRow.textContent()) ?? '', { timeout: 15_000 })
        .toContain(label('C07.immunized'));
      const changeText = (await changeRow.textContent()) ?? '';
      expect(changeText).toContain(before.toLocaleString('vi-VN'));
      expect(changeText).toContain(after.toLocaleString('vi-VN'));
      expect(await appraiser.page.getByTestId('changes-panel').locator('tbody tr').count()).toBe(1);
      await shoot(appraiser.page, 'round-dossier-appraiser-desktop.png');
      await appraiser.page
        .getByRole('button', { name: 'Chấp nhận tất cả chỉ tiêu đang chờ thuộc ngành tôi (24)' })
        .click();
      await expect
        .poll(() => appraiser.page.locator('.review-summary').textContent(), { timeout: 60_000 })
        .toContain('24 đã chấp nhận');
      await act(appraiser.page, 'Hoàn thành thẩm định');
      await expect.poll(() => stateBadge(appraiser.page).textContent()).toBe('Đã thẩm định');
      const total = Number(
        (await appraiser.page.getByTestId('commune-total').locator('.total-number').textContent())?.replace(/\D/g, ''),
      );
      expect(total).toBeGreaterThan(0);
      noPageErrors(appraiser.page);
      await appraiser.context.close();

      // 5. The signer records the decision for the appraised commune.
      const signer = await session('chutich.thainguyen');
      await signer.page.getByRole('link', { name: ROUND_TITLE }).click();
      await signer.page.getByRole('checkbox', { name: `Chọn ${COMMUNE} để công nhận` }).check();
      await signer.page.getByLabel('Số quyết định').fill(DECISION);
      await signer.page.getByLabel('Ngày ký').fill(serverToday());
      const recorded = signer.page.waitForResponse(
        (r) => /\/api\/rounds\/\d+\/decisions$/.test(r.url()) && r.request().method() === 'POST',
      );
      await signer.page.getByRole('button', { name: 'Ghi quyết định công nhận' }).click();
      // The confirmation names the commune and the number before anything is recorded.
      const confirm = signer.page.getByRole('alertdialog');
      expect(await confirm.textContent()).toContain(COMMUNE);
      await confirm.getByRole('button', { name: 'Xác nhận ghi quyết định' }).click();
      const answer = await recorded;
      expect(answer.status(), await answer.text()).toBe(200);
      await signer.page.getByText(`Đã ghi Quyết định số ${DECISION}.`).waitFor();
      const row = signer.page.locator('tr', { has: signer.page.getByRole('link', { name: COMMUNE, exact: true }) });
      await expect.poll(() => row.textContent()).toContain(DECISION);
      expect(await row.textContent()).toContain('Được công nhận');

      // The decision's .docx names the commune, its score and the decision number.
      const docx = signer.page.locator('.notice').getByRole('link', { name: 'Quyết định (.docx)' });
      const href = await docx.getAttribute('href');
      expect(href).toMatch(/^\/api\/decisions\/\d+\/document\.docx$/);
      expect(
        await signer.page.locator('.notice').getByRole('link', { name: 'Quyết định (.pdf)' }).getAttribute('href'),
      ).toMatch(/\/document\.pdf$/);
      const file = await signer.page.request.get(`${h.url}${href}`);
      expect(file.status(), `GET ${href}`).toBe(200);
      // jszip is not installed: the .docx is read with the documents tests' reader (fflate, as `docx` zips).
      const text = docxParagraphs(docxPart(await file.body())).join('\n');
      expect(text).toContain(COMMUNE);
      expect(text).toContain(DECISION);
      expect(text.includes(String(total)) || text.includes(total.toLocaleString('vi-VN'))).toBe(true);
      noPageErrors(signer.page);
      await signer.context.close();

      // The commune sees its recognition.
      await commune.page.reload();
      await expect.poll(() => stateBadge(commune.page).textContent()).toBe('Được công nhận');
      await commune.context.close();

      // 6. The public list, without logging in.
      const visitor = await newPage(h, PHONE);
      await visitor.page.goto(`${h.url}/cong-khai`);
      const link = visitor.page.getByRole('link', { name: COMMUNE, exact: true });
      await link.waitFor();
      await link.click();
      await visitor.page.getByRole('heading', { level: 1, name: new RegExp(COMMUNE) }).waitFor();
      await visitor.page
        .getByText(new RegExp(`Quyết định số ${DECISION}`))
        .first()
        .waitFor();
      await shoot(visitor.page, 'public-commune-phone.png');
      noPageErrors(visitor.page);
      await visitor.context.close();
    },
  );

  test(
    'the signer reads La Bằng’s dossier with its one child death suppressed, the appraiser with the count',
    { timeout: 120_000 },
    async () => {
      const item = async (username: string) => {
        const { context, page } = await session(username);
        await page
          .getByRole('navigation', { name: 'Điều hướng chính' })
          .getByRole('link', { name: 'Đợt đánh giá' })
          .click();
        await page.getByRole('link', { name: ROUND_TITLE }).click();
        await page.getByRole('link', { name: 'Xã La Bằng', exact: true }).click();
        const row = page.locator('.review-item[data-item="C05.deaths"]');
        await row.waitFor();
        const text = (await row.locator('.review-explain').textContent()) ?? '';
        const points = await row.locator('.item-points').textContent();
        noPageErrors(page);
        await context.close();
        return { text, points };
      };
      const signer = await item('chutich.thainguyen');
      expect(signer.text).toBe(
        'Ẩn (1–4): tỷ lệ và số liệu của chỉ tiêu này không hiển thị cho người xem; điểm vẫn công khai.',
      );
      const appraiser = await item('thamdinh.thainguyen');
      expect(appraiser.text).toContain(`${label('C05.deaths')}: 1`);
      // The points are the same for both: published by law, withheld from no one.
      expect(signer.points).toBe(appraiser.points);
    },
  );
});

export type { Browser };
