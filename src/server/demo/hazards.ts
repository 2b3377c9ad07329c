// The demo's causes and hazard sites: Xã Đại Từ's injury and death cases get a cause from the national list
// (drowning first, since the plans name it), and its villages list a few ponds, a river bend, a well and a pit
// in every state the reports count (open and unprotected, fenced, signposted, both, filled in).
import { format, parseISO, subDays } from 'date-fns';
import type { Kysely } from 'kysely';
import { INJURY_CAUSES, type HazardKind } from '../../core/reports/statistics.ts';
import type { Database } from '../db/schema.ts';
import { todayInVietnam } from '../platform/clock.ts';

const daysBefore = (iso: string, days: number) => format(subDays(parseISO(iso), days), 'yyyy-MM-dd');

export async function seedDemoHazards(db: Kysely<Database>, communeId: number, provinceId: number, officerId: number) {
  const today = todayInVietnam();
  // The synthetic register's injuries and deaths have no cause: each gets one, in turn, so every cause shows.
  const cases = await db
    .selectFrom('protection_case')
    .select('id')
    .where('unit_id', '=', communeId)
    .where('kind', 'in', ['injury', 'death'])
    .where('cause', 'is', null)
    .orderBy('id')
    .execute();
  for (const [i, c] of cases.entries())
    await db
      .updateTable('protection_case')
      .set({ cause: INJURY_CAUSES[i % INJURY_CAUSES.length]! })
      .where('id', '=', c.id)
      .execute();

  const villages = await db
    .selectFrom('village')
    .select(['id', 'name'])
    .where('unit_id', '=', communeId)
    .orderBy('name')
    .limit(3)
    .execute();
  if (!villages.length) return;
  const at = (i: number) => villages[i % villages.length]!.id;
  const sites: {
    village: number;
    kind: HazardKind;
    place: string;
    responsible: string;
    found: number;
    fenced?: number;
    signposted?: number;
    fixed?: number;
  }[] = [
    {
      village: 0,
      kind: 'pond',
      place: 'Ao sau nhà văn hóa thôn',
      responsible: 'Ban công tác Mặt trận thôn',
      found: 200,
      fenced: 150,
      signposted: 150,
    },
    {
      village: 0,
      kind: 'well',
      place: 'Giếng bỏ hoang cạnh đường liên thôn',
      responsible: 'Hộ ông Hoàng Văn Lâm',
      found: 180,
    },
    {
      village: 1,
      kind: 'river',
      place: 'Khúc sông Công gần bến đò',
      responsible: 'UBND xã',
      found: 160,
      signposted: 120,
    },
    {
      village: 1,
      kind: 'pit',
      place: 'Hố móng công trình nhà văn hóa mới',
      responsible: 'Công ty xây dựng thi công công trình',
      found: 140,
      fenced: 139,
      fixed: 60,
    },
    {
      village: 2,
      kind: 'canal',
      place: 'Mương thủy lợi đầu xóm',
      responsible: 'Hợp tác xã nông nghiệp',
      found: 90,
      fenced: 30,
    },
  ];
  await db
    .insertInto('hazard_site')
    .values(
      sites.map((s) => ({
        unit_id: communeId,
        province_id: provinceId,
        village_id: at(s.village),
        kind: s.kind,
        place: s.place,
        responsible: s.responsible,
        found_on: daysBefore(today, s.found),
        fenced_on: s.fenced === undefined ? null : daysBefore(today, s.fenced),
        signposted_on: s.signposted === undefined ? null : daysBefore(today, s.signposted),
        fixed_on: s.fixed === undefined ? null : daysBefore(today, s.fixed),
        created_by: officerId,
        updated_by: officerId,
      })),
    )
    .execute();
}
