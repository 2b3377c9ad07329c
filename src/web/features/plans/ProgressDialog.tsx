// A task's state in words (overdue in red with ⚠, never by colour alone) and the dialog that records its
// progress (date, %, what was done, evidence) under the notes recorded before.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { Badge } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { dayForApi, todayText } from '../../ui/dates.ts';
import {
  DateInput,
  FormError,
  NumberInput,
  SubmitButton,
  TextArea,
  TextInput,
  useFormSubmit,
} from '../../ui/forms.tsx';
import { useNumbers } from '../../ui/numbers.ts';
import { DueDate } from '../../ui/deadline.tsx';
import { focusById, useDialog } from '../../ui/focus.ts';
import { ListResource } from '../../ui/tables.tsx';
import { issueAt, unitApi } from './parts.ts';
import type { ProgressNote, TaskState, TaskView } from './types.ts';

const TONE = {
  overdue: 'bad',
  due_soon: 'warn',
  open: 'info',
  done: 'ok',
  done_late: 'warn',
  cancelled: 'muted',
} as const;

/** A task's deadline with the days left or overdue in words; only the date once it is done or cancelled. */
function TaskDue({ task }: { task: Pick<TaskView, 'state' | 'dueOn'> }) {
  const { t } = useTranslation();
  if (!task.dueOn) return <>{t('plansUi:tasks.noDue')}</>;
  return <DueDate dueOn={task.dueOn} done={['done', 'done_late', 'cancelled'].includes(task.state)} />;
}

/** The state of a task with its deadline and progress, in words. */
export function TaskStateLine({ task }: { task: Pick<TaskView, 'state' | 'dueOn' | 'progress'> }) {
  const { t } = useTranslation();
  return (
    <span className={`task-state state-${task.state}`} data-testid="task-state">
      <Badge tone={TONE[task.state as TaskState]}>{t(`plansUi:state.${task.state}`)}</Badge>{' '}
      <span className="small">
        <TaskDue task={task} /> · {t('plansUi:tasks.progress')}: {t('plansUi:tasks.percent', { value: task.progress })}
      </span>
    </span>
  );
}

interface Props {
  unitId: number;
  task: Pick<TaskView, 'id' | 'position' | 'text' | 'status' | 'state' | 'dueOn'>;
  canWrite: boolean;
  onClose(): void;
  /** The task as the server holds it after the note (or the change of status). */
  onSaved(): void;
}

export function ProgressDialog({ unitId, task, canWrite, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const numbers = useNumbers();
  const f = useFormat();
  const n = task.position + 1;
  const notes = useApi<ProgressNote[]>(`${unitApi(unitId)}/tasks/${task.id}/progress`);
  const [notedOn, setNotedOn] = useState(todayText());
  const [progress, setProgress] = useState('');
  const [note, setNote] = useState('');
  const [evidence, setEvidence] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  // The heading first, so the task's text and earlier notes are read before the form.
  useDialog(dialog, { onClose, initial: () => heading.current });

  const form = useFormSubmit(async () => {
    setSaved(null);
    // Not a number: sent as typed, so that the server names it.
    const view = await api<TaskView>(`${unitApi(unitId)}/tasks/${task.id}/progress`, {
      body: { notedOn: dayForApi(notedOn) ?? '', progress: numbers.forApi(progress) ?? progress, note, evidence },
    });
    setSaved(t('plansUi:progress.saved', { progress: view.progress }));
    // The save button was disabled while busy, which drops focus: the result takes it.
    focusById('progress-saved');
    setNote('');
    setEvidence('');
    setProgress('');
    notes.reload();
    onSaved();
  });
  const status = useFormSubmit(async () => {
    await api(`${unitApi(unitId)}/tasks/${task.id}/status`, {
      method: 'PUT',
      body: { status: task.status === 'cancelled' ? 'in_progress' : 'cancelled' },
    });
    onSaved();
    onClose();
  });

  return (
    <div className="dialog-backdrop">
      <div
        ref={dialog}
        className="dialog card"
        role="dialog"
        aria-modal="true"
        aria-labelledby="progress-title"
        data-testid="progress-dialog"
      >
        <h2 id="progress-title" ref={heading} tabIndex={-1}>
          {t('plansUi:progress.title', { n })}
        </h2>
        <p className="small pre-line">{task.text}</p>
        <p className="small" data-testid="progress-due">
          <TaskDue task={task} />
        </p>
        <h3>{t('plansUi:progress.earlier')}</h3>
        <ListResource loaded={notes} isEmpty={(d) => d.length === 0} empty={t('plansUi:progress.none')}>
          {(rows) => (
            <ol className="progress-notes" data-testid="progress-notes">
              {rows.map((r) => (
                <li key={r.id}>
                  {t('plansUi:progress.entry', { date: f.date(r.notedOn), progress: r.progress, note: r.note })}{' '}
                  {r.byName ? t('plansUi:progress.by', { name: r.byName }) : ''}
                  {r.evidence && (
                    <span className="small muted block">
                      {t('plansUi:progress.evidenceOf', { evidence: r.evidence })}
                    </span>
                  )}
                </li>
              ))}
            </ol>
          )}
        </ListResource>
        {saved && (
          <p className="ok-text" role="status" id="progress-saved">
            {saved}
          </p>
        )}
        {canWrite && task.status !== 'cancelled' && (
          <form onSubmit={(e) => void form.submit(e)} className="progress-form">
            <div className="row-fields">
              <DateInput
                id="progress-notedOn"
                label={t('plansUi:progress.notedOn')}
                value={notedOn}
                onChange={setNotedOn}
                error={issueAt(form.error, 'notedOn')}
              />
              <NumberInput
                id="progress-progress"
                label={t('plansUi:progress.progress')}
                value={progress}
                onChange={setProgress}
                error={issueAt(form.error, 'progress')}
              />
            </div>
            <TextArea
              id="progress-note"
              label={t('plansUi:progress.note')}
              value={note}
              onChange={setNote}
              rows={3}
              error={issueAt(form.error, 'note')}
            />
            <TextInput
              id="progress-evidence"
              label={t('plansUi:progress.evidence')}
              value={evidence}
              onChange={setEvidence}
              error={issueAt(form.error, 'evidence')}
            />
            <FormError error={form.error} fields={['notedOn', 'progress', 'note', 'evidence']} />
            <div className="action-row">
              <SubmitButton busy={form.busy}>{t('plansUi:progress.save')}</SubmitButton>
            </div>
          </form>
        )}
        <FormError error={status.error} fields={[]} />
        <div className="action-row">
          {canWrite && (
            <button
              type="button"
              className="btn-secondary"
              disabled={status.busy}
              onClick={(e) => void status.submit(e)}
            >
              {task.status === 'cancelled' ? t('plansUi:progress.reopenTask') : t('plansUi:progress.cancelTask')}
            </button>
          )}
          <button type="button" className="btn-secondary" onClick={onClose}>
            {t('plansUi:progress.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
