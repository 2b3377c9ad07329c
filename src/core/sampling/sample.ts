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
