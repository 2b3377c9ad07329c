// The activity log over HTTP: a commune records what it did (a broadcast, a training course, money raised for
// the child-protection fund), with participants by sex, the task and budget line it serves, and evidence files;
// refusals name the field and the value; the province reads its communes' logs but writes only its own;
// every write is audited.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setConfig } from '../support/config.ts';
import { communeId } from '../support/db.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { exeLike, form, tinyPdf } from '../evidence/samples.ts';
import { setClock } from '../../src/server/platform/clock.ts';

const filesDir = mkdtempSync(path.join(tmpdir(), 'cfc-activities-'));
setConfig({ filesDir });

let t: TestApp;
const cookies: Record<string, string> = {};
let vanPhu: number;
let tanCuong: number;
let province: number;

const call = (user: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[user]!, 'accept-language': 'vi' }, payload });

const broadcast = {
  kind: 'communication',
  form: 'loudspeaker',
  heldOn: '2026-03-02',
  title: 'Tuyên truyền phòng, chống đuối nước trẻ em',
  place: 'Hệ thống loa truyền thanh xã',
  quantity: 8,
};

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  vanPhu = await communeId(db, '05845');
  tanCuong = (
    await db
      .selectFrom('user_role')
      .innerJoin('app_user', 'app_user.id', 'user_role.user_id')
      .select('user_role.unit_id')
      .where('app_user.username', '=', 'xa.tancuong')
      .executeTakeFirstOrThrow()
  ).unit_id!;
  province = (await db.selectFrom('unit').select('parent_id').where('id', '=', vanPhu).executeTakeFirstOrThrow())
    .parent_id!;
  for (const u of ['xa.vanphu', 'xa.tancuong', 'tinh.thainguyen']) cookies[u] = await login(t.app, u);
  setClock(new Date('2026-07-20T03:00:00Z'));
}, 120_000);

afterAll(async () => {
  setClock(null);
  await t?.close();
  rmSync(filesDir, { recursive: true, force: true });
});

describe('a commune’s activity log', () => {
  let id: number;

  it('records an activity with its participants by sex, and lists it in its year with the totals', async () => {
    const session = {
      kind: 'communication',
      form: 'session',
      heldOn: '2026-04-10',
      title: 'Truyền thông trực tiếp về quyền trẻ em',
      place: 'Nhà văn hóa thôn Đồng Bẩm',
      childrenMale: 12,
      childrenFemale: 15,
      adultsMale: 4,
      adultsFemale: 9,
    };
    const a = await call('xa.vanphu', 'POST', `/api/units/${vanPhu}/activities`, broadcast);
    expect(a.statusCode, a.body).toBe(201);
    id = a.json().id;
    expect(a.json()).toMatchObject({ unitId: vanPhu, kind: 'communication', quantity: 8, amount: null, files: [] });
    const b = await call('xa.vanphu', 'POST', `/api/units/${vanPhu}/activities`, session);
    expect(b.statusCode, b.body).toBe(201);
    const fund = await call('xa.vanphu', 'POST', `/api/units/${vanPhu}/activities`, {
      kind: 'fund',
      form: 'raised',
      heldOn: '2026-05-20',
      title: 'Vận động ủng hộ Quỹ Bảo trợ trẻ em',
      amount: 15_500_000,
    });
    expect(fund.statusCode, fund.body).toBe(201);
    // Another year: not in 2026's list.
    const old = await call('xa.vanphu', 'POST', `/api/units/${vanPhu}/activities`, {
      ...broadcast,
      heldOn: '2025-11-03',
    });
    expect(old.statusCode, old.body).toBe(201);

    const list = await call('xa.vanphu', 'GET', `/api/units/${vanPhu}/activities?year=2026`);
    expect(list.statusCode, list.body).toBe(200);
    const body = list.json();
    expect(body.canWrite).toBe(true);
    // Newest first.
    expect(body.items.map((x: { heldOn: string }) => x.heldOn)).toEqual(['2026-05-20', '2026-04-10', '2026-03-02']);
    expect(body.totals).toMatchObject({
      'communication.broadcasts': 8,
      'communication.sessions': 1,
      'communication.participants': 40,
      'fund.raised': 15_500_000,
      'training.sessions': 0,
    });
    const onlyFund = await call('xa.vanphu', 'GET', `/api/units/${vanPhu}/activities?year=2026&kind=fund`);
    expect(onlyFund.json().items).toHaveLength(1);
    expect(onlyFund.json().items[0].amount).toBe(15_500_000);
  });

  it('refuses what a record must not hold, naming the field and the value', async () => {
    const wrongForm = await call('xa.vanphu', 'POST', `/api/units/${vanPhu}/activities`, {
      ...broadcast,
      form: 'newspaper',
    });
    expect(wrongForm.statusCode).toBe(400);
    expect(wrongForm.json().error.issues[0]).toMatchObject({ field: 'form', value: 'newspaper' });
    expect(wrongForm.json().error.issues[0].message).toContain('Hình thức “newspaper”');

    const future = await call('xa.vanphu', 'POST', `/api/units/${vanPhu}/activities`, {
      ...broadcast,
      heldOn: '2026-08-01',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.issues[0]).toMatchObject({ field: 'heldOn', value: '2026-08-01' });
    expect(future.json().error.issues[0].message).toContain('Ngày thực hiện “01/08/2026”');

    const noAmount = await call('xa.vanphu', 'POST', `/api/units/${vanPhu}/activities`, {
      kind: 'fund',
      form: 'spent',
      heldOn: '2026-06-01',
      title: 'Chi hỗ trợ trẻ em',
    });
    expect(noAmount.statusCode).toBe(400);
    expect(noAmount.json().error.issues[0]).toMatchObject({ field: 'amount', value: null });

    const negative = await call('xa.vanphu', 'POST', `/api/units/${vanPhu}/activities`, {
      ...broadcast,
      childrenFemale: -2,
    });
    expect(negative.statusCode).toBe(400);
    expect(JSON.stringify(negative.json().error.issues)).toContain('childrenFemale');

    // A task of another commune's plan is not this commune's to serve.
    const plan = await call('xa.tancuong', 'POST', `/api/units/${tanCuong}/plans`, {
      year: 2026,
      title: 'Kế hoạch thực hiện công tác trẻ em năm 2026',
      place: 'Thái Nguyên',
      tasks: [{ text: 'Tuyên truyền trên loa truyền thanh' }],
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const taskId = (await call('xa.tancuong', 'GET', `/api/units/${tanCuong}/plans/${plan.json().id}`)).json().tasks[0]
      .id;
    const foreign = await call('xa.vanphu', 'POST', `/api/units/${vanPhu}/activities`, { ...broadcast, taskId });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.issues[0]).toMatchObject({ field: 'taskId', value: taskId });
  });

  it('changes only the fields sent, checks the whole again, and audits both sides', async () => {
    const res = await call('xa.vanphu', 'PATCH', `/api/activities/${id}`, { quantity: 10, place: 'Loa thôn Cầu Đá' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ quantity: 10, place: 'Loa thôn Cầu Đá', title: broadcast.title });
    // A training course counts no quantity: the kind changed alone leaves the quantity refused by name.
    const bad = await call('xa.vanphu', 'PATCH', `/api/activities/${id}`, { kind: 'training' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0]).toMatchObject({ field: 'quantity', value: 10 });
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('entity', '=', 'activity')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(audit[1]!.before).toMatchObject({ quantity: 8 });
    expect(audit[1]!.after).toMatchObject({ quantity: 10 });
  });

  it('keeps evidence files: sniffed, downloaded by readers, removed with their activity', async () => {
    const body = await form(
      {},
      { name: 'lich-phat-thanh.pdf', data: tinyPdf('Lich phat thanh'), type: 'application/pdf' },
    );
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/activities/${id}/files`,
      headers: { cookie: cookies['xa.vanphu']!, ...body.headers },
      payload: body.payload,
    });
    expect(up.statusCode, up.body).toBe(201);
    const file = up.json();
    expect(file).toMatchObject({ fileName: 'lich-phat-thanh.pdf', mediaType: 'application/pdf' });

    const exe = await form({}, { name: 'bien-ban.pdf', data: exeLike(), type: 'application/pdf' });
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/activities/${id}/files`,
      headers: { cookie: cookies['xa.vanphu']!, ...exe.headers },
      payload: exe.payload,
    });
    expect(refused.statusCode).toBe(415);

    const down = await call('tinh.thainguyen', 'GET', file.downloadUrl);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await call('xa.tancuong', 'GET', file.downloadUrl)).statusCode).toBe(403);
    expect((await call('xa.vanphu', 'GET', `/api/activities/${id}`)).json().files).toHaveLength(1);

    const gone = await call('xa.vanphu', 'DELETE', `/api/activities/${id}`);
    expect(gone.statusCode, gone.body).toBe(200);
    expect((await call('xa.vanphu', 'GET', `/api/activities/${id}`)).statusCode).toBe(404);
    expect((await call('xa.vanphu', 'GET', file.downloadUrl)).statusCode).toBe(404);
    const actions = await t.database.db
      .selectFrom('audit_log')
      .select(['entity', 'action'])
      .where((eb) => eb.or([eb('entity', '=', 'activity_file'), eb('entity', '=', 'activity')]))
      .where('action', 'in', ['upload', 'delete'])
      .execute();
    expect(actions).toEqual(
      expect.arrayContaining([
        { entity: 'activity_file', action: 'upload' },
        { entity: 'activity', action: 'delete' },
      ]),
    );
  });
});

describe('who reads and writes', () => {
  it('lets the province read a commune’s log but not write it, and write its own', async () => {
    const read = await call('tinh.thainguyen', 'GET', `/api/units/${vanPhu}/activities?year=2026`);
    expect(read.statusCode).toBe(200);
    expect(read.json().canWrite).toBe(false);
    const write = await call('tinh.thainguyen', 'POST', `/api/units/${vanPhu}/activities`, broadcast);
    expect(write.statusCode).toBe(403);
    const own = await call('tinh.thainguyen', 'POST', `/api/units/${province}/activities`, {
      kind: 'inspection',
      form: 'child_labour',
      heldOn: '2026-06-15',
      title: 'Kiểm tra liên ngành về lao động trẻ em tại cơ sở sản xuất',
    });
    expect(own.statusCode, own.body).toBe(201);
    // A commune reads its province's log (as it reads its plans) but does not write it.
    expect((await call('xa.vanphu', 'GET', `/api/units/${province}/activities?year=2026`)).statusCode).toBe(200);
    expect(
      (await call('xa.vanphu', 'PATCH', `/api/activities/${own.json().id}`, { place: 'Xã Văn Phú' })).statusCode,
    ).toBe(403);
  });

  it('keeps a commune out of another commune’s log', async () => {
    expect((await call('xa.tancuong', 'GET', `/api/units/${vanPhu}/activities?year=2026`)).statusCode).toBe(403);
    const mine = (await call('xa.vanphu', 'GET', `/api/units/${vanPhu}/activities?year=2026`)).json().items[0].id;
    expect((await call('xa.tancuong', 'GET', `/api/activities/${mine}`)).statusCode).toBe(403);
    expect((await call('xa.tancuong', 'DELETE', `/api/activities/${mine}`)).statusCode).toBe(403);
    expect((await call('xa.vanphu', 'GET', `/api/activities/${mine}`)).statusCode).toBe(200);
  });
});
