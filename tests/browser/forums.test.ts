// Children's forums and events on a phone: the officer records a forum with participants and two
// recommendations (refused first for a negative count and a missing agency, nothing stored), sees the
// overdue one flagged, answers it, adds a 1 June event, and finds C11/C12 on the assessment form.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { loginAs, newPage, openMenu, PHONE, resultsDir, useHarness } from './browser.ts';

const harness = useHarness();

async function noHorizontalOverflow(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

/** What the server holds for the commune, read with the page's own session. */
async function storedForums(page: Page, unitId: number) {
  return page.evaluate(
    async (u) =>
      (await (await fetch(`/api/communes/${u}/forums`)).json()) as {
        title: string;
        recommendations: { answeredOn: string | null }[];
      }[],
    unitId,
  );
}

describe('children’s forums and events', () => {
  test('record a forum (refused, then saved), answer a recommendation, add a 1 June event, see C11/C12 on the assessment form', async () => {
    const h = harness();
    const { context, page } = await newPage(h, PHONE);
    await loginAs(page, h.url, 'xa.daitu');
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

    // The nav leads to the commune's forums page.
    // The menu's links are built once the session is known: click the commune's link, not an earlier render's.
    const forumsLink = (await openMenu(page)).getByRole('link', { name: 'Diễn đàn trẻ em', exact: true });
    await expect.poll(() => forumsLink.getAttribute('href')).toMatch(new RegExp(`/forums/${unitId}$`));
    await forumsLink.click();
    await page.waitForURL(new RegExp(`/forums/${unitId}$`));
    await page.getByRole('heading', { level: 1, name: 'Diễn đàn, ý kiến và hoạt động của trẻ em' }).waitFor();
    await page.getByText('Chưa có diễn đàn hay lần lấy ý kiến nào trong khoảng thời gian này.').waitFor();

    await page.getByRole('button', { name: /Thêm diễn đàn, lấy ý kiến/ }).click();
    const form = page.getByTestId('forum-form');
    await form.getByLabel('Ngày tổ chức').fill('15/05/2026');
    await form.getByLabel('Tên hoạt động').fill('Diễn đàn trẻ em xã Đại Từ năm 2026');
    const counts: Record<string, string> = {
      'Số trẻ em trai dưới 11 tuổi': '10',
      'Số trẻ em gái dưới 11 tuổi': '12',
      'Số trẻ em trai từ 11 đến 15 tuổi': '8',
      'Số trẻ em gái từ 11 đến 15 tuổi': '-2',
      'Số trẻ em trai từ 16 đến 17 tuổi': '3',
      'Số trẻ em gái từ 16 đến 17 tuổi': '4',
    };
    for (const [label, value] of Object.entries(counts)) await form.getByLabel(label).fill(value);
    expect(await form.getByTestId('forum-total').textContent()).toBe('Tổng số trẻ em tham gia: 35');

    await form.getByRole('button', { name: /Thêm kiến nghị/ }).click();
    const rec1 = form.getByTestId('rec-edit-1');
    await rec1.getByLabel('Nội dung kiến nghị').fill('Làm sân chơi cho trẻ em ở thôn Quang Trung');
    await rec1.getByLabel('Cơ quan trả lời').fill('UBND xã Đại Từ');
    await rec1.getByLabel('Hạn trả lời').fill('30/06/2026');
    await form.getByRole('button', { name: /Thêm kiến nghị/ }).click();
    const rec2 = form.getByTestId('rec-edit-2');
    await rec2.getByLabel('Nội dung kiến nghị').fill('Lắp đèn đường trước trường tiểu học');
    // A deadline still ahead whenever the test runs, so only the first recommendation is overdue.
    await rec2.getByLabel('Hạn trả lời').fill(`31/12/${new Date().getFullYear() + 2}`);

    // Refused: each issue under its own field, the officer taken to the first one, nothing stored.
    await form.getByRole('button', { name: 'Ghi diễn đàn' }).click();
    const negative = form.locator('.field-error', { hasText: 'không được là số âm' });
    await negative.waitFor();
    expect(await negative.textContent()).toContain('-2');
    const girlsId = await form.getByLabel('Số trẻ em gái từ 11 đến 15 tuổi').getAttribute('id');
    expect(await negative.getAttribute('id')).toBe(`${girlsId}-error`);
    const agencyError = rec2.locator('.field-error');
    await agencyError.waitFor();
    expect(await agencyError.textContent()).toMatch(/Kiến nghị của trẻ em 2 – Cơ quan trả lời: cần nhập/);
    expect(await rec1.locator('.field-error').count()).toBe(0);
    await form
      .getByRole('alert')
      .getByText(/chưa có gì được lưu/)
      .waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(girlsId);
    expect(await storedForums(page, unitId)).toEqual([]);
    expect(await noHorizontalOverflow(page)).toBe(true);
    await page.screenshot({ path: path.join(resultsDir, 'forums-refused-phone.png'), fullPage: true });

    // Corrected: saved, listed newest first with its counts; the past deadline is flagged in words.
    await form.getByLabel('Số trẻ em gái từ 11 đến 15 tuổi').fill('6');
    await rec2.getByLabel('Cơ quan trả lời').fill('Trường Tiểu học Đại Từ');
    expect(await form.getByTestId('forum-total').textContent()).toBe('Tổng số trẻ em tham gia: 43');
    await form.getByRole('button', { name: 'Ghi diễn đàn' }).click();
    const card = page.getByTestId('forum-list').getByRole('article', { name: 'Diễn đàn trẻ em xã Đại Từ năm 2026' });
    await card.waitFor();
    expect(await page.getByTestId('forum-form').count()).toBe(0);
    expect((await card.getByTestId('forum-participants').textContent())?.trim()).toBe('43');
    expect((await card.getByTestId('forum-recs').textContent())?.trim()).toBe('2');
    expect((await card.getByTestId('forum-answered').textContent())?.trim()).toBe('0/2');
    expect(await card.locator('.forum-meta').textContent()).toContain('15/05/2026');
    expect(await card.getByTestId('forum-overdue').textContent()).toBe('⚠ 1 kiến nghị quá hạn, chưa trả lời');
    const overdueRec = card.getByTestId('rec-1');
    expect(await overdueRec.getByTestId('rec-overdue').textContent()).toMatch(/^⚠ Quá hạn \d+ ngày, chưa trả lời$/);
    expect(await card.getByTestId('rec-2').getByTestId('rec-overdue').count()).toBe(0);
    await page.getByTestId('overdue-count').waitFor();
    const stored = await storedForums(page, unitId);
    expect(stored.map((f) => f.recommendations.length)).toEqual([2]);
    expect(await noHorizontalOverflow(page)).toBe(true);

    // The overdue recommendation answered: a date before the forum is refused under its field, then saved.
    await overdueRec.getByRole('button', { name: 'Ghi trả lời' }).click();
    await overdueRec.getByLabel('Nội dung trả lời').fill('UBND xã đã bố trí kinh phí làm sân chơi trong quý III.');
    await overdueRec.getByLabel('Ngày trả lời').fill('01/05/2026');
    await overdueRec.getByRole('button', { name: 'Lưu trả lời' }).click();
    await overdueRec.locator('.field-error', { hasText: 'sớm hơn Ngày tổ chức' }).waitFor();
    expect((await storedForums(page, unitId))[0]!.recommendations.map((r) => r.answeredOn)).toEqual([null, null]);
    await overdueRec.getByLabel('Ngày trả lời').fill('10/07/2026');
    await overdueRec.getByRole('button', { name: 'Lưu trả lời' }).click();
    await overdueRec.getByText('Đã trả lời ngày 10/07/2026 (sau hạn)').waitFor();
    expect((await card.getByTestId('forum-answered').textContent())?.trim()).toBe('1/2');
    expect(await card.getByTestId('forum-overdue').count()).toBe(0);
    expect(await page.getByTestId('overdue-count').count()).toBe(0);
    expect((await storedForums(page, unitId))[0]!.recommendations.map((r) => r.answeredOn)).toEqual([
      '2026-07-10',
      null,
    ]);

    // A 1 June event.
    await page.getByRole('button', { name: /Thêm hoạt động/ }).click();
    const eventForm = page.getByTestId('event-form');
    await eventForm.getByLabel('Loại').selectOption({ label: 'Ngày Quốc tế Thiếu nhi 1/6' });
    await eventForm.getByLabel('Ngày tổ chức').fill('01/06/2026');
    await eventForm.getByLabel('Tên hoạt động').fill('Vui Tết Thiếu nhi 1/6 tại nhà văn hóa xã');
    await eventForm.getByLabel('Số trẻ em tham gia').fill('120');
    await eventForm.getByRole('button', { name: 'Ghi hoạt động' }).click();
    const events = page.getByTestId('events-table');
    await events.getByText('Vui Tết Thiếu nhi 1/6 tại nhà văn hóa xã').waitFor();
    const row = events.locator('tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.first().textContent()).toContain('Ngày Quốc tế Thiếu nhi 1/6');
    expect(await row.first().textContent()).toContain('01/06/2026');
    expect(await row.first().textContent()).toContain('120');
    expect(await noHorizontalOverflow(page)).toBe(true);
    await page.screenshot({ path: path.join(resultsDir, 'forums-phone.png'), fullPage: true });

    // The assessment form of the period shows what the forum and the event give for C11 and C12.
    await page.getByTestId('to-assessment').click();
    await page.waitForURL(new RegExp(`/assessments/${unitId}/${periodId}$`));
    await page.getByTestId('live-total').waitFor();
    const hint = (code: string) => page.getByTestId(`derived-${code}`).locator('.derived-value');
    await hint('C11.forum').waitFor();
    expect((await hint('C11.forum').textContent())?.trim()).toBe('Có');
    expect((await hint('C11.consulted').textContent())?.trim()).toBe('43');
    // One of the two recommendations is still unanswered.
    expect((await hint('C11.answered').textContent())?.trim()).toBe('Không');
    expect((await hint('C12.events').textContent())?.trim()).toBe('1');
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  }, 180_000);
});
