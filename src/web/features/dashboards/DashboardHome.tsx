// "/dashboard": to the user's own level — the nation for the ministry or an administrator, the province for its province-level
// roles, the commune for its officer or chairman.
import { Navigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth.tsx';

const PROVINCE = ['province_official', 'appraiser', 'sector_reviewer', 'signer'];
const COMMUNE = ['commune_officer', 'commune_chairman'];

export function dashboardPath(roles: ReadonlyArray<{ role: string; unitId: number | null }>): string | null {
  if (roles.some((r) => r.role === 'ministry_official' || r.role === 'system_admin')) return '/dashboard/nation';
  const province = roles.find((r) => PROVINCE.includes(r.role) && r.unitId !== null);
  if (province) return `/dashboard/provinces/${province.unitId}`;
  const commune = roles.find((r) => COMMUNE.includes(r.role) && r.unitId !== null);
  return commune ? `/dashboard/communes/${commune.unitId}` : null;
}

export default function DashboardHome() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const to = dashboardPath(user?.roles ?? []);
  if (!to) return <p className="page">{t('dashboardsUi:noDashboard')}</p>;
  return <Navigate to={to} replace />;
}
