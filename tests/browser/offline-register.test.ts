// The register without a connection (issue 21), in Chromium with the network cut (Playwright's offline mode): the
// demo's village collaborator (ctv.daitu) adds a child and a health record offline, reloads the page offline (the
// service worker serves the shell, the encrypted device cache the data), reconnects, and each write reaches the
// server exactly once. Signing out deletes the device's database; a write the server refuses on sync stays on
// show with the server's message. Collaborators keep health records and circumstances; supports are outside their
// privacy projection, so the offline "record" here is a health record (the same outbox path as a support).
import { describe, expect, test } from 'vitest';
import { DESKTOP, newPage, PHONE, serverAs, useHarness } from './browser.ts';
import { addChild, COLLABORATOR, collaboratorWithCache, databases, offlineStatus, SW, VAULT } from './offline.ts';

const harness = useHarness();
const OFFICER = 'xa.daitu';

interface ChildRow {
  id: number;
  code: string;
  fullName: string;
}

const status = offlineStatus;

describe('the register offline', () => {
  test('a collaborator adds a child and a health record offline, reloads offline, reconnects: each arrives once', async () => {
    const h = harness();
    const officer = await serverAs(h.url, OFFICER);
    const collaborator = await serverAs(h.url, COLLABORATOR);
    const unit = collaborator.unit;
    const villages = await collaborator.call<Array<{ name: string }>>(`/api/communes/${unit}/register/villages`);
    const village = villages.body[0]!.name;

    const { context, page } = await newPage(h, PHONE, SW);
    const { childName, childPath } = await collaboratorWithCache(page, h.url, unit);
    const childId = Number(childPath.split('/').pop());
    const healthBefore = await officer.call<{ healthRecords: unknown[] }>(
      `/api/communes/${unit}/register/children/${childId}`,
    );

    await context.setOffline(true);
    await status(page).getByText('Mất mạng').waitFor();

    // A child, added with no connection: kept on the device, shown as waiting.
    await addChild(page, { code: 'DT-OFF-1', fullName: 'Lò Thị Mai', village });
    const pendingChildren = page.getByTestId('pending-children');
    await pendingChildren.getByText(/Lò Thị Mai/).waitFor();
    expect(await pendingChildren.textContent()).toContain('Chờ gửi');
    await status(page).getByText('1 thay đổi chờ gửi').waitFor();

    // A health record for a child opened earlier, read from the device's encrypted cache.
    await page.getByRole('link', { name: childName }).first().click();
    await page.getByRole('heading', { level: 1, name: new RegExp(childName) }).waitFor();
    await page.getByRole('button', { name: 'Thêm bản ghi sức khỏe' }).click();
    const healthForm = page.getByRole('form', { name: 'Thêm bản ghi sức khỏe' });
    await healthForm.getByLabel(/^Ngày khám\/cân đo/).fill('03/12/2026');
    await healthForm.getByLabel(/^Cân nặng/).fill('14,5');
    await healthForm.getByRole('button', { name: 'Thêm', exact: true }).click();
    await page.getByText('Đã lưu trên máy; sẽ tự gửi khi có mạng.').waitFor();
    await page.getByTestId('pending-health-records').getByText('Chờ gửi').waitFor();
    await status(page).getByText('2 thay đổi chờ gửi').waitFor();

    // The page reloaded with no connection: the service worker's shell, the cached record, the queue intact.
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.getByRole('heading', { level: 1, name: new RegExp(childName) }).waitFor();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await status(page).getByText('2 thay đổi chờ gửi').waitFor();
    await page.getByTestId('pending-health-records').getByText('Chờ gửi').waitFor();
    // Nothing reached the server meanwhile.
    const whileOffline = await officer.call<{ total: number }>(
      `/api/communes/${unit}/register/children?q=${encodeURIComponent('Lò Thị Mai')}`,
    );
    expect(whileOffline.body.total).toBe(0);

    // Back online: the queue goes out in order, the page shows the record from the server.
    await context.setOffline(false);
    await status(page).getByText('Trực tuyến').waitFor();
    await expect.poll(() => page.getByTestId('pending-health-records').count()).toBe(0);
    expect(await status(page).textContent()).not.toContain('chờ gửi');
    await page.getByText('14,5 kg').waitFor();

    // Each write arrived exactly once.
    const added = await officer.call<{ total: number; rows: ChildRow[] }>(
      `/api/communes/${unit}/register/children?q=${encodeURIComponent('Lò Thị Mai')}`,
    );
    expect(added.body.total).toBe(1);
    expect(added.body.rows[0]!.code).toBe('DT-OFF-1');
    const healthAfter = await officer.call<{ healthRecords: Array<{ checkedOn: string; weightKg: number | null }> }>(
      `/api/communes/${unit}/register/children/${childId}`,
    );
    expect(healthAfter.body.healthRecords.length).toBe(healthBefore.body.healthRecords.length + 1);
    expect(
      healthAfter.body.healthRecords.filter((r) => r.checkedOn === '2026-12-03' && r.weightKg === 14.5),
    ).toHaveLength(1);
    await context.close();
  }, 240_000);

  test('the device keeps the register encrypted, and signing out deletes it', async () => {
    const h = harness();
    const unit = (await serverAs(h.url, COLLABORATOR)).unit;
    const { context, page } = await newPage(h, DESKTOP, SW);
    // A public page installs nothing: a citizen on a slow line does not download the officials' app.
    await page.goto(`${h.url}/cong-khai`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
    const { childName } = await collaboratorWithCache(page, h.url, unit);
    expect(await databases(page)).toContain(VAULT);
    // What is stored is ciphertext: no child's name in the bytes of any cached answer.
    const stored = await page.evaluate(
      ([name, child]) =>
        new Promise<{ count: number; plain: boolean }>((resolve, reject) => {
          const open = indexedDB.open(name);
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('reads').objectStore('reads').getAll();
            get.onsuccess = () => {
              const rows = get.result as Array<{ data: ArrayBuffer }>;
              const text = rows.map((r) => new TextDecoder('utf-8', { fatal: false }).decode(r.data)).join('');
              open.result.close();
              resolve({ count: rows.length, plain: text.includes(child) || text.includes('fullName') });
            };
          };
        }),
      [VAULT, childName] as const,
    );
    expect(stored.count).toBeGreaterThan(1);
    expect(stored.plain).toBe(false);

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(/\/login/);
    await expect.poll(() => databases(page)).not.toContain(VAULT);
    await context.close();
  }, 180_000);

  test('a write the server refuses on sync stays on show with the server message at its field', async () => {
    const h = harness();
    const officer = await serverAs(h.url, OFFICER);
    const collaborator = await serverAs(h.url, COLLABORATOR);
    const unit = collaborator.unit;
    const villages = await collaborator.call<Array<{ name: string }>>(`/api/communes/${unit}/register/villages`);
    const village = villages.body[0]!.name;
    const { context, page } = await newPage(h, DESKTOP, SW);
    await collaboratorWithCache(page, h.url, unit);

    await context.setOffline(true);
    await addChild(page, { code: 'DT-OFF-2', fullName: 'Vàng Thị Dua', village });
    await status(page).getByText('1 thay đổi chờ gửi').waitFor();
    // Meanwhile the commune officer gives the same code to another child.
    const taken = await officer.call(`/api/communes/${unit}/register/children`, {
      method: 'POST',
      body: {
        code: 'DT-OFF-2',
        villageName: village,
        householdCode: 'HO-OFF-9',
        householdHead: 'Giàng A Páo',
        fullName: 'Giàng Thị Sua',
        birthDate: '2020-06-01',
        sex: 'female',
      },
    });
    expect(taken.status).toBe(201);

    await context.setOffline(false);
    const pending = page.getByTestId('pending-children');
    await pending.getByText('Bị từ chối').waitFor();
    const refusal = pending.locator('[data-field="code"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('DT-OFF-2');
    expect(await refusal.textContent()).toContain('mã này đã dùng cho một trẻ em khác của xã');
    await status(page).getByText('1 thay đổi bị máy chủ từ chối').waitFor();
    // Not resent blindly: the refused child never arrives, the officer's child stays the only one with the code.
    const withCode = await officer.call<{ total: number; rows: ChildRow[] }>(
      `/api/communes/${unit}/register/children?q=DT-OFF-2`,
    );
    expect(withCode.body.rows.map((r) => r.fullName)).toEqual(['Giàng Thị Sua']);
    // Signing out would wipe it with the device's store: asked first, naming how many; Cancel keeps it.
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    const ask = page.getByRole('alertdialog');
    await ask.waitFor();
    expect((await ask.textContent()) ?? '').toContain('Đăng xuất và xoá 1 thay đổi chưa gửi?');
    await ask.getByRole('button', { name: 'Hủy, quay lại' }).click();
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);
    expect(page.url()).not.toMatch(/\/login/);
    expect(await databases(page)).toContain(VAULT);
    // The person decides: discarded, it leaves the queue and the device.
    await pending.getByRole('button', { name: 'Bỏ thay đổi này' }).click();
    await expect.poll(() => page.getByTestId('pending-children').count()).toBe(0);
    await context.close();
  }, 180_000);
});
