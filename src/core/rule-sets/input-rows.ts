// The inputs of a rule set as rows of an entry sheet (in the order of the assessment form), and how a
// typed cell becomes an input value. Pure: the workbook writer and reader on the server use it.
import type { CriterionDef, InputDef, RuleSetDefinition } from './schema.ts';
import { fold } from '../text.ts';
import type { NumberLocale } from '../numbers.ts';
import { readTypedNumber } from '../typed-numbers.ts';

export interface InputRow {
  input: InputDef;
  /** The criterion the input is entered under; null for the shared base counts. */
  criterion: CriterionDef | null;
}

/** Base counts first, then each criterion's inputs in the rule set's order (as the form shows them). */
export function inputRows(def: RuleSetDefinition): InputRow[] {
  const criteria = new Map(def.criteria.map((c) => [c.code, c]));
  const base: InputRow[] = [];
  const byCriterion = new Map<string, InputRow[]>();
  for (const input of def.inputs) {
    const criterion = input.criterion ? criteria.get(input.criterion) : undefined;
    if (!criterion) base.push({ input, criterion: null });
    else byCriterion.set(criterion.code, [...(byCriterion.get(criterion.code) ?? []), { input, criterion }]);
  }
  return [...base, ...def.criteria.flatMap((c) => byCriterion.get(c.code) ?? [])];
}

const YES = new Set(['co', 'yes', 'y', '1', 'true', 'x', 'dung']);
const NO = new Set(['khong', 'no', 'n', '0', 'false', 'sai']);

/**
 * A cell as the value validate.ts checks: a number for a count (text typed the way of the language:
 * "1.200" is 1200 in Vietnamese; see typed-numbers.ts), true/false for a flag (Có/Không, Yes/No, 1/0).
 * Anything else, an ambiguous "1,200" included, comes back as typed, so that checkValue reports it with the
 * value the officer sees.
 */
export function cellValue(
  kind: InputDef['kind'],
  cell: string | number | boolean,
  locale: NumberLocale = 'vi',
): unknown {
  if (kind === 'flag') {
    if (typeof cell === 'boolean') return cell;
    if (typeof cell === 'number') return cell === 1 ? true : cell === 0 ? false : cell;
    const folded = fold(cell);
    return YES.has(folded) ? true : NO.has(folded) ? false : cell.trim();
  }
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'boolean') return cell;
  const n = readTypedNumber(cell, locale);
  return typeof n === 'number' ? n : cell.trim();
}
