// Every user-facing string lives in these translation files, Vietnamese first. The server and the
// command line load them all at once from here; the web app loads them per page (src/web/app/i18n.ts).
import { defaultLocale, type Locale, type Namespace } from './namespaces.ts';
import viCommon from './locales/vi/common.json';
import viAuth from './locales/vi/auth.json';
import viUnits from './locales/vi/units.json';
import viRuleSets from './locales/vi/ruleSets.json';
import viAssessments from './locales/vi/assessments.json';
import viScoring from './locales/vi/scoring.json';
import viEvidence from './locales/vi/evidence.json';
import viPublicPosting from './locales/vi/publicPosting.json';
import viDocuments from './locales/vi/documents.json';
import viRounds from './locales/vi/rounds.json';
import viRegister from './locales/vi/register.json';
import viRegisterImport from './locales/vi/registerImport.json';
import viRegisterUi from './locales/vi/registerUi.json';
import viLookups from './locales/vi/lookups.json';
import viSurveys from './locales/vi/surveys.json';
import viForums from './locales/vi/forums.json';
import viPlans from './locales/vi/plans.json';
import viPlansUi from './locales/vi/plansUi.json';
import viSurveysUi from './locales/vi/surveysUi.json';
import viInputsWorkbook from './locales/vi/inputsWorkbook.json';
import viForumsUi from './locales/vi/forumsUi.json';
import viReports from './locales/vi/reports.json';
import viReportsUi from './locales/vi/reportsUi.json';
import viHazards from './locales/vi/hazards.json';
import viHazardsUi from './locales/vi/hazardsUi.json';
import viActivities from './locales/vi/activities.json';
import viActivitiesUi from './locales/vi/activitiesUi.json';
import viGroups from './locales/vi/groups.json';
import viGroupsUi from './locales/vi/groupsUi.json';
import viStatistics from './locales/vi/statistics.json';
import viStatisticsUi from './locales/vi/statisticsUi.json';
import viDashboards from './locales/vi/dashboards.json';
import viDashboardsUi from './locales/vi/dashboardsUi.json';
import viMaps from './locales/vi/maps.json';
import viMapsUi from './locales/vi/mapsUi.json';
import viPortalUi from './locales/vi/portalUi.json';
import viPrivacy from './locales/vi/privacy.json';
import viPrivacyUi from './locales/vi/privacyUi.json';
import viUi from './locales/vi/ui.json';
import enCommon from './locales/en/common.json';
import enAuth from './locales/en/auth.json';
import enUnits from './locales/en/units.json';
import enRuleSets from './locales/en/ruleSets.json';
import enAssessments from './locales/en/assessments.json';
import enScoring from './locales/en/scoring.json';
import enEvidence from './locales/en/evidence.json';
import enPublicPosting from './locales/en/publicPosting.json';
import enDocuments from './locales/en/documents.json';
import enRounds from './locales/en/rounds.json';
import enRegister from './locales/en/register.json';
import enRegisterImport from './locales/en/registerImport.json';
import enRegisterUi from './locales/en/registerUi.json';
import enLookups from './locales/en/lookups.json';
import enSurveys from './locales/en/surveys.json';
import enForums from './locales/en/forums.json';
import enPlans from './locales/en/plans.json';
import enPlansUi from './locales/en/plansUi.json';
import enSurveysUi from './locales/en/surveysUi.json';
import enInputsWorkbook from './locales/en/inputsWorkbook.json';
import enForumsUi from './locales/en/forumsUi.json';
import enReports from './locales/en/reports.json';
import enReportsUi from './locales/en/reportsUi.json';
import enHazards from './locales/en/hazards.json';
import enHazardsUi from './locales/en/hazardsUi.json';
import enActivities from './locales/en/activities.json';
import enActivitiesUi from './locales/en/activitiesUi.json';
import enGroups from './locales/en/groups.json';
import enGroupsUi from './locales/en/groupsUi.json';
import enStatistics from './locales/en/statistics.json';
import enStatisticsUi from './locales/en/statisticsUi.json';
import enDashboards from './locales/en/dashboards.json';
import enDashboardsUi from './locales/en/dashboardsUi.json';
import enMaps from './locales/en/maps.json';
import enMapsUi from './locales/en/mapsUi.json';
import enPortalUi from './locales/en/portalUi.json';
import enPrivacy from './locales/en/privacy.json';
import enPrivacyUi from './locales/en/privacyUi.json';
import enUi from './locales/en/ui.json';

export * from './namespaces.ts';

// `satisfies`: each language holds exactly the shared list's namespaces (a missing or extra one fails tsc).
export const resources = {
  vi: {
    common: viCommon,
    auth: viAuth,
    units: viUnits,
    ruleSets: viRuleSets,
    assessments: viAssessments,
    scoring: viScoring,
    rounds: viRounds,
    documents: viDocuments,
    publicPosting: viPublicPosting,
    evidence: viEvidence,
    register: viRegister,
    registerImport: viRegisterImport,
    registerUi: viRegisterUi,
    lookups: viLookups,
    surveys: viSurveys,
    forums: viForums,
    plans: viPlans,
    plansUi: viPlansUi,
    surveysUi: viSurveysUi,
    inputsWorkbook: viInputsWorkbook,
    forumsUi: viForumsUi,
    reports: viReports,
    reportsUi: viReportsUi,
    hazards: viHazards,
    hazardsUi: viHazardsUi,
    activities: viActivities,
    activitiesUi: viActivitiesUi,
    groups: viGroups,
    groupsUi: viGroupsUi,
    statistics: viStatistics,
    statisticsUi: viStatisticsUi,
    dashboards: viDashboards,
    dashboardsUi: viDashboardsUi,
    maps: viMaps,
    mapsUi: viMapsUi,
    portalUi: viPortalUi,
    privacy: viPrivacy,
    privacyUi: viPrivacyUi,
    ui: viUi,
  },
  en: {
    common: enCommon,
    auth: enAuth,
    units: enUnits,
    ruleSets: enRuleSets,
    assessments: enAssessments,
    scoring: enScoring,
    rounds: enRounds,
    documents: enDocuments,
    publicPosting: enPublicPosting,
    evidence: enEvidence,
    register: enRegister,
    registerImport: enRegisterImport,
    registerUi: enRegisterUi,
    lookups: enLookups,
    surveys: enSurveys,
    forums: enForums,
    plans: enPlans,
    plansUi: enPlansUi,
    surveysUi: enSurveysUi,
    inputsWorkbook: enInputsWorkbook,
    forumsUi: enForumsUi,
    reports: enReports,
    reportsUi: enReportsUi,
    hazards: enHazards,
    hazardsUi: enHazardsUi,
    activities: enActivities,
    activitiesUi: enActivitiesUi,
    groups: enGroups,
    groupsUi: enGroupsUi,
    statistics: enStatistics,
    statisticsUi: enStatisticsUi,
    dashboards: enDashboards,
    dashboardsUi: enDashboardsUi,
    maps: enMaps,
    mapsUi: enMapsUi,
    portalUi: enPortalUi,
    privacy: enPrivacy,
    privacyUi: enPrivacyUi,
    ui: enUi,
  },
} as const satisfies Record<Locale, Record<Namespace, object>>;

export function pickLocale(header: string | undefined | null): Locale {
  if (!header) return defaultLocale;
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : defaultLocale;
}
