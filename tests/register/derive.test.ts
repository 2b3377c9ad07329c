// Every count the register gives the criteria, on a hand-built register whose answers are known,
// with the edges that matter: age on the last day, registration within 60 days, cases of the period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema.ts';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { prepareDatabase } from '../../src/server/bootstrap.ts';
import { deriveInputs, derivedRecordIds, DERIVED } from '../../src/server/features/register/derive.ts';
import { searchKey } from '../../src/core/register/records.ts';
import { openTestDatabase } from '../support/db.ts';

let handle: DatabaseHandle;
let db: Kysely<Database>;
let communeId: number;
let otherCommuneId: number;
const ids: Record<string, number> = {};
const period = { startsOn: '2026-01-01', endsOn: '2026-12-31' };

type ChildSpec = {
  birth: string;
  registered?: string;
  education?: string;
  immunized?: string;
  died?: string;
  moved?: string;
};

async function addChild(
  unitId: number,
  provinceId: number,
  villageId: number,
  householdId: number,
  name: string,
  c: ChildSpec,
) {
  const row = await db
    .insertInto('child')
    .values({
      unit_id: unitId,
      province_id: provinceId,
      village_id: villageId,
      household_id: householdId,
      code: name,
      full_name: `Trẻ ${name}`,
      search_name: searchKey(`Trẻ ${name}`),
      birth_date: c.birth,
      sex: 'female',
      birth_registered_on: c.registered ?? null,
      education: c.education ?? null,
      fully_immunized_on: c.immunized ?? null,
      died_on: c.died ?? null,
      moved_out_on: c.moved ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids[name] = row.id;
  return row.id;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  await prepareDatabase(handle, { demo: false });
  db = handle.db;
  const communes = await db
    .selectFrom('unit')
    .select(['id', 'parent_id'])
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .orderBy('id')
    .limit(2)
    .execute();
  communeId = communes[0]!.id;
  otherCommuneId = communes[1]!.id;
  const provinceId = communes[0]!.parent_id!;
  const own = { unit_id: communeId, province_id: provinceId };
  const v1 = (
    await db
      .insertInto('village')
      .values({ ...own, name: 'Thôn 1' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto('village')
    .values({ ...own, name: 'Thôn 2' })
    .execute();
  const h = (
    await db
      .insertInto('household')
      .values({ ...own, village_id: v1, code: 'H1', head_name: 'Chủ hộ' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const add = (name: string, c: ChildSpec) => addChild(communeId, provinceId, v1, h, name, c);
  await add('A', { birth: '2026-03-01', registered: '2026-03-20', immunized: '2026-10-01' }); // born and registered in time, immunised
  await add('B', { birth: '2026-05-01', registered: '2026-08-15' }); // registered after 106 days: not "as prescribed"
  await add('B2', { birth: '2026-10-20', registered: '2026-12-19' }); // registered on day 60: in time
  await add('C', { birth: '2010-12-31' }); // 16 on the last day: no longer counted as a child
  await add('D', { birth: '2011-01-01' }); // 15 on the last day
  await add('E', { birth: '2021-12-31', education: 'preschool' }); // exactly 5: aged 3–5, not under 5
  await add('F', { birth: '2023-06-01', education: 'preschool' }); // 3: weighed twice, latest stunted
  await add('G', { birth: '2018-01-01', died: '2026-06-01' }); // died of an injury in the year
  await add('H', { birth: '2015-05-05' }); // disabled, supported, checked
  await add('I', { birth: '2014-01-01' }); // orphaned until mid-2025 only
  await add('J', { birth: '2012-02-02' }); // sexual abuse, plan in time, supported after the report
  await add('K', { birth: '2013-03-03' }); // abandoned, plan late; an abuse case of the year before
  await add('L', { birth: '2010-06-06' }); // law violation and drug use: one child
  await add('M', { birth: '2019-09-09', moved: '2026-12-31' }); // moved out on the last day
  await add('N', { birth: '2027-01-05' }); // (recorded ahead of time) born after the period
  // A child of another commune must never count here.
  const otherProvince = (
    await db.selectFrom('unit').select('parent_id').where('id', '=', otherCommuneId).executeTakeFirstOrThrow()
  ).parent_id!;
  const ov = (
    await db
      .insertInto('village')
      .values({ unit_id: otherCommuneId, province_id: otherProvince, name: 'Thôn X' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const oh = (
    await db
      .insertInto('household')
      .values({ unit_id: otherCommuneId, province_id: otherProvince, village_id: ov, code: 'OX', head_name: 'X' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await addChild(otherCommuneId, otherProvince, ov, oh, 'Z', { birth: '2026-02-02', registered: '2026-02-03' });

  const dated = { unit_id: communeId, province_id: provinceId };
  await db
    .insertInto('child_health_record')
    .values([
      { ...dated, child_id: ids.F!, kind: 'growth', checked_on: '2026-04-01', underweight: true, stunted: false },
      { ...dated, child_id: ids.F!, kind: 'growth', checked_on: '2026-09-01', underweight: false, stunted: true },
      { ...dated, child_id: ids.E!, kind: 'growth', checked_on: '2026-05-01', underweight: true }, // 5 on the last day: outside C08
      { ...dated, child_id: ids.H!, kind: 'periodic', checked_on: '2026-03-03' },
      { ...dated, child_id: ids.D!, kind: 'periodic', checked_on: '2025-12-31' }, // last year's check
    ])
    .execute();
  await db
    .insertInto('child_circumstance')
    .values([
      { ...dated, child_id: ids.H!, group_code: 'd', started_on: '2020-01-01' },
      { ...dated, child_id: ids.I!, group_code: 'a', started_on: '2019-01-01', ended_on: '2025-06-30' },
    ])
    .execute();
  await db
    .insertInto('child_support')
    .values([
      { ...dated, child_id: ids.H!, kind: 'Trợ cấp xã hội', given_on: '2026-02-02', provider: 'UBND xã' },
      { ...dated, child_id: ids.J!, kind: 'Tư vấn tâm lý', given_on: '2026-03-12', provider: 'Trung tâm CTXH' },
      { ...dated, child_id: ids.K!, kind: 'Hỗ trợ', given_on: '2025-12-01', provider: 'UBND xã' }, // before the period
    ])
    .execute();
  const kase = (
    child: string,
    c: Partial<Database['protection_case']['kind'] extends never ? never : Record<string, unknown>>,
  ) => ({ ...dated, child_id: ids[child]!, occurred_on: '2026-01-01', ...c });
  await db
    .insertInto('protection_case')
    .values([
      kase('J', {
        kind: 'abuse',
        abuse_kind: 'sexual',
        occurred_on: '2026-03-08',
        reported_on: '2026-03-10',
        plan_due_on: '2026-03-17',
        plan_drafted_on: '2026-03-16',
        approval_due_on: '2026-03-18',
        plan_approved_on: '2026-03-18',
      }),
      kase('K', {
        kind: 'abandonment',
        occurred_on: '2026-11-01',
        reported_on: '2026-11-02',
        plan_due_on: '2026-11-09',
        plan_drafted_on: '2026-11-12',
        approval_due_on: '2026-11-16',
        plan_approved_on: '2026-11-13',
      }),
      kase('K', { kind: 'abuse', abuse_kind: 'physical', occurred_on: '2025-12-18', reported_on: '2025-12-20' }),
      kase('G', { kind: 'death', occurred_on: '2026-06-01', reported_on: '2026-06-01' }),
      kase('L', { kind: 'law_violation', reported_on: '2026-04-04', occurred_on: '2026-04-01' }),
      kase('L', { kind: 'drug_use', reported_on: '2026-07-07', occurred_on: '2026-07-01' }),
      kase('D', { kind: 'injury', reported_on: '2026-08-08', occurred_on: '2026-08-08' }),
    ] as never)
    .execute();
}, 120_000);

afterAll(async () => {
  await handle?.close();
});

describe('criterion inputs from the register, as of 31/12/2026', () => {
  it('gives each count its known answer', async () => {
    const counts = (await deriveInputs(db, [communeId, otherCommuneId], period)).get(communeId)!;
    expect(counts).toEqual({
      'pop.children': 10, // A B B2 D E F H I J K (C and L are 16, G died, M moved out, N not yet born)
      'pop.under1': 3, // A B B2
      'pop.age3to5': 2, // E F
      'pop.villages': 2,
      'C02.births': 3, // A B B2
      'C02.registered': 2, // A, B2 (day 60); B late
      'C03.abused': 1, // J (K's abuse was reported in 2025)
      'C03.supported': 1, // J supported after the report
      'C04.children': 1, // L once, though two cases
      'C05.injured': 1, // D
      'C05.deaths': 1, // G
      'C06.special': 1, // H (I's circumstance ended in 2025)
      'C06.supported': 1,
      'C06.cases': 2, // J's sexual abuse, K's abandonment
      'C06.planned': 1, // J in time; K drafted late
      'C07.immunized': 1, // A
      'C08.weighed': 1, // F (E is 5)
      'C08.underweight': 0, // F's latest measurement is not underweight
      'C08.stunted': 1,
      'C09.eligible': 10,
      'C09.checked': 1, // H; D's check was in 2025
      'C10.attending': 2,
      'C11.eligible': 5, // aged 7–15: D H I J K
    });
    expect(Object.keys(counts).sort()).toEqual(DERIVED.map((d) => d.code).sort());
  });

  it('keeps communes apart and leaves out communes without a register', async () => {
    const all = await deriveInputs(db, [communeId, otherCommuneId, 999_999], period);
    expect(all.get(otherCommuneId)!['C02.registered']).toBe(1);
    expect(all.get(otherCommuneId)!['pop.children']).toBe(1);
    expect(all.has(999_999)).toBe(false);
  });

  it('moves with the period: as of 31/12/2025 the older abuse case counts and 2026 births do not', async () => {
    const counts = (await deriveInputs(db, [communeId], { startsOn: '2025-01-01', endsOn: '2025-12-31' })).get(
      communeId,
    )!;
    expect(counts['C03.abused']).toBe(1); // K, reported 20/12/2025
    expect(counts['C03.supported']).toBe(0); // K's support came before the report
    expect(counts['C02.births']).toBe(0);
    expect(counts['C06.special']).toBe(2); // H, and I until 30/06/2025
    expect(counts['pop.children']).toBe(11); // C and L (15), G alive, M still there; A B B2 N not born
  });

  it('names the records behind a count', async () => {
    expect(await derivedRecordIds(db, communeId, period, 'C06.special')).toEqual([ids.H]);
    expect(await derivedRecordIds(db, communeId, period, 'C02.registered')).toEqual(
      [ids.A, ids.B2].sort((a, b) => a! - b!),
    );
    const cases = await derivedRecordIds(db, communeId, period, 'C06.cases');
    expect(cases).toHaveLength(2);
    expect(await derivedRecordIds(db, communeId, period, 'pop.villages')).toHaveLength(2);
  });
});
