// `cfc` reads the files Windows tools save (Notepad: UTF-8 with BOM; PowerShell: UTF-16 with BOM), takes the
// yes/no answers a person writes, and answers a bad setting or option with a message and an exit code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scoreDocument } from '../../src/cli/score-command.ts';
import { decodeText, detectEncoding, TextEncodingError } from '../../src/cli/text-file.ts';
import { fullMarks } from '../support/fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cfc-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cfc = (args: string[], options: { input?: string | Buffer; env?: Record<string, string> } = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/cfc.ts', ...args], {
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, CFC_LANG: 'vi', ...options.env },
  });
const file = (name: string, bytes: Buffer) => {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

const doc = (values: Record<string, unknown>) =>
  // A Vietnamese category name in the text, so a wrong decoding could not pass unnoticed.
  JSON.stringify({ ruleSet: 'qd06-2019', category: 'other', note: 'Xã Tân Cương', values }, null, 2);
const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
const BOM = '\uFEFF';

describe('decodeText', () => {
  it('decodes by the BOM, and UTF-16 without one by its NUL bytes', () => {
    const text = '{"tên": "Xã Đồng Hỷ"}';
    expect(decodeText(Buffer.from(text))).toBe(text);
    expect(decodeText(Buffer.from(BOM + text))).toBe(text);
    expect(decodeText(Buffer.from(BOM + text, 'utf16le'))).toBe(text);
    expect(decodeText(utf16be(BOM + text))).toBe(text);
    expect(decodeText(Buffer.from(text, 'utf16le'))).toBe(text);
    expect(decodeText(utf16be(text))).toBe(text);
    expect(detectEncoding(Buffer.from(BOM + text, 'utf16le'))).toEqual({ encoding: 'utf-16le', bom: 2 });
  });

  it('refuses bytes that are not the encoding, rather than guessing', () => {
    // "Xã" in Windows-1258 (Notepad's "ANSI" on a Vietnamese Windows): 0xE3 is not UTF-8 on its own.
    expect(() => decodeText(Buffer.from([0x58, 0xe3, 0x0a]))).toThrow(TextEncodingError);
    expect(() => decodeText(Buffer.from([0xff, 0xfe, 0x7b]))).toThrow(TextEncodingError); // odd UTF-16 length
  });
});

describe('cfc score with files saved by Windows tools', () => {
  const plain = cfc(['score', '-'], { input: doc(fullMarks()) });

  it.each([
    ['Notepad, UTF-8 with BOM', () => Buffer.from(BOM + doc(fullMarks()))],
    ['PowerShell, UTF-16 LE with BOM', () => Buffer.from(BOM + doc(fullMarks()), 'utf16le')],
    ['UTF-16 BE with BOM', () => utf16be(BOM + doc(fullMarks()))],
  ])('scores a file from %s as the same file in UTF-8', (_what, bytes) => {
    expect(plain.status, plain.stderr).toBe(0);
    const res = cfc(['score', file('values.json', bytes())]);
    expect(res.status, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual(JSON.parse(plain.stdout));
  });

  it('reads a BOM on standard input too', () => {
    const res = cfc(['score', '-'], { input: Buffer.from(BOM + doc(fullMarks()), 'utf16le') });
    expect(res.status, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).total).toBe(1000);
  });

  it('exits 2 naming the file when its bytes are not UTF-8', () => {
    const p = file('ansi.json', Buffer.concat([Buffer.from('{"note": "X'), Buffer.from([0xe3]), Buffer.from('"}')]));
    const res = cfc(['score', p]);
    expect(res.status).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain(p);
    expect(res.stderr).toContain('UTF-8');
  });
});

describe('cfc score with yes/no answers as written', () => {
  const flags = (v: unknown) => ({ ...fullMarks(), 'C01.staff': v, 'C01.board': v });
  const score = (v: unknown) => {
    const out = scoreDocument(doc(flags(v)));
    if (!out.ok) throw new Error(out.errors.join('\n'));
    return out.output;
  };

  it('takes "có"/"không", yes/no and 1/0 as true/false', () => {
    const yes = score(true);
    const no = score(false);
    expect(yes.total).toBeGreaterThan(no.total);
    for (const written of ['có', 'Có', 'yes', 1]) expect(score(written), String(written)).toEqual(yes);
    for (const written of ['không', 'KHÔNG', 'no', 0]) expect(score(written), String(written)).toEqual(no);
    const res = cfc(['score', file('co.json', Buffer.from(BOM + doc(flags('có'))))]);
    expect(res.status, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).total).toBe(yes.total);
  });

  it('refuses anything else with a message that asks for what it takes', () => {
    const res = cfc(['score', '-'], { input: doc(flags('có lẽ')) });
    expect(res.status).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain(
      '“C01.staff” là câu hỏi có/không: cần ghi true (có) hoặc false (không), nhận được "có lẽ"',
    );
    expect(scoreDocument(doc(flags(2)))).toMatchObject({
      ok: false,
      errors: [expect.stringContaining('C01.staff'), expect.stringContaining('C01.board')],
    });
  });
});

describe('cfc errors', () => {
  it('answers a bad setting with its message and exit 1, without a stack trace', () => {
    const res = cfc(['score', '-'], { input: doc(fullMarks()), env: { PORT: 'abc' } });
    expect(res.status).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('PORT="abc"');
    expect(res.stderr).toContain('Cấu hình không hợp lệ / Invalid configuration');
    expect(res.stderr).not.toMatch(/^\s+at |node:internal|triggerUncaughtException|problems:/m);
  });

  it('answers an unknown option with the usage and exit 2', () => {
    const res = cfc(['score', '-', '--colour']);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('--colour');
    expect(res.stderr).toContain('Cách dùng:');
    expect(res.stderr).toContain('Mã thoát:');
    expect(res.stderr).not.toMatch(/^\s+at /m);
  });

  it('answers a rule set file that is not JSON with exit 2 naming it', () => {
    const p = file('rules.json', Buffer.from('{ not json'));
    const res = cfc(['score', '-', '--rule-set-file', p], { input: doc(fullMarks()) });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain(p);
    expect(res.stderr).not.toMatch(/^\s+at /m);
  });
});
