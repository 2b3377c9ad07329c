// Translation namespaces: one shared list (src/i18n/namespaces.ts) for the server, which bundles every
// file, and the web app, which bundles Vietnamese `common` and loads the rest per page. Each page's list
// in src/web/main.tsx must cover every namespace its code can use, or it would show raw keys.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { bundledNamespace, locales, namespaces } from '../../src/i18n/namespaces.ts';
import { resources } from '../../src/i18n/resources.ts';
import { translator } from '../../src/i18n/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const mainFile = path.join(root, 'src/web/main.tsx');
const keyPrefix = new RegExp(`['"\`](${namespaces.join('|')}):`, 'g');
// `import type` is erased from the build, so it is not followed.
const staticImport = /(?:^|[;\s])(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g;
const dynamicImport = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
// A component that names its namespaces waits for them itself (react-i18next suspends until loaded).
const selfLoading = /useTranslation\(\s*(\[[^\]]*\]|'[^']*')/g;

function resolve(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const file of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')])
    if (/\.tsx?$/.test(file) && existsSync(file)) return file;
  return null;
}

const sources = new Map<string, string>();
const read = (file: string) => sources.get(file) ?? (sources.set(file, readFileSync(file, 'utf8')), sources.get(file)!);

/** Namespaces a file's keys use, less those it waits for itself. */
function namespacesOf(file: string): Set<string> {
  const text = read(file);
  const used = new Set([...text.matchAll(keyPrefix)].map((m) => m[1]!));
  for (const m of text.matchAll(selfLoading)) for (const ns of m[1]!.matchAll(/'([^']+)'/g)) used.delete(ns[1]!);
  return used;
}

/** The files reachable from `start` (through `import()` too when `dynamic`), with the namespaces each uses. */
function graph(start: string, dynamic: boolean): Map<string, Set<string>> {
  const seen = new Map<string, Set<string>>();
  const queue = [start];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.set(file, namespacesOf(file));
    const text = read(file);
    const specs = [...text.matchAll(staticImport), ...(dynamic ? text.matchAll(dynamicImport) : [])].map((m) => m[1]!);
    for (const spec of specs) {
      const next = resolve(file, spec);
      if (next && !seen.has(next)) queue.push(next);
    }
  }
  return seen;
}

const rel = (file: string) => path.relative(root, file);

/** Each `lazyPage(() => import('./x'), ['ns', …])` in main.tsx: the page's file and its list. */
function pages(): Array<{ file: string; declared: string[] }> {
  const text = read(mainFile);
  const found = [...text.matchAll(/lazyPage\(\s*\(\)\s*=>\s*import\('([^']+)'\)[^[]*?,\s*\[([^\]]*)\]\s*,?\s*\)/g)].map(
    (m) => ({
      file: resolve(mainFile, m[1]!)!,
      declared: [...m[2]!.matchAll(/'([^']+)'/g)].map((n) => n[1]!),
    }),
  );
  // Every call is understood here, and no page loads through plain React.lazy, so none escapes the check.
  expect(found.length).toBe(text.match(/lazyPage\(/g)!.length);
  expect(text).not.toMatch(/\blazy\(/);
  return found;
}

describe('one list of namespaces', () => {
  test('names exactly the translation files of each language', () => {
    for (const lng of locales) {
      const files = readdirSync(path.join(root, 'src/i18n/locales', lng))
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -'.json'.length));
      expect(files.sort(), lng).toEqual([...namespaces].sort());
    }
  });

  test('the server holds every namespace of both languages and translates from each', () => {
    for (const lng of locales) {
      expect(Object.keys(resources[lng]).sort(), lng).toEqual([...namespaces].sort());
      const t = translator(lng);
      for (const ns of namespaces) {
        const [first] = Object.keys(resources[lng][ns]);
        expect(first, `${lng}/${ns} is empty`).toBeDefined();
        // A key resolves to something other than itself: the namespace is loaded, synchronously.
        expect(t(`${ns}:${first}`, { returnObjects: true }), `${lng}/${ns}`).not.toBe(`${ns}:${first}`);
      }
    }
  });
});

describe('the web app loads what each page uses', () => {
  test('the main bundle uses only the bundled namespace (pages and the shell load theirs)', () => {
    const used = new Map<string, string[]>();
    for (const [file, ns] of graph(mainFile, false)) {
      const extra = [...ns].filter((n) => n !== bundledNamespace);
      if (extra.length) used.set(rel(file), extra);
    }
    expect(Object.fromEntries(used)).toEqual({});
  });

  test("each page's list covers the namespaces of all the code it can render", () => {
    const list = pages();
    expect(list.length).toBeGreaterThan(30);
    const missing: Record<string, string[]> = {};
    for (const { file, declared } of list) {
      expect(file, 'a page file main.tsx names').toBeTruthy();
      for (const n of declared) expect(namespaces as readonly string[], `${rel(file)} declares ${n}`).toContain(n);
      const need = new Set<string>();
      for (const ns of graph(file, true).values()) for (const n of ns) need.add(n);
      const lacking = [...need].filter((n) => n !== bundledNamespace && !declared.includes(n)).sort();
      if (lacking.length) missing[rel(file)] = lacking;
    }
    expect(missing).toEqual({});
  });

  test('the checker is live: a key of an undeclared namespace in a page is found', () => {
    const login = pages().find((p) => p.file.endsWith('LoginPage.tsx'))!;
    const used = new Set<string>();
    for (const ns of graph(login.file, true).values()) for (const n of ns) used.add(n);
    expect(used).toContain('auth');
    expect(login.declared).toContain('auth');
  });
});
