// The one way focus moves in the signed-in pages: after an action, focus goes to its result or back to what
// opened it (never dropped on <body>); a dialog takes focus, keeps Tab inside, closes on Escape and gives focus
// back to its opener.
import { useEffect, useRef, type RefObject } from 'react';

const TABBABLE =
  'a[href], area[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), summary';

/** Focuses `el`; an element that is not focusable by itself (a heading, a result line) becomes so by script only. */
export function focusOn(el: HTMLElement | null | undefined): boolean {
  if (!el || !el.isConnected) return false;
  if (el.tabIndex < 0 && !el.hasAttribute('tabindex')) el.tabIndex = -1;
  el.focus();
  return document.activeElement === el;
}

/** The page's heading: where focus goes when the thing it should return to is gone. */
export function focusPageHeading(): void {
  focusOn(document.querySelector<HTMLElement>('main h1, h1'));
}

/**
 * Focuses what `find` returns once React has drawn it (tried each frame for a short while, as the result of an
 * action appears after a re-render); the page's heading if it never appears, so focus is not left on <body>.
 */
export function focusResult(find: () => HTMLElement | null | undefined, frames = 30): void {
  const attempt = (left: number) => {
    if (focusOn(find() ?? null)) return;
    if (left > 0) requestAnimationFrame(() => attempt(left - 1));
    else if (document.activeElement === document.body || !document.activeElement) focusPageHeading();
  };
  requestAnimationFrame(() => attempt(frames));
}

/** Focuses the element with this id once it is drawn (see focusResult). */
export const focusById = (id: string) => focusResult(() => document.getElementById(id));

/** Elements Tab can reach inside `root`, in order, visible ones only. */
export function tabbables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) => !el.closest('[inert]') && el.getClientRects().length > 0,
  );
}

/**
 * Remembers what had focus when the component appeared and gives focus back to it when the component goes
 * (a form closed by Cancel or by its own success); the page's heading if the opener is gone.
 */
export function useReturnFocus(): void {
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => {
      const back = opener;
      // After React has removed the component: the opener may be drawn again in the same commit.
      focusResult(() => (back?.isConnected ? back : null), 2);
    };
  }, []);
}

export interface DialogOptions {
  /** Closes the dialog (Escape); leave out while it may not close (a save on its way). */
  onClose?: () => void;
  /** What takes focus first; otherwise the first field, otherwise the dialog's heading. */
  initial?: () => HTMLElement | null | undefined;
  /** Shows the dialog (a <dialog>'s showModal), after the opener is noted: showing it moves focus. */
  show?: (dialog: HTMLElement) => void;
}

/**
 * A modal dialog's focus: takes it on opening, keeps Tab and Shift+Tab inside, closes on Escape, and gives
 * focus back to what opened it on closing (the page's heading if that is gone).
 */
export function useDialog(ref: RefObject<HTMLElement | null>, { onClose, initial, show }: DialogOptions = {}): void {
  const close = useRef(onClose);
  close.current = onClose;
  const first = useRef(initial);
  const showIt = useRef(show);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    showIt.current?.(dialog);
    const start =
      first.current?.() ??
      dialog.querySelector<HTMLElement>('[autofocus], input:not([type=hidden]), textarea, select') ??
      dialog.querySelector<HTMLElement>('h1, h2, h3') ??
      dialog;
    focusOn(start);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        if (!close.current) return;
        e.preventDefault();
        e.stopPropagation();
        close.current();
        return;
      }
      if (e.key !== 'Tab') return;
      const stops = tabbables(dialog);
      if (stops.length === 0) {
        e.preventDefault();
        return;
      }
      const firstStop = stops[0]!;
      const lastStop = stops[stops.length - 1]!;
      const at = document.activeElement;
      const inside = at instanceof Node && dialog.contains(at);
      const listed = stops.includes(at as HTMLElement);
      if (e.shiftKey ? !inside || !listed || at === firstStop : !inside || at === lastStop) {
        e.preventDefault();
        (e.shiftKey ? lastStop : firstStop).focus();
      }
    };
    // Capture on the document: the dialog decides Tab and Escape before anything on the page behind it.
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      focusResult(() => (opener?.isConnected ? opener : null), 2);
    };
  }, [ref]);
}
