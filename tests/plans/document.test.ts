// The 2024 plan of xã An Sơn rebuilt through the API (by Xã Vạn Phú's officer, the An Sơn place name replaced by
// Vạn Phú so that the document reads as one commune's), issued, and exported as .docx and PDF: the heading, the
// basis sentence, sections I–VI with their numbered items in order, the report deadlines, Nơi nhận and the signer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxPart, docxParagraphs, readPdf } from '../documents/read.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { readAnSon, type ReferencePlan } from './an-son.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
let cookie = '';
let unitId = 0;
let planId = 0;
let ref: ReferencePlan;
let paras: string[] = [];
/** Paragraphs with their line breaks as spaces, for comparing with the reference's text. */
let flat: string[] = [];

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie, 'accept-language': 'vi' }, payload });
const here = (s: string) => s.replace(/An Sơn/gu, 'Vạn Phú');
const endStop = (s: string) => (/[.:;!?…]$/u.test(s) ? s : `${s}.`);

beforeAll(async () => {
  t = await startTestApp();
  ref = readAnSon();
  unitId = await communeId(t.database.db, '05845');
  cookie = await login(t.app, 'xa.vanphu');
  const agencies = (await call('POST', `/api/units/${unitId}/agencies/defaults`)).json() as Array<{
    id: number;
    name: string;
  }>;
  const agency = (name: string) => agencies.find((a) => a.name === name)!.id;
  const groups = [
    agency('Công chức Văn hóa - Xã hội'),
    agency('Công chức Tài chính - Kế toán'),
    agency('Trưởng thôn, tổ trưởng tổ dân phố'),
    agency('Ủy ban Mặt trận Tổ quốc Việt Nam xã'),
  ];
  const res = await call('POST', `/api/units/${unitId}/plans`, {
    year: 2024,
    title: here(ref.title),
    place: 'Vạn Phú',
    basis: here(ref.basis),
    purposes: ref.purposes.join('\n'),
    requirements: ref.requirements.join('\n'),
    budget: ref.budget.join('\n'),
    reporting: ref.reporting,
    sixMonthDue: '05-10',
    annualDue: '11-10',
    reportTo: 'UBND huyện (qua Phòng Lao động, Thương binh, Xã hội - Dân tộc)',
    recipients: ref.recipients.join('\n'),
    signerAuthority: '',
    signerCapacity: ref.signature.capacity,
    signerTitle: ref.signature.title,
    signerName: ref.signature.name,
    targets: ref.targets.map((text) => ({ text })),
    // A plan is issued only with an agency and a deadline on every task (src/core/plans/issue.ts): the
    // reference's year-long tasks are given the year's end and the cultural-social officer.
    tasks: ref.tasks.map((text, i) => ({
      text,
      dueOn: i === 10 ? '2024-10-31' : '2024-12-31',
      agencyIds: [groups[0]],
    })),
    assignments: ref.assignments.map((a, i) => ({
      agencyId: groups[i],
      heading: a.heading,
      duties: a.duties.join('\n'),
    })),
  });
  expect(res.statusCode, res.body).toBe(201);
  planId = res.json().id;
  const issued = await call('POST', `/api/units/${unitId}/plans/${planId}/issue`, {
    number: '45/KH-UBND',
    issuedOn: '2024-04-15',
  });
  expect(issued.statusCode, issued.body).toBe(200);
  const docx = await call('GET', `/api/units/${unitId}/plans/${planId}/plan.docx`);
  expect(docx.statusCode, docx.body.slice(0, 300)).toBe(200);
  expect(docx.headers['content-type']).toContain('wordprocessingml');
  expect(docx.headers['content-disposition']).toContain('Ke-hoach-2024-45-KH-UBND.docx');
  paras = docxParagraphs(docxPart(docx.rawPayload));
  flat = paras.map((p) => p.replace(/\n/gu, ' '));
}, 120_000);

afterAll(async () => {
  await t?.close();
});

/** Index of the paragraph equal to `text`; fails the test when missing. */
const indexOf = (text: string, from = 0) => {
  const i = flat.indexOf(text, from);
  expect(i, `missing paragraph: ${text.slice(0, 80)}`).toBeGreaterThanOrEqual(0);
  return i;
};

describe('the plan as .docx (Nghị định 30 layout)', () => {
  it('has the heading: issuing body, number, place and date, type and summary', () => {
    expect(paras).toContain('ỦY BAN NHÂN DÂN\nXÃ VẠN PHÚ');
    expect(paras).toContain('Số: 45/KH-UBND');
    expect(paras).toContain('Vạn Phú, ngày 15 tháng 4 năm 2024');
    expect(paras).toContain('KẾ HOẠCH');
    expect(flat).toContain('Triển khai thực hiện công tác trẻ em năm 2024 trên địa bàn xã Vạn Phú');
  });

  it('opens with the sentence citing the district plan 117/KH-UBND', () => {
    const basis = flat.find((p) =>
      p.startsWith('Thực hiện Kế hoạch số 117/KH-UBND ngày 29/3/2024 của UBND huyện Văn Quan'),
    );
    expect(basis).toBe(here(ref.basis));
    expect(flat.indexOf(basis!)).toBeLessThan(flat.indexOf('I. MỤC ĐÍCH, YÊU CẦU'));
  });

  it('has sections I–VI in order, with the purposes, 8 targets, 11 tasks, budget and 4 assignments', () => {
    const heads = [
      'I. MỤC ĐÍCH, YÊU CẦU',
      '1. Mục đích',
      '2. Yêu cầu',
      'II. MỤC TIÊU CỤ THỂ',
      'III. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM',
      'IV. KINH PHÍ THỰC HIỆN',
      'V. TỔ CHỨC THỰC HIỆN',
      'VI. CHẾ ĐỘ BÁO CÁO',
    ];
    const at = heads.map((h) => indexOf(h));
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const [, purposes, requirements, targets, tasks, budget, organisation, reporting] = at as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];

    expect(flat.slice(purposes + 1, requirements)).toEqual(ref.purposes);
    expect(flat.slice(requirements + 1, targets)).toEqual(ref.requirements);
    expect(ref.targets).toHaveLength(8);
    expect(flat.slice(targets + 1, tasks)).toEqual(ref.targets.map((x, i) => `${i + 1}. ${endStop(x)}`));

    expect(ref.tasks).toHaveLength(11);
    const taskParas = flat.slice(tasks + 1, budget);
    // Each task carries its deadline and agency in a line under it.
    expect(taskParas.filter((p) => /^\d+\. /u.test(p))).toEqual(ref.tasks.map((x, i) => `${i + 1}. ${endStop(x)}`));
    expect(taskParas[1]).toBe('(Thời hạn: 31/12/2024. Cơ quan thực hiện: Công chức Văn hóa - Xã hội.)');
    expect(taskParas.at(-1)).toBe('(Thời hạn: 31/10/2024. Cơ quan thực hiện: Công chức Văn hóa - Xã hội.)');
    expect(taskParas).toHaveLength(22);
    expect(flat.slice(budget + 1, organisation)).toEqual(ref.budget);

    const assignments = flat.slice(organisation + 1, reporting);
    expect(ref.assignments).toHaveLength(4);
    expect(assignments).toEqual(ref.assignments.flatMap((a, i) => [`${i + 1}. ${a.heading}`, ...a.duties]));
  });

  it('states the reporting regime with the 10/5 and 10/11 deadlines, then closes', () => {
    const vi = indexOf('VI. CHẾ ĐỘ BÁO CÁO');
    const regime = flat[vi + 1]!;
    expect(regime).toContain('báo cáo 6 tháng (trước ngày 10/5)');
    expect(regime).toContain('10/11');
    expect(flat[vi + 2]).toBe(
      'Trên đây là Kế hoạch triển khai thực hiện công tác trẻ em năm 2024 trên địa bàn xã Vạn Phú./.',
    );
  });

  it('ends with Nơi nhận and the signature of the vice-chairman', () => {
    const recipients = indexOf('Nơi nhận:');
    expect(flat.slice(recipients + 1, recipients + 7)).toEqual(ref.recipients);
    const capacity = indexOf('KT. CHỦ TỊCH');
    expect(flat[capacity + 1]).toBe('PHÓ CHỦ TỊCH');
    expect(flat[capacity + 2]).toBe('Liều Văn Toại');
    expect(flat).not.toContain('TM. ỦY BAN NHÂN DÂN');
  });

  it('writes the regime from the due days when none is written, and the same plan as PDF', async () => {
    const plan = (await call('GET', `/api/units/${unitId}/plans/${planId}`)).json();
    expect(plan.status).toBe('issued');
    const draft = await call('POST', `/api/units/${unitId}/plans`, {
      year: 2025,
      title: 'Công tác trẻ em năm 2025',
      place: 'Vạn Phú',
      sixMonthDue: '06-15',
      annualDue: '11-20',
      reportTo: 'UBND tỉnh (qua Sở Y tế)',
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const xml = docxParagraphs(
      docxPart((await call('GET', `/api/units/${unitId}/plans/${draft.json().id}/plan.docx`)).rawPayload),
    ).map((p) => p.replace(/\n/gu, ' '));
    expect(xml).toContain(
      'Định kỳ báo cáo kết quả thực hiện Kế hoạch: báo cáo 6 tháng (trước ngày 15/6) và báo cáo năm (trước ngày 20/11) về UBND tỉnh (qua Sở Y tế) để tổng hợp, báo cáo cấp trên theo quy định.',
    );
    // A draft has no number yet.
    expect(xml.some((p) => /^Số: +\/KH-UBND$/u.test(p))).toBe(true);

    const pdf = await call('GET', `/api/units/${unitId}/plans/${planId}/plan.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = readPdf(pdf.rawPayload).text.replace(/\s+/gu, ' ');
    for (const s of ['KẾ HOẠCH', 'VI. CHẾ ĐỘ BÁO CÁO', 'Liều Văn Toại', 'Số: 45/KH-UBND']) expect(text).toContain(s);
  });

  it('exports the demo plan of Xã Đại Từ, which implements the province’s and has an overdue task', async () => {
    const daitu = await login(t.app, 'xa.daitu');
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: daitu } });
    const unit = await communeId(t.database.db, '05830');
    const [summary] = (await get(`/api/units/${unit}/plans`)).json();
    // Four dated tasks and the monthly news item on the loudspeakers (src/server/demo/plans.ts).
    expect(summary).toMatchObject({ status: 'issued', number: '12/KH-UBND', tasks: 5, overdue: 1 });
    const plan = (await get(`/api/units/${unit}/plans/${summary.id}`)).json();
    expect(plan.parent).toMatchObject({ number: '85/KH-UBND', unitName: 'Tỉnh Thái Nguyên' });
    expect(plan.tasks.map((x: { state: string }) => x.state)).toContain('overdue');
    expect(plan.tasks.every((x: { agencies: unknown[] }) => x.agencies.length > 0)).toBe(true);
    const text = docxParagraphs(
      docxPart((await get(`/api/units/${unit}/plans/${summary.id}/plan.docx`)).rawPayload),
    ).map((p) => p.replace(/\n/gu, ' '));
    expect(text).toContain('Số: 12/KH-UBND');
    expect(
      text.some((p) =>
        p.startsWith(
          'Thực hiện Kế hoạch số 85/KH-UBND ngày 10/2/2026 của UBND tỉnh Thái Nguyên về triển khai thực hiện công tác trẻ em năm 2026',
        ),
      ),
    ).toBe(true);
    expect(text.filter((p) => p.startsWith('(Thời hạn: '))).toHaveLength(5);
    expect(text.filter((p) => p.startsWith('(Thời hạn: hằng tháng'))).toHaveLength(1);
  });

  it('is refused to another commune’s officer', async () => {
    const other = await login(t.app, 'xa.tancuong');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/units/${unitId}/plans/${planId}/plan.docx`,
      headers: { cookie: other },
    });
    expect(res.statusCode).toBe(403);
  });
});
