// A reproducible random sample: the same seed and the same list always give the same choice,
// so that a re-check's sample can be verified later from its recorded seed.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Picks ceil(share × n) items (at least one when the list is not empty), in the list's order. */
export function seededSample<T>(items: readonly T[], share: number, seed: number): T[] {
  if (!items.length) return [];
  const count = Math.min(items.length, Math.max(1, Math.ceil(share * items.length)));
  const rng = xoroshiro128plus(seed);
  const order = items.map((_, i) => i);
  // Partial Fisher–Yates: the first `count` positions become the sample.
  for (let i = 0; i < count; i++) {
    const j = uniformInt(rng, i, order.length - 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((i) => items[i]!);
}

/**
 * Picks `perGroup` items of each group (all of a smaller group), with one generator run through the groups in
 * the order given, so that the same seed and the same groups always give the same picks. Within a group the
 * picks keep the group's order.
 */
export function stratifiedSample<K, T>(
  groups: readonly { key: K; items: readonly T[] }[],
  perGroup: number,
  seed: number,
): Array<{ key: K; picks: T[] }> {
  const rng = xoroshiro128plus(seed);
  return groups.map(({ key, items }) => {
    const count = Math.min(items.length, Math.max(0, Math.floor(perGroup)));
    const order = items.map((_, i) => i);
    for (let i = 0; i < count; i++) {
      const j = uniformInt(rng, i, order.length - 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const picks = order
      .slice(0, count)
      .sort((a, b) => a - b)
      .map((i) => items[i]!);
    return { key, picks };
  });
}
