// The register's workbook: one definition of its sheets and columns, used to write the template and
// exports (write.ts) and to read uploaded files back (parse.ts).
//
// Sheets are found by name and columns by header text, compared without case, diacritics or extra spaces,
// in Vietnamese or English (the labels of register:field.*), or as the field's own name (birthDate).
// Column order, extra columns and blank rows do not matter.
import { CIRCUMSTANCE_GROUPS, BUILTIN_SUBGROUPS } from '../../../../core/register/circumstances.ts';
import { EDUCATION, HEALTH_KINDS, SEXES } from '../../../../core/register/records.ts';
import { locales, translator, type Locale } from '../../../../i18n/index.ts';
import { fold, foldHeader } from '../../../../core/text.ts';
export { fold, foldHeader };

/** How a column's cells are read and written. */
export type CellKind =
  | 'text' // free text; numbers are read as their digits
  | 'date' // an Excel date cell, or text dd/mm/yyyy, d/m/yyyy or yyyy-mm-dd
  | 'idNumber' // 12 digits kept as text (the template formats the column as text to keep leading zeros)
  | 'sex' // Nam / Nữ, male / female
  | 'education' // a label of register:education.* or its code
  | 'healthKind' // a label of register:healthKind.* or its code
  | 'group' // a circumstance code or the law's letter (đ), or a group's label
  | 'number' // a number cell, or text typed the way of the language (core/typed-numbers.ts)
  | 'boolean'; // x / có / 1 / true, or empty / không / 0

export interface ColumnDef {
  field: string;
  kind: CellKind;
  /** The header must be present to read the sheet (the schema requires the field). */
  required: boolean;
  /** Column width in characters when written. */
  width: number;
}

export type DataSheetKey = 'children' | 'circumstances' | 'supports' | 'healthRecords';
export type SheetKey = DataSheetKey | 'instructions';

export interface SheetDef {
  key: DataSheetKey;
  columns: ColumnDef[];
}

const col = (field: string, kind: CellKind, width: number, required = false): ColumnDef => ({
  field,
  kind,
  required,
  width,
});

/** The data sheets in the order they are written, read and reported. */
export const TEMPLATE: readonly SheetDef[] = [
  {
    key: 'children',
    // The order of childFieldsSchema.
    columns: [
      col('code', 'text', 14, true),
      col('villageName', 'text', 20, true),
      col('householdCode', 'text', 14, true),
      col('householdHead', 'text', 24, true),
      col('address', 'text', 30),
      col('fullName', 'text', 26, true),
      col('birthDate', 'date', 13, true),
      col('sex', 'sex', 10, true),
      col('idNumber', 'idNumber', 18),
      col('guardianName', 'text', 24),
      col('guardianRelation', 'text', 16),
      col('birthRegisteredOn', 'date', 15),
      col('education', 'education', 22),
      col('fullyImmunizedOn', 'date', 15),
      col('disability', 'text', 20),
      col('movedOutOn', 'date', 13),
      col('diedOn', 'date', 13),
      col('note', 'text', 30),
    ],
  },
  {
    key: 'circumstances',
    columns: [
      col('childCode', 'text', 14, true),
      col('group', 'group', 14, true),
      col('startedOn', 'date', 13, true),
      col('endedOn', 'date', 13),
      col('note', 'text', 40),
    ],
  },
  {
    key: 'supports',
    columns: [
      col('childCode', 'text', 14, true),
      col('kind', 'text', 30, true),
      col('givenOn', 'date', 14, true),
      col('provider', 'text', 30, true),
      col('note', 'text', 40),
    ],
  },
  {
    key: 'healthRecords',
    columns: [
      col('childCode', 'text', 14, true),
      col('kind', 'healthKind', 24, true),
      col('checkedOn', 'date', 15, true),
      col('weightKg', 'number', 13),
      col('heightCm', 'number', 13),
      col('underweight', 'boolean', 10),
      col('stunted', 'boolean', 10),
      col('note', 'text', 40),
    ],
  },
];

export const sheetDef = (key: DataSheetKey): SheetDef => TEMPLATE.find((s) => s.key === key)!;

/** Date cells are written with this Excel number format; the idNumber column is formatted as text ('@'). */
export const DATE_FORMAT = 'dd/mm/yyyy';
export const TEXT_FORMAT = '@';

/** What a "yes" is written as. */
export const YES = 'x';

/** A sheet's name in a locale (registerImport:sheet.*). */
export const sheetName = (key: SheetKey, locale: Locale): string => translator(locale)(`registerImport:sheet.${key}`);

/** A column's header in a locale (register:field.*). */
export const headerLabel = (field: string, locale: Locale): string => translator(locale)(`register:field.${field}`);

/** The data sheet a workbook sheet's name stands for (in either language), or null. */
export function sheetKeyOf(name: string): SheetKey | null {
  const folded = fold(name);
  for (const key of [...TEMPLATE.map((s) => s.key), 'instructions'] as SheetKey[])
    for (const locale of locales) if (fold(sheetName(key, locale)) === folded) return key;
  return null;
}

/** Folded header text → field, for one sheet: both languages' labels and the field names. */
export function headerLookup(sheet: SheetDef): Map<string, ColumnDef> {
  const lookup = new Map<string, ColumnDef>();
  for (const column of sheet.columns) {
    lookup.set(fold(column.field), column);
    for (const locale of locales) lookup.set(fold(headerLabel(column.field, locale)), column);
  }
  return lookup;
}

/** Folded header text with a trailing "*" (required mark) or ":" removed. */

/** Choices of a column kind: the stored code and the words accepted for it (folded). */
export function choices(kind: 'sex' | 'education' | 'healthKind'): Map<string, string> {
  const codes: readonly string[] = kind === 'sex' ? SEXES : kind === 'education' ? EDUCATION : HEALTH_KINDS;
  const map = new Map<string, string>();
  for (const code of codes) {
    map.set(fold(code), code);
    for (const locale of locales) map.set(fold(translator(locale)(`register:${kind}.${code}`)), code);
  }
  return map;
}

/** A choice's label as written (register:sex.*, register:education.*, register:healthKind.*). */
export const choiceLabel = (kind: 'sex' | 'education' | 'healthKind', code: string, locale: Locale): string =>
  translator(locale)(`register:${kind}.${code}`);

/** Circumstance groups by their labels (both languages, folded), for cells that name the group instead of its letter. */
export function groupLabels(): Map<string, string> {
  const map = new Map<string, string>();
  for (const g of [...CIRCUMSTANCE_GROUPS, ...BUILTIN_SUBGROUPS])
    for (const locale of locales) map.set(fold(g.label[locale]), g.code);
  return map;
}

/** A group code as written: the law's letter for a top group ('dd' → 'đ'), the code for a sub-group. */
export function groupCell(code: string): string {
  return CIRCUMSTANCE_GROUPS.find((g) => g.code === code)?.letter ?? code;
}
