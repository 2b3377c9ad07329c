// Versioned rule sets: the preset is loaded once; officials copy a version into a draft, edit, publish.
import type { Kysely, Selectable } from 'kysely';
import type { Database, RuleSetTable } from '../../db/schema.ts';
import preset from '../../../core/rule-sets/presets/qd06-2019.json';
import { RuleSetDefinition } from '../../../core/rule-sets/schema.ts';
import { valueAt } from '../../http/errors.ts';
import { notFound, phrase, Refusal, verbatim, zodPhrase, type IssueCode } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import type { RuleSetDetail, RuleSetSummary } from './contracts.ts';

export const DEFAULT_RULE_SET = 'qd06-2019';

export interface LoadedRuleSet {
  id: number;
  code: string;
  version: number;
  status: 'draft' | 'published';
  definition: RuleSetDefinition;
}

export async function ensurePresetRuleSets(db: Kysely<Database>): Promise<boolean> {
  const def = RuleSetDefinition.parse(preset);
  const inserted = await db
    .insertInto('rule_set')
    .values({
      code: def.code,
      version: 1,
      status: 'published',
      definition: JSON.stringify(def),
      note: 'Bộ tiêu chí cài sẵn theo QĐ 06/QĐ-TTg (các mục P là tạm tính)',
      published_at: new Date(),
    })
    .onConflict((oc) => oc.columns(['code', 'version']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return Boolean(inserted);
}

// Published versions never change, so they are read and parsed once for the process's life
// (a process serves one database).
const published = new Map<number, LoadedRuleSet>();

export async function loadRuleSet(db: Kysely<Database>, id: number): Promise<LoadedRuleSet> {
  const known = published.get(id);
  if (known) return known;
  const row = await db
    .selectFrom('rule_set')
    .select(['id', 'code', 'version', 'status', 'definition'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('rule_set', id);
  const loaded: LoadedRuleSet = {
    id: row.id,
    code: row.code,
    version: row.version,
    status: row.status,
    definition: RuleSetDefinition.parse(row.definition),
  };
  if (row.status === 'published') published.set(id, loaded);
  return loaded;
}

/** The newest published version of a rule set: what a new assessment is scored with. */
export async function latestPublished(db: Kysely<Database>, code = DEFAULT_RULE_SET): Promise<LoadedRuleSet> {
  const row = await db
    .selectFrom('rule_set')
    .select('id')
    .where('code', '=', code)
    .where('status', '=', 'published')
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (!row) throw notFound('rule_set', code);
  return loadRuleSet(db, row.id);
}

function describe(row: Selectable<RuleSetTable>): RuleSetSummary {
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    status: row.status,
    title: (row.definition as { title: { vi: string; en: string } }).title,
    note: row.note,
    basedOnId: row.based_on_id,
    createdAt: new Date(row.created_at).toISOString(),
    publishedAt: row.published_at ? new Date(row.published_at).toISOString() : null,
  };
}

/** Every version of every rule set, newest version first within a code. */
export async function listRuleSets(db: Kysely<Database>): Promise<{ items: RuleSetSummary[] }> {
  const rows = await db.selectFrom('rule_set').selectAll().orderBy('code').orderBy('version', 'desc').execute();
  return { items: rows.map(describe) };
}

/** One version with its definition (404 when there is none). */
export async function readRuleSet(db: Kysely<Database>, id: number): Promise<RuleSetDetail> {
  const loaded = await loadRuleSet(db, id);
  const row = await db.selectFrom('rule_set').selectAll().where('id', '=', loaded.id).executeTakeFirstOrThrow();
  return { ...describe(row), definition: loaded.definition };
}

export interface Actor {
  userId: number;
  ip?: string;
}

export async function copyToDraft(db: Kysely<Database>, id: number, actor: Actor, note = ''): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const source = await loadRuleSet(trx, id);
    const draft = await trx
      .selectFrom('rule_set')
      .select('id')
      .where('code', '=', source.code)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (draft) throw new Refusal('conflict', 'ruleSets:error.draft_exists', { id: draft.id });
    const max = await trx
      .selectFrom('rule_set')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('code', '=', source.code)
      .executeTakeFirstOrThrow();
    const { id: newId } = await trx
      .insertInto('rule_set')
      .values({
        code: source.code,
        version: Number(max.v) + 1,
        status: 'draft',
        definition: JSON.stringify(source.definition),
        based_on_id: source.id,
        note,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: actor.userId,
      action: 'copy',
      entity: 'rule_set',
      entityId: newId,
      after: { basedOn: source.id, version: Number(max.v) + 1 },
      ip: actor.ip,
    });
    return newId;
  });
}

export function definitionIssues(raw: unknown): IssueCode[] {
  const checked = RuleSetDefinition.safeParse(raw);
  if (checked.success) return [];
  return checked.error.issues.map((issue) => {
    const field = ['definition', ...issue.path].join('.');
    const value = valueAt(raw, issue.path as PropertyKey[]) ?? null;
    // Custom cross-checks carry our own text; zod's built-in checks get zod's localised sentence.
    const reason = issue.code === 'custom' ? verbatim(issue.message) : zodPhrase({ ...issue, input: value });
    return {
      field,
      value,
      message: phrase('ruleSets:error.definition_field', {
        field,
        value: JSON.stringify(value)?.slice(0, 100),
        reason,
      }),
    };
  });
}

export async function saveDraft(
  db: Kysely<Database>,
  id: number,
  raw: unknown,
  note: string | undefined,
  actor: Actor,
): Promise<void> {
  const issues = definitionIssues(raw);
  if (issues.length)
    throw new Refusal('invalid', 'ruleSets:error.invalid_definition', { count: issues.length }, issues);
  const def = RuleSetDefinition.parse(raw);
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('rule_set').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('rule_set', id);
    if (row.status !== 'draft') throw new Refusal('conflict', 'ruleSets:error.not_draft', { id });
    if (def.code !== row.code)
      throw new Refusal('invalid', 'ruleSets:error.code_changed', { code: def.code, expected: row.code });
    await trx
      .updateTable('rule_set')
      .set({ definition: JSON.stringify(def), ...(note !== undefined ? { note } : {}) })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, {
      userId: actor.userId,
      action: 'edit',
      entity: 'rule_set',
      entityId: id,
      before: row.definition,
      after: def,
      ip: actor.ip,
    });
  });
}

export async function publish(db: Kysely<Database>, id: number, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('rule_set')
      .select(['status', 'version', 'definition'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('rule_set', id);
    if (row.status !== 'draft') throw new Refusal('conflict', 'ruleSets:error.not_draft', { id });
    RuleSetDefinition.parse(row.definition);
    await trx
      .updateTable('rule_set')
      .set({ status: 'published', published_at: new Date(), published_by: actor.userId })
      .where('id', '=', id)
      .execute();
    await writeAudit(trx, {
      userId: actor.userId,
      action: 'publish',
      entity: 'rule_set',
      entityId: id,
      before: { status: 'draft' },
      after: { status: 'published', version: row.version },
      ip: actor.ip,
    });
  });
}
