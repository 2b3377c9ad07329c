// At a field someone else changed while this person was editing (issue 21): both values, theirs with who and
// when, and a choice per field. The value not chosen stays in the field's history.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import type { ValueConflictView } from '../../app/types.ts';
import { showValue } from './HistoryList.tsx';

export type ConflictPick = 'mine' | 'theirs';

export function ConflictChoice({
  conflict,
  kind,
  onPick,
  disabled,
}: {
  conflict: ValueConflictView;
  kind: 'count' | 'flag';
  onPick(code: string, pick: ConflictPick): void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const name = conflict.theirs.enteredByName ?? t('assessments:conflict.someone');
  const id = `conflict-${conflict.code}`;
  return (
    <div className="conflict-box" role="group" aria-labelledby={`${id}-title`} id={id} tabIndex={-1}>
      <p className="conflict-title" id={`${id}-title`}>
        <strong>{t('assessments:conflict.title')}</strong>
      </p>
      <ul className="conflict-values">
        <li className="conflict-theirs">
          {t('assessments:conflict.theirs', {
            name,
            when: conflict.theirs.enteredAt ? f.dateTime(conflict.theirs.enteredAt) : '—',
            value: showValue(t, f.num, kind, conflict.theirs.value),
          })}
        </li>
        <li className="conflict-mine">
          {t('assessments:conflict.mine', { value: showValue(t, f.num, kind, conflict.mine) })}
        </li>
      </ul>
      <p className="small muted">{t('assessments:conflict.hint')}</p>
      <div className="conflict-actions">
        <button
          type="button"
          className="btn-secondary"
          disabled={disabled}
          onClick={() => onPick(conflict.code, 'theirs')}
        >
          {t('assessments:conflict.keepTheirs', { name })}
        </button>
        <button type="button" className="btn-primary" disabled={disabled} onClick={() => onPick(conflict.code, 'mine')}>
          {t('assessments:conflict.keepMine')}
        </button>
      </div>
    </div>
  );
}
