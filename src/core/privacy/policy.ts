// The one policy that decides what a viewer sees of a child: role × relation × field group. Every route
// that returns child or case data projects its records through `projectChild`/`caseShown` here, and the
// access log records the groups these functions say were shown. docs/privacy.md prints POLICY as a table
// and tests/privacy/policy-table.test.ts checks that the two agree.
//
// Visibility of sensitive data follows only from facts a viewer cannot create alone: the role the
// administrator granted, and an assignment as case worker made by the commune chairman (recorded with
// who assigned it). Opening a case, adding a child or a record never widens what the viewer sees.
import { isSensitiveCircumstance, topGroup } from '../register/circumstances.ts';
import { SENSITIVE_CASE_KINDS, type CaseKind } from '../register/records.ts';
import type { Viewer } from './viewer.ts';

export type { Viewer, ViewerGrant } from './viewer.ts';

/** The parts of a child's record, each shown or withheld as a whole. */
export const FIELD_GROUPS = [
  'identity', // code, name, birth date, sex, identity number, guardian, village, household
  'profile', // birth registration, moved out, died, note
  'education',
  'health', // immunisation, disability, growth and health checks
  'circumstances', // special circumstances of the groups that are not sensitive
  'sensitive_circumstances', // abandoned, HIV, law violation, drugs, violence, exploitation, sexual abuse, trafficking
  'supports', // supports not given for a sensitive case
  'cases', // cases of kinds that are not sensitive (injury, death) and the supports given for them
  'assigned_cases', // sensitive cases the viewer was assigned to by the chairman, and their supports
  'sensitive_cases', // every sensitive case and its supports
] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];

/** The register role a viewer holds in a commune. Province, national and technical roles hold none. */
export type RegisterRole = 'chairman' | 'officer' | 'collaborator';

/**
 * How the viewer stands to one child: `village` — the child lives in a village the collaborator keeps;
 * `commune` — the child is in the viewer's commune; `assigned` — besides, the chairman assigned the viewer
 * as worker on a case of this child; `outside` — none of these (another village or commune).
 */
export type Relation = 'outside' | 'village' | 'commune' | 'assigned';
export const RELATIONS: readonly Relation[] = ['outside', 'village', 'commune', 'assigned'];

const BASE: FieldGroup[] = ['identity', 'profile', 'education', 'health', 'circumstances'];
const OFFICER: FieldGroup[] = [...BASE, 'supports', 'cases'];

/** The policy: for each register role and relation, the field groups shown. Absent pairs show nothing. */
export const POLICY: Record<RegisterRole, Partial<Record<Relation, readonly FieldGroup[]>>> = {
  chairman: {
    commune: [...OFFICER, 'sensitive_circumstances', 'sensitive_cases'],
    assigned: [...OFFICER, 'sensitive_circumstances', 'sensitive_cases'],
  },
  officer: { commune: OFFICER, assigned: [...OFFICER, 'sensitive_circumstances', 'assigned_cases'] },
  collaborator: { village: BASE },
};

/** Facts about a case that visibility depends on. */
export interface CaseFacts {
  id: number;
  kind: CaseKind | string;
  caseWorkerId: number | null;
  /** Who made the assignment: only an assignment by someone else (the chairman) grants anything. */
  assignedBy: number | null;
}

/** Facts about a child that the viewer's relation depends on. */
export interface ChildSubject {
  communeId: number;
  villageId: number;
  cases: readonly CaseFacts[];
}

export const isSensitiveCase = (kind: string) => (SENSITIVE_CASE_KINDS as readonly string[]).includes(kind);

const RANK: Record<RegisterRole, number> = { collaborator: 1, officer: 2, chairman: 3 };

/** The strongest register role the viewer holds in a commune, or null. */
export function registerRole(viewer: Viewer, communeId: number): RegisterRole | null {
  let best: RegisterRole | null = null;
  for (const g of viewer.roles) {
    if (g.unitId !== communeId) continue;
    const role: RegisterRole | null =
      g.role === 'commune_chairman'
        ? 'chairman'
        : g.role === 'commune_officer'
          ? 'officer'
          : g.role === 'collaborator'
            ? 'collaborator'
            : null;
    if (role && (!best || RANK[role] > RANK[best])) best = role;
  }
  return best;
}

/** Villages a collaborator is limited to in a commune; null when the viewer's role covers the whole commune. */
export function villageLimit(viewer: Viewer, communeId: number): number[] | null {
  const grants = viewer.roles.filter((g) => g.unitId === communeId);
  if (
    grants.some(
      (g) =>
        g.role === 'commune_officer' ||
        g.role === 'commune_chairman' ||
        (g.role === 'collaborator' && g.villageId == null),
    )
  )
    return null;
  return grants.filter((g) => g.role === 'collaborator').map((g) => g.villageId as number);
}

/** A case assignment that counts: the viewer is the worker and someone else (the chairman) assigned it. */
export const assignedTo = (viewer: Viewer, c: CaseFacts) =>
  c.caseWorkerId === viewer.userId && c.assignedBy !== null && c.assignedBy !== viewer.userId;

/** How the viewer stands to a child. */
export function relationTo(viewer: Viewer, child: ChildSubject): { role: RegisterRole | null; relation: Relation } {
  const role = registerRole(viewer, child.communeId);
  if (!role) return { role, relation: 'outside' };
  const villages = villageLimit(viewer, child.communeId);
  if (role === 'collaborator')
    return { role, relation: villages === null || villages.includes(child.villageId) ? 'village' : 'outside' };
  if (role === 'officer' && child.cases.some((c) => assignedTo(viewer, c))) return { role, relation: 'assigned' };
  return { role, relation: 'commune' };
}

/** The field groups the viewer may see of a child (empty: the child is absent for this viewer). */
export function grantedGroups(viewer: Viewer, child: ChildSubject): ReadonlySet<FieldGroup> {
  const { role, relation } = relationTo(viewer, child);
  return new Set(role ? (POLICY[role][relation] ?? []) : []);
}

/** Whether a case of the child is shown to the viewer who holds these groups. */
export function caseShown(viewer: Viewer, granted: ReadonlySet<FieldGroup>, c: CaseFacts): boolean {
  if (!isSensitiveCase(c.kind)) return granted.has('cases');
  return granted.has('sensitive_cases') || (granted.has('assigned_cases') && assignedTo(viewer, c));
}

/** The field group a shown case is shown under, as the access log names it. */
export const caseGroup = (granted: ReadonlySet<FieldGroup>, kind: string): FieldGroup =>
  !isSensitiveCase(kind) ? 'cases' : granted.has('sensitive_cases') ? 'sensitive_cases' : 'assigned_cases';

/** Whether a special circumstance of a group ('l', 'c.2') is shown. */
export function circumstanceShown(granted: ReadonlySet<FieldGroup>, group: string): boolean {
  return granted.has(isSensitiveCircumstance(group) ? 'sensitive_circumstances' : 'circumstances');
}

/** Whether a support is shown: one given for a case follows that case; the others need `supports`. */
export function supportShown(
  viewer: Viewer,
  granted: ReadonlySet<FieldGroup>,
  caseOf: (caseId: number) => CaseFacts | undefined,
  s: { caseId: number | null },
): boolean {
  if (s.caseId === null) return granted.has('supports');
  const c = caseOf(s.caseId);
  return !!c && caseShown(viewer, granted, c);
}

/** A child's whole record as stored, with the facts each part carries for the policy. */
export interface ChildRecordFacts<
  Identity,
  Profile,
  Education,
  Health,
  Circ extends { group: string },
  Support extends { caseId: number | null },
  Case extends CaseFacts,
  HealthRecord,
> {
  subject: ChildSubject;
  identity: Identity;
  profile: Profile;
  education: Education;
  health: Health;
  healthRecords: HealthRecord[];
  circumstances: Circ[];
  supports: Support[];
  cases: Case[];
}

/** What `projectChild` returns: each group present only when shown; the lists hold only shown items. */
export interface ProjectedChild<Identity, Profile, Education, Health, Circ, Support, Case, HealthRecord> {
  identity: Identity;
  profile?: Profile;
  education?: Education;
  health?: Health;
  healthRecords?: HealthRecord[];
  circumstances?: Circ[];
  supports?: Support[];
  cases?: Case[];
}

/**
 * A child's record as the viewer may see it, and the groups actually shown (for the access log). Null
 * when the viewer may see nothing of the child: the caller answers exactly as for a child that does not
 * exist. Lists hold only what is shown, with no marker where something was left out.
 */
export function projectChild<
  I,
  P,
  E,
  H,
  C extends { group: string },
  S extends { caseId: number | null },
  K extends CaseFacts,
  R,
>(
  viewer: Viewer,
  record: ChildRecordFacts<I, P, E, H, C, S, K, R>,
): { view: ProjectedChild<I, P, E, H, C, S, K, R>; shown: FieldGroup[] } | null {
  const granted = grantedGroups(viewer, record.subject);
  if (!granted.has('identity')) return null;
  const shown = new Set<FieldGroup>(['identity']);
  const view: ProjectedChild<I, P, E, H, C, S, K, R> = { identity: record.identity };
  if (granted.has('profile')) {
    view.profile = record.profile;
    shown.add('profile');
  }
  if (granted.has('education')) {
    view.education = record.education;
    shown.add('education');
  }
  if (granted.has('health')) {
    view.health = record.health;
    view.healthRecords = record.healthRecords;
    shown.add('health');
  }
  if (granted.has('circumstances')) {
    view.circumstances = record.circumstances.filter((c) => circumstanceShown(granted, c.group));
    shown.add('circumstances');
    if (view.circumstances.some((c) => isSensitiveCircumstance(c.group))) shown.add('sensitive_circumstances');
  }
  const caseById = new Map(record.cases.map((c) => [c.id, c]));
  if (granted.has('cases')) {
    view.cases = record.cases.filter((c) => caseShown(viewer, granted, c));
    shown.add('cases');
    for (const c of view.cases) shown.add(caseGroup(granted, c.kind));
  }
  if (granted.has('supports')) {
    view.supports = record.supports.filter((s) => supportShown(viewer, granted, (id) => caseById.get(id), s));
    shown.add('supports');
  }
  return { view, shown: FIELD_GROUPS.filter((g) => shown.has(g)) };
}

/** The top groups of the circumstances a viewer may see, as the children list shows them. */
export const visibleTopGroups = (granted: ReadonlySet<FieldGroup>, groups: readonly string[]) => [
  ...new Set(groups.filter((g) => circumstanceShown(granted, g)).map(topGroup)),
];

/** The records of a commune that a viewer may not see, by id: left out when listing the records behind a count. */
export interface HiddenRecords {
  children: number[];
  circumstances: number[];
  supports: number[];
  cases: number[];
}

/**
 * Which of these children's records the viewer may not see. The records behind a count are then the
 * records that make the count's condition true among what the viewer sees, so that a child appears
 * behind a count exactly when what the viewer sees of the child explains it.
 */
export function hiddenRecords(
  viewer: Viewer,
  children: Iterable<{
    id: number;
    subject: ChildSubject;
    circumstances: readonly { id: number; group: string }[];
    supports: readonly { id: number; caseId: number | null }[];
  }>,
): HiddenRecords {
  const hidden: HiddenRecords = { children: [], circumstances: [], supports: [], cases: [] };
  for (const child of children) {
    const granted = grantedGroups(viewer, child.subject);
    if (!granted.has('identity')) hidden.children.push(child.id);
    const cases = new Map(child.subject.cases.map((c) => [c.id, c]));
    for (const c of child.subject.cases) if (!caseShown(viewer, granted, c)) hidden.cases.push(c.id);
    for (const c of child.circumstances) if (!circumstanceShown(granted, c.group)) hidden.circumstances.push(c.id);
    for (const s of child.supports)
      if (!supportShown(viewer, granted, (id) => cases.get(id), s)) hidden.supports.push(s.id);
  }
  return hidden;
}
