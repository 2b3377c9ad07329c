// The register's pure rules: record checks, age on a date, plan timeliness, who sees what, suppression.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageOn, checkCase, checkChild, planTimeliness, searchKey } from '../../src/core/register/records.ts';
import {
  caseShown,
  circumstanceShown,
  grantedGroups,
  projectChild,
  registerRole,
  relationTo,
  villageLimit,
} from '../../src/core/privacy/policy.ts';
import { suppressCount, suppressRow } from '../../src/core/register/suppression.ts';
import {
  normaliseCircumstanceCode,
  isSensitiveCircumstance,
  CIRCUMSTANCE_GROUPS,
} from '../../src/core/register/circumstances.ts';

const child = {
  code: 'A1',
  villageName: 'Thôn 1',
  householdCode: 'H1',
  householdHead: 'Chủ hộ',
  fullName: 'Lê Văn An',
  birthDate: '2015-02-28',
  sex: 'male',
};
const TODAY = '2026-11-23';

describe('age on a date', () => {
  it('counts completed years, the birthday itself included', () => {
    expect(ageOn('2010-12-31', '2026-12-31')).toBe(16);
    expect(ageOn('2011-01-01', '2026-12-31')).toBe(15);
    expect(ageOn('2025-12-31', '2026-12-30')).toBe(0);
    expect(ageOn('2025-12-31', '2026-12-31')).toBe(1);
  });
  it('treats 29 February birthdays consistently', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });
});

describe('checking a child', () => {
  it('accepts a plain child and fills defaults', () => {
    const r = checkChild(child, TODAY);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toMatchObject({ idNumber: null, education: null, address: '' });
  });
  it('names the field and the value of each problem', () => {
    const r = checkChild({ ...child, birthDate: '2027-01-01', sex: 'x', idNumber: '12345' }, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map((i) => [i.field, i.code])).toEqual(
        expect.arrayContaining([
          ['sex', 'bad_choice'],
          ['idNumber', 'bad_id_number'],
        ]),
      );
    const future = checkChild({ ...child, birthDate: '2027-01-01' }, TODAY);
    expect(future).toEqual({
      ok: false,
      issues: [{ field: 'birthDate', value: '2027-01-01', code: 'in_future', params: { today: TODAY } }],
    });
  });
  it('refuses a death or a registration before birth, and an adult', () => {
    const death = checkChild({ ...child, diedOn: '2014-01-01' }, TODAY);
    expect(!death.ok && death.issues[0]).toMatchObject({
      field: 'diedOn',
      code: 'before',
      params: { other: 'birthDate' },
    });
    const reg = checkChild({ ...child, birthRegisteredOn: '2015-02-27' }, TODAY);
    expect(!reg.ok && reg.issues[0]).toMatchObject({ field: 'birthRegisteredOn', code: 'before' });
    const adult = checkChild({ ...child, birthDate: '2008-01-01' }, TODAY);
    expect(!adult.ok && adult.issues[0]).toMatchObject({ field: 'birthDate', code: 'too_old' });
  });
  it('never accepts a date after today, whatever the date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), (days) => {
        const d = new Date(Date.parse(TODAY) + days * 86_400_000).toISOString().slice(0, 10);
        return !checkChild({ ...child, fullyImmunizedOn: d }, TODAY).ok;
      }),
    );
  });
});

describe('cases', () => {
  const c = { kind: 'abuse', abuseKind: 'sexual', occurredOn: '2026-02-12', reportedOn: '2026-02-13' };
  it('needs the form of abuse, and plans only for abuse, abandonment and trafficking', () => {
    expect(checkCase({ ...c, abuseKind: null }, child, TODAY)).toMatchObject({
      ok: false,
      issues: [{ field: 'abuseKind', code: 'required' }],
    });
    expect(
      checkCase(
        {
          kind: 'injury',
          cause: 'fall',
          occurredOn: '2026-02-12',
          reportedOn: '2026-02-12',
          planDraftedOn: '2026-02-13',
        },
        child,
        TODAY,
      ),
    ).toMatchObject({ ok: false, issues: [{ code: 'plan_not_needed' }] });
    expect(checkCase({ ...c, reportedOn: '2026-02-11' }, child, TODAY)).toMatchObject({
      ok: false,
      issues: [{ field: 'reportedOn', code: 'before' }],
    });
  });
  it('calls a plan in time only when both the draft and the approval met their dates', () => {
    const base = { kind: 'abuse' as const, planDueOn: '2026-02-27', approvalDueOn: '2026-03-03' };
    expect(planTimeliness({ ...base, planDraftedOn: '2026-02-27', planApprovedOn: '2026-03-03' })).toBe('in_time');
    expect(planTimeliness({ ...base, planDraftedOn: '2026-02-28', planApprovedOn: '2026-03-03' })).toBe('late');
    expect(planTimeliness({ ...base, planDraftedOn: '2026-02-20', planApprovedOn: '2026-03-04' })).toBe('late');
    expect(planTimeliness({ ...base, planDraftedOn: '2026-02-20', planApprovedOn: null })).toBe('pending');
    expect(planTimeliness({ ...base, kind: 'injury', planDraftedOn: null, planApprovedOn: null })).toBe('not_needed');
  });
});

describe('who sees what', () => {
  const officer = { userId: 1, roles: [{ role: 'commune_officer', unitId: 10 }] };
  const chairman = { userId: 2, roles: [{ role: 'commune_chairman', unitId: 10 }] };
  const collaborator = { userId: 3, roles: [{ role: 'collaborator', unitId: 10, villageId: 7 }] };
  const province = { userId: 4, roles: [{ role: 'province_official', unitId: 1 }] };
  it('gives a register role only inside the commune', () => {
    expect(registerRole(officer, 10)).toBe('officer');
    expect(registerRole(officer, 11)).toBeNull();
    expect(registerRole(chairman, 10)).toBe('chairman');
    expect(registerRole(collaborator, 10)).toBe('collaborator');
    expect(registerRole(province, 10)).toBeNull();
    expect(villageLimit(collaborator, 10)).toEqual([7]);
    expect(villageLimit(officer, 10)).toBeNull();
    expect(grantedGroups(collaborator, { communeId: 10, villageId: 7, cases: [] }).has('cases')).toBe(false);
    expect(grantedGroups(collaborator, { communeId: 10, villageId: 8, cases: [] }).size).toBe(0);
    expect(grantedGroups(province, { communeId: 10, villageId: 7, cases: [] }).size).toBe(0);
  });
  it('lets only an assignment by someone else open a sensitive case to an officer', () => {
    const byChairman = { id: 1, kind: 'abuse', caseWorkerId: 1, assignedBy: 2 };
    const selfMade = { id: 2, kind: 'abuse', caseWorkerId: 1, assignedBy: 1 };
    const unassigned = { id: 3, kind: 'injury', caseWorkerId: 1, assignedBy: null };
    const child = (cases: (typeof byChairman | typeof selfMade | typeof unassigned)[]) => ({
      communeId: 10,
      villageId: 7,
      cases,
    });
    expect(relationTo(officer, child([byChairman])).relation).toBe('assigned');
    expect(relationTo(officer, child([selfMade])).relation).toBe('commune');
    expect(relationTo(officer, child([unassigned])).relation).toBe('commune');
    const granted = grantedGroups(officer, child([byChairman, selfMade]));
    expect(caseShown(officer, granted, byChairman)).toBe(true);
    // Assigned on one case of the child: another sensitive case of the same child stays out of sight.
    expect(caseShown(officer, granted, selfMade)).toBe(false);
    expect(caseShown(officer, grantedGroups(officer, child([unassigned])), unassigned)).toBe(true);
    expect(caseShown(chairman, grantedGroups(chairman, child([selfMade])), selfMade)).toBe(true);
    expect(circumstanceShown(grantedGroups(officer, child([selfMade])), 'l')).toBe(false);
    expect(circumstanceShown(granted, 'l')).toBe(true);
    expect(circumstanceShown(grantedGroups(collaborator, child([])), 'd.1')).toBe(true);
  });
  it('projects a record with what is not shown absent, and says which groups were shown', () => {
    const record = {
      subject: { communeId: 10, villageId: 7, cases: [{ id: 5, kind: 'trafficking', caseWorkerId: 9, assignedBy: 2 }] },
      identity: { name: 'A' },
      profile: { note: '' },
      education: { education: null },
      health: { disability: '' },
      healthRecords: [],
      circumstances: [
        { id: 1, group: 'd' },
        { id: 2, group: 'm' },
      ],
      supports: [
        { id: 1, caseId: null },
        { id: 2, caseId: 5 },
      ],
      cases: [{ id: 5, kind: 'trafficking', caseWorkerId: 9, assignedBy: 2 }],
    };
    const asCollaborator = projectChild(collaborator, record)!;
    expect(asCollaborator.view.circumstances).toEqual([{ id: 1, group: 'd' }]);
    expect(asCollaborator.view).not.toHaveProperty('supports');
    expect(asCollaborator.view).not.toHaveProperty('cases');
    expect(asCollaborator.shown).toEqual(['identity', 'profile', 'education', 'health', 'circumstances']);
    const asOfficer = projectChild(officer, record)!;
    expect(asOfficer.view.supports).toEqual([{ id: 1, caseId: null }]);
    expect(asOfficer.view.cases).toEqual([]);
    const asChairman = projectChild(chairman, record)!;
    expect(asChairman.view.circumstances).toHaveLength(2);
    expect(asChairman.shown).toContain('sensitive_cases');
    expect(projectChild(province, record)).toBeNull();
  });
  it('knows the sensitive groups and the letters officials type', () => {
    expect(CIRCUMSTANCE_GROUPS).toHaveLength(14);
    expect(normaliseCircumstanceCode(' Đ ')).toBe('dd');
    expect(isSensitiveCircumstance('m')).toBe(true);
    expect(isSensitiveCircumstance('c.2')).toBe(false);
  });
});

describe('small-count suppression', () => {
  it('withholds 1 to 4 and shows 0 and 5 or more', () => {
    expect([0, 1, 4, 5].map((v) => suppressCount(v).suppressed)).toEqual([false, true, true, false]);
  });
  it('withholds a second cell when the total would give the first away', () => {
    const { cells, total } = suppressRow([20, 3, 12, 0]);
    expect(cells.map((c) => c.suppressed)).toEqual([false, true, true, false]);
    expect(total).toEqual({ value: 35, suppressed: false });
  });
  it('withholds the total when no other cell can hide the small one', () => {
    expect(suppressRow([0, 3, 0]).total.suppressed).toBe(true);
  });
  it('never leaves exactly one hidden cell beside a shown total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 8 }), (counts) => {
        const { cells, total } = suppressRow(counts);
        const hidden = cells.filter((c) => c.suppressed).length;
        return total.suppressed || hidden !== 1;
      }),
    );
  });
});

describe('search key', () => {
  it('drops diacritics and đ', () => {
    expect(searchKey('  Đặng Thị   Ánh ')).toBe('dang thi anh');
  });
});
