// What waits on the user in open rounds: due soon or overdue, with the communes concerned.
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { useFormat } from '../../app/format.ts';

import type { Deadlines } from '../../../server/features/rounds/contracts.ts';

export function DeadlinesPanel() {
  const { t } = useTranslation();
  const f = useFormat();
  const deadlines = useApi<Deadlines>('/api/deadlines');
  const items = deadlines.data?.items ?? [];
  if (!items.length) return null;
  return (
    <section className="card deadlines" aria-labelledby="deadlines-title" data-testid="deadlines">
      <h2 id="deadlines-title" className="card-title">
        {t('rounds:deadlines.title')}
      </h2>
      <ul className="plain">
        {items.map((d) => (
          <li key={`${d.roundId}-${d.kind}`}>
            <strong>{t(`rounds:calendar.${d.kind}`)}</strong>: {f.date(d.due)}{' '}
            <Badge tone={d.status === 'overdue' ? 'bad' : d.status === 'soon' ? 'warn' : 'muted'}>
              {t(`rounds:deadlines.${d.status}`)}
            </Badge>
            <div className="small">
              {d.units.map((u, i) => (
                <span key={u.id}>
                  {i > 0 && ', '}
                  <Link to={`/rounds/${d.roundId}/entries/${u.id}`}>{u.name}</Link> ({t(`rounds:state.${u.state}`)})
                </span>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
