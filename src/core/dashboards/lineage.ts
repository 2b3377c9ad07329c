// How results of earlier periods are read for the units of today, across the 01/07/2025 reorganisation.
//
// The rule (the SQL in src/server/features/dashboards/store.ts selects the members, this module combines them):
// 1. Members. For a period P, a current commune stands for itself when it was in force at the end of P
//    (valid_from empty or on/before P's last day) or has its own assessment in P. Otherwise its members
//    are its predecessors (unit_lineage, full or partial link into it) that were in force at the end of P.
// 2. A current commune in P (its own trend, a province's list of communes) combines its members:
//    assessed when any member was assessed; complete when every member was assessed and complete;
//    recognised only when every member was assessed and recognised; its score is the members' mean total.
// 3. A province's or the nation's share in P counts members, each once: for 2023 the old communes that
//    map into the province's current communes (an old commune split into two provinces counts in both).

export interface MemberGroup {
  /** Members (the unit itself, or its predecessors in force at the period's end). */
  members: number;
  assessed: number;
  complete: number;
  recognised: number;
  /** Sum of the assessed members' totals. */
  totalSum: number;
  /** True when the members are predecessors, not the unit itself. */
  viaLineage: boolean;
}

export interface CurrentStatus {
  members: number;
  assessed: boolean;
  complete: boolean;
  recognised: boolean;
  meanTotal: number | null;
  viaLineage: boolean;
}

export function currentUnitStatus(g: MemberGroup): CurrentStatus {
  const all = (n: number) => g.members > 0 && n === g.members;
  return {
    members: g.members,
    assessed: g.assessed > 0,
    complete: all(g.complete),
    recognised: all(g.recognised),
    meanTotal: g.assessed > 0 ? Math.round((g.totalSum / g.assessed) * 10) / 10 : null,
    viaLineage: g.viaLineage,
  };
}
