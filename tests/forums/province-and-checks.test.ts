// Forums under Thông tư 29/2019 beyond the commune: the province official records the province's own forums
// (communes do not see them, another province does not either); a forum with fewer than 30 children is
// flagged; every forum carries its report's due day (15 days after it) and whether the report came in on time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/features/auth/passwords.ts';
import { setClock } from '../../src/server/platform/clock.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let commune: number;
let province: number;
let provinceForum: number;

const call = (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[user]!, 'accept-language': 'vi' }, payload });

const bands = (total: number) => {
  // Spread over the six bands so that the total is exactly `total`.
  const each = Math.floor(total / 6);
  return {
    boysUnder11: total - 5 * each,
    girlsUnder11: each,
    boys11to15: each,
    girls11to15: each,
    boys16to17: each,
    girls16to17: each,
  };
};

const provinceBody = {
  kind: 'forum',
  level: 'province',
  heldOn: '2026-05-20',
  title: 'Diễn đàn trẻ em tỉnh Thái Nguyên năm 2026',
  ...bands(120),
  recommendations: [{ text: 'Mở thêm bể bơi ở các xã', agency: 'Sở Văn hóa, Thể thao và Du lịch' }],
};

const forumRows = async (unitId: number) =>
  t.database.db.selectFrom('child_forum').select(['id', 'level']).where('unit_id', '=', unitId).execute();

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  commune = await communeId(db, '05845'); // Xã Vạn Phú, tỉnh Thái Nguyên
  province = (await db.selectFrom('unit').select('parent_id').where('id', '=', commune).executeTakeFirstOrThrow())
    .parent_id!;
  // An official of another province (Hà Nội), with a password to log in with.
  const haNoi = await db
    .selectFrom('unit')
    .select('id')
    .where('level', '=', 'province')
    .where('id', '!=', province)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const { id } = await db
    .insertInto('app_user')
    .values({ username: 'tinh.khac', password_hash: await hashPassword('khac@2026'), full_name: 'Cán bộ tỉnh khác' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('user_role').values({ user_id: id, role: 'province_official', unit_id: haNoi.id }).execute();
  for (const u of ['xa.vanphu', 'tinh.thainguyen']) cookies[u] = await login(t.app, u);
  cookies['tinh.khac'] = await login(t.app, 'tinh.khac', 'khac@2026');
}, 120_000);

afterAll(async () => {
  setClock(null);
  await t?.close();
});

describe('province-level forums', () => {
  it('the province official records a province forum under the province', async () => {
    const res = await call('tinh.thainguyen', 'POST', `/api/communes/${province}/forums`, provinceBody);
    expect(res.statusCode, res.body).toBe(201);
    provinceForum = res.json().id;
    expect(res.json()).toMatchObject({
      unitId: province,
      level: 'province',
      participants: { total: 120 },
      belowMinimum: false,
      report: { dueOn: '2026-06-04', drafted: false, submittedOn: null },
    });
    const row = await t.database.db
      .selectFrom('child_forum')
      .select(['unit_id', 'province_id'])
      .where('id', '=', provinceForum)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ unit_id: province, province_id: province });
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'child_forum')
      .where('entity_id', '=', String(provinceForum))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('refuses a commune-level forum under the province and a province-level one under a commune, naming the level in words', async () => {
    const underProvince = await call('tinh.thainguyen', 'POST', `/api/communes/${province}/forums`, {
      ...provinceBody,
      level: 'commune',
    });
    expect(underProvince.statusCode, underProvince.body).toBe(400);
    const issue = underProvince.json().error.issues[0];
    expect(issue).toMatchObject({ field: 'level', value: 'commune' });
    expect(issue.message).toContain('Cấp tổ chức');
    expect(issue.message).toContain('Cấp xã');
    expect(issue.message).toContain('Cấp tỉnh');

    const underCommune = await call('xa.vanphu', 'POST', `/api/communes/${commune}/forums`, {
      ...provinceBody,
      title: 'Diễn đàn xã',
    });
    expect(underCommune.statusCode, underCommune.body).toBe(400);
    expect(underCommune.json().error.issues[0]).toMatchObject({ field: 'level', value: 'province' });
    expect(underCommune.json().error.issues[0].message).toContain('cán bộ tỉnh');
    expect(await forumRows(province)).toHaveLength(1);
    expect(await forumRows(commune)).toHaveLength(0);
  });

  it('a commune neither reads nor writes the province’s forums; another province does not read them', async () => {
    expect((await call('xa.vanphu', 'GET', `/api/communes/${province}/forums`)).statusCode).toBe(403);
    expect((await call('xa.vanphu', 'GET', `/api/communes/${province}/forums/${provinceForum}`)).statusCode).toBe(403);
    expect((await call('xa.vanphu', 'POST', `/api/communes/${province}/forums`, provinceBody)).statusCode).toBe(403);
    expect((await call('tinh.khac', 'GET', `/api/communes/${province}/forums`)).statusCode).toBe(403);
    expect((await call('tinh.khac', 'POST', `/api/communes/${province}/forums`, provinceBody)).statusCode).toBe(403);
    expect((await call('tinh.khac', 'GET', `/api/communes/${commune}/forums`)).statusCode).toBe(403);
    expect(await forumRows(province)).toHaveLength(1);
  });

  it('the province reads its own forums and its communes’, each list holding only that unit’s', async () => {
    const created = await call('xa.vanphu', 'POST', `/api/communes/${commune}/forums`, {
      ...provinceBody,
      level: 'commune',
      title: 'Diễn đàn trẻ em xã Vạn Phú',
    });
    expect(created.statusCode, created.body).toBe(201);
    const own = await call('tinh.thainguyen', 'GET', `/api/communes/${province}/forums`);
    expect(own.statusCode).toBe(200);
    expect(own.json().map((f: { id: number }) => f.id)).toEqual([provinceForum]);
    const communes = await call('tinh.thainguyen', 'GET', `/api/communes/${commune}/forums`);
    expect(communes.json().map((f: { unitId: number; title: string }) => [f.unitId, f.title])).toEqual([
      [commune, 'Diễn đàn trẻ em xã Vạn Phú'],
    ]);
    // The province's forum is not one of the commune's: not by its id either.
    expect((await call('tinh.thainguyen', 'GET', `/api/communes/${commune}/forums/${provinceForum}`)).statusCode).toBe(
      404,
    );
  });

  it('the province official edits and answers the province forum', async () => {
    const edited = await call('tinh.thainguyen', 'PUT', `/api/communes/${province}/forums/${provinceForum}`, {
      ...provinceBody,
      ...bands(25),
      recommendations: undefined,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ participants: { total: 25 }, belowMinimum: true });
    const recId = edited.json().recommendations[0].id;
    const answered = await call(
      'tinh.thainguyen',
      'PUT',
      `/api/communes/${province}/forums/${provinceForum}/recommendations/${recId}/answer`,
      { answer: 'Sở đã đưa vào kế hoạch năm 2027', answeredOn: '2026-06-10' },
    );
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().recommendations[0].answeredOn).toBe('2026-06-10');
  });
});

describe('the 30-children check', () => {
  it('flags a forum under 30 children, not one of exactly 30, nor a consultation of few children', async () => {
    const record = async (kind: string, total: number, title: string) => {
      const res = await call('xa.vanphu', 'POST', `/api/communes/${commune}/forums`, {
        kind,
        level: 'village',
        heldOn: '2026-03-10',
        title,
        ...bands(total),
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().participants.total).toBe(total);
      return res.json();
    };
    expect((await record('forum', 29, 'Diễn đàn thôn Đồng Bẩm')).belowMinimum).toBe(true);
    expect((await record('forum', 30, 'Diễn đàn thôn Quang Trung')).belowMinimum).toBe(false);
    expect((await record('consultation', 8, 'Lấy ý kiến trẻ em về sân chơi')).belowMinimum).toBe(false);
    const list = await call('xa.vanphu', 'GET', `/api/communes/${commune}/forums?from=2026-03-10&to=2026-03-10`);
    expect(
      list
        .json()
        .map((f: { title: string; belowMinimum: boolean }) => [f.title, f.belowMinimum])
        .sort(),
    ).toEqual([
      ['Diễn đàn thôn Quang Trung', false],
      ['Diễn đàn thôn Đồng Bẩm', true],
      ['Lấy ý kiến trẻ em về sân chơi', false],
    ]);
  });
});

describe('the forum report’s due day and timeliness', () => {
  const report = async (forumId: number) => {
    const res = await call('xa.vanphu', 'GET', `/api/communes/${commune}/forums/${forumId}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().report as { dueOn: string; status: string; drafted: boolean; submittedOn: string | null };
  };

  it('is due 15 days after the forum: pending until then, missing after, on time or late once sent', async () => {
    const db = t.database.db;
    const created = await call('xa.vanphu', 'POST', `/api/communes/${commune}/forums`, {
      kind: 'forum',
      level: 'commune',
      heldOn: '2026-04-25',
      title: 'Diễn đàn trẻ em tháng Tư',
      ...bands(40),
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    // The month turns: 15 days after 25/04 is 10/05.
    setClock(new Date('2026-05-10T16:00:00Z')); // 23:00 on 10/05 in Vietnam
    expect(await report(id)).toEqual({ dueOn: '2026-05-10', status: 'pending', drafted: false, submittedOn: null });
    setClock(new Date('2026-05-10T17:30:00Z')); // 00:30 on 11/05 in Vietnam
    expect((await report(id)).status).toBe('missing');

    const base = {
      unit_id: commune,
      province_id: province,
      year: 2026,
      kind: 'forum' as const,
      due_on: '2026-05-10',
      forum_id: id,
    };
    const { id: reportId } = await db
      .insertInto('periodic_report')
      .values({ ...base, status: 'draft' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await report(id)).toMatchObject({ status: 'missing', drafted: true, submittedOn: null });

    // Sent at 23:30 on 10/05 Vietnam time (16:30 UTC): on time, on the Vietnam day.
    await db
      .updateTable('periodic_report')
      .set({ status: 'submitted', submitted_at: new Date('2026-05-10T16:30:00Z') })
      .where('id', '=', reportId)
      .execute();
    expect(await report(id)).toMatchObject({ status: 'on_time', submittedOn: '2026-05-10' });
    // Sent at 00:30 on 11/05 Vietnam time: late.
    await db
      .updateTable('periodic_report')
      .set({ submitted_at: new Date('2026-05-10T17:30:00Z') })
      .where('id', '=', reportId)
      .execute();
    expect(await report(id)).toMatchObject({ status: 'late', submittedOn: '2026-05-11' });
    setClock(null);
  });
});
