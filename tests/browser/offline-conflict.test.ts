// Conflicts without loss (issue 21), in Chromium against a real server: two people of Xã Đại Từ change the same
// value. The officer (xa.daitu, in the browser) changes it with the network cut (Playwright's offline mode); the
// chairman (chutich.daitu, through the API from another device) changes it meanwhile. On reconnect the outbox
// sends the officer's save with the value it was edited from, the server refuses it as a conflict, and the form
// shows both values at the field (the chairman's with who and when); the officer keeps the chairman's value and
// the field's history lists both, the officer's as not kept. The same, online: a stale form keeps its own value.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { liveTotal, loginAs, newPage, serverAs, useHarness } from './browser.ts';
import { formField as field, openPeriod, saveStatus } from './offline.ts';

const harness = useHarness();

interface HistoryItem {
  value: number | null;
  enteredByName: string;
  notKept?: true;
}

const row = (page: Page, code: string) => page.locator(`[id="row-${code}"]`);

describe('a value changed by two people', () => {
  test('one offline: on reconnect the conflict comes back to the field, is resolved, and the history keeps both', async () => {
    const h = harness();
    const periodId = await openPeriod(h.url, 2034);
    const chairman = await serverAs(h.url, 'chutich.daitu');
    const unit = chairman.unit;
    const values = `/api/units/${unit}/assessments/${periodId}/values`;
    // What both saw: 4 villages.
    expect((await chairman.call(values, { method: 'PUT', body: { values: { 'pop.villages': 4 } } })).status).toBe(200);

    const { context, page } = await newPage(h);
    await loginAs(page, h.url, 'xa.daitu');
    await page.goto(`${h.url}/assessments/${unit}/${periodId}`);
    await page.getByTestId('live-total').waitFor();
    expect(await field(page, 'pop.villages').inputValue()).toBe('4');

    await context.setOffline(true);
    await field(page, 'pop.villages').fill('7');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expect.poll(() => saveStatus(page).textContent()).toMatch(/đã giữ trên máy/);

    // Meanwhile the chairman changes the same value.
    expect(
      (
        await chairman.call(values, {
          method: 'PUT',
          body: { values: { 'pop.villages': 9 }, bases: { 'pop.villages': 4 } },
        })
      ).status,
    ).toBe(200);

    const synced = page.waitForResponse((r) => r.url().endsWith('/values') && r.request().method() === 'PUT');
    await context.setOffline(false);
    expect((await synced).status()).toBe(409);

    const conflict = row(page, 'pop.villages').locator('.conflict-box');
    await conflict.waitFor();
    await expect.poll(() => conflict.locator('.conflict-theirs').textContent()).toContain(chairman.name);
    expect(await conflict.locator('.conflict-theirs').textContent()).toContain('9');
    expect(await conflict.locator('.conflict-mine').textContent()).toContain('7');
    // Until the choice, the field and the live score hold what the officer typed; the server holds the chairman's.
    expect(await field(page, 'pop.villages').inputValue()).toBe('7');
    const stored = async () =>
      (
        await chairman.call<{ values: Record<string, { value: unknown }> }>(
          `/api/units/${unit}/assessments/${periodId}`,
        )
      ).body.values['pop.villages']?.value;
    expect(await stored()).toBe(9);

    const kept = page.waitForResponse((r) => r.url().endsWith('/values') && r.request().method() === 'PUT');
    await conflict.getByRole('button', { name: `Giữ giá trị của ${chairman.name}` }).click();
    expect((await kept).status()).toBe(200);
    await conflict.waitFor({ state: 'detached' });
    await expect.poll(() => field(page, 'pop.villages').inputValue()).toBe('9');
    expect(await stored()).toBe(9);

    const history = await chairman.call<{ items: HistoryItem[] }>(
      `/api/units/${unit}/assessments/${periodId}/history?code=pop.villages`,
    );
    expect(history.body.items.map((i) => [i.value, i.notKept ?? false])).toEqual([
      [7, true],
      [9, false],
      [4, false],
    ]);
    // The form's own history list shows both, the officer's marked as not kept.
    await row(page, 'pop.villages').getByRole('button', { name: 'Lịch sử' }).click();
    const list = row(page, 'pop.villages').locator('ol.history li');
    await expect.poll(() => list.count()).toBe(3);
    expect(await list.nth(0).textContent()).toMatch(/7.*không giữ/);
    expect(await list.nth(1).textContent()).toContain(chairman.name);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  });

  test('both online, the form stale: the officer keeps their own value over the chairman’s and the live total follows', async () => {
    const h = harness();
    const periodId = await openPeriod(h.url, 2035);
    const chairman = await serverAs(h.url, 'chutich.daitu');
    const unit = chairman.unit;
    const values = `/api/units/${unit}/assessments/${periodId}/values`;

    const { context, page } = await newPage(h);
    await loginAs(page, h.url, 'xa.daitu');
    await page.goto(`${h.url}/assessments/${unit}/${periodId}`);
    await page.getByTestId('live-total').waitFor();
    // The chairman saves while the officer's form still shows the field empty.
    expect((await chairman.call(values, { method: 'PUT', body: { values: { 'C02.births': 50 } } })).status).toBe(200);

    await field(page, 'C02.births').fill('60');
    const refused = page.waitForResponse((r) => r.url().endsWith('/values') && r.request().method() === 'PUT');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    expect((await refused).status()).toBe(409);
    const conflict = row(page, 'C02.births').locator('.conflict-box');
    await conflict.waitFor();
    expect(await conflict.locator('.conflict-theirs').textContent()).toContain('50');
    await expect.poll(() => saveStatus(page).textContent()).toMatch(/bị người khác sửa/);
    const totalWithMine = await liveTotal(page);

    const saved = page.waitForResponse((r) => r.url().endsWith('/values') && r.request().method() === 'PUT');
    await conflict.getByRole('button', { name: 'Giữ giá trị của tôi' }).click();
    expect((await saved).status()).toBe(200);
    await conflict.waitFor({ state: 'detached' });
    await expect.poll(() => saveStatus(page).textContent()).toMatch(/Đã lưu/);
    expect(await field(page, 'C02.births').inputValue()).toBe('60');
    expect(await liveTotal(page)).toBe(totalWithMine);

    const history = await chairman.call<{ items: HistoryItem[] }>(
      `/api/units/${unit}/assessments/${periodId}/history?code=C02.births`,
    );
    expect(history.body.items.map((i) => [i.value, i.enteredByName])).toEqual([
      [60, expect.any(String)],
      [50, chairman.name],
    ]);
    expect(history.body.items[0]!.enteredByName).not.toBe(chairman.name);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  });
});
