// Causes of injury and death cases, and child labour as a kind of case: a cause is required for an injury or
// a death and refused on any other kind (the refusal names the field and the value; nothing is stored); a case
// recorded before causes existed may still be closed without one; child labour is a sensitive case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCase } from '../../src/core/register/records.ts';
import { seedDemoHazards } from '../../src/server/demo/hazards.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let commune: number;
let childId: number;

const call = (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[user]!, 'accept-language': 'vi' }, payload });
const base = () => `/api/communes/${commune}/register`;
const caseCount = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('protection_case')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('unit_id', '=', commune)
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await startTestApp();
  commune = await communeId(t.database.db, '05830'); // Xã Đại Từ keeps the demo register
  for (const u of ['xa.daitu', 'chutich.daitu']) cookies[u] = await login(t.app, u);
  childId = (
    await t.database.db
      .selectFrom('child')
      .select('id')
      .where('unit_id', '=', commune)
      .where('died_on', 'is', null)
      .where('birth_date', '<', '2016-01-01')
      .where('birth_date', '>', '2012-01-01')
      .orderBy('id')
      .executeTakeFirstOrThrow()
  ).id;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const injury = () => ({
  childId,
  kind: 'injury',
  occurredOn: '2026-06-02',
  reportedOn: '2026-06-03',
  summary: 'Trượt chân xuống ao khi đi học về, được người dân cứu.',
});

describe('causes of injury and death', () => {
  it('the demo seed gives every injury and death without a cause one, in the national list’s order', async () => {
    const db = t.database.db;
    const unit = await db.selectFrom('unit').select('parent_id').where('id', '=', commune).executeTakeFirstOrThrow();
    const officer = await db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'xa.daitu')
      .executeTakeFirstOrThrow();
    const ids = (
      await db
        .insertInto('protection_case')
        .values(
          (['injury', 'death'] as const).map((kind) => ({
            child_id: childId,
            unit_id: commune,
            province_id: unit.parent_id!,
            kind,
            occurred_on: '2024-05-01',
            reported_on: '2024-05-01',
          })),
        )
        .returning('id')
        .execute()
    ).map((r) => r.id);
    await seedDemoHazards(db, commune, unit.parent_id!, officer.id);
    const rows = await db
      .selectFrom('protection_case')
      .select(['id', 'cause'])
      .where('id', 'in', ids)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.cause)).toEqual(['drowning', 'traffic']);
    await db.deleteFrom('protection_case').where('id', 'in', ids).execute();
  });

  it('the core check: required for injury and death, refused on other kinds', () => {
    const child = { birthDate: '2014-01-01' };
    const today = '2026-12-01';
    const c = { occurredOn: '2026-06-02', reportedOn: '2026-06-03' };
    expect(checkCase({ ...c, kind: 'death' }, child, today)).toMatchObject({
      ok: false,
      issues: [{ field: 'cause', value: null, code: 'required' }],
    });
    expect(checkCase({ ...c, kind: 'death', cause: 'traffic' }, child, today)).toMatchObject({ ok: true });
    expect(checkCase({ ...c, kind: 'drug_use', cause: 'poisoning' }, child, today)).toMatchObject({
      ok: false,
      issues: [{ field: 'cause', value: 'poisoning', code: 'cause_not_needed' }],
    });
    expect(checkCase({ ...c, kind: 'injury', cause: 'lightning' }, child, today)).toMatchObject({
      ok: false,
      issues: [{ field: 'cause', value: 'lightning', code: 'bad_choice' }],
    });
    expect(checkCase({ ...c, kind: 'injury' }, child, today, { causeOptional: true })).toMatchObject({ ok: true });
  });

  it('an injury without a cause is refused naming the field; with one it is stored and shown', async () => {
    const before = await caseCount();
    const missing = await call('xa.daitu', 'POST', `${base()}/cases`, injury());
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.issues).toEqual([
      { field: 'cause', value: null, message: 'Nguyên nhân: cần nhập (đang để trống).' },
    ]);
    const unknown = await call('xa.daitu', 'POST', `${base()}/cases`, { ...injury(), cause: 'lightning' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.issues[0]).toMatchObject({ field: 'cause', value: 'lightning' });
    expect(unknown.json().error.issues[0].message).toContain('Nguyên nhân (giá trị “lightning”)');
    const wrongKind = await call('xa.daitu', 'POST', `${base()}/cases`, {
      ...injury(),
      kind: 'abandonment',
      cause: 'drowning',
    });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().error.issues).toEqual([
      {
        field: 'cause',
        value: 'drowning',
        message: 'Nguyên nhân (giá trị “drowning”): chỉ vụ việc tai nạn, thương tích hoặc tử vong mới ghi nguyên nhân.',
      },
    ]);
    expect(await caseCount()).toBe(before);

    const ok = await call('xa.daitu', 'POST', `${base()}/cases`, { ...injury(), cause: 'drowning' });
    expect(ok.statusCode, ok.body).toBe(201);
    const id = ok.json().id;
    expect(ok.json().case.details.cause).toBe('drowning');
    const stored = await t.database.db
      .selectFrom('protection_case')
      .select('cause')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.cause).toBe('drowning');
    const listed = (await call('xa.daitu', 'GET', `${base()}/cases`)).json() as {
      id: number;
      details: { cause: string | null };
    }[];
    expect(listed.find((c) => c.id === id)!.details.cause).toBe('drowning');

    // The worker corrects the cause; a cause on a kind without causes is refused, and nothing changes.
    const fixed = await call('xa.daitu', 'PUT', `${base()}/cases/${id}`, { cause: 'fall' });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json().case.details.cause).toBe('fall');
    const cleared = await call('xa.daitu', 'PUT', `${base()}/cases/${id}`, { cause: null });
    expect(cleared.statusCode).toBe(400);
    expect(cleared.json().error.issues[0].field).toBe('cause');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('after')
      .where('entity', '=', 'protection_case')
      .where('entity_id', '=', String(id))
      .where('action', '=', 'create_case')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.after)).toContain('drowning');
  });

  it('a case recorded before causes existed is closed without one, but not re-kinded without one', async () => {
    const id = (
      await t.database.db
        .insertInto('protection_case')
        .values({
          child_id: childId,
          unit_id: commune,
          province_id: (
            await t.database.db
              .selectFrom('unit')
              .select('parent_id')
              .where('id', '=', commune)
              .executeTakeFirstOrThrow()
          ).parent_id!,
          kind: 'injury',
          occurred_on: '2025-03-01',
          reported_on: '2025-03-02',
          summary: 'Ghi trước khi có nguyên nhân',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const closed = await call('chutich.daitu', 'PUT', `${base()}/cases/${id}`, { closedOn: '2025-04-01' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().case).toMatchObject({ closedOn: '2025-04-01', details: { cause: null } });
    const rekinded = await call('chutich.daitu', 'PUT', `${base()}/cases/${id}`, { kind: 'death' });
    expect(rekinded.statusCode).toBe(400);
    expect(rekinded.json().error.issues[0]).toMatchObject({ field: 'cause', value: null });
  });

  it('child labour is a kind of case, sensitive: it waits for the chairman, who sees it', async () => {
    const res = await call('xa.daitu', 'POST', `${base()}/cases`, {
      childId,
      kind: 'child_labour',
      occurredOn: '2026-07-01',
      reportedOn: '2026-07-02',
      summary: 'Làm thuê tại xưởng gạch',
    });
    expect(res.statusCode, res.body).toBe(201);
    // The officer who opened it does not see it until the chairman assigns it.
    expect(res.json().case).toBeNull();
    const seen = await call('chutich.daitu', 'GET', `${base()}/cases/${res.json().id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ kind: 'child_labour', details: { cause: null } });
  });
});
