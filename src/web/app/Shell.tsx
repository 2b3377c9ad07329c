// The frame of every page after login: product name, who is logged in, language switch, logout, navigation.
import { Suspense } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from './auth.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Loading } from './ui.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { NotificationsBell } from '../features/rounds/NotificationsBell.tsx';

export function Shell() {
  const { t } = useTranslation();
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  if (!user) return null;
  const roles = user.roles.map((r) => (r.unitName ? `${t(`common:role.${r.role}`)} · ${r.unitName}` : t(`common:role.${r.role}`)));

  async function onLogout() {
    await logout();
    navigate('/login', { replace: true });
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
          <button type="button" className="btn-link logout" onClick={onLogout}>
            {t('common:logout')}
          </button>
        </div>
        <nav className="main-nav" aria-label={t('common:nav.label')}>
          <NavLink to="/assessments">{t('common:nav.assessments')}</NavLink>
          <NavLink to="/rounds">{t('common:nav.rounds')}</NavLink>
          <NavLink to="/rule-sets">{t('common:nav.ruleSets')}</NavLink>
          <NavLink to="/units">{t('common:nav.units')}</NavLink>
        </nav>
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
