// Evidence on the dossier page and the re-check (phúc tra) on the round page, in a real browser:
// a commune whose dossier is still a draft saves its council, attaches a real PNG to a criterion, sees it
// listed and downloads the same bytes; the province draws a re-check of every recognised commune with a
// fixed seed, enters one figure it found different for Xã Quân Chu and sees the item's loss of points.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { exeLike, tinyPng } from '../evidence/samples.ts';
import { loginAs, newPage, PHONE, DESKTOP, useHarness } from './browser.ts';

const ROUND_TITLE = 'Đánh giá xã, phường phù hợp với trẻ em năm 2026 — Tỉnh Thái Nguyên';
const harness = useHarness();

async function session(username: string, viewport = DESKTOP) {
  const { context, page } = await newPage(harness(), viewport);
  await loginAs(page, harness().url, username);
  return { context, page };
}

async function openRound(page: Page) {
  await page.goto(`${harness().url}/rounds`);
  await page.getByRole('link', { name: ROUND_TITLE }).click();
  await page.getByRole('heading', { level: 1, name: ROUND_TITLE }).waitFor();
}

function noPageErrors(page: Page) {
  expect((page as Page & { errors: string[] }).errors).toEqual([]);
}

describe('evidence and re-check', () => {
  test('the commune attaches a PNG to a criterion, sees it listed and downloads it', { timeout: 180_000 }, async () => {
    const { context, page } = await session('xa.tancuong', PHONE);
    await openRound(page);
    await page.getByRole('link', { name: 'Xã Tân Cương', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /Xã Tân Cương/ }).waitFor();
    const panel = page.locator('section.evidence-panel');
    // No entry yet: nothing to attach to until the council is saved.
    await panel.getByText('Hồ sơ chưa được tạo').waitFor();

    const m = /\/rounds\/(\d+)\/entries\/(\d+)/.exec(new URL(page.url()).pathname);
    expect(m).not.toBeNull();
    const saved = await page.request.put(`${harness().url}/api/rounds/${m![1]}/entries/${m![2]}/council`, {
      data: {
        members: [{ name: 'Nguyễn Văn Bình', position: 'Chủ tịch UBND xã', role: 'Chủ tịch Hội đồng' }],
        meetingOn: null,
        meetingPlace: '',
        meetingSummary: '',
      },
    });
    expect(saved.status(), await saved.text()).toBe(200);
    await page.reload();
    await panel.getByText('Chưa có tệp minh chứng nào.').waitFor();

    const png = tinyPng();
    await panel.getByLabel('Tiêu chí', { exact: true }).selectOption('C12');
    await panel.getByLabel('Chỉ tiêu (không bắt buộc)').selectOption('C12.playground');
    await panel
      .getByLabel('Tệp', { exact: true })
      .setInputFiles({ name: 'diem-vui-choi.png', mimeType: 'image/png', buffer: png });
    const uploaded = page.waitForResponse((r) => r.url().includes('/evidence') && r.request().method() === 'POST');
    await panel.getByRole('button', { name: 'Tải lên' }).click();
    const response = await uploaded;
    expect(response.status(), await response.text()).toBe(201);
    await panel.getByText('Đã tải lên “diem-vui-choi.png”.').waitFor();

    const link = panel.getByRole('link', { name: 'diem-vui-choi.png' });
    await link.waitFor();
    // Each criterion says whether it has evidence: C12 one file, the others none yet.
    await expect.poll(() => panel.locator('.evidence-group[data-criterion="C12"] h3').textContent()).toContain('1 tệp');
    expect(await panel.locator('.evidence-group[data-criterion="C01"] h3').textContent()).toContain(
      'chưa có minh chứng',
    );
    await expect
      .poll(() => panel.locator('.evidence-list li').first().textContent())
      .toMatch(/C12\.playground · 1 KB · \d{2}\/\d{2}\/\d{4}/);

    const downloading = page.waitForEvent('download');
    await link.click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('diem-vui-choi.png');
    const saved2 = await download.path();
    expect(readFileSync(saved2!).equals(png)).toBe(true);

    // A program dressed as a PDF: refused with the server's message, and nothing more is listed.
    await panel
      .getByLabel('Tệp', { exact: true })
      .setInputFiles({ name: 'giay-chung-nhan.pdf', mimeType: 'application/pdf', buffer: exeLike() });
    const refused = page.waitForResponse((r) => r.url().includes('/evidence') && r.request().method() === 'POST');
    await panel.getByRole('button', { name: 'Tải lên' }).click();
    expect((await refused).status()).toBe(415);
    await expect
      .poll(() => panel.getByRole('alert').textContent())
      .toMatch(/giay-chung-nhan\.pdf.*Chưa có gì được lưu/);
    expect(await panel.locator('.evidence-list li').count()).toBe(1);

    noPageErrors(page);
    await context.close();
  });

  test('the province draws a re-check with seed 42 and sees the loss on C12.events', { timeout: 180_000 }, async () => {
    const { context, page } = await session('tinh.thainguyen');
    await openRound(page);
    const panel = page.locator('section.recheck-panel');
    await panel.getByLabel('Tỷ lệ mẫu (%)').fill('100');
    await panel.getByLabel('Hạt giống ngẫu nhiên (không bắt buộc)').fill('42');
    await panel.getByRole('button', { name: 'Chọn mẫu phúc tra' }).click();
    await panel.getByText('Hạt giống ngẫu nhiên: 42 — chọn lại được cùng mẫu').waitFor();
    await expect.poll(() => new URL(page.url()).searchParams.get('recheck')).toMatch(/^\d+$/);

    const card = panel.locator('section.recheck-entry', { has: page.getByRole('heading', { name: /Xã Quân Chu/ }) });
    await card.getByLabel('Mã số liệu 1').fill('C12.events');
    await card.getByLabel('Giá trị 1').fill('1');
    const put = page.waitForResponse(
      (r) => /\/api\/rechecks\/\d+\/entries\/\d+$/.test(r.url()) && r.request().method() === 'PUT',
    );
    await card.getByRole('button', { name: 'Chấm lại' }).click();
    const response = await put;
    expect(response.status(), await response.text()).toBe(200);

    const row = card.getByRole('table', { name: /Chênh lệch từng chỉ tiêu/ }).getByRole('row', { name: /C12\.events/ });
    await row.waitFor();
    expect(await row.getAttribute('data-delta')).toBe('-15');
    expect(await row.textContent()).toContain('−15');
    await expect.poll(() => row.getAttribute('class')).toContain('recheck-loss');

    // The re-check stays in the address: a reload shows it again.
    await page.reload();
    await page
      .locator('section.recheck-panel')
      .getByText('Hạt giống ngẫu nhiên: 42 — chọn lại được cùng mẫu')
      .waitFor();
    await page
      .locator('section.recheck-entry', { has: page.getByRole('heading', { name: /Xã Quân Chu/ }) })
      .getByRole('row', { name: /C12\.events/ })
      .waitFor();

    noPageErrors(page);
    await context.close();
  });
});
