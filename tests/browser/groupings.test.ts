// Groupings and a re-check per group in a real browser: the province official opens "Nhóm xã" from the
// menu, uploads former districts as CSV (old commune codes), sees each district with its current communes,
// then on the round page draws one commune per former district with a fixed seed and sees each pick's district.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestApp } from '../support/server.ts';
import { DESKTOP, launchBrowser, loginAs, newPage, openMenu, PHONE } from './browser.ts';
import { DISTRICTS, formerDistrictCsv, recognise, thaiNguyen } from '../groups/fixtures.ts';
import { setConfig } from '../support/config.ts';
import { ensurePeriod } from '../../src/server/platform/periods.ts';

const ROUND_TITLE = 'Đánh giá xã, phường phù hợp với trẻ em năm 2026 — Tỉnh Thái Nguyên';
let server: TestApp & { url: string };
let browser: Browser;
let csv: Buffer;
let expected: Map<number, string>;
let names: Map<number, string>;
let oldRoundId: number;
const OLD_ROUND = 'Đánh giá xã, phường phù hợp với trẻ em năm 2024 — Huyện Đại Từ';

beforeAll(async () => {
  setConfig({ loginRateLimit: 200 });
  server = await startTestServer();
  browser = await launchBrowser();
  const db = server.database.db;
  const tn = await thaiNguyen(db);
  names = new Map(tn.communes.map((c) => [c.id, c.name]));
  ({ csv, expected } = formerDistrictCsv(tn.communes, tn.predecessors, 2));
  const roundId = (await db.selectFrom('round').select('id').executeTakeFirstOrThrow()).id;
  await recognise(db, roundId, [...expected.keys()]);
  // A round of 2024, when the districts still ran them: the province names the district that ran it.
  const round = await db.selectFrom('round').selectAll().where('id', '=', roundId).executeTakeFirstOrThrow();
  oldRoundId = (
    await db
      .insertInto('round')
      .values({
        province_id: round.province_id,
        period_id: await ensurePeriod(db, 2024),
        rule_set_id: round.rule_set_id,
        title: OLD_ROUND,
        dossier_due: '2024-09-30',
        appraisal_due: '2024-10-31',
        decision_due: '2024-11-30',
        report_due: '2024-12-15',
        appraising_body: 'UBND huyện Đại Từ',
        signer_title: 'CHỦ TỊCH',
        status: 'closed',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}, 180_000);
afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.close();
}, 60_000);

const noPageErrors = (page: Page) => expect((page as Page & { errors: string[] }).errors).toEqual([]);

describe('groupings', () => {
  test('the province uploads former districts and draws one commune per district', { timeout: 180_000 }, async () => {
    const { context, page } = await newPage({ url: server.url, browser, close: async () => {} }, PHONE);
    await loginAs(page, server.url, 'tinh.thainguyen');
    const menu = await openMenu(page);
    await menu.getByRole('link', { name: 'Nhóm xã' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nhóm xã (huyện cũ, cụm)' }).waitFor();
    await page.getByText('Tỉnh chưa có cách nhóm xã nào.').waitFor();

    await page.getByLabel('Tệp danh sách').setInputFiles({ name: 'huyen-cu.csv', mimeType: 'text/csv', buffer: csv });
    const put = page.waitForResponse((r) => r.url().includes('/groupings/') && r.request().method() === 'PUT');
    await page.getByRole('button', { name: 'Tải lên' }).click();
    expect((await put).status()).toBe(200);
    await page.getByText('Đã lưu cách nhóm “Huyện cũ”: 4 nhóm.').waitFor();
    const section = page.getByTestId('grouping');
    for (const d of DISTRICTS) {
      const row = section.getByRole('row', { name: new RegExp(d) });
      const communes = [...expected].filter(([, x]) => x === d).map(([id]) => names.get(id)!);
      for (const c of communes) await expect.poll(() => row.textContent()).toContain(c);
    }
    noPageErrors(page);
    await context.close();

    const desk = await newPage({ url: server.url, browser, close: async () => {} }, DESKTOP);
    await loginAs(desk.page, server.url, 'tinh.thainguyen');
    await desk.page.goto(`${server.url}/rounds`);
    await desk.page.getByRole('link', { name: ROUND_TITLE }).click();
    await desk.page.getByRole('heading', { level: 1, name: ROUND_TITLE }).waitFor();
    const panel = desk.page.locator('section.recheck-panel');
    await panel.getByLabel('Một số xã mỗi nhóm (huyện cũ, cụm)').check();
    await panel.getByLabel('Số xã mỗi nhóm', { exact: true }).fill('1');
    await panel.getByLabel('Hạt giống ngẫu nhiên (không bắt buộc)').fill('7');
    await panel.getByRole('button', { name: 'Chọn mẫu phúc tra' }).click();
    await panel.getByText('Theo nhóm “Huyện cũ”: 1 xã mỗi nhóm', { exact: false }).waitFor();
    const table = panel.locator('table.recheck-table');
    for (const d of DISTRICTS)
      await expect.poll(() => table.getByRole('cell', { name: d, exact: true }).count()).toBe(1);

    // The 2024 round: the province names the former district that ran it, and the round says so.
    await desk.page.goto(`${server.url}/rounds/${oldRoundId}`);
    await desk.page.getByRole('heading', { level: 1, name: OLD_ROUND }).waitFor();
    await desk.page.getByLabel('Huyện cũ ban hành (văn bản trước 01/07/2025)').selectOption({ label: DISTRICTS[0]! });
    const saved = desk.page.waitForResponse((r) => r.url().includes('/api/historical-issuers/round/'));
    await desk.page.getByRole('button', { name: 'Lưu huyện cũ' }).click();
    expect((await saved).status()).toBe(200);
    const facts = desk.page.locator('dl', { has: desk.page.getByText('Huyện cũ tổ chức (trước 01/07/2025)') });
    await expect.poll(() => facts.textContent()).toContain(DISTRICTS[0]);
    noPageErrors(desk.page);
    await desk.context.close();
  });
});
