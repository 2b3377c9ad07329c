// docs/privacy.md prints the policy as a table (role × relation × field group). The core's POLICY is the
// one the product enforces; this test reads the document and fails on any cell where the two differ,
// so the document a data protection officer reads cannot drift from the code.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIELD_GROUPS, POLICY, RELATIONS, type RegisterRole } from '../../src/core/privacy/policy.ts';
import { ROLE_RECIPIENTS } from '../../src/core/privacy/record.ts';

const doc = readFileSync(new URL('../../docs/privacy.md', import.meta.url), 'utf8');
const REGISTER_ROLE: Record<string, RegisterRole> = {
  commune_chairman: 'chairman',
  commune_officer: 'officer',
  collaborator: 'collaborator',
};

/** The rows of the first table whose header starts with "Vai trò / Role | Quan hệ / Relation". */
function policyTable() {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| Vai trò / Role | Quan hệ / Relation |'));
  expect(start, 'the policy table in docs/privacy.md').toBeGreaterThan(-1);
  const cells = (l: string) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim().replace(/`/g, ''));
  const header = cells(lines[start]!).slice(2);
  const rows = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const [roles, relation, ...marks] = cells(line);
    rows.push({
      roles: roles!.split(',').map((r) => r.trim()),
      relation: relation!,
      groups: header.filter((_, i) => marks[i] === '✓'),
    });
  }
  return { header, rows };
}

describe('the policy table of docs/privacy.md', () => {
  it('names every field group of the code, in order', () => {
    expect(policyTable().header).toEqual([...FIELD_GROUPS]);
  });

  it('says exactly what the code shows for every role and relation', () => {
    const { rows } = policyTable();
    const covered = new Set<string>();
    for (const row of rows) {
      expect(RELATIONS).toContain(row.relation);
      for (const role of row.roles) {
        const register = REGISTER_ROLE[role];
        const code = register ? [...(POLICY[register][row.relation as keyof (typeof POLICY)[RegisterRole]] ?? [])] : [];
        expect(row.groups, `${role} × ${row.relation}`).toEqual(FIELD_GROUPS.filter((g) => code.includes(g)));
        covered.add(`${role}:${row.relation}`);
      }
    }
    // Every role of the product appears, and every relation the code defines for a register role.
    for (const r of ROLE_RECIPIENTS)
      expect(
        [...covered].some((c) => c.startsWith(`${r.role}:`)),
        r.role,
      ).toBe(true);
    for (const [role, register] of Object.entries(REGISTER_ROLE))
      for (const relation of Object.keys(POLICY[register]))
        expect(covered.has(`${role}:${relation}`), `${role} × ${relation}`).toBe(true);
  });
});
