// How many people to ask: the sample size for estimating a proportion (the share satisfied) with a
// given margin at 95% confidence, made smaller for a small population (finite population correction).

/** z for 95% confidence (two-sided). */
export const Z_95 = 1.96;
export const DEFAULT_MARGIN = 0.1;

export interface SampleInput {
  /** People the survey is about (children of the commune, or its adult residents); null/0 when unknown. */
  population?: number | null;
  /** Half-width of the interval as a share (0.1 = ±10 points). */
  margin?: number;
  /** The proportion expected; 0.5 gives the largest (safest) sample. */
  proportion?: number;
  z?: number;
}

/** n0 = z²·p(1−p)/e², then n = n0/(1+(n0−1)/N), rounded up, never more than the population. */
export function recommendedSampleSize({
  population = null,
  margin = DEFAULT_MARGIN,
  proportion = 0.5,
  z = Z_95,
}: SampleInput = {}): number {
  if (!(margin > 0 && margin < 1)) throw new RangeError(`margin must be between 0 and 1, got ${margin}`);
  if (!(proportion > 0 && proportion < 1))
    throw new RangeError(`proportion must be between 0 and 1, got ${proportion}`);
  const n0 = (z * z * proportion * (1 - proportion)) / (margin * margin);
  const N = population !== null && Number.isFinite(population) && population > 0 ? Math.floor(population) : null;
  const n = N === null ? n0 : n0 / (1 + (n0 - 1) / N);
  // Floating point can put an exact quotient a hair above a whole number: do not round that up.
  const size = Math.ceil(n - 1e-9);
  return N === null ? size : Math.min(size, N);
}
