// The frame of the public pages (no login): product name, language switch, a way in for officials, and
// the child protection hotline above everything else.
import { Suspense } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';
import { ErrorBoundary } from '../../app/ErrorBoundary.tsx';
import { LanguageSwitch } from '../../app/LanguageSwitch.tsx';
import { Loading } from '../../app/ui.tsx';
import { Hotline } from './Hotline.tsx';
import './public.css';

export default function PublicLayout() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const location = useLocation();
  return (
    <div className="shell public-shell">
      <a className="skip-link" href="#main">
        {t('common:skipToContent')}
      </a>
      <header className="app-header public-header">
        <div className="header-row">
          <Link to="/cong-khai" className="brand">
            {t('common:appName')}
          </Link>
          <LanguageSwitch />
        </div>
        <div className="header-row user-row">
          <span>{t('rounds:public.tagline')}</span>
          <Link to={user ? '/' : '/login'} className="public-login">
            {user ? t('rounds:public.toApp') : t('rounds:public.login')}
          </Link>
        </div>
      </header>
      <Hotline />
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
