// A save is one read (migrations/0035 assessment_save_read) and one write statement (values, history,
// result and audit row together), and answers with values built from that read and the write's RETURNING:
// the answer must equal what a fresh read finds, every change must leave its history row and the save one
// audit row in an intact chain, and a refused save must store nothing at all.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../src/server/bootstrap.ts';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { readAssessment, saveValues } from '../../src/server/features/assessments/store.ts';
import { verifyAuditChain } from '../../src/server/features/audit/chain.ts';
import { Refusal } from '../../src/server/platform/refusal.ts';
import { openTestDatabase } from '../support/db.ts';
import { fullMarks } from '../support/fixtures.ts';

let handle: DatabaseHandle;
let communeId: number;
let periodId: number;
let userId: number;
const db = () => handle.db;

beforeAll(async () => {
  handle = await openTestDatabase();
  await prepareDatabase(handle, { demo: false });
  communeId = (
    await db()
      .selectFrom('unit')
      .select('id')
      .where('level', '=', 'commune')
      .where('valid_to', 'is', null)
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow()
  ).id;
  periodId = (
    await db()
      .insertInto('period')
      .values({ year: 2032, starts_on: '2032-01-01', ends_on: '2032-12-31' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  userId = (
    await db()
      .insertInto('app_user')
      .values({ username: 'save-values', password_hash: 'x', full_name: 'Cán bộ nhập liệu' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}, 180_000);

afterAll(async () => {
  await handle?.close();
});

/** Everything a save writes for this commune's assessment, to compare before and after. */
async function written() {
  const assessment = await db()
    .selectFrom('assessment')
    .select(['id', 'total', 'result', 'updated_at'])
    .where('unit_id', '=', communeId)
    .where('period_id', '=', periodId)
    .executeTakeFirst();
  const id = assessment?.id ?? -1;
  const count = async (query: ReturnType<typeof sql<{ n: string }>>) => Number((await query.execute(db())).rows[0]!.n);
  return {
    assessment,
    values: await db()
      .selectFrom('assessment_value')
      .selectAll()
      .where('assessment_id', '=', id)
      .orderBy('code')
      .execute(),
    history: await count(sql`SELECT count(*)::text AS n FROM assessment_value_history WHERE assessment_id = ${id}`),
    audits: await count(
      sql`SELECT count(*)::text AS n FROM audit_log WHERE entity = 'assessment' AND entity_id = ${String(id)}`,
    ),
  };
}

describe('saveValues in one read and one write', () => {
  it('answers with the values exactly as a fresh read finds them, one history row per change, one audit row', async () => {
    const first = await saveValues(db(), communeId, periodId, { values: fullMarks() }, { userId });
    expect(first.values).toEqual((await readAssessment(db(), communeId, periodId)).values);

    const before = await written();
    // A changed value with its note, a value adopted from the register, a cleared value and a note alone.
    const saved = await saveValues(
      db(),
      communeId,
      periodId,
      {
        values: { 'C05.deaths': 1, 'pop.children': 2100, 'C13.satisfied': null },
        notes: { 'C05.deaths': 'báo cáo y tế', 'C02.births': 'sổ hộ tịch' },
        origins: { 'pop.children': 'register' },
      },
      { userId, ip: '127.0.0.1' },
    );
    const fresh = await readAssessment(db(), communeId, periodId);
    expect(saved.values).toEqual(fresh.values);
    expect(saved.result).toEqual(fresh.result);
    expect(saved.values['C13.satisfied']).toBeUndefined();
    expect(saved.values['C05.deaths']).toMatchObject({ value: 1, sourceNote: 'báo cáo y tế', origin: 'manual' });
    expect(saved.values['pop.children']).toMatchObject({ value: 2100, origin: 'register' });
    expect(saved.values['C02.births']).toMatchObject({
      value: fullMarks()['C02.births'],
      sourceNote: 'sổ hộ tịch',
      enteredByName: 'Cán bộ nhập liệu',
    });

    const after = await written();
    expect(after.history - before.history).toBe(4);
    expect(after.audits - before.audits).toBe(1);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['before', 'after', 'ip'])
      .where('entity', '=', 'assessment')
      .where('entity_id', '=', String(saved.assessmentId))
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(audit.ip).toBe('127.0.0.1');
    expect(audit.before).toMatchObject({ 'C13.satisfied': { value: fullMarks()['C13.satisfied'], note: '' } });
    expect(audit.after).toMatchObject({
      'C13.satisfied': { value: null },
      'C02.births': { note: 'sổ hộ tịch' },
      total: saved.result.total,
    });
    expect((await verifyAuditChain(db())).intact).toBe(true);
  });

  it('refuses bad input with nothing stored: no value, history, audit row or score changes', async () => {
    const before = await written();
    const refused = await saveValues(
      db(),
      communeId,
      periodId,
      { values: { 'pop.children': 2500, 'C05.deaths': -3 }, notes: { 'no.such.code': 'x' } },
      { userId },
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Refusal);
    expect((refused as Refusal).kind).toBe('invalid');
    expect((refused as Refusal).issues.map((i) => i.field).sort()).toEqual(['C05.deaths', 'no.such.code']);
    expect(await written()).toEqual(before);
  });

  it('answers 404 for an unknown period or unit, before writing anything', async () => {
    const before = await written();
    for (const [unit, period, what] of [
      [communeId, 999_999, 'period'],
      [999_999, periodId, 'unit'],
    ] as const) {
      const refused = await saveValues(db(), unit, period, { values: { 'C05.deaths': 0 } }, { userId }).catch(
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(Refusal);
      expect((refused as Refusal).kind).toBe('not_found');
      expect((refused as Refusal).params.what).toBe(what);
    }
    expect(await written()).toEqual(before);
  });
});
