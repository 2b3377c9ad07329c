// The Bắc Kạn 2019 province plan (Quyết định 352/QĐ-UBND, tests/fixtures/plans) reproduced through the API by the
// Thái Nguyên official (Bắc Kạn is part of Thái Nguyên since 01/07/2025): a plan over 2019–2025 whose two targets
// are measured over the province's communes ("trên 70% xã … đạt" above 70; "100% xã xây dựng kế hoạch" at least
// 100), issued as the annex of its covering decision, which prints in the Decree 30 layout; once issued, the
// province dashboard of 2025 compares with the plan's own target and names the plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxPart, docxParagraphs, readPdf } from '../documents/read.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { BAC_KAN_AGENCIES, bacKanInput, readBacKan, type BacKanReference } from './bac-kan.ts';

let t: TestApp;
let cookie = '';
let provinceId = 0;
let planId = 0;
let period2025 = 0;
let ref: BacKanReference;
/** The 2025 dashboard's target before the plan is issued: the national default. */
let before: { target: Record<string, unknown>; share: number | null } | null = null;

const INDICATORS = { recognised: 'communes.recognised_rate', withPlan: 'communes.plan_issued_rate' };

const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie, 'accept-language': 'vi' }, payload });
const flat = (paras: string[]) => paras.map((p) => p.replace(/\s+/gu, ' ').trim());
const lower = (s: string) => s.toLocaleLowerCase('vi');
const dashboard2025 = async () => {
  const res = await call('GET', `/api/dashboards/provinces/${provinceId}?periodId=${period2025}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

beforeAll(async () => {
  t = await startTestApp();
  ref = readBacKan();
  const db = t.database.db;
  provinceId = (
    await db
      .selectFrom('unit')
      .select('id')
      .where('level', '=', 'province')
      .where('code', '=', '19')
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;
  period2025 = (await db.selectFrom('period').select('id').where('year', '=', 2025).executeTakeFirstOrThrow()).id;
  cookie = await login(t.app, 'tinh.thainguyen');
  before = (await dashboard2025()).comparison;

  // The bodies section IV assigns: the province's list has some already (by name), the others are added.
  const have = (await call('GET', `/api/units/${provinceId}/agencies`)).json() as Array<{ id: number; name: string }>;
  const ids = new Map(have.map((a) => [a.name, a.id]));
  for (const a of BAC_KAN_AGENCIES) {
    if (ids.has(a.name)) continue;
    const res = await call('POST', `/api/units/${provinceId}/agencies`, a);
    expect(res.statusCode, res.body).toBe(201);
    ids.set(a.name, res.json().id);
  }
  const input = bacKanInput(ref, (name) => ids.get(name)!, INDICATORS);
  const created = await call('POST', `/api/units/${provinceId}/plans`, input);
  expect(created.statusCode, created.body).toBe(201);
  planId = created.json().id;
  const issued = await call('POST', `/api/units/${provinceId}/plans/${planId}/issue`, {
    number: ref.decision.number,
    issuedOn: ref.decision.signedOn,
    decisionNumber: ref.decision.number,
    decisionOn: ref.decision.signedOn,
  });
  expect(issued.statusCode, issued.body).toBe(200);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the reference text', () => {
  it('reads as the annex of QĐ 352 with two targets, five tasks and thirteen assignments', () => {
    expect(ref.decision.number).toBe('352/QĐ-UBND');
    expect(ref.decision.signedOn).toBe('2019-03-08');
    expect(ref.decision.bases).toHaveLength(2);
    expect(ref.annexLine).toContain('352/QĐ-UBND ngày 08/3/2019');
    expect(ref.targets).toHaveLength(2);
    expect(ref.targets[0]).toContain('trên 70% xã, phường, thị trấn đạt tiêu chuẩn');
    expect(ref.targets[1]).toMatch(/^- 100% xã, phường, thị trấn xây dựng kế hoạch/u);
    expect(ref.tasks).toHaveLength(5);
    expect(ref.assignments.map((a) => a.agency)).toEqual(BAC_KAN_AGENCIES.map((a) => a.name));
    expect(ref.assignments[12]!.duties.split('\n')).toHaveLength(4);
  });
});

describe('the Bắc Kạn plan as a multi-year province plan', () => {
  it('spans 2019–2025, names its issuing body and its covering decision', async () => {
    const plan = (await call('GET', `/api/units/${provinceId}/plans/${planId}`)).json();
    expect(plan).toMatchObject({
      year: 2019,
      yearTo: 2025,
      level: 'province',
      status: 'issued',
      number: '352/QĐ-UBND',
      issuedOn: '2019-03-08',
      issuerName: 'Ủy ban nhân dân tỉnh Bắc Kạn',
      decisionNumber: '352/QĐ-UBND',
      decisionOn: '2019-03-08',
      title: 'Xây dựng, đánh giá và công nhận xã, phường, thị trấn phù hợp với trẻ em trên địa bàn tỉnh Bắc Kạn',
    });
    expect(plan.tasks).toHaveLength(5);
    expect(plan.assignments.map((a: { agencyName: string }) => a.agencyName)).toEqual(
      BAC_KAN_AGENCIES.map((a) => a.name),
    );
    // The plans list shows the span.
    const list = (await call('GET', `/api/units/${provinceId}/plans`)).json() as Array<{
      id: number;
      yearTo: number | null;
    }>;
    expect(list.find((p) => p.id === planId)?.yearTo).toBe(2025);
  });

  it('measures its two targets over the province communes: above 70 % recognised, at least 100 % with a plan', async () => {
    const plan = (await call('GET', `/api/units/${provinceId}/plans/${planId}`)).json();
    const [recognised, withPlan] = plan.targets as Array<{
      indicator: string;
      goal: number;
      comparison: string;
      measured: { value: number | null; met: boolean | null } | null;
    }>;
    expect(recognised).toMatchObject({ indicator: INDICATORS.recognised, goal: 70, comparison: 'above' });
    expect(withPlan).toMatchObject({ indicator: INDICATORS.withPlan, goal: 100, comparison: 'at_least' });
    for (const [target, ok] of [
      [recognised!, (v: number) => v > 70],
      [withPlan!, (v: number) => v >= 100],
    ] as const) {
      expect(target.measured, target.indicator).not.toBeNull();
      const value = target.measured!.value;
      expect(typeof value, target.indicator).toBe('number');
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(100);
      expect(target.measured!.met).toBe(ok(value!));
    }
    // Thái Nguyên has about ninety communes and the demo's few plans and recognitions: neither target is met.
    expect(recognised!.measured!.met).toBe(false);
    expect(withPlan!.measured!.met).toBe(false);
  });

  it('refuses "trên 70%" with a comparison the product does not know, naming the field and value', async () => {
    const input = bacKanInput(ref, () => 1, INDICATORS);
    const res = await call('POST', `/api/units/${provinceId}/plans`, {
      ...input,
      assignments: [],
      tasks: [],
      targets: [{ ...input.targets[0]!, comparison: 'more_than' }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('more_than');
  });
});

describe('the covering decision QĐ 352', () => {
  let paras: string[] = [];
  beforeAll(async () => {
    const res = await call('GET', `/api/plans/${planId}/decision.docx`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    paras = flat(docxParagraphs(docxPart(res.rawPayload)));
  });

  it('is a Decree 30 decision: number, place and date, QUYẾT ĐỊNH, its subject and bases', () => {
    expect(paras).toContain('Số: 352/QĐ-UBND');
    expect(paras.some((p) => p.startsWith('Bắc Kạn, ngày 08 tháng 3 năm 2019'))).toBe(true);
    expect(paras).toContain('QUYẾT ĐỊNH');
    const subject = paras.find((p) => /^về việc ban hành kế hoạch/iu.test(p));
    expect(subject, 'Về việc ban hành Kế hoạch …').toBeDefined();
    expect(lower(subject!)).toContain(lower(ref.title));
    // The law on local government in force on 08/03/2019: that of 2015, as the original cites it.
    expect(paras.some((p) => p.startsWith('Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015'))).toBe(
      true,
    );
    expect(paras.some((p) => p.startsWith('Căn cứ') && p.includes('06/QĐ-TTg'))).toBe(true);
    expect(paras.some((p) => p.startsWith('Theo đề nghị') && p.includes('391/TTr-LĐTBXH ngày 04/3/2019'))).toBe(true);
    // Issued by the People's Committee of the former province, as the original's heading reads.
    expect(paras[0]).toBe('ỦY BAN NHÂN DÂN TỈNH BẮC KẠN');
  });

  it('issues the plan in Điều 1, then the effect and the execution, then the plan as its annex', () => {
    const article = (n: number) => paras.findIndex((p) => p.startsWith(`Điều ${n}.`));
    const [one, two, three] = [article(1), article(2), article(3)];
    expect(one).toBeGreaterThan(0);
    expect(two).toBeGreaterThan(one);
    expect(three).toBeGreaterThan(two);
    expect(lower(paras[one]!)).toContain(lower(`kế hoạch ${ref.title}`));
    const annex = paras.findIndex((p) => /^\(Ban hành kèm theo Quyết định số 352\/QĐ-UBND ngày/u.test(p));
    expect(annex, 'the annex line').toBeGreaterThan(three);
    expect(paras[annex]).toMatch(/ngày 0?8\/0?3\/2019/u);
    // The annex carries the plan: its targets in order after the decision.
    const targets = ref.targets.map((x) => x.replace(/^-\s*/u, ''));
    const at = targets.map((x) => paras.findIndex((p, i) => i > annex && p.includes(x.slice(0, 60))));
    expect(at.every((i) => i > annex)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('prints as PDF too', async () => {
    const res = await call('GET', `/api/plans/${planId}/decision.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = readPdf(res.rawPayload).text.replace(/\s+/gu, ' ');
    expect(text).toContain('352/QĐ-UBND');
    expect(text).toContain('QUYẾT ĐỊNH');
  });
});

describe('the province dashboard', () => {
  it('compares 2025 with the plan’s own target and names the plan, where before it took the national default', async () => {
    expect(before).toMatchObject({ target: { level: 'province', percent: 70, source: null } });
    const after = (await dashboard2025()).comparison;
    expect(after.target).toMatchObject({
      level: 'province',
      percent: 70,
      comparison: 'above',
      byYear: 2025,
      source: { planId, number: '352/QĐ-UBND', issuedOn: '2019-03-08' },
    });
    expect(after.target.source.text).toBe(ref.targets[0]!.replace(/^-\s*/u, ''));
    // The share is measured as before; only the target changed hands.
    expect(after.share).toBe(before!.share);
  });
});
