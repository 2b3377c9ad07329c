// Loading the official lists into an empty database: counts, parents, lineage, idempotence.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOfficialUnits } from '../../src/server/features/units/load.ts';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { openTestDatabase } from '../support/db.ts';

let handle: DatabaseHandle;
let first: Awaited<ReturnType<typeof loadOfficialUnits>>;

beforeAll(async () => {
  handle = await openTestDatabase();
  first = await loadOfficialUnits(handle.db);
}, 60_000);
afterAll(async () => {
  await handle?.close();
});

const count = async (where: (q: ReturnType<typeof base>) => ReturnType<typeof base>) =>
  Number(
    (
      await where(base())
        .select(sql<string>`count(*)`.as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const base = () => handle.db.selectFrom('unit');

describe('loadOfficialUnits', () => {
  it('loads exactly the official lists', async () => {
    expect(first).toEqual({
      skipped: false,
      provinces: 34,
      communes: 3321,
      oldProvinces: 63,
      oldCommunes: 10047,
      oldDistricts: 5,
      lineage: 10667,
    });
    const current = (q: ReturnType<typeof base>) =>
      q.where('valid_to', 'is', null).where('valid_from', '=', '2025-07-01');
    expect(await count((q) => current(q).where('level', '=', 'province'))).toBe(34);
    expect(await count((q) => current(q).where('level', '=', 'commune'))).toBe(3321);
    const old = (q: ReturnType<typeof base>) => q.where('valid_to', '=', '2025-06-30').where('valid_from', 'is', null);
    expect(await count((q) => old(q).where('level', '=', 'province'))).toBe(63);
    expect(await count((q) => old(q).where('level', '=', 'commune').where('kind', '!=', 'huyen'))).toBe(10047);
    expect(await count((q) => q.where('category', 'is not', null))).toBe(0);
    expect(await count((q) => q.where('level', '=', 'commune').where('parent_id', 'is', null))).toBe(0);

    const kinds = await base()
      .select(['level', 'kind', 'source', sql<string>`count(*)`.as('n')])
      .groupBy(['level', 'kind', 'source'])
      .execute();
    expect(kinds.map((k) => `${k.source} ${k.level} ${k.kind} ${k.n}`).sort()).toEqual([
      '1027/CTK-CSCL commune dac_khu 13',
      '1027/CTK-CSCL commune phuong 687',
      '1027/CTK-CSCL commune xa 2621',
      '915/CTK-CSCL province thanh_pho 6',
      '915/CTK-CSCL province tinh 28',
      'merges.json commune huyen 5',
      'splits.json commune phuong 1726',
      'splits.json commune thi_tran 617',
      'splits.json commune xa 7704',
      'splits.json province thanh_pho 6',
      'splits.json province tinh 57',
    ]);
  });

  it('puts new communes under new provinces and old communes under old provinces', async () => {
    const row = await handle.db
      .selectFrom('unit as u')
      .innerJoin('unit as p', 'p.id', 'u.parent_id')
      .select([
        'u.name',
        'u.kind',
        'p.code as provinceCode',
        'p.name as province',
        sql<string | null>`p.valid_to::text`.as('provinceValidTo'),
      ])
      .where('u.code', '=', '01840') // Phường Đức Xuân: old Bắc Kạn code, now Thái Nguyên
      .where('u.valid_to', 'is', null)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      name: 'Phường Đức Xuân',
      kind: 'phuong',
      provinceCode: '19',
      province: 'Tỉnh Thái Nguyên',
      provinceValidTo: null,
    });
    const oldRow = await handle.db
      .selectFrom('unit as u')
      .innerJoin('unit as p', 'p.id', 'u.parent_id')
      .select(['u.name', 'p.name as province', sql<string | null>`p.valid_to::text`.as('provinceValidTo')])
      .where('u.code', '=', '00004')
      .where('u.valid_to', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(oldRow).toEqual({ name: 'Phường Trúc Bạch', province: 'Thành phố Hà Nội', provinceValidTo: '2025-06-30' });
  });

  it('keeps the lineage of a merged commune: new 00004 Phường Ba Đình', async () => {
    const preds = await handle.db
      .selectFrom('unit_lineage as l')
      .innerJoin('unit as s', 's.id', 'l.successor_id')
      .innerJoin('unit as o', 'o.id', 'l.predecessor_id')
      .select(['o.code', 'o.name', 'l.kind', sql<string>`l.effective_on::text`.as('effective_on')])
      .where('s.code', '=', '00004')
      .where('s.valid_to', 'is', null)
      .orderBy('o.code')
      .execute();
    expect(preds.map((p) => `${p.code} ${p.name} ${p.kind}`)).toEqual([
      '00004 Phường Trúc Bạch full',
      '00013 Phường Quán Thánh full',
      '00016 Phường Ngọc Hà partial',
      '00019 Phường Điện Biên partial',
      '00022 Phường Đội Cấn partial',
      '00028 Phường Kim Mã partial',
      '00040 Phường Đồng Xuân partial',
      '00055 Phường Cửa Đông partial',
      '00073 Phường Cửa Nam partial',
      '00112 Phường Thụy Khuê partial',
    ]);
    expect(new Set(preds.map((p) => p.effective_on))).toEqual(new Set(['2025-07-01']));

    // Old Phường Ngọc Hà was split between Ba Đình and the new Ngọc Hà.
    const succ = await handle.db
      .selectFrom('unit_lineage as l')
      .innerJoin('unit as o', 'o.id', 'l.predecessor_id')
      .innerJoin('unit as s', 's.id', 'l.successor_id')
      .select(['s.code', 's.name', sql<string | null>`s.valid_to::text`.as('valid_to')])
      .where('o.code', '=', '00016')
      .where('o.valid_to', 'is not', null)
      .orderBy('s.code')
      .execute();
    expect(succ).toEqual([
      { code: '00004', name: 'Phường Ba Đình', valid_to: null },
      { code: '00008', name: 'Phường Ngọc Hà', valid_to: null },
    ]);
  });

  it('keeps province lineage and the island districts that became đặc khu', async () => {
    const lineageOf = (code: string, level: 'province' | 'commune') =>
      handle.db
        .selectFrom('unit_lineage as l')
        .innerJoin('unit as s', 's.id', 'l.successor_id')
        .innerJoin('unit as o', 'o.id', 'l.predecessor_id')
        .select(['o.code', 'o.name', 'o.kind', 'l.kind as lineage'])
        .where('s.code', '=', code)
        .where('s.level', '=', level)
        .where('s.valid_to', 'is', null)
        .orderBy('o.code')
        .execute();
    expect(await lineageOf('08', 'province')).toEqual([
      { code: '02', name: 'Tỉnh Hà Giang', kind: 'tinh', lineage: 'full' },
      { code: '08', name: 'Tỉnh Tuyên Quang', kind: 'tinh', lineage: 'full' },
    ]);
    expect(await lineageOf('26732', 'commune')).toEqual([
      { code: '755', name: 'Huyện Côn Đảo', kind: 'huyen', lineage: 'full' },
    ]);
  });

  it('is a no-op the second time', async () => {
    const before = await count((q) => q);
    const again = await loadOfficialUnits(handle.db);
    expect(again).toEqual({ ...first, skipped: true });
    expect(await count((q) => q)).toBe(before);
  });
});
