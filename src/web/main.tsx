// Entry point of the web app: language, session, routes. Heavier pages load on demand (slow lines).
import { lazy, StrictMode, Suspense, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import './app/styles.css';
import { i18n } from './app/i18n.ts';
import { AuthProvider, useAuth } from './app/auth.tsx';
import { Shell } from './app/Shell.tsx';
import { Loading } from './app/ui.tsx';
import { NotFoundPage } from './app/NotFoundPage.tsx';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { HomeRedirect } from './features/auth/HomeRedirect.tsx';

const AssessmentsListPage = lazy(() => import('./features/assessments/AssessmentsListPage.tsx'));
const AssessmentFormPage = lazy(() => import('./features/assessments/AssessmentFormPage.tsx'));
const RuleSetsListPage = lazy(() => import('./features/rule-sets/RuleSetsListPage.tsx'));
const RuleSetPage = lazy(() => import('./features/rule-sets/RuleSetPage.tsx'));
const UnitsPage = lazy(() => import('./features/units/UnitsPage.tsx'));
const UnitPage = lazy(() => import('./features/units/UnitPage.tsx'));
const RoundsListPage = lazy(() => import('./features/rounds/RoundsListPage.tsx'));
const RoundPage = lazy(() => import('./features/rounds/RoundPage.tsx'));
const DossierPage = lazy(() => import('./features/rounds/DossierPage.tsx'));
const RegisterPage = lazy(() => import('./features/register/RegisterPage.tsx'));
const ChildPage = lazy(() => import('./features/register/ChildPage.tsx'));
const CasesPage = lazy(() => import('./features/register/CasesPage.tsx'));
const CasePage = lazy(() => import('./features/register/CasePage.tsx'));
const ImportPage = lazy(() => import('./features/register/ImportPage.tsx'));
const AccessLogPage = lazy(() => import('./features/register/AccessLogPage.tsx'));
const GroupsPage = lazy(() => import('./features/lookups/GroupsPage.tsx'));
const HolidaysPage = lazy(() => import('./features/lookups/HolidaysPage.tsx'));
const PublicLayout = lazy(() => import('./features/public/PublicLayout.tsx'));
const PublicRecognizedPage = lazy(() => import('./features/public/PublicRecognizedPage.tsx'));
const PublicCommunePage = lazy(() => import('./features/public/PublicCommunePage.tsx'));
const PublicProvincePage = lazy(() => import('./features/public/PublicProvincePage.tsx'));
const HotlineFrame = lazy(() => import('./features/public/Hotline.tsx'));
const PasswordPage = lazy(() => import('./features/auth/PasswordPage.tsx'));
const PublicSurveyPage = lazy(() => import('./features/surveys/PublicSurveyPage.tsx'));
const CommuneSurveysPage = lazy(() => import('./features/surveys/CommuneSurveysPage.tsx'));
const QuestionnairesPage = lazy(() => import('./features/surveys/QuestionnairesPage.tsx'));
const ForumsPage = lazy(() => import('./features/forums/ForumsPage.tsx'));
const DashboardPage = lazy(() => import('./features/dashboards/DashboardPage.tsx'));
const DashboardHome = lazy(() => import('./features/dashboards/DashboardHome.tsx'));
const BoundaryImportPage = lazy(() => import('./features/maps/BoundaryImportPage.tsx'));
const ReportsPage = lazy(() => import('./features/reports/ReportsPage.tsx'));
const ConsolidatedPage = lazy(() => import('./features/reports/ConsolidatedPage.tsx'));
const PlansPage = lazy(() => import('./features/plans/PlansPage.tsx'));
const PlanPage = lazy(() => import('./features/plans/PlanPage.tsx'));
const PlanTasksPage = lazy(() => import('./features/plans/TasksPage.tsx'));
const PrivacyPage = lazy(() => import('./features/privacy/PrivacyPage.tsx'));
const PrivacyAdminPage = lazy(() => import('./features/privacy/PrivacyAdminPage.tsx'));

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
              <Route path="dashboard" element={<DashboardHome />} />
              <Route path="maps/import" element={<BoundaryImportPage />} />
              <Route path="dashboard/nation" element={<DashboardPage level="nation" />} />
              <Route path="dashboard/provinces/:id" element={<DashboardPage level="province" />} />
              <Route path="dashboard/communes/:id" element={<DashboardPage level="commune" />} />
              <Route path="reports/:unitId" element={<ReportsPage />} />
              <Route path="reports/:unitId/consolidated" element={<ConsolidatedPage />} />
              <Route path="plans/:unitId" element={<PlansPage />} />
              <Route path="plans/:unitId/tasks" element={<PlanTasksPage />} />
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
if (root)
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App />
      </I18nextProvider>
    </StrictMode>,
  );
