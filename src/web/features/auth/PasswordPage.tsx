// Change one's own password: the current one, the new one twice; the server's policy messages show under
// the field they concern. Every other session of the account ends on success.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';
import { FormError, SubmitButton, TextInput, useFormSubmit } from '../../ui/forms.tsx';

const FIELDS = ['currentPassword', 'newPassword', 'repeat'] as const;

export default function PasswordPage() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [mismatch, setMismatch] = useState(false);
  const { submit, error, issues, busy } = useFormSubmit(async () => {
    setDone(null);
    setMismatch(next !== repeat);
    if (next !== repeat) return;
    const res = await api<{ message: string }>('/api/auth/password', {
      method: 'POST',
      body: { currentPassword: current, newPassword: next },
    });
    setCurrent('');
    setNext('');
    setRepeat('');
    setDone(res.message);
  });
  return (
    <section className="page">
      <h1>{t('auth:password.title')}</h1>
      <p className="muted">{t('auth:password.rules')}</p>
      {done && (
        <p role="status" className="notice">
          {done}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <TextInput
          id="pw-current"
          label={t('auth:password.current')}
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          error={issues.currentPassword}
          required
        />
        <TextInput
          id="pw-new"
          label={t('auth:password.new')}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={setNext}
          error={issues.newPassword}
          required
        />
        <TextInput
          id="pw-repeat"
          label={t('auth:password.repeat')}
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={setRepeat}
          error={mismatch ? t('auth:password.mismatch') : undefined}
          required
        />
        <FormError error={error} fields={FIELDS} />
        <SubmitButton busy={busy}>{t('auth:password.submit')}</SubmitButton>
      </form>
    </section>
  );
}
