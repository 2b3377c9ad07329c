// Which API answers the device keeps for offline use (issue 21): only those listed here, only for the signed-in
// person (the vault is open), exactly as the server returned them, so the privacy projection already applied.
import { vaultGet, vaultGetUnder, vaultOpen, vaultPut } from './vault.ts';

const kept: RegExp[] = [
  // The register a village collaborator or commune officer works with: villages, the list, a child's record.
  /^\/api\/register\/groups$/,
  /^\/api\/communes\/\d+\/register\/villages$/,
  /^\/api\/communes\/\d+\/register\/children(\?[^/]*)?$/,
  /^\/api\/communes\/\d+\/register\/children\/\d+$/,
  // The periods: a commune officer's home page (read before any feature's page loads) opens their form from them.
  /^\/api\/periods$/,
];

/** Lets a feature's GET answers be kept for offline reading (e.g. the assessment form); a pattern of whole paths. */
export function allowOfflineReads(pattern: RegExp): void {
  kept.push(pattern);
}

export const keptOffline = (path: string): boolean => kept.some((p) => p.test(path));

/** Keeps a GET answer (nothing when signed out or not listed); a failure to store never fails the request. */
export async function rememberRead(path: string, body: unknown): Promise<void> {
  if (!vaultOpen() || !keptOffline(path)) return;
  await vaultPut('reads', path, body).catch(() => undefined);
}

/** The kept answer for a GET when the network is gone, or undefined. */
export async function recallRead<T>(path: string): Promise<T | undefined> {
  if (!vaultOpen() || !keptOffline(path)) return undefined;
  return vaultGet<T>('reads', path).catch(() => undefined);
}

/** Every kept answer under a path (a list's pages, the records opened), for searching them offline. */
export async function recallReadsUnder<T>(prefix: string): Promise<Array<{ path: string; body: T }>> {
  if (!vaultOpen()) return [];
  const rows = await vaultGetUnder<T>('reads', prefix).catch(() => []);
  return rows.map((r) => ({ path: r.id, body: r.value }));
}
