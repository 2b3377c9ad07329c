// The figures behind each criterion on the public page, and the self-assessment table residents download
// (.pdf): only what the contract lists — labels and values as the commune entered them, small sensitive
// counts withheld, no input codes, no council, no names, no source notes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/server.ts';
import { readPdf } from '../documents/read.ts';
import { addDays, createEntry, today } from './fixtures.ts';

let t: TestApp;
let tanCuong: number; // posted, a full score
let laBang: number; // posted, one child death on C05: a small sensitive count
let vanPhu: number; // a draft: not public

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const d = today();
  const posting = { state: 'posted', postingFrom: addDays(d, -1), postingTo: addDays(d, 6) };
  tanCuong = (await createEntry(db, { communeCode: '05503', ...posting })).entryId;
  laBang = (await createEntry(db, { communeCode: '05818', ...posting })).entryId;
  vanPhu = (await createEntry(db, { communeCode: '05845', state: 'draft' })).entryId;
});
afterAll(() => t?.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read back from the answers
type Json = Record<string, any>;
const entryOf = async (code: string, entryId: number): Promise<Json> => {
  const res = await t.app.inject({ method: 'GET', url: `/api/public/communes/${code}` });
  expect(res.statusCode).toBe(200);
  return (res.json().entries as Json[]).find((e) => e.entryId === entryId)!;
};
const pdf = (code: string, entryId: number) =>
  t.app.inject({ method: 'GET', url: `/api/public/communes/${code}/entries/${entryId}/self-assessment.pdf` });

describe('figures on the public page', () => {
  it('gives each criterion its items with the figures under their labels, and nothing else', async () => {
    const entry = await entryOf('05503', tanCuong);
    const c01 = entry.score.criteria.find((c: Json) => c.code === 'C01');
    expect(Object.keys(c01).sort()).toEqual(['code', 'items', 'max', 'noData', 'points', 'provisional', 'title']);
    expect(c01.noData).toBe(false);
    const item = c01.items[0];
    expect(Object.keys(item).sort()).toEqual(['figures', 'max', 'noData', 'points', 'provisional', 'rate', 'title']);
    expect(item.figures[0]).toEqual({
      label: { vi: expect.stringContaining('công chức'), en: expect.any(String) },
      kind: 'flag',
      value: true,
      suppressed: false,
    });
    // A rate item: its counts under their labels and the rate in its scale.
    const c02 = entry.score.criteria.find((c: Json) => c.code === 'C02').items[0];
    expect(c02.figures.map((f: Json) => f.label.vi)).toEqual([
      'Số trẻ em sinh ra được đăng ký khai sinh đúng quy định',
      'Số trẻ em sinh ra trong kỳ',
    ]);
    expect(c02.figures.every((f: Json) => typeof f.value === 'number' && f.value > 0)).toBe(true);
    expect(c02.rate).toEqual({ value: expect.any(Number), scale: 100 });
    // No input code leaves: neither as a key nor as a value.
    const text = JSON.stringify(entry);
    for (const code of ['pop.children', 'C01.staff', 'C02.births', 'C05.deaths']) expect(text).not.toContain(code);
  });

  it('withholds a small sensitive count with its rate, as everywhere the public reads it, and keeps the points', async () => {
    const entry = await entryOf('05818', laBang);
    const c05 = entry.score.criteria.find((c: Json) => c.code === 'C05');
    const deaths = c05.items.flatMap((i: Json) => i.figures).filter((f: Json) => /tử vong/.test(f.label.vi));
    expect(deaths.length).toBeGreaterThan(0);
    for (const f of deaths) expect(f).toMatchObject({ value: null, suppressed: true });
    for (const i of c05.items) if (i.figures.some((f: Json) => f.suppressed)) expect(i.rate).toBeNull();
    expect(c05.points).toBe(0); // the points stay public
  });
});

describe('the self-assessment table (.pdf)', () => {
  it('downloads without an account, named, with the figures and points of the page', async () => {
    const res = await pdf('05503', tanCuong);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(String(res.headers['content-disposition'])).toMatch(
      /attachment; filename="Bang-tu-danh-gia-05503-\d{4}\.pdf"/,
    );
    const { text } = readPdf(res.rawPayload);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('BẢNG TỰ ĐÁNH GIÁ');
    expect(flat).toContain('Xã Tân Cương');
    expect(flat).toContain('Số trẻ em sinh ra trong kỳ');
    const entry = await entryOf('05503', tanCuong);
    const births = entry.score.criteria
      .find((c: Json) => c.code === 'C02')
      .items[0].figures.find((f: Json) => f.label.vi === 'Số trẻ em sinh ra trong kỳ').value as number;
    expect(flat).toContain(new Intl.NumberFormat('vi-VN').format(births)); // vi-VN numbers
    expect(flat).toContain(new Intl.NumberFormat('vi-VN').format(entry.score.total));
    for (const code of ['pop.children', 'C01.staff', 'C02.births']) expect(flat).not.toContain(code);
  });

  it('carries nothing beyond the public page: no withheld count, no council, no names or notes', async () => {
    const db = t.database.db;
    // Make sure the entry has what must not leak: a council, a meeting, a source note.
    await db
      .updateTable('round_entry')
      .set({
        council: JSON.stringify([
          { name: 'Bà Nguyễn Thị Hội Đồng', position: 'Chủ tịch UBND xã', role: 'Chủ tịch Hội đồng' },
        ]),
        meeting_summary: 'Biên bản nội bộ không công khai',
      })
      .where('id', '=', laBang)
      .execute();
    const res = await pdf('05818', laBang);
    expect(res.statusCode).toBe(200);
    const flat = readPdf(res.rawPayload).text.replace(/\s+/g, ' ');
    expect(flat).toContain('Ẩn (1–4)');
    expect(flat).not.toContain('Nguyễn Thị Hội Đồng');
    expect(flat).not.toContain('Biên bản nội bộ');
    expect(flat).toMatch(/Số trẻ em tử vong do tai nạn, thương tích \(kể cả đuối nước\): Ẩn/);
  });

  it('is refused for an entry that is not public, of another commune, or unknown', async () => {
    expect((await pdf('05845', vanPhu)).statusCode).toBe(404);
    expect((await pdf('05503', laBang)).statusCode).toBe(404);
    expect((await pdf('05503', 999999)).statusCode).toBe(404);
    const bad = await pdf('abc', tanCuong);
    expect(bad.statusCode).toBe(400);
    expect((await pdf('05845', vanPhu)).json().error.message).toContain('05845');
  });
});
