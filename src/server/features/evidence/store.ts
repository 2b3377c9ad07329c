// Evidence records: one row per file attached to a criterion or item of a commune's round entry;
// the bytes live in the file store under a random key. Every write is audited in its transaction.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { ENTRY_STATES, uploadWindow, type EntryState, type UploadWindow } from '../../../core/workflow/round-entry.ts';
import { Refusal, fieldRefusal } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import { loadRuleSet } from '../rule-sets/index.ts';
import { sha256, storeThenRecord, type FileStore } from './storage.ts';

type Db = Kysely<Database>;

export interface EvidenceRecord {
  id: number;
  entryId: number | null;
  unitId: number;
  criterionCode: string | null;
  itemCode: string | null;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
  uploadedByName: string | null;
  downloadUrl: string;
}

function recordQuery(db: Db) {
  return db
    .selectFrom('evidence_file as f')
    .leftJoin('app_user as u', 'u.id', 'f.uploaded_by')
    .select([
      'f.id',
      'f.entry_id',
      'f.unit_id',
      'f.criterion_code',
      'f.item_code',
      'f.file_name',
      'f.media_type',
      'f.size_bytes',
      'f.sha256',
      'f.uploaded_at',
      'u.full_name',
    ])
    .where('f.deleted_at', 'is', null);
}
type RecordRow = Awaited<ReturnType<ReturnType<typeof recordQuery>['executeTakeFirstOrThrow']>>;

const toRecord = (r: RecordRow): EvidenceRecord => ({
  id: r.id,
  entryId: r.entry_id,
  unitId: r.unit_id,
  criterionCode: r.criterion_code,
  itemCode: r.item_code,
  fileName: r.file_name,
  mediaType: r.media_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  uploadedAt: new Date(r.uploaded_at).toISOString(),
  uploadedByName: r.full_name,
  downloadUrl: `/api/evidence/${r.id}/download`,
});

export async function loadEntry(db: Db, entryId: number) {
  const entry = await db
    .selectFrom('round_entry as e')
    .innerJoin('assessment as a', 'a.id', 'e.assessment_id')
    .select(['e.id', 'e.unit_id', 'e.state', 'a.rule_set_id'])
    .where('e.id', '=', entryId)
    .executeTakeFirst();
  if (!entry) throw new Refusal('not_found', 'evidence:error.entry_not_found', { id: entryId });
  return entry;
}

const asState = (state: string): EntryState =>
  (ENTRY_STATES as readonly string[]).includes(state) ? (state as EntryState) : 'revoked';

/** When the commune may add or remove evidence, seen from this state (src/core/workflow/round-entry.ts). */
export const evidenceWindow = (state: string): UploadWindow => uploadWindow(asState(state));

/**
 * Whether the commune may add or remove evidence in this state: in draft, or after a return — for which
 * any item is accepted for now (the item reviews are not consulted).
 */
export function evidenceEditable(state: string): boolean {
  return evidenceWindow(state) === 'open';
}

/** The criteria (codes) that have at least one live evidence file in the entry, each once. */
export async function criteriaWithEvidence(db: Db, entryId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('evidence_file')
    .select('criterion_code')
    .distinct()
    .where('entry_id', '=', entryId)
    .where('deleted_at', 'is', null)
    .where('criterion_code', 'is not', null)
    .execute();
  return rows.map((r) => r.criterion_code as string);
}

export function requireEditable(state: string) {
  if (!evidenceEditable(state)) throw new Refusal('conflict', 'evidence:error.not_editable', { state });
}

/** Checks the codes against the rule set of the entry's assessment; an item alone brings its criterion. */
export async function resolveCodes(db: Db, ruleSetId: number, criterionCode: string | null, itemCode: string | null) {
  if (!criterionCode && !itemCode)
    throw fieldRefusal('invalid', 'evidence:error.code_required', 'criterionCode', null, {});
  const rs = await loadRuleSet(db, ruleSetId);
  const ruleSet = `${rs.code} v${rs.version}`;
  let criterion = criterionCode ? rs.definition.criteria.find((c) => c.code === criterionCode) : undefined;
  if (criterionCode && !criterion)
    throw fieldRefusal('invalid', 'evidence:error.unknown_criterion', 'criterionCode', criterionCode, {
      value: criterionCode,
      ruleSet,
    });
  if (itemCode) {
    const owner = rs.definition.criteria.find((c) => c.items.some((i) => i.code === itemCode));
    if (!owner)
      throw fieldRefusal('invalid', 'evidence:error.unknown_item', 'itemCode', itemCode, { value: itemCode, ruleSet });
    if (criterion && owner.code !== criterion.code)
      throw fieldRefusal('invalid', 'evidence:error.item_not_in_criterion', 'itemCode', itemCode, {
        item: itemCode,
        criterion: criterion.code,
        actual: owner.code,
      });
    criterion = owner;
  }
  return { criterionCode: criterion?.code ?? null, itemCode: itemCode ?? null };
}

export interface NewEvidence {
  entryId: number;
  criterionCode: string | null;
  itemCode: string | null;
  fileName: string;
  mediaType: string;
  data: Buffer;
}

/**
 * Stores the bytes, then the row and its audit entry in one transaction (which also re-checks the
 * entry's state under a row lock). The same bytes on the same entry answer with the existing record.
 * If the database write fails, the stored bytes are removed again.
 */
export async function addEvidence(
  db: Db,
  store: FileStore,
  input: NewEvidence,
  actor: { userId: number; ip?: string },
): Promise<{ record: EvidenceRecord; duplicate: boolean }> {
  const checksum = sha256(input.data);
  const existing = await recordQuery(db)
    .where('f.entry_id', '=', input.entryId)
    .where('f.sha256', '=', checksum)
    .orderBy('f.id')
    .executeTakeFirst();
  if (existing) return { record: toRecord(existing), duplicate: true };

  return storeThenRecord(store, input.data, (key) =>
    db.transaction().execute(async (trx) => {
      const entry = await trx
        .selectFrom('round_entry')
        .select(['id', 'unit_id', 'state'])
        .where('id', '=', input.entryId)
        .forUpdate()
        .executeTakeFirst();
      if (!entry) throw new Refusal('not_found', 'evidence:error.entry_not_found', { id: input.entryId });
      requireEditable(entry.state);
      // Checked again under the lock: two identical uploads at once keep one row.
      const twin = await recordQuery(trx)
        .where('f.entry_id', '=', entry.id)
        .where('f.sha256', '=', checksum)
        .orderBy('f.id')
        .executeTakeFirst();
      if (twin) return { record: toRecord(twin), duplicate: true };
      const { id } = await trx
        .insertInto('evidence_file')
        .values({
          unit_id: entry.unit_id,
          entry_id: entry.id,
          criterion_code: input.criterionCode,
          item_code: input.itemCode,
          file_name: input.fileName,
          media_type: input.mediaType,
          size_bytes: input.data.length,
          sha256: checksum,
          storage_key: key,
          uploaded_by: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const record = toRecord(await recordQuery(trx).where('f.id', '=', id).executeTakeFirstOrThrow());
      await writeAudit(trx, {
        userId: actor.userId,
        action: 'upload',
        entity: 'evidence_file',
        entityId: id,
        after: {
          entryId: entry.id,
          criterionCode: record.criterionCode,
          itemCode: record.itemCode,
          fileName: record.fileName,
          mediaType: record.mediaType,
          sizeBytes: record.sizeBytes,
          sha256: checksum,
        },
        ip: actor.ip,
      });
      return { record, duplicate: false };
    }),
  );
}

export async function listEvidence(
  db: Db,
  entryId: number,
  filter: { criterionCode?: string; itemCode?: string } = {},
): Promise<EvidenceRecord[]> {
  let q = recordQuery(db).where('f.entry_id', '=', entryId);
  if (filter.criterionCode) q = q.where('f.criterion_code', '=', filter.criterionCode);
  if (filter.itemCode) q = q.where('f.item_code', '=', filter.itemCode);
  const rows = await q.orderBy('f.criterion_code').orderBy('f.item_code').orderBy('f.id').execute();
  return rows.map(toRecord);
}

/** A live (not deleted) evidence row with what access checks need. */
export async function loadEvidence(db: Db, id: number) {
  const row = await db
    .selectFrom('evidence_file as f')
    .leftJoin('round_entry as e', 'e.id', 'f.entry_id')
    .select([
      'f.id',
      'f.unit_id',
      'f.entry_id',
      'f.file_name',
      'f.media_type',
      'f.size_bytes',
      'f.sha256',
      'f.storage_key',
      'e.state',
    ])
    .where('f.id', '=', id)
    .where('f.deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new Refusal('not_found', 'evidence:error.evidence_not_found', { id });
  return row;
}

/** The stored bytes, checked against the checksum recorded at upload. */
/** Soft delete: the row is marked and the bytes are kept, so that the audit trail stays readable. */
export async function deleteEvidence(db: Db, id: number, actor: { userId: number; ip?: string }) {
  return db.transaction().execute(async (trx) => {
    const live = () => trx.selectFrom('evidence_file').selectAll().where('id', '=', id).where('deleted_at', 'is', null);
    const first = await live().executeTakeFirst();
    if (!first) throw new Refusal('not_found', 'evidence:error.evidence_not_found', { id });
    // The entry first (as uploads and state changes lock it), then the row.
    if (first.entry_id !== null) {
      const entry = await trx
        .selectFrom('round_entry')
        .select('state')
        .where('id', '=', first.entry_id)
        .forUpdate()
        .executeTakeFirst();
      if (entry) requireEditable(entry.state);
    }
    const row = await live().forUpdate().executeTakeFirst();
    if (!row) throw new Refusal('not_found', 'evidence:error.evidence_not_found', { id });
    const done = await trx
      .updateTable('evidence_file')
      .set({ deleted_at: sql<Date>`now()` })
      .where('id', '=', id)
      .returning('deleted_at')
      .executeTakeFirstOrThrow();
    const deletedAt = new Date(done.deleted_at!).toISOString();
    await writeAudit(trx, {
      userId: actor.userId,
      action: 'delete',
      entity: 'evidence_file',
      entityId: id,
      before: {
        entryId: row.entry_id,
        criterionCode: row.criterion_code,
        itemCode: row.item_code,
        fileName: row.file_name,
        sha256: row.sha256,
        deletedAt: null,
      },
      after: { deletedAt },
      ip: actor.ip,
    });
    return { id, deletedAt };
  });
}
