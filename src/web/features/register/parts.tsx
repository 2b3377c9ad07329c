// The register's own pieces: who may do what, and the register's sub-navigation. The form kit, tables,
// dates, uploads and job progress the register pages use are the shared ones in src/web/ui.
import { NavLink, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';
import type { RegisterAccess } from './types.ts';
import './register.css';
import '../../ui/ui.css';

export const registerPath = (unitId: number | string) => `/register/${unitId}`;
export const registerApi = (unitId: number | string) => `/api/communes/${encodeURIComponent(String(unitId))}/register`;

/** The register access the logged-in person has to a commune, as the server grants it. */
export function useRegisterAccess(unitId: number): RegisterAccess | null {
  const { user } = useAuth();
  const roles = (user?.roles ?? []).filter((r) => r.unitId === unitId).map((r) => r.role);
  if (roles.includes('commune_chairman')) return 'chairman';
  if (roles.includes('commune_officer')) return 'officer';
  if (roles.includes('collaborator')) return 'collaborator';
  return null;
}

/** The commune of the route's `:unitId` and the person's register access to it (null where the id names no commune). */
export function useRegisterUnit(): { unitId: number; access: RegisterAccess | null } {
  const { unitId: raw } = useParams();
  const unitId = Number(raw);
  const access = useRegisterAccess(unitId);
  return { unitId, access: Number.isInteger(unitId) && unitId > 0 ? access : null };
}

/** The register's own links: list, import, export, cases, read log (each for whom it is meant). */
export function RegisterNav({ unitId, access }: { unitId: number; access: RegisterAccess | null }) {
  const { t } = useTranslation();
  const base = registerPath(unitId);
  const identifiable = access === 'officer' || access === 'chairman';
  return (
    <nav className="register-nav" aria-label={t('registerUi:nav.label')}>
      <NavLink to={base} end>
        {t('registerUi:nav.children')}
      </NavLink>
      {identifiable && <NavLink to={`${base}/cases`}>{t('registerUi:nav.cases')}</NavLink>}
      {identifiable && <NavLink to={`${base}/import`}>{t('registerUi:nav.import')}</NavLink>}
      {identifiable && (
        <a href={`${registerApi(unitId)}/export.xlsx`} download>
          {t('registerUi:nav.export')}
        </a>
      )}
      {access === 'chairman' && <NavLink to={`${base}/access-log`}>{t('registerUi:nav.accessLog')}</NavLink>}
    </nav>
  );
}

/** A notice for a person without register access to this commune (the server would refuse anyway). */
export function NoAccess() {
  const { t } = useTranslation();
  return (
    <section className="page">
      <p className="error-box" role="alert">
        {t('registerUi:noAccess')}
      </p>
    </section>
  );
}
