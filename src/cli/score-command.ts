// `cfc score FILE`: the command-line face of the engine; pure apart from reading the file.
import preset from '../core/rule-sets/presets/qd06-2019.json';
import { cellValue } from '../core/rule-sets/input-rows.ts';
import { RuleSetDefinition } from '../core/rule-sets/schema.ts';
import { evaluate, type ScoreResult } from '../core/scoring/engine.ts';
import { describeIssue, describeItem, describeReason } from '../core/scoring/explain.ts';
import { formatNumber, translator, type Locale } from '../i18n/index.ts';

/** Presets shipped with the product, by code, with the version they are stored as. */
export const PRESETS: Record<string, { definition: RuleSetDefinition; version: string }> = {
  'qd06-2019': { definition: RuleSetDefinition.parse(preset), version: '1' },
};

/**
 * Yes/no inputs as a person writes them in a file by hand: "có"/"không", "yes"/"no", 1/0, as the inputs
 * workbook reads them (true/false too); anything else reaches the engine as written and is refused there.
 */
function flagsAsWritten(definition: RuleSetDefinition, values: unknown): unknown {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return values;
  const flags = new Set(definition.inputs.filter((i) => i.kind === 'flag').map((i) => i.code));
  return Object.fromEntries(
    Object.entries(values).map(([code, v]) => [
      code,
      flags.has(code) && (typeof v === 'string' || typeof v === 'number') ? cellValue('flag', v) : v,
    ]),
  );
}

export type ScoreOutcome =
  { ok: true; output: ScoreResult & Record<string, unknown> } | { ok: false; errors: string[] };

export function scoreDocument(
  text: string,
  locale: Locale = 'vi',
  custom?: { definition: RuleSetDefinition; version: string },
): ScoreOutcome {
  const t = translator(locale);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [t('common:error.malformed_json', { detail: (error as Error).message })] };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return { ok: false, errors: [describeIssue(t, { field: '(document)', value: doc, code: 'not_an_object' })] };
  const { ruleSet, category, values } = doc as Record<string, unknown>;
  // Own keys only: "toString" or "__proto__" would otherwise find Object.prototype's members.
  const chosen =
    custom ?? (typeof ruleSet === 'string' && Object.hasOwn(PRESETS, ruleSet) ? PRESETS[ruleSet] : undefined);
  if (!chosen)
    return {
      ok: false,
      errors: [
        t('common:cli.unknown_rule_set', {
          value: JSON.stringify(ruleSet ?? null),
          known: Object.keys(PRESETS).join(', '),
        }),
      ],
    };
  const out = evaluate(chosen.definition, chosen.version, category, flagsAsWritten(chosen.definition, values));
  if (!out.ok) return { ok: false, errors: out.issues.map((i) => describeIssue(t, i)) };
  const num = (n: number) => formatNumber(n, locale);
  const r = out.result;
  return {
    ok: true,
    output: {
      ...r,
      criteria: r.criteria.map((c) => ({
        ...c,
        items: c.items.map((i) => ({ ...i, explanation: describeItem(t, i, num) })),
      })),
      reasons: r.reasons.map((reason) => ({ ...reason, message: describeReason(t, reason) })),
    } as ScoreResult & Record<string, unknown>,
  };
}
