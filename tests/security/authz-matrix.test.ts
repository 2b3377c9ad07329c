// The authorization matrix: every API route × every role × own / sibling / parent / child / other unit,
// against the policies of tests/security/authz-expectations.ts. A route without an entry there fails.
//
// How a response counts ("reached": the request passed the route schema, seen by a preHandler the test adds):
//   denied   401 or 403; 404 only on routes marked hidesExistence (the rows asked for are real)
//   allowed  any other 2xx–4xx once reached: a 400/409/415 from the handler means it got past authorization
//   broken   not reached (a schema 400, a 429…), a 404 on other routes, or a 5xx — reported as a failure,
//            because it proves nothing either way (fix the request in authz-expectations.ts)
// Every route runs against real rows of each unit (created below through the API or, for a few, SQL); none
// is skipped. The test prints: routes, cases, allowed, denied, wrong, and the three slowest routes.
// docs/authorization-matrix.md is written from the same run with WRITE_AUTHZ_DOC=1:
//   WRITE_AUTHZ_DOC=1 npx vitest run tests/security/authz-matrix.test.ts
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { prepareDatabase } from '../../src/server/bootstrap.ts';
import type { DatabaseHandle } from '../../src/server/db/database.ts';
import { createUser, startSession } from '../../src/server/features/auth/users.ts';
import { startJob } from '../../src/server/features/register/jobs.ts';
import { setConfig } from '../support/config.ts';
import { openTestDatabase } from '../support/db.ts';
import { fullMarks } from '../support/fixtures.ts';
import { form } from '../support/multipart.ts';
import {
  POLICIES,
  ROUTES,
  SUBJECTS,
  type CaseTools,
  type Level,
  type Relation,
  type Role,
  type RouteSpec,
  type Subject,
  type Target,
} from './authz-expectations.ts';

const YEAR = 2026;
const PASSWORD = 'authz@2026-throwaway';
const CASE_HEADER = 'x-authz-case';

interface Outcome {
  route: string;
  subject: Subject;
  relation: Relation;
  level: Level;
  target: string;
  status: number;
  code: string;
  verdict: 'allowed' | 'denied' | 'broken';
  expected: 'allowed' | 'denied';
}

let database: DatabaseHandle;
let app: FastifyInstance;
let filesDir: string;
const routes: Array<{ method: string; url: string }> = [];
/** Case ids whose request reached the route handler. */
const reached = new Set<string>();

/** A route table entry is every method and URL under /api but the API browser's static pages; HEAD mirrors GET. */
function collect(route: RouteOptions) {
  const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== 'HEAD');
  if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
  for (const method of methods) routes.push({ method, url: route.url });
  const mark = async (request: { headers: Record<string, unknown> }) => {
    const id = request.headers[CASE_HEADER];
    if (typeof id === 'string') reached.add(id);
  };
  // Runs once the body, query and params passed the route schema, before the route's own preHandlers.
  route.preHandler = [
    mark,
    ...(route.preHandler ? (Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler]) : []),
  ] as RouteOptions['preHandler'];
}

const sessions = new Map<Subject, string>();
const userIds = new Map<Subject, number>();
const helpers = new Map<string, { id: number; cookie: string }>();
const targets = new Map<'A' | 'A2' | 'B' | 'P' | 'Q', Target>();
let ipCounter = 0;
/** Each request its own address, so that per-address rate limits and flood counters never trip. */
const nextIp = () => {
  ipCounter += 1;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
};

async function sessionCookie(userId: number) {
  return `cfc_session=${(await startSession(database.db, userId)).token}`;
}

/** A fixture request that must succeed. */
async function call(
  cookie: string,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await app.inject({
    method,
    url,
    headers: { cookie, ...headers },
    payload: payload as never,
    remoteAddress: nextIp(),
  });
  if (res.statusCode >= 300) throw new Error(`fixture ${method} ${url}: ${res.statusCode} ${res.body.slice(0, 500)}`);
  return res.json();
}

const unitByCode = async (code: string, level: 'province' | 'commune') =>
  await database.db
    .selectFrom('unit')
    .select(['id', 'code', 'parent_id'])
    .where('code', '=', code)
    .where('level', '=', level)
    .where('valid_to', 'is', null)
    .executeTakeFirstOrThrow();

const blankTarget = (
  level: Target['level'],
  unit: { id: number; code: string; parent_id: number | null },
  periodId: number,
): Target => ({
  level,
  unitId: unit.id,
  code: unit.code,
  provinceId: unit.parent_id ?? unit.id,
  periodId,
  year: YEAR,
  roundId: 0,
  entryId: 0,
  planId: 0,
  taskId: 0,
  agencyId: 0,
  evidenceId: 0,
  commentId: 0,
  forumId: 0,
  recommendationId: 0,
  childId: 0,
  healthRecordId: 0,
  caseId: 0,
  hazardSiteId: 0,
  surveyId: 0,
  surveyCode: '',
  importId: 0,
  jobId: '',
  parentPlanId: 0,
  decisionId: 0,
  recheckId: 0,
  recheckEntryId: 0,
  activityId: 0,
  activityFileId: 0,
  adminId: userIds.get('system_admin') ?? 0,
});

/** An agency, a plan with one task: what plan, task and report routes need on a unit. */
async function seedPlans(t: Target, cookie: string) {
  t.agencyId = (
    await call(cookie, 'POST', `/api/units/${t.unitId}/agencies`, { kind: 'other', name: 'Văn phòng UBND' })
  ).id;
  const plan = await call(cookie, 'POST', `/api/units/${t.unitId}/plans`, {
    year: YEAR,
    title: 'Kế hoạch công tác trẻ em',
    place: 'Thái Nguyên',
    tasks: [{ text: 'Tổ chức Tháng hành động vì trẻ em', dueOn: `${YEAR}-06-30`, agencyIds: [t.agencyId] }],
  });
  t.planId = plan.id;
  t.taskId = plan.tasks[0].id;
  // An activity of the unit's log with one evidence file.
  t.activityId = await freshActivity(t);
  const minutes = await form({}, { name: 'bien-ban.pdf', data: tinyPdf(), type: 'application/pdf' });
  t.activityFileId = (
    await call(cookie, 'POST', `/api/activities/${t.activityId}/files`, minutes.payload, minutes.headers)
  ).id;
}

/** An activity of the unit's log, written directly (a route that deletes one consumes it). */
async function freshActivity(t: Target): Promise<number> {
  const row = await database.db
    .insertInto('activity')
    .values({
      unit_id: t.unitId,
      province_id: t.provinceId,
      kind: 'board_meeting',
      held_on: `${YEAR}-03-05`,
      title: 'Họp Ban bảo vệ trẻ em quý I',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An evidence file of the unit's activity (bytes not needed: a delete removes what is there). */
async function freshActivityFile(t: Target): Promise<number> {
  const row = await database.db
    .insertInto('activity_file')
    .values({
      activity_id: t.activityId,
      unit_id: t.unitId,
      province_id: t.provinceId,
      file_name: 'anh.png',
      media_type: 'image/png',
      size_bytes: 10,
      sha256: '0'.repeat(64),
      storage_key: `authz-${Math.random().toString(36).slice(2, 12)}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A commune's rows: a submitted dossier with evidence and a public comment, register, forum, survey, plan. */
async function seedCommune(t: Target, officer: { id: number; cookie: string }, province: Target) {
  const db = database.db;
  const cookie = officer.cookie;
  t.roundId = province.roundId;
  t.parentPlanId = province.planId;
  await call(cookie, 'PUT', `/api/units/${t.unitId}/assessments/${t.periodId}/values`, { values: fullMarks() });
  const council = await call(cookie, 'PUT', `/api/rounds/${t.roundId}/entries/${t.unitId}/council`, {
    members: [
      { name: 'Nguyễn Văn Bình', position: 'Chủ tịch UBND xã', role: 'Chủ tịch Hội đồng' },
      { name: 'Lê Thị Thu', position: 'Công chức Văn hóa - Xã hội', role: 'Thư ký' },
      { name: 'Hoàng Văn Đức', position: 'Trưởng Công an', role: 'Thành viên' },
    ],
    meetingOn: `${YEAR}-10-20`,
    meetingPlace: 'Hội trường UBND xã',
    meetingSummary: 'Hội đồng thống nhất kết quả tự đánh giá.',
  });
  t.entryId = council.entry.id;
  const pdf = await form({ criterionCode: 'C01' }, { name: 'bien-ban.pdf', data: tinyPdf(), type: 'application/pdf' });
  t.evidenceId = (await call(cookie, 'POST', `/api/round-entries/${t.entryId}/evidence`, pdf.payload, pdf.headers)).id;
  await call(cookie, 'POST', `/api/rounds/${t.roundId}/entries/${t.unitId}/transitions`, { action: 'self_assess' });
  await call(cookie, 'POST', `/api/rounds/${t.roundId}/entries/${t.unitId}/transitions`, { action: 'publish' });
  t.commentId = (
    await call('', 'POST', `/api/public/communes/${t.code}/comments`, {
      entryId: t.entryId,
      body: 'Đề nghị xã làm thêm sân chơi cho trẻ em.',
    })
  ).id;
  // The posting ran its days: the dossier can be sent up.
  await db
    .updateTable('round_entry')
    .set({ posting_from: `${YEAR}-10-21`, posting_to: `${YEAR}-10-28` })
    .where('id', '=', t.entryId)
    .execute();
  await call(cookie, 'POST', `/api/rounds/${t.roundId}/entries/${t.unitId}/transitions`, { action: 'submit' });

  await seedPlans(t, cookie);
  const forum = await call(cookie, 'POST', `/api/communes/${t.unitId}/forums`, {
    kind: 'forum',
    level: 'commune',
    heldOn: `${YEAR}-05-30`,
    title: 'Diễn đàn trẻ em xã',
    boysUnder11: 3,
    girlsUnder11: 4,
    recommendations: [{ text: 'Làm thêm sân chơi', agency: 'UBND xã' }],
  });
  t.forumId = forum.id;
  t.recommendationId = forum.recommendations[0].id;
  t.childId = (
    await call(cookie, 'POST', `/api/communes/${t.unitId}/register/children`, {
      code: 'TE-001',
      villageName: 'Thôn Đồng Bẩm',
      householdCode: 'HO-01',
      householdHead: 'Nguyễn Văn Bình',
      fullName: 'Nguyễn Thị Hoa',
      birthDate: '2014-04-12',
      sex: 'female',
    })
  ).id;
  t.healthRecordId = (
    await call(cookie, 'POST', `/api/communes/${t.unitId}/register/children/${t.childId}/health-records`, {
      kind: 'periodic',
      checkedOn: `${YEAR}-03-03`,
    })
  ).id;
  t.caseId = (
    await call(cookie, 'POST', `/api/communes/${t.unitId}/register/cases`, {
      childId: t.childId,
      kind: 'injury',
      cause: 'fall',
      occurredOn: `${YEAR}-02-12`,
      reportedOn: `${YEAR}-02-13`,
      summary: 'Bị ngã',
    })
  ).id;
  const villageOfChild = await db
    .selectFrom('child')
    .select('village_id')
    .where('id', '=', t.childId)
    .executeTakeFirstOrThrow();
  t.hazardSiteId = (
    await call(cookie, 'POST', `/api/communes/${t.unitId}/hazard-sites`, {
      villageId: villageOfChild.village_id,
      kind: 'pond',
      place: 'Ao sau nhà văn hóa',
      foundOn: `${YEAR}-02-01`,
    })
  ).id;
  t.surveyId = (
    await call(cookie, 'POST', `/api/communes/${t.unitId}/surveys`, {
      periodId: t.periodId,
      audience: 'residents',
      sampleSize: 3,
    })
  ).id;
  t.surveyCode = (await call(cookie, 'GET', `/api/communes/${t.unitId}/surveys/${t.surveyId}/codes`))[0].code;
  t.importId = await freshImport(t);
  t.jobId = startJob(
    'import_commit',
    officer.id,
    async () => ({ children: 0, circumstances: 0, supports: 0, healthRecords: 0 }),
    () => undefined,
  ).id;
}

async function freshImport(t: Target): Promise<number> {
  const rows = { children: [], circumstances: [], supports: [], healthRecords: [] };
  const row = await database.db
    .insertInto('register_import')
    .values({
      unit_id: t.unitId,
      file_name: 'so.xlsx',
      status: 'preview',
      summary: JSON.stringify({}),
      rows: JSON.stringify(rows),
      created_by: helpers.get(`officer:${t.code}`)?.id ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function freshHealthRecord(t: Target): Promise<number> {
  const row = await database.db
    .insertInto('child_health_record')
    .values({
      child_id: t.childId,
      unit_id: t.unitId,
      province_id: t.provinceId,
      kind: 'periodic',
      checked_on: `${YEAR}-04-01`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function freshBoundaryImport(t: Target): Promise<number> {
  const by = helpers.get(`official:${t.code}`)!.id;
  const row = await sql<{ id: number }>`
    INSERT INTO boundary_import (level, province_id, file_name, code_property, feature_count, matched_count, pending, created_by)
    VALUES ('commune', ${t.unitId}, 'ranh-gioi.geojson', 'ma_xa', 0, 0, '{}'::jsonb, ${by}) RETURNING id`.execute(
    database.db,
  );
  return row.rows[0]!.id;
}

const tools: CaseTools = { freshImport, freshHealthRecord, freshBoundaryImport, freshActivity, freshActivityFile };

/** A tiny valid PDF, as an officer would scan a signed paper. */
function tinyPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The subject's relation to a target: commune roles hold A, province roles hold P, national roles no unit. */
function relationOf(subject: Subject, target: 'A' | 'A2' | 'B' | 'P' | 'Q' | null): Relation {
  if (subject === 'system_admin' || subject === 'ministry_official' || subject === 'anonymous' || target === null)
    return 'any';
  const communeRole = subject === 'commune_officer' || subject === 'commune_chairman' || subject === 'collaborator';
  if (communeRole) return ({ A: 'own', A2: 'sibling', B: 'other', P: 'parent', Q: 'other' } as const)[target];
  return ({ A: 'child', A2: 'child', B: 'other', P: 'own', Q: 'other' } as const)[target];
}

const DEFAULT_PARAMS: Array<[string, (t: Target) => string | number]> = [
  ['unitId', (t) => t.unitId],
  ['id', (t) => t.unitId],
  ['periodId', (t) => t.periodId],
  ['entryId', (t) => t.entryId],
  ['forumId', (t) => t.forumId],
  ['recommendationId', (t) => t.recommendationId],
  ['childId', (t) => t.childId],
  ['caseId', (t) => t.caseId],
  ['surveyId', (t) => t.surveyId],
  ['planId', (t) => t.planId],
  ['parentPlanId', (t) => t.parentPlanId],
  ['taskId', (t) => t.taskId],
  ['agencyId', (t) => t.agencyId],
  ['importId', (t) => t.importId],
  ['commentId', (t) => t.commentId],
  ['code', (t) => t.code],
  ['year', (t) => t.year],
  ['kind', () => 'annual'],
];

function fillUrl(url: string, values: Record<string, string | number>) {
  return url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for :${name} in ${url}`);
    return encodeURIComponent(String(values[name]));
  });
}

/** Targets of a route, and which subject meets which of them (one case per subject, relation and level). */
function casesOf(spec: RouteSpec) {
  const names =
    spec.target === 'commune'
      ? (['A', 'A2', 'B'] as const)
      : spec.target === 'province'
        ? (['P', 'Q'] as const)
        : spec.target === 'unit'
          ? (['A', 'A2', 'B', 'P', 'Q'] as const)
          : ([null] as const);
  const out: Array<{
    subject: Subject;
    target: 'A' | 'A2' | 'B' | 'P' | 'Q' | null;
    relation: Relation;
    level: Level;
  }> = [];
  for (const subject of SUBJECTS) {
    const seen = new Set<string>();
    for (const target of names) {
      const relation = relationOf(subject, target);
      const level: Level = target === null ? 'none' : target === 'P' || target === 'Q' ? 'province' : 'commune';
      // The anonymous caller is refused alike everywhere: once per route is enough.
      const key = subject === 'anonymous' ? 'x' : `${relation}/${level}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ subject, target, relation, level });
    }
  }
  return out;
}

let caseCounter = 0;
async function runCase(key: string, spec: RouteSpec, c: ReturnType<typeof casesOf>[number]): Promise<Outcome> {
  const [method, url] = key.split(' ') as [string, string];
  const t = c.target ? targets.get(c.target)! : targets.get('A')!;
  const values: Record<string, string | number> = Object.fromEntries(DEFAULT_PARAMS.map(([name, f]) => [name, f(t)]));
  Object.assign(values, spec.params?.(t), spec.fresh ? await spec.fresh(t, tools) : {});
  const query = spec.query?.(t);
  const caseId = `c${++caseCounter}`;
  const headers: Record<string, string> = { [CASE_HEADER]: caseId, 'accept-language': 'en' };
  if (c.subject !== 'anonymous')
    headers.cookie = spec.throwawaySession ? await sessionCookie(userIds.get(c.subject)!) : sessions.get(c.subject)!;
  let payload: unknown = spec.body ? spec.body(t) : method === 'GET' || method === 'DELETE' ? undefined : {};
  if (spec.multipart) {
    const m = spec.multipart(t);
    const body = await form(m.fields, m.file);
    Object.assign(headers, body.headers);
    payload = body.payload;
  }
  const res = await app.inject({
    method: method as 'GET',
    url: fillUrl(url, values) + (query ? `?${new URLSearchParams(query)}` : ''),
    headers,
    ...(payload === undefined ? {} : { payload: payload as never }),
    remoteAddress: nextIp(),
  });
  let code: string;
  try {
    code = String(res.json()?.error?.code ?? '');
  } catch {
    code = '';
  }
  const status = res.statusCode;
  let verdict: Outcome['verdict'];
  if (status === 401 || status === 403) verdict = 'denied';
  else if (!reached.has(caseId) || status >= 500) verdict = 'broken';
  else if (status === 404) verdict = spec.hidesExistence ? 'denied' : 'broken';
  else verdict = 'allowed';
  const expected = POLICIES[spec.policy].allows(c.subject, c.relation, c.level) ? 'allowed' : 'denied';
  return {
    route: key,
    subject: c.subject,
    relation: c.relation,
    level: c.level,
    target: c.target ?? '-',
    status,
    code,
    verdict,
    expected,
  };
}

beforeAll(async () => {
  filesDir = await mkdtemp(path.join(tmpdir(), 'authz-files-'));
  setConfig({ filesDir });
  database = await openTestDatabase();
  await prepareDatabase(database, { demo: false });
  app = await buildApp(database, { serveWeb: false, onRoute: collect });
  await app.ready();
  const db = database.db;

  const P = await unitByCode('19', 'province'); // Tỉnh Thái Nguyên
  const A = await unitByCode('05830', 'commune'); // Xã Đại Từ
  const A2 = await unitByCode('05845', 'commune'); // Xã Vạn Phú
  const Q = await unitByCode('01', 'province'); // Thành phố Hà Nội
  const B = await db
    .selectFrom('unit')
    .select(['id', 'code', 'parent_id'])
    .where('parent_id', '=', Q.id)
    .where('level', '=', 'commune')
    .where('valid_to', 'is', null)
    .orderBy('code')
    .executeTakeFirstOrThrow();

  const make = async (
    username: string,
    role: Role,
    unitId: number | null,
    extra: { sector?: string; villageId?: number } = {},
  ) => {
    const id = await createUser(db, {
      username,
      password: PASSWORD,
      fullName: username,
      roles: [{ role, unitId, sector: extra.sector ?? null, villageId: extra.villageId ?? null }],
    });
    return { id, cookie: await sessionCookie(id) };
  };
  const subject = async (role: Role, unitId: number | null, extra: { sector?: string; villageId?: number } = {}) => {
    const u = await make(`authz.${role}`, role, unitId, extra);
    userIds.set(role, u.id);
    sessions.set(role, u.cookie);
    return u;
  };
  const admin = await subject('system_admin', null);
  const officerA = await subject('commune_officer', A.id);
  await subject('commune_chairman', A.id);
  const officialP = await subject('province_official', P.id);
  await subject('appraiser', P.id);
  await subject('sector_reviewer', P.id, { sector: 'health' });
  await subject('signer', P.id);
  await subject('ministry_official', null);
  await make('authz.throwaway', 'commune_officer', B.id);
  const officerA2 = await make('authz.helper.a2', 'commune_officer', A2.id);
  const officerB = await make('authz.helper.b', 'commune_officer', B.id);
  const officialQ = await make('authz.helper.q', 'province_official', Q.id);
  helpers.set(`official:${P.code}`, officialP).set(`official:${Q.code}`, officialQ);
  helpers.set(`officer:${A.code}`, officerA).set(`officer:${A2.code}`, officerA2).set(`officer:${B.code}`, officerB);

  const periodId = (await call(admin.cookie, 'POST', '/api/periods', { year: YEAR })).id;
  const tP = blankTarget('province', P, periodId);
  const tQ = blankTarget('province', Q, periodId);
  const tA = blankTarget('commune', A, periodId);
  const tA2 = blankTarget('commune', A2, periodId);
  const tB = blankTarget('commune', B, periodId);
  for (const [t, official] of [
    [tP, officialP],
    [tQ, officialQ],
  ] as const) {
    t.roundId = (
      await call(official.cookie, 'POST', '/api/rounds', {
        provinceId: t.unitId,
        year: YEAR,
        appraisingBody: 'Sở Y tế',
        signerTitle: 'CHỦ TỊCH',
      })
    ).id;
    await seedPlans(t, official.cookie);
  }
  await seedCommune(tA, officerA, tP);
  await seedCommune(tA2, officerA2, tP);
  await seedCommune(tB, officerB, tQ);
  for (const [t, entry, by] of [
    [tP, tA, officialP],
    [tQ, tB, officialQ],
  ] as const) {
    t.entryId = entry.entryId;
    t.decisionId = (
      await db
        .insertInto('recognition_decision')
        .values({
          round_id: t.roundId,
          number: '1/QĐ-UBND',
          signed_on: `${YEAR}-11-20`,
          signer_name: 'Nguyễn Văn Quang',
          signer_title: 'CHỦ TỊCH',
          created_by: by.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    t.recheckId = (
      await db
        .insertInto('recheck')
        .values({ round_id: t.roundId, seed: '7', share: 1, created_by: by.id })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db.insertInto('recheck_entry').values({ recheck_id: t.recheckId, entry_id: entry.entryId }).execute();
    t.recheckEntryId = entry.entryId;
  }
  // The collaborator keeps the register of the village the seeded child lives in.
  const village = await db.selectFrom('village').select('id').where('unit_id', '=', A.id).executeTakeFirstOrThrow();
  await subject('collaborator', A.id, { villageId: village.id });
  targets.set('A', tA).set('A2', tA2).set('B', tB).set('P', tP).set('Q', tQ);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
  if (filesDir) await rm(filesDir, { recursive: true, force: true });
});

describe('authorization matrix', () => {
  it('has an expectation for every route, and no expectation for a route that is gone', () => {
    const present = new Set(routes.map((r) => `${r.method} ${r.url}`));
    const missing = [...present].filter((k) => !(k in ROUTES)).sort();
    const stale = Object.keys(ROUTES)
      .filter((k) => !present.has(k))
      .sort();
    expect(routes.length).toBeGreaterThan(100);
    expect(
      missing,
      `routes without an entry in tests/security/authz-expectations.ts:\n  ${missing.join('\n  ')}`,
    ).toEqual([]);
    expect(
      stale,
      `entries in tests/security/authz-expectations.ts for routes that no longer exist:\n  ${stale.join('\n  ')}`,
    ).toEqual([]);
  });

  it('allows and denies every route as its policy says', async () => {
    const keys = [...new Set(routes.map((r) => `${r.method} ${r.url}`))].filter((k) => k in ROUTES).sort();
    const outcomes: Outcome[] = [];
    const started = Date.now();
    const timing: Array<[string, number]> = [];
    for (const key of keys) {
      const spec = ROUTES[key]!;
      const cases = casesOf(spec);
      const t0 = Date.now();
      // Small groups: PGlite answers one query at a time, and writes of one route touch the same rows.
      for (let i = 0; i < cases.length; i += 4)
        outcomes.push(...(await Promise.all(cases.slice(i, i + 4).map((c) => runCase(key, spec, c)))));
      timing.push([key, Date.now() - t0]);
    }
    const slowest = timing
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`);
    const wrong = outcomes.filter((o) => o.verdict !== o.expected);
    const allowed = outcomes.filter((o) => o.verdict === 'allowed').length;
    const denied = outcomes.filter((o) => o.verdict === 'denied').length;
    console.log(
      `authorization matrix: ${keys.length} routes, ${outcomes.length} cases, ${allowed} allowed, ${denied} denied, ${wrong.length} wrong (${((Date.now() - started) / 1000).toFixed(1)} s; slowest: ${slowest.join(', ')})`,
    );
    if (process.env.WRITE_AUTHZ_DOC === '1') await writeDoc(keys, outcomes);
    const lines = wrong.map(
      (o) =>
        `${o.route} — ${o.subject} (${o.relation}, ${o.target}): expected ${o.expected}, got ${o.verdict} ${o.status} ${o.code}`,
    );
    expect(lines, `cases that disagree with tests/security/authz-expectations.ts:\n  ${lines.join('\n  ')}`).toEqual(
      [],
    );
  }, 240_000);
});

const SHORT: Record<Subject, string> = {
  commune_officer: 'officer',
  commune_chairman: 'chairman',
  collaborator: 'collab.',
  province_official: 'prov. official',
  appraiser: 'appraiser',
  sector_reviewer: 'sector rev.',
  signer: 'signer',
  ministry_official: 'ministry',
  system_admin: 'admin',
  anonymous: 'anonymous',
};

/** docs/authorization-matrix.md: the policies, and per route who got through in this run. */
async function writeDoc(keys: string[], outcomes: Outcome[]) {
  const byRoute = new Map<string, Outcome[]>();
  for (const o of outcomes) byRoute.set(o.route, [...(byRoute.get(o.route) ?? []), o]);
  const cell = (list: Outcome[], s: Subject) => {
    const mine = list.filter((o) => o.subject === s);
    const yes = mine
      .filter((o) => o.verdict === 'allowed')
      .map((o) => (o.relation !== 'any' ? `${o.relation} (${o.target})` : o.level === 'none' ? '✓' : o.level));
    return yes.length ? yes.join(', ') : '—';
  };
  const lines = [
    '# Authorization matrix',
    '',
    '<!-- Generated by tests/security/authz-matrix.test.ts: WRITE_AUTHZ_DOC=1 npx vitest run tests/security/authz-matrix.test.ts — do not edit by hand. -->',
    '',
    'Every API route was called by one user per role, held in commune A (Xã Đại Từ) for the commune roles and in its',
    'province P (Tỉnh Thái Nguyên) for the province roles, plus the two national roles held without a unit (the',
    'Ministry of Health official and the system administrator) and an anonymous caller. Each',
    'route was aimed at real rows of: A (own commune / child of P), A2 (a sibling commune in P), B (a commune of',
    'another province Q), P (parent of A / own province) and Q (another province). A cell lists the relations for',
    'which the role got past authorization, with the unit it was tried on ("—": refused everywhere; "✓": allowed on a',
    'route without a unit; "commune"/"province": allowed on that level, for a national role, which holds no unit).',
    'Policies are defined in tests/security/authz-expectations.ts; HEAD routes mirror GET and are left out.',
    '',
    `Run: ${keys.length} routes, ${outcomes.length} cases.`,
    '',
    '## Policies',
    '',
    '| Policy | Who |',
    '| --- | --- |',
    ...Object.values(POLICIES).map((p) => `| ${p.name} | ${p.rule} |`),
    '',
    '## Routes',
    '',
    `| Route | Policy | ${SUBJECTS.map((s) => SHORT[s]).join(' | ')} |`,
    `| --- | --- | ${SUBJECTS.map(() => '---').join(' | ')} |`,
    ...[...keys]
      .sort((a, b) => a.split(' ')[1]!.localeCompare(b.split(' ')[1]!) || a.localeCompare(b))
      .map((k) => {
        const list = byRoute.get(k) ?? [];
        const spec = ROUTES[k]!;
        return `| \`${k}\`${spec.note ? ` <br>${spec.note}` : ''} | ${spec.policy} | ${SUBJECTS.map((s) => cell(list, s)).join(' | ')} |`;
      }),
    '',
  ];
  await writeFile(path.resolve(import.meta.dirname, '../../docs/authorization-matrix.md'), lines.join('\n'));
}
