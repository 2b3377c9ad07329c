// The pure retention rules: when a child's record may be erased, when the job anonymises it, and the periods' bounds.
import { describe, expect, it } from 'vitest';
import {
  addPeriod,
  checkRetentionValue,
  cutoff,
  dueForAnonymisation,
  erasureDecision,
  leftOn,
  RETENTION_DEFAULTS,
  RETENTION_KEYS,
} from '../../src/core/privacy/retention.ts';

describe('erasureDecision', () => {
  it('refuses while a case is open, whatever else', () => {
    expect(
      erasureDecision(
        [
          { id: 3, closedOn: '2000-01-01' },
          { id: 4, closedOn: null },
        ],
        10,
        '2040-01-01',
      ),
    ).toEqual({ ok: false, reason: 'open_case', caseId: 4 });
  });
  it('refuses until the last closure plus the period, naming that case and the day', () => {
    const cases = [
      { id: 1, closedOn: '2020-05-01' },
      { id: 2, closedOn: '2021-02-28' },
    ];
    expect(erasureDecision(cases, 10, '2031-02-27')).toEqual({
      ok: false,
      reason: 'case_retention',
      caseId: 2,
      until: '2031-02-28',
    });
    expect(erasureDecision(cases, 10, '2031-02-28')).toEqual({ ok: true });
  });
  it('allows a record without cases, once', () => {
    expect(erasureDecision([], 10, '2026-01-01')).toEqual({ ok: true });
    expect(erasureDecision([], 10, '2026-01-01', true)).toEqual({ ok: false, reason: 'already_erased' });
  });
});

describe('dueForAnonymisation', () => {
  const s = { left_child_years: 5, case_file_years: 10 };
  it('waits the period after the child left (the earlier of moving out and death)', () => {
    expect(leftOn({ movedOutOn: '2019-01-01', diedOn: '2018-06-01' })).toBe('2018-06-01');
    expect(dueForAnonymisation({ movedOutOn: null, diedOn: null }, [], s, '2099-01-01')).toBe(false);
    expect(dueForAnonymisation({ movedOutOn: '2020-03-01', diedOn: null }, [], s, '2025-02-28')).toBe(false);
    expect(dueForAnonymisation({ movedOutOn: '2020-03-01', diedOn: null }, [], s, '2025-03-01')).toBe(true);
  });
  it('never anonymises a record a case still keeps', () => {
    expect(
      dueForAnonymisation(
        { movedOutOn: '2010-01-01', diedOn: null },
        [{ id: 1, closedOn: '2020-01-01' }],
        s,
        '2026-01-01',
      ),
    ).toBe(false);
    expect(
      dueForAnonymisation({ movedOutOn: '2010-01-01', diedOn: null }, [{ id: 1, closedOn: null }], s, '2099-01-01'),
    ).toBe(false);
  });
});

describe('periods', () => {
  it('adds and subtracts calendar periods', () => {
    expect(addPeriod('2024-02-29', 1, 'years')).toBe('2025-02-28');
    expect(cutoff('2026-03-31', 1, 'months')).toBe('2026-02-28');
    expect(cutoff('2026-03-01', 1, 'days')).toBe('2026-02-28');
  });
  it('has a default with a legal basis in both languages for every rule, inside its own bounds', () => {
    expect(RETENTION_DEFAULTS.map((d) => d.key)).toEqual([...RETENTION_KEYS]);
    for (const d of RETENTION_DEFAULTS) {
      expect(d.legalBasis.vi).toMatch(/không phải tư vấn pháp lý/);
      expect(d.legalBasis.en).toMatch(/not legal advice/);
      expect(checkRetentionValue(d.key, d.value)).toEqual({ ok: true, value: d.value });
    }
  });
  it('refuses values out of bounds, not whole, or for an unknown rule', () => {
    expect(checkRetentionValue('case_file_years', 0)).toMatchObject({ ok: false, code: 'out_of_range', min: 1 });
    expect(checkRetentionValue('case_file_years', 2.5)).toMatchObject({ ok: false, code: 'not_integer' });
    expect(checkRetentionValue('case_file_years', '3')).toMatchObject({ ok: false, code: 'not_integer' });
    expect(checkRetentionValue('nothing', 3)).toEqual({ ok: false, code: 'unknown_key' });
  });
});
