// The one list of languages and translation namespaces (files under locales/<lng>/<ns>.json).
// The server bundles them all (resources.ts); the web app bundles `common` and loads the rest per page
// (src/web/app/i18n.ts). Both are checked against this list, so a new namespace goes here first.

export const locales = ['vi', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'vi';

export const namespaces = [
  'common',
  'auth',
  'units',
  'ruleSets',
  'assessments',
  'scoring',
  'rounds',
  'documents',
  'publicPosting',
  'evidence',
  'register',
  'registerImport',
  'registerUi',
  'lookups',
  'surveys',
  'forums',
  'plans',
  'plansUi',
  'surveysUi',
  'inputsWorkbook',
  'forumsUi',
  'reports',
  'reportsUi',
  'dashboards',
  'dashboardsUi',
  'maps',
  'mapsUi',
  'portalUi',
  'privacy',
  'privacyUi',
  'ui',
  'hazards',
  'hazardsUi',
  'activities',
  'activitiesUi',
  'groups',
  'groupsUi',
  'statistics',
  'statisticsUi',
] as const;
export type Namespace = (typeof namespaces)[number];

/** Always in the web app's main bundle (Vietnamese): what every page, its loading line and its errors use. */
export const bundledNamespace = 'common' satisfies Namespace;
