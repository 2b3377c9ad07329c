// Satisfaction surveys end to end on a phone: the officer opens a children's survey and reads a code,
// a child answers with the faces on the public page (no account), the used code is refused, the answer
// waits (counted, not shown) until the officer closes the survey after a confirmation, a closed
// survey's code is refused, and the assessment form offers the respondent count for C13, which the
// officer adopts.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { choose, loginAs, newPage, openMenu, PHONE, resultsDir, useHarness } from './browser.ts';

const harness = useHarness();

async function noHorizontalOverflow(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

describe('satisfaction surveys', () => {
  test('open a survey, answer with a code on the public page, refuse the used code, adopt the C13 count', async () => {
    const h = harness();
    const officer = await newPage(h, PHONE);
    const page = officer.page;
    await loginAs(page, h.url, 'xa.vanphu');
    const { unitId, periodId } = await page.evaluate(async () => {
      const me = (await (await fetch('/api/auth/me')).json()) as {
        user?: { roles: { role: string; unitId: number | null }[] };
        roles?: { role: string; unitId: number | null }[];
      };
      const roles = me.user?.roles ?? me.roles ?? [];
      const periods = (await (await fetch('/api/periods')).json()) as { id: number; year: number }[];
      return {
        unitId: roles.find((r) => r.role === 'commune_officer')!.unitId!,
        periodId: periods.find((p) => p.year === 2026)!.id,
      };
    });

    // The nav leads to the commune's survey page.
    await (await openMenu(page)).getByRole('link', { name: 'Khảo sát', exact: true }).click();
    await page.waitForURL(new RegExp(`/surveys/${unitId}$`));
    await page.getByRole('heading', { level: 1, name: 'Khảo sát sự hài lòng' }).waitFor();
    await page.getByText('Kỳ đánh giá năm 2026').waitFor();

    const children = page.getByTestId('survey-children');
    await children.getByLabel('Cỡ mẫu (số mã cần tạo)').fill('5');
    await children.getByRole('button', { name: 'Mở khảo sát' }).click();
    const pdf = children.getByRole('link', { name: 'Tải phiếu mã (PDF)' });
    await pdf.waitFor();
    expect(await noHorizontalOverflow(page)).toBe(true);
    const href = (await pdf.getAttribute('href'))!;
    const answer = await page.evaluate(async (href) => {
      const res = await fetch(href);
      return { status: res.status, type: res.headers.get('content-type') ?? '' };
    }, href);
    expect(answer.status).toBe(200);
    expect(answer.type).toContain('application/pdf');

    await children.getByRole('button', { name: 'Xem danh sách mã' }).click();
    const codes = children.getByTestId('codes-children').locator('li[data-code]');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(5);
    // The list says nothing of use: no mark, no attribute, no struck-through code.
    expect(await children.getByTestId('codes-children').locator('[data-used], .used, .unused').count()).toBe(0);
    const code = (await codes.first().getAttribute('data-code'))!;
    const spare = (await codes.nth(1).getAttribute('data-code'))!;
    expect(code).toMatch(/^[A-Z0-9-]+$/);

    // A child, no account, on their own phone.
    const child = await newPage(h, PHONE);
    const pub = child.page;
    await pub.goto(`${h.url}/khao-sat?ma=${encodeURIComponent(code)}`);
    await pub.getByRole('heading', { level: 1, name: 'Phiếu hỏi ý kiến trẻ em' }).waitFor();
    // The page comes drawn by the server: the form answers once the app has taken over.
    await pub.locator('#prerender').waitFor({ state: 'detached' });
    expect(await pub.getByLabel(/tên|điện thoại/i).count()).toBe(0);
    expect(await noHorizontalOverflow(pub)).toBe(true);

    // Sending with answers missing is stopped with a clear message.
    await pub.getByRole('button', { name: 'Gửi câu trả lời' }).click();
    await pub.getByText(/Còn 5 câu chưa trả lời/).waitFor();

    await choose(pub.getByRole('group', { name: 'Em bao nhiêu tuổi?' }), '11–15 tuổi');
    const questions = pub.locator('fieldset[data-question]');
    const n = await questions.count();
    expect(n).toBe(5);
    for (let i = 0; i < n; i++) await choose(questions.nth(i), 'Vui');
    // Keyboard: the arrows move within a question's faces.
    await questions.first().getByRole('radio', { name: 'Vui', exact: true }).focus();
    await pub.keyboard.press('ArrowLeft');
    expect(await questions.first().getByRole('radio', { name: 'Bình thường', exact: true }).isChecked()).toBe(true);
    expect(await noHorizontalOverflow(pub)).toBe(true);
    await pub.screenshot({ path: path.join(resultsDir, 'survey-public-phone.png'), fullPage: true });

    const posted = pub.waitForResponse((r) => r.url().includes('/responses') && r.request().method() === 'POST');
    await pub.getByRole('button', { name: 'Gửi câu trả lời' }).click();
    expect((await posted).status()).toBe(201);
    await pub.getByTestId('survey-thanks').getByText('Cảm ơn bạn!').waitFor();

    // The same link again: the code is spent.
    await pub.goto(`${h.url}/khao-sat?ma=${encodeURIComponent(code)}`);
    await pub
      .getByTestId('survey-problem')
      .getByText(/Mã này đã được dùng/)
      .waitFor();
    expect(await noHorizontalOverflow(pub)).toBe(true);
    // A mistyped code gets its own message.
    await pub.goto(`${h.url}/khao-sat?ma=ZZZZ-ZZZZ-Z`);
    await pub.getByTestId('survey-problem').waitFor();
    // ZZZZ-ZZZZ has check character 0: Z is a wrong check character, said as such.
    expect(await pub.getByTestId('survey-problem').textContent()).toContain(
      'Mã ZZZZ-ZZZZ-Z có ký tự kiểm tra không khớp',
    );
    expect((pub as Page & { errors: string[] }).errors).toEqual([]);

    // Back as the officer: one code used and one answer waiting, but no result yet — one answer would show whose it is.
    await page.reload();
    await expect
      .poll(async () => (await children.getByTestId('waiting-children').textContent())?.replace(/\s+/g, ' '))
      .toBe('Đang chờ đưa vào kết quả: 1');
    expect((await children.textContent())?.replace(/\s+/g, ' ')).toMatch(
      /Mã đã dùng: 1(?!\d).*Đã đưa vào kết quả: 0(?!\d)/,
    );
    expect((await page.getByTestId('c13-inputs').textContent())?.replace(/\s+/g, ' ')).toContain(
      'Số người được khảo sát: 0',
    );

    // Closing, confirmed after a summary of what it does, releases the answer.
    await children.getByRole('button', { name: 'Kết thúc khảo sát' }).click();
    const confirm = children.getByTestId('close-confirm-children');
    await confirm.waitFor();
    expect(await confirm.getAttribute('role')).toBe('alertdialog');
    const summary = (await confirm.textContent())!.replace(/\s+/g, ' ');
    expect(summary).toContain('Kết thúc khảo sát (Trẻ em)?');
    expect(summary).toContain('1 câu trả lời đang chờ sẽ được đưa vào kết quả ngay.');
    expect(summary).toContain('4 mã chưa dùng sẽ không dùng được nữa');
    expect(summary).toContain('Không thể mở lại khảo sát sau khi kết thúc.');
    const closed = page.waitForResponse((r) => r.url().endsWith('/close') && r.request().method() === 'POST');
    await confirm.getByRole('button', { name: 'Kết thúc khảo sát' }).click();
    expect((await closed).status()).toBe(200);
    await children.getByText('Đã kết thúc khảo sát; 1 câu trả lời đã được đưa vào kết quả.').waitFor();
    await children.getByTestId('closed-children').waitFor();
    expect(await children.getByRole('button', { name: 'Nhập phiếu giấy' }).count()).toBe(0);
    await expect
      .poll(async () => (await page.getByTestId('c13-inputs').textContent())?.replace(/\s+/g, ' '))
      .toContain('Số người được khảo sát: 1');
    await page.getByTestId('results-children').waitFor();
    await expect.poll(async () => await page.getByTestId('results-children').textContent()).toContain('ẩn');
    expect(await noHorizontalOverflow(page)).toBe(true);
    await page.screenshot({ path: path.join(resultsDir, 'survey-commune-phone.png'), fullPage: true });

    // A code not used before the survey closed is refused with its own message.
    await pub.goto(`${h.url}/khao-sat?ma=${encodeURIComponent(spare)}`);
    await pub
      .getByTestId('survey-problem')
      .getByText(/Khảo sát này đã kết thúc/)
      .waitFor();
    expect((pub as Page & { errors: string[] }).errors).toEqual([]);
    await child.context.close();

    await page.goto(`${h.url}/assessments/${unitId}/${periodId}`);
    await page.getByTestId('live-total').waitFor();
    const hint = page.getByTestId('derived-C13.respondents');
    await hint.waitFor();
    expect((await hint.locator('.derived-value').textContent())?.trim()).toBe('1');
    await hint.getByRole('button', { name: 'Dùng số liệu này' }).click();
    await expect
      .poll(
        () =>
          page.evaluate(
            async ({ unitId, periodId }) => {
              const body = (await (await fetch(`/api/units/${unitId}/assessments/${periodId}`)).json()) as {
                values: Record<string, { value: unknown }>;
              };
              return body.values['C13.respondents']?.value ?? null;
            },
            { unitId, periodId },
          ),
        { timeout: 15_000 },
      )
      .toBe(1);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await officer.context.close();
  }, 180_000);
});
