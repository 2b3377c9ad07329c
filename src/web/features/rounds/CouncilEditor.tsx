// The commune's self-assessment council (at least three members) and its meeting: date, place, summary.
// Editable only while the dossier is a draft; shown read-only after.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, messageOf } from '../../app/api.ts';
import { useFormat } from '../../app/format.ts';
import { ErrorBox } from '../../app/ui.tsx';
import { DateField } from './DateField.tsx';
import type { CouncilMember, EntryView } from './types.ts';

const blank = (): CouncilMember => ({ name: '', position: '', role: '' });

export function CouncilView({ view }: { view: EntryView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const e = view.entry;
  if (!e.council.length && !e.meetingOn) return <p className="muted">{t('rounds:council.none')}</p>;
  return (
    <>
      {e.council.length > 0 && (
        <table className="table responsive council-table">
          <thead>
            <tr>
              <th scope="col">{t('rounds:council.name')}</th>
              <th scope="col">{t('rounds:council.position')}</th>
              <th scope="col">{t('rounds:council.role')}</th>
            </tr>
          </thead>
          <tbody>
            {e.council.map((m, n) => (
              <tr key={n}>
                <td data-label={t('rounds:council.name')}>{m.name}</td>
                <td data-label={t('rounds:council.position')}>{m.position}</td>
                <td data-label={t('rounds:council.role')}>{m.role}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <dl className="facts compact">
        <div>
          <dt>{t('rounds:council.meetingOn')}</dt>
          <dd>{e.meetingOn ? f.date(e.meetingOn) : '—'}</dd>
        </div>
        <div>
          <dt>{t('rounds:council.meetingPlace')}</dt>
          <dd>{e.meetingPlace || '—'}</dd>
        </div>
        <div>
          <dt>{t('rounds:council.meetingSummary')}</dt>
          <dd className="pre-line">{e.meetingSummary || '—'}</dd>
        </div>
      </dl>
    </>
  );
}

export function CouncilEditor({ view, onSaved }: { view: EntryView; onSaved(next: EntryView): void }) {
  const { t } = useTranslation();
  const e = view.entry;
  const [members, setMembers] = useState<CouncilMember[]>(e.council.length ? e.council : [blank(), blank(), blank()]);
  const [meetingOn, setMeetingOn] = useState<string | null>(e.meetingOn);
  const [meetingPlace, setMeetingPlace] = useState(e.meetingPlace);
  const [meetingSummary, setMeetingSummary] = useState(e.meetingSummary);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);
  const [saved, setSaved] = useState(false);

  const set = (n: number, key: keyof CouncilMember, value: string) => {
    setSaved(false);
    setMembers((list) => list.map((m, i) => (i === n ? { ...m, [key]: value } : m)));
  };

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setError(null);
    setSaved(false);
    const filled = members
      .filter((m) => m.name.trim() || m.position.trim() || m.role.trim())
      .map((m) => ({ name: m.name.trim(), position: m.position.trim(), role: m.role.trim() }));
    if (filled.some((m) => !m.name || !m.role)) return setError(t('rounds:council.memberIncomplete'));
    setBusy(true);
    try {
      const next = await api<EntryView>(`/api/rounds/${view.round.id}/entries/${view.unit.id}/council`, {
        method: 'PUT',
        body: { members: filled, meetingOn, meetingPlace: meetingPlace.trim(), meetingSummary: meetingSummary.trim() },
      });
      setSaved(true);
      onSaved(next);
    } catch (err) {
      setError(err instanceof ApiError ? err : messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(ev) => void submit(ev)} className="council-form">
      <p className="small muted">{t('rounds:council.hint')}</p>
      <ol className="member-list">
        {members.map((m, n) => (
          <li key={n} className="member-row">
            <div className="field">
              <label htmlFor={`m-${n}-name`}>{t('rounds:council.memberName', { n: n + 1 })}</label>
              <input
                id={`m-${n}-name`}
                type="text"
                value={m.name}
                maxLength={200}
                onChange={(x) => set(n, 'name', x.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={`m-${n}-position`}>{t('rounds:council.position')}</label>
              <input
                id={`m-${n}-position`}
                type="text"
                value={m.position}
                maxLength={200}
                onChange={(x) => set(n, 'position', x.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={`m-${n}-role`}>{t('rounds:council.role')}</label>
              <input
                id={`m-${n}-role`}
                type="text"
                value={m.role}
                maxLength={200}
                list="council-roles"
                onChange={(x) => set(n, 'role', x.target.value)}
              />
            </div>
            <button
              type="button"
              className="btn-link"
              onClick={() => setMembers((list) => list.filter((_, i) => i !== n))}
              aria-label={t('rounds:council.removeMember', { n: n + 1 })}
            >
              {t('rounds:council.remove')}
            </button>
          </li>
        ))}
      </ol>
      <datalist id="council-roles">
        <option value={t('rounds:council.roleChair')} />
        <option value={t('rounds:council.roleSecretary')} />
        <option value={t('rounds:council.roleMember')} />
      </datalist>
      <p>
        <button
          type="button"
          className="btn-secondary"
          onClick={() => setMembers((list) => [...list, blank()])}
          disabled={members.length >= 30}
        >
          {t('rounds:council.addMember')}
        </button>
      </p>
      <div className="form-grid">
        <DateField
          id="meeting-on"
          label={t('rounds:council.meetingOn')}
          value={meetingOn}
          onChange={(v) => setMeetingOn(v)}
        />
        <div className="field">
          <label htmlFor="meeting-place">{t('rounds:council.meetingPlace')}</label>
          <input
            id="meeting-place"
            type="text"
            value={meetingPlace}
            maxLength={300}
            onChange={(x) => setMeetingPlace(x.target.value)}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor="meeting-summary">{t('rounds:council.meetingSummary')}</label>
        <textarea
          id="meeting-summary"
          className="prose"
          rows={4}
          maxLength={5000}
          value={meetingSummary}
          onChange={(x) => setMeetingSummary(x.target.value)}
        />
      </div>
      <ErrorBox error={error} />
      <div className="action-row">
        <button type="submit" className="btn-primary" disabled={busy}>
          {busy ? t('common:saving') : t('rounds:council.save')}
        </button>
        {saved && (
          <span className="state-saved" role="status">
            {t('common:saved')}
          </span>
        )}
      </div>
    </form>
  );
}
