// Which group a current commune belongs to. A custom grouping lists current communes; a former district
// lists the old communes it had, and a commune formed on 01/07/2025 belongs to the former district that
// held most of its predecessors (ties by the district's name, so the answer never depends on row order). Pure.
import { compareVi } from '../collation.ts';

export const GROUP_KINDS = ['former_district', 'custom'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

export interface GroupRef {
  id: number;
  name: string;
}

export interface CommuneRef {
  id: number;
  name: string;
}

/**
 * The group of each current commune, or none. `memberOf` maps a unit (old or current commune) to its group;
 * `predecessors` maps a current commune to the old communes it was formed from (unit_lineage).
 */
export function assignCommunes(
  communes: readonly CommuneRef[],
  memberOf: ReadonlyMap<number, GroupRef>,
  predecessors: ReadonlyMap<number, readonly number[]>,
): Map<number, GroupRef | null> {
  const out = new Map<number, GroupRef | null>();
  for (const commune of communes) {
    // Listed itself (a custom grouping, or a commune the file names by its current code): that group.
    const own = memberOf.get(commune.id);
    if (own) {
      out.set(commune.id, own);
      continue;
    }
    const counts = new Map<number, { group: GroupRef; n: number }>();
    for (const old of predecessors.get(commune.id) ?? []) {
      const group = memberOf.get(old);
      if (!group) continue;
      const c = counts.get(group.id) ?? { group, n: 0 };
      c.n += 1;
      counts.set(group.id, c);
    }
    const best = [...counts.values()].sort((a, b) => b.n - a.n || compareVi(a.group.name, b.group.name))[0];
    out.set(commune.id, best?.group ?? null);
  }
  return out;
}

/** Communes by group, in Vietnamese order of the groups and of the communes; the unassigned apart. */
export function communesByGroup<C extends CommuneRef>(
  communes: readonly C[],
  assigned: ReadonlyMap<number, GroupRef | null>,
): { groups: Array<{ group: GroupRef; communes: C[] }>; unassigned: C[] } {
  const byGroup = new Map<number, { group: GroupRef; communes: C[] }>();
  const unassigned: C[] = [];
  for (const c of communes) {
    const g = assigned.get(c.id);
    if (!g) {
      unassigned.push(c);
      continue;
    }
    const slot = byGroup.get(g.id) ?? { group: g, communes: [] };
    slot.communes.push(c);
    byGroup.set(g.id, slot);
  }
  const byName = (a: CommuneRef, b: CommuneRef) => compareVi(a.name, b.name);
  const groups = [...byGroup.values()].sort((a, b) => compareVi(a.group.name, b.group.name) || a.group.id - b.group.id);
  for (const g of groups) g.communes.sort(byName);
  return { groups, unassigned: unassigned.sort(byName) };
}
