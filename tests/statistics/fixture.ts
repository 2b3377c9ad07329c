// A hand-built register in two communes of one province (and a stranger commune of another province), whose
// counted statistics over the period 15/12/2025–14/06/2026 are known by construction: the expected maps below
// are written out by hand, not computed by the code under test.
import type { Kysely } from 'kysely';
import { INJURY_CAUSES } from '../../src/core/reports/statistics.ts';
import { searchKey } from '../../src/core/register/records.ts';
import type { Database, ProtectionCaseTable } from '../../src/server/db/schema.ts';

export const PERIOD = { from: '2025-12-15', to: '2026-06-14' };

export interface Built {
  provinceId: number;
  communeA: number;
  communeB: number;
  stranger: number;
}

async function place(db: Kysely<Database>, unitId: number, provinceId: number) {
  const own = { unit_id: unitId, province_id: provinceId };
  const village = (
    await db
      .insertInto('village')
      .values({ ...own, name: 'Thôn 1' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const household = (
    await db
      .insertInto('household')
      .values({ ...own, village_id: village, code: `H${unitId}`, head_name: 'Chủ hộ' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  let n = 0;
  const child = async (birth: string, more: { died?: string; moved?: string } = {}) =>
    (
      await db
        .insertInto('child')
        .values({
          ...own,
          village_id: village,
          household_id: household,
          code: `C${unitId}-${++n}`,
          full_name: `Trẻ ${n}`,
          search_name: searchKey(`Trẻ ${n}`),
          birth_date: birth,
          sex: n % 2 ? 'female' : 'male',
          died_on: more.died ?? null,
          moved_out_on: more.moved ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const kase = (
    childId: number,
    c: {
      kind: ProtectionCaseTable['kind'];
      occurred: string;
      reported?: string;
      abuse?: string;
      cause?: (typeof INJURY_CAUSES)[number] | null;
      approved?: string;
    },
  ) =>
    db
      .insertInto('protection_case')
      .values({
        ...own,
        child_id: childId,
        kind: c.kind,
        abuse_kind: c.abuse ?? null,
        cause: c.cause ?? null,
        occurred_on: c.occurred,
        reported_on: c.reported ?? c.occurred,
        plan_approved_on: c.approved ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  const hazard = (h: { found: string; fenced?: string; signposted?: string; fixed?: string }) =>
    db
      .insertInto('hazard_site')
      .values({
        ...own,
        village_id: village,
        kind: 'pond',
        place: 'Ao',
        found_on: h.found,
        fenced_on: h.fenced ?? null,
        signposted_on: h.signposted ?? null,
        fixed_on: h.fixed ?? null,
      })
      .execute();
  return { own, child, kase, hazard };
}

export async function buildRegister(db: Kysely<Database>): Promise<Built> {
  const provinces = await db
    .selectFrom('unit')
    .select('id')
    .where('level', '=', 'province')
    .where('valid_to', 'is', null)
    .orderBy('id')
    .limit(2)
    .execute();
  const communesOf = (p: number) =>
    db
      .selectFrom('unit')
      .select('id')
      .where('parent_id', '=', p)
      .where('level', '=', 'commune')
      .where('valid_to', 'is', null)
      .orderBy('id')
      .limit(2)
      .execute();
  const provinceId = provinces[0]!.id;
  const [a, b] = await communesOf(provinceId);
  const [s] = await communesOf(provinces[1]!.id);
  const built = { provinceId, communeA: a!.id, communeB: b!.id, stranger: s!.id };

  // Commune A.
  const A = await place(db, built.communeA, provinceId);
  const special = await A.child('2015-01-01'); // in a special circumstance, supported in the period
  await db
    .insertInto('child_circumstance')
    .values({ ...A.own, child_id: special, group_code: 'd', started_on: '2020-01-01' })
    .execute();
  await db
    .insertInto('child_support')
    .values({ ...A.own, child_id: special, kind: 'Trợ cấp', given_on: '2026-02-01', provider: 'UBND xã' })
    .execute();
  const special2 = await A.child('2014-02-02'); // special, supported only after the cut-off
  await db
    .insertInto('child_circumstance')
    .values({ ...A.own, child_id: special2, group_code: 'a', started_on: '2021-01-01' })
    .execute();
  await db
    .insertInto('child_support')
    .values({ ...A.own, child_id: special2, kind: 'Trợ cấp', given_on: '2026-06-20', provider: 'UBND xã' })
    .execute();
  // Every form of abuse, once each; the sexual abuse with a plan approved before the cut-off.
  for (const [i, form] of ['sexual', 'physical', 'emotional', 'neglect', 'exploitation'].entries()) {
    const c = await A.child(`2012-0${i + 1}-10`);
    await A.kase(c, {
      kind: 'abuse',
      abuse: form,
      occurred: '2026-03-01',
      ...(form === 'sexual' ? { approved: '2026-03-05' } : {}),
    });
  }
  const lateReport = await A.child('2013-03-03'); // abused before the cut-off, reported after it: not counted
  await A.kase(lateReport, { kind: 'abuse', abuse: 'physical', occurred: '2026-06-10', reported: '2026-06-20' });
  const afterCutoff = await A.child('2013-04-04'); // injured after the cut-off: not counted
  await A.kase(afterCutoff, { kind: 'injury', cause: 'traffic', occurred: '2026-06-20' });
  const before = await A.child('2013-05-05'); // injured before the period began: not counted
  await A.kase(before, { kind: 'injury', cause: 'fall', occurred: '2025-12-14' });
  for (const kind of ['abandonment', 'trafficking', 'law_violation', 'drug_use', 'child_labour'] as const)
    await A.kase(await A.child('2011-06-06'), { kind, occurred: '2026-02-02' });
  // Every cause of injury, once each; the drowned child also drowned a second time (counted once).
  for (const cause of INJURY_CAUSES) {
    const c = await A.child('2016-06-06');
    await A.kase(c, { kind: 'injury', cause, occurred: '2026-04-01' });
    if (cause === 'drowning') await A.kase(c, { kind: 'injury', cause, occurred: '2026-05-01' });
  }
  // Deaths: one drowned, one in traffic, one recorded before causes existed; dead children are not in the population.
  await A.kase(await A.child('2017-07-07', { died: '2026-05-01' }), {
    kind: 'death',
    cause: 'drowning',
    occurred: '2026-05-01',
  });
  await A.kase(await A.child('2018-08-08', { died: '2026-01-10' }), {
    kind: 'death',
    cause: 'traffic',
    occurred: '2026-01-10',
  });
  await A.kase(await A.child('2019-09-09', { died: '2026-02-10' }), { kind: 'death', occurred: '2026-02-10' });
  await A.child('2018-01-01', { moved: '2026-03-01' }); // moved out before the cut-off: not counted
  await A.child('2011-01-01', { moved: '2026-07-01' }); // moved out after the cut-off: counted
  await A.child('2022-01-01'); // under 6
  await A.child('2020-06-14'); // 6 on the last day: not under 6
  await A.child('2010-06-14'); // 16 on the last day: no longer a child
  await A.child('2026-06-20'); // born after the cut-off
  // Hazard sites as the list stood on 14/06/2026.
  await A.hazard({ found: '2025-01-01', fenced: '2025-06-01' }); // open, fenced
  await A.hazard({ found: '2026-01-01', signposted: '2026-02-01' }); // open, signposted
  await A.hazard({ found: '2026-01-01', fixed: '2026-07-01' }); // fixed after the cut-off: still open, unsafe
  await A.hazard({ found: '2025-05-05', fixed: '2026-03-03' }); // fixed
  await A.hazard({ found: '2026-06-20' }); // found after the cut-off: not listed
  await A.hazard({ found: '2026-01-01', fenced: '2026-06-30' }); // fenced after the cut-off: unsafe
  // A forum of 25 children in the period, with two recommendations, one answered by the cut-off.
  const forum = await db
    .insertInto('child_forum')
    .values({
      ...A.own,
      kind: 'forum',
      held_on: '2026-05-30',
      level: 'commune',
      title: 'Diễn đàn trẻ em',
      boys_11to15: 12,
      girls_11to15: 13,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('forum_recommendation')
    .values([
      { ...A.own, forum_id: forum.id, text: 'Rào ao', agency: 'UBND xã', answered_on: '2026-06-01', answer: 'Đã rào' },
      {
        ...A.own,
        forum_id: forum.id,
        text: 'Sân chơi',
        agency: 'UBND xã',
        answered_on: '2026-06-30',
        answer: 'Sẽ làm',
      },
    ])
    .execute();

  // Commune B: two children, one emotionally abused and supported, one hazard fenced.
  const B = await place(db, built.communeB, provinceId);
  const b1 = await B.child('2012-12-12');
  await B.child('2024-04-04');
  const bc = await B.kase(b1, { kind: 'abuse', abuse: 'emotional', occurred: '2026-01-15' });
  await db
    .insertInto('child_support')
    .values({ ...B.own, child_id: b1, kind: 'Tư vấn', given_on: '2026-01-20', provider: 'CTXH', case_id: bc.id })
    .execute();
  await B.hazard({ found: '2025-01-01', fenced: '2025-02-01' });

  // A commune of another province: never counted in this province.
  const S = await place(db, built.stranger, provinces[1]!.id);
  await S.kase(await S.child('2015-05-05'), { kind: 'abuse', abuse: 'sexual', occurred: '2026-03-01' });
  return built;
}

/** Commune A's counted statistics over PERIOD, by hand (codes not listed are 0). */
export const EXPECTED_A: Record<string, number> = {
  // alive on 14/06/2026 and under 16: special, special2, 5 abused, lateReport, afterCutoff, before, 5 other
  // kinds, 9 injured, moved-after, under-6, 6-year-old = 27 (not: 3 dead, moved-before, 16-year-old, unborn)
  'children.total': 27,
  'children.under6': 1,
  'children.special': 2,
  'children.special_supported': 1,
  'abuse.total': 5,
  'abuse.sexual': 1,
  'abuse.physical': 1,
  'abuse.emotional': 1,
  'abuse.neglect': 1,
  'abuse.exploitation': 1,
  'abuse.supported': 1,
  'abandonment.total': 1,
  'trafficking.total': 1,
  'law_violation.total': 1,
  'drug_use.total': 1,
  'child_labour.total': 1,
  'injury.total': 9,
  ...Object.fromEntries(INJURY_CAUSES.map((c) => [`injury.${c}`, 1])),
  'death.total': 3,
  'death.drowning': 1,
  'death.traffic': 1,
  'death.unrecorded': 1,
  'drowning.total': 2,
  'hazard.listed': 5,
  'hazard.fixed': 1,
  'hazard.open': 4,
  'hazard.fenced': 1,
  'hazard.signposted': 1,
  'hazard.unsafe': 2,
  'forum.held': 1,
  'forum.children': 25,
  'forum.boys': 12,
  'forum.girls': 13,
  'forum.under30': 1,
  'recommendation.total': 2,
  'recommendation.answered': 1,
};

export const EXPECTED_B: Record<string, number> = {
  'children.total': 2,
  'children.under6': 1,
  'abuse.total': 1,
  'abuse.emotional': 1,
  'abuse.supported': 1,
  'hazard.listed': 1,
  'hazard.open': 1,
  'hazard.fenced': 1,
};
