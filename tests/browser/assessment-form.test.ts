// The assessment form in a real browser against a real server: live score, explanation, save, reload,
// rule violations refused with a message naming the field and the value, and a phone screenshot.
import path from 'node:path';
import { statSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import preset from '../../src/core/rule-sets/presets/qd06-2019.json';
import { liveTotal, loginAs, newPage, PHONE, resultsDir, useHarness, type Harness } from './browser.ts';

const label = (code: string): string => {
  const input = preset.inputs.find((i) => i.code === code);
  if (!input) throw new Error(`no input ${code} in the preset`);
  return input.label.vi;
};

/** What the server holds for one value, read through the API with the page's own session. */
async function storedValue(page: Page, code: string): Promise<unknown> {
  return page.evaluate(async (code) => {
    const [, , unitId, periodId] = location.pathname.split('/');
    const res = await fetch(`/api/units/${unitId}/assessments/${periodId}`);
    const body = (await res.json()) as { values: Record<string, { value: unknown }> };
    return body.values[code]?.value ?? null;
  }, code);
}

async function openForm(page: Page, h: Harness, username: string) {
  await loginAs(page, h.url, username);
  await page.waitForURL(/\/assessments\/\d+\/\d+$/);
  await page.getByTestId('live-total').waitFor();
}

const saveStatus = (page: Page) => page.locator('.save-status');

const harness = useHarness();

describe('assessment form', () => {
  test('a commune officer lands on the form, sees the live total change, explains an item, saves and finds the value after reload', async () => {
    const { context, page } = await newPage(harness());
    page.on('dialog', (d) => void d.accept());
    await openForm(page, harness(), 'xa.tancuong');
    await page.getByRole('heading', { level: 1, name: /Xã Tân Cương/ }).waitFor();

    const births = page.getByLabel(label('C02.births'), { exact: true });
    const registered = page.getByLabel(label('C02.registered'), { exact: true });
    const b = Number(await births.inputValue());
    const r = Number(await registered.inputValue());
    const next = r === b ? 0 : b;
    const before = await liveTotal(page);

    await registered.fill(String(next));
    // The engine runs in the page: the total moves before anything is saved.
    await expect.poll(() => liveTotal(page), { timeout: 10_000 }).not.toBe(before);
    const changedTotal = await liveTotal(page);
    await expect.poll(() => saveStatus(page).textContent()).toMatch(/chưa lưu/);
    expect(await storedValue(page, 'C02.registered')).toBe(r);

    // Leaving the field may start the autosave: whichever saves first, catch its answer.
    const saved = page.waitForResponse((r) => r.url().endsWith('/values') && r.request().method() === 'PUT');

    // The item's explanation: the engine's sentence, the band reached, a provisional mark.
    const c02 = page.locator('#crit-C02');
    await c02.getByRole('button', { name: 'Giải thích' }).first().click();
    const explain = c02.locator('.explain').first();
    await explain.waitFor();
    const text = (await explain.textContent()) ?? '';
    expect(text).toContain('%');
    expect(text).toMatch(/điểm/);
    expect(text).toContain(label('C02.births'));
    expect(await c02.locator('.badge', { hasText: 'Tạm tính' }).count()).toBeGreaterThan(0);
    if (next === b) expect(await explain.locator('.band-hit').count()).toBe(1);

    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => saveStatus(page).textContent(), { timeout: 30_000 }).toMatch(/Đã lưu/);
    expect(await storedValue(page, 'C02.registered')).toBe(next);

    await page.reload();
    await page.getByTestId('live-total').waitFor();
    expect(await page.getByLabel(label('C02.registered'), { exact: true }).inputValue()).toBe(String(next));
    expect(await liveTotal(page)).toBe(changedTotal);

    // The value's history names who saved it and when (dd/mm/yyyy HH:mm).
    const row = page.locator('[id="row-C02.registered"]');
    await row.getByRole('button', { name: 'Lịch sử' }).click();
    const first = row.locator('.history li').first();
    await first.waitFor();
    expect(await first.textContent()).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(await first.locator('.history-value').textContent()).toBe(String(next));
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  }, 180_000);

  test('a value that breaks a rule is named with its value and is not saved', async () => {
    const { context, page } = await newPage(harness());
    page.on('dialog', (d) => void d.accept());
    await openForm(page, harness(), 'phuong.phandinhphung');
    const births = page.getByLabel(label('C02.births'), { exact: true });
    const registered = page.getByLabel(label('C02.registered'), { exact: true });
    const b = Number(await births.inputValue());
    const r = Number(await registered.inputValue());

    // Births registered above births: the engine's own check, shown next to the field.
    const tooMany = b + 7;
    await registered.fill(String(tooMany));
    const error = page.locator('[id="v-C02.registered-error"]');
    await error.waitFor();
    const message = (await error.textContent()) ?? '';
    expect(message).toContain(label('C02.registered'));
    expect(message).toContain(String(tooMany));
    expect(message).toContain(label('C02.births'));
    expect(message).toContain(String(b));
    expect(await registered.getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expect.poll(() => saveStatus(page).textContent()).toMatch(/Chưa lưu/);
    await page.waitForTimeout(2_000); // past the autosave delay: still nothing stored
    expect(await storedValue(page, 'C02.registered')).toBe(r);

    // A change that only the server can refuse (births below what is stored as registered):
    // the server's issue is shown, and what was typed stays in the field.
    const refused = page.waitForResponse((r) => r.url().endsWith('/values') && r.request().method() === 'PUT');
    await registered.fill(String(r));
    const fewer = Math.max(0, r - 3);
    await births.fill(String(fewer));
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    expect((await refused).status()).toBe(400);
    await expect.poll(() => saveStatus(page).textContent(), { timeout: 30_000 }).toMatch(/Chưa lưu/);
    expect(await births.inputValue()).toBe(String(fewer));
    expect(await page.locator('[id="v-C02.registered-error"]').textContent()).toContain(String(r));
    expect(await storedValue(page, 'C02.births')).toBe(b);
    await context.close();
  }, 180_000);

  test('a commune officer who opens another commune’s form is refused on the page', async () => {
    const { context, page } = await newPage(harness());
    await openForm(page, harness(), 'xa.tancuong');
    const [, , , periodId] = new URL(page.url()).pathname.split('/');
    const other = await page.evaluate(async () => {
      const res = await fetch('/api/units?level=commune&q=05818'); // Xã La Bằng
      return ((await res.json()) as { items: Array<{ id: number }> }).items[0]!.id;
    });
    await page.goto(`${harness().url}/assessments/${other}/${periodId}`);
    await page.getByText('Bạn không có quyền truy cập dữ liệu này.').waitFor();
    expect(await page.getByTestId('live-total').count()).toBe(0);
    expect(await page.locator('input[inputmode="numeric"]').count()).toBe(0);
    await context.close();
  }, 120_000);

  test('the signer reads a small sensitive count as “Ẩn (1–4)”, read-only with why, in the form, an item and the history; the points as the server scored them', async () => {
    const { context, page } = await newPage(harness());
    await loginAs(page, harness().url, 'chutich.thainguyen');
    const ids = await page.evaluate(async () => {
      const unit = (
        (await (await fetch('/api/units?level=commune&q=05830')).json()) as { items: Array<{ id: number }> }
      ).items[0]!.id; // Xã Đại Từ
      const period = ((await (await fetch('/api/periods')).json()) as Array<{ id: number; year: number }>).find(
        (p) => p.year === 2026,
      )!.id;
      const body = (await (await fetch(`/api/units/${unit}/assessments/${period}`)).json()) as {
        result: { total: number };
      };
      return { unit, period, total: body.result.total };
    });
    await page.goto(`${harness().url}/assessments/${ids.unit}/${ids.period}`);
    await page.getByTestId('live-total').waitFor();
    // Đại Từ entered 1 abused child: the signer signs on points and sees the count suppressed, never a field.
    const abused = page.getByLabel(label('C03.abused'), { exact: true });
    await expect.poll(() => abused.textContent()).toBe('Ẩn (1–4)');
    expect(await abused.evaluate((el) => el.tagName)).toBe('OUTPUT');
    const row = page.locator('#row-C03\\.abused');
    expect(await row.locator('.suppressed-why').textContent()).toContain(
      'Chỉ xã, cơ quan thẩm định, cán bộ tỉnh và ngành phụ trách chỉ tiêu xem số chính xác',
    );
    expect(await row.locator('input').count()).toBe(0);
    // 24 in special circumstances, 22 supported: one of the two goes, so the two unsupported are not shown by subtraction.
    expect(await page.getByLabel(label('C06.supported'), { exact: true }).textContent()).toBe('Ẩn (1–4)');
    expect(await page.getByLabel(label('C06.special'), { exact: true }).inputValue()).toBe('24');
    // The total is the server's (the page cannot rescore withheld figures), and so are the points.
    expect(await liveTotal(page)).toBe(ids.total);
    const c03 = page.locator('#crit-C03');
    await c03.getByRole('button', { name: 'Giải thích' }).first().click();
    const explain = c03.locator('.explain').first();
    expect(await explain.locator('.explain-summary').textContent()).toBe(
      'Ẩn (1–4): tỷ lệ và số liệu của chỉ tiêu này không hiển thị cho người xem; điểm vẫn công khai.',
    );
    expect(await explain.locator('.explain-inputs dd').allTextContents()).toEqual(['Ẩn (1–4)', 'Ẩn (1–4)']);
    await row.getByRole('button', { name: 'Lịch sử' }).click();
    await expect.poll(() => row.locator('.history-value').allTextContents()).toEqual(['Ẩn (1–4)']);
    await context.close();
  }, 120_000);

  test('phone-width screenshot of the form', async () => {
    const { context, page } = await newPage(harness(), PHONE);
    await openForm(page, harness(), 'xa.labang');
    await page.locator('.criterion').first().waitFor();
    const shot = path.join(resultsDir, 'assessment-form-phone.png');
    const full = path.join(resultsDir, 'assessment-form-phone-full.png');
    await page.screenshot({ path: shot });
    await page.screenshot({ path: full, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    // Nothing wider than the phone: no sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await context.close();
  }, 120_000);
});
