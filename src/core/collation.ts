// The product's one order for names: Vietnamese alphabetical order with natural numbers ("Bạch Thông, Bắc Kạn,
// Bình Yên"; "Dương" before "Đồng"; "Thôn 2" before "Thôn 10"). The database sorts the same way with the
// vi_natural collation (migrations/0026_vi_collation.sql). Pure.

const collator = new Intl.Collator('vi', { numeric: true });

/**
 * Compares two names in Vietnamese order; names the collator finds equal are ordered by code point, as a
 * deterministic PostgreSQL collation breaks its ties, so that the server, the browser and SQL agree.
 */
export function compareVi(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A comparator of objects by a name, for `.sort(byVi((row) => row.name))`. */
export function byVi<T>(name: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => compareVi(name(a), name(b));
}

/** A sorted copy, by the name each item gives. */
export function sortVi<T>(items: Iterable<T>, name: (item: T) => string): T[] {
  return [...items].sort(byVi(name));
}
