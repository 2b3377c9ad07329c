// Assessment rounds in the user's scope; a province official opens a new one for their province.
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { hasRole, useAuth } from '../../app/auth.tsx';
import { ErrorBox, Loading } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { DueDate } from './parts.tsx';
import { RoundForm } from './RoundForm.tsx';
import { DeadlinesPanel } from './DeadlinesPanel.tsx';
import type { Round } from './types.ts';

export default function RoundsListPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const rounds = useApi<{ items: Round[] }>('/api/rounds');
  const official = hasRole(user, 'province_official');
  const [opening, setOpening] = useState(false);

  const provinces = useMemo(
    () =>
      (user?.roles ?? [])
        .filter((r) => r.role === 'province_official' && r.unitId !== null)
        .map((r) => ({ id: r.unitId!, name: r.unitName ?? String(r.unitId) })),
    [user],
  );
  const canOpen = official && provinces.length > 0;

  return (
    <section className="page">
      <h1>{t('rounds:list.title')}</h1>
      <p className="muted small">{t('rounds:list.intro')}</p>
      <DeadlinesPanel />
      {canOpen && !opening && (
        <p>
          <button type="button" className="btn-primary" onClick={() => setOpening(true)}>
            {t('rounds:list.open')}
          </button>
        </p>
      )}
      {opening && (
        <RoundForm
          provinces={provinces}
          onCancel={() => setOpening(false)}
          onSaved={(r) => navigate(`/rounds/${r.id}`)}
        />
      )}
      {rounds.error && <ErrorBox error={rounds.error} onRetry={rounds.reload} />}
      {rounds.loading && <Loading />}
      {rounds.data &&
        (rounds.data.items.length === 0 ? (
          <p>{t('rounds:list.empty')}</p>
        ) : (
          <ul className="card-list">
            {rounds.data.items.map((r) => (
              <li key={r.id} className="card">
                <h2 className="card-title">
                  <Link to={`/rounds/${r.id}`}>{r.title}</Link>
                </h2>
                <dl className="facts compact">
                  <div>
                    <dt>{t('rounds:calendar.dossierDue')}</dt>
                    <dd>
                      <DueDate date={r.dossierDue} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('rounds:calendar.decisionDue')}</dt>
                    <dd>
                      <DueDate date={r.decisionDue} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('rounds:round.appraisingBody')}</dt>
                    <dd>{r.appraisingBody}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
