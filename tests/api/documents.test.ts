// The official documents as downloaded: the recognition decision and the self-assessment minutes; and every
// document the product renders over the demo (decision, minutes, plans, reports, the consolidated report) drawn only
// with characters its PDF font has, in words rather than symbols.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DocModel } from '../../src/server/features/documents/model.ts';
import { renderPdf } from '../../src/server/features/documents/render-pdf.ts';
import { allText, missingGlyphs, recordText, SYMBOLS, type Written } from '../documents/glyphs.ts';
import { docxPart, docxParagraphs, readPdf } from '../documents/read.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';

// The models of the .docx files, kept to draw them as PDF too: the reports exist only as .docx.
const { docxModels } = vi.hoisted(() => ({ docxModels: [] as DocModel[] }));
vi.mock('../../src/server/features/documents/render-docx.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/server/features/documents/render-docx.ts')>();
  return {
    ...actual,
    renderDocx: (model: DocModel) => {
      docxModels.push(model);
      return actual.renderDocx(model);
    },
  };
});

let t: TestApp;
let province: string;
let otherProvince: string;
let decisionId: number;
let roundId: number;
let quanChu: number; // the unit id of Xã Quân Chu
beforeAll(async () => {
  t = await startTestApp();
  province = await login(t.app, 'chutich.thainguyen');
  const db = t.database.db;
  decisionId = (
    await db
      .selectFrom('recognition_decision')
      .select('id')
      .where('number', '=', '2150/QĐ-UBND')
      .executeTakeFirstOrThrow()
  ).id;
  const entry = await db
    .selectFrom('round_entry as e')
    .innerJoin('unit as u', 'u.id', 'e.unit_id')
    .select(['e.round_id', 'u.id'])
    .where('u.code', '=', '05851')
    .executeTakeFirstOrThrow();
  roundId = entry.round_id;
  quanChu = entry.id;
  // An official of another province, to check the scope.
  const hanoi = await db
    .selectFrom('unit')
    .select('id')
    .where('level', '=', 'province')
    .where('code', '=', '01')
    .where('valid_to', 'is', null)
    .executeTakeFirstOrThrow();
  const { createUser } = await import('../../src/server/features/auth/users.ts');
  await createUser(db, {
    username: 'tinh.hanoi',
    password: 'demo@2026',
    fullName: 'Hà Nội',
    roles: [{ role: 'province_official', unitId: hanoi.id }],
  });
  otherProvince = await login(t.app, 'tinh.hanoi');
});
afterAll(() => t?.close());

describe('recognition decision', () => {
  it('downloads as an editable .docx naming the commune, its score and the decision number', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/decisions/${decisionId}/document.docx`,
      headers: { cookie: province },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.headers['content-disposition']).toContain('.docx');
    const text = docxParagraphs(docxPart(res.rawPayload)).join('\n');
    expect(text).toContain('Xã Quân Chu');
    expect(text).toContain('2150/QĐ-UBND');
    expect(text).toContain('970');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Thái Nguyên, ngày 20 tháng 11 năm 2026');
    expect(text).toContain('Nguyễn Văn Quang');
    // The Chairman's own decision: his title heads it and signs it, without 'TM. ỦY BAN NHÂN DÂN'.
    expect(text).toContain('CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN');
    expect(text).toContain('\nCHỦ TỊCH\n');
    expect(text).not.toContain('TM. ');
    expect(text).toContain('Căn cứ Quyết định số 06/QĐ-TTg ngày 03 tháng 01 năm 2019 của Thủ tướng Chính phủ');
    expect(text).toContain('Chánh Văn phòng Ủy ban nhân dân tỉnh Thái Nguyên');
  });

  it('downloads as a PDF with Vietnamese text', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/decisions/${decisionId}/document.pdf`,
      headers: { cookie: province },
    });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(readPdf(res.rawPayload).text).toContain('Xã Quân Chu');
  });

  it('is refused to another province', async () => {
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/decisions/${decisionId}/document.docx`,
          headers: { cookie: otherProvince },
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('self-assessment minutes', () => {
  it('lists the council, the meeting and the table by criterion', async () => {
    const officer = await login(t.app, 'xa.quanchu');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/rounds/${roundId}/entries/${quanChu}/minutes.docx`,
      headers: { cookie: officer },
    });
    expect(res.statusCode).toBe(200);
    const text = docxParagraphs(docxPart(res.rawPayload)).join('\n');
    expect(text).toContain('BIÊN BẢN');
    expect(text).toContain('Nguyễn Văn Bình');
    expect(text).toContain('C13');
    expect(text).toContain('970');
    // Unit names in small letters inside a sentence; scores explained in words.
    expect(text).toContain('Địa điểm: Hội trường UBND xã Quân Chu.');
    expect(text).toContain('phù hợp với trẻ em của xã Quân Chu, tỉnh Thái Nguyên; có mặt 04 thành viên:');
    expect(text).toContain('Có: 50 điểm');
    expect(text).not.toMatch(/→|Xã Quân Chu,|Tỉnh Thái Nguyên/);
  });
});

describe('every document over the demo', () => {
  const get = async (cookie: string, url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie, 'accept-language': 'vi' } });
    expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
    return res;
  };
  const unitId = async (code: string, level: 'commune' | 'province' = 'commune') =>
    (
      await t.database.db
        .selectFrom('unit')
        .select('id')
        .where('code', '=', code)
        .where('level', '=', level)
        .where('valid_to', 'is', null)
        .executeTakeFirstOrThrow()
    ).id;

  it('writes only characters the PDF font has, and words rather than symbols, in every kind of document', async () => {
    const db = t.database.db;
    const provinceId = await unitId('19', 'province');
    const daiTu = await unitId('05830');
    const laBang = await unitId('05818');
    const officers = { quanchu: await login(t.app, 'xa.quanchu'), labang: await login(t.app, 'xa.labang') };
    const daiTuOfficer = await login(t.app, 'xa.daitu');
    const provinceOfficial = await login(t.app, 'tinh.thainguyen');
    // Two communes' reports of the first half of 2025, on time; the others are missing from the consolidated one.
    const twoCommunes = await db
      .selectFrom('unit')
      .select('id')
      .where('parent_id', '=', provinceId)
      .where('level', '=', 'commune')
      .where('valid_to', 'is', null)
      .limit(2)
      .execute();
    await db
      .insertInto('periodic_report')
      .values(
        twoCommunes.map((c, i) => ({
          unit_id: c.id,
          province_id: provinceId,
          year: 2025,
          kind: 'six_month' as const,
          due_on: '2025-05-10',
          status: 'submitted' as const,
          figures: JSON.stringify({
            asOf: '2025-05-05',
            tasks: {
              total: 4,
              done: 2,
              doneLate: 0,
              inProgress: 1,
              notStarted: 1,
              overdue: 1,
              cancelled: 0,
              meanProgress: 55,
            },
            targets: [],
            inputs: { 'C13.respondents': 40, 'C13.satisfied': 31 + i },
            score: null,
            surveys: { children: null, residents: null },
            forums: { forums: 1, consultations: 0, participants: 20, recommendations: 2, answered: 1, events: 1 },
          }),
          submitted_at: '2025-05-06T02:00:00Z',
        })),
      )
      .execute();
    const year = (await db.selectFrom('plan').select('year').executeTakeFirstOrThrow()).year;
    const plans = await db.selectFrom('plan').select(['id', 'unit_id']).execute();

    const pdfs: Array<[string, string]> = [
      [province, `/api/decisions/${decisionId}/document.pdf`],
      [officers.quanchu, `/api/rounds/${roundId}/entries/${quanChu}/minutes.pdf`],
      [officers.labang, `/api/rounds/${roundId}/entries/${laBang}/minutes.pdf`],
      ...plans.map((p): [string, string] => [
        p.unit_id === daiTu ? daiTuOfficer : provinceOfficial,
        `/api/units/${p.unit_id}/plans/${p.id}/plan.pdf`,
      ]),
    ];
    const docx: Array<[string, string]> = [
      [province, `/api/decisions/${decisionId}/document.docx`],
      [officers.quanchu, `/api/rounds/${roundId}/entries/${quanChu}/minutes.docx`],
      ...plans.map((p): [string, string] => [
        p.unit_id === daiTu ? daiTuOfficer : provinceOfficial,
        `/api/units/${p.unit_id}/plans/${p.id}/plan.docx`,
      ]),
      [daiTuOfficer, `/api/units/${daiTu}/reports/${year}/six_month/report.docx`],
      [provinceOfficial, `/api/units/${provinceId}/reports/${year}/annual/report.docx`],
      [provinceOfficial, `/api/units/${provinceId}/reports/2025/six_month/consolidated.docx`],
    ];

    const drawn: Array<[string, Written[]]> = [];
    for (const [cookie, url] of pdfs) drawn.push([url, (await recordText(() => get(cookie, url))).written]);
    docxModels.length = 0;
    for (const [cookie, url] of docx) await get(cookie, url);
    expect(docxModels).toHaveLength(docx.length);
    for (const model of docxModels) drawn.push([model.title, (await recordText(() => renderPdf(model))).written]);

    for (const [what, written] of drawn) {
      expect(written.length, what).toBeGreaterThan(20);
      expect(missingGlyphs(written), what).toEqual([]);
      expect(allText(written), what).not.toMatch(SYMBOLS);
    }
    // The kinds: a decision, minutes, plans, the reports and the consolidated report.
    const titles = docxModels.map((m) => m.title).join('\n');
    for (const kind of ['Quyết định công nhận', 'Biên bản họp', 'Kế hoạch', 'BÁO CÁO Kết quả', 'BÁO CÁO Tổng hợp'])
      expect(titles).toContain(kind);
  }, 120_000);
});
