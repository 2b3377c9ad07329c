import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setConfig } from '../support/config.ts';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { createEntry } from '../public-posting/fixtures.ts';
import { MAX_FILE_BYTES } from '../../src/server/features/evidence/files.ts';
import { fileStore, LocalFileStore } from '../../src/server/features/evidence/storage.ts';
import { addEvidence } from '../../src/server/features/evidence/store.ts';
import { exeLike, form, tinyPdf, tinyPng } from './samples.ts';

const filesDir = mkdtempSync(path.join(tmpdir(), 'cfc-evidence-'));
setConfig({ filesDir });

let t: TestApp;
let officer: string; // xa.tancuong
let other: string; // xa.labang
let province: string;
let entry: number; // Tân Cương, draft
let otherEntry: number; // La Bằng, draft
let lockedEntry: number; // Đại Từ, submitted

/** Every file under the store's directory (temporary files included). */
function storedFiles(dir = filesDir): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}
const rows = async (entryId: number) =>
  t.database.db.selectFrom('evidence_file').selectAll().where('entry_id', '=', entryId).execute();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function upload(
  cookie: string,
  entryId: number,
  fields: Record<string, string>,
  file?: { name: string; data: Buffer; type?: string },
) {
  const body = await form(fields, file);
  return t.app.inject({
    method: 'POST',
    url: `/api/round-entries/${entryId}/evidence`,
    headers: { cookie, ...body.headers },
    payload: body.payload,
  });
}

beforeAll(async () => {
  t = await startTestApp();
  [officer, other, province] = (await Promise.all(
    ['xa.tancuong', 'xa.labang', 'tinh.thainguyen'].map((u) => login(t.app, u)),
  )) as [string, string, string];
  entry = (await createEntry(t.database.db, { communeCode: '05503', state: 'draft' })).entryId;
  otherEntry = (await createEntry(t.database.db, { communeCode: '05818', state: 'draft' })).entryId;
  lockedEntry = (await createEntry(t.database.db, { communeCode: '05830', state: 'submitted' })).entryId;
});
afterAll(async () => {
  await t?.close();
  rmSync(filesDir, { recursive: true, force: true });
});

describe('uploading evidence', () => {
  it('stores a real PDF with its checksum, under a random key, and audits it', async () => {
    const pdf = tinyPdf();
    const res = await upload(
      officer,
      entry,
      { criterionCode: 'C07', itemCode: 'C07.immunized' },
      { name: 'Sổ tiêm chủng 2026.pdf', data: pdf, type: 'application/pdf' },
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      entryId: entry,
      criterionCode: 'C07',
      itemCode: 'C07.immunized',
      fileName: 'Sổ tiêm chủng 2026.pdf',
      mediaType: 'application/pdf',
      sizeBytes: pdf.length,
      sha256: sha(pdf),
      duplicate: false,
    });
    const [row] = await rows(entry);
    expect(row!.storage_key).not.toContain('Sổ');
    expect(storedFiles().map((f) => path.basename(f))).toContain(row!.storage_key);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'evidence_file')
      .where('entity_id', '=', String(row!.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['upload']);
  });

  it('stores a real PNG; an item alone brings its criterion', async () => {
    const png = tinyPng();
    const res = await upload(
      officer,
      entry,
      { itemCode: 'C12.playground' },
      { name: 'san-choi.PNG', data: png, type: 'image/png' },
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      criterionCode: 'C12',
      itemCode: 'C12.playground',
      mediaType: 'image/png',
      sha256: sha(png),
      sizeBytes: png.length,
    });
  });

  it('answers the same bytes on the same entry with the existing record', async () => {
    const before = storedFiles().length;
    const first = (await rows(entry)).length;
    const res = await upload(officer, entry, { criterionCode: 'C12' }, { name: 'anh-khac.png', data: tinyPng() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ duplicate: true, fileName: 'san-choi.PNG' });
    expect((await rows(entry)).length).toBe(first);
    expect(storedFiles().length).toBe(before);
  });

  it('refuses a PNG renamed .pdf as a disguised type, storing nothing', async () => {
    const before = { rows: (await rows(entry)).length, files: storedFiles().length };
    const png = Buffer.concat([tinyPng(), Buffer.from('x')]); // not a duplicate of the PNG above
    const res = await upload(
      officer,
      entry,
      { criterionCode: 'C01' },
      { name: 'quyet-dinh.pdf', data: png, type: 'application/pdf' },
    );
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('disguised');
    expect(res.json().error.message).toContain('quyet-dinh.pdf');
    expect(res.json().error.message).toContain('PNG');
    expect(res.json().error.message).toContain('ngụy trang');
    expect((await rows(entry)).length).toBe(before.rows);
    expect(storedFiles().length).toBe(before.files);
  });

  it('refuses an executable and a text file, whatever their names', async () => {
    const before = { rows: (await rows(entry)).length, files: storedFiles().length };
    const exe = await upload(officer, entry, { criterionCode: 'C01' }, { name: 'bao-cao.pdf', data: exeLike() });
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error.code).toBe('type_not_allowed');
    expect(exe.json().error.message).toContain('EXE');
    const exe2 = await upload(officer, entry, { criterionCode: 'C01' }, { name: 'setup.exe', data: exeLike() });
    expect(exe2.statusCode).toBe(415);
    const text = await upload(
      officer,
      entry,
      { criterionCode: 'C01' },
      { name: 'ghi-chu.txt', data: Buffer.from('Ghi chú: số liệu tháng 9.\n'), type: 'text/plain' },
    );
    expect(text.statusCode).toBe(415);
    expect(text.json().error.code).toBe('unknown_type');
    expect(text.json().error.message).toContain('ghi-chu.txt');
    const html = await upload(
      officer,
      entry,
      { criterionCode: 'C01' },
      { name: 'trang.pdf', data: Buffer.from('<html><script>alert(1)</script></html>') },
    );
    expect(html.statusCode).toBe(415);
    const bare = await upload(officer, entry, { criterionCode: 'C01' }, { name: 'khongduoi', data: tinyPdf('x') });
    expect(bare.statusCode).toBe(415);
    expect(bare.json().error.code).toBe('disguised_no_ext');
    expect((await rows(entry)).length).toBe(before.rows);
    expect(storedFiles().length).toBe(before.files);
  });

  it('refuses a file over the size limit with 413, naming the file and the limit, storing nothing', async () => {
    const before = { rows: (await rows(entry)).length, files: storedFiles().length };
    const big = Buffer.concat([tinyPdf(), Buffer.alloc(MAX_FILE_BYTES + 1 - tinyPdf().length)]);
    expect(big.length).toBe(MAX_FILE_BYTES + 1);
    const res = await upload(officer, entry, { criterionCode: 'C01' }, { name: 'ho-so-scan.pdf', data: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toContain('ho-so-scan.pdf');
    expect(res.json().error.message).toContain('20 MB');
    expect((await rows(entry)).length).toBe(before.rows);
    expect(storedFiles().length).toBe(before.files);
  });

  it('checks the codes against the entry’s rule set, and needs one of them and a file', async () => {
    const pdf = tinyPdf('codes');
    const unknown = await upload(officer, entry, { criterionCode: 'C99' }, { name: 'a.pdf', data: pdf });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('“criterionCode”');
    expect(unknown.json().error.message).toContain('C99');
    expect(unknown.json().error.issues).toEqual([
      { field: 'criterionCode', value: 'C99', message: unknown.json().error.message },
    ]);
    expect((await upload(officer, entry, { itemCode: 'C07.nothing' }, { name: 'a.pdf', data: pdf })).statusCode).toBe(
      400,
    );
    const mismatch = await upload(
      officer,
      entry,
      { criterionCode: 'C01', itemCode: 'C07.immunized' },
      { name: 'a.pdf', data: pdf },
    );
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.message).toContain('C07');
    expect((await upload(officer, entry, {}, { name: 'a.pdf', data: pdf })).statusCode).toBe(400);
    const noFile = await upload(officer, entry, { criterionCode: 'C01' });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.message).toContain('“file”');
    const empty = await upload(officer, entry, { criterionCode: 'C01' }, { name: 'rong.pdf', data: Buffer.alloc(0) });
    expect(empty.statusCode).toBe(400);
  });

  it('takes one file per request', async () => {
    const before = { rows: (await rows(entry)).length, files: storedFiles().length };
    const fd = new FormData();
    fd.append('criterionCode', 'C01');
    fd.append('file', new Blob([new Uint8Array(tinyPdf('one'))]), 'mot.pdf');
    fd.append('file', new Blob([new Uint8Array(tinyPdf('two'))]), 'hai.pdf');
    const request = new Request('http://localhost/', { method: 'POST', body: fd });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/round-entries/${entry}/evidence`,
      headers: { cookie: officer, 'content-type': request.headers.get('content-type')! },
      payload: Buffer.from(await request.arrayBuffer()),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('one_file');
    expect((await rows(entry)).length).toBe(before.rows);
    expect(storedFiles().length).toBe(before.files);
    const json = await t.app.inject({
      method: 'POST',
      url: `/api/round-entries/${entry}/evidence`,
      headers: { cookie: officer },
      payload: { criterionCode: 'C01' },
    });
    expect(json.statusCode).toBe(415);
  });

  it('accepts uploads only while the entry is editable', async () => {
    const daiTu = await login(t.app, 'xa.daitu');
    const res = await upload(daiTu, lockedEntry, { criterionCode: 'C01' }, { name: 'muon.pdf', data: tinyPdf('late') });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('đã gửi thẩm định');
    await t.database.db.updateTable('round_entry').set({ state: 'returned' }).where('id', '=', lockedEntry).execute();
    expect(
      (await upload(daiTu, lockedEntry, { criterionCode: 'C01' }, { name: 'bo-sung.pdf', data: tinyPdf('late') }))
        .statusCode,
    ).toBe(201);
  });

  it('removes the stored bytes when the database write fails', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cfc-evidence-fail-'));
    try {
      const store = new LocalFileStore(dir);
      const attempt = addEvidence(
        t.database.db,
        store,
        {
          entryId: 999_999,
          criterionCode: 'C01',
          itemCode: null,
          fileName: 'x.pdf',
          mediaType: 'application/pdf',
          data: tinyPdf('gone'),
        },
        { userId: 1 },
      );
      await expect(attempt).rejects.toMatchObject({ kind: 'not_found' });
      expect(storedFiles(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reading evidence', () => {
  it('lists the entry’s files and downloads the same bytes, with a safe disposition', async () => {
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/round-entries/${entry}/evidence`,
      headers: { cookie: officer },
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().mayEdit).toBe(true);
    const pdfRecord = list.json().items.find((i: { fileName: string }) => i.fileName === 'Sổ tiêm chủng 2026.pdf');
    const res = await t.app.inject({ method: 'GET', url: pdfRecord.downloadUrl, headers: { cookie: officer } });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(tinyPdf())).toBe(true);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="So tiem chung 2026.pdf"; filename*=UTF-8''${encodeURIComponent('Sổ tiêm chủng 2026.pdf')}`,
    );
    const filtered = await t.app.inject({
      method: 'GET',
      url: `/api/round-entries/${entry}/evidence?criterionCode=C12`,
      headers: { cookie: officer },
    });
    expect(filtered.json().items.map((i: { criterionCode: string }) => i.criterionCode)).toEqual(['C12']);
  });

  it('lets the province read but not write; another commune can neither read nor upload', async () => {
    const record = (await rows(entry))[0]!;
    const prov = await t.app.inject({
      method: 'GET',
      url: `/api/round-entries/${entry}/evidence`,
      headers: { cookie: province },
    });
    expect(prov.statusCode).toBe(200);
    expect(prov.json().mayEdit).toBe(false);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/evidence/${record.id}/download`, headers: { cookie: province } }))
        .statusCode,
    ).toBe(200);
    expect(
      (await upload(province, entry, { criterionCode: 'C01' }, { name: 'tinh.pdf', data: tinyPdf('province') }))
        .statusCode,
    ).toBe(403);

    const before = { rows: (await rows(entry)).length, files: storedFiles().length };
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/round-entries/${entry}/evidence`, headers: { cookie: other } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/evidence/${record.id}/download`, headers: { cookie: other } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await upload(other, entry, { criterionCode: 'C01' }, { name: 'la-bang.pdf', data: tinyPdf('other') }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/evidence/${record.id}`, headers: { cookie: other } }))
        .statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/round-entries/${entry}/evidence` })).statusCode).toBe(401);
    expect((await rows(entry)).length).toBe(before.rows);
    expect(storedFiles().length).toBe(before.files);
    // …while La Bằng uploads to its own entry.
    expect(
      (await upload(other, otherEntry, { criterionCode: 'C05' }, { name: 'la-bang.pdf', data: tinyPdf('other') }))
        .statusCode,
    ).toBe(201);
  });

  it('answers 500 rather than serve bytes that no longer match their checksum', async () => {
    const record = (await rows(otherEntry))[0]!;
    await fileStore().put(record.storage_key, Buffer.from('%PDF-1.4 tampered'));
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/evidence/${record.id}/download`,
      headers: { cookie: other },
    });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('damaged');
  });
});

describe('deleting evidence', () => {
  it('soft-deletes on the commune side while editable, audited; the file is then gone from lists and downloads', async () => {
    const record = (await rows(entry)).find((r) => r.media_type === 'image/png')!;
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/evidence/${record.id}`,
      headers: { cookie: officer },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: record.id, deletedAt: expect.any(String) });
    const row = await t.database.db
      .selectFrom('evidence_file')
      .select(['deleted_at', 'storage_key'])
      .where('id', '=', record.id)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
    expect(storedFiles().map((f) => path.basename(f))).toContain(row.storage_key); // bytes kept for the record
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/round-entries/${entry}/evidence`,
      headers: { cookie: officer },
    });
    expect(list.json().items.some((i: { id: number }) => i.id === record.id)).toBe(false);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/evidence/${record.id}/download`, headers: { cookie: officer } }))
        .statusCode,
    ).toBe(404);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'evidence_file')
      .where('entity_id', '=', String(record.id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['upload', 'delete']);
    // The same picture may be uploaded again after deletion.
    expect(
      (await upload(officer, entry, { criterionCode: 'C12' }, { name: 'san-choi.png', data: tinyPng() })).statusCode,
    ).toBe(201);
  });

  it('refuses deletion once the entry has left the commune', async () => {
    const record = (await rows(entry)).find((r) => r.deleted_at === null)!;
    await t.database.db.updateTable('round_entry').set({ state: 'posted' }).where('id', '=', entry).execute();
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/evidence/${record.id}`,
      headers: { cookie: officer },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('đang niêm yết công khai');
  });
});
