// 5. Importing a paper register of BENCH_IMPORT_ROWS children (100,000) into one commune through the
// product's own path: the .xlsx is written in the template, then previewed (read, every row checked,
// rows kept) and committed in one transaction, as the import page does. Goal: preview + commit < 30 s.
import type { DatabaseHandle } from '../src/server/db/database.ts';
import { createUser } from '../src/server/features/auth/users.ts';
import type { RegisterContext } from '../src/server/features/register/access.ts';
import { commitImport, previewImport } from '../src/server/features/register/imports.ts';
import { writeRegisterWorkbook, type RegisterWorkbookContent } from '../src/server/features/register/import/write.ts';
import type { ChildFields } from '../src/core/register/records.ts';
import { seeded } from './random.ts';
import { goal, heading, int, row, sec } from './stats.ts';

export interface ImportResult {
  label: string;
  rows: number;
  fileBytes: number;
  writeMs: number;
  previewMs: number;
  commitMs: number;
  issues: number;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô'];
const GIVEN = [
  'An',
  'Bình',
  'Chi',
  'Dũng',
  'Giang',
  'Hà',
  'Hải',
  'Hương',
  'Khánh',
  'Lan',
  'Linh',
  'Minh',
  'Nam',
  'Ngọc',
  'Phúc',
  'Trang',
];

/** A register file of `n` children (households of two, 40 villages) and a special circumstance for one in thirty. */
export function syntheticFile(n: number, seed = 2016, asOf = '2026-09-30'): RegisterWorkbookContent {
  const rng = seeded(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rng() * xs.length)]!;
  const base = Date.parse(asOf);
  const children: ChildFields[] = [];
  for (let i = 1; i <= n; i++) {
    const birth = new Date(base - Math.floor(rng() * 16 * 365) * 86_400_000 - 86_400_000).toISOString().slice(0, 10);
    const household = Math.ceil(i / 2);
    children.push({
      code: `NK-${i}`,
      villageName: `Thôn ${(household % 40) + 1}`,
      householdCode: `HO-${household}`,
      householdHead: `Chủ hộ ${household}`,
      address: '',
      fullName: `${pick(FAMILY)} ${rng() < 0.5 ? 'Văn' : 'Thị'} ${pick(GIVEN)}`,
      birthDate: birth,
      sex: rng() < 0.5 ? 'male' : 'female',
      idNumber: rng() < 0.7 ? `0${String(90_000_000_000 + seed * 1_000_000 + i).slice(-11)}` : null,
      guardianName: '',
      guardianRelation: '',
      birthRegisteredOn: birth,
      education: null,
      fullyImmunizedOn: null,
      disability: '',
      movedOutOn: null,
      diedOn: null,
      note: '',
    });
  }
  const circumstances = children
    .filter((_, i) => i % 30 === 0)
    .map((c) => ({ childCode: c.code, group: 'd', startedOn: c.birthDate, endedOn: null, note: '' }));
  return { children, circumstances, supports: [], healthRecords: [] };
}

export async function benchRegisterImport(handle: DatabaseHandle, label: string, rows: number): Promise<ImportResult> {
  const db = handle.db;
  // A commune with no register yet (the import writes into an empty commune, the common first use).
  const commune = await db
    .selectFrom('unit as u')
    .select(['u.id', 'u.parent_id'])
    .where('u.level', '=', 'commune')
    .where('u.valid_to', 'is', null)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('child as c').select('c.id').whereRef('c.unit_id', '=', 'u.id'))))
    .orderBy('u.id', 'desc')
    .executeTakeFirstOrThrow();
  const userId = await createUser(db, {
    username: `bench.import.${Date.now()}`,
    password: 'bench-import-2026',
    fullName: 'Bench import',
    roles: [{ role: 'commune_officer', unitId: commune.id }],
  });
  const ctx: RegisterContext = {
    viewer: { userId, roles: [{ role: 'commune_officer', unitId: commune.id }] },
    communeId: commune.id,
    provinceId: commune.parent_id!,
    access: 'officer',
  };
  const content = syntheticFile(rows);
  let t0 = performance.now();
  const file = await writeRegisterWorkbook(content, 'vi');
  const writeMs = performance.now() - t0;
  t0 = performance.now();
  const preview = await previewImport(db, ctx, file, 'so-theo-doi.xlsx', 'vi', () => undefined);
  const previewMs = performance.now() - t0;
  if (preview.importId === null)
    throw new Error(
      `import preview refused the file: ${preview.issues
        .slice(0, 3)
        .map((i) => i.message)
        .join(' | ')}`,
    );
  t0 = performance.now();
  await commitImport(db, ctx, preview.importId, () => undefined);
  const commitMs = performance.now() - t0;
  return { label, rows, fileBytes: file.length, writeMs, previewMs, commitMs, issues: preview.issueCount };
}

export function reportImport(r: ImportResult): void {
  heading(`Register import of ${int(r.rows)} children (${r.label})`);
  row('file (.xlsx, written by the template)', `${(r.fileBytes / 1024 / 1024).toFixed(1)} MB in ${sec(r.writeMs)}`);
  row('preview: read, check every row, keep', sec(r.previewMs));
  row('commit: one transaction', sec(r.commitMs));
  row('preview + commit', `${sec(r.previewMs + r.commitMs)} — goal < 30 s: ${goal(r.previewMs + r.commitMs < 30_000)}`);
}
