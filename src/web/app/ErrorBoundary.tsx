// A page that fails to load (often a stale chunk after an update, or a dropped line) offers a reload
// instead of a blank screen.
import { Component, type ReactNode } from 'react';
import { i18n } from './i18n.ts';

interface State {
  failed: boolean;
}

export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <section className="page">
        <div className="error-box" role="alert">
          <p>{i18n.t('common:error.pageFailed')}</p>
          <button type="button" className="btn-secondary" onClick={() => window.location.reload()}>
            {i18n.t('common:reload')}
          </button>
        </div>
      </section>
    );
  }
}
