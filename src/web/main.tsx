// Entry point of the web app: language, session, routes. Every page loads on demand with the translation
// namespaces it uses (slow lines: the public pages stay light). tests/i18n/namespaces.test.ts checks the lists.
import { StrictMode, Suspense, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import './app/styles.css';
import { i18n, i18nReady } from './app/i18n.ts';
import { lazyPage } from './app/lazyPage.ts';
import { AuthProvider, useAuth } from './app/auth.tsx';
import { Loading } from './app/ui.tsx';
import { NotFoundPage } from './app/NotFoundPage.tsx';

// The frame of signed-in pages comes in its own chunk too: the public pages never render it.
const Shell = lazyPage(
  () => import('./app/Shell.tsx').then((m) => ({ default: m.Shell })),
  [
    'activitiesUi',
    'auth',
    'dashboardsUi',
    'forumsUi',
    'groupsUi',
    'hazardsUi',
    'lookups',
    'plansUi',
    'privacyUi',
    'registerUi',
    'reportsUi',
    'statisticsUi',
    'surveysUi',
    'ui',
  ],
);
const LoginPage = lazyPage(
  () => import('./features/auth/LoginPage.tsx').then((m) => ({ default: m.LoginPage })),
  ['auth'],
);
const HomeRedirect = lazyPage(
  () => import('./features/auth/HomeRedirect.tsx').then((m) => ({ default: m.HomeRedirect })),
  ['assessments'],
);

const AssessmentsListPage = lazyPage(
  () => import('./features/assessments/AssessmentsListPage.tsx'),
  ['assessments', 'scoring'],
);
const AssessmentFormPage = lazyPage(
  () => import('./features/assessments/AssessmentFormPage.tsx'),
  ['assessments', 'inputsWorkbook', 'registerUi', 'rounds', 'ruleSets', 'scoring'],
);
const RuleSetsListPage = lazyPage(() => import('./features/rule-sets/RuleSetsListPage.tsx'), ['ruleSets']);
const RuleSetPage = lazyPage(() => import('./features/rule-sets/RuleSetPage.tsx'), ['ruleSets', 'scoring', 'ui']);
const UnitsPage = lazyPage(() => import('./features/units/UnitsPage.tsx'), []);
const UnitPage = lazyPage(() => import('./features/units/UnitPage.tsx'), []);
const RoundsListPage = lazyPage(() => import('./features/rounds/RoundsListPage.tsx'), ['assessments', 'rounds', 'ui']);
const RoundPage = lazyPage(
  () => import('./features/rounds/RoundPage.tsx'),
  ['assessments', 'groupsUi', 'rounds', 'scoring', 'ui'],
);
const DossierPage = lazyPage(
  () => import('./features/rounds/DossierPage.tsx'),
  ['assessments', 'evidence', 'groupsUi', 'publicPosting', 'rounds', 'scoring', 'ui'],
);
const RegisterPage = lazyPage(() => import('./features/register/RegisterPage.tsx'), ['register', 'registerUi', 'ui']);
const ChildPage = lazyPage(() => import('./features/register/ChildPage.tsx'), ['register', 'registerUi', 'ui']);
const CasesPage = lazyPage(() => import('./features/register/CasesPage.tsx'), ['register', 'registerUi', 'ui']);
const CasePage = lazyPage(
  () => import('./features/register/CasePage.tsx'),
  ['assessments', 'register', 'registerUi', 'ui'],
);
const ImportPage = lazyPage(() => import('./features/register/ImportPage.tsx'), ['registerUi', 'ui']);
const AccessLogPage = lazyPage(() => import('./features/register/AccessLogPage.tsx'), ['registerUi', 'ui']);
const GroupsPage = lazyPage(() => import('./features/lookups/GroupsPage.tsx'), ['lookups', 'ui']);
const HolidaysPage = lazyPage(() => import('./features/lookups/HolidaysPage.tsx'), ['lookups', 'ui']);
const PublicLayout = lazyPage(() => import('./features/public/PublicLayout.tsx'), ['portalUi', 'rounds']);
const PublicRecognizedPage = lazyPage(
  () => import('./features/public/PublicRecognizedPage.tsx'),
  ['portalUi', 'rounds'],
);
const PublicCommunePage = lazyPage(
  () => import('./features/public/PublicCommunePage.tsx'),
  ['assessments', 'portalUi', 'rounds', 'scoring'],
);
const PublicProvincePage = lazyPage(
  () => import('./features/public/PublicProvincePage.tsx'),
  ['portalUi', 'rounds', 'surveysUi'],
);
const HotlineFrame = lazyPage(() => import('./features/public/Hotline.tsx'), ['portalUi']);
const PasswordPage = lazyPage(() => import('./features/auth/PasswordPage.tsx'), ['auth', 'ui']);
const PublicSurveyPage = lazyPage(() => import('./features/surveys/PublicSurveyPage.tsx'), ['surveysUi']);
const CommuneSurveysPage = lazyPage(
  () => import('./features/surveys/CommuneSurveysPage.tsx'),
  ['assessments', 'surveysUi', 'ui'],
);
const QuestionnairesPage = lazyPage(() => import('./features/surveys/QuestionnairesPage.tsx'), ['surveysUi', 'ui']);
const ForumsPage = lazyPage(() => import('./features/forums/ForumsPage.tsx'), ['forums', 'forumsUi', 'ui']);
const HazardsPage = lazyPage(() => import('./features/hazards/HazardsPage.tsx'), ['hazards', 'hazardsUi', 'ui']);
const ActivitiesPage = lazyPage(
  () => import('./features/activities/ActivitiesPage.tsx'),
  ['activities', 'activitiesUi', 'ui'],
);
const GroupingsPage = lazyPage(() => import('./features/groups/GroupingsPage.tsx'), ['groupsUi', 'ui']);
const DashboardPage = lazyPage(
  () => import('./features/dashboards/DashboardPage.tsx'),
  ['dashboards', 'dashboardsUi', 'mapsUi', 'rounds', 'scoring'],
);
const DashboardHome = lazyPage(() => import('./features/dashboards/DashboardHome.tsx'), ['dashboardsUi']);
const BoundaryImportPage = lazyPage(() => import('./features/maps/BoundaryImportPage.tsx'), ['mapsUi', 'ui']);
const ReportsPage = lazyPage(() => import('./features/reports/ReportsPage.tsx'), ['reportsUi', 'ui']);
const ConsolidatedPage = lazyPage(() => import('./features/reports/ConsolidatedPage.tsx'), ['reportsUi', 'ui']);
const ForumReportPage = lazyPage(() => import('./features/reports/ForumReportPage.tsx'), ['reportsUi', 'ui']);
const ForumReportsPage = lazyPage(() => import('./features/reports/ForumReportsPage.tsx'), ['reportsUi', 'ui']);
const StatisticsPage = lazyPage(() => import('./features/statistics/StatisticsPage.tsx'), ['statisticsUi', 'ui']);
const PlansPage = lazyPage(() => import('./features/plans/PlansPage.tsx'), ['plansUi', 'ui']);
const PlanPage = lazyPage(() => import('./features/plans/PlanPage.tsx'), ['assessments', 'plansUi', 'ui']);
const PlanTasksPage = lazyPage(() => import('./features/plans/TasksPage.tsx'), ['plansUi', 'ui']);
const PlanCoveragePage = lazyPage(() => import('./features/plans/CoveragePage.tsx'), ['plansUi', 'ui']);
const PrivacyPage = lazyPage(() => import('./features/privacy/PrivacyPage.tsx'), ['privacyUi', 'ui']);
const PrivacyAdminPage = lazyPage(
  () => import('./features/privacy/PrivacyAdminPage.tsx'),
  ['privacy', 'privacyUi', 'registerUi', 'ui'],
);

function RequireAuth({ children }: { children: ReactNode }) {
  const { user, checking } = useAuth();
  const location = useLocation();
  if (checking) return <Loading />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            {/* Public pages: no login. */}
            <Route path="/cong-khai" element={<PublicLayout />}>
              <Route index element={<PublicRecognizedPage />} />
              <Route path=":code" element={<PublicCommunePage />} />
              <Route path="tinh/:code" element={<PublicProvincePage />} />
            </Route>
            {/* The public answer page of a satisfaction survey: a one-time code, no account, no name. */}
            <Route element={<HotlineFrame />}>
              <Route path="/khao-sat" element={<PublicSurveyPage />} />
            </Route>
            <Route
              element={
                <RequireAuth>
                  <Shell />
                </RequireAuth>
              }
            >
              <Route index element={<HomeRedirect />} />
              <Route path="assessments" element={<AssessmentsListPage />} />
              <Route path="assessments/:unitId/:periodId" element={<AssessmentFormPage />} />
              <Route path="rule-sets" element={<RuleSetsListPage />} />
              <Route path="rule-sets/:id" element={<RuleSetPage />} />
              <Route path="units" element={<UnitsPage />} />
              <Route path="units/:id" element={<UnitPage />} />
              <Route path="rounds" element={<RoundsListPage />} />
              <Route path="rounds/:id" element={<RoundPage />} />
              <Route path="rounds/:id/entries/:unitId" element={<DossierPage />} />
              <Route path="register/:unitId" element={<RegisterPage />} />
              <Route path="register/:unitId/children/:childId" element={<ChildPage />} />
              <Route path="register/:unitId/cases" element={<CasesPage />} />
              <Route path="register/:unitId/cases/:caseId" element={<CasePage />} />
              <Route path="register/:unitId/import" element={<ImportPage />} />
              <Route path="register/:unitId/access-log" element={<AccessLogPage />} />
              <Route path="surveys/:unitId" element={<CommuneSurveysPage />} />
              <Route path="questionnaires" element={<QuestionnairesPage />} />
              <Route path="questionnaires/:code" element={<QuestionnairesPage />} />
              <Route path="forums/:unitId" element={<ForumsPage />} />
              <Route path="hazards/:unitId" element={<HazardsPage />} />
              <Route path="activities/:unitId" element={<ActivitiesPage />} />
              <Route path="groupings/:unitId" element={<GroupingsPage />} />
              <Route path="dashboard" element={<DashboardHome />} />
              <Route path="maps/import" element={<BoundaryImportPage />} />
              <Route path="dashboard/nation" element={<DashboardPage level="nation" />} />
              <Route path="dashboard/provinces/:id" element={<DashboardPage level="province" />} />
              <Route path="dashboard/communes/:id" element={<DashboardPage level="commune" />} />
              <Route path="reports/:unitId" element={<ReportsPage />} />
              <Route path="reports/:unitId/consolidated" element={<ConsolidatedPage />} />
              <Route path="reports/:unitId/forums/:forumId" element={<ForumReportPage />} />
              <Route path="reports/:unitId/forum-reports" element={<ForumReportsPage />} />
              <Route path="statistics/:unitId" element={<StatisticsPage />} />
              <Route path="plans/:unitId" element={<PlansPage />} />
              <Route path="plans/:unitId/tasks" element={<PlanTasksPage />} />
              <Route path="plans/:unitId/coverage" element={<PlanCoveragePage />} />
              <Route path="plans/:unitId/:planId" element={<PlanPage />} />
              <Route path="register-groups" element={<GroupsPage />} />
              <Route path="holidays" element={<HolidaysPage />} />
              <Route path="account/password" element={<PasswordPage />} />
              <Route path="privacy" element={<PrivacyPage />} />
              <Route path="privacy/admin" element={<PrivacyAdminPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </Suspense>
      </AuthProvider>
    </BrowserRouter>
  );
}

const root = document.getElementById('root');
// After the current language's common strings are in (bundled for Vietnamese, one small file for English).
if (root)
  void i18nReady.then(() =>
    createRoot(root).render(
      <StrictMode>
        <I18nextProvider i18n={i18n}>
          <App />
        </I18nextProvider>
      </StrictMode>,
    ),
  );
