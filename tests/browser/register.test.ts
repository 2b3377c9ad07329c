// The child register in a real browser against a real server: a register file imported through the page
// (upload, progress, preview, commit), the list searched without diacritics, a child added with a date
// refused and then accepted, a sensitive case reported and left for the chairman to assign, the register's count beside the
// assessment input adopted into the form with the live total moving, and the list on a phone.
import path from 'node:path';
import { statSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import preset from '../../src/core/rule-sets/presets/qd06-2019.json';
import { checkChild, type ChildFields } from '../../src/core/register/records.ts';
import { writeRegisterWorkbook } from '../../src/server/features/register/import/write.ts';
import { liveTotal, loginAs, newPage, PHONE, resultsDir, useHarness } from './browser.ts';

const label = (code: string): string => {
  const input = preset.inputs.find((i) => i.code === code);
  if (!input) throw new Error(`no input ${code} in the preset`);
  return input.label.vi;
};

const child = (fields: Partial<ChildFields> & Pick<ChildFields, 'code' | 'fullName' | 'birthDate'>): ChildFields => {
  const r = checkChild(
    { villageName: 'Thôn Trại Cau', householdCode: 'HO-1', householdHead: 'Trần Văn Hải', sex: 'female', ...fields },
    '2026-11-01',
  );
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

/** A small register: three children, two of them in special circumstances, both helped in 2026. */
async function registerFile(): Promise<string> {
  const data = await writeRegisterWorkbook(
    {
      children: [
        child({
          code: 'VP-001',
          fullName: 'Trần Thị Bình',
          birthDate: '2015-04-12',
          fullyImmunizedOn: null,
          education: 'primary',
        }),
        child({
          code: 'VP-002',
          fullName: 'Trần Văn Cường',
          birthDate: '2018-09-05',
          sex: 'male',
          education: 'primary',
        }),
        child({
          code: 'VP-003',
          fullName: 'Lý Thị Dung',
          birthDate: '2021-02-20',
          villageName: 'Thôn Đồng Kem',
          householdCode: 'HO-2',
          householdHead: 'Lý Văn Páo',
          education: 'preschool',
        }),
      ],
      circumstances: [
        { childCode: 'VP-001', group: 'a', startedOn: '2024-03-01', endedOn: null, note: '' },
        { childCode: 'VP-003', group: 'd', startedOn: '2025-06-01', endedOn: null, note: 'Khuyết tật vận động' },
      ],
      supports: [
        {
          childCode: 'VP-001',
          kind: 'Trợ cấp xã hội hằng tháng',
          givenOn: '2026-03-10',
          provider: 'UBND xã Vạn Phú',
          note: '',
        },
        { childCode: 'VP-003', kind: 'Phục hồi chức năng', givenOn: '2026-05-04', provider: 'Trạm Y tế xã', note: '' },
      ],
      healthRecords: [],
    },
    'vi',
  );
  const file = path.join(resultsDir, 'so-theo-doi-van-phu.xlsx');
  writeFileSync(file, data);
  return file;
}

/** What the server holds for one assessment value, read with the page's own session. */
async function stored(page: Page, unitId: string, periodId: string, code: string) {
  return page.evaluate(
    async ([u, p, c]) => {
      const res = await fetch(`/api/units/${u}/assessments/${p}`);
      const body = (await res.json()) as { values: Record<string, { value: unknown; origin?: string }> };
      return body.values[c!] ?? null;
    },
    [unitId, periodId, code] as const,
  );
}

const errorsOf = (page: Page) => (page as Page & { errors: string[] }).errors;
const harness = useHarness();
let unitId = '';
let periodId = '';

describe('child register', () => {
  test('an officer imports a register file through the page, finds the children, and adopts a count in the assessment form', async () => {
    const { context, page } = await newPage(harness());
    page.on('dialog', (d) => void d.accept());
    await loginAs(page, harness().url, 'xa.vanphu');
    await page.waitForURL(/\/assessments\/\d+\/\d+$/);
    [, , unitId, periodId] = new URL(page.url()).pathname.split('/') as [string, string, string, string];

    // The navigation leads commune roles to their register.
    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Sổ theo dõi trẻ em' })
      .click();
    await page.waitForURL(new RegExp(`/register/${unitId}$`));
    await page.getByRole('heading', { level: 1, name: 'Sổ theo dõi trẻ em' }).waitFor();
    await page.getByText('Sổ chưa có trẻ em nào').waitFor();

    // Import: upload, the check's progress, the preview, then the commit.
    const file = await registerFile();
    await page.getByRole('link', { name: 'Nhập từ tệp' }).click();
    await page.waitForURL(/\/import$/);
    expect(await page.getByRole('link', { name: 'Tải tệp mẫu (.xlsx)' }).getAttribute('href')).toBe(
      '/api/register/template.xlsx',
    );
    await page.getByLabel('Tệp sổ theo dõi (.xlsx hoặc .csv)').setInputFiles(file);
    const polled = page.waitForResponse((r) => r.url().includes('/api/register/jobs/'));
    await page.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();
    expect((await polled).status()).toBe(200);
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await preview.getByTestId('count-new').textContent()).toBe('3');
    const previewText = (await preview.textContent()) ?? '';
    expect(previewText).toContain('Thôn Trại Cau');
    expect(previewText).toContain('Thôn Đồng Kem');
    expect(previewText).toContain('Không có lỗi');
    const commit = preview.getByRole('button', { name: 'Ghi vào sổ' });
    expect(await commit.isEnabled()).toBe(true);
    await commit.click();
    const done = page.getByTestId('import-done');
    await done.waitFor();
    expect(await done.textContent()).toContain('Đã ghi tệp so-theo-doi-van-phu.xlsx');

    // The register: three children; a search typed without diacritics finds the names.
    await done.getByRole('link', { name: 'Xem sổ theo dõi trẻ em' }).click();
    await page.waitForURL(new RegExp(`/register/${unitId}$`));
    const table = page.getByTestId('children-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(3);
    await page.getByLabel('Tìm theo tên hoặc mã trẻ em').fill('tran thi');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await table.textContent()).toContain('Trần Thị Bình');
    expect(await table.textContent()).toContain('12/04/2015');

    // A child's record: the read is said to be logged; the circumstance is listed.
    await table.getByRole('link', { name: 'Trần Thị Bình' }).click();
    await page.getByRole('heading', { level: 1, name: /Trần Thị Bình/ }).waitFor();
    await page.getByText('Lượt xem hồ sơ này đã được ghi nhật ký').waitFor();
    expect(await page.getByTestId('circumstances').textContent()).toContain('Trẻ em mồ côi cả cha và mẹ');
    await page.getByText('Trợ cấp xã hội hằng tháng').first().waitFor();

    // The assessment form: the register's count beside the input, the records behind it, then adoption.
    await page.goto(`${harness().url}/assessments/${unitId}/${periodId}`);
    await page.getByTestId('live-total').waitFor();
    const special = page.getByLabel(label('C06.special'), { exact: true });
    const supported = page.getByLabel(label('C06.supported'), { exact: true });
    const row = page.locator('[id="row-C06.special"]');
    const hint = row.getByTestId('derived-C06.special');
    await hint.waitFor();
    expect(await hint.locator('.derived-value').textContent()).toBe('2');
    expect(await hint.textContent()).toContain('Từ sổ theo dõi:');

    await hint.getByRole('button', { name: 'Xem hồ sơ' }).click();
    const records = hint.locator('.derived-records');
    await records.getByText('Lý Thị Dung').waitFor();
    expect(await records.textContent()).toContain('Trần Thị Bình');
    expect(await records.textContent()).not.toContain('Trần Văn Cường');

    // Typed values stay possible: a different number shows both, for the officer to decide.
    await supported.fill('2');
    await special.fill('5');
    await hint.locator('.derived-differs').waitFor();
    expect(await hint.locator('.derived-differs').textContent()).toMatch(/\(5\).*\(2\)/);
    await expect.poll(() => liveTotal(page)).toBeGreaterThan(0);
    const before = await liveTotal(page);

    const adopted = page.waitForResponse(
      (r) => r.url().endsWith('/register/derived/adopt') && r.request().method() === 'POST',
    );
    await hint.getByRole('button', { name: 'Dùng số liệu này' }).click();
    expect((await adopted).status()).toBe(200);
    await expect.poll(() => special.inputValue()).toBe('2');
    await hint.getByText('Lấy từ sổ theo dõi').waitFor();
    expect(await hint.locator('.derived-differs').count()).toBe(0);
    // 2 of 2 children helped: the item's top band, so the live total moves.
    await expect.poll(() => liveTotal(page)).not.toBe(before);
    expect(await liveTotal(page)).toBeGreaterThan(before);
    await expect.poll(async () => (await stored(page, unitId, periodId, 'C06.special'))?.origin).toBe('register');
    expect((await stored(page, unitId, periodId, 'C06.special'))?.value).toBe(2);
    expect(errorsOf(page)).toEqual([]);
    await context.close();
  }, 240_000);

  test('a child added through the form: a bad date is named under its field, then the child is saved; a case shows its plan deadline', async () => {
    const { context, page } = await newPage(harness());
    page.on('dialog', (d) => void d.accept());
    await loginAs(page, harness().url, 'xa.vanphu');
    await page.waitForURL(/\/assessments\/\d+\/\d+$/);
    const unit = new URL(page.url()).pathname.split('/')[2];
    await page.goto(`${harness().url}/register/${unit}`);
    await page.getByRole('button', { name: 'Thêm trẻ em' }).click();
    const form = page.locator('form.register-form');
    await form.getByLabel(/^Mã trẻ em/).fill('VP-010');
    await form.getByLabel(/^Họ và tên/).fill('Hoàng Minh Khôi');
    await form.getByLabel(/^Ngày sinh/).fill('05/09/2099');
    await form.getByLabel(/^Giới tính/).selectOption('male');
    await form.getByLabel(/^Thôn\/tổ dân phố/).fill('Thôn Trại Cau');
    await form.getByLabel(/^Mã hộ/).fill('HO-9');
    await form.getByLabel(/^Chủ hộ/).fill('Hoàng Văn Tư');
    await form.getByRole('button', { name: 'Thêm vào sổ' }).click();
    // The API's issue under the birth date: the field's name and the value.
    const birthError = form.locator('.field', { has: page.getByLabel(/^Ngày sinh/) }).locator('.field-error');
    await birthError.waitFor();
    expect(await birthError.textContent()).toContain('Ngày sinh');
    expect(await birthError.textContent()).toContain('05/09/2099');
    expect(await form.getByLabel(/^Ngày sinh/).getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel(/^Ngày sinh/).fill('05/09/2019');
    await form.getByRole('button', { name: 'Thêm vào sổ' }).click();
    await page.getByText('Đã thêm trẻ em Hoàng Minh Khôi.').waitFor();
    await page.getByRole('link', { name: 'Mở hồ sơ' }).click();
    await page.getByRole('heading', { level: 1, name: /Hoàng Minh Khôi/ }).waitFor();
    expect(await page.locator('.facts').first().textContent()).toContain('05/09/2019');

    // A case opened for the child by its code. An abandonment is sensitive: it waits for the chairman to
    // assign it, and the officer who reported it is told so instead of being taken to it.
    await page.getByRole('link', { name: 'Mở vụ việc cho trẻ em này' }).click();
    await page.waitForURL(/\/cases\?child=VP-010$/);
    const caseForm = page.locator('form.register-form');
    expect(await caseForm.getByLabel(/^Mã trẻ em/).inputValue()).toBe('VP-010');
    await caseForm.getByLabel(/^Loại/).selectOption('abandonment');
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
    });
    await caseForm.getByLabel(/^Ngày xảy ra/).fill(today);
    await caseForm.getByRole('button', { name: 'Mở vụ việc' }).click();
    await page.getByText(/Đã ghi nhận vụ việc số \d+\. Đây là vụ việc nhạy cảm/).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/\/cases$/);
    await page.getByTestId('cases-table').or(page.getByText('Chưa có vụ việc nào.')).waitFor();
    expect(await page.locator('main').textContent()).not.toContain('Hoàng Minh Khôi');
    expect(errorsOf(page)).toEqual([]);
    await context.close();
  }, 180_000);

  test('on a phone (390 × 844) the register list renders without sideways scrolling', async () => {
    const { context, page } = await newPage(harness(), PHONE);
    await loginAs(page, harness().url, 'xa.vanphu');
    await page.waitForURL(/\/assessments\/\d+\/\d+$/);
    const unit = new URL(page.url()).pathname.split('/')[2];
    await page.goto(`${harness().url}/register/${unit}`);
    const table = page.getByTestId('children-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
    // The table turns into cards: every row is as narrow as the screen.
    const widest = await table
      .locator('tbody tr')
      .evaluateAll((rows) => Math.max(...rows.map((r) => r.getBoundingClientRect().right)));
    expect(widest).toBeLessThanOrEqual(PHONE.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const shot = path.join(resultsDir, 'register-phone.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);

    // The cases, the import page and a child's record too.
    await page.goto(`${harness().url}/register/${unit}/cases`);
    await page.getByTestId('cases-table').or(page.getByText('Chưa có vụ việc nào.')).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.goto(`${harness().url}/register/${unit}/import`);
    await page.getByRole('heading', { level: 1, name: 'Nhập sổ theo dõi từ tệp' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.goto(`${harness().url}/register/${unit}`);
    await table.locator('tbody tr a.row-link').first().click();
    await page.getByText('Lượt xem hồ sơ này đã được ghi nhật ký').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(errorsOf(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
