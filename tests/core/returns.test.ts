// Returns gathered on the dossier (src/core/workflow/review.ts): reviewers record returns, the appraiser
// sends them all at once; what sending does to accepted, pending and unjudged items.
import { describe, expect, it } from 'vitest';
import {
  checkSendReturns,
  isPendingReturn,
  mayWithdrawReturn,
  parseReturnsComment,
  pendingReturns,
  returnsComment,
  reviewOpen,
  sendOutcome,
  type ReviewRecord,
} from '../../src/core/workflow/review.ts';
import { ENTRY_STATES, type Actor } from '../../src/core/workflow/round-entry.ts';

const items = [
  { code: 'C02.registered' },
  { code: 'C07.immunized' },
  { code: 'C10.attending' },
  { code: 'C12.events' },
];
const r = (itemCode: string, sector: string, decision: 'accepted' | 'returned', sentAt: string | null = null) =>
  ({ itemCode, sector, decision, reason: decision === 'returned' ? `Lý do ${itemCode}` : '', sentAt }) as ReviewRecord;

describe('pending returns', () => {
  it('are returns not sent yet, in the rule set’s order of items', () => {
    const reviews = [
      r('C10.attending', 'education', 'returned'),
      r('C12.events', 'culture', 'accepted'),
      r('C07.immunized', 'health', 'returned'),
      r('C02.registered', 'justice', 'returned', '2026-11-20T01:00:00Z'),
    ];
    expect(pendingReturns(reviews, items).map((x) => x.itemCode)).toEqual(['C07.immunized', 'C10.attending']);
    expect(pendingReturns(reviews).map((x) => x.itemCode)).toEqual(['C10.attending', 'C07.immunized']);
    expect(isPendingReturn(r('C12.events', 'culture', 'accepted'))).toBe(false);
  });

  it('are judged only while the dossier waits for appraisal', () => {
    expect(ENTRY_STATES.filter(reviewOpen)).toEqual(['submitted']);
  });
});

describe('sending the gathered returns', () => {
  const appraiser: Actor[] = ['appraiser'];
  it('is the appraiser’s, from a submitted dossier, with at least one return waiting', () => {
    expect(checkSendReturns('submitted', appraiser, 2)).toEqual({ ok: true });
    expect(checkSendReturns('submitted', appraiser, 0)).toEqual({ ok: false, reason: 'nothing_pending' });
    expect(checkSendReturns('returned', appraiser, 2)).toEqual({ ok: false, reason: 'wrong_state' });
    expect(checkSendReturns('appraised', appraiser, 1)).toEqual({ ok: false, reason: 'wrong_state' });
  });

  it('is refused to a sector reviewer, the commune and the signer, whatever the state', () => {
    for (const actor of ['sector_reviewer', 'commune_officer', 'commune_chairman', 'signer'] as Actor[])
      for (const state of ['submitted', 'returned'] as const)
        expect(checkSendReturns(state, [actor], 3), `${actor} ${state}`).toEqual({ ok: false, reason: 'not_allowed' });
  });

  it('returns the pending items, keeps the accepted ones and leaves the unjudged for after the resubmission', () => {
    const outcome = sendOutcome(items, [
      r('C07.immunized', 'health', 'returned'),
      r('C10.attending', 'education', 'returned'),
      r('C12.events', 'culture', 'accepted'),
    ]);
    expect(outcome.returned.map((x) => x.itemCode)).toEqual(['C07.immunized', 'C10.attending']);
    expect(outcome.accepted).toBe(1);
    expect(outcome.unjudged).toBe(1);
  });
});

describe('withdrawing a pending return', () => {
  it('is open to the appraiser and the item’s sector, for a return not sent yet only', () => {
    const pending = r('C07.immunized', 'health', 'returned');
    expect(mayWithdrawReturn(pending, 'all')).toBe(true);
    expect(mayWithdrawReturn(pending, ['health'])).toBe(true);
    expect(mayWithdrawReturn(pending, new Set(['health']))).toBe(true);
    expect(mayWithdrawReturn(pending, ['education'])).toBe(false);
    expect(mayWithdrawReturn(r('C07.immunized', 'health', 'returned', '2026-11-20T01:00:00Z'), 'all')).toBe(false);
    expect(mayWithdrawReturn(r('C07.immunized', 'health', 'accepted'), 'all')).toBe(false);
  });
});

describe('the history line of a send', () => {
  it('keeps one line per item, folding a reason’s own line breaks, and reads back', () => {
    const comment = returnsComment([
      { itemCode: 'C07.immunized', reason: 'Chưa khớp sổ\ntiêm chủng' },
      { itemCode: 'C10.attending', reason: '  Thiếu danh sách  ' },
    ]);
    expect(comment).toBe('C07.immunized: Chưa khớp sổ tiêm chủng\nC10.attending: Thiếu danh sách');
    expect([...parseReturnsComment(comment)]).toEqual([
      ['C07.immunized', 'Chưa khớp sổ tiêm chủng'],
      ['C10.attending', 'Thiếu danh sách'],
    ]);
    // A line written before returns were gathered (one item per transition) reads the same way.
    expect([...parseReturnsComment('C07.immunized: Lý do: có dấu hai chấm')]).toEqual([
      ['C07.immunized', 'Lý do: có dấu hai chấm'],
    ]);
  });
});
