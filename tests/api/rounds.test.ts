// A whole round through the API, and every refused transition leaving the dossier as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let provinceId: number;
let roundId: number;
let tanCuong: number;
let laBang: number;

const as = (user: string) => ({ cookie: cookies[user]! });
const call = (user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: as(user), payload });
const entry = async (unitId: number, user = 'admin') =>
  (await call(user, 'GET', `/api/rounds/${roundId}/entries/${unitId}`)).json();
const act = (user: string, unitId: number, action: string, comment?: string) =>
  call(user, 'POST', `/api/rounds/${roundId}/entries/${unitId}/transitions`, { action, comment });
const council = {
  members: [
    { name: 'Nguyễn Văn A', position: 'Chủ tịch UBND xã', role: 'Chủ tịch Hội đồng' },
    { name: 'Trần Thị B', position: 'Công chức VH-XH', role: 'Thư ký' },
    { name: 'Lê Văn C', position: 'Trưởng Công an xã', role: 'Thành viên' },
  ],
  meetingOn: '2026-10-20',
  meetingPlace: 'Hội trường UBND xã',
  meetingSummary: 'Hội đồng rà soát 13 tiêu chí và thống nhất kết quả tự đánh giá.',
};
/** Ends the public posting (the test cannot wait 7 days). */
const endPosting = (unitId: number) =>
  t.database.db
    .updateTable('round_entry')
    .set({ posting_from: '2026-10-21', posting_to: '2026-10-28' })
    .where('round_id', '=', roundId)
    .where('unit_id', '=', unitId)
    .execute();
const unitId = async (code: string) => await communeId(t.database.db, code);
const snapshot = async (unit: number) => {
  const e = await entry(unit);
  return {
    state: e.entry.state,
    submissions: e.entry.submissions,
    reviews: e.reviews,
    transitions: e.transitions.length,
  };
};

beforeAll(async () => {
  t = await startTestApp();
  for (const u of [
    'admin',
    'tinh.thainguyen',
    'thamdinh.thainguyen',
    'yte.thainguyen',
    'giaoduc.thainguyen',
    'chutich.thainguyen',
    'xa.tancuong',
    'xa.labang',
  ])
    cookies[u] = await login(t.app, u);
  provinceId = (
    await t.database.db
      .selectFrom('unit')
      .select('id')
      .where('level', '=', 'province')
      .where('code', '=', '19')
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;
  tanCuong = await unitId('05503');
  laBang = await unitId('05818');
  // The demo comes with its own 2026 round at several steps; this file walks one from the start.
  const db = t.database.db;
  await db.updateTable('round_entry').set({ decision_id: null }).execute();
  await db.deleteFrom('recognition_decision').execute();
  await db.deleteFrom('round').execute();
  await db.deleteFrom('registration').execute();
  const res = await call('tinh.thainguyen', 'POST', '/api/rounds', {
    provinceId,
    year: 2026,
    appraisingBody: 'Sở Y tế tỉnh Thái Nguyên',
    signerTitle: 'CHỦ TỊCH',
    signerName: 'Nguyễn Văn Quang',
    postingDays: 7,
  });
  expect(res.statusCode, res.body).toBe(200);
  roundId = res.json().id;
});
afterAll(() => t?.close());

describe('a round, end to end', () => {
  it('refuses a second round for the same province and year, and dates out of order', async () => {
    const dup = await call('tinh.thainguyen', 'POST', '/api/rounds', {
      provinceId,
      year: 2026,
      appraisingBody: 'x',
      signerTitle: 'y',
    });
    expect(dup.statusCode).toBe(409);
    const order = await call('tinh.thainguyen', 'POST', '/api/rounds', {
      provinceId,
      year: 2027,
      appraisingBody: 'x',
      signerTitle: 'y',
      dossierDue: '2027-12-01',
    });
    expect(order.statusCode).toBe(400);
    expect(order.json().error.message).toContain('01/12/2027');
    expect(
      (
        await call('xa.tancuong', 'POST', '/api/rounds', {
          provinceId,
          year: 2027,
          appraisingBody: 'x',
          signerTitle: 'y',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('opens with the default calendar and lets a commune register', async () => {
    const round = (await call('xa.tancuong', 'GET', `/api/rounds/${roundId}`)).json();
    expect(round.round).toMatchObject({
      dossierDue: '2026-11-15',
      appraisalDue: '2026-11-25',
      decisionDue: '2026-11-30',
      reportDue: '2026-12-05',
      appraisingBody: 'Sở Y tế tỉnh Thái Nguyên',
    });
    expect(round.entries).toHaveLength(1); // a commune officer sees only their commune
    const reg = await call('xa.tancuong', 'POST', `/api/units/${tanCuong}/registrations`, {
      termStart: 2026,
      documentRef: 'Văn bản đăng ký số 15/UBND ngày 10/02/2026',
    });
    expect(reg.statusCode, reg.body).toBe(200);
    expect(
      (await call('xa.tancuong', 'POST', `/api/units/${tanCuong}/registrations`, { termStart: 2026, documentRef: 'x' }))
        .statusCode,
    ).toBe(409);
    const all = (await call('tinh.thainguyen', 'GET', `/api/rounds/${roundId}`)).json();
    expect(all.entries.find((e: { unitId: number }) => e.unitId === tanCuong).registered).toBe(true);
    expect(all.entries.find((e: { unitId: number }) => e.unitId === laBang).registered).toBe(false);
  });

  it('self-assesses, posts, submits, and freezes the inputs', async () => {
    expect((await act('xa.tancuong', tanCuong, 'self_assess')).statusCode).toBe(409); // no council yet
    expect(
      (await call('xa.tancuong', 'PUT', `/api/rounds/${roundId}/entries/${tanCuong}/council`, council)).statusCode,
    ).toBe(200);
    expect((await act('xa.tancuong', tanCuong, 'self_assess')).json().entry.state).toBe('self_assessed');
    const posted = (await act('xa.tancuong', tanCuong, 'publish')).json();
    expect(posted.entry.state).toBe('posted');
    expect(posted.entry.postingFrom).toBeTruthy();
    const early = await act('xa.tancuong', tanCuong, 'submit');
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('công khai');
    await endPosting(tanCuong);
    const submitted = (await act('xa.tancuong', tanCuong, 'submit')).json();
    expect(submitted.entry).toMatchObject({ state: 'submitted', submissions: 1 });

    const period = (
      await t.database.db.selectFrom('round').select('period_id').where('id', '=', roundId).executeTakeFirstOrThrow()
    ).period_id;
    const frozen = await call('xa.tancuong', 'PUT', `/api/units/${tanCuong}/assessments/${period}/values`, {
      values: { 'C12.events': 1 },
    });
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().error.issues[0].field).toBe('C12.events');
    const view = (await call('xa.tancuong', 'GET', `/api/units/${tanCuong}/assessments/${period}`)).json();
    expect(view.readOnly).toBe(true);
  });

  it('lets the health department return C07 with a reason, and only C07’s inputs reopen', async () => {
    const noReason = await call(
      'yte.thainguyen',
      'PUT',
      `/api/round-entries/${(await entry(tanCuong)).entry.id}/reviews/C07.immunized`,
      { decision: 'returned', reason: '  ' },
    );
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.issues[0].field).toBe('reason');
    const e = (await entry(tanCuong)).entry.id;
    expect(
      (await call('yte.thainguyen', 'PUT', `/api/round-entries/${e}/reviews/C10.attending`, { decision: 'accepted' }))
        .statusCode,
    ).toBe(403); // education's item
    const returned = await call('yte.thainguyen', 'PUT', `/api/round-entries/${e}/reviews/C07.immunized`, {
      decision: 'returned',
      reason: 'Số trẻ tiêm chủng đầy đủ chưa khớp sổ tiêm chủng của Trạm Y tế',
    });
    expect(returned.statusCode, returned.body).toBe(200);
    // The return waits on the dossier until the appraiser sends the gathered returns.
    expect(returned.json().entry.state).toBe('submitted');
    await call('giaoduc.thainguyen', 'PUT', `/api/round-entries/${e}/reviews/C10.attending`, { decision: 'accepted' });
    const sent = await call('thamdinh.thainguyen', 'POST', `/api/round-entries/${e}/returns`);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().entry.state).toBe('returned');
    expect((await entry(tanCuong, 'xa.tancuong')).reopenedInputs.sort()).toEqual(['C07.immunized', 'pop.under1']);

    const period = (
      await t.database.db.selectFrom('round').select('period_id').where('id', '=', roundId).executeTakeFirstOrThrow()
    ).period_id;
    const other = await call('xa.tancuong', 'PUT', `/api/units/${tanCuong}/assessments/${period}/values`, {
      values: { 'C12.events': 1 },
    });
    expect(other.statusCode).toBe(409);
    const fix = await call('xa.tancuong', 'PUT', `/api/units/${tanCuong}/assessments/${period}/values`, {
      values: { 'C07.immunized': 140 },
      notes: { 'C07.immunized': 'Đối chiếu lại sổ tiêm chủng' },
    });
    expect(fix.statusCode, fix.body).toBe(200);
  });

  it('shows the appraiser exactly what changed on resubmission, keeping untouched acceptances', async () => {
    const resubmitted = (await act('xa.tancuong', tanCuong, 'resubmit')).json();
    expect(resubmitted.entry).toMatchObject({ state: 'submitted', submissions: 2 });
    const seen = await entry(tanCuong, 'thamdinh.thainguyen');
    expect(seen.changes).toEqual([{ code: 'C07.immunized', before: 144, after: 140 }]);
    expect(seen.reviews).toEqual([expect.objectContaining({ itemCode: 'C10.attending', decision: 'accepted' })]);
    expect(seen.submissions.map((s: { number: number }) => s.number)).toEqual([1, 2]);
  });

  it('refuses to appraise until every item is accepted, then appraises', async () => {
    const e = (await entry(tanCuong)).entry.id;
    const early = await act('thamdinh.thainguyen', tanCuong, 'appraise');
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/chưa được chấp nhận/);
    const items = (await entry(tanCuong)).items as Array<{ code: string }>;
    for (const item of items)
      await call('thamdinh.thainguyen', 'PUT', `/api/round-entries/${e}/reviews/${item.code}`, {
        decision: 'accepted',
      });
    expect((await act('thamdinh.thainguyen', tanCuong, 'appraise')).json().entry.state).toBe('appraised');
  });

  it('recognises by decision, and refuses a commune that fails the rule', async () => {
    const e = (await entry(tanCuong)).entry.id;
    expect(
      (
        await call('thamdinh.thainguyen', 'POST', `/api/rounds/${roundId}/decisions`, {
          number: '1/QĐ-UBND',
          signedOn: '2026-11-20',
          signerName: 'X',
          entryIds: [e],
        })
      ).statusCode,
    ).toBe(403);
    const res = await call('chutich.thainguyen', 'POST', `/api/rounds/${roundId}/decisions`, {
      number: '2150/QĐ-UBND',
      signedOn: '2026-11-20',
      signerName: 'Nguyễn Văn Quang',
      entryIds: [e],
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await entry(tanCuong);
    expect(after.entry).toMatchObject({
      state: 'recognized',
      decision: { number: '2150/QĐ-UBND', signedOn: '2026-11-20' },
    });
    expect(after.transitions.map((x: { action: string }) => x.action)).toEqual([
      'recognize',
      'appraise',
      'resubmit',
      'return_item',
      'submit',
      'publish',
      'self_assess',
    ]);
    const notes = (await call('xa.tancuong', 'GET', '/api/notifications'))
      .json()
      .items.map((n: { kind: string }) => n.kind);
    expect(notes).toEqual(expect.arrayContaining(['return_item', 'recognize']));
  });

  it('keeps the appraiser’s corrected score beside the commune’s, and the decision rests on it', async () => {
    // La Bằng: a child drowned (C05 = 0), so it fails whatever its total.
    const period = (
      await t.database.db.selectFrom('round').select('period_id').where('id', '=', roundId).executeTakeFirstOrThrow()
    ).period_id;
    await call('xa.labang', 'PUT', `/api/rounds/${roundId}/entries/${laBang}/council`, council);
    for (const a of ['self_assess', 'publish']) expect((await act('xa.labang', laBang, a)).statusCode).toBe(200);
    await endPosting(laBang);
    expect((await act('xa.labang', laBang, 'submit')).statusCode).toBe(200);
    const e = (await entry(laBang)).entry.id;
    const corrected = await call('thamdinh.thainguyen', 'PUT', `/api/round-entries/${e}/appraiser-values`, {
      values: { 'C12.events': 1 },
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const view = corrected.json();
    expect(view.appraiser.result.total).toBeLessThan(view.lastSubmission.result.total);
    for (const item of view.items as Array<{ code: string }>)
      await call('thamdinh.thainguyen', 'PUT', `/api/round-entries/${e}/reviews/${item.code}`, {
        decision: 'accepted',
      });
    expect((await act('thamdinh.thainguyen', laBang, 'appraise')).statusCode).toBe(200);
    const refused = await call('chutich.thainguyen', 'POST', `/api/rounds/${roundId}/decisions`, {
      number: '2151/QĐ-UBND',
      signedOn: '2026-11-20',
      signerName: 'Nguyễn Văn Quang',
      entryIds: [e],
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('Xã La Bằng');
    expect((await entry(laBang)).entry.state).toBe('appraised');
    expect(
      await t.database.db
        .selectFrom('recognition_decision')
        .select('id')
        .where('number', '=', '2151/QĐ-UBND')
        .executeTakeFirst(),
    ).toBeUndefined();
    const rejected = await act(
      'chutich.thainguyen',
      laBang,
      'reject',
      'Có trẻ em tử vong do đuối nước (tiêu chí 5 đạt 0 điểm)',
    );
    expect(rejected.json().entry.state).toBe('not_recognized');
    expect(period).toBeGreaterThan(0);
  });
});

describe('refused transitions leave the dossier exactly as it was', () => {
  it.each([
    ['xa.tancuong', 'submit', undefined, 409], // recognised already
    ['xa.tancuong', 'self_assess', undefined, 409],
    ['thamdinh.thainguyen', 'appraise', undefined, 409],
    ['xa.tancuong', 'revoke', 'x', 403], // only the signer revokes
    ['chutich.thainguyen', 'revoke', '', 400], // a revocation needs a reason
    ['chutich.thainguyen', 'fly', undefined, 400],
    ['xa.labang', 'resubmit', undefined, 403], // another commune
  ] as const)('%s → %s is refused (%i)', async (user, action, comment, status) => {
    const before = await snapshot(tanCuong);
    const res = await act(user, tanCuong, action, comment);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.message.length).toBeGreaterThan(5);
    expect(await snapshot(tanCuong)).toEqual(before);
  });

  it('a second submission racing the first gets one submission and one 409', async () => {
    const quanChu = await unitId('05851');
    const c = await login(t.app, 'xa.quanchu');
    const put = (url: string, payload: object) => t.app.inject({ method: 'PUT', url, headers: { cookie: c }, payload });
    const post = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/rounds/${roundId}/entries/${quanChu}/transitions`,
        headers: { cookie: c },
        payload,
      });
    await put(`/api/rounds/${roundId}/entries/${quanChu}/council`, council);
    await post({ action: 'self_assess' });
    await post({ action: 'publish' });
    await endPosting(quanChu);
    const [a, b] = await Promise.all([post({ action: 'submit' }), post({ action: 'submit' })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const subs = await t.database.db
      .selectFrom('round_submission as s')
      .innerJoin('round_entry as e', 'e.id', 's.entry_id')
      .select('s.number')
      .where('e.unit_id', '=', quanChu)
      .execute();
    expect(subs).toHaveLength(1);
  });

  it('revokes a recognition with a reason, audited', async () => {
    const res = await act('chutich.thainguyen', tanCuong, 'revoke', 'Phúc tra phát hiện số liệu tiêm chủng không đúng');
    expect(res.json().entry.state).toBe('revoked');
    const log = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity', '=', 'round_entry')
      .where('action', '=', 'revoke')
      .execute();
    expect(log).toHaveLength(1);
  });

  it('tells each side what is due: the commune its dossier, the appraisers their reviews, the signer the decision', async () => {
    const commune = (await call('xa.labang', 'GET', '/api/deadlines')).json();
    expect(commune.items).toEqual([]); // La Bằng's dossier is decided (not recognised)
    const quanChu = await login(t.app, 'xa.quanchu');
    const qc = (await t.app.inject({ method: 'GET', url: '/api/deadlines', headers: { cookie: quanChu } })).json();
    expect(qc.items).toEqual([]); // submitted: now waiting on the appraisers
    const appraiser = (await call('thamdinh.thainguyen', 'GET', '/api/deadlines')).json();
    expect(appraiser.items).toEqual([
      expect.objectContaining({
        kind: 'appraisalDue',
        due: '2026-11-25',
        units: [expect.objectContaining({ name: 'Xã Quân Chu', state: 'submitted' })],
      }),
    ]);
    expect(['overdue', 'soon', 'later']).toContain(appraiser.items[0].status);
    const education = (await call('giaoduc.thainguyen', 'GET', '/api/deadlines')).json();
    expect(education.items).toHaveLength(1);
    expect((await call('chutich.thainguyen', 'GET', '/api/deadlines')).json().items).toEqual([]);
  });

  it('exports the round’s dates as a calendar', async () => {
    const res = await call('xa.tancuong', 'GET', `/api/rounds/${roundId}/calendar.ics`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    expect(res.body).toContain('DTSTART;VALUE=DATE:20261115');
    expect(res.body).toContain('BEGIN:VEVENT');
  });
});
