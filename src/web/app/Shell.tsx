// The frame of every page after login: product name, who is logged in, language switch, logout, the main menu.
import { Suspense, useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from './auth.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Loading } from './ui.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { MainNav, type NavItem } from './MainNav.tsx';
import { NotificationsBell } from '../features/rounds/NotificationsBell.tsx';
import { OfflineStatus } from './offline/OfflineStatus.tsx';
import { useOutbox } from './offline/outbox.ts';
import { registerServiceWorker } from './offline/register-sw.ts';
import { ConfirmDialog } from '../ui/confirm.tsx';

/** The commune whose child register the person keeps: officer, chairman or village collaborator. */
function registerCommune(roles: ReadonlyArray<{ role: string; unitId: number | null }>): number | null {
  return (
    roles.find(
      (r) =>
        (r.role === 'commune_officer' || r.role === 'commune_chairman' || r.role === 'collaborator') &&
        r.unitId !== null,
    )?.unitId ?? null
  );
}

export function Shell() {
  const { t } = useTranslation();
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const outbox = useOutbox();
  // Signing out wipes the device's store, unsent changes included: asked first, with how many.
  const [askLogout, setAskLogout] = useState(false);
  // Installed for signed-in officials only: a citizen opening a public page on a slow line does not download the app.
  useEffect(() => {
    if (user) registerServiceWorker();
  }, [user]);
  if (!user) return null;
  const roleName = (role: string) =>
    t(`common:role.${role}`, { defaultValue: t(`registerUi:role.${role}`, { defaultValue: role }) });
  const roles = user.roles.map((r) => (r.unitName ? `${roleName(r.role)} · ${r.unitName}` : roleName(r.role)));
  const register = registerCommune(user.roles);
  const surveys =
    user.roles.find((r) => (r.role === 'commune_officer' || r.role === 'commune_chairman') && r.unitId !== null)
      ?.unitId ?? null;
  const onlyRegister = user.roles.length > 0 && user.roles.every((r) => r.role === 'collaborator');
  const isAdmin = user.roles.some((r) => r.role === 'system_admin');
  const isProvinceOfficial = user.roles.some((r) => r.role === 'province_official');
  const isMinistry = user.roles.some((r) => r.role === 'ministry_official');
  // The ministry reads aggregates only: no commune's assessments or dossiers to list.
  const onlyMinistry = user.roles.length > 0 && user.roles.every((r) => r.role === 'ministry_official');
  // The plans a province official writes are the province's own.
  const provinceUnit = user.roles.find((r) => r.role === 'province_official' && r.unitId !== null)?.unitId ?? null;

  const item = (when: boolean, to: string, label: string): NavItem[] => (when ? [{ to, label }] : []);
  const items: NavItem[] = [
    ...item(!onlyRegister && !onlyMinistry, '/assessments', t('common:nav.assessments')),
    ...item(!onlyRegister, '/dashboard', t('dashboardsUi:nav')),
    ...item(register !== null, `/register/${register}`, t('registerUi:nav.register')),
    ...item(surveys !== null, `/surveys/${surveys}`, t('surveysUi:nav')),
    ...item(surveys !== null, `/forums/${surveys}`, t('forumsUi:nav')),
    ...item(surveys === null && provinceUnit !== null, `/forums/${provinceUnit}`, t('forumsUi:nav')),
    ...item(register !== null, `/hazards/${register}`, t('hazardsUi:nav')),
    ...item((surveys ?? provinceUnit) !== null, `/plans/${surveys ?? provinceUnit}`, t('plansUi:nav')),
    ...item((surveys ?? provinceUnit) !== null, `/activities/${surveys ?? provinceUnit}`, t('activitiesUi:nav')),
    ...item(surveys !== null, `/reports/${surveys}`, t('reportsUi:nav')),
    ...item(provinceUnit !== null, `/reports/${provinceUnit}/consolidated`, t('reportsUi:navConsolidated')),
    ...item((surveys ?? provinceUnit) !== null, `/statistics/${surveys ?? provinceUnit}`, t('statisticsUi:nav')),
    ...item(!onlyRegister && !onlyMinistry, '/rounds', t('common:nav.rounds')),
    ...item(!onlyRegister, '/rule-sets', t('common:nav.ruleSets')),
    ...item(!onlyRegister, '/units', t('common:nav.units')),
    ...item(provinceUnit !== null, `/groupings/${provinceUnit}`, t('groupsUi:nav')),
    ...item(isMinistry || isProvinceOfficial || isAdmin, '/questionnaires', t('surveysUi:navQuestionnaires')),
    ...item(isMinistry || isProvinceOfficial || isAdmin, '/register-groups', t('lookups:nav.groups')),
    ...item(isAdmin, '/holidays', t('lookups:nav.holidays')),
    ...item(true, '/privacy', t('privacyUi:nav')),
  ];

  async function signOut() {
    await logout();
    navigate('/login', { replace: true });
  }

  function onLogout() {
    if (outbox.items.length > 0) setAskLogout(true);
    else void signOut();
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('common:skipToContent')}
      </a>
      <header className="app-header">
        <div className="header-row">
          <NavLink to="/" className="brand">
            {t('common:appName')}
          </NavLink>
          <span className="header-tools">
            <NotificationsBell />
            <LanguageSwitch />
          </span>
        </div>
        <div className="header-row user-row">
          <span className="user">
            <strong>{user.fullName}</strong>
            <span className="user-role">{roles.join('; ')}</span>
          </span>
          <NavLink to="/account/password" className="btn-link">
            {t('auth:password.link')}
          </NavLink>
          <button type="button" className="btn-link logout" onClick={onLogout}>
            {t('common:logout')}
          </button>
        </div>
        <OfflineStatus />
        {askLogout && (
          <ConfirmDialog
            title={t('common:offline.logoutTitle', { count: outbox.items.length })}
            confirmLabel={t('common:offline.logoutConfirm')}
            tone="danger"
            irreversible
            onConfirm={signOut}
            onCancel={() => setAskLogout(false)}
            testId="logout-confirm"
          >
            <p>{t('common:offline.logoutBody', { count: outbox.items.length })}</p>
          </ConfirmDialog>
        )}
        <MainNav items={items} />
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorBoundary key={location.pathname}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}
