// Surveys in the browser beyond the public page: the sample-size guidance on "open a survey", an
// officer typing one residents' (5-level) paper form, which waits until the survey is closed, and the
// results, export included, following; and the ministry editing the residents' (national)
// questionnaire (per-field messages, then a new version).
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { choose, DESKTOP, loginAs, newPage, openMenu, PHONE, resultsDir, useHarness } from './browser.ts';

const harness = useHarness();

const noHorizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

describe('surveys: paper forms, guidance, export and the questionnaire editor', () => {
  test('the officer sees the recommended sample, opens a residents’ survey, types one paper form, closes the survey and the results follow', async () => {
    const h = harness();
    const { context, page } = await newPage(h, PHONE);
    await loginAs(page, h.url, 'xa.vanphu');
    await (await openMenu(page)).getByRole('link', { name: 'Khảo sát', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Khảo sát sự hài lòng' }).waitFor();

    // Guidance: children from the register (or the form's value), residents from a typed number.
    const children = page.getByTestId('guidance-children');
    await children.getByText(/Cỡ mẫu khuyến nghị: [\d.]+ \(sai số ±10%, độ tin cậy 95%\)/).waitFor();
    const residents = page.getByTestId('survey-residents');
    const guidance = residents.getByTestId('guidance-residents');
    await guidance.getByText('Cỡ mẫu khuyến nghị: 97 (sai số ±10%, độ tin cậy 95%)').waitFor();
    await guidance.getByLabel('Số người dân từ 16 tuổi của xã (nếu biết)').fill('1000');
    await guidance.getByText('Cỡ mẫu khuyến nghị: 88 (sai số ±10%, độ tin cậy 95%)').waitFor();
    expect(await guidance.textContent()).toContain('Vì sao');
    await guidance.getByRole('button', { name: 'Dùng cỡ mẫu này' }).click();
    const size = residents.getByLabel('Cỡ mẫu (số mã cần tạo)');
    expect(await size.inputValue()).toBe('88');
    expect(await noHorizontalOverflow(page)).toBe(true);

    await size.fill('6');
    await residents.getByRole('button', { name: 'Mở khảo sát' }).click();
    await residents.getByRole('link', { name: 'Tải phiếu mã (PDF)' }).waitFor();

    // One paper form on the 5-level scale: all "Hài lòng", so the respondent counts as satisfied.
    await residents.getByRole('button', { name: 'Nhập phiếu giấy' }).click();
    const questions = residents.locator('fieldset[data-question]');
    await questions.first().waitFor();
    expect(await questions.count()).toBe(5);
    expect(await questions.first().getByRole('radio').count()).toBe(5);
    for (let i = 0; i < 5; i++) await choose(questions.nth(i), 'Hài lòng');
    await choose(questions.last(), 'Rất hài lòng');
    expect(await questions.last().getByRole('radio', { name: 'Hài lòng', exact: true }).isChecked()).toBe(false);
    const saved = page.waitForResponse((r) => r.url().includes('/paper') && r.request().method() === 'POST');
    await residents.getByRole('button', { name: 'Lưu phiếu' }).click();
    expect((await saved).status()).toBe(201);
    await residents.getByText('Đã lưu 1 phiếu giấy.').waitFor();
    // The form is empty again for the next paper.
    expect(await questions.first().getByRole('radio', { name: 'Hài lòng', exact: true }).isChecked()).toBe(false);

    // One answer alone would show whose it is: it waits, counted, until four more arrive or the survey closes.
    await expect
      .poll(async () => (await residents.getByTestId('waiting-residents').textContent())?.replace(/\s+/g, ' '))
      .toBe('Đang chờ đưa vào kết quả: 1');
    expect((await page.getByTestId('c13-inputs').textContent())?.replace(/\s+/g, ' ')).toContain(
      'Số người được khảo sát: 0',
    );
    await residents.getByRole('button', { name: 'Kết thúc khảo sát' }).click();
    const confirm = residents.getByTestId('close-confirm-residents');
    expect((await confirm.textContent())?.replace(/\s+/g, ' ')).toContain(
      '1 câu trả lời đang chờ sẽ được đưa vào kết quả ngay.',
    );
    // Cancelling changes nothing; confirming closes.
    await confirm.getByRole('button', { name: 'Hủy' }).click();
    expect(await confirm.count()).toBe(0);
    expect(await residents.getByRole('button', { name: 'Nhập phiếu giấy' }).count()).toBe(1);
    await residents.getByRole('button', { name: 'Kết thúc khảo sát' }).click();
    await confirm.getByRole('button', { name: 'Kết thúc khảo sát' }).click();
    await residents.getByText('Đã kết thúc khảo sát; 1 câu trả lời đã được đưa vào kết quả.').waitFor();

    // The results follow without a reload: one respondent, satisfied, and the small cells hidden.
    const table = page.getByTestId('results-residents');
    await table.waitFor();
    // The table of the open survey (all zeros) is on the page already: wait for the reload after closing.
    await expect.poll(async () => await table.textContent()).toContain('ẩn');
    expect(await table.locator('th[scope="col"]').allTextContents()).toEqual([
      'Câu hỏi',
      'Rất không hài lòng',
      'Không hài lòng',
      'Bình thường',
      'Hài lòng',
      'Rất hài lòng',
      'Số trả lời',
    ]);
    await expect
      .poll(async () => (await page.getByTestId('c13-inputs').textContent())?.replace(/\s+/g, ' '))
      .toContain('Số người được khảo sát: 1');
    expect((await page.getByTestId('c13-inputs').textContent())?.replace(/\s+/g, ' ')).toContain(
      'Số người hài lòng: 1',
    );
    expect(await residents.textContent()).toMatch(/Đã đưa vào kết quả:\s*1(?!\d)/);
    expect((await residents.getByTestId('waiting-residents').textContent())?.replace(/\s+/g, ' ')).toBe(
      'Đang chờ đưa vào kết quả: 0',
    );

    // The workbook behind the export link.
    const href = (await page.getByTestId('results-xlsx').getAttribute('href'))!;
    const xlsx = await page.evaluate(async (href) => {
      const res = await fetch(href);
      const bytes = new Uint8Array(await res.arrayBuffer());
      return {
        status: res.status,
        type: res.headers.get('content-type') ?? '',
        zip: String.fromCharCode(bytes[0]!, bytes[1]!),
      };
    }, href);
    expect(xlsx).toEqual({
      status: 200,
      type: expect.stringContaining('spreadsheetml') as unknown as string,
      zip: 'PK',
    });
    expect(await noHorizontalOverflow(page)).toBe(true);
    await page.screenshot({ path: path.join(resultsDir, 'survey-paper-residents-phone.png'), fullPage: true });
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  }, 180_000);

  test('the ministry edits the residents’ questionnaire: codes fixed, messages per field, a new version once answered', async () => {
    const h = harness();
    const { context, page } = await newPage(h, DESKTOP);
    await loginAs(page, h.url, 'bo.yte');
    await page.getByRole('link', { name: 'Phiếu khảo sát', exact: true }).click();
    await page.waitForURL(/\/questionnaires$/);
    await page.getByTestId('questionnaire-tre-em').waitFor();
    const card = page.getByTestId('questionnaire-nguoi-dan');
    // The paper form of the first test answered version 1.
    await card.getByText('phiên bản 1: 1 phiếu trả lời').waitFor();
    await card.getByRole('link').click();
    await page.waitForURL(/\/questionnaires\/nguoi-dan$/);

    await page
      .getByTestId('version-notice')
      .getByText(/Phiên bản 1 đã có 1 phiếu trả lời\. Khi lưu, thay đổi sẽ thành phiên bản mới 2/)
      .waitFor();
    // Existing questions show their code and cannot change it.
    expect(await page.getByTestId('code-0').textContent()).toBe('SAFETY');
    expect(await page.getByTestId('editor-question-0').getByLabel('Mã câu hỏi').count()).toBe(0);

    // Two mistakes at once: an empty title and a new question whose code starts with a digit.
    await page.getByLabel('Tên phiếu (tiếng Việt)').fill('');
    await page.getByRole('button', { name: 'Thêm câu hỏi' }).click();
    const added = page.getByTestId('editor-question-5');
    await added.getByLabel('Mã câu hỏi').fill('1school');
    expect(await added.getByLabel('Mã câu hỏi').inputValue()).toBe('1SCHOOL');
    await added.getByLabel('Lời câu hỏi (tiếng Việt)').fill('Trẻ em được đến trường an toàn');
    await page.getByRole('button', { name: 'Lưu phiếu' }).click();
    await page.getByTestId('err-title.vi').waitFor();
    await page.getByTestId('err-q5.code').waitFor();
    expect(await page.getByLabel('Tên phiếu (tiếng Việt)').getAttribute('aria-invalid')).toBe('true');
    await page.getByText(/Phiếu khảo sát có 2 chỗ chưa hợp lệ/).waitFor();

    // Fixed, and the rule changed: OVERALL and the new question, both needed.
    await page.getByLabel('Tên phiếu (tiếng Việt)').fill('Phiếu khảo sát sự hài lòng của người dân (2027)');
    await added.getByLabel('Mã câu hỏi').fill('SCHOOL');
    await added.getByLabel('Tính vào mức hài lòng').check();
    await added.getByRole('checkbox', { name: 'Hài lòng', exact: true }).check();
    await added.getByRole('checkbox', { name: 'Rất hài lòng', exact: true }).check();
    await page.getByLabel('Số câu phải trả lời hài lòng (trên 2 câu được tính)').selectOption('2');
    const put = page.waitForResponse(
      (r) => r.url().endsWith('/api/questionnaires/nguoi-dan') && r.request().method() === 'PUT',
    );
    await page.getByRole('button', { name: 'Lưu phiếu' }).click();
    expect((await put).status()).toBe(200);
    await page
      .getByTestId('saved')
      .getByText('Đã lưu thành phiên bản mới 2. Các phiếu đã trả lời giữ phiên bản cũ.')
      .waitFor();
    await expect.poll(() => page.getByTestId('versions').locator('tbody tr').count()).toBe(2);
    await page
      .getByTestId('version-notice')
      .getByText(/Phiên bản 2 chưa có phiếu trả lời nào/)
      .waitFor();
    expect(await page.getByTestId('code-5').textContent()).toBe('SCHOOL');

    const stored = await page.evaluate(
      async () =>
        (await (await fetch('/api/questionnaires/nguoi-dan')).json()) as {
          definition: { version: number; title: { vi: string }; satisfaction: unknown };
        }[],
    );
    expect(stored.map((v) => v.definition.version)).toEqual([2, 1]);
    expect(stored[0]!.definition.title.vi).toBe('Phiếu khảo sát sự hài lòng của người dân (2027)');
    expect(stored[0]!.definition.satisfaction).toEqual({
      questions: ['OVERALL', 'SCHOOL'],
      satisfied: { OVERALL: [4, 5], SCHOOL: [4, 5] },
      atLeast: 1,
    });
    expect(stored[1]!.definition.title.vi).toBe('Phiếu khảo sát sự hài lòng của người dân về thực hiện quyền trẻ em');
    await page.screenshot({ path: path.join(resultsDir, 'questionnaire-editor.png'), fullPage: true });
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  }, 180_000);
});
