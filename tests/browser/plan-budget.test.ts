// A commune plan's budget lines and recurring task in the browser (xa.vanphu): the officer adds two lines in
// đồng typed with Vietnamese grouping, sees the total as vi-VN digits, makes a task monthly with its count,
// saves, and after a reload every field is as typed (a save from the page resets nothing it does not show).
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import path from 'node:path';
import { DESKTOP, loginAs, newPage, resultsDir, useHarness } from './browser.ts';

const harness = useHarness();

const unitOf = (page: Page) =>
  page.evaluate(async () => {
    const me = (await (await fetch('/api/auth/me')).json()) as {
      user?: { roles: { role: string; unitId: number | null }[] };
      roles?: { role: string; unitId: number | null }[];
    };
    return (me.user?.roles ?? me.roles ?? []).find((r) => r.role === 'commune_officer')!.unitId!;
  });

describe('plan budget and recurring tasks in the browser', () => {
  test('budget lines with totals in vi-VN numbers, a monthly task, kept across a save and a reload', async () => {
    const h = harness();
    const { context, page } = await newPage(h, DESKTOP);
    await loginAs(page, h.url, 'xa.vanphu');
    const unitId = await unitOf(page);
    // A draft made through the API with a report cutoff the page must carry back on its save.
    const planId = await page.evaluate(async (u) => {
      const res = await fetch(`/api/units/${u}/plans`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          year: 2026,
          title: 'Kế hoạch thử kinh phí',
          place: 'Vạn Phú',
          sixMonthCutoff: '04-30',
          tasks: [{ text: 'Đưa 01 tin bài trên loa truyền thanh mỗi tháng' }],
        }),
      });
      return ((await res.json()) as { id: number }).id;
    }, unitId);
    await page.goto(`${h.url}/plans/${unitId}/${planId}`);
    await page.getByTestId('plan-form').waitFor();

    const budget = page.getByTestId('budget-lines');
    await budget.getByRole('button', { name: '+ Thêm dòng kinh phí' }).click();
    await budget.getByLabel('Nội dung chi dòng 1').fill('Truyền thông');
    await budget.getByLabel('Dự toán dòng 1 (đồng)').fill('1.200.000');
    await budget.getByRole('button', { name: '+ Thêm dòng kinh phí' }).click();
    await budget.getByLabel('Nội dung chi dòng 2').fill('Hỗ trợ trẻ em');
    await budget.getByLabel('Nguồn dòng 2').selectOption({ label: 'Quỹ Bảo trợ trẻ em' });
    await budget.getByLabel('Dự toán dòng 2 (đồng)').fill('800000');
    await expect.poll(() => page.getByTestId('budget-total').textContent()).toContain('2.000.000');

    const task = page.getByTestId('task-1');
    await task.getByLabel('Lặp lại').selectOption({ label: 'Hằng tháng' });
    await task.getByLabel('Số lần mỗi kỳ').fill('2');
    await page.getByRole('button', { name: 'Lưu kế hoạch' }).click();
    await page
      .getByText(/Đã lưu/u)
      .first()
      .waitFor();

    const stored = await page.evaluate(
      async ([u, p]) => (await (await fetch(`/api/units/${u}/plans/${p}`)).json()) as Record<string, unknown>,
      [unitId, planId] as const,
    );
    expect(stored.sixMonthCutoff).toBe('04-30');
    expect(stored.budgetTotals).toEqual({ estimate: 2_000_000, spent: 0 });
    expect((stored.budgetLines as Array<{ source: string }>).map((b) => b.source)).toEqual(['commune', 'fund']);
    expect(
      (stored.tasks as Array<{ recurrence: string; perOccurrence: number; occurrences: unknown[] }>)[0],
    ).toMatchObject({ recurrence: 'monthly', perOccurrence: 2 });

    await page.reload();
    await page.getByTestId('plan-form').waitFor();
    expect(await page.getByLabel('Dự toán dòng 1 (đồng)').inputValue()).toBe('1.200.000');
    expect(await page.getByTestId('task-1').getByLabel('Lặp lại').inputValue()).toBe('monthly');
    // The recurring task shows its months.
    expect(await page.getByTestId('task-1').locator('.occurrence').count()).toBe(12);
    await page.getByTestId('section-budget').screenshot({ path: path.join(resultsDir, 'plan-budget.png') });
    await page.getByTestId('task-1').screenshot({ path: path.join(resultsDir, 'plan-recurring-task.png') });
    await context.close();
  });
});
