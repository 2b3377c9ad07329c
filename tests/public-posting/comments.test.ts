import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { commentsForDossier, sourceHash } from '../../src/server/features/public-posting/store.ts';
import { addDays, createEntry, TEST_YEAR, today } from './fixtures.ts';

let t: TestApp;
let officer: string; // xa.tancuong
let other: string; // xa.labang
let province: string;
let open: number; // Tân Cương: posted, posting running
let closed: number; // La Bằng: posted, posting over
let submitted: number; // Đại Từ: submitted (still readable, comments closed)
let recognized: number; // Quân Chu: recognised by a decision
let draft: number; // Vạn Phú: not public yet

const TAN_CUONG = '05503';

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  [officer, other, province] = (await Promise.all(
    ['xa.tancuong', 'xa.labang', 'tinh.thainguyen'].map((u) => login(t.app, u)),
  )) as [string, string, string];
  const d = today();
  open = (
    await createEntry(db, {
      communeCode: TAN_CUONG,
      state: 'posted',
      postingFrom: addDays(d, -2),
      postingTo: addDays(d, 5),
    })
  ).entryId;
  closed = (
    await createEntry(db, {
      communeCode: '05818',
      state: 'posted',
      postingFrom: addDays(d, -20),
      postingTo: addDays(d, -10),
    })
  ).entryId;
  submitted = (
    await createEntry(db, {
      communeCode: '05830',
      state: 'submitted',
      postingFrom: addDays(d, -30),
      postingTo: addDays(d, -23),
    })
  ).entryId;
  const q = await createEntry(db, {
    communeCode: '05851',
    state: 'appraised',
    postingFrom: '2026-03-01',
    postingTo: '2026-03-07',
  });
  recognized = q.entryId;
  draft = (await createEntry(db, { communeCode: '05845', state: 'draft' })).entryId;
  // Quân Chu: submitted once (score frozen), then recognised by a decision of the round.
  const a = await db
    .selectFrom('assessment')
    .select('result')
    .where('id', '=', q.assessmentId)
    .executeTakeFirstOrThrow();
  const frozen = { ...(a.result as Record<string, unknown>), total: 987 };
  await db
    .insertInto('round_submission')
    .values({ entry_id: recognized, number: 1, values: '{}', result: JSON.stringify(frozen) })
    .execute();
  const decision = await db
    .insertInto('recognition_decision')
    .values({
      round_id: q.roundId,
      number: '1234/QĐ-UBND',
      signed_on: '2026-12-10',
      signer_name: 'Nguyễn Văn A',
      signer_title: 'Chủ tịch UBND tỉnh',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('round_entry')
    .set({ state: 'recognized', decision_id: decision.id })
    .where('id', '=', recognized)
    .execute();
});
afterAll(() => t?.close());

const comment = (code: string, entryId: number, body: unknown, remoteAddress: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/public/communes/${code}/comments`,
    payload: { entryId, body },
    remoteAddress,
  });
const page = async (code: string) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/public/communes/${code}` });
  expect(res.statusCode).toBe(200);
  return res;
};
/** This test's entry on a commune's page (the demo may show entries of its own round too). */
const entryOn = async (code: string, entryId: number) =>
  ((await page(code)).json().entries as Array<{ entryId: number } & Record<string, any>>).find(
    (e) => e.entryId === entryId,
  );
const stored = async (entryId: number) =>
  Number(
    (
      await t.database.db
        .selectFrom('public_comment')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('entry_id', '=', entryId)
        .executeTakeFirstOrThrow()
    ).n,
  );
const moderate = (cookie: string | undefined, entryId: number, commentId: number, payload: object) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/round-entries/${entryId}/comments/${commentId}`,
    headers: cookie ? { cookie } : {},
    payload,
  });

describe('the public page', () => {
  it('shows the posted self-assessment without logging in, with its score and open comments', async () => {
    const body = (await page(TAN_CUONG)).json();
    expect(body.commune).toMatchObject({
      code: TAN_CUONG,
      name: 'Xã Tân Cương',
      provinceName: expect.stringContaining('Thái Nguyên'),
    });
    const entry = body.entries.find((e: { entryId: number }) => e.entryId === open);
    expect(entry).toMatchObject({
      entryId: open,
      state: 'posted',
      round: { year: TEST_YEAR },
      posting: { commentsOpen: true },
      recognition: null,
      comments: [],
    });
    expect(entry.score.source).toBe('self_assessment');
    expect(entry.score.total).toBeGreaterThan(900);
    expect(entry.score.threshold).toBeGreaterThan(0);
    expect(typeof entry.score.recognized).toBe('boolean');
    expect(typeof entry.score.provisional).toBe('boolean');
    expect(entry.score.criteria).toHaveLength(13);
    expect(entry.score.criteria[0]).toMatchObject({
      code: 'C01',
      max: expect.any(Number),
      points: expect.any(Number),
      title: { vi: expect.any(String), en: expect.any(String) },
    });
  });

  it('keeps later states readable with comments closed, and hides entries not yet posted', async () => {
    expect(await entryOn('05818', closed)).toMatchObject({ posting: { commentsOpen: false } });
    expect(await entryOn('05830', submitted)).toMatchObject({ state: 'submitted', posting: { commentsOpen: false } });
    expect(await entryOn('05845', draft)).toBeUndefined();
    expect((await t.app.inject({ method: 'GET', url: '/api/public/communes/99999' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/public/communes/abc' })).statusCode).toBe(400);
  });

  it('says when a commune is recognised, with the decision, and scores from the latest submission', async () => {
    const res = await page('05851');
    const entry = res.json().entries.find((e: { entryId: number }) => e.entryId === recognized);
    expect(entry).toMatchObject({
      state: 'recognized',
      recognition: { decisionNumber: '1234/QĐ-UBND', signedOn: '2026-12-10' },
    });
    expect(entry.score).toMatchObject({ source: 'submission', total: 987 });
    expect(res.body).not.toContain('Nguyễn Văn A'); // not even the signer's name
  });

  it('lists recognised communes, filtered by province and year, cacheably', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/public/recognized?provinceCode=19&year=${TEST_YEAR}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('public');
    expect(res.json().items).toEqual([
      expect.objectContaining({
        communeCode: '05851',
        year: TEST_YEAR,
        decisionNumber: '1234/QĐ-UBND',
        decisionSignedOn: '2026-12-10',
        total: 987,
      }),
    ]);
    expect((await t.app.inject({ method: 'GET', url: '/api/public/recognized?year=2019' })).json().items).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: '/api/public/recognized?provinceCode=01' })).json().items).toEqual(
      [],
    );
  });
});

describe('leaving a comment', () => {
  it('takes a comment without an account while the posting is open, as pending and without the address', async () => {
    const res = await comment(
      TAN_CUONG,
      open,
      '  Đề nghị xã làm rõ số liệu tiêm chủng năm 2026 ở 12 thôn.  ',
      '198.51.100.1',
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ entryId: open, status: 'pending' });
    const row = await t.database.db
      .selectFrom('public_comment')
      .selectAll()
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    expect(row.body).toBe('Đề nghị xã làm rõ số liệu tiêm chủng năm 2026 ở 12 thôn.');
    expect(row.source_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.source_hash).toBe(sourceHash('198.51.100.1'));
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'public_comment')
      .where('entity_id', '=', String(row.id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.ip).toBeNull();
    expect(JSON.stringify(audit)).not.toContain('198.51.100.1');
  });

  it('refuses comments once the posting is over, on later states, and on entries not public', async () => {
    const before = await stored(closed);
    const res = await comment('05818', closed, 'Một ý kiến muộn.', '198.51.100.2');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('niêm yết');
    expect(await stored(closed)).toBe(before);
    expect((await comment('05830', submitted, 'Ý kiến sau khi đã gửi hồ sơ.', '198.51.100.2')).statusCode).toBe(409);
    expect((await comment('05845', draft, 'Ý kiến về bản nháp.', '198.51.100.2')).statusCode).toBe(404);
    // An entry of another commune under this commune's code.
    expect((await comment(TAN_CUONG, closed, 'Sai xã.', '198.51.100.2')).statusCode).toBe(404);
  });

  it('refuses an empty or oversized body, naming the field and the length', async () => {
    const before = await stored(open);
    const empty = await comment(TAN_CUONG, open, '   \n ', '198.51.100.3');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('“body”');
    expect(empty.json().error.message).toContain('dài 0 ký tự');
    expect(empty.json().error.issues[0]).toMatchObject({
      field: 'body',
      value: '',
      message: empty.json().error.message,
    });
    const long = await comment(TAN_CUONG, open, 'a'.repeat(2001), '198.51.100.3');
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toMatch(/“body”.*2\.001 ký tự.*1 đến 2\.000/);
    expect(long.json().error.issues[0].field).toBe('body');
    const english = await t.app.inject({
      method: 'POST',
      url: `/api/public/communes/${TAN_CUONG}/comments`,
      payload: { entryId: open, body: '' },
      headers: { 'accept-language': 'en' },
      remoteAddress: '198.51.100.3',
    });
    expect(english.json().error.message).toContain('0 characters');
    expect(english.json().error.issues[0].message).toContain('0 characters');
    const missing = await t.app.inject({
      method: 'POST',
      url: `/api/public/communes/${TAN_CUONG}/comments`,
      payload: { entryId: open },
      remoteAddress: '198.51.100.3',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.issues[0].field).toBe('body');
    expect(await stored(open)).toBe(before);
    // 2000 characters after trimming is fine.
    expect((await comment(TAN_CUONG, open, ` ${'á'.repeat(2000)} `, '198.51.100.3')).statusCode).toBe(201);
  });

  it('refuses bodies with an e-mail address or a phone number, since the page is public', async () => {
    const before = await stored(open);
    for (const body of [
      'Liên hệ tôi: nguyen.van.b@gmail.com nhé',
      'Gọi 0912 345 678 để biết thêm',
      'SĐT 0912345678',
      'số +84 912.345.678',
      'mã 123456789',
    ]) {
      const res = await comment(TAN_CUONG, open, body, '198.51.100.4');
      expect(res.statusCode, body).toBe(400);
      expect(res.json().error.message).toContain('Không ghi thông tin cá nhân');
    }
    expect(await stored(open)).toBe(before);
    // Years, counts and amounts are not phone numbers.
    expect(
      (
        await comment(
          TAN_CUONG,
          open,
          'Năm 2025 2026 xã có 12 thôn, chi 1.500.000.000 đồng cho sân chơi.',
          '198.51.100.4',
        )
      ).statusCode,
    ).toBe(201);
  });

  it('answers a flood from one address with 429 and stores nothing beyond the hourly limit', async () => {
    const address = '203.0.113.7';
    const codes = [];
    for (let i = 0; i < 8; i++)
      codes.push((await comment(TAN_CUONG, open, `Ý kiến số ${i + 1} về tiêu chí 7.`, address)).statusCode);
    expect(codes).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    const last = await comment(TAN_CUONG, open, 'Thêm một ý kiến nữa.', address);
    expect(last.statusCode).toBe(429);
    expect(last.json().error.message).toContain('5 ý kiến trong một giờ');
    const count = await t.database.db
      .selectFrom('public_comment')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('source_hash', '=', sourceHash(address))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(5);
  });

  it('limits one address to 20 comments a day across all communes', async () => {
    const address = '203.0.113.8';
    const hash = sourceHash(address);
    // 19 comments spread over the last day (none in the last hour), on another commune's entry.
    await t.database.db
      .insertInto('public_comment')
      .values(
        Array.from({ length: 19 }, (_, i) => ({
          entry_id: closed,
          body: `Cũ ${i}`,
          source_hash: hash,
          created_at: sql<Date>`now() - make_interval(hours => ${2 + i})`,
        })),
      )
      .execute();
    expect((await comment(TAN_CUONG, open, 'Ý kiến thứ 20 trong ngày.', address)).statusCode).toBe(201);
    const res = await comment(TAN_CUONG, open, 'Ý kiến thứ 21 trong ngày.', address);
    expect(res.statusCode).toBe(429);
    expect(res.json().error.message).toContain('24 giờ');
  });

  it('stops a burst at the route rate limit before any work', async () => {
    const codes = [];
    for (let i = 0; i < 12; i++) codes.push((await comment(TAN_CUONG, open, '', '203.0.113.9')).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 400)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
  });
});

describe('moderation by the commune', () => {
  let ids: number[] = [];

  beforeAll(async () => {
    ids = [];
    for (const body of [
      'Sân chơi ở thôn 3 đã xuống cấp.',
      'Ý kiến không phù hợp.',
      'Đề nghị công khai danh sách thôn có điểm vui chơi.',
    ])
      ids.push((await comment(TAN_CUONG, open, body, '192.0.2.50')).json().id);
  });

  it('refuses another commune’s officer, the province, and anonymous callers', async () => {
    const id = ids[0]!;
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/round-entries/${open}/comments`, headers: { cookie: other } }))
        .statusCode,
    ).toBe(403);
    expect((await moderate(other, open, id, { status: 'published' })).statusCode).toBe(403);
    expect((await moderate(province, open, id, { status: 'published' })).statusCode).toBe(403);
    expect((await moderate(undefined, open, id, { status: 'published' })).statusCode).toBe(401);
    const row = await t.database.db
      .selectFrom('public_comment')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
  });

  it('lets the commune list all comments, publish, hide and answer them, each audited', async () => {
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/round-entries/${open}/comments`,
      headers: { cookie: officer },
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.every((c: { status: string }) => c.status === 'pending')).toBe(true);
    expect(JSON.stringify(list.json())).not.toContain('source_hash');
    const [first, second, third] = ids as [number, number, number];

    const published = await moderate(officer, open, first, { status: 'published' });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ id: first, status: 'published', answer: null });
    expect((await moderate(officer, open, second, { status: 'hidden' })).json().status).toBe('hidden');
    const answered = await moderate(officer, open, third, {
      answer: '  Xã sẽ niêm yết danh sách tại nhà văn hóa các thôn.  ',
    });
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({
      status: 'published',
      answer: 'Xã sẽ niêm yết danh sách tại nhà văn hóa các thôn.',
      answeredByName: expect.any(String),
    });
    expect(answered.json().answeredAt).toBeTruthy();

    expect((await moderate(officer, open, first, {})).statusCode).toBe(400);
    expect((await moderate(officer, open, first, { answer: ' ' })).statusCode).toBe(400);
    expect((await moderate(officer, closed, first, { status: 'hidden' })).statusCode).toBe(403); // La Bằng's entry
    expect((await moderate(officer, open, 999_999, { status: 'hidden' })).statusCode).toBe(404);

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('entity', '=', 'public_comment')
      .where('entity_id', 'in', ids.map(String))
      .where('action', '!=', 'comment')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['answer_comment', 'moderate_comment', 'moderate_comment']);
    // The province may read every comment (hidden ones too) to check the commune's moderation.
    const seen = await t.app.inject({
      method: 'GET',
      url: `/api/round-entries/${open}/comments`,
      headers: { cookie: province },
    });
    expect(seen.json().items.some((c: { status: string }) => c.status === 'hidden')).toBe(true);
  });

  it('shows only published comments and answers on the public page, and no personal data', async () => {
    const res = await page(TAN_CUONG);
    const comments = res.json().entries.find((e: { entryId: number }) => e.entryId === open).comments as Array<
      Record<string, unknown>
    >;
    expect(comments.map((c) => c.body)).toEqual([
      'Sân chơi ở thôn 3 đã xuống cấp.',
      'Đề nghị công khai danh sách thôn có điểm vui chơi.',
    ]);
    for (const c of comments) expect(Object.keys(c).sort()).toEqual(['answer', 'answeredAt', 'body', 'createdAt']);
    expect(comments[1]).toMatchObject({
      answer: 'Xã sẽ niêm yết danh sách tại nhà văn hóa các thôn.',
      answeredAt: expect.any(String),
    });
    const text = res.body;
    for (const secret of [
      '192.0.2.50',
      sourceHash('192.0.2.50'),
      'source_hash',
      'sourceHash',
      'Cán bộ Xã Tân Cương',
      'answeredBy',
      'Ý kiến không phù hợp',
      'Đề nghị xã làm rõ',
    ])
      expect(text).not.toContain(secret);
    // Nor the names of council members or signers the demo's own round records.
    for (const code of [TAN_CUONG, '05851']) {
      const other = (await page(code)).body;
      for (const name of ['Nguyễn Văn Bình', 'Lê Thị Thu', 'Nguyễn Văn Quang', 'council', 'meeting'])
        expect(other).not.toContain(name);
    }
  });

  it('gives the dossier the published comments with their answers', async () => {
    const dossier = await commentsForDossier(t.database.db, open);
    expect(dossier.map((c) => c.body)).toEqual([
      'Sân chơi ở thôn 3 đã xuống cấp.',
      'Đề nghị công khai danh sách thôn có điểm vui chơi.',
    ]);
    expect(dossier[1]).toMatchObject({
      status: 'published',
      answer: 'Xã sẽ niêm yết danh sách tại nhà văn hóa các thôn.',
    });
  });

  it('stops moderation once the dossier has left the commune', async () => {
    const id = (
      await t.database.db
        .insertInto('public_comment')
        .values({ entry_id: submitted, body: 'Cũ', source_hash: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const daiTu = await login(t.app, 'xa.daitu');
    const res = await moderate(daiTu, submitted, id, { status: 'published' });
    expect(res.statusCode).toBe(409);
  });
});
