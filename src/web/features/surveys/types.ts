// Shapes of the survey API as the web app reads them.
import type { Audience, ScaleCode } from '../../../core/surveys/questionnaire.ts';

export interface LocalText {
  vi: string;
  en: string;
}

export interface SurveyQuestion {
  code: string;
  text: LocalText;
  scale: ScaleCode;
  required: boolean;
}

export interface SurveyQuestionnaire {
  code?: string;
  version?: number;
  audience?: Audience;
  title: LocalText;
  intro: LocalText;
  ageBands: string[];
  questions: SurveyQuestion[];
}

export interface PublicSurvey {
  code: string;
  surveyId: number;
  audience: Audience;
  commune: string;
  year: number;
  questionnaire: SurveyQuestionnaire;
}

export interface CommuneSurvey {
  id: number;
  audience: Audience;
  questionnaireCode: string;
  sampleSize: number;
  issued: number;
  /** How many codes were used, never which. */
  used: number;
  /** Released answers: the ones counted in results. */
  responses: number;
  /** Answers held until at least 5 wait or the survey is closed. */
  waiting: number;
  closedAt: string | null;
}

/** A code to print: no mark of whether it was used. */
export interface SurveyCode {
  code: string;
}

export type Cell = { value: number; suppressed: false } | { value: null; suppressed: true };

export interface AudienceResult {
  surveyId: number;
  audience: Audience;
  issued: number;
  respondents: number;
  satisfied: number;
  responseRate: number | null;
  questions: { code: string; answered: Cell; distribution: { value: number; count: Cell }[] }[];
}

export interface SurveyResults {
  results: AudienceResult[];
  inputs: { 'C13.respondents': number; 'C13.satisfied': number };
}

export interface SatisfactionRule {
  questions: string[];
  satisfied: Record<string, number[]>;
  atLeast: number;
}

/** A questionnaire as stored: the full definition. */
export interface QuestionnaireDefinition extends SurveyQuestionnaire {
  code: string;
  version: number;
  audience: Audience;
  satisfaction: SatisfactionRule;
}

/** One version in the editor's history. */
export interface QuestionnaireVersion {
  id: number;
  definition: QuestionnaireDefinition;
  createdAt: string;
  responses: number;
}
