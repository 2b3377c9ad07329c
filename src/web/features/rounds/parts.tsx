// Small pieces shared by the round pages: state badge, step indicator, due dates, the rule set loader.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import type { RuleSetDetail } from '../../app/types.ts';
import { Badge } from '../../app/ui.tsx';
import { useApi } from '../../app/useApi.ts';
import { isSuppressed, suppressedRange } from '../../../core/privacy/disclosure.ts';
import { STEPS, type EntryState, type Figure } from './types.ts';
import { DueDate as SharedDueDate } from '../../ui/deadline.tsx';

type Tone = 'ok' | 'bad' | 'warn' | 'info' | 'muted';
const TONES: Record<EntryState, Tone> = {
  draft: 'muted',
  self_assessed: 'info',
  posted: 'info',
  submitted: 'warn',
  returned: 'bad',
  appraised: 'info',
  recognized: 'ok',
  not_recognized: 'bad',
  revoked: 'bad',
};

export function StateBadge({ state }: { state: EntryState }) {
  const { t } = useTranslation();
  return <Badge tone={TONES[state] ?? 'muted'}>{t(`rounds:state.${state}`)}</Badge>;
}

/** Where the dossier stands on its road: draft → self-assessed → posted → submitted → appraised → recognised. */
export function StepIndicator({ state }: { state: EntryState }) {
  const { t } = useTranslation();
  const at =
    state === 'returned'
      ? STEPS.indexOf('submitted')
      : state === 'not_recognized' || state === 'revoked'
        ? STEPS.length - 1
        : STEPS.indexOf(state);
  return (
    <ol className="steps" aria-label={t('rounds:dossier.steps')}>
      {STEPS.map((step, n) => {
        const label =
          n === at && (state === 'returned' || state === 'not_recognized' || state === 'revoked') ? state : step;
        const cls = n < at ? 'step-done' : n === at ? `step-current${label !== step ? ' step-bad' : ''}` : 'step-todo';
        return (
          <li key={step} className={cls} aria-current={n === at ? 'step' : undefined}>
            <span className="step-dot" aria-hidden="true">
              {n < at ? '✓' : n + 1}
            </span>
            <span className="step-label">{t(`rounds:state.${label}`)}</span>
          </li>
        );
      })}
    </ol>
  );
}

/** One date of the round's calendar with where it stands today, in words: "15/11/2026 — quá hạn 22 ngày". */
export function DueDate({ date, done }: { date: string; done?: boolean }) {
  const f = useFormat();
  return (
    <span className="due">
      <SharedDueDate dueOn={date} done={done} label={f.date(date)} />
    </span>
  );
}

/** The rule set of a dossier, for labels of criteria, items and inputs. */
export function useRuleSet(id: number | null) {
  return useApi<RuleSetDetail>(id === null ? null : `/api/rule-sets/${id}`);
}

/** A value as shown to people: yes/no for flags, grouped digits for counts, a dash when empty, "Ẩn (1–4)" when withheld. */
export function useShowValue() {
  const { t } = useTranslation();
  const f = useFormat();
  return (value: Figure | undefined) =>
    isSuppressed(value)
      ? t('assessments:suppressed.value', suppressedRange())
      : value === null || value === undefined
        ? '—'
        : typeof value === 'boolean'
          ? value
            ? t('assessments:value.yes')
            : t('assessments:value.no')
          : f.num(value);
}
