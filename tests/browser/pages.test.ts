// The other pages in a real browser: login in both languages, the assessments list, the rule-set page
// with its provisional marks, and a unit's lineage with dd/mm/yyyy dates.
import { expect, test } from 'vitest';
import presetJson from '../../src/core/rule-sets/presets/qd06-2019.json';
import type { RuleSetDefinition } from '../../src/core/rule-sets/schema.ts';
import { loginAs, newPage, useHarness } from './browser.ts';

const preset = presetJson as unknown as RuleSetDefinition;

const harness = useHarness();

test("login shows the server's own message, in the language chosen on screen", async () => {
  const { context, page } = await newPage(harness());
  await page.goto(`${harness().url}/login`);
  await page.getByLabel('Tên đăng nhập').fill('xa.tancuong');
  await page.getByLabel('Mật khẩu').fill('not-the-password');
  const first = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const body = (await (await first).json()) as { error: { message: string } };
  await page.locator('#login-error').waitFor();
  expect(await page.locator('#login-error').textContent()).toBe(body.error.message);

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByLabel('Username').waitFor();
  const second = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
  await page.getByRole('button', { name: 'Log in' }).click();
  const english = (await (await second).json()) as { error: { message: string } };
  expect(english.error.message).not.toBe(body.error.message);
  await expect.poll(() => page.locator('#login-error').textContent()).toBe(english.error.message);
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === 'lang')?.value).toBe('en');
  expect(await page.evaluate(() => localStorage.getItem('lang'))).toBe('en');
  await context.close();
}, 120_000);

test('a province official sees the communes of the latest period with their results', async () => {
  const { context, page } = await newPage(harness());
  await loginAs(page, harness().url, 'tinh.thainguyen');
  await page.waitForURL(/\/assessments/);
  const row = page.getByRole('row', { name: /Xã Tân Cương/ });
  await row.waitFor();
  expect(await row.locator('.badge', { hasText: /Đạt chuẩn|Chưa đạt chuẩn/ }).count()).toBe(1);
  await row.getByRole('link', { name: 'Xã Tân Cương' }).click();
  await page.waitForURL(/\/assessments\/\d+\/\d+$/);
  await page.getByTestId('live-total').waitFor();
  await context.close();
}, 120_000);

test('the rule-set page shows provisional marks with their notes', async () => {
  const { context, page } = await newPage(harness());
  await loginAs(page, harness().url, 'tinh.thainguyen');
  await page.getByRole('link', { name: 'Bộ tiêu chí' }).click();
  await page.getByRole('link', { name: preset.title.vi }).first().click();
  await page.getByRole('heading', { level: 1, name: preset.title.vi }).waitFor();

  for (const c of preset.criteria) await page.locator(`#rc-${c.code}`).waitFor();
  const provisional = preset.criteria.flatMap((c) => c.items).filter((i) => i.mark === 'P');
  expect(provisional.length).toBeGreaterThan(0);
  // One badge at least per provisional item (bands may add more).
  expect(await page.locator('.rule-item .badge', { hasText: 'Tạm tính' }).count()).toBeGreaterThanOrEqual(
    provisional.length,
  );
  const noted = preset.criteria.flatMap((c) => c.items).find((i) => i.markNote);
  if (noted?.markNote) expect(await page.getByText(noted.markNote.vi).count()).toBeGreaterThan(0);
  // Category thresholds are listed.
  for (const cat of preset.categories)
    expect(await page.getByRole('cell', { name: new RegExp(cat.label.vi) }).count()).toBeGreaterThan(0);
  await context.close();
}, 120_000);

test("a commune's page shows where it came from, with dd/mm/yyyy dates", async () => {
  const { context, page } = await newPage(harness());
  await loginAs(page, harness().url, 'tinh.thainguyen');
  const unitId = await page.evaluate(async () => {
    const res = await fetch('/api/units?level=commune&q=T%C3%A2n%20C%C6%B0%C6%A1ng&limit=5');
    const body = (await res.json()) as { items: Array<{ id: number; name: string }> };
    return body.items.find((u) => u.name === 'Xã Tân Cương')?.id ?? null;
  });
  expect(unitId).not.toBeNull();
  await page.goto(`${harness().url}/units/${unitId}`);
  await page.getByRole('heading', { level: 1, name: 'Xã Tân Cương' }).waitFor();
  const lineage = page.locator('.lineage');
  await lineage.waitFor();
  expect(await lineage.textContent()).toMatch(/\d{2}\/\d{2}\/\d{4}/);
  await context.close();
}, 120_000);
