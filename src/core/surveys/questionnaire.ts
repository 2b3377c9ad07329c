// Satisfaction questionnaires (criterion 13): versioned data with stable question codes, an answer
// scale a young child can use, and the rule that says which respondent counts as satisfied.
import { z } from 'zod';
import { AUDIENCES, SCALES, scaleValues, type ScaleCode } from './scales.ts';

export { AUDIENCES, SCALES, scaleValues, type Audience, type ScaleCode } from './scales.ts';

const Text = z.object({ vi: z.string().min(1).max(500), en: z.string().max(500).default('') });

export const questionSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]{0,31}$/),
  text: Text,
  scale: z.enum(Object.keys(SCALES) as [ScaleCode, ...ScaleCode[]]),
  required: z.boolean().default(true),
});

/**
 * A respondent is satisfied when, among the listed questions they answered, the share answered with
 * one of the satisfied values is at least `atLeast` (1 = all of them; one question = that question).
 */
export const satisfactionRuleSchema = z.object({
  questions: z.array(z.string()).min(1),
  satisfied: z.record(z.string(), z.array(z.number().int()).min(1)),
  atLeast: z.number().gt(0).max(1),
});

export const questionnaireSchema = z
  .object({
    code: z.string().regex(/^[a-z0-9-]{2,40}$/),
    version: z.number().int().positive(),
    audience: z.enum(AUDIENCES),
    title: Text,
    intro: Text,
    /** Age bands a child respondent chooses from (children's questionnaires). */
    ageBands: z.array(z.string().max(20)).default([]),
    questions: z.array(questionSchema).min(1).max(60),
    satisfaction: satisfactionRuleSchema,
  })
  .superRefine((q, ctx) => {
    const codes = new Map(q.questions.map((x) => [x.code, x]));
    if (codes.size !== q.questions.length)
      ctx.addIssue({ code: 'custom', path: ['questions'], message: 'duplicate_question' });
    q.satisfaction.questions.forEach((code, i) => {
      const question = codes.get(code);
      if (!question)
        return ctx.addIssue({ code: 'custom', path: ['satisfaction', 'questions', i], message: 'unknown_question' });
      const allowed = new Set(scaleValues(question.scale));
      const values = q.satisfaction.satisfied[code];
      if (!values)
        return ctx.addIssue({
          code: 'custom',
          path: ['satisfaction', 'satisfied', code],
          message: 'missing_satisfied_values',
        });
      if (values.some((v) => !allowed.has(v)))
        ctx.addIssue({ code: 'custom', path: ['satisfaction', 'satisfied', code], message: 'value_outside_scale' });
    });
  });
export type Questionnaire = z.infer<typeof questionnaireSchema>;
export type Answers = Record<string, number>;

export interface AnswerIssue {
  field: string;
  value: unknown;
  code: 'unknown_question' | 'outside_scale' | 'missing';
  params?: Record<string, unknown>;
}

/** Checks one respondent's answers against the questionnaire version they answered. */
export function checkAnswers(
  q: Questionnaire,
  answers: Record<string, unknown>,
): { ok: true; answers: Answers } | { ok: false; issues: AnswerIssue[] } {
  const issues: AnswerIssue[] = [];
  const byCode = new Map(q.questions.map((x) => [x.code, x]));
  for (const [code, value] of Object.entries(answers)) {
    const question = byCode.get(code);
    if (!question) issues.push({ field: code, value, code: 'unknown_question' });
    else if (typeof value !== 'number' || !scaleValues(question.scale).includes(value))
      issues.push({
        field: code,
        value,
        code: 'outside_scale',
        params: { allowed: scaleValues(question.scale).join(', ') },
      });
  }
  for (const question of q.questions)
    if (question.required && !(question.code in answers))
      issues.push({ field: question.code, value: null, code: 'missing' });
  return issues.length ? { ok: false, issues } : { ok: true, answers: answers as Answers };
}

/** Whether a respondent counts as satisfied under the questionnaire's rule (no rule question answered: not satisfied). */
export function isSatisfied(q: Questionnaire, answers: Answers): boolean {
  const rule = q.satisfaction;
  const answered = rule.questions.filter((code) => code in answers);
  if (!answered.length) return false;
  const yes = answered.filter((code) => rule.satisfied[code]!.includes(answers[code]!)).length;
  // A share written as a decimal (2/3 = 0.666…) must still admit exactly 2 of 3: compare with a tolerance.
  return yes >= rule.atLeast * answered.length - 1e-9;
}
