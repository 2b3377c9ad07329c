// measureStatistics against a register built by hand: every kind of case and every cause, cases after the
// cut-off or reported after it left out, moved-out and dead children, hazard sites fixed after the cut-off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATISTICS } from '../../src/core/reports/statistics.ts';
import { prepareDatabase } from '../../src/server/bootstrap.ts';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { measureStatistics } from '../../src/server/features/statistics/index.ts';
import { openTestDatabase } from '../support/db.ts';
import { buildRegister, EXPECTED_A, EXPECTED_B, PERIOD, type Built } from './fixture.ts';

let handle: DatabaseHandle;
let built: Built;

beforeAll(async () => {
  handle = await openTestDatabase();
  await prepareDatabase(handle, { demo: false });
  built = await buildRegister(handle.db);
}, 120_000);
afterAll(async () => handle?.close());

const counted = STATISTICS.filter((s) => s.kind !== 'rate' && s.source !== 'entered').map((s) => s.code);
const withZeros = (expected: Record<string, number>) =>
  Object.fromEntries(counted.map((code) => [code, expected[code] ?? 0]));

describe('measureStatistics', () => {
  it('counts each commune as its register stood on the last day of the period', async () => {
    const m = await measureStatistics(handle.db, { unitIds: [built.communeA, built.communeB], ...PERIOD });
    expect(m.get(built.communeA)).toEqual(withZeros(EXPECTED_A));
    expect(m.get(built.communeB)).toEqual(withZeros(EXPECTED_B));
  });

  it('never counts another commune, and gives zeros to a commune with nothing', async () => {
    const m = await measureStatistics(handle.db, { unitIds: [built.communeB], ...PERIOD });
    expect([...m.keys()]).toEqual([built.communeB]);
    expect(m.get(built.communeB)!['abuse.sexual']).toBe(0); // the stranger's sexual-abuse case is elsewhere
  });

  it('counts what happened after the cut-off once the period reaches it', async () => {
    const m = await measureStatistics(handle.db, { unitIds: [built.communeA], from: PERIOD.from, to: '2026-07-31' });
    const a = m.get(built.communeA)!;
    expect(a['abuse.physical']).toBe(2); // the case reported on 20/06 now counts
    expect(a['injury.traffic']).toBe(2); // and the injury of 20/06
    expect(a['hazard.fixed']).toBe(2); // the site fixed on 01/07
    expect(a['hazard.listed']).toBe(6); // the site found on 20/06
    expect(a['hazard.fenced']).toBe(2); // the site fenced on 30/06 (the fixed one no longer open)
    expect(a['children.special_supported']).toBe(2); // support given on 20/06
    expect(a['recommendation.answered']).toBe(2);
  });
});
