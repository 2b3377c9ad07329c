// One input of the assessment: a count (numeric text) or a yes/no flag, with its error next to it,
// an optional source note, who entered it and when, its history, and (for those who may see it) the
// count the child register gives for it.
import { memo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { InputDef } from '../../../core/rule-sets/schema.ts';
import { useFormat } from '../../app/format.ts';
import type { StoredValue } from '../../app/types.ts';
import { rawOf, type Draft } from './formLogic.ts';
import { HistoryList } from './HistoryList.tsx';
import { DerivedHint, type DerivedInput } from '../register/DerivedHint.tsx';
import { isSuppressed, suppressedRange } from '../../../core/privacy/disclosure.ts';
import './assessments.css';

export interface InputFieldProps {
  input: InputDef;
  draft: Draft;
  note: string;
  stored: StoredValue | undefined;
  /** Messages for this field, one per line (the engine's checks and the server's answer). */
  errors: string;
  changed: boolean;
  readOnly: boolean;
  unitId: number;
  periodId: number;
  onDraft(code: string, draft: Draft): void;
  onNote(code: string, note: string): void;
  onLeave(code: string): void;
  /** The register's count for this input, when the register gives one and the person may see it. */
  derived?: DerivedInput;
  /** Saves the register's count as this input's value (and rescored); rejects with the server's error. */
  onAdopt?(code: string): Promise<void>;
  /** Someone else changed this field meanwhile: both values and the choice (ConflictChoice.tsx). */
  conflict?: ReactNode;
}

export const inputId = (code: string) => `v-${code}`;

/** Enter moves on to the next figure, as on a paper form. */
function focusNext(current: HTMLInputElement) {
  const all = Array.from(document.querySelectorAll<HTMLInputElement>('input.count-input:not([readonly])'));
  const next = all[all.indexOf(current) + 1];
  if (next) next.focus();
  else current.blur();
}

function InputFieldInner(props: InputFieldProps) {
  const { input, draft, note, stored, errors, changed, readOnly, onDraft, onNote, onLeave, derived, onAdopt } = props;
  const { t } = useTranslation();
  const f = useFormat();
  const [noteOpen, setNoteOpen] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const id = inputId(input.code);
  const errorId = `${id}-error`;
  const label = f.text(input.label);
  const invalid = errors !== '';
  const showNote = noteOpen || note !== '';

  const history = historyOpen && (
    <div className="history-box">
      <HistoryList unitId={props.unitId} periodId={props.periodId} code={input.code} kind={input.kind} />
    </div>
  );
  // A figure withheld from this reader (src/core/privacy/disclosure.ts): read-only, with why, never a field.
  if (isSuppressed(stored))
    return (
      <div className="input-row is-suppressed" id={`row-${input.code}`}>
        <span id={`${id}-label`} className="input-label">
          {label}
        </span>
        <div className="input-line">
          <output id={id} className="suppressed-value" aria-labelledby={`${id}-label`} aria-describedby={`${id}-why`}>
            {t('assessments:suppressed.value', suppressedRange())}
          </output>
        </div>
        <p className="small muted suppressed-why" id={`${id}-why`}>
          {t('assessments:suppressed.explain', suppressedRange())}
        </p>
        <div className="input-meta">
          <button
            type="button"
            className="btn-link"
            aria-expanded={historyOpen}
            onClick={() => setHistoryOpen((o) => !o)}
          >
            {t('assessments:history.link')}
          </button>
        </div>
        {history}
      </div>
    );

  const control =
    input.kind === 'count' ? (
      <div className="input-line">
        <input
          id={id}
          name={input.code}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          enterKeyHint="next"
          className="count-input"
          value={typeof draft === 'string' ? draft : ''}
          readOnly={readOnly}
          aria-invalid={invalid}
          aria-describedby={invalid ? errorId : undefined}
          onChange={(e) => onDraft(input.code, e.target.value)}
          onBlur={() => onLeave(input.code)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              focusNext(e.currentTarget);
            }
          }}
        />
        {changed && !readOnly && (
          <span className="changed-dot" title={t('assessments:form.unsavedField')}>
            <span className="sr-only">{t('assessments:form.unsavedField')}</span>
          </span>
        )}
      </div>
    ) : (
      <div
        className="flag-options"
        role="radiogroup"
        aria-labelledby={`${id}-label`}
        aria-invalid={invalid}
        aria-describedby={invalid ? errorId : undefined}
      >
        {([true, false, null] as const).map((option) => (
          <label key={String(option)} className="flag-option">
            <input
              type="radio"
              name={id}
              id={option === true ? id : undefined}
              checked={draft === option}
              disabled={readOnly}
              onChange={() => {
                onDraft(input.code, option);
                onLeave(input.code);
              }}
            />
            <span>
              {option === true
                ? t('assessments:value.yes')
                : option === false
                  ? t('assessments:value.no')
                  : t('assessments:value.empty')}
            </span>
          </label>
        ))}
        {changed && !readOnly && (
          <span className="changed-dot" title={t('assessments:form.unsavedField')}>
            <span className="sr-only">{t('assessments:form.unsavedField')}</span>
          </span>
        )}
      </div>
    );

  return (
    <div className={`input-row${invalid ? ' has-error' : ''}`} id={`row-${input.code}`}>
      {input.kind === 'count' ? (
        <label htmlFor={id} id={`${id}-label`} className="input-label">
          {label}
        </label>
      ) : (
        <span id={`${id}-label`} className="input-label">
          {label}
        </span>
      )}
      {control}
      {props.conflict}
      {invalid && (
        <p className="field-error" id={errorId}>
          {errors.split('\n').map((line, n) => (
            <span key={n}>{line}</span>
          ))}
        </p>
      )}
      {derived && derived.computed !== null && onAdopt && (
        <DerivedHint
          unitId={props.unitId}
          periodId={props.periodId}
          derived={derived}
          current={rawOf(input, draft, f.locale)}
          origin={stored && rawOf(input, draft, f.locale) === stored.value ? stored.origin : undefined}
          readOnly={readOnly}
          onAdopt={onAdopt}
        />
      )}
      {/* No input code here: officers read the label; the codes stay on the rule-set pages, for their editors. */}
      <div className="input-meta">
        {stored?.enteredAt && (
          <span>
            {t('assessments:form.enteredBy', { name: stored.enteredByName ?? '—', when: f.dateTime(stored.enteredAt) })}
          </span>
        )}
        {!readOnly && !showNote && (
          <button type="button" className="btn-link" onClick={() => setNoteOpen(true)}>
            {t('assessments:form.addNote')}
          </button>
        )}
        <button
          type="button"
          className="btn-link"
          aria-expanded={historyOpen}
          onClick={() => setHistoryOpen((o) => !o)}
        >
          {t('assessments:history.link')}
        </button>
      </div>
      {showNote &&
        (readOnly ? (
          <p className="note-text small">
            {t('assessments:form.note')}: {note}
          </p>
        ) : (
          <div className="note-line">
            <label htmlFor={`${id}-note`} className="small">
              {t('assessments:form.note')}
            </label>
            <input
              id={`${id}-note`}
              type="text"
              maxLength={500}
              value={note}
              placeholder={t('assessments:form.notePlaceholder')}
              onChange={(e) => onNote(input.code, e.target.value)}
              onBlur={() => onLeave(input.code)}
            />
          </div>
        ))}
      {history}
    </div>
  );
}

export const InputField = memo(InputFieldInner);
