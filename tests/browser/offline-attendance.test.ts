// Forums and activities attendance without a connection (issue 21), in Chromium with the network cut (Playwright's
// offline mode): the demo's commune officer of Xã Vạn Phú (xa.vanphu) opens the forums page and the activity log
// online; later, offline, reloads them (the service worker's shell, the encrypted device cache's lists), records a
// forum with its children by age and sex and an activity with its participants; each waits in the outbox, shown in
// its section, and reaches the server once when the line returns.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { todayInVietnam } from '../../src/server/platform/clock.ts';
import { loginAs, newPage, PHONE, serverAs, useHarness } from './browser.ts';
import { offlineStatus, shellInstalled, SW } from './offline.ts';

const harness = useHarness();
const OFFICER = 'xa.vanphu';
const FORUM = 'Diễn đàn trẻ em thôn Đồng Bẩm (ghi khi mất mạng)';
const ACTIVITY = 'Truyền thông phòng, chống đuối nước (ghi khi mất mạng)';

interface Forum {
  title: string;
  participants: { total: number; girls11to15: number };
}
interface Activity {
  title: string;
  childrenMale: number;
  childrenFemale: number;
}

/** dd/mm/yyyy of today in Vietnam, as the forms take dates. */
const today = () => todayInVietnam().split('-').reverse().join('/');
const year = () => Number(todayInVietnam().slice(0, 4));

const forumsOf = (page: Page) => page.getByTestId('forum-list');

describe('attendance offline', () => {
  test('a forum and an activity recorded offline after a reload wait on the device and arrive once', async () => {
    const h = harness();
    const officer = await serverAs(h.url, OFFICER);
    const unit = officer.unit;
    const forumsApi = `/api/communes/${unit}/forums?from=${year()}-01-01&to=${year()}-12-31`;
    const activitiesApi = `/api/units/${unit}/activities?year=${year()}`;
    const forumsBefore = (await officer.call<Forum[]>(forumsApi)).body.length;
    const activitiesBefore = (await officer.call<{ items: Activity[] }>(activitiesApi)).body.items.length;

    const { context, page } = await newPage(h, PHONE, SW);
    await loginAs(page, h.url, OFFICER);
    await shellInstalled(page);
    // Both pages opened online once: their lists are now kept on the device.
    await page.goto(`${h.url}/forums/${unit}`);
    await page.getByRole('heading', { level: 1, name: /Diễn đàn, ý kiến và hoạt động của trẻ em/ }).waitFor();
    await page.getByRole('button', { name: /Thêm diễn đàn, lấy ý kiến/ }).waitFor();
    await page.goto(`${h.url}/activities/${unit}`);
    await page.getByTestId('activity-totals').waitFor();

    await context.setOffline(true);
    await offlineStatus(page).getByText('Mất mạng').waitFor();

    // The activity log reloaded offline; an activity with its participants, recorded offline.
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.getByTestId('activity-totals').waitFor();
    await page.getByRole('button', { name: 'Ghi hoạt động' }).click();
    const form = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Ghi một hoạt động' }) });
    await form.getByLabel('Loại hoạt động').selectOption({ label: 'Truyền thông' });
    await form.getByLabel('Hình thức').selectOption({ label: 'Buổi truyền thông trực tiếp' });
    await form.getByLabel('Ngày thực hiện').fill(today());
    await form.getByLabel('Nội dung').fill(ACTIVITY);
    await form.getByLabel('Trẻ em nam').fill('21');
    await form.getByLabel('Trẻ em nữ').fill('24');
    await form.getByRole('button', { name: 'Ghi hoạt động' }).click();
    await page.getByText(`${ACTIVITY} — Đã lưu trên máy; sẽ tự gửi khi có mạng.`).waitFor();
    const pendingActivities = page.getByTestId('pending-activities');
    await pendingActivities.getByText(ACTIVITY).waitFor();
    expect(await pendingActivities.textContent()).toContain('Chờ gửi');
    await offlineStatus(page).getByText('1 thay đổi chờ gửi').waitFor();

    // The forums page, opened offline (the shell routes on the device); a forum with its children by age and sex.
    const forums = await page.goto(`${h.url}/forums/${unit}`);
    expect(forums?.fromServiceWorker()).toBe(true);
    await page.getByRole('button', { name: /Thêm diễn đàn, lấy ý kiến/ }).click();
    const forumForm = page.getByTestId('forum-form');
    await forumForm.getByLabel('Ngày tổ chức').fill(today());
    await forumForm.getByLabel('Tên hoạt động').fill(FORUM);
    const counts: Record<string, string> = {
      'Số trẻ em trai dưới 11 tuổi': '8',
      'Số trẻ em gái dưới 11 tuổi': '9',
      'Số trẻ em trai từ 11 đến 15 tuổi': '7',
      'Số trẻ em gái từ 11 đến 15 tuổi': '6',
      'Số trẻ em trai từ 16 đến 17 tuổi': '3',
      'Số trẻ em gái từ 16 đến 17 tuổi': '2',
    };
    for (const [label, value] of Object.entries(counts)) await forumForm.getByLabel(label).fill(value);
    await forumForm.getByRole('button', { name: 'Ghi diễn đàn' }).click();
    await page.getByText(`${FORUM} — Đã lưu trên máy; sẽ tự gửi khi có mạng.`).waitFor();
    const pendingForums = page.getByTestId('pending-forums');
    await pendingForums.getByText(FORUM).waitFor();
    await offlineStatus(page).getByText('2 thay đổi chờ gửi').waitFor();
    // Nothing reached the server meanwhile.
    expect((await officer.call<Forum[]>(forumsApi)).body.length).toBe(forumsBefore);
    expect((await officer.call<{ items: Activity[] }>(activitiesApi)).body.items.length).toBe(activitiesBefore);

    // Back online: both go out in order; the forums page lists the forum from the server.
    await context.setOffline(false);
    await offlineStatus(page).getByText('Trực tuyến').waitFor();
    await expect.poll(() => page.getByTestId('pending-forums').count()).toBe(0);
    await expect.poll(() => offlineStatus(page).textContent()).not.toContain('chờ gửi');
    await forumsOf(page).getByRole('heading', { name: FORUM }).waitFor();

    // Each arrived exactly once, with its attendance.
    const forumsAfter = (await officer.call<Forum[]>(forumsApi)).body;
    expect(forumsAfter).toHaveLength(forumsBefore + 1);
    expect(forumsAfter.filter((f) => f.title === FORUM)).toEqual([
      expect.objectContaining({ participants: expect.objectContaining({ total: 35, girls11to15: 6 }) }),
    ]);
    const activitiesAfter = (await officer.call<{ items: Activity[] }>(activitiesApi)).body.items;
    expect(activitiesAfter).toHaveLength(activitiesBefore + 1);
    expect(activitiesAfter.filter((a) => a.title === ACTIVITY)).toEqual([
      expect.objectContaining({ childrenMale: 21, childrenFemale: 24 }),
    ]);
    // The activity log, opened again, lists it and nothing waits there.
    await page.goto(`${h.url}/activities/${unit}`);
    await page.getByTestId('activities').getByText(ACTIVITY).waitFor();
    expect(await page.getByTestId('pending-activities').count()).toBe(0);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await context.close();
  }, 240_000);
});
