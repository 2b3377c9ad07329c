// Test data for groupings and stratified re-checks: a grouping file built from the lineage of Thái Nguyên's
// communes (the group names are the real former districts'; which old communes go where is made up for the
// test, in blocks of the current communes' order), and recognised dossiers of chosen communes in the demo's round.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema.ts';

export const DISTRICTS = ['Huyện Đại Từ', 'Huyện Định Hóa', 'Huyện Phú Lương', 'Huyện Võ Nhai'];

export async function thaiNguyen(db: Kysely<Database>) {
  const province = await db
    .selectFrom('unit')
    .select('id')
    .where('code', '=', '19')
    .where('level', '=', 'province')
    .where('valid_to', 'is', null)
    .executeTakeFirstOrThrow();
  const communes = await db
    .selectFrom('unit')
    .select(['id', 'code', 'name'])
    .where('parent_id', '=', province.id)
    .where('valid_to', 'is', null)
    .orderBy('code')
    .execute();
  const lineage = await db
    .selectFrom('unit_lineage as l')
    .innerJoin('unit as o', 'o.id', 'l.predecessor_id')
    .select(['l.successor_id', 'o.code'])
    .where(
      'l.successor_id',
      'in',
      communes.map((c) => c.id),
    )
    .orderBy('o.code')
    .execute();
  const predecessors = new Map<number, string[]>();
  for (const l of lineage) predecessors.set(l.successor_id, [...(predecessors.get(l.successor_id) ?? []), l.code]);
  return { provinceId: province.id, communes, predecessors };
}

/**
 * `perDistrict` current communes to each district, in code order: every old commune of theirs is listed
 * under that district (an old commune split between two is listed once, under the first).
 */
export function formerDistrictCsv(
  communes: { id: number; code: string }[],
  predecessors: Map<number, string[]>,
  perDistrict: number,
) {
  const chosen = communes.filter((c) => (predecessors.get(c.id) ?? []).length > 0);
  const expected = new Map<number, string>();
  const listed = new Set<string>();
  const lines = ['Mã xã cũ;Huyện cũ;Mã huyện'];
  DISTRICTS.forEach((district, d) => {
    for (const c of chosen.slice(d * perDistrict, (d + 1) * perDistrict)) {
      expected.set(c.id, district);
      for (const code of predecessors.get(c.id)!) {
        if (listed.has(code)) continue;
        listed.add(code);
        lines.push(`${code};${district};${String(160 + d)}`);
      }
    }
  });
  return { csv: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`), expected };
}

/** A recognised dossier of each commune in the round (an assessment of the round's period made if needed). */
export async function recognise(db: Kysely<Database>, roundId: number, unitIds: number[]) {
  const round = await db
    .selectFrom('round')
    .select(['period_id', 'rule_set_id'])
    .where('id', '=', roundId)
    .executeTakeFirstOrThrow();
  const entries: number[] = [];
  for (const unitId of unitIds) {
    const existing = await db
      .selectFrom('round_entry')
      .select('id')
      .where('round_id', '=', roundId)
      .where('unit_id', '=', unitId)
      .executeTakeFirst();
    if (existing) {
      await db.updateTable('round_entry').set({ state: 'recognized' }).where('id', '=', existing.id).execute();
      entries.push(existing.id);
      continue;
    }
    let assessment = await db
      .selectFrom('assessment')
      .select('id')
      .where('unit_id', '=', unitId)
      .where('period_id', '=', round.period_id)
      .executeTakeFirst();
    assessment ??= await db
      .insertInto('assessment')
      .values({ unit_id: unitId, period_id: round.period_id, rule_set_id: round.rule_set_id, category: 'other' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const entry = await db
      .insertInto('round_entry')
      .values({ round_id: roundId, unit_id: unitId, assessment_id: assessment.id, state: 'recognized' })
      .returning('id')
      .executeTakeFirstOrThrow();
    entries.push(entry.id);
  }
  return entries;
}
