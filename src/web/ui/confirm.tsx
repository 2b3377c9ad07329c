// The one confirmation before an act that cannot be undone or that others will act on: the question,
// a summary of exactly what will happen (who, what number, which date, which signer), an optional
// preview of the document, and two buttons. A modal <dialog>: it takes focus, keeps Tab inside,
// Escape cancels, and focus returns to what opened it.
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../app/api.ts';
import { ErrorBox } from '../app/ui.tsx';
import { useDialog } from './focus.ts';

export interface SummaryRow {
  label: ReactNode;
  value: ReactNode;
}

/** Facts of the act as a definition list: "Số quyết định: 12/QĐ-UBND". */
export function SummaryList({ rows }: { rows: readonly SummaryRow[] }) {
  return (
    <dl className="confirm-summary">
      {rows.map((r, i) => (
        <div key={i}>
          <dt>{r.label}</dt>
          <dd>{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export interface ConfirmDialogProps {
  /** The question, e.g. "Ghi quyết định công nhận cho 6 xã?". */
  title: ReactNode;
  /** What will happen: a SummaryList, lists of names, fields the act needs (a comment), a preview link. */
  children?: ReactNode;
  /** A warning above the buttons (late, no evidence): said, not only coloured. */
  warning?: ReactNode;
  confirmLabel: ReactNode;
  /** Runs on confirm; the dialog stays open (busy) until the caller closes it. */
  onConfirm(): void | Promise<void>;
  onCancel(): void;
  busy?: boolean;
  error?: ApiError | string | null;
  /** 'danger' for acts that take something away (revoke, refuse, delete). */
  tone?: 'primary' | 'danger';
  /** Adds "this cannot be undone" under the summary. */
  irreversible?: boolean;
  testId?: string;
}

export function ConfirmDialog({
  title,
  children,
  warning,
  confirmLabel,
  onConfirm,
  onCancel,
  busy = false,
  error = null,
  tone = 'primary',
  irreversible = false,
  testId,
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const busyRef = useRef(busy);
  busyRef.current = busy;

  useEffect(() => {
    const dialog = ref.current;
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);
  // A field the act needs first, otherwise the safe choice (Cancel), as for an alert dialog; Escape is the
  // <dialog>'s own cancel (below), which waits while the act is on its way.
  useDialog(ref, {
    show: (dialog) => {
      if (dialog instanceof HTMLDialogElement && !dialog.open) dialog.showModal();
    },
    initial: () =>
      ref.current?.querySelector<HTMLElement>('[autofocus], input:not([type=hidden]), textarea, select') ??
      cancelRef.current,
  });

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (!busyRef.current) void onConfirm();
  };

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(ev) => {
        // Escape: cancel, unless the act is already on its way.
        ev.preventDefault();
        if (!busyRef.current) onCancel();
      }}
    >
      <form method="dialog" onSubmit={submit}>
        <h2 id={titleId} className="confirm-title">
          {title}
        </h2>
        <div className="confirm-body">{children}</div>
        {irreversible && <p className="confirm-irreversible">{t('ui:confirm.irreversible')}</p>}
        {warning && (
          <p className="confirm-warning" role="note">
            {warning}
          </p>
        )}
        <ErrorBox error={error} />
        <div className="action-row">
          <button type="submit" className={tone === 'danger' ? 'btn-danger' : 'btn-primary'} disabled={busy}>
            {busy ? t('common:working') : confirmLabel}
          </button>
          <button ref={cancelRef} type="button" className="btn-secondary" onClick={onCancel} disabled={busy}>
            {t('ui:confirm.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
