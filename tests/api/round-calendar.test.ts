// The round's .ics as a calendar program reads it (ical.js): all-day dates, reminders, and a SEQUENCE that rises
// when a deadline moves, so Outlook and Google replace the event they imported instead of keeping the old date.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workingCalendar } from '../../src/core/calendar/working-days.ts';
import { daysBackToWorkingDay } from '../../src/server/features/rounds/calendar.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let roundId: number;

const get = (user: string, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[user]! } });
const calendarText = async () => {
  const res = await get('xa.tancuong', `/api/rounds/${roundId}/calendar.ics`);
  expect(res.statusCode, res.body).toBe(200);
  return res.body;
};
const events = (text: string) =>
  new ICAL.Component(ICAL.parse(text) as unknown[]).getAllSubcomponents('vevent').map((v) => ({
    uid: String(v.getFirstPropertyValue('uid')),
    start: v.getFirstPropertyValue('dtstart') as ICAL.Time,
    end: v.getFirstPropertyValue('dtend') as ICAL.Time,
    sequence: Number(v.getFirstPropertyValue('sequence')),
    lastModified: v.getFirstPropertyValue('last-modified') as ICAL.Time | null,
    stamp: v.getFirstPropertyValue('dtstamp') as ICAL.Time | null,
    summary: String(v.getFirstPropertyValue('summary')),
    alarms: v.getAllSubcomponents('valarm').map((a) => ({
      action: String(a.getFirstPropertyValue('action')),
      trigger: String(a.getFirstPropertyValue('trigger')),
      description: String(a.getFirstPropertyValue('description')),
    })),
  }));
const dossier = (text: string) => events(text).find((e) => e.uid.includes('dossierDue'))!;

beforeAll(async () => {
  t = await startTestApp();
  for (const u of ['tinh.thainguyen', 'xa.tancuong']) cookies[u] = await login(t.app, u);
  const rounds = (await get('xa.tancuong', '/api/rounds')).json();
  roundId = rounds.items[0].id;
  // Monday 16/11/2026: its third working day before is Wednesday 11/11, five days earlier.
  const res = await t.app.inject({
    method: 'PUT',
    url: `/api/rounds/${roundId}`,
    headers: { cookie: cookies['tinh.thainguyen']! },
    payload: {
      dossierDue: '2026-11-16',
      appraisalDue: '2026-11-25',
      decisionDue: '2026-11-30',
      reportDue: '2026-12-05',
    },
  });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(() => t?.close());

describe('the round calendar (.ics)', () => {
  it('is RFC 5545 text: CRLF lines of at most 75 octets, folded with a leading space, CRLF at the end', async () => {
    const text = await calendarText();
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.slice(0, -2).split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
    // The titles are long Vietnamese text, so some lines were folded, and unfolding gives the title back whole.
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    const unfolded = text.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toContain('SUMMARY:Hạn xã nộp hồ sơ — ');
    // No DURATION at all (P1DT was invalid); every duration-like value is well formed.
    expect(text).not.toMatch(/DURATION/);
    for (const m of unfolded.matchAll(/^TRIGGER:(.*)$/gm)) expect(m[1]).toMatch(/^-P(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$/);
    for (const m of unfolded.matchAll(/^TRIGGER:(.*)$/gm)) expect(m[1]).not.toMatch(/T$/);
  });

  it('has one all-day event per deadline (DATE values, ending the next day) with two Vietnamese reminders', async () => {
    const list = events(await calendarText());
    expect(list.map((e) => e.uid.replace(/^round-\d+-/, ''))).toEqual([
      'dossierDue@xa-phu-hop-tre-em',
      'appraisalDue@xa-phu-hop-tre-em',
      'decisionDue@xa-phu-hop-tre-em',
      'reportDue@xa-phu-hop-tre-em',
    ]);
    const e = list[0]!;
    expect(e.start.isDate).toBe(true);
    expect(e.start.toString()).toBe('2026-11-16');
    expect(e.end.isDate).toBe(true);
    expect(e.end.toString()).toBe('2026-11-17');
    expect(list[3]!.start.toString()).toBe('2026-12-05');
    expect(list[3]!.end.toString()).toBe('2026-12-06');
    expect(e.summary).toMatch(/^Hạn xã nộp hồ sơ — /);
    expect(e.lastModified).not.toBeNull();
    expect(e.stamp).not.toBeNull();
    // 08:00 on Wednesday 11/11 (three working days before) and 08:00 the day before.
    expect(e.alarms).toEqual([
      {
        action: 'DISPLAY',
        trigger: '-P4DT16H',
        description: expect.stringMatching(/^Hạn xã nộp hồ sơ: còn 3 ngày làm việc, đến hết ngày 16\/11\/2026/),
      },
      {
        action: 'DISPLAY',
        trigger: '-PT16H',
        description: expect.stringMatching(/^Hạn xã nộp hồ sơ là ngày mai, 16\/11\/2026/),
      },
    ]);
  });

  it('raises SEQUENCE and LAST-MODIFIED when a deadline moves, keeping the UID; an edit of other fields does not', async () => {
    const before = dossier(await calendarText());
    const edit = (payload: object) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/rounds/${roundId}`,
        headers: { cookie: cookies['tinh.thainguyen']! },
        payload,
      });
    expect((await edit({ signerName: 'Nguyễn Văn Quang' })).statusCode).toBe(200);
    expect(dossier(await calendarText()).sequence).toBe(before.sequence);

    expect((await edit({ dossierDue: '2026-11-20' })).statusCode).toBe(200);
    const after = dossier(await calendarText());
    expect(after.uid).toBe(before.uid);
    expect(after.sequence).toBeGreaterThan(before.sequence);
    expect(after.lastModified!.toJSDate().getTime()).toBeGreaterThanOrEqual(before.lastModified!.toJSDate().getTime());
    expect(after.start.toString()).toBe('2026-11-20');
    // Friday 20/11: three working days before is Tuesday 17/11.
    expect(after.alarms[0]!.trigger).toBe('-P2DT16H');
  });

  it('refuses dates out of order naming them dd/mm/yyyy, as everywhere else', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/rounds/${roundId}`,
      headers: { cookie: cookies['tinh.thainguyen']! },
      payload: { dossierDue: '2026-12-12' },
    });
    expect(res.statusCode).toBe(400);
    const message = res.json().error.message as string;
    expect(message).toContain('hạn nộp hồ sơ 12/12/2026 ≤ hạn thẩm định 25/11/2026');
    expect(message).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('counts working days back over weekends and public holidays', () => {
    const cal = workingCalendar();
    expect(daysBackToWorkingDay(cal, '2026-11-16', 3)).toBe(5); // Monday: Fri, Thu, Wed
    expect(daysBackToWorkingDay(cal, '2026-11-19', 3)).toBe(3); // Thursday: Wed, Tue, Mon
    // Monday 04/05/2026: 01/05 and 30/04 are holidays, Monday 27/04 is the day off for Giỗ Tổ Hùng Vương
    // (Sunday 26/04), so the third working day before is Friday 24/04: Wed 29, Tue 28, Fri 24.
    expect(daysBackToWorkingDay(cal, '2026-05-04', 3)).toBe(10);
  });
});
