// A recurring task's months or quarters ("01 tin bài mỗi tháng"), each marked done, missed, under way or not
// yet from the activities that served it: on the plan's task rows and the unit's task list.
import { useTranslation } from 'react-i18next';
import type { TaskView } from './types.ts';

/** A recurring task's months or quarters as marks: done, missed, this one, later ones. */
export function Occurrences({ task }: { task: TaskView }) {
  const { t } = useTranslation();
  const done = task.occurrences.filter((o) => o.state === 'done').length;
  const due = task.occurrences.filter((o) => o.state === 'done' || o.state === 'missed').length;
  return (
    <div className="occurrences" data-testid={`occurrences-${task.id}`}>
      <p className="small">{t('plansUi:occurrence.summary', { done, due, per: task.perOccurrence })}</p>
      <ul className="occurrence-list">
        {task.occurrences.map((o) => {
          const label = t('plansUi:occurrence.label', {
            period: o.key.includes('Q')
              ? t('plansUi:occurrence.quarter', { q: o.key.slice(6), year: o.key.slice(0, 4) })
              : `${o.key.slice(5)}/${o.key.slice(0, 4)}`,
            state: t(`plansUi:occurrence.${o.state}`),
            done: o.done,
          });
          return (
            <li key={o.key} className={`occurrence is-${o.state}`} title={label} aria-label={label}>
              {o.key.slice(5)}
              <span aria-hidden="true">{o.state === 'done' ? ' ✓' : o.state === 'missed' ? ' ✗' : ''}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
