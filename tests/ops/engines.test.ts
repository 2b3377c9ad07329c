// The Node versions the project promises (package.json "engines", the README) and those its installed packages
// accept agree: a dependency that needs a newer Node (content-disposition@3, cookie@2 and nanoid@6 needed 22)
// fails here even when the tests run on that newer Node.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface Installed {
  where: string;
  version: string;
  node: string;
}

/** Every package under node_modules (nested ones too) that states which Node it runs on. */
function installed(dir = 'node_modules', out: Installed[] = []): Installed[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const at = path.join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      installed(at, out);
      continue;
    }
    const manifest = path.join(at, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string; engines?: { node?: unknown } };
      const node = pkg.engines?.node;
      // A few old packages write a range npm itself cannot read; npm ignores those too.
      if (typeof node === 'string' && semver.validRange(node))
        out.push({ where: at, version: pkg.version ?? '', node });
    }
    if (existsSync(path.join(at, 'node_modules'))) installed(path.join(at, 'node_modules'), out);
  }
  return out;
}

const project = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const oldest = semver.minVersion(project.engines.node)!;
const promised = oldest.major;
const packages = installed();
const shown = (list: Installed[]) => list.map((p) => `${p.where}@${p.version} (node ${p.node})`);

describe('Node versions', () => {
  it('finds the installed packages', () => {
    expect(packages.length).toBeGreaterThan(100);
    expect(packages.some((p) => p.where === path.join('node_modules', 'vite'))).toBe(true);
  });

  it('runs every installed package on this Node', () => {
    expect(shown(packages.filter((p) => !semver.satisfies(process.version, p.node)))).toEqual([]);
  });

  it(`runs every installed package on Node ${oldest.version}, the oldest package.json's engines promise`, () => {
    expect(shown(packages.filter((p) => !semver.satisfies(oldest, p.node)))).toEqual([]);
  });

  it('says the same in the README, in both languages', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain(`Cần Node.js ${promised}`);
    expect(readme).toContain(`Node.js ${promised}`);
    expect(semver.satisfies(process.version, project.engines.node)).toBe(true);
  });
});
