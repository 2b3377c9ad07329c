// An edit of a child's record made from an older copy (offline, or a page left open) (issue 21). Pure. Per field
// it compares the value the client edited from (its base), the value it sends and the value stored now: a field the
// person did not touch keeps what is stored now (someone else's change is not overwritten by an old copy), a field
// both changed to different values is a conflict for the person to settle.

/** The fields of a child's record as the API reads and writes them (the add/edit body), by kind (the form's too). */
const CHILD_TEXT_FIELDS = [
  'code',
  'villageName',
  'householdCode',
  'householdHead',
  'address',
  'fullName',
  'idNumber',
  'guardianName',
  'guardianRelation',
  'disability',
  'note',
] as const;
export const CHILD_DATE_FIELDS = [
  'birthDate',
  'birthRegisteredOn',
  'fullyImmunizedOn',
  'movedOutOn',
  'diedOn',
] as const;
const CHILD_CHOICE_FIELDS = ['sex', 'education'] as const;
export const CHILD_EDIT_FIELDS = [...CHILD_TEXT_FIELDS, ...CHILD_DATE_FIELDS, ...CHILD_CHOICE_FIELDS] as const;
export type ChildEditField = (typeof CHILD_EDIT_FIELDS)[number];

/** A field's value for comparing: empty (null, '', absent) is one value, text is compared trimmed. */
const norm = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());
export const sameChildValue = (a: unknown, b: unknown): boolean => norm(a) === norm(b);

export interface ChildEditConflict {
  field: ChildEditField;
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

/**
 * The values to write and the conflicts, for an edit `mine` made from `base` onto the record now `current`. Fields
 * without a base are written as sent (a client that sends no base overwrites, as before).
 */
export function mergeChildEdit(
  mine: Record<string, unknown>,
  base: Record<string, unknown>,
  current: Record<ChildEditField, unknown>,
): { merged: Record<string, unknown>; conflicts: ChildEditConflict[] } {
  const merged: Record<string, unknown> = { ...mine };
  const conflicts: ChildEditConflict[] = [];
  for (const field of CHILD_EDIT_FIELDS) {
    if (!(field in base)) continue;
    const now = current[field];
    if (sameChildValue(mine[field], base[field])) {
      merged[field] = now;
      continue;
    }
    if (sameChildValue(now, base[field]) || sameChildValue(now, mine[field])) continue;
    conflicts.push({ field, base: base[field] ?? null, mine: mine[field] ?? null, theirs: now ?? null });
  }
  return { merged, conflicts };
}
