// The register tried as an attacker would, through the API: random registers (villages, households,
// circumstances of every group and sub-group, cases of every kind with every kind of assignment, supports
// given for cases or not) and viewers of every register role. Two properties, for every route that
// returns child data:
//   1. no response holds a record outside the viewer's entitlement (each record carries a unique marker,
//      and the entitlement is worked out here, independently of the product, from docs/privacy.md);
//   2. non-interference: adding records the viewer may not see — even after the viewer did whatever
//      writes they may (opening a case, recording a circumstance) — changes no response, except the exact
//      counts the staff score with (`computed`, `stored`, `count`), declared as such in docs/privacy.md.
//      Wildcard filters, id joins and "restricted" markers all show up as a difference.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SENSITIVE_CASE_KINDS, CASE_KINDS } from '../../src/core/register/records.ts';
import { isSensitiveCircumstance } from '../../src/core/register/circumstances.ts';
import { createUser, startSession } from '../../src/server/features/auth/users.ts';
import { ensurePeriod } from '../../src/server/platform/periods.ts';
import { DERIVED } from '../../src/server/features/register/derive.ts';
import { startTestApp, type TestApp } from '../support/server.ts';

let t: TestApp;
let periodId: number;
let communes: { id: number; provinceId: number }[] = [];
let run = 0;

const GROUPS = [
  'a',
  'b',
  'c',
  'c.1',
  'c.2',
  'd',
  'd.2',
  'dd',
  'e',
  'g',
  'h',
  'i',
  'k',
  'l',
  'l.1',
  'm',
  'm.1',
  'n',
  'o',
] as const;
const FILTERS = ['%', '_', '%.%', 'c', 'd', 'l', 'l.1', 'm', 'b'];
const SEARCHES = ['%', '_', 'a%', '\\'];

interface World {
  communeId: number;
  villages: number[]; // [own village of the collaborator, another]
  children: { id: number; village: number; code: string; name: string }[];
  users: Record<'chairman' | 'officerA' | 'officerB' | 'collaborator', number>;
}

interface Secret {
  /** A unique text stored in the record, that must reach only those entitled to the record. */
  marker: string;
  childId: number;
  kind: 'circumstance' | 'support' | 'case';
  sensitive: boolean;
  caseId?: number;
}

type Viewer = keyof World['users'];

// ------------------------------------------------------------ the register, written straight to the database

async function insertCase(
  w: World,
  childId: number,
  kind: string,
  worker: number | null,
  assignedBy: number | null,
  marker: string,
  day: number,
) {
  const reported = `2026-0${1 + (day % 9)}-1${day % 9}`;
  const row = await t.database.db
    .insertInto('protection_case')
    .values({
      child_id: childId,
      unit_id: w.communeId,
      province_id: communes.find((c) => c.id === w.communeId)!.provinceId,
      kind: kind as never,
      abuse_kind: kind === 'abuse' ? 'sexual' : null,
      occurred_on: reported,
      reported_on: reported,
      plan_due_on: ['abuse', 'abandonment', 'trafficking'].includes(kind) ? reported : null,
      summary: marker,
      case_worker_id: worker,
      assigned_by: assignedBy,
      assigned_at: assignedBy ? new Date() : null,
      created_by: worker,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function insertCircumstance(w: World, childId: number, group: string, marker: string) {
  await t.database.db
    .insertInto('child_circumstance')
    .values({
      child_id: childId,
      unit_id: w.communeId,
      province_id: communes.find((c) => c.id === w.communeId)!.provinceId,
      group_code: group,
      started_on: '2026-02-01',
      ended_on: null,
      note: marker,
    })
    .execute();
}

async function insertSupport(w: World, childId: number, caseId: number | null, marker: string) {
  await t.database.db
    .insertInto('child_support')
    .values({
      child_id: childId,
      unit_id: w.communeId,
      province_id: communes.find((c) => c.id === w.communeId)!.provinceId,
      case_id: caseId,
      kind: 'Tư vấn',
      given_on: '2026-03-05',
      provider: 'UBND xã',
      note: marker,
    })
    .execute();
}

const childArb = fc.record({
  ownVillage: fc.boolean(),
  groups: fc.uniqueArray(fc.constantFrom(...GROUPS), { maxLength: 3 }),
  cases: fc.array(
    fc.record({
      kind: fc.constantFrom(...CASE_KINDS),
      worker: fc.constantFrom<'none' | 'officerA' | 'officerB'>('none', 'officerA', 'officerB'),
      assignedBy: fc.constantFrom<'none' | 'chairman' | 'self'>('none', 'chairman', 'self'),
      supported: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
  plainSupport: fc.boolean(),
});

const worldArb = fc.record({
  children: fc.array(childArb, { minLength: 2, maxLength: 5 }),
  // What the attacker does first, through the API, before records he may not see are added.
  attackerOpensInjury: fc.boolean(),
  attackerRecordsSensitive: fc.boolean(),
  hidden: fc.record({
    group: fc.constantFrom(...GROUPS.filter((g) => isSensitiveCircumstance(g))),
    kind: fc.constantFrom(...SENSITIVE_CASE_KINDS),
    worker: fc.constantFrom<'none' | 'other' | 'self'>('none', 'other', 'self'),
    target: fc.nat(),
  }),
});

type WorldSpec = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

async function buildWorld(spec: Pick<WorldSpec, 'children'>) {
  const db = t.database.db;
  const commune = communes[run++ % communes.length]!;
  const n = run;
  const provinceId = commune.provinceId;
  const villages: number[] = [];
  for (const name of ['Thôn Một', 'Thôn Hai'])
    villages.push(
      (
        await db
          .insertInto('village')
          .values({ unit_id: commune.id, province_id: provinceId, name: `${name} ${n}` })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
  const make = async (key: string, role: 'commune_officer' | 'commune_chairman' | 'collaborator', villageId?: number) =>
    createUser(db, {
      username: `${key}.${n}`,
      password: 'x',
      fullName: `${key} ${n}`,
      roles: [{ role, unitId: commune.id, villageId: villageId ?? null }],
    });
  const users = {
    chairman: await make('chutich', 'commune_chairman'),
    officerA: await make('canboA', 'commune_officer'),
    officerB: await make('canboB', 'commune_officer'),
    collaborator: await make('ctv', 'collaborator', villages[0]),
  };
  const world: World = { communeId: commune.id, villages, children: [], users };
  const secrets: Secret[] = [];
  let k = 0;
  for (const [i, c] of spec.children.entries()) {
    const village = c.ownVillage ? villages[0]! : villages[1]!;
    const household = (
      await db
        .insertInto('household')
        .values({
          unit_id: commune.id,
          province_id: provinceId,
          village_id: village,
          code: `HO${n}-${i}`,
          head_name: `Chủ hộ ${n}-${i}`,
          address: '',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const name = `TRE${n}X${i} Nguyễn`;
    const id = (
      await db
        .insertInto('child')
        .values({
          unit_id: commune.id,
          province_id: provinceId,
          village_id: village,
          household_id: household,
          code: `TE${n}-${i}`,
          full_name: name,
          search_name: name.toLowerCase(),
          birth_date: '2015-05-05',
          sex: 'female',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    world.children.push({ id, village, code: `TE${n}-${i}`, name });
    for (const g of c.groups) {
      const marker = `MK${n}Q${k++}Z`;
      await insertCircumstance(world, id, g, marker);
      secrets.push({ marker, childId: id, kind: 'circumstance', sensitive: isSensitiveCircumstance(g) });
    }
    for (const [j, cs] of c.cases.entries()) {
      const worker = cs.worker === 'none' ? null : users[cs.worker];
      const assignedBy =
        worker === null || cs.assignedBy === 'none' ? null : cs.assignedBy === 'chairman' ? users.chairman : worker;
      const marker = `MK${n}Q${k++}Z`;
      const caseId = await insertCase(world, id, cs.kind, worker, assignedBy, marker, i + j);
      secrets.push({
        marker,
        childId: id,
        kind: 'case',
        sensitive: (SENSITIVE_CASE_KINDS as readonly string[]).includes(cs.kind),
        caseId,
      });
      if (cs.supported) {
        const sm = `MK${n}Q${k++}Z`;
        await insertSupport(world, id, caseId, sm);
        secrets.push({
          marker: sm,
          childId: id,
          kind: 'support',
          sensitive: (SENSITIVE_CASE_KINDS as readonly string[]).includes(cs.kind),
          caseId,
        });
      }
    }
    if (c.plainSupport) {
      const sm = `MK${n}Q${k++}Z`;
      await insertSupport(world, id, null, sm);
      secrets.push({ marker: sm, childId: id, kind: 'support', sensitive: false });
    }
  }
  return { world, secrets };
}

// ------------------------------------------------------------ the entitlement, worked out from docs/privacy.md

async function caseRows(world: World) {
  return t.database.db
    .selectFrom('protection_case')
    .select(['id', 'child_id', 'kind', 'case_worker_id', 'assigned_by'])
    .where('unit_id', '=', world.communeId)
    .execute();
}

/** Whether the viewer is entitled to a record, per the table in docs/privacy.md (written here without the product's code). */
async function entitled(world: World, viewer: Viewer) {
  const cases = await caseRows(world);
  const me = world.users[viewer];
  const sensitiveKind = (k: string) => (SENSITIVE_CASE_KINDS as readonly string[]).includes(k);
  const assignedCase = (c: (typeof cases)[number]) =>
    c.case_worker_id === me && c.assigned_by !== null && c.assigned_by !== me;
  const seesChild = (childId: number) =>
    viewer !== 'collaborator' || world.children.find((c) => c.id === childId)?.village === world.villages[0];
  const seesCase = (caseId: number) => {
    const c = cases.find((x) => x.id === caseId)!;
    if (viewer === 'collaborator') return false;
    if (viewer === 'chairman' || !sensitiveKind(c.kind)) return true;
    return assignedCase(c);
  };
  return {
    child: seesChild,
    secret(s: Secret): boolean {
      if (!seesChild(s.childId)) return false;
      if (viewer === 'chairman') return true;
      if (s.kind === 'circumstance')
        return (
          !s.sensitive || (viewer !== 'collaborator' && cases.some((c) => c.child_id === s.childId && assignedCase(c)))
        );
      if (s.kind === 'support') return viewer !== 'collaborator' && (s.caseId === undefined || seesCase(s.caseId));
      return seesCase(s.caseId!);
    },
  };
}

// ------------------------------------------------------------ every route that returns child data, as one viewer

async function cookieOf(world: World, viewer: Viewer) {
  const { token } = await startSession(t.database.db, world.users[viewer]);
  return `cfc_session=${token}`;
}

async function workbookText(body: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => out.push(JSON.stringify(row.values))));
  return out.join('\n');
}

/** The exact counts the staff score with: they legitimately follow data the viewer does not see (docs/privacy.md). */
function withoutDeclaredCounts(path: string, body: unknown): unknown {
  if (path.includes('/derived?')) {
    const b = body as { inputs?: { computed: unknown; stored: unknown; differs: unknown }[] };
    return { ...b, inputs: b.inputs?.map(({ computed: _c, stored: _s, differs: _d, ...rest }) => rest) };
  }
  if (path.includes('/records?')) {
    const { count: _count, ...rest } = body as { count?: number };
    return rest;
  }
  return body;
}

async function responses(world: World, viewer: Viewer, caseIds: number[]): Promise<Map<string, string>> {
  const cookie = await cookieOf(world, viewer);
  const base = `/api/communes/${world.communeId}/register`;
  const paths = [
    `${base}/children?pageSize=200`,
    `${base}/children?pageSize=200&includeLeft=true`,
    ...FILTERS.map((g) => `${base}/children?pageSize=200&group=${encodeURIComponent(g)}`),
    ...SEARCHES.map((q) => `${base}/children?pageSize=200&q=${encodeURIComponent(q)}`),
    `${base}/villages`,
    ...world.children.map((c) => `${base}/children/${c.id}`),
    `${base}/children/2147483000`,
    `${base}/cases`,
    `${base}/cases?open=true`,
    ...caseIds.map((id) => `${base}/cases/${id}`),
    `${base}/derived?periodId=${periodId}`,
    ...DERIVED.map((d) => `${base}/derived/${d.code}/records?periodId=${periodId}`),
    `${base}/access-log?limit=1000`,
    ...world.children.map((c) => `/api/communes/${world.communeId}/privacy/children/${c.id}/export?format=json`),
  ];
  const out = new Map<string, string>();
  for (const path of paths) {
    const res = await t.app.inject({ method: 'GET', url: path, headers: { cookie, 'accept-language': 'vi' } });
    expect(res.statusCode, `${viewer} ${path}: ${res.body}`).toBeLessThan(500);
    const json = res.headers['content-type']?.toString().includes('json') ? res.json() : res.body;
    out.set(path, `${res.statusCode} ${JSON.stringify(withoutDeclaredCounts(path, json))}`);
  }
  const xlsx = await t.app.inject({ method: 'GET', url: `${base}/export.xlsx`, headers: { cookie } });
  out.set('export.xlsx', xlsx.statusCode === 200 ? await workbookText(xlsx.rawPayload) : String(xlsx.statusCode));
  return out;
}

/** The access log is the chairman's own reading of what the others did: it is compared by what it says, not by its rows' ids and times. */
function comparable(viewer: Viewer, all: Map<string, string>) {
  const copy = new Map(all);
  if (viewer === 'chairman') for (const key of [...copy.keys()]) if (key.includes('access-log')) copy.delete(key);
  return copy;
}

beforeAll(async () => {
  t = await startTestApp({ demo: false });
  const db = t.database.db;
  periodId = await ensurePeriod(db, 2026);
  // Sub-groups of sensitive groups, as the ministry adds them: a wildcard filter once reached them.
  for (const [code, parent] of [
    ['l.1', 'l'],
    ['m.1', 'm'],
  ] as const)
    await db
      .insertInto('circumstance_group')
      .values({
        code,
        parent_code: parent,
        letter: '',
        label_vi: `Nhóm con ${code}`,
        label_en: code,
        sensitive: true,
        builtin: false,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  communes = (
    await sql<{
      id: number;
      province_id: number;
    }>`SELECT id, parent_id AS province_id FROM unit WHERE level = 'commune' AND valid_to IS NULL ORDER BY id LIMIT 400`.execute(
      db,
    )
  ).rows.map((r) => ({ id: Number(r.id), provinceId: Number(r.province_id) }));
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe('the register tried as an attacker would', () => {
  it('never answers a viewer with a record outside their entitlement, on any route', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (spec) => {
        const { world, secrets } = await buildWorld(spec);
        const caseIds = (await caseRows(world)).map((c) => c.id);
        for (const viewer of ['chairman', 'officerA', 'officerB', 'collaborator'] as const) {
          const may = await entitled(world, viewer);
          const text = [...(await responses(world, viewer, caseIds)).values()].join('\n');
          for (const s of secrets) {
            if (may.secret(s)) continue;
            expect(text, `${viewer} was shown ${s.kind} ${s.marker} (sensitive: ${s.sensitive})`).not.toContain(
              s.marker,
            );
          }
          for (const c of world.children)
            if (!may.child(c.id)) expect(text, `${viewer} was shown child ${c.name}`).not.toContain(c.name);
          // No "restricted" marker anywhere: what is not shown is absent.
          expect(text).not.toMatch(/"restricted"\s*:\s*true/);
        }
      }),
      { numRuns: Number(process.env.PRIVACY_RUNS ?? 8), endOnFailure: true },
    );
  }, 600_000);

  it('answers the same, whatever records the viewer may not see are added, even after the viewer wrote what they may', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, fc.constantFrom<Viewer>('officerA', 'collaborator'), async (spec, viewer) => {
        const { world } = await buildWorld(spec);
        const cookie = await cookieOf(world, viewer);
        const base = `/api/communes/${world.communeId}/register`;
        const visible = world.children.filter((c) => viewer !== 'collaborator' || c.village === world.villages[0]);
        const victim = visible[spec.hidden.target % visible.length];
        if (!victim) return;
        // What the attacker may do himself: open a case of a kind that is not sensitive, record a sensitive circumstance.
        if (viewer === 'officerA' && spec.attackerOpensInjury)
          expect(
            (
              await t.app.inject({
                method: 'POST',
                url: `${base}/cases`,
                headers: { cookie },
                payload: {
                  childId: victim.id,
                  kind: 'injury',
                  cause: 'other',
                  occurredOn: '2026-04-01',
                  reportedOn: '2026-04-01',
                  summary: 'tự mở',
                },
              })
            ).statusCode,
          ).toBe(201);
        if (viewer === 'officerA' && spec.attackerRecordsSensitive)
          expect(
            (
              await t.app.inject({
                method: 'POST',
                url: `${base}/children/${victim.id}/circumstances`,
                headers: { cookie },
                payload: { group: 'm', startedOn: '2026-04-02', note: 'tự ghi' },
              })
            ).statusCode,
          ).toBe(201);
        // The chairman's assignments decide what the officer sees: leave the victim without one for him.
        const assigned = (await caseRows(world)).some(
          (c) =>
            c.child_id === victim.id &&
            c.case_worker_id === world.users.officerA &&
            c.assigned_by !== null &&
            c.assigned_by !== world.users.officerA,
        );
        if (viewer === 'officerA' && assigned) return;
        const before = await caseRows(world);
        // Case ids asked for include those about to be created (the next ids), so an id that appears is noticed.
        const probe = [
          ...before.map((c) => c.id),
          ...Array.from({ length: 4 }, (_, i) => Math.max(0, ...before.map((c) => c.id)) + 1 + i),
        ];
        const first = await responses(world, viewer, probe);
        // Records this viewer may not see.
        const worker =
          spec.hidden.worker === 'none'
            ? null
            : spec.hidden.worker === 'other'
              ? world.users.officerB
              : world.users.officerA;
        const assignedBy =
          spec.hidden.worker === 'self' ? world.users.officerA : worker === null ? null : world.users.chairman;
        await insertCircumstance(world, victim.id, spec.hidden.group, 'HIDDEN-CIRC');
        const hiddenCase = await insertCase(world, victim.id, spec.hidden.kind, worker, assignedBy, 'HIDDEN-CASE', 3);
        await insertSupport(world, victim.id, hiddenCase, 'HIDDEN-SUPPORT');
        if (viewer === 'collaborator') {
          // A child of another village, with everything a child can have.
          const other = world.children.find((c) => c.village !== world.villages[0]);
          if (other) {
            await insertCircumstance(world, other.id, 'd', 'HIDDEN-OTHER-VILLAGE');
            await insertCase(world, other.id, 'injury', null, null, 'HIDDEN-OTHER-CASE', 4);
          }
          await insertCase(world, victim.id, 'injury', world.users.officerB, null, 'HIDDEN-INJURY', 5);
        }
        const second = await responses(world, viewer, probe);
        const a = comparable(viewer, first);
        const b = comparable(viewer, second);
        for (const [path, body] of a)
          expect(b.get(path), `${viewer} ${path} changed when records hidden from them were added`).toBe(body);
      }),
      { numRuns: Number(process.env.PRIVACY_RUNS ?? 10), endOnFailure: true },
    );
  }, 600_000);
});
