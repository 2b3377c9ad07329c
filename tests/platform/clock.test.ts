// The clock bug of issue 15: a server on UTC at 06:30 in Vietnam (23:30 UTC the day before) must take a date
// that is today in Vietnam as today — not "in the future" — and stamp a posting window with Vietnam's day.
// Through the API, with the product's clock set; the machine's own zone is UTC for the whole file.
process.env.TZ = 'UTC';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock, todayInVietnam } from '../../src/server/platform/clock.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { communeId } from '../support/db.ts';

// 2026-12-02 06:30 in Vietnam (UTC+7) is 2026-12-01 23:30 UTC.
const AT = new Date('2026-12-01T23:30:00Z');
const VIETNAM_DAY = '2026-12-02';
const UTC_DAY = '2026-12-01';

let t: TestApp;
let daiTu: number;
let cookie: string;
const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie, 'accept-language': 'vi' }, payload });

beforeAll(async () => {
  setClock(AT);
  t = await startTestApp();
  const db = t.database.db;
  daiTu = await communeId(db, '05830');
  cookie = await login(t.app, 'xa.daitu');
}, 120_000);
afterAll(async () => {
  setClock(null);
  await t?.close();
});

describe('06:30 in Vietnam on a UTC server', () => {
  it('is the day before by the machine, today by the product’s clock', () => {
    expect(new Date().getTimezoneOffset()).toBe(0);
    expect(AT.toISOString().slice(0, 10)).toBe(UTC_DAY);
    expect(todayInVietnam()).toBe(VIETNAM_DAY);
  });

  it('registers a child born and registered today', async () => {
    const res = await call('POST', `/api/communes/${daiTu}/register/children`, {
      code: 'TE-CLOCK-1',
      villageName: 'Thôn Đồng Hồ',
      householdCode: 'HO-CLOCK',
      householdHead: 'Nguyễn Văn Sớm',
      fullName: 'Nguyễn Thị Sáng',
      birthDate: VIETNAM_DAY,
      sex: 'female',
      birthRegisteredOn: VIETNAM_DAY,
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('records a plan task’s progress noted today', async () => {
    const task = await t.database.db
      .selectFrom('plan_task as pt')
      .innerJoin('plan as p', 'p.id', 'pt.plan_id')
      .select('pt.id')
      .where('p.unit_id', '=', daiTu)
      .where('pt.status', '!=', 'done')
      .orderBy('pt.id')
      .executeTakeFirstOrThrow();
    const res = await call('POST', `/api/units/${daiTu}/tasks/${task.id}/progress`, {
      notedOn: VIETNAM_DAY,
      progress: 20,
      note: 'Bắt đầu',
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
  });

  it('records a children’s forum held today', async () => {
    const res = await call('POST', `/api/communes/${daiTu}/forums`, {
      kind: 'forum',
      level: 'commune',
      heldOn: VIETNAM_DAY,
      title: 'Diễn đàn trẻ em sáng sớm',
      boysUnder11: 1,
      girlsUnder11: 1,
      boys11to15: 1,
      girls11to15: 1,
      boys16to17: 1,
      girls16to17: 1,
      recommendations: [],
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
  });

  it('takes a council that met today and opens the posting window on Vietnam’s day', async () => {
    const db = t.database.db;
    const period = await db.selectFrom('period').select('id').where('year', '=', 2026).executeTakeFirstOrThrow();
    const round = await db
      .selectFrom('round')
      .select(['id', 'posting_days'])
      .where('period_id', '=', period.id)
      .executeTakeFirstOrThrow();
    const council = await call('PUT', `/api/rounds/${round.id}/entries/${daiTu}/council`, {
      members: [
        { name: 'Nguyễn Văn Bình', position: 'Chủ tịch UBND xã', role: 'Chủ tịch Hội đồng' },
        { name: 'Lê Thị Thu', position: 'Công chức Văn hóa - Xã hội', role: 'Thư ký' },
        { name: 'Hoàng Văn Đức', position: 'Trưởng Công an xã', role: 'Thành viên' },
      ],
      meetingOn: VIETNAM_DAY,
      meetingPlace: 'Hội trường UBND xã Đại Từ',
      meetingSummary: 'Hội đồng họp lúc sáng sớm.',
    });
    expect(council.statusCode, council.body).toBe(200);
    for (const action of ['self_assess', 'publish']) {
      const res = await call('POST', `/api/rounds/${round.id}/entries/${daiTu}/transitions`, { action });
      expect(res.statusCode, res.body).toBe(200);
    }
    const entry = await db
      .selectFrom('round_entry')
      .select(['posting_from', 'posting_to'])
      .where('round_id', '=', round.id)
      .where('unit_id', '=', daiTu)
      .executeTakeFirstOrThrow();
    expect(entry.posting_from).toBe(VIETNAM_DAY);
    const last = new Date(`${VIETNAM_DAY}T00:00:00Z`);
    last.setUTCDate(last.getUTCDate() + round.posting_days - 1);
    expect(entry.posting_to).toBe(last.toISOString().slice(0, 10));
  });
});
