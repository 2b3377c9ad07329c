// axe-core in the page under test: served from the page's own origin through page.route, so the server's
// strict CSP (script-src 'self') stays in force and is tested along with the page.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

export const AXE_PATH = '/__test__/axe.min.js';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** Lets the page load axe from AXE_PATH; call once per page, before axeViolations. */
export async function serveAxe(page: Page): Promise<void> {
  await page.route(`**${AXE_PATH}`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/javascript', body: AXE_SOURCE }),
  );
}

/** axe's WCAG 2.1 A/AA violations on the page as it is now (dialogs and errors included). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ url: AXE_PATH });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}
