// What waits on the user in open rounds: each due date with where it stands today in words (days left,
// or overdue by how many), and the communes concerned.
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/useApi.ts';
import { useFormat } from '../../app/format.ts';
import { dueStatus } from '../../../core/calendar/deadline.ts';
import { DueDate } from '../../ui/deadline.tsx';

import type { Deadlines } from '../../../server/features/rounds/contracts.ts';

export function DeadlinesPanel() {
  const { t } = useTranslation();
  const f = useFormat();
  const deadlines = useApi<Deadlines>('/api/deadlines');
  const data = deadlines.data;
  if (!data?.items.length) return null;
  return (
    <section className="card deadlines" aria-labelledby="deadlines-title" data-testid="deadlines">
      <h2 id="deadlines-title" className="card-title">
        {t('rounds:deadlines.title')}
      </h2>
      <ul className="plain">
        {data.items.map((d) => (
          <li key={`${d.roundId}-${d.kind}`}>
            {/* Counted against the server's today, the day it chose these deadlines by. */}
            <strong>
              <DueDate
                status={dueStatus(d.due, data.today)}
                label={`${t(`rounds:calendar.${d.kind}`)} ${f.date(d.due)}`}
              />
            </strong>
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
