// Who sees which part of a child's record. Least access: identities stay in the commune, sensitive
// cases only with their case worker and the chairman, and nobody above the commune sees a child.
import { isSensitiveCircumstance } from './circumstances.ts';
import { SENSITIVE_CASE_KINDS, type CaseKind } from './records.ts';

export interface ViewerGrant {
  role: string;
  unitId: number | null;
  villageId?: number | null;
}

export interface Viewer {
  userId: number;
  roles: ViewerGrant[];
}

/** The parts of a child's record, each shown or withheld as a whole. */
export type FieldGroup = 'identity' | 'profile' | 'health' | 'education' | 'circumstances' | 'supports' | 'cases';

export type RegisterAccess = 'none' | 'collaborator' | 'officer' | 'chairman';

/** The strongest register access a viewer has to a commune (and, for a collaborator, a village). */
export function registerAccess(viewer: Viewer, communeId: number, villageId?: number | null): RegisterAccess {
  let best: RegisterAccess = 'none';
  const rank = { none: 0, collaborator: 1, officer: 2, chairman: 3 } as const;
  for (const g of viewer.roles) {
    if (g.unitId !== communeId) continue;
    let access: RegisterAccess = 'none';
    if (g.role === 'commune_chairman') access = 'chairman';
    else if (g.role === 'commune_officer') access = 'officer';
    else if (g.role === 'collaborator' && (villageId === undefined || g.villageId == null || g.villageId === villageId)) access = 'collaborator';
    if (rank[access] > rank[best]) best = access;
  }
  return best;
}

/** Villages a collaborator is limited to in a commune; null when the viewer sees the whole commune. */
export function villageLimit(viewer: Viewer, communeId: number): number[] | null {
  const grants = viewer.roles.filter((g) => g.unitId === communeId);
  if (grants.some((g) => g.role === 'commune_officer' || g.role === 'commune_chairman' || (g.role === 'collaborator' && g.villageId == null))) return null;
  return grants.filter((g) => g.role === 'collaborator').map((g) => g.villageId as number);
}

const GROUPS: Record<RegisterAccess, FieldGroup[]> = {
  none: [],
  collaborator: ['identity', 'profile', 'health', 'education', 'circumstances'],
  officer: ['identity', 'profile', 'health', 'education', 'circumstances', 'supports', 'cases'],
  chairman: ['identity', 'profile', 'health', 'education', 'circumstances', 'supports', 'cases'],
};

export const fieldGroups = (access: RegisterAccess): FieldGroup[] => GROUPS[access];

/** Whether the viewer may see a sensitive item of this child: the chairman, or a worker on one of the child's cases. */
export function seesSensitive(access: RegisterAccess, viewerId: number, caseWorkerIds: readonly (number | null)[]): boolean {
  return access === 'chairman' || (access === 'officer' && caseWorkerIds.includes(viewerId));
}

export const isSensitiveCase = (kind: CaseKind) => SENSITIVE_CASE_KINDS.includes(kind);

/** A case as this viewer may see it: sensitive cases lose the child's identity and the details unless handled by the viewer. */
export function caseVisibility(access: RegisterAccess, viewerId: number, c: { kind: CaseKind; caseWorkerId: number | null }): 'full' | 'restricted' | 'hidden' {
  if (access === 'none' || access === 'collaborator') return 'hidden';
  if (!isSensitiveCase(c.kind)) return 'full';
  return seesSensitive(access, viewerId, [c.caseWorkerId]) ? 'full' : 'restricted';
}

/** A circumstance entry as this viewer may see it. */
export function circumstanceVisible(access: RegisterAccess, viewerId: number, group: string, caseWorkerIds: readonly (number | null)[]): boolean {
  return !isSensitiveCircumstance(group) || seesSensitive(access, viewerId, caseWorkerIds);
}

/** Roles allowed to export identifiable register data (logged). */
export const mayExportIdentities = (access: RegisterAccess) => access === 'officer' || access === 'chairman';
