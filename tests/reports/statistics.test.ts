// The statistics of the periodic reports over a register built here: Xã Vạn Phú with a case of every kind, form
// and cause and a hazard list, Xã Tân Cương with a little of each. The 6-month and annual reports count as of
// their cut-off (a case after it, or known only after it, is not counted), the typed figures are checked and
// kept, the province's consolidated report adds them up (rates from summed counts, not a mean of rates), the
// Action Month and forum reports are drafted and sent on time or late and seen so by the province, and a
// province's adjusted form is used by its communes' drafts while a sent report keeps its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INJURY_CAUSES } from '../../src/core/reports/statistics.ts';
import { setClock } from '../../src/server/platform/clock.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';
import { docxParagraphs, docxPart } from '../documents/read.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let province: number;
let vanPhu: number;
let tanCuong: number;
const forums: Record<'october' | 'november' | 'december', number> = { october: 0, november: 0, december: 0 };

const call = (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[user]!, 'accept-language': 'vi' }, payload });
const report = (unit: number, kind: string) => `/api/units/${unit}/reports/2026/${kind}`;
const narrative = { results: 'Kết quả', difficulties: '', proposals: '' };

type CaseKind =
  'abuse' | 'abandonment' | 'trafficking' | 'injury' | 'death' | 'law_violation' | 'drug_use' | 'child_labour';
interface CaseSpec {
  kind: CaseKind;
  abuseKind?: string;
  cause?: (typeof INJURY_CAUSES)[number];
  occurred: string;
  reported: string;
}

/** One village and household, and a child (born 2015) for each case: every case is a different child. */
let registers = 0;
async function buildRegister(unitId: number, cases: CaseSpec[]) {
  const db = t.database.db;
  const n = ++registers;
  const village = await db
    .insertInto('village')
    .values({ unit_id: unitId, province_id: province, name: `Thôn Thử Nghiệm ${n}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const household = await db
    .insertInto('household')
    .values({
      unit_id: unitId,
      province_id: province,
      village_id: village.id,
      code: `HT-${n}`,
      head_name: 'Nguyễn Văn An',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [i, c] of cases.entries()) {
    const child = await db
      .insertInto('child')
      .values({
        unit_id: unitId,
        province_id: province,
        village_id: village.id,
        household_id: household.id,
        code: `TE-${n}-${i}`,
        full_name: `Trẻ Thứ ${n}.${i}`,
        search_name: `tre thu ${n}.${i}`,
        birth_date: '2015-01-01',
        sex: i % 2 ? 'female' : 'male',
        updated_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('protection_case')
      .values({
        unit_id: unitId,
        province_id: province,
        child_id: child.id,
        kind: c.kind,
        abuse_kind: c.abuseKind ?? null,
        cause: c.cause ?? null,
        occurred_on: c.occurred,
        reported_on: c.reported,
        case_worker_id: null,
        plan_approved_by: null,
        created_by: null,
      })
      .execute();
  }
  return village.id;
}

async function hazard(
  unitId: number,
  villageId: number,
  kind: 'pond' | 'river' | 'well' | 'pit',
  dates: { found: string; fenced?: string; signposted?: string; fixed?: string },
) {
  await t.database.db
    .insertInto('hazard_site')
    .values({
      unit_id: unitId,
      province_id: province,
      village_id: villageId,
      kind,
      place: `Điểm ${kind}`,
      found_on: dates.found,
      fenced_on: dates.fenced ?? null,
      signposted_on: dates.signposted ?? null,
      fixed_on: dates.fixed ?? null,
      created_by: null,
    })
    .execute();
}

async function forum(unitId: number, heldOn: string, boys: number, girls: number): Promise<number> {
  const row = await t.database.db
    .insertInto('child_forum')
    .values({
      unit_id: unitId,
      province_id: province,
      kind: 'forum',
      level: 'commune',
      held_on: heldOn,
      title: `Diễn đàn trẻ em ngày ${heldOn}`,
      boys_11to15: boys,
      girls_11to15: girls,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const ABUSE_FORMS = ['sexual', 'physical', 'emotional', 'neglect', 'exploitation'];
const early = { occurred: '2026-03-01', reported: '2026-03-05' };

beforeAll(async () => {
  setClock(new Date('2026-12-07T03:00:00Z')); // Monday 07/12/2026, 10:00 in Vietnam
  t = await startTestApp();
  const db = t.database.db;
  vanPhu = await communeId(db, '05845');
  tanCuong = await communeId(db, '05503');
  province = (await db.selectFrom('unit').select('parent_id').where('id', '=', vanPhu).executeTakeFirstOrThrow())
    .parent_id!;
  for (const u of ['xa.vanphu', 'xa.tancuong', 'tinh.thainguyen', 'chutich.thainguyen', 'thamdinh.thainguyen'])
    cookies[u] = await login(t.app, u);
  // The two communes start with no register of their own: every count below is what is built here.
  for (const table of ['child', 'protection_case', 'hazard_site', 'child_forum'] as const) {
    const n = await db
      .selectFrom(table)
      .select(db.fn.countAll<number>().as('n'))
      .where('unit_id', 'in', [vanPhu, tanCuong])
      .executeTakeFirstOrThrow();
    expect(Number(n.n), table).toBe(0);
  }

  const village = await buildRegister(vanPhu, [
    ...ABUSE_FORMS.map((f) => ({ kind: 'abuse' as const, abuseKind: f, ...early })),
    ...(['abandonment', 'trafficking', 'law_violation', 'drug_use', 'child_labour'] as const).map((kind) => ({
      kind,
      ...early,
    })),
    ...INJURY_CAUSES.map((cause) => ({ kind: 'injury' as const, cause, ...early })),
    ...INJURY_CAUSES.map((cause) => ({ kind: 'death' as const, cause, ...early })),
    // Happened in the half-year, known only in July: not in the 6-month report.
    { kind: 'abuse', abuseKind: 'sexual', occurred: '2026-04-20', reported: '2026-07-01' },
    // In the Action Month (after the 6-month cut-off).
    { kind: 'injury', cause: 'drowning', occurred: '2026-06-20', reported: '2026-06-21' },
    // After the 6-month cut-off, before the annual one.
    { kind: 'injury', cause: 'traffic', occurred: '2026-07-20', reported: '2026-07-20' },
  ]);
  await hazard(vanPhu, village, 'pond', { found: '2026-01-10', fenced: '2026-02-01' });
  await hazard(vanPhu, village, 'river', { found: '2026-01-10', signposted: '2026-03-01' });
  await hazard(vanPhu, village, 'well', { found: '2026-01-10', fixed: '2026-08-01' });
  await hazard(vanPhu, village, 'pit', { found: '2026-09-01' });

  const other = await buildRegister(tanCuong, [{ kind: 'injury', cause: 'drowning', ...early }]);
  await hazard(tanCuong, other, 'pond', { found: '2026-01-10', fenced: '2026-02-01' });

  forums.october = await forum(vanPhu, '2026-10-01', 10, 15); // 25 children: under 30
  forums.november = await forum(vanPhu, '2026-11-01', 20, 20); // never reported
  forums.december = await forum(vanPhu, '2026-12-01', 20, 15);
}, 180_000);

afterAll(async () => {
  setClock(null);
  await t?.close();
});

describe('the statistics of the 6-month and annual reports', () => {
  it('lists the three yearly reports, the Action Month one due on 10/07', async () => {
    const res = await call('xa.vanphu', 'GET', `/api/units/${vanPhu}/reports?year=2026`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().map((r: { kind: string }) => r.kind)).toEqual(['six_month', 'annual', 'action_month']);
    expect(res.json()[2]).toMatchObject({ dueOn: '2026-07-10', period: { from: '2026-06-01', to: '2026-06-30' } });
  });

  it('counts every kind, form and cause as of the 6-month cut-off', async () => {
    const res = await call('xa.vanphu', 'GET', report(vanPhu, 'six_month'));
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json().figures.statistics;
    expect(s.period.from).toBe('2025-12-15');
    expect(s.period.to < '2026-06-20').toBe(true);
    expect(s.form).toMatchObject({ kind: 'six_month', version: 1, provinceId: null });
    const v = s.values;
    expect(v['abuse.total']).toBe(5);
    for (const f of ABUSE_FORMS) expect(v[`abuse.${f}`], f).toBe(1);
    for (const k of ['abandonment', 'trafficking', 'law_violation', 'drug_use', 'child_labour'])
      expect(v[`${k}.total`], k).toBe(1);
    for (const c of INJURY_CAUSES) {
      expect(v[`injury.${c}`], c).toBe(1);
      expect(v[`death.${c}`], c).toBe(1);
    }
    expect(v).toMatchObject({ 'injury.total': 9, 'death.total': 9, 'drowning.total': 2, 'injury.unrecorded': 0 });
    // Three sites listed by then (the pit was found in September), none fixed yet, one fenced, one signposted.
    expect(v).toMatchObject({
      'hazard.listed': 3,
      'hazard.fixed': 0,
      'hazard.open': 3,
      'hazard.fenced': 1,
      'hazard.signposted': 1,
      'hazard.unsafe': 1,
      'hazard.fenced_rate': 33.3,
      'children.total': 31,
    });
    // The form's tables carry the same values; a typed row has none yet.
    const rows = s.tables.flatMap((x: { rows: unknown[] }) => x.rows);
    expect(rows.find((r: { statistic: string }) => r.statistic === 'drowning.total')).toMatchObject({
      value: 2,
      entered: false,
      label: { vi: 'Trẻ em bị đuối nước (kể cả tử vong)' },
    });
    expect(rows.find((r: { statistic: string }) => r.statistic === 'budget.spent')).toMatchObject({
      value: null,
      entered: true,
    });
  });

  it('counts in the annual report the cases after the 6-month cut-off and the sites fixed since', async () => {
    const v = (await call('xa.vanphu', 'GET', report(vanPhu, 'annual'))).json().figures.statistics.values;
    expect(v).toMatchObject({
      'abuse.total': 6,
      'abuse.sexual': 2,
      'injury.total': 11,
      'injury.traffic': 2,
      'injury.drowning': 2,
      'drowning.total': 3,
      'death.total': 9,
      'hazard.listed': 4,
      'hazard.fixed': 1,
      'hazard.open': 3,
      'hazard.fenced': 1,
      'hazard.unsafe': 1,
    });
  });

  it('refuses a typed figure that is negative or counted, naming it in Vietnamese, and saves nothing', async () => {
    const negative = await call('xa.vanphu', 'PUT', report(vanPhu, 'six_month'), {
      narrative,
      revision: 0,
      entered: { 'violation.handled': -3 },
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.body).toContain('Vụ vi phạm quyền trẻ em bị xử lý');
    expect(negative.body).toContain('-3');
    const counted = await call('xa.vanphu', 'PUT', report(vanPhu, 'six_month'), {
      narrative,
      revision: 0,
      entered: { 'abuse.total': 0 },
    });
    expect(counted.statusCode).toBe(400);
    expect(counted.body).toContain('Trẻ em bị xâm hại');
    const fraction = await call('xa.vanphu', 'PUT', report(vanPhu, 'six_month'), {
      narrative,
      revision: 0,
      entered: { 'budget.spent': 1.5 },
    });
    expect(fraction.statusCode).toBe(400);
    const after = (await call('xa.vanphu', 'GET', report(vanPhu, 'six_month'))).json();
    expect(after).toMatchObject({ stored: false, revision: 0, entered: {} });
  });

  it('saves typed figures with the written parts, and freezes them with the period on submission', async () => {
    const saved = await call('xa.vanphu', 'PUT', report(vanPhu, 'six_month'), {
      narrative,
      revision: 0,
      entered: { 'violation.handled': 12, 'budget.spent': 5_000_000 },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().entered).toEqual({ 'violation.handled': 12, 'budget.spent': 5_000_000 });
    expect(saved.json().figures.statistics.values).toMatchObject({
      'violation.handled': 12,
      'budget.spent': 5_000_000,
    });
    // Leaving a figure out keeps it; null clears it.
    const again = await call('xa.vanphu', 'PUT', report(vanPhu, 'six_month'), {
      narrative,
      revision: 1,
      entered: { 'violation.handled': null },
    });
    expect(again.json().entered).toEqual({ 'budget.spent': 5_000_000 });

    const sent = await call('xa.vanphu', 'POST', `${report(vanPhu, 'six_month')}/submit`, { key: 'stat-1' });
    expect(sent.statusCode, sent.body).toBe(200);
    const r = sent.json();
    expect(r).toMatchObject({ status: 'submitted', frozen: true, timeliness: 'late' });
    expect(r.period).toEqual(r.figures.statistics.period);
    const row = await t.database.db
      .selectFrom('periodic_report')
      .select(['period_from', 'period_to'])
      .where('unit_id', '=', vanPhu)
      .where('kind', '=', 'six_month')
      .where('year', '=', 2026)
      .executeTakeFirstOrThrow();
    expect({ from: row.period_from, to: row.period_to }).toEqual(r.period);

    // A case recorded now, dated in the half-year, does not change the frozen report.
    await buildRegister(vanPhu, [{ kind: 'abuse', abuseKind: 'physical', ...early }]);
    const later = (await call('xa.vanphu', 'GET', report(vanPhu, 'six_month'))).json();
    expect(later.figures.statistics.values['abuse.total']).toBe(5);
    expect(later.figures.statistics.values['budget.spent']).toBe(5_000_000);
  });

  it('adds up the communes in the province’s consolidated report, rates from the summed counts', async () => {
    const sent = await call('xa.tancuong', 'POST', `${report(tanCuong, 'six_month')}/submit`, { key: 'stat-2' });
    expect(sent.statusCode, sent.body).toBe(200);
    const res = await call('tinh.thainguyen', 'GET', `${report(province, 'six_month')}/consolidated`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json().statistics;
    expect(Object.keys(s.byUnit).sort()).toEqual([String(vanPhu), String(tanCuong)].sort());
    expect(s.byUnit[String(tanCuong)]).toMatchObject({ 'drowning.total': 1, 'hazard.fenced_rate': 100 });
    const total = Object.fromEntries(
      s.tables.flatMap((x: { rows: Array<{ statistic: string; value: number | null }> }) =>
        x.rows.map((r) => [r.statistic, r.value]),
      ),
    );
    expect(total).toMatchObject({
      'drowning.total': 3,
      'abuse.total': 5,
      'injury.total': 10,
      'hazard.open': 4,
      'hazard.fenced': 2,
      // 2 of 4 sites, not the mean of 33.3% and 100%.
      'hazard.fenced_rate': 50,
      'budget.spent': 5_000_000,
    });
    expect(s.period.from).toBe('2025-12-15');
  });
});

describe('the Action Month report', () => {
  it('counts June only, and the province sees one sent on time and one late', async () => {
    const draft = (await call('xa.vanphu', 'GET', report(vanPhu, 'action_month'))).json();
    expect(draft.figures.statistics.period).toEqual({ from: '2026-06-01', to: '2026-06-30' });
    expect(draft.figures.statistics.values).toMatchObject({ 'injury.total': 1, 'drowning.total': 1, 'abuse.total': 0 });
    expect(draft.figures.statistics.form.kind).toBe('action_month');

    for (const [user, unit] of [
      ['xa.vanphu', vanPhu],
      ['xa.tancuong', tanCuong],
    ] as const) {
      const sent = await call(user, 'POST', `${report(unit, 'action_month')}/submit`, { key: `am-${unit}` });
      expect(sent.statusCode, sent.body).toBe(200);
    }
    // Vạn Phú's went on 05/07, before the 10/07 due day.
    await t.database.db
      .updateTable('periodic_report')
      .set({ submitted_at: new Date('2026-07-05T03:00:00Z') })
      .where('unit_id', '=', vanPhu)
      .where('kind', '=', 'action_month')
      .execute();
    const c = await call('tinh.thainguyen', 'GET', `${report(province, 'action_month')}/consolidated`);
    expect(c.statusCode, c.body).toBe(200);
    const rows = c.json().rows as Array<{ unitId: number; status: string; submittedOn: string }>;
    expect(rows.find((r) => r.unitId === vanPhu)).toMatchObject({ status: 'on_time', submittedOn: '2026-07-05' });
    expect(rows.find((r) => r.unitId === tanCuong)).toMatchObject({ status: 'late', submittedOn: '2026-12-07' });
    expect(c.json().statistics.tables[0].id).toBe('activities');
  });
});

describe('forum reports', () => {
  const forumUrl = (unit: number, id: number) => `/api/units/${unit}/forum-reports/${id}`;

  it('drafts a forum’s report from that forum, due 15 days after it, flagged under 30 children', async () => {
    const res = await call('xa.vanphu', 'GET', forumUrl(vanPhu, forums.october));
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({
      kind: 'forum',
      forumId: forums.october,
      dueOn: '2026-10-16',
      timeliness: 'missing',
      period: { from: '2026-10-01', to: '2026-10-01' },
      forum: { heldOn: '2026-10-01', children: 25, under30: true },
    });
    expect(r.figures.statistics.values).toMatchObject({ 'forum.children': 25, 'forum.boys': 10, 'forum.under30': 1 });
  });

  it('saves and sends a forum report; another commune neither reads it nor finds it under its own name', async () => {
    const saved = await call('xa.vanphu', 'PUT', forumUrl(vanPhu, forums.december), {
      narrative,
      revision: 0,
      entered: { 'budget.spent': 2_000_000 },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().figures.statistics.values).toMatchObject({ 'forum.children': 35, 'budget.spent': 2_000_000 });
    for (const id of [forums.october, forums.december]) {
      const sent = await call('xa.vanphu', 'POST', `${forumUrl(vanPhu, id)}/submit`, { key: `forum-${id}` });
      expect(sent.statusCode, sent.body).toBe(200);
    }
    expect((await call('xa.tancuong', 'GET', forumUrl(vanPhu, forums.december))).statusCode).toBe(403);
    expect((await call('xa.tancuong', 'GET', forumUrl(tanCuong, forums.december))).statusCode).toBe(404);
    const docx = await call('xa.vanphu', 'GET', `${forumUrl(vanPhu, forums.december)}/report.docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('lists for the province each forum with its report late, on time or missing', async () => {
    const res = await call('tinh.thainguyen', 'GET', `/api/units/${province}/forum-reports?year=2026`);
    expect(res.statusCode, res.body).toBe(200);
    const rows = (res.json().rows as Array<{ forumId: number }>).filter((r) =>
      Object.values(forums).includes(r.forumId),
    );
    expect(rows).toMatchObject([
      { forumId: forums.october, unitId: vanPhu, dueOn: '2026-10-16', timeliness: 'late', under30: true },
      { forumId: forums.november, dueOn: '2026-11-16', timeliness: 'missing', status: 'draft' },
      { forumId: forums.december, dueOn: '2026-12-16', timeliness: 'on_time', submittedOn: '2026-12-07' },
    ]);
    expect(res.json().completeness).toMatchObject({ onTime: 1, late: 1, missing: 1 });
    // The commune sees its own forums only.
    const own = (await call('xa.tancuong', 'GET', `/api/units/${tanCuong}/forum-reports?year=2026`)).json();
    expect(own.rows).toEqual([]);
  });
});

describe('report forms', () => {
  const formUrl = (unit: number, kind: string) => `/api/units/${unit}/report-forms/${kind}`;
  const adjusted = {
    title: { vi: 'Báo cáo 6 tháng (mẫu của tỉnh)', en: 'Six-month report (province form)' },
    basis: 'Mẫu điều chỉnh của tỉnh',
    tables: [
      {
        id: 'drowning',
        title: { vi: 'Phòng, chống đuối nước', en: 'Drowning prevention' },
        rows: [{ statistic: 'drowning.total' }, { statistic: 'hazard.fenced_rate' }, { statistic: 'budget.spent' }],
      },
    ],
  };

  it('gives the preset until the province saves its own; a commune cannot, an unknown statistic is refused', async () => {
    const before = (await call('xa.vanphu', 'GET', formUrl(vanPhu, 'six_month'))).json();
    expect(before).toMatchObject({ kind: 'six_month', effective: { version: 1, provinceId: null }, canEdit: false });
    expect(before.catalogue.find((s: { code: string }) => s.code === 'hazard.fenced_rate')).toMatchObject({
      kind: 'rate',
      source: 'derived',
    });
    expect((await call('xa.vanphu', 'POST', formUrl(vanPhu, 'six_month'), adjusted)).statusCode).toBe(400);
    const unknown = structuredClone(adjusted);
    unknown.tables[0]!.rows.push({ statistic: 'no.such' });
    expect((await call('tinh.thainguyen', 'POST', formUrl(province, 'six_month'), unknown)).statusCode).toBe(400);

    const saved = await call('tinh.thainguyen', 'POST', formUrl(province, 'six_month'), adjusted);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().effective).toMatchObject({ version: 1, provinceId: province, tables: [{ id: 'drowning' }] });
    const second = await call('tinh.thainguyen', 'POST', formUrl(province, 'six_month'), adjusted);
    expect(second.json().effective.version).toBe(2);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'report_form')
      .execute();
    expect(audit.length).toBe(2);
  });

  it('drafts the communes’ reports on the province form; a sent report keeps the form it was sent on', async () => {
    const annual = (await call('xa.vanphu', 'GET', report(vanPhu, 'annual'))).json().figures.statistics;
    expect(annual.form.provinceId).toBeNull(); // the province adjusted the 6-month form only
    const draft = (await call('xa.vanphu', 'GET', `/api/units/${vanPhu}/report-forms/six_month`)).json();
    expect(draft.effective).toMatchObject({ version: 2, provinceId: province });
    const sent = (await call('xa.vanphu', 'GET', report(vanPhu, 'six_month'))).json().figures.statistics;
    expect(sent.form).toMatchObject({ version: 1, provinceId: null });
    expect(sent.tables.length).toBeGreaterThan(1);
  });
});

describe('who sees the counts of harmed children', () => {
  const codes = (body: {
    figures: {
      statistics?: { values: Record<string, unknown>; tables: Array<{ rows: Array<{ statistic: string }> }> };
    };
  }) => ({
    values: Object.keys(body.figures.statistics!.values),
    rows: body.figures.statistics!.tables.flatMap((t) => t.rows.map((r) => r.statistic)),
  });

  it('shows them to the commune and the province roles that see sensitive counts exactly, and leaves them out for the signer', async () => {
    const officer = await call('xa.vanphu', 'GET', report(vanPhu, 'annual'));
    const appraiser = await call('thamdinh.thainguyen', 'GET', report(vanPhu, 'annual'));
    const signer = await call('chutich.thainguyen', 'GET', report(vanPhu, 'annual'));
    for (const res of [officer, appraiser, signer]) expect(res.statusCode, res.body).toBe(200);
    // The annual report counts the sexual abuse known only in July too.
    expect(officer.json().figures.statistics.values['abuse.sexual']).toBe(2);
    expect(appraiser.json().figures.statistics.values['abuse.sexual']).toBe(2);
    const seen = codes(signer.json());
    // Absent, not marked: neither the value nor the row, nor a rate made from them.
    for (const code of [
      'abuse.total',
      'abuse.sexual',
      'death.drowning',
      'drowning.total',
      'children.special',
      'abuse.supported_rate',
      'child_labour.total',
    ]) {
      expect(seen.values, code).not.toContain(code);
      expect(seen.rows, code).not.toContain(code);
    }
    // What is not about harm stays: the hazard list, the children counted, the typed figures.
    expect(signer.json().figures.statistics.values['hazard.listed']).toBe(
      officer.json().figures.statistics.values['hazard.listed'],
    );
    expect(seen.rows).toContain('children.total');
    expect(seen.rows).toContain('budget.spent');
    expect(JSON.stringify(signer.json())).not.toContain('Trẻ em bị xâm hại');
  });

  it('leaves them out of the signer’s .docx as well', async () => {
    const signer = await call('chutich.thainguyen', 'GET', `${report(vanPhu, 'annual')}/report.docx`);
    const officer = await call('xa.vanphu', 'GET', `${report(vanPhu, 'annual')}/report.docx`);
    expect(signer.statusCode).toBe(200);
    expect(officer.statusCode).toBe(200);
    const text = (buf: Buffer) => docxParagraphs(docxPart(buf)).join('\n');
    expect(text(officer.rawPayload)).toContain('Trẻ em bị xâm hại: xâm hại tình dục');
    expect(text(signer.rawPayload)).not.toContain('Trẻ em bị xâm hại');
  });
});
