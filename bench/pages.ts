// BENCH_ONLY=pages: the public pages' largest contentful paint, measured by Lighthouse driving Debian's Chromium.
// A PGlite database prepared as `npm start` prepares it (units, preset, demo) plus one open survey code; the
// server in a process of its own serving dist/web; each page loaded cold (Lighthouse resets storage and cache)
// with the mobile preset (simulated slow 4G: 150 ms RTT, 1.6 Mbit/s, CPU ×4) and the desktop preset.
// BENCH_PAGES_RUNS=<n> repeats each measurement (median shown); CHROMIUM_PATH overrides /usr/bin/chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig, type Flags } from 'lighthouse';
import { prepareDatabase } from '../src/server/bootstrap.ts';
import { openDatabase } from '../src/server/db/database.ts';
import { codeFromBytes } from '../src/core/surveys/codes.ts';
import { startServer } from './load.ts';
import { goal, heading, median, row } from './stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LCP_GOAL = 1000;
const JS_BUDGET = 150 * 1024;
/** The demo's commune whose self-assessment is posted (src/server/demo/seed.ts). */
const POSTED_COMMUNE = '05809';

interface Measure {
  lcp: number;
  fcp: number;
  js: number;
  element: string;
}

/** One open survey of the demo commune with one unused code: the survey page needs a code to show a questionnaire. */
async function prepare(dataDir: string): Promise<string> {
  const handle = await openDatabase({ dataDir });
  try {
    await prepareDatabase(handle, { demo: true });
    const db = handle.db;
    const unit = await db
      .selectFrom('unit')
      .select(['id', 'parent_id'])
      .where('code', '=', POSTED_COMMUNE)
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow();
    const period = await db.selectFrom('period').select('id').orderBy('year', 'desc').executeTakeFirstOrThrow();
    const survey = await db
      .insertInto('survey')
      .values({
        unit_id: unit.id,
        province_id: unit.parent_id!,
        period_id: period.id,
        audience: 'children',
        questionnaire_code: 'tre-em',
        sample_size: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const code = codeFromBytes(Buffer.from([7, 21, 42, 84, 168]));
    await db.insertInto('survey_code').values({ code, survey_id: survey.id, province_id: unit.parent_id! }).execute();
    return code;
  } finally {
    await handle.close();
  }
}

async function measure(url: string, port: number, preset: 'mobile' | 'desktop', attempt = 1): Promise<Measure> {
  const flags: Flags = { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] };
  const result = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const audits = result.lhr.audits;
  // A trace now and then comes back unusable on a busy machine (NO_NAVSTART, NO_FCP): measured again, twice at most.
  if (result.lhr.runtimeError) {
    if (attempt < 3) return measure(url, port, preset, attempt + 1);
    throw new Error(`Lighthouse: ${result.lhr.runtimeError.message}`);
  }
  const scripts = (
    audits['resource-summary']?.details as { items?: Array<{ resourceType: string; transferSize: number }> }
  )?.items?.find((i) => i.resourceType === 'script');
  const lcpElement = (
    audits['largest-contentful-paint-element']?.details as {
      items?: Array<{ items?: Array<{ node?: { nodeLabel?: string; selector?: string } }> }>;
    }
  )?.items?.[0]?.items?.[0]?.node;
  return {
    lcp: audits['largest-contentful-paint']?.numericValue ?? NaN,
    fcp: audits['first-contentful-paint']?.numericValue ?? NaN,
    js: scripts?.transferSize ?? 0,
    element: lcpElement ? `${lcpElement.selector ?? ''} "${(lcpElement.nodeLabel ?? '').slice(0, 40)}"` : '?',
  };
}

export async function runPagesSection(): Promise<void> {
  heading('Public pages (Lighthouse)');
  const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromePath)) {
    row('pages', `skipped: no Chromium at ${chromePath} (apt-get install chromium, or set CHROMIUM_PATH)`);
    return;
  }
  if (!existsSync(path.join(root, 'dist/web/index.html'))) {
    const built = spawnSync('npm', ['run', '-s', 'build:web'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build:web failed');
  }
  const runs = Math.max(1, Number(process.env.BENCH_PAGES_RUNS) || 1);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cfc-bench-pages-'));
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  let chrome: chromeLauncher.LaunchedChrome | null = null;
  try {
    const t0 = performance.now();
    const code = await prepare(dataDir);
    server = await startServer({ BENCH_SERVER_DATA_DIR: dataDir, BENCH_SERVER_SERVE_WEB: '1' });
    row('database', `PGlite with the demo, prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    chrome = await chromeLauncher.launch({
      chromePath,
      chromeFlags: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    const pages = [
      { name: 'portal /cong-khai', path: '/cong-khai' },
      { name: `posting /cong-khai/${POSTED_COMMUNE}`, path: `/cong-khai/${POSTED_COMMUNE}` },
      { name: 'survey /khao-sat?ma=…', path: `/khao-sat?ma=${encodeURIComponent(code)}` },
    ];
    // A first load of each page warms the server (module loading, query plans), not the browser: each run is cold.
    for (const page of pages) await fetch(`${server.url}${page.path}`).then((r) => r.text());
    // The server's part: the page with its data (two or one API answers asked in-process), compressed, to the last byte.
    for (const page of pages) {
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        await fetch(`${server.url}${page.path}`).then((r) => r.arrayBuffer());
        times.push(performance.now() - t);
      }
      row(`server, ${page.name}`, `median ${median(times).toFixed(1)} ms over 10 requests (HTML with its data)`);
    }
    row(
      'load average (1, 5, 15 min)',
      os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(', '),
    );
    row('goals', `LCP < ${LCP_GOAL} ms (mobile, slow 4G), JavaScript < ${JS_BUDGET / 1024} KB transferred`);
    for (const preset of ['mobile', 'desktop'] as const)
      for (const page of pages) {
        const results: Measure[] = [];
        for (let i = 0; i < runs; i++) results.push(await measure(`${server.url}${page.path}`, chrome.port, preset));
        const lcp = median(results.map((r) => r.lcp));
        const fcp = median(results.map((r) => r.fcp));
        const js = median(results.map((r) => r.js));
        const each = runs > 1 ? ` (${results.map((r) => r.lcp.toFixed(0)).join(', ')})` : '';
        row(
          `${preset.padEnd(7)} ${page.name}`,
          `LCP ${lcp.toFixed(0)} ms${each} ${goal(lcp < LCP_GOAL)}; FCP ${fcp.toFixed(0)} ms; ` +
            `JS ${(js / 1024).toFixed(1)} KB ${goal(js < JS_BUDGET)}`,
        );
        row('', `LCP element: ${results[results.length - 1]!.element}`);
      }
    row(
      'load average after (1, 5, 15 min)',
      os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(', '),
    );
  } finally {
    chrome?.kill();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
