// Migration 0025: a database that already holds qd06-2019 (stored before inputs could say they are
// sensitive) gets the flag on the nine sensitive counts, in the preset and in the ministry's copies, and
// no score changes; an input that already says, and other rule sets, are left alone; running it twice
// changes nothing more.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import preset from '../../src/core/rule-sets/presets/qd06-2019.json';
import { RuleSetDefinition } from '../../src/core/rule-sets/schema.ts';
import { score } from '../../src/core/scoring/engine.ts';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { migrationsDir } from '../../src/server/db/migrate.ts';
import { openTestDatabase } from '../support/db.ts';
import { fullMarks } from '../support/fixtures.ts';

const SENSITIVE = [
  'C03.abused',
  'C03.supported',
  'C04.children',
  'C05.injured',
  'C05.deaths',
  'C06.special',
  'C06.supported',
  'C06.cases',
  'C06.planned',
];

/** The preset as databases stored it before 0025: no input says whether it is sensitive. */
function before(): Record<string, unknown> & { inputs: Array<Record<string, unknown>> } {
  const def = structuredClone(preset) as unknown as Record<string, unknown> & {
    inputs: Array<Record<string, unknown>>;
  };
  for (const input of def.inputs) delete input.sensitive;
  return def;
}

let handle: DatabaseHandle;
let migration: string;
beforeAll(async () => {
  handle = await openTestDatabase();
  migration = await readFile(path.join(migrationsDir, '0025_sensitive_inputs.sql'), 'utf8');
});
afterAll(() => handle?.close());

const definitionOf = async (code: string, version: number) =>
  (
    await handle.db
      .selectFrom('rule_set')
      .select('definition')
      .where('code', '=', code)
      .where('version', '=', version)
      .executeTakeFirstOrThrow()
  ).definition as { inputs: Array<{ code: string; sensitive?: boolean }> };

describe('0025_sensitive_inputs', () => {
  it('flags the nine counts in the preset and its copies, leaves what already says and other rule sets, changes no score', async () => {
    const copy = before();
    copy.inputs.find((i) => i.code === 'C05.injured')!.sensitive = false; // the ministry said so in a copy
    const other = { ...before(), code: 'khac-2026' };
    await handle.db
      .insertInto('rule_set')
      .values([
        {
          code: 'qd06-2019',
          version: 1,
          status: 'published',
          definition: JSON.stringify(before()),
          published_at: new Date(),
        },
        { code: 'qd06-2019', version: 2, status: 'draft', definition: JSON.stringify(copy) },
        {
          code: 'khac-2026',
          version: 1,
          status: 'published',
          definition: JSON.stringify(other),
          published_at: new Date(),
        },
      ])
      .execute();

    await handle.exec(migration);

    const v1 = await definitionOf('qd06-2019', 1);
    expect(v1.inputs.filter((i) => i.sensitive === true).map((i) => i.code)).toEqual(SENSITIVE);
    expect(v1.inputs.filter((i) => 'sensitive' in i)).toHaveLength(SENSITIVE.length);
    // The stored preset is now the preset as shipped, flag for flag.
    expect(v1).toEqual(preset);
    const v2 = await definitionOf('qd06-2019', 2);
    expect(v2.inputs.find((i) => i.code === 'C05.injured')!.sensitive).toBe(false);
    expect(v2.inputs.filter((i) => i.sensitive === true)).toHaveLength(SENSITIVE.length - 1);
    expect((await definitionOf('khac-2026', 1)).inputs.some((i) => 'sensitive' in i)).toBe(false);

    // Same scores from the definition before and after, for full marks and for a commune with small counts.
    const values = [
      fullMarks(),
      { ...fullMarks(), 'C03.abused': 1, 'C03.supported': 1, 'C05.deaths': 1, 'C06.special': 24, 'C06.supported': 22 },
    ];
    for (const v of values)
      expect(score(RuleSetDefinition.parse(v1), '1', 'other', v)).toEqual(
        score(RuleSetDefinition.parse(before()), '1', 'other', v),
      );

    await handle.exec(migration);
    expect(await definitionOf('qd06-2019', 1)).toEqual(v1);
    expect(await definitionOf('qd06-2019', 2)).toEqual(v2);
  });
});
