// Who sees what in the register, in a real browser on the demo's Xã Đại Từ: the officer, the chairman and
// the village collaborator each click through the pages they use, and neither the page nor any network
// response it received says more than the policy allows: no confidential note, no "restricted" marker,
// no case of someone else. Visibility comes from the chairman's assignment, confirmed with a summary.
import { describe, expect, test } from 'vitest';
import type { Page, Response } from 'playwright-core';
import { loginAs, newPage, useHarness } from './browser.ts';

const harness = useHarness();
const SECRET = 'GHI-CHU-MAT-7Q';

/** Every JSON body the page received, so that the test can say what the network carried too. */
function recordResponses(page: Page): string[] {
  const bodies: string[] = [];
  page.on('response', (res: Response) => {
    if (!res.url().includes('/api/')) return;
    if (!(res.headers()['content-type'] ?? '').includes('json')) return;
    void res.text().then(
      (b) => bodies.push(`${res.status()} ${res.url()} ${b}`),
      () => undefined,
    );
  });
  return bodies;
}

async function apiJson<T>(
  page: Page,
  url: string,
  init?: { method: string; body: unknown },
): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ([u, i]) => {
      const res = await fetch(
        u,
        i
          ? { method: i.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(i.body) }
          : undefined,
      );
      return { status: res.status, body: await res.json() };
    },
    [url, init ?? null] as const,
  ) as Promise<{ status: number; body: T }>;
}

describe('the register, by role, in the browser', () => {
  let unit = '';
  let ownVillage = 0;
  let child = { id: 0, fullName: '', code: '' };
  let other = { id: 0, fullName: '' };

  test('the chairman records a confidential circumstance; the officer does not see it, reports a case, and is told it waits', async () => {
    const h = harness();
    // The chairman records what only he and an assigned worker may see, through the API as the page would.
    const chair = await newPage(h);
    await loginAs(chair.page, h.url, 'chutich.daitu');
    unit = String((await apiJson<{ roles: { unitId: number }[] }>(chair.page, '/api/auth/me')).body.roles[0]!.unitId);
    const villages = await apiJson<{ id: number; name: string }[]>(
      chair.page,
      `/api/communes/${unit}/register/villages`,
    );
    ownVillage = villages.body[0]!.id; // the demo's collaborator keeps the first village by name
    const inVillage = await apiJson<{ rows: { id: number; fullName: string; code: string; groups: string[] }[] }>(
      chair.page,
      `/api/communes/${unit}/register/children?villageId=${ownVillage}&pageSize=50`,
    );
    child = inVillage.body.rows.find((r) => r.groups.length === 0)!;
    const elsewhere = await apiJson<{ rows: { id: number; fullName: string; villageId: number }[] }>(
      chair.page,
      `/api/communes/${unit}/register/children?pageSize=200`,
    );
    other = elsewhere.body.rows.find((r) => r.villageId !== ownVillage)!;
    const added = await apiJson(chair.page, `/api/communes/${unit}/register/children/${child.id}/circumstances`, {
      method: 'POST',
      body: { group: 'm', startedOn: '2026-03-01', note: SECRET },
    });
    expect(added.status).toBe(201);
    await chair.context.close();

    const { context, page } = await newPage(h);
    const seen = recordResponses(page);
    await loginAs(page, h.url, 'xa.daitu');
    await page.goto(`${h.url}/register/${unit}`);
    await page.getByLabel('Tìm theo tên hoặc mã trẻ em').fill(child.code);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: child.fullName }).first().click();
    await page.getByRole('heading', { level: 1, name: new RegExp(child.fullName) }).waitFor();
    await page.getByRole('heading', { name: 'Hoàn cảnh đặc biệt' }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('Trẻ em bị mua bán');
    expect(text).not.toContain('bảo mật');

    // Opening a case is not a way in: the officer reports a trafficking case and is told it waits for the chairman.
    await page.getByRole('link', { name: 'Mở vụ việc cho trẻ em này' }).click();
    const form = page.locator('form.register-form');
    await form.getByLabel(/^Loại/).selectOption('trafficking');
    await form.getByLabel(/^Ngày xảy ra/).fill('02/03/2026');
    await form.getByLabel(/^Ngày tiếp nhận/).fill('03/03/2026');
    await form.getByLabel(/^Nội dung/).fill('Trẻ được phát hiện tại cửa khẩu');
    await form.getByRole('button', { name: 'Mở vụ việc' }).click();
    await page.getByText(/Đã ghi nhận vụ việc số \d+\. Đây là vụ việc nhạy cảm/).waitFor();
    // Still nothing more about the child, in the page or on the wire.
    await page.goto(`${h.url}/register/${unit}/children/${child.id}`);
    await page.getByRole('heading', { name: 'Vụ việc' }).waitFor();
    expect(await page.locator('main').textContent()).not.toContain(SECRET);
    await expect.poll(() => seen.length).toBeGreaterThan(3);
    const wire = seen.join('\n');
    expect(wire).not.toContain(SECRET);
    expect(wire).not.toMatch(/"restricted"\s*:/);
    expect(wire).not.toContain('cửa khẩu');
    await context.close();
  }, 180_000);

  test('the chairman assigns the case after a summary; the officer then sees the case, its deadline and the circumstance', async () => {
    const h = harness();
    const chair = await newPage(h);
    await loginAs(chair.page, h.url, 'chutich.daitu');
    await chair.page.goto(`${h.url}/register/${unit}/cases`);
    const row = chair.page.getByTestId('cases-table').locator('tr', { hasText: child.fullName });
    await row.waitFor();
    expect(await row.textContent()).toContain('Chưa phân công');
    await row.getByRole('link', { name: 'Mua bán' }).click();
    await chair.page.getByRole('heading', { name: 'Phân công người xử lý' }).waitFor();
    const assign = chair.page.locator('form', {
      has: chair.page.getByRole('heading', { name: 'Phân công người xử lý' }),
    });
    const worker = assign.getByLabel('Người xử lý');
    const option = await worker.locator('option', { hasText: 'Đại Từ' }).first().getAttribute('value');
    const name = (await worker.locator(`option[value="${option}"]`).textContent())!.trim();
    await worker.selectOption(option!);
    await assign.getByRole('button', { name: 'Giao vụ việc' }).click();
    // Nothing is sent before the summary is confirmed: which case, what kind, to whom.
    const dialog = chair.page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(new RegExp(`Giao vụ việc số \\d+ \\(Mua bán\\) cho ${name}`));
    await dialog.getByRole('button', { name: 'Giao vụ việc' }).click();
    await chair.page.getByText('Đã giao vụ việc.').waitFor();
    await chair.context.close();

    const { context, page } = await newPage(h);
    await loginAs(page, h.url, 'xa.daitu');
    await page.goto(`${h.url}/register/${unit}/cases`);
    const mine = page.getByTestId('cases-table').locator('tr', { hasText: child.fullName });
    await mine.waitFor();
    await mine.getByRole('link', { name: 'Mua bán' }).click();
    const plan = page.locator('.card', { has: page.getByRole('heading', { name: 'Kế hoạch can thiệp' }) });
    await plan.waitFor();
    expect(await page.locator('main').textContent()).toContain('Chủ tịch UBND xã Đại Từ');
    expect(await plan.textContent()).toMatch(/Hạn \d{2}\/\d{2}\/\d{4} — /);
    await page.goto(`${h.url}/register/${unit}/children/${child.id}`);
    await page.getByText(SECRET).waitFor();
    await context.close();
  }, 180_000);

  test('the collaborator sees their village only: no cases, no supports, nothing confidential, and another village is "not found"', async () => {
    const h = harness();
    const { context, page } = await newPage(h);
    const seen = recordResponses(page);
    await loginAs(page, h.url, 'ctv.daitu');
    await page.goto(`${h.url}/register/${unit}`);
    const table = page.getByTestId('children-table');
    await table.waitFor();
    expect(await table.textContent()).not.toContain(other.fullName);
    await page.goto(`${h.url}/register/${unit}/children/${child.id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(child.fullName) }).waitFor();
    await page.getByRole('heading', { name: 'Hoàn cảnh đặc biệt' }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain(SECRET);
    expect(await page.getByRole('heading', { name: 'Vụ việc' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Trợ giúp đã nhận' }).count()).toBe(0);
    // A child of another village, asked for by its address: the same answer as a child that does not exist.
    await page.goto(`${h.url}/register/${unit}/children/${other.id}`);
    await page.getByRole('alert').first().waitFor();
    expect(await page.locator('main').textContent()).not.toContain(other.fullName);
    await expect.poll(() => seen.some((b) => b.startsWith('404') && b.includes(`/children/${other.id}`))).toBe(true);
    const wire = seen.join('\n');
    expect(wire).not.toContain(SECRET);
    expect(wire).not.toContain(other.fullName);
    expect(wire).not.toMatch(/"restricted"\s*:/);
    expect(wire).not.toMatch(/"(supports|cases)"\s*:/);
    await context.close();
  }, 180_000);
});
