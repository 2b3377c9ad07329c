// A province official and the province's plan, in a real browser: the demo's plan 85/KH-UBND of Thái Nguyên opens
// from the plans list with its targets measured over the province's communes ("trên 70% xã, phường đạt chuẩn":
// 4,3%, not met); the coverage list shows which communes issued their plan by 31/03 (Xã An Khánh on time, Phường
// Phan Đình Phùng late, the others missing); the dashboard compares with the plan's own target and names it.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import path from 'node:path';
import { DESKTOP, loginAs, newPage, PHONE, resultsDir, useHarness } from './browser.ts';

const harness = useHarness();

const provinceOf = (page: Page) =>
  page.evaluate(async () => {
    const me = (await (await fetch('/api/auth/me')).json()) as {
      user?: { roles: { role: string; unitId: number | null }[] };
      roles?: { role: string; unitId: number | null }[];
    };
    return (me.user?.roles ?? me.roles ?? []).find((r) => r.role === 'province_official')!.unitId!;
  });

async function journey(viewport: typeof DESKTOP, name: string) {
  const h = harness();
  const { context, page } = await newPage(h, viewport);
  await loginAs(page, h.url, 'tinh.thainguyen');
  const provinceId = await provinceOf(page);

  // The plan, from the province's plans list.
  await page.goto(`${h.url}/plans/${provinceId}`);
  await page
    .getByRole('link', { name: 'Triển khai thực hiện công tác trẻ em năm 2026 trên địa bàn tỉnh Thái Nguyên' })
    .click();
  await page.waitForURL(new RegExp(`/plans/${provinceId}/\\d+$`));
  // Sent to the Ministry five days after it was issued on 10/02; the communes' plans are due 31/03.
  const sent = (await page.getByTestId('plan-sent').textContent()) ?? '';
  expect(sent).toContain('Đã gửi lên cấp trên ngày 15/02/2026.');
  expect(sent).toContain('Hạn kế hoạch cấp dưới: 31/03/2026');
  const recognised = page.getByTestId('target-3');
  await recognised.waitFor();
  expect(await recognised.textContent()).toContain('Phấn đấu trên 70% xã, phường đạt tiêu chuẩn phù hợp với trẻ em.');
  const measured = recognised.getByTestId('measured');
  await expect.poll(() => measured.textContent()).toContain('4,3%');
  expect(await measured.textContent()).toContain('Chưa đạt');
  // A target on the communes' own figures is measured over all of them too (C07: summed, then the rate).
  expect(await page.getByTestId('target-2').getByTestId('measured').textContent()).toMatch(/\d+,\d%/u);
  await page.screenshot({ path: path.join(resultsDir, `province-plan-${name}.png`), fullPage: true });

  // Coverage: which communes issued their plan for 2026 by the due day.
  await page.goto(`${h.url}/plans/${provinceId}`);
  await page.getByRole('link', { name: 'Các xã, phường đã ban hành kế hoạch chưa' }).click();
  await page.waitForURL(new RegExp(`/plans/${provinceId}/coverage`));
  const list = page.getByTestId('coverage-table');
  await list.waitFor();
  const row = (commune: string) => list.locator('tr', { hasText: commune });
  await expect.poll(() => row('Xã An Khánh').textContent()).toContain('Đúng hạn');
  expect(await row('Xã An Khánh').textContent()).toContain('08/KH-UBND');
  expect(await row('Xã An Khánh').textContent()).toContain('24/03/2026');
  expect(await row('Phường Phan Đình Phùng').textContent()).toContain('Muộn');
  expect(await row('Phường Phan Đình Phùng').textContent()).toContain('21/KH-UBND');
  expect(await row('Xã Đại Từ').textContent()).toContain('Đúng hạn');
  expect(await row('Xã Vạn Phú').textContent()).toContain('Chưa có, đã quá hạn');
  expect(await page.getByTestId('coverage-due').textContent()).toContain('85/KH-UBND');
  expect(await page.getByTestId('coverage-due').textContent()).toContain('31/03/2026');
  expect(await page.getByTestId('coverage-counts').textContent()).toContain('3 đã ban hành (2 đúng hạn, 1 muộn)');
  await page.screenshot({ path: path.join(resultsDir, `province-plan-coverage-${name}.png`), fullPage: true });

  // The dashboard compares with the plan's target and says where it comes from.
  await page.goto(`${h.url}/dashboard/provinces/${provinceId}`);
  const share = page.getByTestId('share-vs-target');
  await expect.poll(() => share.textContent()).toContain('4,3%');
  expect(await share.textContent()).toContain('trên 70%');
  expect(await share.getByTestId('target-source').textContent()).toContain('85/KH-UBND');
  expect((page as Page & { errors: string[] }).errors).toEqual([]);
  await context.close();
}

describe('the province plan', () => {
  test('on a desktop: the plan with its measured targets, the coverage list, the dashboard’s own target', async () => {
    await journey(DESKTOP, 'desktop');
  }, 180_000);
  test('on a phone: the same', async () => {
    await journey(PHONE, 'phone');
  }, 180_000);
});
