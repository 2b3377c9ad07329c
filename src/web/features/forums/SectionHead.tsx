// The head of a forums-page section: its title, the "add" button (for those who may write, while no form
// is open), and the note of what was just saved.
import type { ReactNode } from 'react';

export function SectionHead(props: {
  id: string;
  title: string;
  addLabel: string;
  canAdd: boolean;
  onAdd(): void;
  saved: string | null;
  children?: ReactNode;
}) {
  const { id, title, addLabel, canAdd, onAdd, saved } = props;
  return (
    <>
      <div className="register-head">
        <h2 id={id}>{title}</h2>
        {canAdd && (
          <button type="button" className="btn-primary" onClick={onAdd}>
            + {addLabel}
          </button>
        )}
      </div>
      {saved && (
        <p role="status" className="logged-note">
          {saved}
        </p>
      )}
    </>
  );
}
