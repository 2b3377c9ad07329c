// The round's state machine (src/core/workflow/round-entry.ts), checked transition by transition against a
// table written out here by hand: every (state, action, actor) gives allowed or the refusal's reason, the
// state it leads to, whether a comment is needed, and which route makes it. A second, property-based pass
// checks the same rules for any set of actors, any comment and any action name.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  availableActions,
  checkDirectTransition,
  checkTransition,
  communeMayEdit,
  councilReady,
  DIRECT_ACTIONS,
  directActions,
  ENTRY_STATES,
  pendingItems,
  postingOver,
  TRANSITIONS,
  type Action,
  type Actor,
  type EntryState,
} from '../../src/core/workflow/round-entry.ts';

const ACTORS: Actor[] = ['commune_officer', 'commune_chairman', 'appraiser', 'sector_reviewer', 'signer'];
const COMMUNE: Actor[] = ['commune_officer', 'commune_chairman'];

/** The rules as the regulation states them, written independently of the code's table. */
const EXPECTED: Record<
  Action,
  { from: EntryState[]; to: EntryState; by: Actor[]; comment: boolean; via: 'transitions' | 'review' | 'decision' }
> = {
  self_assess: { from: ['draft'], to: 'self_assessed', by: COMMUNE, comment: false, via: 'transitions' },
  publish: { from: ['self_assessed'], to: 'posted', by: COMMUNE, comment: false, via: 'transitions' },
  submit: { from: ['posted'], to: 'submitted', by: COMMUNE, comment: false, via: 'transitions' },
  // Sending the returns gathered on the dossier: the sectors record them, the appraiser sends them once.
  return_item: { from: ['submitted'], to: 'returned', by: ['appraiser'], comment: true, via: 'review' },
  resubmit: { from: ['returned'], to: 'submitted', by: COMMUNE, comment: false, via: 'transitions' },
  appraise: { from: ['submitted'], to: 'appraised', by: ['appraiser'], comment: false, via: 'transitions' },
  recognize: { from: ['appraised'], to: 'recognized', by: ['signer'], comment: false, via: 'decision' },
  reject: { from: ['appraised'], to: 'not_recognized', by: ['signer'], comment: true, via: 'transitions' },
  revoke: { from: ['recognized'], to: 'revoked', by: ['signer'], comment: true, via: 'transitions' },
  reopen: { from: ['self_assessed', 'posted'], to: 'draft', by: COMMUNE, comment: true, via: 'transitions' },
};
const ACTIONS = Object.keys(EXPECTED) as Action[];

/** What the transitions route should answer, from the table above (checked in this order). */
function expected(state: EntryState, action: string, actors: Actor[], comment: string) {
  // Own keys only: a generated action such as 'valueOf' or 'constructor' is unknown, not a property of every object.
  const rule = Object.hasOwn(EXPECTED, action) ? EXPECTED[action as Action] : undefined;
  if (!rule) return { ok: false, reason: 'unknown_action' };
  if (!rule.from.includes(state)) return { ok: false, reason: 'wrong_state' };
  if (!actors.some((a) => rule.by.includes(a))) return { ok: false, reason: 'not_allowed' };
  if (rule.comment && !comment.trim()) return { ok: false, reason: 'comment_required' };
  if (rule.via === 'review') return { ok: false, reason: 'use_review' };
  if (rule.via === 'decision') return { ok: false, reason: 'use_decision' };
  return { ok: true, to: rule.to };
}

const outcome = (check: ReturnType<typeof checkDirectTransition>) =>
  check.ok ? { ok: true, to: check.transition.to } : { ok: false, reason: check.reason };

describe('the transition table', () => {
  it('has exactly the actions, states, actors, comments and routes of the regulation', () => {
    expect(TRANSITIONS.map((t) => t.action).sort()).toEqual([...ACTIONS].sort());
    for (const t of TRANSITIONS) {
      const rule = EXPECTED[t.action];
      expect(
        { from: [...t.from].sort(), to: t.to, by: [...t.by].sort(), comment: t.needsComment, via: t.via },
        t.action,
      ).toEqual({
        from: [...rule.from].sort(),
        to: rule.to,
        by: [...rule.by].sort(),
        comment: rule.comment,
        via: rule.via,
      });
    }
    expect([...DIRECT_ACTIONS].sort()).toEqual(ACTIONS.filter((a) => EXPECTED[a].via === 'transitions').sort());
  });

  it('names what each move needs and does, as the handlers check and make them', () => {
    const needs = Object.fromEntries(TRANSITIONS.map((t) => [t.action, { needs: t.needs, does: t.does }]));
    expect(needs).toEqual({
      self_assess: { needs: ['council', 'complete_values'], does: [] },
      publish: { needs: [], does: ['open_posting'] },
      submit: { needs: ['posting_over', 'evidence', 'complete_values'], does: ['freeze_submission'] },
      return_item: { needs: ['pending_returns'], does: [] },
      resubmit: { needs: ['evidence', 'complete_values'], does: ['freeze_submission', 'carry_acceptances'] },
      appraise: { needs: ['all_items_accepted'], does: [] },
      recognize: { needs: [], does: [] },
      reject: { needs: [], does: [] },
      revoke: { needs: [], does: [] },
      reopen: { needs: [], does: [] },
    });
  });
});

describe('every (state, action, actor)', () => {
  const cases = ENTRY_STATES.flatMap((state) =>
    ACTIONS.flatMap((action) => ACTORS.map((actor) => [state, action, actor] as const)),
  );

  it.each(cases)('%s · %s · %s', (state, action, actor) => {
    for (const comment of ['', '   ', 'Lý do / a reason']) {
      expect(
        outcome(checkDirectTransition(state, action, [actor], comment)),
        `comment ${JSON.stringify(comment)}`,
      ).toEqual(expected(state, action, [actor], comment));
    }
  });

  it('refuses an action the machine does not know, in every state and for everyone', () => {
    for (const state of ENTRY_STATES)
      for (const action of ['approve', '', 'SELF_ASSESS', '__proto__', 'toString'])
        expect(checkTransition(state, action, ACTORS, 'x')).toEqual({ ok: false, reason: 'unknown_action' });
  });

  it('refuses the system administrator and anyone without a role in the dossier', () => {
    for (const state of ENTRY_STATES)
      for (const action of ACTIONS) {
        const check = checkTransition(state, action, [], 'x');
        expect(check.ok).toBe(false);
        if (!check.ok) expect(['wrong_state', 'not_allowed']).toContain(check.reason);
      }
  });

  it('names the states a transition may start from when the state is wrong', () => {
    const check = checkTransition('draft', 'submit', COMMUNE);
    expect(check).toEqual({ ok: false, reason: 'wrong_state', allowedFrom: ['posted'] });
  });
});

describe('any actors, any comment (property-based)', () => {
  const actorSets = fc.subarray(ACTORS);
  const states = fc.constantFrom(...ENTRY_STATES);
  const actions = fc.oneof(fc.constantFrom(...ACTIONS), fc.string({ maxLength: 12 }));

  it('agrees with the table', () => {
    fc.assert(
      fc.property(states, actions, actorSets, fc.string({ maxLength: 6 }), (state, action, actors, comment) => {
        expect(outcome(checkDirectTransition(state, action, actors, comment))).toEqual(
          expected(state, action, actors, comment),
        );
      }),
      // Names every object has (found by a CI run) are always tried, whatever the seed.
      {
        examples: [
          ['draft', 'valueOf', [], ''],
          ['posted', 'constructor', ['commune_officer'], 'x'],
          ['draft', '__proto__', [], ''],
        ],
      },
    );
  });

  it('offers as buttons exactly the moves the transitions route would take with a comment', () => {
    fc.assert(
      fc.property(states, actorSets, (state, actors) => {
        const offered = directActions(state, actors);
        const taken = ACTIONS.filter((a) => checkDirectTransition(state, a, actors, 'a reason').ok);
        expect([...offered].sort()).toEqual([...taken].sort());
        // The page lists every move these actors may make here, reviews and decisions included.
        expect(
          availableActions(state, actors)
            .filter((a) => !offered.includes(a as never))
            .every((a) => EXPECTED[a].via !== 'transitions'),
        ).toBe(true);
      }),
    );
  });

  it('keeps a refused or revoked dossier final, and a recognised one open to revocation only', () => {
    fc.assert(
      fc.property(states, fc.constantFrom(...ACTIONS), actorSets, (state, action, actors) => {
        const check = checkTransition(state, action, actors, 'x');
        if (!check.ok) return;
        expect(['not_recognized', 'revoked']).not.toContain(state);
        if (state === 'recognized') expect(action).toBe('revoke');
      }),
    );
  });
});

describe('what the commune may edit, and the needs of a move', () => {
  it('edits everything in draft, the returned items after a return, nothing otherwise', () => {
    const edit = Object.fromEntries(ENTRY_STATES.map((s) => [s, communeMayEdit(s)]));
    expect(edit).toEqual({
      draft: 'all',
      self_assessed: 'none',
      posted: 'none',
      submitted: 'none',
      returned: 'returned_only',
      appraised: 'none',
      recognized: 'none',
      not_recognized: 'none',
      revoked: 'none',
    });
  });

  it('a council needs three members and a meeting', () => {
    const member = { name: 'A', position: 'B', role: 'C' };
    expect(councilReady([member, member, member], '2026-10-01')).toBe(true);
    expect(councilReady([member, member], '2026-10-01')).toBe(false);
    expect(councilReady([member, member, member], null)).toBe(false);
  });

  it('a posting is over the day after its last day', () => {
    expect(postingOver(null, '2026-11-10')).toBe(true);
    expect(postingOver('2026-11-09', '2026-11-10')).toBe(true);
    expect(postingOver('2026-11-10', '2026-11-10')).toBe(false);
    expect(postingOver('2026-11-11', '2026-11-10')).toBe(false);
  });

  it('an appraisal waits for every item not accepted, in the rule set’s order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 12 }),
        fc.func(fc.boolean()),
        (codes, accept) => {
          const accepted = codes.filter((c) => accept(c));
          expect(
            pendingItems(
              codes.map((code) => ({ code })),
              accepted,
            ),
          ).toEqual(codes.filter((c) => !accepted.includes(c)));
        },
      ),
    );
  });
});
