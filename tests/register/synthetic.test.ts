// The synthetic register generator: row counts, plausible dates and ages, determinism for a seed,
// and a register that gives the derived inputs something to count.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { prepareDatabase } from '../../src/server/bootstrap.ts';
import { deriveInputs } from '../../src/server/features/register/derive.ts';
import {
  generateRegister,
  type SyntheticOptions,
  type SyntheticSummary,
} from '../../src/server/demo/synthetic-register.ts';
import { EDUCATION, searchKey } from '../../src/core/register/records.ts';
import { openTestDatabase } from '../support/db.ts';

const AS_OF = '2026-06-30';
const PER_COMMUNE = 500;
const SEED = 7;

let first: DatabaseHandle;
let second: DatabaseHandle | undefined;
let communes: { id: number; provinceId: number }[];
let summary: SyntheticSummary;
const progress: [number, number][] = [];

/** Three communes of the first current province, and a user to own the rows. */
async function setUp(handle: DatabaseHandle) {
  await prepareDatabase(handle, { demo: false });
  const province = await handle.db
    .selectFrom('unit')
    .select('id')
    .where('level', '=', 'province')
    .where('valid_to', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const rows = await handle.db
    .selectFrom('unit')
    .select('id')
    .where('parent_id', '=', province.id)
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .orderBy('id')
    .limit(3)
    .execute();
  const user = await handle.db
    .insertInto('app_user')
    .values({ username: 'synthetic', password_hash: 'x', full_name: 'Synthetic' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { communes: rows.map((r) => ({ id: r.id, provinceId: province.id })), userId: user.id };
}

const options = (c: typeof communes, userId: number, extra: Partial<SyntheticOptions> = {}): SyntheticOptions => ({
  seed: SEED,
  asOf: AS_OF,
  communes: c,
  childrenPerCommune: PER_COMMUNE,
  userId,
  ...extra,
});

beforeAll(async () => {
  first = await openTestDatabase();
  const setup = await setUp(first);
  communes = setup.communes;
  summary = await generateRegister(
    first.db,
    options(communes, setup.userId, { onProgress: (done, total) => progress.push([done, total]) }),
  );
}, 120_000);

afterAll(async () => {
  await first?.close();
  await second?.close();
});

const count = async (handle: DatabaseHandle, table: string) =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(handle.db)).rows[0]!.n);

/** Everything the generator wrote, ids included, in a stable order. */
async function dump(handle: DatabaseHandle) {
  const q = (table: string, order: string) =>
    sql
      .raw(`SELECT * FROM ${table} ORDER BY ${order}`)
      .execute(handle.db)
      .then((r) => r.rows.map((row) => ({ ...(row as object), updated_at: undefined, created_at: undefined })));
  return {
    villages: await q('village', 'id'),
    households: await q('household', 'id'),
    children: await q('child', 'id'),
    circumstances: await q('child_circumstance', 'id'),
    supports: await q('child_support', 'id'),
    health: await q('child_health_record', 'id'),
    cases: await q('protection_case', 'id'),
  };
}

describe('generateRegister', () => {
  it('writes the rows it reports, for each commune', async () => {
    expect(summary.children).toBe(3 * PER_COMMUNE);
    expect(await count(first, 'child')).toBe(summary.children);
    expect(await count(first, 'village')).toBe(summary.villages);
    expect(await count(first, 'household')).toBe(summary.households);
    expect(await count(first, 'child_circumstance')).toBe(summary.circumstances);
    expect(await count(first, 'child_support')).toBe(summary.supports);
    expect(await count(first, 'child_health_record')).toBe(summary.healthRecords);
    expect(await count(first, 'protection_case')).toBe(summary.cases);
    expect(progress.at(-1)).toEqual([summary.children, summary.children]);

    const perCommune = await first.db
      .selectFrom('child')
      .select([
        'unit_id',
        'province_id',
        sql<string>`count(*)`.as('n'),
        sql<string>`count(DISTINCT village_id)`.as('villages'),
        sql<string>`count(DISTINCT household_id)`.as('households'),
      ])
      .groupBy(['unit_id', 'province_id'])
      .orderBy('unit_id')
      .execute();
    expect(perCommune.map((r) => [r.unit_id, r.province_id, Number(r.n)])).toEqual(
      communes.map((c) => [c.id, c.provinceId, PER_COMMUNE]),
    );
    for (const r of perCommune) {
      expect(Number(r.villages)).toBeGreaterThanOrEqual(8);
      expect(Number(r.villages)).toBeLessThanOrEqual(20);
      // Households of one to three children.
      expect(Number(r.households)).toBeGreaterThanOrEqual(PER_COMMUNE / 3);
      expect(Number(r.households)).toBeLessThan(PER_COMMUNE);
    }
    const villages = await first.db.selectFrom('village').select(['unit_id', 'name']).execute();
    for (const v of villages) expect(v.name).toMatch(/^(Thôn|Tổ dân phố) \d+$/);
    const bigHousehold = await sql<{
      n: string;
    }>`SELECT max(n) AS n FROM (SELECT count(*) AS n FROM child GROUP BY household_id) x`.execute(first.db);
    expect(Number(bigHousehold.rows[0]!.n)).toBeLessThanOrEqual(3);
  });

  it('writes plausible people: names, ages, dates, ID numbers, education', async () => {
    const children = await first.db.selectFrom('child').selectAll().execute();
    const asOf = AS_OF;
    const eighteenBefore = '2008-06-30';
    for (const c of children) {
      expect(c.full_name.split(' ').length).toBe(3);
      expect(c.search_name).toBe(searchKey(c.full_name));
      expect(c.birth_date > eighteenBefore && c.birth_date <= asOf, `birth ${c.birth_date}`).toBe(true);
      for (const d of [c.birth_registered_on, c.fully_immunized_on, c.moved_out_on, c.died_on]) {
        if (d === null) continue;
        expect(d <= asOf, `date ${d} after ${asOf}`).toBe(true);
        expect(d >= c.birth_date, `date ${d} before birth ${c.birth_date}`).toBe(true);
      }
      expect(c.died_on === null || c.moved_out_on === null).toBe(true);
      if (c.id_number !== null) expect(c.id_number).toMatch(/^\d{12}$/);
      expect(EDUCATION).toContain(c.education);
      expect(c.updated_by).not.toBeNull();
    }
    // Every child under 18 on asOf, and a few 16–17; most under 16.
    const ages = await sql<{ age: number; n: string }>`
      SELECT date_part('year', age(${asOf}::date, birth_date))::int AS age, count(*) AS n FROM child GROUP BY 1 ORDER BY 1`.execute(
      first.db,
    );
    expect(Math.max(...ages.rows.map((r) => r.age))).toBeLessThan(18);
    const older = ages.rows.filter((r) => r.age >= 16).reduce((s, r) => s + Number(r.n), 0);
    expect(older).toBeGreaterThan(0);
    expect(older / children.length).toBeLessThan(0.1);
    // Education follows age: nobody under 3 at school, nobody at primary school under 5 or over 12.
    const misplaced = await sql<{ n: string }>`
      SELECT count(*) AS n FROM child, LATERAL (SELECT date_part('year', age(${asOf}::date, birth_date)) AS age) a
      WHERE (a.age < 3 AND education <> 'none') OR (education = 'primary' AND (a.age < 5 OR a.age > 12))
         OR (education = 'upper_secondary' AND a.age < 14)`.execute(first.db);
    expect(Number(misplaced.rows[0]!.n)).toBe(0);
    // ID numbers are unique (the index says so too), about 70% of children have one.
    const withId = children.filter((c) => c.id_number !== null).length;
    expect(new Set(children.map((c) => c.id_number).filter(Boolean)).size).toBe(withId);
    expect(withId / children.length).toBeGreaterThan(0.55);
    expect(withId / children.length).toBeLessThan(0.85);
    // Few left the register; most births registered.
    const left = children.filter((c) => c.died_on || c.moved_out_on).length;
    expect(left / children.length).toBeLessThan(0.05);
    expect(children.filter((c) => c.birth_registered_on).length / children.length).toBeGreaterThan(0.85);
  });

  it('dates every record within the child’s life and never after asOf', async () => {
    const checks = await sql<{ what: string; n: string }>`
      SELECT 'circumstance' AS what, count(*) AS n FROM child_circumstance r JOIN child c ON c.id = r.child_id
        WHERE r.started_on < c.birth_date OR r.started_on > ${AS_OF}::date OR r.ended_on > ${AS_OF}::date OR r.unit_id <> c.unit_id
      UNION ALL SELECT 'support', count(*) FROM child_support r JOIN child c ON c.id = r.child_id
        WHERE r.given_on < c.birth_date OR r.given_on > ${AS_OF}::date OR r.unit_id <> c.unit_id
      UNION ALL SELECT 'health', count(*) FROM child_health_record r JOIN child c ON c.id = r.child_id
        WHERE r.checked_on < c.birth_date OR r.checked_on > ${AS_OF}::date OR r.unit_id <> c.unit_id
          OR (r.kind = 'growth' AND r.checked_on > c.birth_date + interval '5 years')
      UNION ALL SELECT 'case', count(*) FROM protection_case r JOIN child c ON c.id = r.child_id
        WHERE r.occurred_on < c.birth_date OR r.reported_on > ${AS_OF}::date OR r.reported_on < r.occurred_on
          OR r.plan_drafted_on > ${AS_OF}::date OR r.plan_approved_on > ${AS_OF}::date OR r.closed_on > ${AS_OF}::date
          OR r.plan_drafted_on < r.reported_on OR r.plan_approved_on < r.plan_drafted_on OR r.unit_id <> c.unit_id
      UNION ALL SELECT 'plan', count(*) FROM protection_case r
        WHERE (r.kind IN ('abuse', 'abandonment', 'trafficking')) <> (r.plan_due_on IS NOT NULL)
          OR r.plan_due_on <= r.reported_on OR (r.plan_drafted_on IS NULL) <> (r.approval_due_on IS NULL)
          OR r.approval_due_on <= r.plan_drafted_on OR (r.kind = 'abuse') <> (r.abuse_kind IS NOT NULL)`.execute(
      first.db,
    );
    expect(Object.fromEntries(checks.rows.map((r) => [r.what, Number(r.n)]))).toEqual({
      circumstance: 0,
      support: 0,
      health: 0,
      case: 0,
      plan: 0,
    });
    // Circumstances use the groups of the law and the shipped sub-groups, disability (d) the most common.
    const groups = await sql<{
      top: string;
      n: string;
    }>`SELECT split_part(group_code, '.', 1) AS top, count(*) AS n FROM child_circumstance GROUP BY 1 ORDER BY 2 DESC`.execute(
      first.db,
    );
    expect(groups.rows[0]?.top).toBe('d');
    expect(summary.circumstances / summary.children).toBeGreaterThan(0.015);
    expect(summary.circumstances / summary.children).toBeLessThan(0.06);
  });

  it('gives the derived inputs something to count', async () => {
    const counts = await deriveInputs(
      first.db,
      communes.map((c) => c.id),
      { startsOn: '2026-01-01', endsOn: AS_OF },
    );
    expect([...counts.keys()].sort()).toEqual(communes.map((c) => c.id).sort());
    for (const c of communes) {
      const v = counts.get(c.id)!;
      for (const code of [
        'pop.children',
        'pop.under1',
        'pop.age3to5',
        'pop.villages',
        'C02.births',
        'C02.registered',
        'C06.special',
        'C06.supported',
        'C07.immunized',
        'C08.weighed',
        'C09.eligible',
        'C09.checked',
        'C10.attending',
        'C11.eligible',
      ])
        expect(v[code], `${code} of commune ${c.id}`).toBeGreaterThan(0);
      expect(v['pop.children']).toBeGreaterThan(0.85 * PER_COMMUNE);
      expect(v['pop.children']).toBeLessThanOrEqual(PER_COMMUNE);
      expect(v['C06.supported']).toBeLessThanOrEqual(v['C06.special']!);
      expect(v['C07.immunized']! / v['pop.under1']!).toBeGreaterThan(0.7);
      expect(v['C07.immunized']).toBeLessThanOrEqual(v['pop.under1']!);
      expect(v['C08.underweight']).toBeLessThan(v['C08.weighed']!);
      expect(v['C09.checked']! / v['C09.eligible']!).toBeGreaterThan(0.75);
      expect(v['C09.checked']! / v['C09.eligible']!).toBeLessThan(0.95);
      expect(v['C02.registered']).toBeLessThanOrEqual(v['C02.births']!);
    }
  });

  it('refuses a commune that already has a register', async () => {
    await expect(generateRegister(first.db, options(communes.slice(0, 1), 1))).rejects.toThrow(
      /already has a register/,
    );
  });

  it('gives the same rows for the same seed on a database in the same state, other rows for another seed', async () => {
    second = await openTestDatabase();
    const setup = await setUp(second);
    expect(setup.communes).toEqual(communes);
    const again = await generateRegister(second.db, options(setup.communes, setup.userId));
    expect({ ...again, seconds: 0 }).toEqual({ ...summary, seconds: 0 });
    expect(await dump(second)).toEqual(await dump(first));

    // Another seed on other communes of the same database: other people, no clash of ID numbers.
    const others = await second.db
      .selectFrom('unit')
      .select('id')
      .where('parent_id', '=', communes[0]!.provinceId)
      .where('level', '=', 'commune')
      .where('valid_to', 'is', null)
      .orderBy('id')
      .offset(3)
      .limit(3)
      .execute();
    await generateRegister(
      second.db,
      options(
        others.map((o) => ({ id: o.id, provinceId: communes[0]!.provinceId })),
        setup.userId,
        { seed: SEED + 1 },
      ),
    );
    const names = async (ids: number[]) =>
      (
        await second!.db
          .selectFrom('child')
          .select(['full_name', 'birth_date'])
          .where('unit_id', 'in', ids)
          .orderBy('code')
          .orderBy('unit_id')
          .execute()
      ).map((c) => `${c.full_name} ${c.birth_date}`);
    expect(await names(others.map((o) => o.id))).not.toEqual(await names(communes.map((c) => c.id)));
    expect(await count(second, 'child')).toBe(6 * PER_COMMUNE);
  });
});

describe('counting many communes at once', () => {
  it('gives each commune the counts it has alone (the split over two connections adds up exactly)', async () => {
    const db = first.db;
    const province = await db
      .selectFrom('unit')
      .select('id')
      .where('level', '=', 'province')
      .where('valid_to', 'is', null)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const rows = await db
      .selectFrom('unit')
      .select('id')
      .where('parent_id', '=', province.id)
      .where('level', '=', 'commune')
      .where('valid_to', 'is', null)
      .orderBy('id')
      .limit(24)
      .execute();
    const many = rows.map((r) => ({ id: r.id, provinceId: province.id }));
    await generateRegister(db, { seed: 11, asOf: AS_OF, communes: many, childrenPerCommune: 40 });
    const period = { startsOn: '2026-01-01', endsOn: '2026-12-31' };
    const together = await deriveInputs(
      db,
      many.map((c) => c.id),
      period,
    );
    expect(together.size).toBe(24);
    for (const c of many) {
      const alone = await deriveInputs(db, [c.id], period);
      expect(together.get(c.id)).toEqual(alone.get(c.id));
    }
  });
});
