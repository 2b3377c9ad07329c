// Fuzzing the criteria-inputs workbook reader (assessments/workbook/read.ts): random bytes, damaged copies
// of a real template, and templates whose cells hold anything. It answers 'unreadable' or the rows read,
// never an exception nor a wait that does not end.
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { PRESETS } from '../../src/cli/score-command.ts';
import { readInputsWorkbook } from '../../src/server/features/assessments/workbook/read.ts';
import { writeInputsWorkbook } from '../../src/server/features/assessments/workbook/write.ts';
import { cellValue } from '../../src/core/rule-sets/input-rows.ts';
import { checkValue } from '../../src/core/scoring/validate.ts';
import { failOnStrayErrors, fuzz } from './seeds.ts';

const TIME_LIMIT = 15_000;
const def = PRESETS['qd06-2019']!.definition;
const identity = {
  ruleSetCode: 'qd06-2019',
  ruleSetVersion: 1,
  unitCode: '05845',
  unitName: 'Xã Vạn Phú',
  periodYear: 2026,
};

failOnStrayErrors();

let template: Buffer;
beforeAll(async () => {
  template = await writeInputsWorkbook(
    { def, identity, values: { 'pop.children': 1200, 'C01.staff': true }, editable: 'all' },
    'vi',
  );
});

const entryCell = fc.oneof(
  fc.integer({ min: -5, max: 200_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 10 }),
  fc.constantFrom('Có', 'Không', 'yes', '1.234', '1,5', ' 12 ', '-3', '1e5', ''),
  fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2030, 0, 1)), noInvalidDate: true }),
  fc.constantFrom<ExcelJS.CellValue>(
    { formula: 'E2', result: 5 },
    { formula: 'E2' } as ExcelJS.CellValue,
    { error: '#N/A' } as ExcelJS.CellValue,
    { richText: [{ text: '1' }, { text: '2' }] },
  ),
);

describe('criteria-inputs workbook reader', () => {
  it('random and damaged files: unreadable or read, never thrown, never hung', async () => {
    const damaged = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), b])),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }).map((edits) => {
        const copy = Buffer.from(template);
        for (const [at, byte] of edits) copy[at % copy.length] = byte;
        return copy;
      }),
      fc.nat().map((n) => template.subarray(0, n % template.length)),
    );
    await fc.assert(
      fc.asyncProperty(damaged, async (data) => {
        const read = await readInputsWorkbook(data);
        expect(['read', 'unreadable']).toContain(read.kind);
        if (read.kind === 'read' && read.inputs?.columns)
          for (const r of read.inputs.rows) expect(r.row).toBeGreaterThan(1);
      }),
      fuzz('inputs.read', 80, { timeout: TIME_LIMIT }),
    );
  }, 120_000);

  it('a template with any entry cells is read back row by row, and each entry is a value or a checkValue issue', async () => {
    const codes = def.inputs.map((i) => i.code);
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...codes), entryCell, { maxKeys: 12 }), async (entries) => {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(template as unknown as ArrayBuffer);
        const ws = wb.getWorksheet('Chỉ tiêu')!;
        ws.eachRow((row, n) => {
          const code = String(row.getCell(2).value ?? '');
          if (n > 1 && code in entries) row.getCell(6).value = entries[code]!;
        });
        const read = await readInputsWorkbook(Buffer.from(await wb.xlsx.writeBuffer()));
        if (read.kind !== 'read' || !read.inputs?.columns) throw new Error(`not read: ${read.kind}`);
        expect(read.meta?.get('kind')).toBe('cfc-criteria-inputs');
        const byCode = new Map(read.inputs.rows.map((r) => [r.cells.code, r]));
        for (const input of def.inputs) {
          const r = byCode.get(input.code);
          expect(r, input.code).toBeDefined();
          const cell = r!.cells.entry ?? null;
          if (cell === null || cell instanceof Date || typeof cell === 'object') continue;
          const issue = checkValue(input.kind, input.code, cellValue(input.kind, cell));
          if (issue) expect(issue.field).toBe(input.code);
          // A whole number typed in a count cell is read as that number.
          if (
            input.kind === 'count' &&
            typeof entries[input.code] === 'number' &&
            Number.isInteger(entries[input.code]) &&
            (entries[input.code] as number) >= 0 &&
            (entries[input.code] as number) <= 100_000_000
          )
            expect(issue).toBeNull();
        }
      }),
      fuzz('inputs.read', 25, { timeout: TIME_LIMIT }),
    );
  }, 120_000);
});
