// The portal by province and year: every province with its share recognised, a province's recognised
// communes with their decisions, its postings with published comments, and open surveys without codes.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeFromBytes } from '../../src/core/surveys/codes.ts';
import { startTestApp, type TestApp } from '../support/server.ts';
import { addDays, communeId, createEntry, ensureRound, TEST_YEAR, today } from './fixtures.ts';

let t: TestApp;
let posted: number; // Tân Cương: posted, posting running
const openCode = codeFromBytes(randomBytes(5));
const usedCode = codeFromBytes(randomBytes(5));

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const d = today();
  posted = (
    await createEntry(db, {
      communeCode: '05503',
      state: 'posted',
      postingFrom: addDays(d, -1),
      postingTo: addDays(d, 6),
    })
  ).entryId;
  await createEntry(db, { communeCode: '05845', state: 'draft' }); // Vạn Phú: not public
  const q = await createEntry(db, {
    communeCode: '05851',
    state: 'appraised',
    postingFrom: addDays(d, -60),
    postingTo: addDays(d, -53),
  });
  const { roundId, periodId } = await ensureRound(db);
  const decision = await db
    .insertInto('recognition_decision')
    .values({
      round_id: roundId,
      number: '77/QĐ-UBND',
      signed_on: `${TEST_YEAR}-12-01`,
      signer_name: 'Trần Văn B',
      signer_title: 'Chủ tịch UBND tỉnh',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('round_entry')
    .set({ state: 'recognized', decision_id: decision.id })
    .where('id', '=', q.entryId)
    .execute();
  await db
    .insertInto('public_comment')
    .values([
      { entry_id: posted, body: 'Đề nghị sửa sân chơi thôn 2.', status: 'published', source_hash: 'x' },
      { entry_id: posted, body: 'Ý kiến chưa duyệt.', status: 'pending', source_hash: 'y' },
    ])
    .execute();
  const province = (
    await db
      .selectFrom('unit')
      .select('id')
      .where('level', '=', 'province')
      .where('code', '=', '19')
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;
  // Tân Cương's survey still has a code left; Đại Từ's codes are all spent.
  for (const [code, survey] of [
    ['05503', openCode],
    ['05830', usedCode],
  ] as const) {
    const s = await db
      .insertInto('survey')
      .values({
        unit_id: await communeId(db, code),
        province_id: province,
        period_id: periodId,
        audience: 'children',
        questionnaire_code: 'tre-em',
        sample_size: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('survey_code')
      .values({ code: survey, survey_id: s.id, province_id: province, used: code === '05830' })
      .execute();
  }
});
afterAll(() => t?.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('the province list', () => {
  it('lists the 34 provinces with their communes and the share recognised per year, cacheably', async () => {
    const res = await get('/api/public/provinces');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    const body = res.json() as {
      years: number[];
      items: Array<{
        code: string;
        communes: number;
        years: Array<{ year: number; round: boolean; recognized: number; share: number | null }>;
      }>;
    };
    expect(body.items).toHaveLength(34);
    expect(body.years).toEqual(expect.arrayContaining([TEST_YEAR, 2026]));
    expect(body.years).toEqual([...body.years].sort((a, b) => b - a));
    const thaiNguyen = body.items.find((p) => p.code === '19')!;
    expect(thaiNguyen.communes).toBeGreaterThan(50);
    const year = thaiNguyen.years.find((y) => y.year === TEST_YEAR)!;
    expect(year).toMatchObject({ round: true, recognized: 1 });
    expect(year.share).toBeCloseTo(1 / thaiNguyen.communes, 10);
    // The demo's own round of 2026 recognised Quân Chu.
    expect(thaiNguyen.years.find((y) => y.year === 2026)).toMatchObject({ round: true, recognized: 1 });
    const hanoi = body.items.find((p) => p.code === '01')!;
    expect(hanoi.years.every((y) => !y.round && y.recognized === 0 && y.share === 0)).toBe(true);
  });
});

describe("a province's page", () => {
  it('shows the recognised communes with their decisions, postings with published comments, and open surveys', async () => {
    const res = await get(`/api/public/provinces/19?year=${TEST_YEAR}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const body = res.json();
    expect(body).toMatchObject({ province: { code: '19' }, year: TEST_YEAR, round: { year: TEST_YEAR } });
    expect(body.years).toEqual(expect.arrayContaining([TEST_YEAR, 2026]));
    expect(body.recognized).toEqual([
      expect.objectContaining({
        communeCode: '05851',
        decision: { number: '77/QĐ-UBND', signedOn: `${TEST_YEAR}-12-01`, signerTitle: 'Chủ tịch UBND tỉnh' },
      }),
    ]);
    expect(res.body).not.toContain('Trần Văn B'); // offices, never personal names, on the portal
    const codes = body.postings.map((p: { communeCode: string }) => p.communeCode);
    expect(codes).toEqual(expect.arrayContaining(['05503', '05851']));
    expect(codes).not.toContain('05845');
    const tanCuong = body.postings.find((p: { entryId: number }) => p.entryId === posted);
    expect(tanCuong).toMatchObject({ state: 'posted', posting: { commentsOpen: true } });
    expect(tanCuong.comments.map((c: { body: string }) => c.body)).toEqual(['Đề nghị sửa sân chơi thôn 2.']);
    expect(body.surveys).toEqual([{ communeCode: '05503', communeName: 'Xã Tân Cương', audiences: ['children'] }]);
    // Never a code, and nothing counted about children.
    expect(res.body).not.toContain(openCode);
    expect(res.body).not.toContain(usedCode);
    expect(res.body).not.toMatch(/sample|respon|child_/i);
  });

  it("defaults to the province's latest round and keeps to one year", async () => {
    const latest = (await get('/api/public/provinces/19')).json();
    expect(latest.year).toBe(Math.max(...latest.years));
    const demo = (await get('/api/public/provinces/19?year=2026')).json();
    expect(demo.round.year).toBe(2026);
    expect(demo.recognized.map((r: { communeCode: string }) => r.communeCode)).toEqual(['05851']);
    expect(demo.recognized[0].decision.number).not.toBe('77/QĐ-UBND');
    expect(demo.postings.map((p: { entryId: number }) => p.entryId)).not.toContain(posted);
    const none = (await get('/api/public/provinces/01')).json();
    expect(none).toMatchObject({ year: null, round: null, recognized: [], postings: [], surveys: [] });
  });

  it('refuses an unknown province and bad input with messages naming them', async () => {
    const missing = await get('/api/public/provinces/99');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toContain('99');
    expect((await get('/api/public/provinces/abc')).statusCode).toBe(400);
    const badYear = await get('/api/public/provinces/19?year=1800');
    expect(badYear.statusCode).toBe(400);
    expect(JSON.stringify(badYear.json().error)).toContain('year');
  });
});
