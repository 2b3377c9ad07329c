// The round dossier behind a commune's assessment of one period (if a round is open for it): the
// assessment form uses it to show what was returned, with the reasons, and to link to the dossier.
import { useEffect, useState } from 'react';
import { api } from '../../app/api.ts';
import type { EntryView, Round } from './types.ts';

export function useRoundEntry(unitId: number, periodId: number, enabled: boolean): EntryView | null {
  const [view, setView] = useState<EntryView | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    (async () => {
      const rounds = await api<{ items: Round[] }>('/api/rounds', { signal: controller.signal });
      // A commune belongs to one province, so at most one round of the period holds it.
      for (const round of rounds.items.filter((r) => r.periodId === periodId)) {
        try {
          const found = await api<EntryView>(`/api/rounds/${round.id}/entries/${unitId}`, {
            signal: controller.signal,
          });
          if (!controller.signal.aborted) setView(found);
          return;
        } catch {
          // not this province's round
        }
      }
    })().catch(() => undefined);
    return () => controller.abort();
  }, [unitId, periodId, enabled]);
  return view;
}
