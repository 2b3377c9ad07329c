// What the survey routes take and answer. Answers are serialised through these schemas: a field not listed
// never leaves the server. No answer links a response to its code, its time or its respondent.
import { z } from 'zod';
import { AUDIENCES, SCALES, type ScaleCode } from '../../../core/surveys/questionnaire.ts';
import { BodyId } from '../../http/schemas.ts';

const LocalText = z.object({ vi: z.string(), en: z.string() });
const Audience = z.enum(AUDIENCES);
const Scale = z.enum(Object.keys(SCALES) as [ScaleCode, ...ScaleCode[]]);

export const SurveyQuestionBody = z
  .object({ code: z.string(), text: LocalText, scale: Scale, required: z.boolean() })
  .meta({ id: 'SurveyQuestion' });
/** A questionnaire as stored (validated when saved; read back as it is, without the editor's checks). */
export const QuestionnaireBody = z
  .object({
    code: z.string(),
    version: z.number().int(),
    audience: Audience,
    title: LocalText,
    intro: LocalText,
    ageBands: z.array(z.string()),
    questions: z.array(SurveyQuestionBody),
    satisfaction: z.object({
      questions: z.array(z.string()),
      satisfied: z.record(z.string(), z.array(z.number().int())),
      atLeast: z.number(),
    }),
  })
  .meta({ id: 'Questionnaire' });

export const StoredQuestionnaireBody = z
  .object({ id: z.number().int(), definition: QuestionnaireBody })
  .meta({ id: 'StoredQuestionnaire' });
export const QuestionnaireVersionBody = z
  .object({ id: z.number().int(), definition: QuestionnaireBody, createdAt: z.string(), responses: z.number().int() })
  .meta({ id: 'QuestionnaireVersion' });
export const QuestionnaireSavedBody = z
  .object({ id: z.number().int(), version: z.number().int(), newVersion: z.boolean() })
  .meta({ id: 'QuestionnaireSaved' });

export const NewSurveyBody = z.object({
  periodId: BodyId,
  audience: Audience,
  sampleSize: z.number().int().min(1).max(5000),
  questionnaireCode: z.string().max(40).optional(),
});
export const SurveyCreatedBody = z.object({ id: z.number().int() }).meta({ id: 'SurveyCreated' });

/** A commune's survey: counts only — how many codes were used and how many answers wait, never which. */
export const CommuneSurveyBody = z
  .object({
    id: z.number().int(),
    audience: Audience,
    questionnaireCode: z.string(),
    sampleSize: z.number().int(),
    issued: z.number().int(),
    used: z.number().int(),
    responses: z.number().int(),
    waiting: z.number().int(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: 'CommuneSurvey' });
/** A code to print: no mark of whether it was used. */
export const SurveyCodeBody = z.object({ code: z.string() }).meta({ id: 'SurveyCode' });

const Answers = z.record(z.string().max(40), z.unknown());
export const PaperResponseBody = z.object({
  answers: Answers,
  ageBand: z.string().max(20).nullable().optional(),
  code: z.string().max(20).nullable().optional(),
});
export const PublicResponseBody = z.object({ answers: Answers, ageBand: z.string().max(20).nullable().optional() });
export const PaperSavedBody = z
  .object({ surveyId: z.number().int(), version: z.number().int() })
  .meta({ id: 'PaperResponseSaved' });
export const PublicSavedBody = z
  .object({ ok: z.literal(true), version: z.number().int() })
  .meta({ id: 'SurveyResponseSaved' });
export const SurveyClosedBody = z.object({ released: z.number().int() }).meta({ id: 'SurveyClosed' });

const Cell = z.union([
  z.object({ value: z.number(), suppressed: z.literal(false) }),
  z.object({ value: z.null(), suppressed: z.literal(true) }),
]);
/** One audience's results; a small count is withheld, and one more cell so that it cannot be worked out. */
export const AudienceResultBody = z
  .object({
    surveyId: z.number().int(),
    audience: Audience,
    questionnaire: z.object({ code: z.string(), version: z.number().int() }),
    versions: z.array(z.number().int()),
    issued: z.number().int(),
    respondents: z.number().int(),
    satisfied: z.number().int(),
    responseRate: z.number().nullable(),
    questions: z.array(
      z.object({
        code: z.string(),
        answered: Cell,
        distribution: z.array(z.object({ value: z.number(), count: Cell })),
      }),
    ),
  })
  .meta({ id: 'AudienceResult' });
export const SurveyResultsBody = z
  .object({
    results: z.array(AudienceResultBody),
    inputs: z.object({ 'C13.respondents': z.number().int(), 'C13.satisfied': z.number().int() }),
  })
  .meta({ id: 'SurveyResults' });

/** What the public page shows for a code: the questionnaire, the commune and the year. */
export const PublicSurveyBody = z
  .object({
    code: z.string(),
    surveyId: z.number().int(),
    audience: Audience,
    commune: z.string(),
    year: z.number().int(),
    questionnaire: QuestionnaireBody,
  })
  .meta({ id: 'PublicSurvey' });

export type SurveyQuestion = z.infer<typeof SurveyQuestionBody>;
export type QuestionnaireDefinition = z.infer<typeof QuestionnaireBody>;
export type StoredQuestionnaire = z.infer<typeof StoredQuestionnaireBody>;
export type QuestionnaireVersion = z.infer<typeof QuestionnaireVersionBody>;
export type QuestionnaireSaved = z.infer<typeof QuestionnaireSavedBody>;
export type CommuneSurvey = z.infer<typeof CommuneSurveyBody>;
export type SurveyCode = z.infer<typeof SurveyCodeBody>;
export type AudienceResult = z.infer<typeof AudienceResultBody>;
export type SurveyResults = z.infer<typeof SurveyResultsBody>;
export type PublicSurvey = z.infer<typeof PublicSurveyBody>;
export type SurveyClosed = z.infer<typeof SurveyClosedBody>;
