import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fullMarks } from '../support/fixtures.ts';

const cfc = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/cfc.ts', ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, CFC_LANG: 'vi' },
  });

describe('cfc score', () => {
  it('prints the result as JSON and exits 0, recognised or not', () => {
    const ok = cfc(['score', '-'], JSON.stringify({ ruleSet: 'qd06-2019', category: 'other', values: fullMarks() }));
    expect(ok.status).toBe(0);
    const out = JSON.parse(ok.stdout);
    expect(out).toMatchObject({
      ruleSet: 'qd06-2019',
      ruleSetVersion: '1',
      category: 'other',
      total: 1000,
      threshold: 850,
      recognized: true,
      reasons: [],
    });
    expect(out.criteria).toHaveLength(13);
    expect(out.criteria[0].items[0]).toMatchObject({ code: 'C01.staff', points: 50, explanation: 'Có: 50 điểm' });

    const failing = cfc(
      ['score', '-'],
      JSON.stringify({ ruleSet: 'qd06-2019', category: 'other', values: { ...fullMarks(), 'C05.deaths': 1 } }),
    );
    expect(failing.status).toBe(0);
    const f = JSON.parse(failing.stdout);
    expect(f.recognized).toBe(false);
    expect(f.reasons[0]).toMatchObject({
      kind: 'criterion_zero',
      criterion: 'C05',
      message: expect.stringContaining('C05'),
    });
  });

  it('exits 2 with reasons on standard error and nothing on standard output for bad input', () => {
    for (const input of [
      '{ not json',
      JSON.stringify({ ruleSet: 'qd99', category: 'other', values: fullMarks() }),
      JSON.stringify({ ruleSet: 'qd06-2019', category: 'other', values: { ...fullMarks(), 'C02.registered': 101 } }),
      JSON.stringify({
        ruleSet: 'qd06-2019',
        category: 'other',
        values: { ...fullMarks(), 'C05.injured': -1, 'C12.events': 1.5 },
      }),
      JSON.stringify({ ruleSet: 'qd06-2019', category: 'mountain', values: fullMarks() }),
    ]) {
      const res = cfc(['score', '-'], input);
      expect(res.status, input).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().length).toBeGreaterThan(0);
    }
    const res = cfc(
      ['score', '-'],
      JSON.stringify({ ruleSet: 'qd06-2019', category: 'other', values: { ...fullMarks(), 'C02.registered': 101 } }),
    );
    expect(res.stderr).toContain('“C02.registered” = 101 lớn hơn “C02.births” = 100');
  });

  it('reads a file and reports a missing one', () => {
    const res = cfc(['score', '/nonexistent/values.json']);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('/nonexistent/values.json');
  });
});
