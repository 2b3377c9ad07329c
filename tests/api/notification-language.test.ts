// A transition's notice reaches each officer of the unit once, in that person's language (written in one statement
// that picks the message per recipient, as pickLocale does).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyUnitRoles } from '../../src/server/features/rounds/notifications.ts';
import { communeId } from '../support/db.ts';
import { startTestApp, type TestApp } from '../support/server.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, 120_000);
afterAll(async () => t?.close());

describe('transition notices', () => {
  it('writes one notice per person, in English for one who reads English and Vietnamese otherwise', async () => {
    const db = t.database.db;
    const unit = await communeId(db, '05845');
    const people = await db
      .selectFrom('user_role as r')
      .innerJoin('app_user as u', 'u.id', 'r.user_id')
      .select(['u.id', 'u.username', 'r.role'])
      .where('r.unit_id', '=', unit)
      .where('r.role', 'in', ['commune_officer', 'commune_chairman'])
      .execute();
    const ids = [...new Set(people.map((p) => p.id))];
    expect(ids.length).toBeGreaterThan(0);
    // The first holds a second role for the same commune: still one notice.
    const first = people[0]!;
    const other = first.role === 'commune_officer' ? 'commune_chairman' : 'commune_officer';
    await db.insertInto('user_role').values({ user_id: first.id, role: other, unit_id: unit }).execute();
    await db.updateTable('app_user').set({ locale: 'en-GB' }).where('id', '=', first.id).execute();
    await notifyUnitRoles(db, {
      unitId: unit,
      provinceId: 0,
      action: 'recognize',
      unitName: 'Xã Vạn Phú',
      link: '/rounds/1/entries/1',
      comment: '12/QĐ-UBND',
    });
    const notes = await db
      .selectFrom('notification')
      .select(['user_id', 'message', 'link', 'kind'])
      .where('kind', '=', 'recognize')
      .where('user_id', 'in', ids)
      .execute();
    expect(notes.map((n) => n.user_id).sort()).toEqual([...ids].sort());
    for (const n of notes) {
      expect(n.link).toBe('/rounds/1/entries/1');
      expect(n.message).toBe(
        n.user_id === first.id
          ? 'Xã Vạn Phú is recognised (Decision 12/QĐ-UBND).'
          : 'Xã Vạn Phú được công nhận đạt chuẩn (Quyết định số 12/QĐ-UBND).',
      );
    }
  });
});
