// Reads the official lists of administrative units effective 01/07/2025 (pure: text in, checked rows out).
//
// Sources (resources/admin-units-2025, verbatim copies, MIT):
//   915_CTK-CSCL.csv  the 34 new provinces          1027_CTK-CSCL.md  the 3,321 new communes (Markdown tables)
//   merges.json       new → old, each full|partial  splits.json       old → new: the 63 old provinces, 10,047 old communes
// merges.json also names five old island districts (huyện Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) that had
// no communes and became đặc khu; they are kept as old units of kind 'huyen' so that those đặc khu keep their history.
import Papa from 'papaparse';

export type UnitKind = 'tinh' | 'thanh_pho' | 'xa' | 'phuong' | 'dac_khu' | 'thi_tran' | 'huyen';
export type LineageKind = 'full' | 'partial';

export interface OfficialProvince {
  code: string;
  name: string;
  kind: UnitKind;
}

export interface OfficialCommune {
  code: string;
  name: string;
  kind: UnitKind;
  /** Code of the province the commune belongs to (new province for new communes, old for old ones). */
  provinceCode: string;
}

export interface OfficialLineage {
  level: 'province' | 'commune';
  /** Old unit code (a 2-digit province, a 5-digit commune or a 3-digit island district). */
  oldCode: string;
  newCode: string;
  kind: LineageKind;
}

export interface OfficialList {
  provinces: OfficialProvince[];
  communes: OfficialCommune[];
  oldProvinces: OfficialProvince[];
  oldCommunes: OfficialCommune[];
  /** Old districts without communes that became đặc khu (stored as level 'commune', kind 'huyen'). */
  oldDistricts: OfficialCommune[];
  lineage: OfficialLineage[];
}

export interface OfficialFiles {
  provincesCsv: string;
  communesMarkdown: string;
  mergesJson: string;
  splitsJson: string;
}

export const EFFECTIVE_ON = '2025-07-01';
export const LAST_DAY_BEFORE = '2025-06-30';

export const SOURCE = {
  provinces: '915/CTK-CSCL',
  communes: '1027/CTK-CSCL',
  old: 'splits.json',
  oldDistricts: 'merges.json',
} as const;

export class OfficialListError extends Error {}

/** Removes Markdown line breaks, doubled spaces and decomposed accents from an official name. */
export function cleanName(raw: string): string {
  return raw
    .replace(/<br\s*\/?>/gi, ' ')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lower-case, without Vietnamese diacritics (đ → d): for accent-insensitive matching. */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** Every precomposed Vietnamese letter with a diacritic, and its plain letter (for SQL translate()). */
export const VIETNAMESE_FOLD = (() => {
  const letters = 'aăâeêioôơuưyAĂÂEÊIOÔƠUƯY';
  const tones = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
  let from = 'đĐ';
  let to = 'dd';
  for (const letter of letters)
    for (const tone of tones) {
      const composed = (letter + tone).normalize('NFC');
      if (composed.length !== 1 || /[a-zA-Z]/.test(composed)) continue;
      from += composed;
      to += foldVietnamese(composed);
    }
  return { from, to };
})();

export function kindFromName(name: string, level: 'province' | 'commune'): UnitKind {
  const lower = name.toLocaleLowerCase('vi');
  if (level === 'province') {
    if (lower.startsWith('thành phố ')) return 'thanh_pho';
    if (lower.startsWith('tỉnh ')) return 'tinh';
  } else {
    if (lower.startsWith('xã ')) return 'xa';
    if (lower.startsWith('phường ')) return 'phuong';
    if (lower.startsWith('đặc khu ')) return 'dac_khu';
    if (lower.startsWith('thị trấn ')) return 'thi_tran';
    if (lower.startsWith('huyện ')) return 'huyen';
  }
  throw new OfficialListError(`Unknown kind of ${level}: "${name}"`);
}

/** 915/CTK-CSCL: Stt, Mã số, name; names without "Tỉnh" get it, so that every province is named in full. */
export function parseProvincesCsv(text: string): OfficialProvince[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const rows = parsed.data.slice(1);
  return rows.map((cells, i) => {
    const code = (cells[1] ?? '').trim();
    const raw = cleanName(cells[2] ?? '');
    if (!/^\d{2}$/.test(code) || !raw)
      throw new OfficialListError(`915/CTK-CSCL row ${i + 2}: bad province ${JSON.stringify(cells)}`);
    const name = /^(thành phố|tỉnh) /i.test(raw) ? raw : `Tỉnh ${raw}`;
    return { code, name, kind: kindFromName(name, 'province') };
  });
}

/**
 * 1027/CTK-CSCL: Markdown tables (Stt, Mã số, Tên, Tỉnh). A row with an empty Stt is a province heading
 * ("TỈNH CAO BẰNG"); the commune rows under it belong to that province (the Tỉnh column is not reliable).
 */
export function parseCommunesMarkdown(text: string, provinces: OfficialProvince[]): OfficialCommune[] {
  const byUpperName = new Map(provinces.map((p) => [p.name.toLocaleUpperCase('vi'), p.code]));
  const communes: OfficialCommune[] = [];
  let provinceCode: string | null = null;
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim().startsWith('|')) return;
    const cells = line
      .trim()
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((c) => c.trim());
    const [stt = '', code = '', rawName = ''] = cells;
    if (/^stt$/i.test(stt) || /^-+$/.test(stt)) return; // table header or separator
    const name = cleanName(rawName);
    if (!stt && !code) {
      const heading = byUpperName.get(name.toLocaleUpperCase('vi'));
      if (!heading) throw new OfficialListError(`1027/CTK-CSCL line ${index + 1}: unknown province heading "${name}"`);
      provinceCode = heading;
      return;
    }
    if (!/^\d+$/.test(stt) || !/^\d{5}$/.test(code) || !name || !provinceCode)
      throw new OfficialListError(`1027/CTK-CSCL line ${index + 1}: unreadable row "${line}"`);
    communes.push({ code, name, kind: kindFromName(name, 'commune'), provinceCode });
  });
  return communes;
}

interface MergesFile {
  data: Array<{
    level1_id: string;
    name: string;
    merges: Array<{ old_id: string; name: string; type: LineageKind }>;
    level2s: Array<{
      level2_id: string;
      name: string;
      merges: Array<{ old_id: string; name: string; type: LineageKind }>;
    }>;
  }>;
}

interface SplitsFile {
  data: Array<{
    level1_id: string;
    name: string;
    splits: Array<{ new_id: string; name: string }>;
    level2s?: Array<{ level2_id: string; name: string; splits: Array<{ new_id: string; name: string }> }>;
    level3s: Array<{ level3_id: string; name: string; splits: Array<{ new_id: string; name: string }> }>;
  }>;
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new OfficialListError(message);
}

/** Parses and cross-checks the four files; throws OfficialListError on any inconsistency. */
export function parseOfficialList(files: OfficialFiles): OfficialList {
  const provinces = parseProvincesCsv(files.provincesCsv);
  const communes = parseCommunesMarkdown(files.communesMarkdown, provinces);
  const merges = JSON.parse(files.mergesJson) as MergesFile;
  const splits = JSON.parse(files.splitsJson) as SplitsFile;

  const oldProvinces: OfficialProvince[] = [];
  const oldCommunes: OfficialCommune[] = [];
  const oldDistricts: OfficialCommune[] = [];
  for (const p of splits.data) {
    const name = cleanName(p.name);
    oldProvinces.push({ code: p.level1_id, name, kind: kindFromName(name, 'province') });
    for (const c of p.level3s) {
      const cname = cleanName(c.name);
      oldCommunes.push({
        code: c.level3_id,
        name: cname,
        kind: kindFromName(cname, 'commune'),
        provinceCode: p.level1_id,
      });
    }
    for (const d of p.level2s ?? []) {
      const dname = cleanName(d.name);
      oldDistricts.push({
        code: d.level2_id,
        name: dname,
        kind: kindFromName(dname, 'commune'),
        provinceCode: p.level1_id,
      });
    }
  }

  const lineage: OfficialLineage[] = [];
  const newCommuneProvince = new Map(communes.map((c) => [c.code, c.provinceCode]));
  const oldCommuneCodes = new Set([...oldCommunes, ...oldDistricts].map((c) => c.code));
  const oldProvinceCodes = new Set(oldProvinces.map((p) => p.code));
  const newProvinceCodes = new Set(provinces.map((p) => p.code));
  let mergedCommunes = 0;
  for (const p of merges.data) {
    check(newProvinceCodes.has(p.level1_id), `merges.json: unknown new province ${p.level1_id}`);
    for (const m of p.merges) {
      check(oldProvinceCodes.has(m.old_id), `merges.json: unknown old province ${m.old_id}`);
      lineage.push({ level: 'province', oldCode: m.old_id, newCode: p.level1_id, kind: m.type });
    }
    for (const c of p.level2s) {
      mergedCommunes++;
      check(
        newCommuneProvince.get(c.level2_id) === p.level1_id,
        `merges.json: commune ${c.level2_id} is not in province ${p.level1_id} in 1027/CTK-CSCL`,
      );
      for (const m of c.merges) {
        check(oldCommuneCodes.has(m.old_id), `merges.json: unknown old unit ${m.old_id} → ${c.level2_id}`);
        check(m.type === 'full' || m.type === 'partial', `merges.json: bad type ${m.type}`);
        lineage.push({ level: 'commune', oldCode: m.old_id, newCode: c.level2_id, kind: m.type });
      }
    }
  }
  check(
    mergedCommunes === communes.length,
    `merges.json lists ${mergedCommunes} communes, 1027/CTK-CSCL ${communes.length}`,
  );

  // splits.json (old → new) must say the same as merges.json (new → old).
  const pairs = new Set(lineage.map((l) => `${l.level}:${l.oldCode}>${l.newCode}`));
  for (const p of splits.data) {
    for (const s of p.splits)
      check(
        pairs.has(`province:${p.level1_id}>${s.new_id}`),
        `splits.json: ${p.level1_id}>${s.new_id} not in merges.json`,
      );
    for (const c of [...p.level3s, ...(p.level2s ?? []).map((d) => ({ ...d, level3_id: d.level2_id }))])
      for (const s of c.splits)
        check(
          pairs.has(`commune:${c.level3_id}>${s.new_id}`),
          `splits.json: ${c.level3_id}>${s.new_id} not in merges.json`,
        );
  }

  for (const [what, list] of [
    ['new province', provinces],
    ['new commune', communes],
    ['old province', oldProvinces],
    ['old commune', [...oldCommunes, ...oldDistricts]],
  ] as const) {
    const codes = new Set(list.map((u) => u.code));
    check(codes.size === list.length, `duplicate ${what} codes`);
  }
  return { provinces, communes, oldProvinces, oldCommunes, oldDistricts, lineage };
}
