// Shapes of the survey API: the server's contracts (src/server/features/surveys/contracts.ts).
export type {
  AudienceResult,
  CommuneSurvey,
  PublicSurvey,
  QuestionnaireDefinition,
  QuestionnaireDefinition as SurveyQuestionnaire,
  QuestionnaireVersion,
  SurveyCode,
  SurveyQuestion,
  SurveyResults,
} from '../../../server/features/surveys/contracts.ts';
