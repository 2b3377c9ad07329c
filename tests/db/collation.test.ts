// The vi_natural collation (migrations/0026) sorts as the core collator does (src/core/collation.ts), on the
// database the test runs on (PGlite, or PostgreSQL on DATABASE_URL): the official unit names, villages, people;
// and the register's page of children comes in that order through its index.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareVi, sortVi } from '../../src/core/collation.ts';
import { searchKey } from '../../src/core/register/records.ts';
import { prepareDatabase } from '../../src/server/bootstrap.ts';
import { viOrder } from '../../src/server/db/collation.ts';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import type { Database } from '../../src/server/db/schema.ts';
import { createUser } from '../../src/server/features/auth/users.ts';
import { listChildren } from '../../src/server/features/register/children.ts';
import { openTestDatabase } from '../support/db.ts';

let handle: DatabaseHandle;
let db: Kysely<Database>;

beforeAll(async () => {
  handle = await openTestDatabase({ migrated: false });
  await prepareDatabase(handle, { demo: false });
  db = handle.db;
}, 120_000);

afterAll(async () => {
  await handle?.close();
});

/** The texts in the database's order (ORDER BY … COLLATE vi_natural). */
async function sqlOrder(texts: string[]): Promise<string[]> {
  const { rows } = await sql<{ t: string }>`
    SELECT t FROM unnest(${sql.val(texts)}::text[]) AS t ORDER BY t COLLATE vi_natural`.execute(db);
  return rows.map((r) => r.t);
}

describe('ORDER BY … COLLATE vi_natural', () => {
  it('orders Thái Nguyên’s communes as the core does: Ba Bể, Bạch Thông, Bằng Thành, Bình Thành … Chợ Đồn, Chợ Mới, Chợ Rã', async () => {
    const province = await db
      .selectFrom('unit')
      .select('id')
      .where('code', '=', '19')
      .where('level', '=', 'province')
      .executeTakeFirstOrThrow();
    const rows = await db
      .selectFrom('unit')
      .select('name')
      .where('parent_id', '=', province.id)
      .where('level', '=', 'commune')
      .where('valid_to', 'is', null)
      .orderBy(viOrder('name'))
      .execute();
    const names = rows.map((r) => r.name);
    expect(names).toHaveLength(92);
    expect(names).toEqual(sortVi(names, (n) => n));
    const shown = [
      'Xã Bạch Thông',
      'Xã Bình Thành',
      'Xã Bình Yên',
      'Xã Chợ Đồn',
      'Xã Chợ Mới',
      'Xã Chợ Rã',
      'Xã Dân Tiến',
      'Xã Đại Phúc',
    ];
    expect(names.filter((n) => shown.includes(n))).toEqual(shown);
    expect(names.indexOf('Phường Phổ Yên')).toBeLessThan(names.indexOf('Phường Phúc Thuận'));
  });

  it('gives every unit name of the official lists, old and new, the core’s order (ties by id)', async () => {
    const rows = await db.selectFrom('unit').select(['id', 'name']).orderBy(viOrder('name')).orderBy('id').execute();
    expect(rows.length).toBeGreaterThan(13_000);
    const core = [...rows].sort((a, b) => compareVi(a.name, b.name) || a.id - b.id);
    expect(rows.map((r) => r.id)).toEqual(core.map((r) => r.id));
  });

  it('numbers villages naturally and files people’s names by the Vietnamese alphabet', async () => {
    const villages = Array.from({ length: 19 }, (_, i) => `Thôn ${i + 1}`);
    expect(await sqlOrder([...villages].reverse())).toEqual(villages);
    const people = [
      'Nguyễn Văn Ân',
      'Nguyễn Văn An',
      'Nguyễn văn an',
      'Đặng Thị Ánh',
      'Dương Văn Đức',
      'Âu Thị Mai',
      'Ăn Văn Tư',
      'An Thị Hà',
      'Ưng Hoàng Phúc',
      'Uông Văn Hải',
      'Ông Ích Khiêm',
      'Ơn Thị Lan',
      'Ô Văn Bảy',
      'Lê Thị Mại',
      'Lê Thị Mái',
      'Lê Thị Mãi',
      'Lê Thị Mải',
      'Lê Thị Mài',
      'Lê Thị Mai',
    ];
    const sorted = await sqlOrder(people);
    expect(sorted).toEqual([...people].sort(compareVi));
    expect(sorted.slice(0, 4)).toEqual(['An Thị Hà', 'Ăn Văn Tư', 'Âu Thị Mai', 'Dương Văn Đức']);
    // Tones after the bare vowel: none, huyền, hỏi, ngã, sắc, nặng.
    expect(sorted.filter((n) => n.startsWith('Lê Thị M'))).toEqual([
      'Lê Thị Mai',
      'Lê Thị Mài',
      'Lê Thị Mải',
      'Lê Thị Mãi',
      'Lê Thị Mái',
      'Lê Thị Mại',
    ]);
  });
});

describe('the register’s page of children', () => {
  it('comes in Vietnamese name order, page after page, through the index on (unit, full_name COLLATE vi_natural, id)', async () => {
    const commune = await db
      .selectFrom('unit')
      .select(['id', 'parent_id'])
      .where('code', '=', '05845') // Xã Vạn Phú
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow();
    const own = { unit_id: commune.id, province_id: commune.parent_id! };
    const village = await db
      .insertInto('village')
      .values({ ...own, name: 'Thôn 1' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const household = await db
      .insertInto('household')
      .values({ ...own, village_id: village.id, code: 'HO-01', head_name: 'Nguyễn Văn Bình' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const names = [
      'Đặng Văn An',
      'Dương Thị Bình',
      'Âu Văn Cường',
      'An Thị Dung',
      'Nguyễn Văn Ân',
      'Nguyễn Văn An',
      'Ông Văn Em',
      'Ô Thị Gấm',
      'Bạch Văn Hùng',
      'Bắc Thị Lan',
    ];
    for (const [i, fullName] of names.entries())
      await db
        .insertInto('child')
        .values({
          ...own,
          village_id: village.id,
          household_id: household.id,
          code: `TE-${i}`,
          full_name: fullName,
          search_name: searchKey(fullName),
          birth_date: '2018-03-01',
          sex: 'female',
        })
        .execute();
    const userId = await createUser(db, {
      username: 'chutich.collation',
      password: 'mật khẩu đủ dài cho phép thử 2026',
      fullName: 'Chủ tịch UBND xã',
      roles: [{ role: 'commune_chairman', unitId: commune.id }],
    });
    const ctx = {
      viewer: { userId, roles: [{ role: 'commune_chairman', unitId: commune.id }] },
      communeId: commune.id,
      provinceId: commune.parent_id!,
      access: 'chairman' as const,
    };
    const listed: string[] = [];
    for (const page of [1, 2, 3, 4]) {
      const { rows } = await listChildren(db, ctx, { page, pageSize: 3 });
      listed.push(...rows.map((c) => c.fullName));
    }
    expect(listed).toEqual(sortVi(names, (n) => n));
    expect(listed.slice(0, 5)).toEqual([
      'An Thị Dung',
      'Âu Văn Cường',
      'Bạch Văn Hùng',
      'Bắc Thị Lan',
      'Dương Thị Bình',
    ]);

    // The page's order is the index's, so PostgreSQL can read fifty rows of a big commune without sorting it.
    const plan = await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      await sql`SET LOCAL enable_sort = off`.execute(trx);
      const { rows } = await sql<Record<string, string>>`
        EXPLAIN SELECT id FROM child WHERE unit_id = ${commune.id}
        ORDER BY full_name COLLATE vi_natural, id LIMIT 50`.execute(trx);
      return rows.map((r) => Object.values(r)[0]).join('\n');
    });
    expect(plan).toContain('child_name_order_idx');
    expect(plan).not.toMatch(/\bSort\b/);
  });
});
