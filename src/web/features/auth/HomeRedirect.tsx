// "/": a commune officer goes straight to their commune's assessment for the latest period; the round's
// reviewers and signer to the rounds; a village collaborator to the register.
import { Navigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { officerCommune, useAuth } from '../../app/auth.tsx';
import { useApi } from '../../app/useApi.ts';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import type { Period } from '../../app/types.ts';

export function latestPeriod(periods: Period[]): Period | null {
  return periods.reduce<Period | null>((best, p) => (!best || p.year > best.year ? p : best), null);
}

export function HomeRedirect() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const commune = officerCommune(user);
  const periods = useApi<Period[]>(commune !== null ? '/api/periods' : null);
  // The appraiser, the sector departments and the signer work on the round's dossiers.
  const roundWork =
    !!user?.roles.length &&
    user.roles.every((r) => r.role === 'appraiser' || r.role === 'sector_reviewer' || r.role === 'signer');
  if (roundWork) return <Navigate to="/rounds" replace />;
  // A village collaborator keeps the register and nothing else.
  const collaborator = user?.roles.find((r) => r.role === 'collaborator');
  if (collaborator && user!.roles.every((r) => r.role === 'collaborator'))
    return <Navigate to={`/register/${collaborator.unitId}`} replace />;
  if (commune === null) return <Navigate to="/assessments" replace />;
  if (periods.error) return <ErrorBox error={periods.error} onRetry={periods.reload} />;
  if (!periods.data) return <Loading />;
  const latest = latestPeriod(periods.data);
  if (!latest) return <p className="page">{t('assessments:list.noPeriods')}</p>;
  return <Navigate to={`/assessments/${commune}/${latest.id}`} replace />;
}
