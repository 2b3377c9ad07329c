// Every table a province owns carries a required province key, so the data can be distributed by province
// (docs/scaling.md). A table that is not province-owned must be listed below with why; a new table that
// is neither fails this test.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/server.ts';

/** Tables shared by every province (Citus reference tables) or not owned by one, with the reason. */
const NOT_PROVINCE_OWNED: Record<string, string> = {
  unit: 'the administrative units themselves: a reference table',
  unit_lineage: 'lineage between units of any province: a reference table',
  rule_set: 'national rule sets: a reference table',
  period: 'assessment periods: a reference table',
  questionnaire: 'national questionnaires: a reference table',
  circumstance_group: 'the groups of Luật Trẻ em Art. 10 and their sub-groups: a reference table',
  holiday_adjustment: 'the national calendar: a reference table',
  app_user: 'accounts may hold roles in several units',
  user_role: 'roles of national, provincial and commune accounts',
  session: 'sessions belong to accounts',
  notification: 'messages to an account',
  audit_log:
    'hash-chained per province in column chain (migrations/0019_audit_chains.sql), but national actions (0) and rows before 0019 (null) belong to no province',
  survey_code_failure: 'keyed hashes of senders’ addresses for flood control, not tied to any unit',
  schema_migration: 'the migration ledger',
  boundary_import:
    'versions of imported boundary files; a national file belongs to no province (its unit_boundary rows carry the key)',
  idempotency_key: 'replayed answers keyed by route and account, kept a day',
  retention_setting: 'national retention periods: a reference table',
  privacy_erasure: 'the log of erasures of children and of accounts; an account belongs to no province',
  dashboard_epoch:
    'counters that invalidate the dashboards’ cache, one per province and 0 for national tables (migrations/0021_dashboard_epochs.sql): no province’s data',
};

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ demo: false });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('province key', () => {
  it('is present, required and filled on every province-owned table', async () => {
    const tables = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(
      t.database.db,
    );
    const keyed = await sql<{ table_name: string; is_nullable: string }>`
      SELECT table_name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'province_id'`.execute(
      t.database.db,
    );
    const key = new Map(keyed.rows.map((r) => [r.table_name, r.is_nullable]));
    const names = tables.rows.map((r) => r.table_name);
    expect(names.length).toBeGreaterThan(40);
    const missing = names.filter((n) => !(n in NOT_PROVINCE_OWNED) && key.get(n) !== 'NO');
    expect(missing, 'province-owned tables without a required province_id').toEqual([]);
    // The allow-list names only tables that exist and lack a required key.
    expect(Object.keys(NOT_PROVINCE_OWNED).filter((n) => !names.includes(n))).toEqual([]);
    expect(Object.keys(NOT_PROVINCE_OWNED).filter((n) => key.get(n) === 'NO')).toEqual([]);
  });

  it('fills the key from the parent row when an insert leaves it out', async () => {
    const db = t.database.db;
    const commune = await db
      .selectFrom('unit')
      .select(['id', 'parent_id'])
      .where('level', '=', 'commune')
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow();
    const rs = await db.selectFrom('rule_set').select('id').executeTakeFirstOrThrow();
    const period = await db
      .insertInto('period')
      .values({ year: 2031, starts_on: '2031-01-01', ends_on: '2031-12-31' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const a = await db
      .insertInto('assessment')
      .values({ unit_id: commune.id, period_id: period.id, rule_set_id: rs.id, category: 'other' })
      .returning(['id', 'province_id'])
      .executeTakeFirstOrThrow();
    expect(a.province_id).toBe(commune.parent_id);
    const v = await db
      .insertInto('assessment_value')
      .values({ assessment_id: a.id, code: 'pop.children', value: JSON.stringify(10) })
      .returning('province_id')
      .executeTakeFirstOrThrow();
    expect(v.province_id).toBe(commune.parent_id);
  });
});
