// Shared pieces of the offline browser tests (issue 21): the app's service worker turned on, the device's encrypted
// database by name, the wait for the installed shell, the shell's line about the connection and the outbox, and the
// assessment form's fields and save line.
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import preset from '../../src/core/rule-sets/presets/qd06-2019.json';
import { todayInVietnam } from '../../src/server/platform/clock.ts';
import { loginAs, serverAs } from './browser.ts';

/** The name of the device's encrypted database (src/web/app/offline/vault.ts). */
export const VAULT = 'cfc-offline';
/** These tests need the app's service worker (the harness blocks it elsewhere). */
export const SW = { serviceWorkers: 'allow' } as const;

/** The names of the IndexedDB databases the page's origin holds. */
export const databases = (page: Page) =>
  page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));

/** Waits until the service worker has installed the shell and controls the page (then it opens offline). */
export async function shellInstalled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

/** The shell's line: online or not, and how many changes wait to be sent ("2 thay đổi chờ gửi"). */
export const offlineStatus = (page: Page): Locator => page.getByTestId('offline-status');

/** The demo's village collaborator of Xã Đại Từ, who keeps the register of their village offline. */
export const COLLABORATOR = 'ctv.daitu';

/** Signs the collaborator in and opens their register and one child's record, so the device keeps both. */
export async function collaboratorWithCache(page: Page, url: string, unit: number) {
  await loginAs(page, url, COLLABORATOR);
  await page.goto(`${url}/register/${unit}`);
  const table = page.getByTestId('children-table');
  await table.waitFor();
  await shellInstalled(page);
  const first = table.getByRole('link').first();
  const name = ((await first.textContent()) ?? '').trim();
  await first.click();
  await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor();
  const childPath = new URL(page.url()).pathname;
  await page.getByRole('link', { name: 'Danh sách trẻ em' }).first().click();
  await table.waitFor();
  return { childName: name, childPath };
}

/** Fills the add-a-child form (the collaborator's own village) and sends it. */
export async function addChild(page: Page, child: { code: string; fullName: string; village: string }) {
  await page.getByRole('button', { name: 'Thêm trẻ em' }).click();
  const form = page.locator('form.register-form');
  await form.getByLabel(/^Mã trẻ em/).fill(child.code);
  await form.getByLabel(/^Họ và tên/).fill(child.fullName);
  await form.getByLabel(/^Ngày sinh/).fill(`14/02/${Number(todayInVietnam().slice(0, 4)) - 4}`);
  await form.getByLabel(/^Giới tính/).selectOption('female');
  await form.getByLabel(/^Thôn\/tổ dân phố/).fill(child.village);
  await form.getByLabel(/^Mã hộ/).fill(`HO-${child.code}`);
  await form.getByLabel(/^Chủ hộ/).fill('Lò Văn Sính');
  await form.getByRole('button', { name: 'Thêm vào sổ' }).click();
}

/** The Vietnamese label of a rule-set input (the demo's preset), as the assessment form shows it. */
export const inputLabel = (code: string): string => {
  const input = preset.inputs.find((i) => i.code === code);
  if (!input) throw new Error(`no input ${code} in the preset`);
  return input.label.vi;
};

/** An input of the assessment form, by its code. */
export const formField = (page: Page, code: string): Locator => page.getByLabel(inputLabel(code), { exact: true });

/** The assessment form's save line ("Đã lưu…", "…đã giữ trên máy…"). */
export const saveStatus = (page: Page): Locator => page.locator('.save-status');

/** Opens an assessment period of `year` (as the admin), for a form no other test writes to; returns its id. */
export async function openPeriod(url: string, year: number): Promise<number> {
  const admin = await serverAs(url, 'admin');
  const res = await admin.call<{ id: number }>('/api/periods', { method: 'POST', body: { year } });
  expect(res.status).toBe(200);
  return res.body.id;
}
