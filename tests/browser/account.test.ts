// Changing one's own password in the browser: a guessable password is refused under its field, a good
// one is accepted, the other sessions end, and the new password logs in.
import { expect, test } from 'vitest';
import { loginAs, newPage, useHarness } from './browser.ts';

const harness = useHarness();

test('an officer changes their password; a weak one is refused under the field, and other sessions end', async () => {
  const other = await newPage(harness());
  await loginAs(other.page, harness().url, 'xa.tancuong');
  const { context, page } = await newPage(harness());
  await loginAs(page, harness().url, 'xa.tancuong');
  await page.getByRole('link', { name: 'Đổi mật khẩu' }).click();
  await page.getByRole('heading', { name: 'Đổi mật khẩu' }).waitFor();

  await page.locator('#pw-current').fill('demo@2026');
  await page.locator('#pw-new').fill('password1234');
  await page.locator('#pw-repeat').fill('password1234');
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  const weak = page.locator('#pw-new-error');
  await weak.waitFor();
  expect(await weak.textContent()).toMatch(/Mật khẩu mới/u);

  const strong = 'Sông Cầu nước chảy lơ thơ 2026';
  await page.locator('#pw-new').fill(strong);
  await page.locator('#pw-repeat').fill(strong);
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await page
    .getByRole('status')
    .getByText(/Đã đổi mật khẩu/u)
    .waitFor();

  // The session of the other browser has ended; this one goes on.
  const res = await other.page.request.get(`${harness().url}/api/auth/me`);
  expect(res.status()).toBe(401);
  expect((await page.request.get(`${harness().url}/api/auth/me`)).status()).toBe(200);
  await other.context.close();

  const fresh = await newPage(harness());
  await loginAs(fresh.page, harness().url, 'xa.tancuong', strong);
  await fresh.page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await fresh.context.close();
  await context.close();
}, 120_000);
