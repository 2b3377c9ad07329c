// Every download names its file the same way (src/server/http/attachment.ts, RFC 6266): an ASCII fallback
// filename= and the real name in filename*=UTF-8''…, whatever the route.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asciiFileName, contentDisposition } from '../../src/server/http/attachment.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';

/** The two names of a Content-Disposition header, as a browser reads them. */
function names(header: string) {
  const m = /^attachment; filename="([^"\\]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+\-.^_`|~%]+)$/.exec(header);
  if (!m) throw new Error(`not an RFC 6266 attachment with both names: ${header}`);
  return { ascii: m[1]!, name: decodeURIComponent(m[2]!) };
}

describe('contentDisposition', () => {
  it('gives a Vietnamese name both as ASCII and as UTF-8', () => {
    const header = contentDisposition('Quyết định công nhận — Xã Đồng Hỷ (2026).docx');
    expect(header).toBe(
      `attachment; filename="Quyet dinh cong nhan _ Xa Dong Hy _2026_.docx"; filename*=UTF-8''` +
        'Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20c%C3%B4ng%20nh%E1%BA%ADn%20%E2%80%94%20X%C3%A3%20%C4%90%E1%BB%93ng%20H%E1%BB%B7%20%282026%29.docx',
    );
    expect(names(header)).toEqual({
      ascii: 'Quyet dinh cong nhan _ Xa Dong Hy _2026_.docx',
      name: 'Quyết định công nhận — Xã Đồng Hỷ (2026).docx',
    });
  });

  it('keeps quotes, folders and control characters out, and composes decomposed marks', () => {
    const header = contentDisposition('..\\a/"b\u0000c\'*!.csv');
    expect(names(header)).toEqual({ ascii: '_bc___.csv', name: '"bc\'*!.csv' });
    expect(names(contentDisposition('Xa\u0303.pdf')).name).toBe('Xã.pdf');
    expect(asciiFileName('...')).toBe('file');
    expect(contentDisposition('a.pdf', 'inline')).toMatch(/^inline; filename="a\.pdf"; /);
  });
});

describe('the downloads of every feature', () => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  const ids = { round: 0, period: 0, commune: 0, province: 0 };

  beforeAll(async () => {
    t = await startTestApp();
    for (const u of ['tinh.thainguyen', 'xa.tancuong']) cookies[u] = await login(t.app, u);
    const db = t.database.db;
    const round = await db
      .selectFrom('round')
      .innerJoin('unit', 'unit.id', 'round.province_id')
      .select(['round.id', 'round.period_id', 'round.province_id'])
      .where('unit.code', '=', '19')
      .executeTakeFirstOrThrow();
    const commune = await db
      .selectFrom('unit')
      .select('id')
      .where('code', '=', '05503')
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow();
    Object.assign(ids, { round: round.id, period: round.period_id, province: round.province_id, commune: commune.id });
  });
  afterAll(() => t?.close());

  const routes: [string, string, () => string][] = [
    ['units CSV', 'tinh.thainguyen', () => '/api/units/categories/template.csv'],
    ['register template', 'xa.tancuong', () => '/api/register/template.xlsx'],
    ['register export', 'xa.tancuong', () => `/api/communes/${ids.commune}/register/export.xlsx`],
    ['inputs workbook', 'xa.tancuong', () => `/api/units/${ids.commune}/assessments/${ids.period}/inputs.xlsx`],
    ['dashboard workbook', 'tinh.thainguyen', () => `/api/dashboards/provinces/${ids.province}/dashboard.xlsx`],
    ['round calendar', 'xa.tancuong', () => `/api/rounds/${ids.round}/calendar.ics`],
    ['survey results', 'xa.tancuong', () => `/api/communes/${ids.commune}/surveys/results.xlsx?periodId=${ids.period}`],
    ['privacy export', 'xa.tancuong', () => '/api/privacy/me/export'],
  ];

  it.each(routes)('%s names its file with filename= and filename*=', async (_what, user, url) => {
    const res = await t.app.inject({ method: 'GET', url: url(), headers: { cookie: cookies[user]! } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const header = String(res.headers['content-disposition']);
    const { ascii, name } = names(header);
    expect(ascii).toBe(asciiFileName(name));
    expect(name).toMatch(/\.(csv|xlsx|ics|json)$/);
  });
});
