// Plain words for people (issue 17, item 7), at phone and desktop size: the public posting shows each
// criterion's figures and offers the self-assessment table (.pdf); "Tạm tính" appears once, explained by a
// tap (or the keyboard), not on each row; a criterion with no data reads "Chưa có số liệu", not "điểm liệt";
// officers read labels, not input codes; a survey code with a wrong check character gets its own message.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { codeFromBytes } from '../../src/core/surveys/codes.ts';
import { readPdf } from '../documents/read.ts';
import preset from '../../src/core/rule-sets/presets/qd06-2019.json';
import { DESKTOP, loginAs, newPage, openMenu, PHONE, resultsDir, useHarness } from './browser.ts';

const harness = useHarness();
const AN_KHANH = '05809'; // xa.ankhanh: its self-assessment is posted
const errorsOf = (page: Page) => (page as Page & { errors: string[] }).errors;
/** Nothing wider than the screen: the page does not scroll sideways. */
const fitsWidth = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1);

describe.each([
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const)('plain words on a %s', (_name, viewport) => {
  test('the public posting shows the figures of each criterion, "Tạm tính" once with tap-to-read, and the table as .pdf', async () => {
    const { context, page } = await newPage(harness(), viewport);
    // No console error on a public page (once: a 401 from "who am I" for a visitor without an account).
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(`${harness().url}/cong-khai/${AN_KHANH}`);
    const entry = page.locator('article.public-entry').first();
    const c02 = entry.locator('tr[data-criterion="C02"]');
    await c02.waitFor();
    // The figures next to the points, under their labels, with vi-VN numbers.
    const figures = (await c02.locator('.public-figures').textContent()) ?? '';
    expect(figures).toContain('Số trẻ em sinh ra trong kỳ:');
    expect(figures).toContain('Số trẻ em sinh ra được đăng ký khai sinh đúng quy định:');
    expect(figures).toMatch(/Tỷ lệ: \d+(,\d+)?%/);
    expect(await c02.locator('.crit-points').textContent()).toMatch(/\d+\/\d+ điểm/);
    const c01 = (await entry.locator('tr[data-criterion="C01"] .public-figures').textContent()) ?? '';
    expect(c01).toMatch(/Có công chức\/người được phân công làm công tác bảo vệ trẻ em: (Có|Không)/);
    // No input code anywhere on the page.
    const body = (await page.locator('main, body').first().textContent()) ?? '';
    expect(body).not.toMatch(/\b(pop|C\d\d)\.[a-z]+/);

    // "Tạm tính" once for the entry, not on each row, and no hover-only title.
    expect(await entry.getByText('Tạm tính', { exact: true }).count()).toBe(1);
    expect(await entry.locator('tbody .badge').count()).toBe(0);
    expect(await entry.locator('.badge[title]').count()).toBe(0);
    const note = entry.getByTestId('provisional-note');
    const explanation = note.getByText(/chưa được xác nhận đầy đủ từ văn bản công khai/);
    expect(await explanation.isVisible()).toBe(false);
    // A tap (a click) on the question opens it; the keyboard closes and opens it again.
    const summary = note.locator('summary');
    await summary.click();
    await expect.poll(() => explanation.isVisible()).toBe(true);
    expect(await note.textContent()).toMatch(/Điểm của \d+ trên 13 tiêu chí là tạm tính/);
    await summary.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => explanation.isVisible()).toBe(false);
    await page.keyboard.press('Enter');
    await expect.poll(() => explanation.isVisible()).toBe(true);
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: path.join(resultsDir, `plain-words-public-${_name}.png`) });
    await c02.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(resultsDir, `plain-words-public-${_name}-table.png`) });

    // The self-assessment table, downloaded as a person does: the link.
    const download = page.waitForEvent('download');
    await entry.getByRole('link', { name: 'Tải bảng tự đánh giá (.pdf)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^Bang-tu-danh-gia-05809-\d{4}\.pdf$/);
    const saved = path.join(resultsDir, `plain-words-${_name}.pdf`);
    await file.saveAs(saved);
    const pdf = readPdf(readFileSync(saved));
    const text = pdf.text.replace(/\s+/g, ' ');
    expect(text).toContain('BẢNG TỰ ĐÁNH GIÁ');
    expect(text).toContain('Xã An Khánh');
    expect(text).toContain('Số trẻ em sinh ra trong kỳ:');
    expect(text).not.toMatch(/\b(pop|C\d\d)\.[a-z]+/);
    expect(errorsOf(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  }, 180_000);

  test('an officer reads "Chưa có số liệu" for a criterion without data, and labels without input codes', async () => {
    const { context, page } = await newPage(harness(), viewport);
    page.on('dialog', (d) => void d.accept());
    await loginAs(page, harness().url, 'xa.vanphu'); // Vạn Phú is still entering its figures
    await page.waitForURL(/\/assessments\/\d+\/\d+$/);
    await page.getByTestId('live-total').waitFor();

    // A criterion with nothing entered: "Chưa có số liệu", not "0 điểm" nor "Điểm liệt".
    const empty = page.locator('section.criterion', {
      has: page.locator('.criterion-head').getByText('Chưa có số liệu', { exact: true }),
    });
    expect(await empty.count()).toBeGreaterThan(0);
    const head = (await empty.first().locator('.criterion-head').textContent()) ?? '';
    expect(head).not.toMatch(/Điểm liệt|0\/\d+ điểm/);
    const code = (await empty.first().getAttribute('id'))!.replace('crit-', '');
    // The same in the score panel, and its reasons say "chưa có số liệu" for it.
    const toggle = page.getByRole('button', { name: 'Chi tiết', exact: true });
    if (await toggle.isVisible()) await toggle.click();
    const row = page.locator('.criteria-scores li', { has: page.locator(`a[href="#crit-${code}"]`) });
    await expect.poll(() => row.textContent()).toContain('Chưa có số liệu');
    expect(await row.textContent()).not.toContain('Điểm liệt');
    const reasons = (await page.locator('.reasons').textContent()) ?? '';
    expect(reasons).toMatch(new RegExp(`Chưa có số liệu ở tiêu chí [^.]*\\b${code}\\b`));
    expect(reasons).not.toMatch(/điểm liệt/);
    expect(await page.locator('.zero-line').count()).toBe(0);
    // An item's explanation says the same, without arrows.
    await empty.first().getByRole('button', { name: 'Giải thích' }).first().click();
    expect(await empty.first().locator('.explain-summary').first().textContent()).toBe('Chưa có số liệu');

    // Labels only: no input code under any field nor in the explanations.
    await page.getByLabel('Số trẻ em dưới 16 tuổi sống trên địa bàn', { exact: true }).waitFor();
    const form = (await page.locator('.form-main').textContent()) ?? '';
    expect(form).not.toMatch(/\b(pop|C\d\d)\.[a-z]+/);
    expect(form).not.toContain('→');
    // "Tạm tính" is explained once on the page, by a tap, never by hovering a marker.
    expect(await page.getByTestId('provisional-note').count()).toBe(1);
    await page.screenshot({ path: path.join(resultsDir, `plain-words-form-${_name}.png`) });
    expect(await page.locator('.badge-warn[title]').count()).toBe(0);
    expect(errorsOf(page)).toEqual([]);
    await context.close();
  }, 180_000);

  test('the rule-set page keeps the input codes, for those who edit rule sets', async () => {
    const { context, page } = await newPage(harness(), viewport);
    await loginAs(page, harness().url, 'bo.yte');
    await (await openMenu(page)).getByRole('link', { name: 'Bộ tiêu chí' }).click();
    await page.getByRole('link', { name: preset.title.vi }).first().click();
    await page.getByRole('heading', { level: 1, name: preset.title.vi }).waitFor();
    await page.locator('#rc-C01').waitFor();
    expect(await page.locator('main').textContent()).toContain('C01.staff');
    expect(errorsOf(page)).toEqual([]);
    await context.close();
  }, 120_000);

  test('a survey code with a wrong check character gets its own message', async () => {
    const { context, page } = await newPage(harness(), viewport);
    const good = codeFromBytes(new Uint8Array([7, 1, 2, 3, 4]));
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const wrong = good.slice(0, -1) + alphabet[(alphabet.indexOf(good.at(-1)!) + 1) % 32];
    await page.goto(`${harness().url}/khao-sat`);
    // Typed as a person types it, lower case without dashes.
    await page.getByLabel('Mã trên phiếu của bạn').fill(wrong.toLowerCase().replace(/-/g, ''));
    await page.getByRole('button', { name: 'Bắt đầu trả lời' }).click();
    const problem = page.getByTestId('survey-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toContain(
      `Mã ${wrong} có ký tự kiểm tra không khớp: có thể gõ nhầm một ký tự, hãy đối chiếu lại với phiếu.`,
    );
    expect(await problem.textContent()).not.toContain('chưa đúng dạng');
    // A code of the wrong form keeps its own message.
    await page.goto(`${harness().url}/khao-sat?ma=AB12`);
    await expect.poll(() => page.getByTestId('survey-problem').textContent()).toContain('Mã chưa đúng dạng');
    expect(await fitsWidth(page)).toBe(true);
    expect(errorsOf(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
