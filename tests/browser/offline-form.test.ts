// The assessment form reopened without a connection (issue 21), in Chromium with the network cut (Playwright's
// offline mode): the demo's commune officer of Xã Vạn Phú (xa.vanphu) opens their form and the list online; later,
// offline, the app opens at its start, goes to that form (the service worker's shell, the encrypted device cache's
// answer) with its values, live score and explanations; the list opens too, while a form never opened says so in
// Vietnamese. A value typed offline waits in the outbox and reaches the server once when the line returns.
import { describe, expect, test } from 'vitest';
import { numberInputText } from '../../src/core/numbers.ts';
import { liveTotal, loginAs, newPage, PHONE, serverAs, useHarness } from './browser.ts';
import { formField, offlineStatus, openPeriod, saveStatus, shellInstalled, SW } from './offline.ts';

const harness = useHarness();
const OFFICER = 'xa.vanphu';
/** A count of the form (births in the year), changed offline. */
const CODE = 'C02.births';

interface FormBody {
  unit: { id: number; name: string };
  period: { id: number; year: number };
  values: Record<string, { value: number | boolean | null } | undefined>;
}
interface HistoryItem {
  value: number | null;
  enteredByName: string;
}

describe('the assessment form offline', () => {
  test('opened online, it reopens offline with its score, keeps a value typed offline and sends it once', async () => {
    const h = harness();
    const officer = await serverAs(h.url, OFFICER);
    const unit = officer.unit;

    const { context, page } = await newPage(h, PHONE, SW);
    // Signing in takes the officer to their commune's form of the latest period.
    await loginAs(page, h.url, OFFICER);
    await page.waitForURL(/\/assessments\/\d+\/\d+$/);
    const formPath = new URL(page.url()).pathname;
    const periodId = Number(formPath.split('/').pop());
    await page.getByTestId('live-total').waitFor();
    await shellInstalled(page);
    const formApi = `/api/units/${unit}/assessments/${periodId}`;
    const body = (await officer.call<FormBody>(formApi)).body;
    const before = body.values[CODE]?.value ?? null;
    const typed = (typeof before === 'number' ? before : 0) + 17;
    // The list of communes, opened online once; then the form again (both now kept on the device).
    await page.goto(`${h.url}/assessments`);
    await page.getByRole('link', { name: body.unit.name }).waitFor();
    await page.goto(`${h.url}${formPath}`);
    await page.getByTestId('live-total').waitFor();
    const totalOnline = await liveTotal(page);
    const explained = await page.locator('ul.items > li').count();
    expect(explained).toBeGreaterThan(0);
    // A form of another period, never opened on this device.
    const periods = (await officer.call<Array<{ id: number }>>('/api/periods')).body;
    const other = periods.find((p) => p.id !== periodId)?.id ?? (await openPeriod(h.url, 2019));

    await context.setOffline(true);
    await offlineStatus(page).getByText('Mất mạng').waitFor();

    // The app opened at its start with no connection: the shell from the service worker, then the officer's form.
    const opened = await page.goto(`${h.url}/`);
    expect(opened?.fromServiceWorker()).toBe(true);
    await page.waitForURL((u) => u.pathname === formPath);
    await page.getByTestId('live-total').waitFor();
    expect(await liveTotal(page)).toBe(totalOnline);
    expect(await formField(page, CODE).inputValue()).toBe(
      typeof before === 'number' ? numberInputText(before, 'vi') : '',
    );
    // The explanations of each item's score, computed on the device.
    expect(await page.locator('ul.items > li').count()).toBe(explained);
    await offlineStatus(page).getByText('Mất mạng').waitFor();

    // The list, kept when it was opened online.
    await page.goto(`${h.url}/assessments`);
    await page.getByRole('link', { name: body.unit.name }).waitFor();
    // A form never opened here: a plain message, not an empty page or a spinner.
    await page.goto(`${h.url}/assessments/${unit}/${other}`);
    await page.getByText(/máy này chưa lưu trang này để dùng khi mất mạng/).waitFor();
    expect(await page.getByTestId('live-total').count()).toBe(0);

    // Back to the form, reloaded offline: a value typed and saved waits on the device.
    await page.goto(`${h.url}${formPath}`);
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.getByTestId('live-total').waitFor();
    await formField(page, CODE).fill(numberInputText(typed, 'vi'));
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expect.poll(() => saveStatus(page).textContent()).toMatch(/đã giữ trên máy/);
    await offlineStatus(page).getByText('1 thay đổi chờ gửi').waitFor();
    // Reloaded again offline: the page leaves without asking (the value is safe on the device) and shows it waiting.
    await page.reload();
    await page.getByTestId('live-total').waitFor();
    await expect.poll(() => formField(page, CODE).inputValue()).toBe(numberInputText(typed, 'vi'));
    await expect.poll(() => saveStatus(page).textContent()).toMatch(/đã giữ trên máy/);
    await offlineStatus(page).getByText('1 thay đổi chờ gửi').waitFor();
    // Nothing reached the server meanwhile.
    expect((await officer.call<FormBody>(formApi)).body.values[CODE]?.value ?? null).toBe(before);

    // Back online: the save goes out, once.
    await context.setOffline(false);
    await offlineStatus(page).getByText('Trực tuyến').waitFor();
    await expect.poll(async () => (await officer.call<FormBody>(formApi)).body.values[CODE]?.value).toBe(typed);
    await expect.poll(() => offlineStatus(page).textContent()).not.toContain('chờ gửi');
    await expect.poll(() => saveStatus(page).textContent()).not.toMatch(/đã giữ trên máy/);
    expect(await formField(page, CODE).inputValue()).toBe(numberInputText(typed, 'vi'));
    const history = await officer.call<{ items: HistoryItem[] }>(`${formApi}/history?code=${CODE}`);
    expect(history.body.items.filter((i) => i.value === typed)).toHaveLength(1);
    expect(history.body.items[0]).toMatchObject({ value: typed, enteredByName: officer.name });
    expect((page as typeof page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  }, 240_000);
});
