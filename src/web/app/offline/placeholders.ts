// A write queued after another whose answer it needs (issue 21): a record for a child added offline names the child
// by a placeholder made from the child's queued write (its Idempotency-Key); when that write is sent, the id the
// server gave replaces the placeholder in the writes that wait. Pure, so it is tested on its own.

const TOKEN = /new-([A-Za-z0-9_]{8,200})/g;

/** What stands for the id of the record a queued write will create, in later writes' URLs (and body values). */
export const placeholderOf = (idempotencyKey: string) => `new-${idempotencyKey}`;

/** The keys of the writes whose ids a URL still waits for. */
export function placeholdersIn(url: string): string[] {
  return [...url.matchAll(TOKEN)].map((m) => m[1]!);
}

/** A body with each value that is exactly a resolved placeholder replaced by its id (a typed text is left alone). */
function resolveBody(value: unknown, resolved: Readonly<Record<string, number>>): unknown {
  if (typeof value === 'string') {
    const m = /^new-([A-Za-z0-9_]{8,200})$/.exec(value);
    return m && m[1]! in resolved ? resolved[m[1]!] : value;
  }
  if (Array.isArray(value)) return value.map((v) => resolveBody(v, resolved));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveBody(v, resolved)]));
  return value;
}

/** The write with the ids it waited for put in; the same object when it named none of them. */
export function resolvePlaceholders<T extends { url: string; body: unknown }>(
  item: T,
  resolved: Readonly<Record<string, number>>,
): T {
  const url = item.url.replace(TOKEN, (whole, key: string) => (key in resolved ? String(resolved[key]) : whole));
  const body = resolveBody(item.body, resolved);
  if (url === item.url && JSON.stringify(body) === JSON.stringify(item.body)) return item;
  return { ...item, url, body };
}
