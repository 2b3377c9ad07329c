// Fuzzing the other inputs people type: survey answers and response codes, the yearly plan, and public
// comments. Each answers with its documented result (issues, null, an Refusal naming the field), never
// with another exception, and within a bounded time (the comment checks run regular expressions).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkAnswers, isSatisfied, scaleValues } from '../../src/core/surveys/questionnaire.ts';
import { PRESET_QUESTIONNAIRES } from '../../src/core/surveys/presets/questionnaires.ts';
import { codeFromBytes, normaliseCode } from '../../src/core/surveys/codes.ts';
import { checkPlan, planInput } from '../../src/core/plans/plan.ts';
import { INDICATORS } from '../../src/core/plans/indicators.ts';
import { checkBody, COMMENT_MAX } from '../../src/server/features/public-posting/store.ts';
import { Refusal } from '../../src/server/platform/refusal.ts';
import { say } from '../../src/server/http/errors.ts';
import { translator } from '../../src/i18n/index.ts';
import { bounded, fuzz } from './seeds.ts';

const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

describe('survey answers (checkAnswers)', () => {
  const q = fc.constantFrom(...PRESET_QUESTIONNAIRES);
  const anyAnswers = (codes: string[]) =>
    fc.dictionary(
      fc.oneof(fc.constantFrom(...codes), fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 6 })),
      fc.oneof(
        fc.integer({ min: -2, max: 7 }),
        fc.double(),
        fc.string({ maxLength: 3 }),
        fc.boolean(),
        fc.constant(null),
      ),
      { maxKeys: 20 },
    );
  it('any answers: ok with exactly the answers given, or issues each naming a question', () => {
    fc.assert(
      fc.property(
        q.chain((qn) => fc.tuple(fc.constant(qn), anyAnswers(qn.questions.map((x) => x.code)))),
        ([qn, answers]) => {
          const raw = JSON.parse(JSON.stringify(answers)) as Record<string, unknown>;
          const out = checkAnswers(qn, raw);
          if (out.ok) {
            expect(isSatisfied(qn, out.answers)).toBeTypeOf('boolean');
            return;
          }
          for (const i of out.issues) {
            expect(['unknown_question', 'outside_scale', 'missing']).toContain(i.code);
            if (i.code === 'unknown_question') expect(Object.keys(raw)).toContain(i.field);
            else expect(qn.questions.map((x) => x.code)).toContain(i.field);
          }
        },
      ),
      fuzz('surveys.answers', 300),
    );
  });

  it('answers generated from the scales are accepted, and satisfied follows the rule', () => {
    const good = q.chain((qn) =>
      fc.tuple(
        fc.constant(qn),
        fc.tuple(
          ...qn.questions.map((x) =>
            fc.option(fc.constantFrom(...scaleValues(x.scale)), { nil: undefined, freq: x.required ? 1e9 : 3 }),
          ),
        ),
      ),
    );
    fc.assert(
      fc.property(good, ([qn, values]) => {
        const answers: Record<string, number> = {};
        qn.questions.forEach((x, i) => {
          if (values[i] !== undefined || x.required) answers[x.code] = values[i] ?? scaleValues(x.scale)[0]!;
        });
        const out = checkAnswers(qn, answers);
        if (!out.ok) throw new Error(JSON.stringify(out.issues));
        const rule = qn.satisfaction;
        const answered = rule.questions.filter((c) => c in answers);
        const yes = answered.filter((c) => rule.satisfied[c]!.includes(answers[c]!)).length;
        expect(isSatisfied(qn, out.answers)).toBe(answered.length > 0 && yes / answered.length >= rule.atLeast - 1e-9);
      }),
      fuzz('surveys.answers', 200),
    );
  });
});

describe('response codes (normaliseCode)', () => {
  it('any text: null, or the printed form that normalises to itself', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 16 }),
          fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFGHJKMNPQRSTVWXYZOIL- abc'), maxLength: 14 }),
        ),
        (typed) => {
          const code = normaliseCode(typed);
          if (code === null) return;
          expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$/);
          expect(normaliseCode(code)).toBe(code);
        },
      ),
      fuzz('surveys.code', 500),
    );
  });

  it('a printed code is read back however it is typed (lower case, spaces, O for 0, I or L for 1)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 5, maxLength: 5 }), fc.boolean(), fc.boolean(), (bytes, lower, spaced) => {
        const code = codeFromBytes(bytes);
        let typed = code.replace(/0/g, 'O').replace(/1/g, lower ? 'l' : 'I');
        if (lower) typed = typed.toLowerCase();
        if (spaced) typed = typed.replace(/-/g, ' ');
        expect(normaliseCode(typed)).toBe(code);
      }),
      fuzz('surveys.code', 300),
    );
  });
});

describe('yearly plan input (planInput + checkPlan)', () => {
  const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', '   ', 'Kế hoạch'));
  const indicator = fc.oneof(
    fc.constantFrom(...INDICATORS.map((i) => i.code)),
    fc.constantFrom(...PROTO_KEYS),
    fc.string({ maxLength: 6 }),
    fc.constant(null),
  );
  const planArb = fc.record(
    {
      year: fc.oneof(fc.integer({ min: 1990, max: 2110 }), fc.double()),
      title: text,
      place: text,
      sixMonthDue: fc.oneof(
        fc.constantFrom('05-10', '02-29', '02-30', '13-01', '00-00', '1-1'),
        fc.string({ maxLength: 5 }),
      ),
      annualDue: fc.constantFrom('11-10', '04-31', '12-31'),
      targets: fc.array(
        fc.record(
          {
            text,
            indicator,
            goal: fc.oneof(
              fc.constant(null),
              fc.double({ noNaN: true, noDefaultInfinity: true }),
              fc.integer({ min: -5, max: 200 }),
            ),
          },
          { requiredKeys: ['text'] },
        ),
        { maxLength: 4 },
      ),
      tasks: fc.array(
        fc.record(
          {
            text,
            dueOn: fc.oneof(
              fc.constant(null),
              fc.constantFrom('2026-02-29', '2024-02-29', '2025-13-01', '2027-06-30', '1999-01-01', 'x'),
            ),
            agencyIds: fc.array(fc.integer({ min: -1, max: 6 }), { maxLength: 4 }),
          },
          { requiredKeys: ['text'] },
        ),
        { maxLength: 4 },
      ),
      assignments: fc.array(fc.record({ agencyId: fc.integer({ min: -1, max: 6 }), duties: text }), { maxLength: 3 }),
    },
    { requiredKeys: ['year', 'title', 'place'] },
  );
  it('any body: the schema refuses it, or checkPlan answers issues whose field is a path of the input', () => {
    fc.assert(
      fc.property(fc.oneof(planArb, fc.jsonValue({ maxDepth: 3 })), (raw) =>
        bounded(300, () => {
          const parsed = planInput.safeParse(raw);
          if (!parsed.success) return;
          const issues = checkPlan(parsed.data, new Set([1, 2, 3]));
          for (const i of issues) {
            expect(i.key).toMatch(/^issue\.[a-z_]+$/);
            // The field is a key of an object of the input (a missing goal is named where it belongs).
            const parts = i.field.split('.');
            let at: unknown = parsed.data;
            for (const part of parts.slice(0, -1)) at = (at as Record<string, unknown>)?.[part];
            expect(at, i.field).toBeTypeOf('object');
            expect(Object.keys(planInput.shape).includes(parts[0]!) || parts.length > 1, i.field).toBe(true);
          }
        }),
      ),
      fuzz('plans.input', 300),
    );
  });
});

describe('public comments (checkBody)', () => {
  const body = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: fc.constantFrom(...'0123456789 .-+@a'), maxLength: COMMENT_MAX + 20 }),
    fc.string({ unit: fc.constantFrom(...'a@.b1'), minLength: COMMENT_MAX - 50, maxLength: COMMENT_MAX }),
    fc.constantFrom('0912 345 678', '+84 912.345.678', 'a@b.vn', 'x\u0000y', '\u0007', ' ', 'á'.normalize('NFD')),
  );
  it('any text: the cleaned text, or a Refusal whose issue names the field', () => {
    fc.assert(
      fc.property(body, fc.boolean(), (raw, personal) =>
        bounded(250, () => {
          let out: string;
          try {
            out = checkBody(raw, 'body', { personalData: personal });
          } catch (e) {
            expect(e).toBeInstanceOf(Refusal);
            const err = e as Refusal;
            expect(err.kind).toBe('invalid');
            expect(err.issues[0]?.field).toBe('body');
            expect(say(translator('en'), err.issues[0]!.message, 'en').length).toBeGreaterThan(5);
            return;
          }
          expect(out.length).toBeGreaterThan(0);
          expect(out.length).toBeLessThanOrEqual(COMMENT_MAX);
          expect(out).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/);
          expect(out).toBe(out.trim());
        }),
      ),
      fuzz('comments.body', 300),
    );
  });
});
