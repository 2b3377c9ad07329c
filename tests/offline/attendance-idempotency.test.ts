// The forums' and activities' writes honour Idempotency-Key (issue 21): an outbox that sends a forum, an event, an
// edit or an activity again after the line dropped (the first attempt may have arrived) records it once; the key
// reused for another request is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInVietnam } from '../../src/server/platform/clock.ts';
import { communeId } from '../support/db.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';

let t: TestApp;
let cookie = '';
let unit = 0;
// Earlier this year (the first of the month, or of the previous one): never in the future.
const day = (() => {
  const today = todayInVietnam();
  return `${today.slice(0, 8)}01`;
})();

beforeAll(async () => {
  t = await startTestApp();
  unit = await communeId(t.database.db, '05845'); // Xã Vạn Phú
  cookie = await login(t.app, 'xa.vanphu');
}, 120_000);
afterAll(async () => t?.close());

const send = (method: 'POST' | 'PUT' | 'PATCH', url: string, payload: object, key?: string) =>
  t.app.inject({ method, url, payload, headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) } });

const count = async (table: 'child_forum' | 'forum_recommendation' | 'child_event' | 'activity', title?: string) => {
  let q = t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('unit_id', '=', unit);
  if (title && table !== 'forum_recommendation') q = q.where('title', '=', title);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

const forum = (title: string) => ({
  kind: 'forum',
  level: 'commune',
  heldOn: day,
  title,
  boysUnder11: 10,
  girlsUnder11: 12,
  boys11to15: 3,
  girls11to15: 4,
  boys16to17: 1,
  girls16to17: 2,
  recommendations: [{ text: 'Làm thêm sân chơi ở thôn Đồng Bẩm', agency: 'UBND xã' }],
});

describe('replaying an offline attendance write', () => {
  it('records a forum once for one key, and refuses the key reused for another forum', async () => {
    const url = `/api/communes/${unit}/forums`;
    const title = 'Diễn đàn trẻ em ghi khi mất mạng';
    const first = await send('POST', url, forum(title), 'offline-forum-1');
    expect(first.statusCode, first.body).toBe(201);
    const again = await send('POST', url, forum(title), 'offline-forum-1');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await count('child_forum', title)).toBe(1);
    const other = await send('POST', url, forum('Một diễn đàn khác'), 'offline-forum-1');
    expect(other.statusCode).toBe(409);
    expect(await count('child_forum', 'Một diễn đàn khác')).toBe(0);
  });

  it('applies a forum edit that adds a recommendation once for one key', async () => {
    const url = `/api/communes/${unit}/forums`;
    const created = (await send('POST', url, forum('Diễn đàn sửa khi mất mạng'))).json();
    const recsBefore = await count('forum_recommendation');
    const edit = {
      ...forum('Diễn đàn sửa khi mất mạng'),
      girls16to17: 7,
      recommendations: [
        { id: created.recommendations[0].id, text: 'Làm thêm sân chơi ở thôn Đồng Bẩm', agency: 'UBND xã' },
        { text: 'Lắp đèn đường trước trường tiểu học', agency: 'UBND xã' },
      ],
    };
    const first = await send('PUT', `${url}/${created.id}`, edit, 'offline-forum-edit-1');
    const again = await send('PUT', `${url}/${created.id}`, edit, 'offline-forum-edit-1');
    expect([first.statusCode, again.statusCode], again.body).toEqual([200, 200]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().recommendations).toHaveLength(2);
    expect(await count('forum_recommendation')).toBe(recsBefore + 1);
  });

  it('records an event for children once for one key', async () => {
    const url = `/api/communes/${unit}/child-events`;
    const title = 'Vui Tết Trung thu ghi khi mất mạng';
    const body = { kind: 'mid_autumn', heldOn: day, title, participants: 85, note: '' };
    const first = await send('POST', url, body, 'offline-event-1');
    const again = await send('POST', url, body, 'offline-event-1');
    expect([first.statusCode, again.statusCode], first.body).toEqual([201, 201]);
    expect(again.json()).toEqual(first.json());
    expect(await count('child_event', title)).toBe(1);
  });

  it('records an activity, and its edit, once for one key', async () => {
    const url = `/api/units/${unit}/activities`;
    const title = 'Truyền thông trực tiếp ghi khi mất mạng';
    const body = {
      kind: 'communication',
      form: 'session',
      heldOn: day,
      title,
      place: 'Nhà văn hóa thôn Đồng Bẩm',
      childrenMale: 12,
      childrenFemale: 15,
      adultsMale: 4,
      adultsFemale: 9,
    };
    const first = await send('POST', url, body, 'offline-activity-1');
    const again = await send('POST', url, body, 'offline-activity-1');
    expect([first.statusCode, again.statusCode], first.body).toEqual([201, 201]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await count('activity', title)).toBe(1);
    const id = first.json().id as number;
    const patch = await send('PATCH', `/api/activities/${id}`, { childrenFemale: 16 }, 'offline-activity-edit-1');
    const patched = await send('PATCH', `/api/activities/${id}`, { childrenFemale: 16 }, 'offline-activity-edit-1');
    expect([patch.statusCode, patched.statusCode]).toEqual([200, 200]);
    expect(patched.json()).toMatchObject({ id, childrenFemale: 16 });
    const reused = await send('PATCH', `/api/activities/${id}`, { childrenFemale: 20 }, 'offline-activity-edit-1');
    expect(reused.statusCode).toBe(409);
  });
});
