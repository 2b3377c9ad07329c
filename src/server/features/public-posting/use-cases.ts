// The commune's side of the public posting, one function per route: read and moderate the comments of an entry.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { loadUnitInScope } from '../auth/index.ts';
import type { SessionUser } from '../auth/index.ts';
import type { ModeratedComment } from './contracts.ts';
import { listComments, loadCommentedEntry, moderateComment } from './store.ts';

type Db = Kysely<Database>;
const COMMUNE_SIDE: Parameters<typeof loadUnitInScope>[3] = ['commune_officer', 'commune_chairman'];

/** Every comment on an entry, hidden ones included, for whoever may read the commune (the province can check). */
export async function entryComments(
  db: Db,
  user: SessionUser,
  entryId: number,
): Promise<{ items: ModeratedComment[] }> {
  const entry = await loadCommentedEntry(db, entryId);
  await loadUnitInScope(db, user, entry.unit_id);
  return { items: await listComments(db, entry.id) };
}

/** Publishes, hides or answers a comment, by the commune's own officer or chairman. */
export async function moderateEntryComment(
  db: Db,
  user: SessionUser,
  entryId: number,
  commentId: number,
  change: { status?: 'published' | 'hidden'; answer?: string },
  meta: { ip?: string },
): Promise<ModeratedComment> {
  const entry = await loadCommentedEntry(db, entryId);
  await loadUnitInScope(db, user, entry.unit_id, COMMUNE_SIDE);
  return moderateComment(db, entry.id, commentId, change, { userId: user.id, ip: meta.ip });
}
