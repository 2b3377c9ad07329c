// Shared set-up for the browser tests: a real server over a fresh demo database serving dist/web,
// and headless Chromium driven by playwright-core.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { setConfig } from '../support/config.ts';
import { startTestServer } from '../support/server.ts';

import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD } from '../../src/server/demo/accounts.ts';

export { DEMO_PASSWORD };
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Screenshots for people to look at (gitignored). */
export const resultsDir = path.join(root, 'test-results');

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath))
    throw new Error(
      `Chromium not found at ${executablePath}. Install it (apt-get install chromium) or set CHROMIUM_PATH to its executable; the browser tests cannot run without it.`,
    );
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Harness {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(path.join(root, 'dist/web/index.html')))
    throw new Error('dist/web/index.html is missing: build the web app first (npm run build:web), as `npm test` does.');
  mkdirSync(resultsDir, { recursive: true });
  // A browser file logs a dozen people in within a minute from one address, faster on a quicker machine; the
  // login limit itself is tested in tests/api/auth.test.ts. Read while the app is built, so set before.
  setConfig({ loginRateLimit: 200 });
  const server = await startTestServer();
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    url: server.url,
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
    },
  };
}

/** Starts one harness for the test file (server + browser) and closes it after; call at the top level. */
export function useHarness(): () => Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness();
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  }, 60_000);
  return () => {
    if (!h) throw new Error('the harness has not started');
    return h;
  };
}

/**
 * A fresh context and page. The app's service worker (issue 21) is blocked unless asked for: it would fetch the whole
 * shell in every context, and requests it answers escape page.route; the offline tests turn it on.
 */
export async function newPage(
  h: Harness,
  viewport = DESKTOP,
  options: { serviceWorkers?: 'allow' | 'block' } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await h.browser.newContext({
    viewport,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    serviceWorkers: options.serviceWorkers ?? 'block',
  });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { errors: string[] }).errors = errors;
  return { context, page };
}

/** Logs in through the login page, as a person would. */
export async function loginAs(page: Page, url: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/**
 * The main menu, opened as a person opens it: on a phone the "Menu" button first (from 700px every item shows).
 * Returns the navigation, whose links are then visible.
 */
export async function openMenu(page: Page): Promise<Locator> {
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
  const button = nav.getByRole('button', { name: 'Menu' });
  await nav.waitFor();
  if ((await button.isVisible()) && (await button.getAttribute('aria-expanded')) !== 'true') {
    await button.click();
    await expect.poll(() => button.getAttribute('aria-expanded')).toBe('true');
  }
  await nav.getByRole('link').first().waitFor();
  return nav;
}

/**
 * Chooses a radio as a person does, by a tap on the choice (its whole label, named by its words): a styled choice
 * hides a 1-pixel radio somewhere inside, where the machine's fonts put it, so neither the radio nor the words alone
 * are a reliable target. Then checks that it took.
 */
export async function choose(scope: Locator, label: string): Promise<void> {
  await scope.locator('label', { has: scope.page().getByText(label, { exact: true }) }).click();
  await expect.poll(() => scope.getByRole('radio', { name: label, exact: true }).isChecked()).toBe(true);
}

/** The live total shown by the score panel, as a number (Vietnamese digits grouping "1.000"). */
export async function liveTotal(page: Page): Promise<number> {
  const text = (await page.getByTestId('live-total').locator('.total-number').textContent()) ?? '';
  return Number(text.replace(/\D/g, ''));
}

/** A person's own API session beside the browser (another device): to change data and read what the server holds. */
export async function serverAs(url: string, username: string) {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const call = async <T>(path: string, init?: { method: string; body: unknown }) => {
    const res = await fetch(`${url}${path}`, {
      method: init?.method ?? 'GET',
      headers: { cookie, ...(init ? { 'content-type': 'application/json' } : {}) },
      body: init ? JSON.stringify(init.body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const me = await call<{ user: { fullName: string; roles: Array<{ unitId: number | null }> } }>('/api/auth/session');
  return { call, name: me.body.user.fullName, unit: me.body.user.roles[0]?.unitId ?? 0 };
}
