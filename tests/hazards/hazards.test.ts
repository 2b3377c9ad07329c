// The hazard-site list through the API: who writes where (a collaborator only in their own village), who reads
// (the commune, its province; not another province), bad input refused with the field named and nothing stored,
// every write audited, and the list's filters matching the states the statistics count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hazardState } from '../../src/core/hazards/sites.ts';
import { DEMO_PASSWORD } from '../../src/server/demo/accounts.ts';
import { createUser } from '../../src/server/features/auth/users.ts';
import { measureStatistics } from '../../src/server/features/statistics/index.ts';
import { todayInVietnam } from '../../src/server/platform/clock.ts';
import { communeId } from '../support/db.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let commune: number;
let village1: { id: number; name: string };
let village2: { id: number; name: string };
let sibling: number;
let siblingVillage: number;
let demoStates: string[] = [];

const call = (user: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[user]!, 'accept-language': 'vi' }, payload });
const base = (unit = commune) => `/api/communes/${unit}/hazard-sites`;

const siteCount = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('hazard_site')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('unit_id', '=', commune)
        .executeTakeFirstOrThrow()
    ).n,
  );

const pond = () => ({
  villageId: village1.id,
  kind: 'pond',
  place: 'Ao nhà ông Bình, cạnh đường vào trường',
  responsible: 'Hộ ông Nguyễn Văn Bình',
  foundOn: '2026-03-02',
});

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  commune = await communeId(db, '05830'); // Xã Đại Từ: its collaborator keeps the first village by name
  sibling = await communeId(db, '05845'); // Xã Vạn Phú, same province
  const villages = await db
    .selectFrom('village')
    .select(['id', 'name'])
    .where('unit_id', '=', commune)
    .orderBy('name')
    .limit(2)
    .execute();
  [village1, village2] = [villages[0]!, villages[1]!];
  // The demo lists a few sites of its own here, in every state; then this test counts from an empty list.
  demoStates = (
    await db
      .selectFrom('hazard_site')
      .select(['found_on', 'fenced_on', 'signposted_on', 'fixed_on'])
      .where('unit_id', '=', commune)
      .execute()
  ).map((r) =>
    hazardState(
      { foundOn: r.found_on, fencedOn: r.fenced_on, signpostedOn: r.signposted_on, fixedOn: r.fixed_on },
      todayInVietnam(),
    ),
  );
  await db.deleteFrom('hazard_site').where('unit_id', '=', commune).execute();
  const province = (await db.selectFrom('unit').select('parent_id').where('id', '=', sibling).executeTakeFirstOrThrow())
    .parent_id!;
  siblingVillage = (
    await db
      .insertInto('village')
      .values({ unit_id: sibling, province_id: province, name: 'Thôn Đồng Bẩm' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const hanoi = await db
    .selectFrom('unit')
    .select('id')
    .where('code', '=', '01')
    .where('level', '=', 'province')
    .executeTakeFirstOrThrow();
  await createUser(db, {
    username: 'tinh.hanoi',
    password: DEMO_PASSWORD,
    fullName: 'Cán bộ tỉnh khác',
    roles: [{ role: 'province_official', unitId: hanoi.id }],
  });
  await createUser(db, {
    username: 'ctv2.daitu',
    password: DEMO_PASSWORD,
    fullName: `Cộng tác viên ${village2.name}`,
    roles: [{ role: 'collaborator', unitId: commune, villageId: village2.id }],
  });
  for (const u of [
    'xa.daitu',
    'chutich.daitu',
    'ctv.daitu',
    'ctv2.daitu',
    'tinh.thainguyen',
    'tinh.hanoi',
    'xa.vanphu',
  ])
    cookies[u] = await login(t.app, u);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('hazard sites', () => {
  let siteId: number;

  it('the demo commune lists sites in every state', () => {
    expect(new Set(demoStates)).toEqual(new Set(['fixed', 'fenced_signposted', 'fenced', 'signposted', 'unsafe']));
  });

  it('the commune officer lists a site; it is audited and read back with its state', async () => {
    const res = await call('xa.daitu', 'POST', base(), pond());
    expect(res.statusCode, res.body).toBe(201);
    const site = res.json();
    siteId = site.id;
    expect(site).toMatchObject({
      village: village1,
      kind: 'pond',
      place: 'Ao nhà ông Bình, cạnh đường vào trường',
      foundOn: '2026-03-02',
      fencedOn: null,
      state: 'unsafe',
      canWrite: true,
    });
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity', '=', 'hazard_site')
      .where('entity_id', '=', String(siteId))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create_hazard_site']);
  });

  it('a fence and a sign change the state; fixed takes it out of the open ones', async () => {
    const fenced = await call('chutich.daitu', 'PATCH', `${base()}/${siteId}`, { fencedOn: '2026-04-10' });
    expect(fenced.statusCode, fenced.body).toBe(200);
    expect(fenced.json()).toMatchObject({ state: 'fenced', place: pond().place, responsible: pond().responsible });
    const both = await call('xa.daitu', 'PATCH', `${base()}/${siteId}`, { signpostedOn: '2026-04-12' });
    expect(both.json().state).toBe('fenced_signposted');

    // A second site nobody has made safe, and a third filled in.
    const open = await call('xa.daitu', 'POST', base(), {
      ...pond(),
      villageId: village2.id,
      kind: 'well',
      place: 'Giếng bỏ hoang sau nhà văn hóa',
    });
    expect(open.statusCode, open.body).toBe(201);
    const filled = await call('xa.daitu', 'POST', base(), {
      ...pond(),
      kind: 'pit',
      place: 'Hố công trình đường liên thôn',
      fixedOn: '2026-05-20',
    });
    expect(filled.json().state).toBe('fixed');

    const all = (await call('xa.daitu', 'GET', base())).json();
    expect(all.counts).toEqual({ listed: 3, open: 2, fenced: 1, signposted: 1, unsafe: 1, fixed: 1 });
    const places = async (query: string) =>
      (await call('xa.daitu', 'GET', `${base()}?${query}`)).json().sites.map((s: { place: string }) => s.place);
    expect(await places('state=unsafe')).toEqual(['Giếng bỏ hoang sau nhà văn hóa']);
    expect(await places('state=fixed')).toEqual(['Hố công trình đường liên thôn']);
    expect((await places('state=open')).sort()).toEqual(
      ['Ao nhà ông Bình, cạnh đường vào trường', 'Giếng bỏ hoang sau nhà văn hóa'].sort(),
    );
    expect(await places(`villageId=${village2.id}`)).toEqual(['Giếng bỏ hoang sau nhà văn hóa']);
    expect(await places('kind=pit')).toEqual(['Hố công trình đường liên thôn']);

    // The list's counts are the statistics' counts on the same day.
    const today = todayInVietnam();
    const measured = (
      await measureStatistics(t.database.db, { unitIds: [commune], from: '2026-01-01', to: today })
    ).get(commune)!;
    expect({
      listed: measured['hazard.listed'],
      open: measured['hazard.open'],
      fenced: measured['hazard.fenced'],
      signposted: measured['hazard.signposted'],
      unsafe: measured['hazard.unsafe'],
      fixed: measured['hazard.fixed'],
    }).toEqual(all.counts);
  });

  it('reads a state as of a day: a fence put up later has not happened yet', () => {
    const site = { foundOn: '2026-03-02', fencedOn: '2026-04-10', signpostedOn: null, fixedOn: '2026-09-01' };
    expect(hazardState(site, '2026-04-09')).toBe('unsafe');
    expect(hazardState(site, '2026-04-10')).toBe('fenced');
    expect(hazardState(site, '2026-09-01')).toBe('fixed');
  });

  it('refuses bad input naming the field and the value, and stores nothing', async () => {
    const before = await siteCount();
    const res = await call('xa.daitu', 'POST', base(), {
      ...pond(),
      kind: 'volcano',
      place: '  ',
      fencedOn: '2026-02-01',
    });
    expect(res.statusCode).toBe(400);
    const issues = res.json().error.issues as { field: string; value: unknown; message: string }[];
    expect(issues.map((i) => i.field).sort()).toEqual(['kind', 'place']);
    expect(issues.find((i) => i.field === 'kind')!.message).toContain('Loại điểm nguy cơ (giá trị “volcano”)');
    expect(issues.find((i) => i.field === 'place')!.message).toContain('Vị trí: cần nhập');

    const early = await call('xa.daitu', 'POST', base(), { ...pond(), fencedOn: '2026-02-01' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.issues[0]).toMatchObject({ field: 'fencedOn', value: '2026-02-01' });
    expect(early.json().error.issues[0].message).toBe(
      'Ngày có rào chắn, nắp đậy (giá trị 01/02/2026): sớm hơn Ngày đưa vào danh sách (02/03/2026).',
    );

    const future = await call('xa.daitu', 'POST', base(), { ...pond(), foundOn: '2099-01-01' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.issues[0]).toMatchObject({ field: 'foundOn', value: '2099-01-01' });

    const foreign = await call('xa.daitu', 'POST', base(), {
      ...pond(),
      villageId: siblingVillage,
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.issues[0].field).toBe('villageId');
    expect(await siteCount()).toBe(before);

    const patch = await call('xa.daitu', 'PATCH', `${base()}/${siteId}`, { fixedOn: '2026-01-01' });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().error.issues[0]).toMatchObject({ field: 'fixedOn', value: '2026-01-01' });
    expect(
      (await call('xa.daitu', 'GET', base())).json().sites.find((s: { id: number }) => s.id === siteId).fixedOn,
    ).toBe(null);
  });

  it('a collaborator writes in their own village, not in another one', async () => {
    const own = await call('ctv.daitu', 'POST', base(), {
      ...pond(),
      place: 'Mương thoát nước đầu thôn',
      kind: 'canal',
    });
    expect(own.statusCode, own.body).toBe(201);
    const before = await siteCount();
    const other = await call('ctv.daitu', 'POST', base(), { ...pond(), villageId: village2.id });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.message).toContain('thôn mình');
    // Nor moves a site of theirs into another village, nor changes one there.
    const moved = await call('ctv.daitu', 'PATCH', `${base()}/${own.json().id}`, { villageId: village2.id });
    expect(moved.statusCode).toBe(403);
    const theirs = (await call('ctv2.daitu', 'GET', base())).json();
    expect(theirs.villages).toEqual([{ ...village2, writable: true }]);
    expect(theirs.sites.every((s: { village: { id: number } }) => s.village.id === village2.id)).toBe(true);
    const fromVillage1 = await call('ctv2.daitu', 'PATCH', `${base()}/${siteId}`, { note: 'x' });
    expect(fromVillage1.statusCode).toBe(404);
    expect(await siteCount()).toBe(before);
    // The collaborator of village 2 changes their own village's site.
    const well = theirs.sites[0];
    const fixed = await call('ctv2.daitu', 'PATCH', `${base()}/${well.id}`, { fencedOn: '2026-06-01' });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json().state).toBe('fenced');
  });

  it('the province reads its communes’ lists but writes none; another province and another commune read nothing', async () => {
    const province = await call('tinh.thainguyen', 'GET', base());
    expect(province.statusCode).toBe(200);
    expect(province.json()).toMatchObject({ canWrite: false });
    expect(province.json().sites.length).toBeGreaterThanOrEqual(4);
    expect(province.json().sites.every((s: { canWrite: boolean }) => !s.canWrite)).toBe(true);
    expect((await call('tinh.thainguyen', 'POST', base(), pond())).statusCode).toBe(403);
    expect((await call('tinh.thainguyen', 'PATCH', `${base()}/${siteId}`, { note: 'x' })).statusCode).toBe(403);
    expect((await call('tinh.hanoi', 'GET', base())).statusCode).toBe(403);
    expect((await call('xa.vanphu', 'GET', base())).statusCode).toBe(403);
    expect((await call('xa.vanphu', 'POST', base(), pond())).statusCode).toBe(403);
    // A site of Đại Từ asked for under Vạn Phú is not found there.
    expect((await call('xa.vanphu', 'PATCH', `${base(sibling)}/${siteId}`, { note: 'x' })).statusCode).toBe(404);
  });
});
