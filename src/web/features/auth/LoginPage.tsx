// Login: username and password; the server's own message is shown when it refuses.
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';
import { messageOf } from '../../app/api.ts';
import { LanguageSwitch } from '../../app/LanguageSwitch.tsx';
import { Loading } from '../../app/ui.tsx';

export function LoginPage() {
  const { t } = useTranslation();
  const { user, checking, expired, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (checking) return <Loading />;
  if (user && !busy) return <Navigate to={from && from !== '/login' ? from : '/'} replace />;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!username.trim() || !password) {
      setError(t('auth:login.required'));
      return;
    }
    setBusy(true);
    try {
      await login(username.trim(), password);
      navigate(from && from !== '/login' ? from : '/', { replace: true });
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <div className="login-page">
      <div className="login-top">
        <LanguageSwitch />
      </div>
      <main className="login-card" id="main">
        <h1>{t('common:appName')}</h1>
        <p className="muted">{t('auth:login.subtitle')}</p>
        {expired && (
          <p className="notice" role="status">
            {t('auth:login.expired')}
          </p>
        )}
        <form onSubmit={onSubmit} noValidate>
          <div className="field">
            <label htmlFor="login-username">{t('auth:login.username')}</label>
            <input
              id="login-username"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              aria-invalid={!!error}
              aria-describedby={error ? 'login-error' : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('auth:login.password')}</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={!!error}
              aria-describedby={error ? 'login-error' : undefined}
            />
          </div>
          {error && (
            <p id="login-error" className="field-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="btn-primary btn-block" disabled={busy}>
            {busy ? t('auth:login.submitting') : t('auth:login.submit')}
          </button>
        </form>
        <p className="small login-public">
          <Link to="/cong-khai">{t('common:nav.publicPortal')}</Link>
        </p>
      </main>
    </div>
  );
}
