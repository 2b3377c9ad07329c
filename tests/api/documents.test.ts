// The official documents as downloaded: the recognition decision and the self-assessment minutes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxPart, docxParagraphs, readPdf } from '../documents/read.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';

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
  });
});
