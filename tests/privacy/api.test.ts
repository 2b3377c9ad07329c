// Privacy operations through the API: a child's data for its guardian (logged), erasure refused while a
// case keeps the record and a tombstone otherwise, the retention job, account export and erasure, who may do what.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/server/features/auth/users.ts';
import { DEMO_PASSWORD } from '../../src/server/demo/accounts.ts';
import { deriveInputs } from '../../src/server/features/register/derive.ts';
import { runRetention } from '../../src/server/features/privacy/retention.ts';
import { todayInVietnam } from '../../src/server/platform/clock.ts';
import { addPeriod } from '../../src/core/privacy/retention.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
const userIds: Record<string, number> = {};
let commune: number;
const ids: Record<string, number> = {};
const caseIds: Record<string, number> = {};

const call = (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[user]!, 'accept-language': 'vi' }, payload });
const reg = () => `/api/communes/${commune}/register`;
const priv = (childId: number) => `/api/communes/${commune}/privacy/children/${childId}`;

const child = (code: string, fullName: string, extra: object = {}) => ({
  code,
  villageName: 'Thôn Khuôn Lần',
  householdCode: `HO-${code}`,
  householdHead: `Chủ hộ ${fullName}`,
  fullName,
  birthDate: '2012-08-20',
  sex: 'male',
  guardianName: `Người giám hộ ${fullName}`,
  guardianRelation: 'mẹ',
  birthRegisteredOn: '2012-09-10',
  note: `Ghi chú về ${fullName}`,
  ...extra,
});

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  commune = await communeId(db, '05845'); // Xã Vạn Phú
  const other = await communeId(db, '05503'); // Xã Tân Cương
  const make = async (
    username: string,
    role: 'commune_officer' | 'commune_chairman' | 'collaborator',
    unitId: number,
  ) => {
    userIds[username] = await createUser(db, {
      username,
      password: DEMO_PASSWORD,
      fullName: `Người dùng ${username}`,
      roles: [{ role, unitId }],
    });
  };
  await make('chutich.vp', 'commune_chairman', commune);
  await make('canbo2.vp', 'commune_officer', commune);
  await make('ctv.vp', 'collaborator', commune);
  await make('chutich.tc', 'commune_chairman', other);
  for (const u of ['xa.vanphu', 'admin'])
    userIds[u] = (await db.selectFrom('app_user').select('id').where('username', '=', u).executeTakeFirstOrThrow()).id;
  for (const u of [
    'xa.vanphu',
    'chutich.vp',
    'canbo2.vp',
    'ctv.vp',
    'chutich.tc',
    'tinh.thainguyen',
    'admin',
    'bo.yte',
  ])
    cookies[u] = await login(t.app, u);

  const add = async (key: string, body: object) => {
    const res = await call('xa.vanphu', 'POST', `${reg()}/children`, body);
    expect(res.statusCode, res.body).toBe(201);
    ids[key] = res.json().id;
  };
  await add('open', child('PV-01', 'Hoàng Văn Mở'));
  await add('kept', child('PV-02', 'Lý Thị Giữ'));
  await add('erase', child('PV-03', 'Đinh Thị Xoá', { idNumber: '019312009999' }));
  await add(
    'leftLong',
    child('PV-04', 'Triệu Văn Đi', {
      birthDate: '2010-03-01',
      birthRegisteredOn: '2010-03-20',
      movedOutOn: '2015-06-01',
    }),
  );
  await add(
    'leftCase',
    child('PV-05', 'Nông Thị Vụ', {
      birthDate: '2010-03-01',
      birthRegisteredOn: '2010-03-20',
      movedOutOn: '2015-06-01',
    }),
  );
  await add('leftRecent', child('PV-06', 'Mạc Văn Mới', { movedOutOn: todayInVietnam() }));
  const addCase = async (key: string, childId: number, body: object) => {
    const res = await call('xa.vanphu', 'POST', `${reg()}/cases`, { childId, ...body });
    expect(res.statusCode, res.body).toBe(201);
    caseIds[key] = res.json().id;
  };
  await addCase('open', ids.open!, {
    kind: 'abuse',
    abuseKind: 'physical',
    occurredOn: '2026-01-05',
    reportedOn: '2026-01-06',
    summary: 'Bị đánh tại nhà',
  });
  // The chairman assigns the sensitive case to the officer who reported it: he now handles an open case.
  expect(
    (await call('chutich.vp', 'PUT', `${reg()}/cases/${caseIds.open}`, { caseWorkerId: userIds['xa.vanphu'] }))
      .statusCode,
  ).toBe(200);
  await addCase('kept', ids.kept!, {
    kind: 'injury',
    cause: 'fall',
    occurredOn: '2022-03-01',
    reportedOn: '2022-03-02',
    closedOn: '2023-01-10',
    summary: 'Ngã xe',
  });
  await addCase('erase', ids.erase!, {
    kind: 'injury',
    cause: 'drowning',
    occurredOn: '2013-03-01',
    reportedOn: '2013-03-02',
    closedOn: '2014-02-01',
    summary: 'Đuối nước, được cứu',
  });
  await addCase('leftCase', ids.leftCase!, {
    kind: 'injury',
    cause: 'burn',
    occurredOn: '2014-03-01',
    reportedOn: '2014-03-02',
    closedOn: addPeriod(todayInVietnam(), -3, 'years'),
    summary: 'Bỏng',
  });
  expect(
    (
      await call('xa.vanphu', 'POST', `${reg()}/children/${ids.erase}/health-records`, {
        kind: 'growth',
        checkedOn: '2015-05-01',
        weightKg: 14.2,
        heightCm: 98,
      })
    ).statusCode,
  ).toBe(201);
  expect(
    (
      await call('xa.vanphu', 'POST', `${reg()}/children/${ids.erase}/circumstances`, {
        group: 'a',
        startedOn: '2014-01-01',
        note: 'Mồ côi cha',
      })
    ).statusCode,
  ).toBe(201);
  // An officer's read, which the export must show.
  expect((await call('canbo2.vp', 'GET', `${reg()}/children/${ids.erase}`)).statusCode).toBe(200);
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe("a child's data for its guardian", () => {
  it('is released by the chairman only: not the officer, the collaborator, another commune, the province, the ministry or the administrator', async () => {
    for (const u of ['xa.vanphu', 'ctv.vp', 'chutich.tc', 'tinh.thainguyen', 'bo.yte', 'admin']) {
      const res = await call(u, 'GET', `${priv(ids.erase!)}/export`);
      expect(res.statusCode, u).toBe(403);
    }
    const officer = await call('xa.vanphu', 'GET', `${priv(ids.erase!)}/export`);
    expect(officer.json().error.message).toContain('Chủ tịch');
  });

  it('holds identity, household, records, cases and the read log, and the export itself is logged and audited', async () => {
    const res = await call('chutich.vp', 'GET', `${priv(ids.erase!)}/export?format=json`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const d = res.json();
    expect(d.identity).toMatchObject({
      fullName: 'Đinh Thị Xoá',
      idNumber: '019312009999',
      guardianName: 'Người giám hộ Đinh Thị Xoá',
      birthDate: '2012-08-20',
    });
    expect(d.household).toMatchObject({ head: 'Chủ hộ Đinh Thị Xoá', village: 'Thôn Khuôn Lần' });
    expect(d.healthRecords).toEqual([
      expect.objectContaining({ kind: 'growth', checkedOn: '2015-05-01', weightKg: 14.2 }),
    ]);
    expect(d.circumstances[0]).toMatchObject({ group: 'a', note: 'Mồ côi cha' });
    expect(d.cases).toEqual([expect.objectContaining({ id: caseIds.erase, summary: 'Đuối nước, được cứu' })]);
    expect(JSON.stringify(d)).not.toContain('restricted');
    expect(
      d.accessLog.some(
        (r: { action: string; user: { username: string } }) => r.action === 'view' && r.user.username === 'canbo2.vp',
      ),
    ).toBe(true);
    const db = t.database.db;
    const logged = await db
      .selectFrom('child_access_log')
      .select(['user_id', 'fields'])
      .where('child_id', '=', ids.erase!)
      .where('action', '=', 'export')
      .execute();
    expect(logged).toEqual([expect.objectContaining({ user_id: userIds['chutich.vp'] })]);
    expect(logged[0]!.fields).toContain('subject_access');
    const audit = await db
      .selectFrom('audit_log')
      .select(['user_id', 'after'])
      .where('action', '=', 'subject_access_export')
      .where('entity_id', '=', String(ids.erase))
      .execute();
    expect(audit).toEqual([{ user_id: userIds['chutich.vp'], after: { format: 'json' } }]);
  });

  it('comes as a readable workbook too', async () => {
    const res = await call('chutich.vp', 'GET', `${priv(ids.erase!)}/export?format=xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Thông tin',
      'Hoàn cảnh',
      'Hỗ trợ',
      'Sức khỏe',
      'Vụ việc',
      'Nhật ký truy cập',
    ]);
    const values = wb.worksheets[0]!.getSheetValues().flat();
    expect(values).toContain('Đinh Thị Xoá');
    // The birth date as a date cell (dd/mm/yyyy), not text.
    expect(values).toContainEqual(new Date(Date.UTC(2012, 7, 20)));
  });
});

describe("erasing a child's record", () => {
  it('is refused while a case is open, naming the case', async () => {
    const status = await call('chutich.vp', 'GET', `${priv(ids.open!)}/erasure`);
    expect(status.json()).toMatchObject({ ok: false, reason: 'open_case', caseId: caseIds.open });
    const res = await call('chutich.vp', 'POST', `${priv(ids.open!)}/erase`, { requestRef: 'YC-01/2026' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain(`vụ việc số ${caseIds.open}`);
    expect(res.json().error.message).toContain('đang mở');
  });

  it('is refused within the case-file retention period, naming the date it ends', async () => {
    const res = await call('chutich.vp', 'POST', `${priv(ids.kept!)}/erase`, { requestRef: 'YC-02/2026' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('case_retention');
    expect(res.json().error.message).toContain('10/01/2033'); // closed 10/01/2023 + 10 years (the default)
    expect(
      (
        await t.database.db
          .selectFrom('child')
          .select('full_name')
          .where('id', '=', ids.kept!)
          .executeTakeFirstOrThrow()
      ).full_name,
    ).toBe('Lý Thị Giữ');
  });

  it('is not for the officer, the collaborator, another commune, the province or the administrator', async () => {
    for (const u of ['xa.vanphu', 'ctv.vp', 'chutich.tc', 'tinh.thainguyen', 'admin'])
      expect((await call(u, 'POST', `${priv(ids.erase!)}/erase`, { requestRef: 'YC-03/2026' })).statusCode, u).toBe(
        403,
      );
  });

  it('otherwise leaves a tombstone: no identity anywhere, counts unchanged, an erasure record, the audit without a name', async () => {
    const db = t.database.db;
    const period = { startsOn: '2015-01-01', endsOn: '2015-12-31' };
    const before = (await deriveInputs(db, [commune], period)).get(commune);
    const res = await call('chutich.vp', 'POST', `${priv(ids.erase!)}/erase`, { requestRef: 'YC-04/2026' });
    expect(res.statusCode, res.body).toBe(200);
    const row = await db.selectFrom('child').selectAll().where('id', '=', ids.erase!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      full_name: 'Đã xoá',
      id_number: null,
      guardian_name: '',
      guardian_relation: '',
      note: '',
      birth_date: '2012-01-01',
      code: `XOA-${ids.erase}`,
    });
    expect(row.birth_registered_on).toBe('2012-01-22'); // moved with the birth date: still registered 21 days after birth
    const household = await db
      .selectFrom('household')
      .selectAll()
      .where('id', '=', row.household_id)
      .executeTakeFirstOrThrow();
    expect(household.head_name).toBe('Đã xoá');
    expect(
      (
        await db
          .selectFrom('protection_case')
          .select('summary')
          .where('id', '=', caseIds.erase!)
          .executeTakeFirstOrThrow()
      ).summary,
    ).toBe('');
    expect(
      (
        await db
          .selectFrom('child_circumstance')
          .select('note')
          .where('child_id', '=', ids.erase!)
          .executeTakeFirstOrThrow()
      ).note,
    ).toBe('');
    expect((await deriveInputs(db, [commune], period)).get(commune)).toEqual(before);
    // Searching by the old name finds nothing; the audit log holds no name, number or guardian.
    const search = await call(
      'xa.vanphu',
      'GET',
      `${reg()}/children?q=${encodeURIComponent('Đinh Thị Xoá')}&includeLeft=true`,
    );
    expect(search.json().total).toBe(0);
    const audit = await sql<{
      text: string;
    }>`SELECT string_agg(concat_ws('|', action, entity, entity_id, before::text, after::text), E'\n') AS text FROM audit_log`.execute(
      db,
    );
    for (const secret of ['Đinh Thị Xoá', 'Dinh Thi Xoa', '019312009999', 'Người giám hộ Đinh', 'YC-04/2026'])
      expect(audit.rows[0]!.text).not.toContain(secret);
    const entry = await db
      .selectFrom('audit_log')
      .select(['user_id', 'after'])
      .where('action', '=', 'erase_child')
      .where('entity_id', '=', String(ids.erase))
      .executeTakeFirstOrThrow();
    expect(entry.user_id).toBe(userIds['chutich.vp']);
    const erasure = await db
      .selectFrom('privacy_erasure')
      .selectAll()
      .where('subject', '=', 'child')
      .where('subject_id', '=', ids.erase!)
      .executeTakeFirstOrThrow();
    expect(erasure).toMatchObject({
      performed_by: userIds['chutich.vp'],
      reason: 'request',
      request_ref: 'YC-04/2026',
      unit_id: commune,
    });
    expect(erasure.legal_basis).toContain('Nghị định 13/2023');
    expect(entry.after).toMatchObject({ erasureId: erasure.id });
    const log = await call('chutich.vp', 'GET', `/api/communes/${commune}/privacy/erasures`);
    expect(log.json()[0]).toMatchObject({ childId: ids.erase, requestRef: 'YC-04/2026' });
    // Once only.
    const again = await call('chutich.vp', 'POST', `${priv(ids.erase!)}/erase`, { requestRef: 'YC-05/2026' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_erased');
  });
});

describe('retention', () => {
  it('lets only the administrator change a period, refusing a bad value with the field and the value', async () => {
    expect((await call('chutich.vp', 'PUT', '/api/privacy/retention/case_file_years', { value: 12 })).statusCode).toBe(
      403,
    );
    const bad = await call('admin', 'PUT', '/api/privacy/retention/case_file_years', { value: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0]).toMatchObject({ field: 'value', value: 0 });
    expect(bad.json().error.message).toContain('Hồ sơ vụ việc');
    expect(bad.json().error.message).toContain('"0"');
    const text = await call('admin', 'PUT', '/api/privacy/retention/notification_months', { value: 'mười' });
    expect(text.statusCode).toBe(400);
    expect(text.json().error.message).toContain('mười');
    const ok = await call('admin', 'PUT', '/api/privacy/retention/case_file_years', { value: 12 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ key: 'case_file_years', value: 12, defaultValue: 10 });
    // The refusal follows the setting: 10/01/2023 + 12 years.
    const refused = await call('chutich.vp', 'POST', `${priv(ids.kept!)}/erase`, { requestRef: 'YC-06/2026' });
    expect(refused.json().error.message).toContain('10/01/2035');
    expect((await call('admin', 'PUT', '/api/privacy/retention/case_file_years', { value: 10 })).statusCode).toBe(200);
  });

  it('drops and anonymises exactly what is due, and audits a summary', async () => {
    const db = t.database.db;
    const today = todayInVietnam();
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
    const me = userIds['ctv.vp']!;
    const [oldNote, newNote] = await Promise.all([
      db
        .insertInto('notification')
        .values({ user_id: me, kind: 'test', message: 'cũ', created_at: daysAgo(400) })
        .returning('id')
        .executeTakeFirstOrThrow(),
      db
        .insertInto('notification')
        .values({ user_id: me, kind: 'test', message: 'mới', created_at: daysAgo(30) })
        .returning('id')
        .executeTakeFirstOrThrow(),
    ]);
    await db
      .insertInto('session')
      .values({
        token_hash: 'expired-session',
        user_id: me,
        expires_at: daysAgo(3),
        created_at: daysAgo(4),
        last_seen_at: daysAgo(3),
      })
      .execute();
    await sql`INSERT INTO survey_code_failure (source_hash, failed_at) VALUES ('old-hash', now() - interval '3 days'), ('new-hash', now())`.execute(
      db,
    );
    const [oldRead, newRead] = await Promise.all([
      db
        .insertInto('child_access_log')
        .values({ user_id: me, unit_id: commune, child_id: ids.kept!, action: 'view', at: daysAgo(6 * 366) })
        .returning('id')
        .executeTakeFirstOrThrow(),
      db
        .insertInto('child_access_log')
        .values({ user_id: me, unit_id: commune, child_id: ids.kept!, action: 'view', at: daysAgo(300) })
        .returning('id')
        .executeTakeFirstOrThrow(),
    ]);
    const preview = await db
      .insertInto('register_import')
      .values({
        unit_id: commune,
        file_name: 'so.xlsx',
        status: 'preview',
        summary: '{}',
        rows: JSON.stringify({ children: [{ fullName: 'Tên trong bản xem trước' }] }),
        created_at: daysAgo(2),
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const summary = await runRetention(db, today);

    expect(
      await db.selectFrom('notification').select('id').where('id', 'in', [oldNote.id, newNote.id]).execute(),
    ).toEqual([{ id: newNote.id }]);
    expect(
      await db.selectFrom('session').select('token_hash').where('token_hash', '=', 'expired-session').execute(),
    ).toEqual([]);
    expect(
      (
        await sql<{
          source_hash: string;
        }>`SELECT source_hash FROM survey_code_failure WHERE source_hash IN ('old-hash', 'new-hash')`.execute(db)
      ).rows,
    ).toEqual([{ source_hash: 'new-hash' }]);
    expect(
      await db.selectFrom('child_access_log').select('id').where('id', 'in', [oldRead.id, newRead.id]).execute(),
    ).toEqual([{ id: newRead.id }]);
    expect(
      await db
        .selectFrom('register_import')
        .select(['status', 'rows'])
        .where('id', '=', preview.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'discarded', rows: {} });
    // Children: left ten years ago without a case → anonymised; left with a case closed three years ago, left today, open case → kept.
    const names = Object.fromEntries(
      (await db.selectFrom('child').select(['id', 'full_name']).where('unit_id', '=', commune).execute()).map((c) => [
        c.id,
        c.full_name,
      ]),
    );
    expect(names[ids.leftLong!]).toBe('Đã xoá');
    expect(names[ids.leftCase!]).toBe('Nông Thị Vụ');
    expect(names[ids.leftRecent!]).toBe('Mạc Văn Mới');
    expect(names[ids.open!]).toBe('Hoàng Văn Mở');
    expect(names[ids.kept!]).toBe('Lý Thị Giữ');
    const erasure = await db
      .selectFrom('privacy_erasure')
      .selectAll()
      .where('subject', '=', 'child')
      .where('subject_id', '=', ids.leftLong!)
      .executeTakeFirstOrThrow();
    expect(erasure).toMatchObject({ reason: 'retention', performed_by: null });
    // Nothing anonymised anywhere that was not due: every child the job anonymised left before the cut-off.
    const anonymised = await db
      .selectFrom('privacy_erasure as e')
      .innerJoin('child as c', 'c.id', 'e.subject_id')
      .select(['c.moved_out_on', 'c.died_on'])
      .where('e.reason', '=', 'retention')
      .execute();
    expect(anonymised.length).toBe(summary.childrenAnonymised);
    for (const c of anonymised)
      expect([c.moved_out_on, c.died_on].filter(Boolean).sort()[0]! <= addPeriod(today, -5, 'years')).toBe(true);
    const audit = await db
      .selectFrom('audit_log')
      .select(['after'])
      .where('action', '=', 'retention_run')
      .where('entity_id', '=', today)
      .executeTakeFirstOrThrow();
    expect(audit.after).toEqual(summary);
    expect(summary.notifications).toBeGreaterThanOrEqual(1);
    // A second run the same day finds nothing more of these.
    const again = await runRetention(db, today);
    expect(again).toMatchObject({ childrenAnonymised: 0, accessLog: 0, importPreviews: 0 });
  });
});

describe('accounts', () => {
  it("exports the holder's own data: profile, roles, sessions, notifications, audit entries — no secrets", async () => {
    const res = await call('xa.vanphu', 'GET', '/api/privacy/me/export');
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.profile.username).toBe('xa.vanphu');
    expect(d.roles).toEqual([
      expect.objectContaining({
        role: 'commune_officer',
        unitId: commune,
        unitName: expect.stringContaining('Vạn Phú'),
      }),
    ]);
    expect(d.sessions.length).toBeGreaterThanOrEqual(1);
    expect(d.auditEntries.some((a: { action: string }) => a.action === 'login')).toBe(true);
    expect(d.auditEntries.some((a: { action: string }) => a.action === 'create_child')).toBe(true);
    expect(res.body).not.toMatch(/password|token_hash|argon2/i);
    expect((await call('xa.vanphu', 'GET', '/api/privacy/me/export')).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/privacy/me/export' })).statusCode).toBe(401);
  });

  it('erases an account on request (administrator only): disabled, anonymised, sessions ended', async () => {
    const db = t.database.db;
    expect(
      (await call('chutich.vp', 'POST', `/api/privacy/users/${userIds['canbo2.vp']}/erase`, { requestRef: 'TK-01' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await call('admin', 'POST', `/api/privacy/users/${userIds.admin}/erase`, { requestRef: 'TK-02' })).statusCode,
    ).toBe(409);
    // The worker of an open case keeps their account until the case is given to someone else.
    const worker = await call('admin', 'POST', `/api/privacy/users/${userIds['xa.vanphu']}/erase`, {
      requestRef: 'TK-03',
    });
    expect(worker.statusCode).toBe(409);
    expect(worker.json().error.message).toContain(`số ${caseIds.open}`);
    expect((await call('canbo2.vp', 'GET', '/api/auth/me')).statusCode).toBe(200);
    const res = await call('admin', 'POST', `/api/privacy/users/${userIds['canbo2.vp']}/erase`, {
      requestRef: 'TK-04',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await call('canbo2.vp', 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'canbo2.vp', password: DEMO_PASSWORD },
        })
      ).statusCode,
    ).toBe(401);
    const row = await db
      .selectFrom('app_user')
      .selectAll()
      .where('id', '=', userIds['canbo2.vp']!)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      username: `xoa-${userIds['canbo2.vp']}`,
      full_name: 'Đã xoá',
      email: null,
      disabled: true,
    });
    expect(await db.selectFrom('session').select('token_hash').where('user_id', '=', row.id).execute()).toEqual([]);
    expect(await db.selectFrom('user_role').select('id').where('user_id', '=', row.id).execute()).toEqual([]);
    // Audit rows stay (append-only) and name the account by id only.
    expect(
      (await db.selectFrom('audit_log').select('id').where('user_id', '=', row.id).execute()).length,
    ).toBeGreaterThan(0);
    const entry = await db
      .selectFrom('audit_log')
      .select(['user_id', 'entity_id'])
      .where('action', '=', 'erase_user')
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ user_id: userIds.admin, entity_id: String(row.id) });
    const found = await call('admin', 'GET', `/api/privacy/users?q=xoa-${row.id}`);
    expect(found.json()[0]).toMatchObject({ id: row.id, erasedAt: expect.any(String) });
  });
});

describe('the record of processing', () => {
  it('is served to the administrator from the settings in force and the roles', async () => {
    expect((await call('chutich.vp', 'GET', '/api/privacy/record')).statusCode).toBe(403);
    await call('admin', 'PUT', '/api/privacy/retention/left_child_years', { value: 7 });
    const res = await call('admin', 'GET', '/api/privacy/record');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.retention.find((s: { key: string }) => s.key === 'left_child_years')).toMatchObject({
      value: 7,
      unit: 'years',
      defaultValue: 5,
    });
    expect(r.retention.find((s: { key: string }) => s.key === 'audit_log')).toMatchObject({ value: null });
    expect(r.recipients.find((x: { role: string }) => x.role === 'commune_chairman').fieldGroups).toContain('cases');
    expect(r.recipients.find((x: { role: string }) => x.role === 'province_official').fieldGroups).toEqual([]);
    expect(r.recipients.find((x: { role: string }) => x.role === 'ministry_official')).toMatchObject({
      scope: 'nation',
      fieldGroups: [],
    });
    expect(r.categories.filter((c: { sensitive: boolean }) => c.sensitive).map((c: { key: string }) => c.key)).toEqual([
      'child_identity',
      'child_health',
      'child_circumstances',
      'protection_cases',
    ]);
    expect(r.transfers.vi).toContain('Không chuyển dữ liệu ra nước ngoài');
  });
});
