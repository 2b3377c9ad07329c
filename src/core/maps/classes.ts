// Colour classes of the map: provinces by the share of their communes recognised, communes by their
// result. The same class colours the region, its tile in the fallback and its legend entry.

/** Lower bounds (percent) of the share classes; the 70% province target is an edge. */
export const SHARE_CLASSES = [0, 25, 50, 70, 90] as const;

export type ShareClass = `share${0 | 1 | 2 | 3 | 4}` | 'none';

/** A province's class; 'none' when it has no communes counted (no share). */
export function shareClass(share: number | null): ShareClass {
  if (share === null || !Number.isFinite(share)) return 'none';
  let i = 0;
  while (i + 1 < SHARE_CLASSES.length && share >= SHARE_CLASSES[i + 1]!) i++;
  return `share${i}` as ShareClass;
}

/** [from, to) of each share class, the last one closed at 100. */
export function shareClassBounds(): Array<{ cls: ShareClass; from: number; to: number }> {
  return SHARE_CLASSES.map((from, i) => ({ cls: `share${i}` as ShareClass, from, to: SHARE_CLASSES[i + 1] ?? 100 }));
}

export const COMMUNE_CLASSES = ['recognised', 'below', 'incomplete', 'none'] as const;
export type CommuneClass = (typeof COMMUNE_CLASSES)[number];

/** A commune's class: recognised; complete but below its threshold or failing a criterion; still a draft; not assessed. */
export function communeClass(r: {
  assessed: number | boolean;
  complete: number | boolean;
  recognised: number | boolean;
}): CommuneClass {
  if (!r.assessed) return 'none';
  if (!r.complete) return 'incomplete';
  return r.recognised ? 'recognised' : 'below';
}
