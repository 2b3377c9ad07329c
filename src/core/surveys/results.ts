// A survey's results: satisfaction per audience, response rate, the distribution of each question with
// small counts suppressed, and the C13 inputs they give.
import { suppressRow, type Cell, DEFAULT_MIN_COUNT } from '../register/suppression.ts';
import { isSatisfied, scaleValues, type Answers, type Questionnaire } from './questionnaire.ts';

export interface AudienceResult {
  audience: Questionnaire['audience'];
  questionnaire: { code: string; version: number };
  /** The versions the responses answered, oldest first. */
  versions: number[];
  issued: number;
  respondents: number;
  satisfied: number;
  /** Responses per issued code, in per cent, one decimal (null when no code was issued: paper only). */
  responseRate: number | null;
  /** A question's answers per value; a small count is hidden, and so is one more cell (or the total) so that it cannot be worked out. */
  questions: { code: string; answered: Cell; distribution: { value: number; count: Cell }[] }[];
}

/** Results of one audience; each response is scored with the questionnaire version it answered. */
export function audienceResult(
  versions: Map<number, Questionnaire>,
  responses: { version: number; answers: Answers }[],
  issued: number,
  k = DEFAULT_MIN_COUNT,
): AudienceResult {
  const latest = [...versions.values()].sort((a, b) => b.version - a.version)[0];
  if (!latest) throw new Error('audienceResult: no questionnaire version');
  let satisfied = 0;
  const answeredVersions = new Set<number>();
  const counts = new Map<string, Map<number, number>>();
  for (const r of responses) {
    const q = versions.get(r.version);
    if (!q) throw new Error(`audienceResult: response to unknown version ${r.version}`);
    answeredVersions.add(r.version);
    if (isSatisfied(q, r.answers)) satisfied++;
    for (const [code, value] of Object.entries(r.answers)) {
      let m = counts.get(code);
      if (!m) counts.set(code, (m = new Map()));
      m.set(value, (m.get(value) ?? 0) + 1);
    }
  }
  return {
    audience: latest.audience,
    questionnaire: { code: latest.code, version: latest.version },
    versions: [...answeredVersions].sort((a, b) => a - b),
    issued,
    respondents: responses.length,
    satisfied,
    responseRate: issued > 0 ? Math.round((responses.length / issued) * 1000) / 10 : null,
    questions: latest.questions.map((question) => {
      const m = counts.get(question.code) ?? new Map<number, number>();
      const values = scaleValues(question.scale);
      const { cells, total } = suppressRow(
        values.map((value) => m.get(value) ?? 0),
        k,
      );
      return {
        code: question.code,
        answered: total,
        distribution: values.map((value, i) => ({ value, count: cells[i]! })),
      };
    }),
  };
}

/**
 * Answers reach the results in steps of at least this many — the smallest count the results show — so
 * that results read before and after a step never isolate one respondent. Closing a survey releases the
 * rest, however few.
 */
export const RELEASE_STEP = DEFAULT_MIN_COUNT;

/** Whether a survey's held answers are released now: enough of them, or the survey closed. */
export function releaseDue(held: number, closed: boolean, step = RELEASE_STEP): boolean {
  return held > 0 && (closed || held >= step);
}

/** C13 counts children and residents together: everyone who answered, and everyone satisfied. */
export function c13Inputs(results: Pick<AudienceResult, 'respondents' | 'satisfied'>[]): {
  'C13.respondents': number;
  'C13.satisfied': number;
} {
  return {
    'C13.respondents': results.reduce((a, r) => a + r.respondents, 0),
    'C13.satisfied': results.reduce((a, r) => a + r.satisfied, 0),
  };
}
