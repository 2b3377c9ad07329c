// The criteria-inputs workbook: its sheets, columns and the template identity it carries, shared by the
// writer (write.ts) and the reader (read.ts). Sheets and headers are written in the requester's language
// and read back in either.
import { locales, translator, type Locale } from '../../../../i18n/index.ts';
import { fold } from '../../../../core/text.ts';

export type ColumnKey = 'criterion' | 'code' | 'label' | 'kind' | 'current' | 'entry';

/** The data sheet's columns in the order written (A to F), with their widths in characters. */
export const COLUMNS: ReadonlyArray<{ key: ColumnKey; width: number }> = [
  { key: 'criterion', width: 36 },
  { key: 'code', width: 20 },
  { key: 'label', width: 64 },
  { key: 'kind', width: 20 },
  { key: 'current', width: 16 },
  { key: 'entry', width: 16 },
];

/** The hidden sheet holding the template's identity; its name is not translated. */
export const META_SHEET = '_template';
/** What the identity sheet's first row says: a file without it was not made from this template. */
export const META_KIND = 'cfc-criteria-inputs';
export const META_FORMAT = 1;

/** The template's identity: a file is accepted only for the same rule-set version, commune and period. */
export interface TemplateIdentity {
  ruleSetCode: string;
  ruleSetVersion: number;
  unitCode: string;
  unitName: string;
  periodYear: number;
}

export const sheetName = (key: 'inputs' | 'instructions', locale: Locale): string =>
  translator(locale)(`inputsWorkbook:sheet.${key}`);
export const headerLabel = (key: ColumnKey, locale: Locale): string =>
  translator(locale)(`inputsWorkbook:header.${key}`);

/** True when a sheet's name is the inputs sheet's in either language. */
export const isInputsSheet = (name: string): boolean =>
  locales.some((l) => fold(sheetName('inputs', l)) === fold(name));

/** Folded header text → column, both languages. */
export function headerLookup(): Map<string, ColumnKey> {
  const lookup = new Map<string, ColumnKey>();
  for (const { key } of COLUMNS) for (const l of locales) lookup.set(fold(headerLabel(key, l)), key);
  return lookup;
}

/** The words a flag is written as in the workbook's language. */
export const flagWord = (value: boolean, locale: Locale): string =>
  translator(locale)(value ? 'inputsWorkbook:yes' : 'inputsWorkbook:no');
