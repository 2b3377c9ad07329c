// More of the register without a connection (issue 21), in Chromium with the network cut: the demo's village
// collaborator (ctv.daitu) edits a child's record offline and the edit arrives once on reconnect, without
// overwriting what the commune officer changed meanwhile in another field; an edit of a field the officer changed too
// comes back with both values at the field to choose from; a child and a health record for it, both added offline,
// arrive once each, the record on that child (its queued write learns the child's id when the child's is answered);
// and the list's search runs on the children the device keeps, sending nothing.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { todayInVietnam } from '../../src/server/platform/clock.ts';
import { fold } from '../../src/core/text.ts';
import { DESKTOP, newPage, PHONE, serverAs, useHarness } from './browser.ts';
import { addChild, COLLABORATOR, collaboratorWithCache, offlineStatus, SW } from './offline.ts';

const harness = useHarness();
const OFFICER = 'xa.daitu';

interface ChildBody {
  id: number;
  code: string;
  fullName: string;
  note: string | null;
  guardianName: string;
  healthRecords: Array<{ checkedOn: string; weightKg: number | null }>;
}

/** The body the edit form sends, from the record as the API reads it (what the officer's "other device" writes). */
function editBody(c: ChildBody & Record<string, unknown>) {
  const village = c.village as { name: string };
  const household = c.household as { code: string; head: string; address: string | null };
  return {
    code: c.code,
    villageName: village.name,
    householdCode: household.code,
    householdHead: household.head,
    address: household.address ?? '',
    fullName: c.fullName,
    birthDate: c.birthDate,
    sex: c.sex,
    idNumber: c.idNumber ?? null,
    guardianName: c.guardianName ?? '',
    guardianRelation: c.guardianRelation ?? '',
    birthRegisteredOn: c.birthRegisteredOn ?? null,
    education: c.education ?? null,
    fullyImmunizedOn: c.fullyImmunizedOn ?? null,
    disability: c.disability ?? '',
    movedOutOn: c.movedOutOn ?? null,
    diedOn: c.diedOn ?? null,
    note: c.note ?? '',
  };
}

const todayText = () => todayInVietnam().split('-').reverse().join('/');

/** Opens the child's page from the (kept) list and its edit form, and writes a note. */
async function editNoteOffline(page: Page, childName: string, note: string) {
  await page.getByRole('link', { name: childName }).first().click();
  await page.getByRole('heading', { level: 1, name: new RegExp(childName) }).waitFor();
  await page.getByRole('button', { name: 'Sửa hồ sơ' }).click();
  const form = page.locator('form.register-form');
  await form.getByLabel(/^Ghi chú/).fill(note);
  await form.getByRole('button', { name: 'Lưu', exact: true }).click();
  await page.getByText('Đã lưu trên máy; sẽ tự gửi khi có mạng.').waitFor();
}

describe('the register offline, continued', () => {
  test('an edit made offline arrives once on reconnect, keeping what the officer changed meanwhile', async () => {
    const h = harness();
    const officer = await serverAs(h.url, OFFICER);
    const admin = await serverAs(h.url, 'admin');
    const unit = (await serverAs(h.url, COLLABORATOR)).unit;
    const { context, page } = await newPage(h, PHONE, SW);
    const { childName, childPath } = await collaboratorWithCache(page, h.url, unit);
    const childId = Number(childPath.split('/').pop());
    const api = `/api/communes/${unit}/register/children/${childId}`;
    const audits = async () =>
      (
        await admin.call<{ items: Array<{ action: string }> }>(`/api/audit?entity=child&entityId=${childId}&limit=500`)
      ).body.items.filter((i) => i.action === 'update_child').length;
    const auditsBefore = await audits();

    await context.setOffline(true);
    await offlineStatus(page).getByText('Mất mạng').waitFor();
    await editNoteOffline(page, childName, 'Đã đến thăm hộ, ghi khi mất mạng');
    const pending = page.getByTestId('pending-edit');
    await pending.getByText('Chờ gửi', { exact: true }).waitFor();
    expect(await pending.locator('[data-change="note"]').textContent()).toContain('Đã đến thăm hộ, ghi khi mất mạng');
    await offlineStatus(page).getByText('1 thay đổi chờ gửi').waitFor();

    // Meanwhile the officer writes the guardian's name from another device.
    const before = (await officer.call<ChildBody & Record<string, unknown>>(api)).body;
    const byOfficer = await officer.call(api, {
      method: 'PUT',
      body: { ...editBody(before), guardianName: 'Lò Thị Pằng' },
    });
    expect(byOfficer.status).toBe(200);

    await context.setOffline(false);
    await offlineStatus(page).getByText('Trực tuyến').waitFor();
    await expect.poll(() => page.getByTestId('pending-edit').count()).toBe(0);
    await page.getByText('Đã đến thăm hộ, ghi khi mất mạng').waitFor();
    await page.getByText('Lò Thị Pằng').first().waitFor();

    const after = (await officer.call<ChildBody>(api)).body;
    expect([after.note, after.guardianName]).toEqual(['Đã đến thăm hộ, ghi khi mất mạng', 'Lò Thị Pằng']);
    // Once: the officer's edit and the collaborator's, no replay applied twice.
    expect(await audits()).toBe(auditsBefore + 2);
    await context.close();
  }, 240_000);

  test('an offline edit of a field the officer changed meanwhile comes back with both values to choose from', async () => {
    const h = harness();
    const officer = await serverAs(h.url, OFFICER);
    const unit = (await serverAs(h.url, COLLABORATOR)).unit;
    const { context, page } = await newPage(h, DESKTOP, SW);
    const { childName, childPath } = await collaboratorWithCache(page, h.url, unit);
    const api = `/api/communes/${unit}/register/children/${Number(childPath.split('/').pop())}`;

    await context.setOffline(true);
    await offlineStatus(page).getByText('Mất mạng').waitFor();
    await editNoteOffline(page, childName, 'Ghi chú của cộng tác viên');
    const before = (await officer.call<ChildBody & Record<string, unknown>>(api)).body;
    expect(
      (await officer.call(api, { method: 'PUT', body: { ...editBody(before), note: 'Ghi chú của cán bộ xã' } })).status,
    ).toBe(200);

    const synced = page.waitForResponse((r) => r.url().endsWith(api) && r.request().method() === 'PUT');
    await context.setOffline(false);
    expect((await synced).status()).toBe(409);
    // The form opens by itself with the server's answer and both values at the field.
    const conflict = page.locator('.child-conflict[data-field="note"]');
    await conflict.waitFor();
    // Theirs as the record, read again after the refusal, holds it.
    await expect.poll(() => conflict.locator('.conflict-theirs').textContent()).toContain('Ghi chú của cán bộ xã');
    expect(await conflict.locator('.conflict-mine').textContent()).toContain('Ghi chú của cộng tác viên');
    expect((await officer.call<ChildBody>(api)).body.note).toBe('Ghi chú của cán bộ xã');

    await conflict.getByRole('button', { name: /Giữ giá trị của tôi/ }).click();
    await conflict.waitFor({ state: 'detached' });
    const saved = page.waitForResponse((r) => r.url().endsWith(api) && r.request().method() === 'PUT');
    await page.locator('form.register-form').getByRole('button', { name: 'Lưu', exact: true }).click();
    expect((await saved).status()).toBe(200);
    await page.getByText('Đã lưu hồ sơ.').waitFor();
    expect((await officer.call<ChildBody>(api)).body.note).toBe('Ghi chú của cộng tác viên');
    await expect.poll(() => page.getByTestId('pending-edit').count()).toBe(0);
    await context.close();
  }, 240_000);

  test('an offline edit the server refuses on sync comes back in the form with the message at its field', async () => {
    const h = harness();
    const officer = await serverAs(h.url, OFFICER);
    const collaborator = await serverAs(h.url, COLLABORATOR);
    const unit = collaborator.unit;
    const village = (await collaborator.call<Array<{ name: string }>>(`/api/communes/${unit}/register/villages`))
      .body[0]!.name;
    const { context, page } = await newPage(h, DESKTOP, SW);
    const { childName, childPath } = await collaboratorWithCache(page, h.url, unit);
    const api = `/api/communes/${unit}/register/children/${Number(childPath.split('/').pop())}`;

    await context.setOffline(true);
    await offlineStatus(page).getByText('Mất mạng').waitFor();
    await page.getByRole('link', { name: childName }).first().click();
    await page.getByRole('heading', { level: 1, name: new RegExp(childName) }).waitFor();
    await page.getByRole('button', { name: 'Sửa hồ sơ' }).click();
    const form = page.locator('form.register-form');
    await form.getByLabel(/^Mã trẻ em/).fill('DT-OFF-9');
    await form.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByText('Đã lưu trên máy; sẽ tự gửi khi có mạng.').waitFor();
    // Meanwhile the officer gives that code to another child.
    const taken = await officer.call(`/api/communes/${unit}/register/children`, {
      method: 'POST',
      body: {
        code: 'DT-OFF-9',
        villageName: village,
        householdCode: 'HO-OFF-9B',
        householdHead: 'Giàng A Páo',
        fullName: 'Giàng Thị Sua',
        birthDate: `${Number(todayInVietnam().slice(0, 4)) - 3}-06-01`,
        sex: 'female',
      },
    });
    expect(taken.status).toBe(201);

    await context.setOffline(false);
    const pending = page.getByTestId('pending-edit');
    await pending.getByText('Bị từ chối').waitFor();
    expect(await pending.locator('.outbox-refusal [data-field="code"]').textContent()).toContain('DT-OFF-9');
    await offlineStatus(page).getByText('1 thay đổi bị máy chủ từ chối').waitFor();
    // The form is open again with what was typed, the server's sentence under the field.
    const code = page.locator('form.register-form').getByLabel(/^Mã trẻ em/);
    await expect.poll(() => code.getAttribute('aria-invalid')).toBe('true');
    expect(await code.inputValue()).toBe('DT-OFF-9');
    expect(await page.locator('form.register-form .field-error').first().textContent()).toContain('DT-OFF-9');
    expect((await officer.call<ChildBody>(api)).body.code).not.toBe('DT-OFF-9');

    // Corrected and saved again: the refused edit leaves the queue, the new code arrives.
    await code.fill('DT-OFF-10');
    const saved = page.waitForResponse((r) => r.url().endsWith(api) && r.request().method() === 'PUT');
    await page.locator('form.register-form').getByRole('button', { name: 'Lưu', exact: true }).click();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => page.getByTestId('pending-edit').count()).toBe(0);
    expect((await officer.call<ChildBody>(api)).body.code).toBe('DT-OFF-10');
    await context.close();
  }, 240_000);

  test('a child and a health record for it, both added offline, arrive once each, the record on that child', async () => {
    const h = harness();
    const officer = await serverAs(h.url, OFFICER);
    const collaborator = await serverAs(h.url, COLLABORATOR);
    const unit = collaborator.unit;
    const village = (await collaborator.call<Array<{ name: string }>>(`/api/communes/${unit}/register/villages`))
      .body[0]!.name;
    const { context, page } = await newPage(h, PHONE, SW);
    await collaboratorWithCache(page, h.url, unit);

    await context.setOffline(true);
    await offlineStatus(page).getByText('Mất mạng').waitFor();
    await addChild(page, { code: 'DT-OFF-7', fullName: 'Hà Thị Mỷ', village });
    const pendingChildren = page.getByTestId('pending-children');
    await pendingChildren.getByText(/Hà Thị Mỷ/).waitFor();
    await pendingChildren.getByRole('link', { name: /Mở hồ sơ để thêm bản ghi/ }).click();
    await page.getByRole('heading', { level: 1, name: /Hà Thị Mỷ/ }).waitFor();
    await page.getByTestId('pending-child').waitFor();

    await page.getByRole('button', { name: 'Thêm bản ghi sức khỏe' }).click();
    const healthForm = page.getByRole('form', { name: 'Thêm bản ghi sức khỏe' });
    await healthForm.getByLabel(/^Ngày khám\/cân đo/).fill(todayText());
    await healthForm.getByLabel(/^Cân nặng/).fill('11,2');
    await healthForm.getByRole('button', { name: 'Thêm', exact: true }).click();
    await page.getByText('Đã lưu trên máy; sẽ tự gửi khi có mạng.').waitFor();
    await page.getByTestId('pending-health-records').getByText('Chờ gửi').waitFor();
    await offlineStatus(page).getByText('2 thay đổi chờ gửi').waitFor();

    // Back online: the child goes first, then the record with the child's new id; the page moves to its record.
    await context.setOffline(false);
    await page.waitForURL(/\/register\/\d+\/children\/\d+$/);
    await page.getByText('11,2 kg').waitFor();
    expect(await offlineStatus(page).textContent()).not.toContain('chờ gửi');

    const added = await officer.call<{ total: number; rows: Array<{ id: number; code: string }> }>(
      `/api/communes/${unit}/register/children?q=${encodeURIComponent('Hà Thị Mỷ')}`,
    );
    expect(added.body.rows.map((r) => r.code)).toEqual(['DT-OFF-7']);
    const id = added.body.rows[0]!.id;
    expect(new URL(page.url()).pathname).toBe(`/register/${unit}/children/${id}`);
    const record = (await officer.call<ChildBody>(`/api/communes/${unit}/register/children/${id}`)).body;
    expect(record.healthRecords.map((r) => [r.checkedOn, r.weightKg])).toEqual([[todayInVietnam(), 11.2]]);
    await context.close();
  }, 240_000);

  test('searching the register offline finds a kept child, typed without diacritics, and sends nothing', async () => {
    const h = harness();
    const unit = (await serverAs(h.url, COLLABORATOR)).unit;
    const { context, page } = await newPage(h, DESKTOP, SW);
    const { childName } = await collaboratorWithCache(page, h.url, unit);
    const searches: string[] = [];
    page.on('request', (r) => {
      if (/[?&]q=/.test(r.url())) searches.push(r.url());
    });

    await context.setOffline(true);
    await offlineStatus(page).getByText('Mất mạng').waitFor();
    // The given name and the one before it, lower case, without diacritics ("thi mai" for "Lò Thị Mai").
    const typed = fold(childName).split(' ').slice(-2).join(' ');
    await page.getByLabel('Tìm theo tên hoặc mã').fill(typed);
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByTestId('kept-search').waitFor();
    const table = page.getByTestId('children-table');
    await table.getByRole('link', { name: childName }).first().waitFor();
    const names = await table.getByRole('link').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(fold(name)).toMatch(new RegExp(`(^| )${typed}`));
    // A name no kept child has: nothing found, still nothing sent.
    await page.getByLabel('Tìm theo tên hoặc mã').fill('khong co ai ten nay');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByText('Không có trẻ em nào phù hợp').waitFor();
    expect(searches).toEqual([]);
    await context.close();
  }, 180_000);
});
