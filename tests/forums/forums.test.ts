// Children's forums, recommendations and events through the API, and the C11/C12 inputs they give:
// who may write, bad input refused with the field named and nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forumInputs } from '../../src/server/features/forums/derive.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let commune: number;
let other: number;
let forumId: number;
let recIds: number[] = [];

const call = (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[user]!, 'accept-language': 'vi' }, payload });
const base = () => `/api/communes/${commune}`;
const year2025 = { startsOn: '2025-01-01', endsOn: '2025-12-31' };

const forum = {
  kind: 'forum',
  level: 'commune',
  heldOn: '2025-05-30',
  title: 'Diễn đàn trẻ em xã Vạn Phú năm 2025',
  boysUnder11: 10,
  girlsUnder11: 12,
  boys11to15: 15,
  girls11to15: 14,
  boys16to17: 4,
  girls16to17: 5,
  recommendations: [
    { text: 'Làm thêm sân chơi ở thôn Đồng Bẩm', agency: 'UBND xã', dueOn: '2025-07-30' },
    { text: 'Lắp đèn đường trước trường tiểu học', agency: 'UBND xã' },
  ],
};

const counts = async () => {
  const db = t.database.db;
  const n = async (table: 'child_forum' | 'forum_recommendation' | 'child_event') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('unit_id', '=', commune)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { forums: await n('child_forum'), recs: await n('forum_recommendation'), events: await n('child_event') };
};

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const unitOf = async (code: string) => await communeId(db, code);
  commune = await unitOf('05845'); // Xã Vạn Phú
  const tancuong = await db
    .selectFrom('user_role')
    .innerJoin('app_user', 'app_user.id', 'user_role.user_id')
    .select('user_role.unit_id')
    .where('app_user.username', '=', 'xa.tancuong')
    .executeTakeFirstOrThrow();
  other = tancuong.unit_id!;
  for (const u of ['xa.vanphu', 'xa.tancuong', 'tinh.thainguyen']) cookies[u] = await login(t.app, u);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('forums and recommendations', () => {
  it('refuses a future date, negative participants and a due date before the forum, naming each field, storing nothing', async () => {
    const res = await call('xa.vanphu', 'POST', `${base()}/forums`, {
      ...forum,
      heldOn: '2099-06-01',
      girls11to15: -3,
      recommendations: [{ text: 'Sân chơi', agency: 'UBND xã', dueOn: '2000-01-01' }],
    });
    expect(res.statusCode, res.body).toBe(400);
    const issues = res.json().error.issues as { field: string; value: unknown; message: string }[];
    expect(issues.map((i) => i.field)).toEqual(['heldOn', 'girls11to15', 'recommendations.0.dueOn']);
    expect(issues[0]).toMatchObject({ field: 'heldOn', value: '2099-06-01' });
    expect(issues[0]!.message).toContain('Ngày tổ chức');
    expect(issues[0]!.message).toContain('01/06/2099');
    expect(issues[0]!.message).toContain('tương lai');
    expect(issues[1]).toMatchObject({ field: 'girls11to15', value: -3 });
    expect(issues[1]!.message).toContain('Số trẻ em gái từ 11 đến 15 tuổi');
    expect(issues[1]!.message).toContain('-3');
    expect(issues[2]!.message).toContain('Hạn trả lời');
    expect(await counts()).toEqual({ forums: 0, recs: 0, events: 0 });
  });

  it('creates a forum with its recommendations', async () => {
    const res = await call('xa.vanphu', 'POST', `${base()}/forums`, forum);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    forumId = body.id;
    recIds = body.recommendations.map((r: { id: number }) => r.id);
    expect(body).toMatchObject({
      kind: 'forum',
      level: 'commune',
      heldOn: '2025-05-30',
      participants: { total: 60, girls11to15: 14 },
      unitId: commune,
      belowMinimum: false,
      // Held 30/05/2025, its report was due 15 days later; none was sent.
      report: { dueOn: '2025-06-14', status: 'missing', drafted: false, submittedOn: null },
    });
    expect(body.recommendations).toHaveLength(2);
    expect(body.recommendations[0]).toMatchObject({
      agency: 'UBND xã',
      dueOn: '2025-07-30',
      answer: null,
      answeredOn: null,
    });
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'child_forum')
      .where('entity_id', '=', String(forumId))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('refuses an answer dated before the forum or in the future, storing nothing', async () => {
    const url = `${base()}/forums/${forumId}/recommendations/${recIds[0]}/answer`;
    const early = await call('xa.vanphu', 'PUT', url, { answer: 'Đã bố trí kinh phí', answeredOn: '2025-05-01' });
    expect(early.statusCode, early.body).toBe(400);
    expect(early.json().error.issues[0]).toMatchObject({ field: 'answeredOn', value: '2025-05-01' });
    expect(early.json().error.issues[0].message).toContain('Ngày trả lời');
    expect(early.json().error.issues[0].message).toContain('Ngày tổ chức');
    const future = await call('xa.vanphu', 'PUT', url, { answer: 'Đã bố trí kinh phí', answeredOn: '2099-01-01' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.issues[0]).toMatchObject({ field: 'answeredOn', value: '2099-01-01' });
    const rec = await t.database.db
      .selectFrom('forum_recommendation')
      .selectAll()
      .where('id', '=', recIds[0]!)
      .executeTakeFirstOrThrow();
    expect(rec.answer).toBeNull();
    expect(rec.answered_on).toBeNull();
  });

  it('answers a recommendation', async () => {
    const res = await call('xa.vanphu', 'PUT', `${base()}/forums/${forumId}/recommendations/${recIds[0]}/answer`, {
      answer: 'UBND xã đã bố trí kinh phí làm sân chơi',
      answeredOn: '2025-06-15',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().recommendations[0]).toMatchObject({
      id: recIds[0],
      answeredOn: '2025-06-15',
      answer: 'UBND xã đã bố trí kinh phí làm sân chơi',
    });
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'forum_recommendation')
      .where('entity_id', '=', String(recIds[0]))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['answer']);
  });

  it('refuses moving the forum after an answer already given, and an answered recommendation removed', async () => {
    const later = await call('xa.vanphu', 'PUT', `${base()}/forums/${forumId}`, {
      ...forum,
      heldOn: '2025-07-01',
      recommendations: undefined,
    });
    expect(later.statusCode, later.body).toBe(400);
    expect(later.json().error.issues[0]).toMatchObject({ field: 'heldOn', value: '2025-07-01' });
    const removed = await call('xa.vanphu', 'PUT', `${base()}/forums/${forumId}`, {
      ...forum,
      recommendations: [{ id: recIds[1], text: 'Lắp đèn đường', agency: 'UBND xã' }],
    });
    expect(removed.statusCode, removed.body).toBe(409);
    expect(
      (
        await t.database.db
          .selectFrom('child_forum')
          .select('held_on')
          .where('id', '=', forumId)
          .executeTakeFirstOrThrow()
      ).held_on,
    ).toBe('2025-05-30');
    expect((await counts()).recs).toBe(2);
  });

  it('edits a forum: participants and a new recommendation', async () => {
    const res = await call('xa.vanphu', 'PUT', `${base()}/forums/${forumId}`, {
      ...forum,
      boysUnder11: 20,
      recommendations: [
        { id: recIds[0], text: forum.recommendations[0]!.text, agency: 'UBND xã' },
        { id: recIds[1], text: forum.recommendations[1]!.text, agency: 'UBND xã' },
        { text: 'Mở thêm lớp học bơi mùa hè', agency: 'Trung tâm văn hóa xã' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().participants.total).toBe(70);
    expect(res.json().recommendations).toHaveLength(3);
    expect(res.json().recommendations[0].answeredOn).toBe('2025-06-15');
    recIds = res.json().recommendations.map((r: { id: number }) => r.id);
  });
});

describe('events for children', () => {
  it('refuses negative participants and a future date, storing nothing', async () => {
    const res = await call('xa.vanphu', 'POST', `${base()}/child-events`, {
      kind: 'mid_autumn',
      heldOn: '2099-09-15',
      title: 'Vui Tết Trung thu',
      participants: -5,
    });
    expect(res.statusCode).toBe(400);
    const issues = res.json().error.issues;
    expect(issues.map((i: { field: string }) => i.field)).toEqual(['heldOn', 'participants']);
    expect(issues[1]).toMatchObject({ value: -5 });
    expect(issues[1].message).toContain('Số trẻ em tham gia');
    expect((await counts()).events).toBe(0);
  });

  it('records events', async () => {
    for (const e of [
      { kind: 'children_day', heldOn: '2025-06-01', title: 'Ngày Quốc tế Thiếu nhi', participants: 250 },
      { kind: 'mid_autumn', heldOn: '2025-10-06', title: 'Vui Tết Trung thu', participants: 300 },
      { kind: 'other', heldOn: '2024-12-20', title: 'Giao lưu cuối năm', participants: 80 },
    ]) {
      const res = await call('xa.vanphu', 'POST', `${base()}/child-events`, e);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject(e);
    }
    const list = await call('xa.vanphu', 'GET', `${base()}/child-events?from=2025-01-01&to=2025-12-31`);
    expect(list.json().map((e: { kind: string }) => e.kind)).toEqual(['mid_autumn', 'children_day']);
  });
});

describe('criterion inputs', () => {
  it('counts the period: a forum held, 70 children consulted, 2 events; not all answered', async () => {
    const inputs = await forumInputs(t.database.db, [commune, other], year2025);
    expect(inputs.get(commune)).toEqual({
      'C11.forum': true,
      'C11.answered': false,
      'C11.consulted': 70,
      'C12.events': 2,
    });
    expect(inputs.has(other)).toBe(false);
  });

  it('C11.answered only when every recommendation is answered by the period end', async () => {
    await call('xa.vanphu', 'PUT', `${base()}/forums/${forumId}/recommendations/${recIds[1]}/answer`, {
      answer: 'Đã lắp đèn',
      answeredOn: '2025-09-01',
    });
    // The third is answered after the period: not yet answered for 2025, answered for a period running into 2026.
    const late = await call('xa.vanphu', 'PUT', `${base()}/forums/${forumId}/recommendations/${recIds[2]}/answer`, {
      answer: 'Sẽ mở lớp bơi',
      answeredOn: '2026-01-10',
    });
    expect(late.statusCode, late.body).toBe(200);
    expect((await forumInputs(t.database.db, [commune], year2025)).get(commune)!['C11.answered']).toBe(false);
    expect(
      (await forumInputs(t.database.db, [commune], { startsOn: '2025-01-01', endsOn: '2026-06-30' })).get(commune)![
        'C11.answered'
      ],
    ).toBe(true);
    // A period with an event but no forum: no forum, nothing answered.
    expect(
      (await forumInputs(t.database.db, [commune], { startsOn: '2024-01-01', endsOn: '2024-12-31' })).get(commune),
    ).toEqual({ 'C11.forum': false, 'C11.answered': false, 'C11.consulted': 0, 'C12.events': 1 });
    expect(
      (await forumInputs(t.database.db, [commune], { startsOn: '2023-01-01', endsOn: '2023-12-31' })).has(commune),
    ).toBe(false);
    expect((await forumInputs(t.database.db, [], year2025)).size).toBe(0);
  });
});

describe('who may write', () => {
  it('another commune’s officer gets 403 on reads and writes, and nothing is stored', async () => {
    expect((await call('xa.tancuong', 'GET', `${base()}/forums`)).statusCode).toBe(403);
    expect((await call('xa.tancuong', 'POST', `${base()}/forums`, forum)).statusCode).toBe(403);
    expect(
      (
        await call('xa.tancuong', 'PUT', `${base()}/forums/${forumId}/recommendations/${recIds[0]}/answer`, {
          answer: 'x',
          answeredOn: '2025-07-01',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await call('xa.tancuong', 'POST', `${base()}/child-events`, {
          kind: 'other',
          heldOn: '2025-03-01',
          title: 'x',
          participants: 1,
        })
      ).statusCode,
    ).toBe(403);
    expect(await counts()).toEqual({ forums: 1, recs: 3, events: 3 });
  });

  it('the province official reads but does not write', async () => {
    const list = await call('tinh.thainguyen', 'GET', `${base()}/forums`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toHaveLength(1);
    expect((await call('tinh.thainguyen', 'GET', `${base()}/child-events`)).json()).toHaveLength(3);
    const write = await call('tinh.thainguyen', 'POST', `${base()}/child-events`, {
      kind: 'other',
      heldOn: '2025-03-01',
      title: 'x',
      participants: 1,
    });
    expect(write.statusCode).toBe(403);
    expect((await counts()).events).toBe(3);
  });
});
