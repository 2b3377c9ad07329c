// The part of an assessment's summary that needs the TypeScript core: the ways a provisional rule decided
// its result. Every writer that scores an assessment stores it through assessmentSummary(); the rest of the
// summary (provisional, threshold, assessment_criterion) is copied from the result by triggers
// (migrations/0017_assessment_summary.sql), which also forget these impacts when the result changes
// without a fresh token.
import { createHash, randomUUID } from 'node:crypto';
import {
  provisionalImpact,
  type ProvisionalCriterion,
  type ProvisionalImpact,
} from '../../../core/dashboards/figures.ts';
import type { Reason, ScoreResult } from '../../../core/scoring/engine.ts';
import type { RuleSetDefinition } from '../../../core/rule-sets/schema.ts';
import { storedResult } from '../../../core/scoring/stored.ts';

/** The facts provisionalImpact reads, as the assessment row and its rule set give them. */
export interface ImpactFacts {
  total: number;
  threshold: number;
  recognized: boolean;
  complete: boolean;
  thresholdProvisional: boolean;
  /** The result's criteria with their items (only those scored by a provisional rule are read). */
  criteria: Array<ProvisionalCriterion & { provisional?: boolean }>;
  reasons: Reason[];
}

export function impactsOf(f: ImpactFacts): ProvisionalImpact[] {
  return provisionalImpact({
    total: f.total,
    threshold: f.threshold,
    recognized: f.recognized,
    complete: f.complete,
    thresholdProvisional: f.thresholdProvisional,
    criteria: f.criteria
      .filter((c) => c.provisional !== false)
      .map((c) => ({
        code: c.code,
        points: c.points,
        max: c.max,
        zeroedBy: c.zeroedBy,
        items: c.items.map((i) => ({ code: i.code, mark: i.mark, points: i.points, max: i.max, status: i.status })),
      })),
    reasons: f.reasons,
  });
}

/** The impacts of a freshly scored result, on the rule set it was scored with. */
export function resultImpacts(result: ScoreResult, def: RuleSetDefinition): ProvisionalImpact[] {
  return impactsOf({
    total: result.total,
    threshold: result.threshold,
    recognized: result.recognized,
    complete: result.complete,
    thresholdProvisional: def.categories.some((c) => c.code === result.category && c.mark === 'P'),
    criteria: result.criteria,
    reasons: result.reasons,
  });
}

/** Columns to set in the same statement that writes `result` (and total, recognized, complete from it). */
export function assessmentSummary(
  result: ScoreResult,
  def: RuleSetDefinition,
): { provisional_impacts: string; impacts_token: string } {
  return { provisional_impacts: JSON.stringify(resultImpacts(result, def)), impacts_token: randomUUID() };
}

/**
 * Every column a scoring writer sets on the assessment row from a fresh result: the one place that
 * decides how a result is stored (saves and recomputes both write through it).
 */
export function scoredColumns(result: ScoreResult, def: RuleSetDefinition) {
  const json = JSON.stringify(storedResult(result));
  const summary = assessmentSummary(result, def);
  return {
    total: result.total,
    recognized: result.recognized,
    complete: result.complete,
    result: json,
    ...summary,
    result_digest: resultDigest(json, summary.provisional_impacts),
  };
}

/**
 * A digest of what a scoring writer stores (result and impacts), kept in result_digest so that a
 * recompute compares in process and writes only what changed; the trigger of migrations/0034 clears it
 * when any other writer changes the result without giving a new one.
 */
export function resultDigest(resultJson: string, impactsJson: string): string {
  return createHash('sha1').update(resultJson).update('\n').update(impactsJson).digest('base64url');
}
