// Public posting of a commune's self-assessment: what the public page shows, comments from anyone
// (no account, no personal data kept), their moderation by the commune, and what goes into the dossier.
import { createHmac, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { viOrder } from '../../db/collation.ts';
import type { CriterionDef, RuleSetDefinition } from '../../../core/rule-sets/schema.ts';
import { fieldRefusal, Refusal } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import { loadRuleSet } from '../rule-sets/index.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import type { ModeratedComment, PublicComment, PublicScore } from './contracts.ts';
import { config } from '../../platform/config.ts';
import { lensFor, type Viewer } from '../../../core/privacy/disclosure.ts';
import { readAssessment, timelineOf } from '../assessments/index.ts';

type Db = Kysely<Database>;

/** States in which a posted self-assessment stays readable on the public page. */
export const PUBLIC_STATES = [
  'posted',
  'submitted',
  'returned',
  'appraised',
  'recognized',
  'not_recognized',
  'revoked',
] as const;

/** States in which the commune still holds its dossier and may moderate and answer comments. */
export const MODERATION_STATES = ['draft', 'self_assessed', 'posted', 'returned'] as const;

export const COMMENT_MIN = 1;
export const COMMENT_MAX = 2000;
/** Comments one address may leave across all communes, per hour and per day. */
export const COMMENTS_PER_HOUR = config.publicCommentsPerHour;
export const COMMENTS_PER_DAY = config.publicCommentsPerDay;

export function commentsOpen(
  entry: { state: string; posting_from: string | null; posting_to: string | null },
  today = todayInVietnam(),
): boolean {
  return (
    entry.state === 'posted' &&
    entry.posting_from !== null &&
    entry.posting_to !== null &&
    entry.posting_from <= today &&
    today <= entry.posting_to
  );
}

// ---------------------------------------------------------------------------------------------
// Sender addresses are never stored: only a keyed hash, good for counting and nothing else.

let fallbackSecret: Buffer | null = null;
function secret(): Buffer | string {
  const configured = config.secret;
  if (configured) return configured;
  return (fallbackSecret ??= randomBytes(32));
}

export function sourceHash(address: string): string {
  return createHmac('sha256', secret()).update(`public-comment:${address}`).digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Comment text: plain text, trimmed, without control characters, and without personal data.

/** Trims, normalises to NFC and drops control characters other than line breaks and tabs. */
export function cleanText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .trim();
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[\p{L}]{2,}/u;
/** Nine digits or more in a row, or a Vietnamese-looking number (0… / +84…) written in groups. */
const PHONE = [/\d{9,}/, /(?<![\d])(?:\+\s?84|84|0)(?:[\s.-]?\d){8,}/];

export function personalData(text: string): 'email' | 'phone' | null {
  if (EMAIL.test(text)) return 'email';
  if (PHONE.some((re) => re.test(text))) return 'phone';
  return null;
}

const preview = (text: string) => (text.length > 120 ? `${text.slice(0, 120)}…` : text);

/** A 400 on one field, its issue worded like the message. */
function fieldError(key: string, params: Record<string, unknown> & { field: string }, value: unknown) {
  return fieldRefusal('invalid', key, params.field, value, params);
}

/** Checks a comment (or answer) body; the message names the field and the length found. */
export function checkBody(raw: string, field: string, options: { personalData: boolean }): string {
  const text = cleanText(raw);
  if (text.length < COMMENT_MIN || text.length > COMMENT_MAX)
    throw fieldError(
      'publicPosting:error.body_length',
      { field, length: text.length, min: COMMENT_MIN, max: COMMENT_MAX },
      preview(text),
    );
  if (options.personalData) {
    const found = personalData(text);
    // The value is not echoed back: it holds what looks like personal data.
    if (found) throw fieldError(`publicPosting:error.personal_${found}`, { field }, null);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// The public page.

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const record = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** Who reads the public page: no account, no role; sensitive small counts are withheld from them. */
const PUBLIC_VIEWER: Viewer = { userId: 0, roles: [] };

/** The values a stored result was computed from, read back from its items' inputs (null: not entered). */
export function resultValues(result: unknown): Record<string, number | boolean> {
  const values: Record<string, number | boolean> = {};
  const criteria = record(result)?.criteria;
  for (const c of Array.isArray(criteria) ? criteria : [])
    for (const i of Array.isArray(record(c)?.items) ? (record(c)!.items as unknown[]) : []) {
      const inputs = record(record(i)?.inputs) ?? {};
      for (const [code, v] of Object.entries(inputs))
        if (typeof v === 'number' || typeof v === 'boolean') values[code] = v;
    }
  return values;
}

/** Every input a stored result read: all withheld when the rule set that says which are sensitive cannot be read. */
function everyInput(result: unknown): Set<string> {
  const codes = new Set<string>();
  const criteria = record(result)?.criteria;
  for (const c of Array.isArray(criteria) ? criteria : [])
    for (const i of Array.isArray(record(c)?.items) ? (record(c)!.items as unknown[]) : [])
      for (const code of Object.keys(record(record(i)?.inputs) ?? {})) codes.add(code);
  return codes;
}

/** A posted self-assessment not yet sent: the live score with its explanations, as the form shows it. */
async function liveScore(
  db: Db,
  unitId: number,
  periodId: number,
  def: RuleSetDefinition | null,
  timeline: Awaited<ReturnType<typeof timelineOf>> | null,
): Promise<PublicScore | null> {
  const { result } = await readAssessment(db, unitId, periodId);
  return publicScore(result, 'self_assessment', def, timeline?.now(resultValues(result)) ?? everyInput(result));
}

/**
 * The parts of a stored ScoreResult the public may see, with the figures behind each item under their labels;
 * `hidden` are the inputs withheld from the public (a withheld input hides its item's figures and rate, as
 * discloseItem does; the points stay). Tolerant of older or partial results.
 */
export function publicScore(
  result: unknown,
  source: PublicScore['source'],
  def: RuleSetDefinition | null,
  hidden: ReadonlySet<string> = new Set(),
): PublicScore | null {
  const r = record(result);
  if (!r) return null;
  const criterionDefs = new Map<string, CriterionDef>((def?.criteria ?? []).map((c) => [c.code, c]));
  const inputDefs = new Map((def?.inputs ?? []).map((i) => [i.code, i]));
  const criteria = (Array.isArray(r.criteria) ? r.criteria : [])
    .map(record)
    .filter((c): c is Record<string, unknown> => !!c && typeof c.code === 'string');
  return {
    source,
    total: num(r.total) ?? 0,
    maxTotal: num(r.maxTotal),
    threshold: num(r.threshold),
    recognized: r.recognized === true,
    complete: r.complete === true,
    provisional: r.provisional === true,
    criteria: criteria.map((c) => {
      const cdef = criterionDefs.get(c.code as string);
      const items = (Array.isArray(c.items) ? c.items : [])
        .map(record)
        .filter((i): i is Record<string, unknown> => !!i && typeof i.code === 'string')
        .map((i) => {
          const idef = cdef?.items.find((x) => x.code === i.code);
          const m = idef?.measure;
          const order = m ? (m.kind === 'rate' ? [m.numerator, m.denominator] : [m.input]) : [];
          // In the rule's order (numerator, then denominator): a stored jsonb object keeps no key order.
          const stored = record(i.inputs) ?? {};
          const inputs = Object.fromEntries(
            [
              ...order.filter((code) => code in stored),
              ...Object.keys(stored).filter((code) => !order.includes(code)),
            ].map((code) => [code, stored[code]]),
          );
          const withheld = Object.keys(inputs).some((code) => hidden.has(code));
          const value = num(i.value);
          const scale = num(i.scale);
          return {
            title: idef?.title ?? null,
            points: num(i.points) ?? 0,
            max: num(i.max) ?? 0,
            provisional: i.mark === 'P',
            noData: i.status === 'missing',
            rate: !withheld && value !== null && scale !== null ? { value, scale } : null,
            figures: Object.entries(inputs).map(([code, v]) => {
              const input = inputDefs.get(code);
              const kind: 'count' | 'flag' = input?.kind ?? (typeof v === 'boolean' ? 'flag' : 'count');
              return withheld
                ? { label: input?.label ?? null, kind, value: null, suppressed: true }
                : {
                    label: input?.label ?? null,
                    kind,
                    value: typeof v === 'number' || typeof v === 'boolean' ? v : null,
                    suppressed: false,
                  };
            }),
          };
        });
      return {
        code: c.code as string,
        title: cdef?.title ?? null,
        points: num(c.points) ?? 0,
        max: num(c.max) ?? 0,
        provisional: c.provisional === true,
        noData: items.length > 0 && items.every((i) => i.noData),
        items,
      };
    }),
  };
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A commune's public page: its posted self-assessments, published comments and recognition. */
export async function publicCommunePage(db: Db, code: string, today = todayInVietnam()) {
  const units = await db
    .selectFrom('unit')
    .select(['id', 'code', 'name', 'kind', 'parent_id', 'valid_from', 'valid_to'])
    .where('level', '=', 'commune')
    .where('code', '=', code)
    .execute();
  if (!units.length) throw new Refusal('not_found', 'publicPosting:error.commune_not_found', { code });
  // The unit as it is now (or as it last was), and the rounds of every version of it under this code.
  const unit = [...units].sort(
    (a, b) =>
      Number(a.valid_to !== null) - Number(b.valid_to !== null) ||
      String(b.valid_from ?? '').localeCompare(String(a.valid_from ?? '')),
  )[0]!;
  const province = unit.parent_id
    ? await db.selectFrom('unit').select(['code', 'name']).where('id', '=', unit.parent_id).executeTakeFirst()
    : undefined;

  const rows = await db
    .selectFrom('round_entry as e')
    .innerJoin('round as r', 'r.id', 'e.round_id')
    .innerJoin('period as p', 'p.id', 'r.period_id')
    .innerJoin('assessment as a', 'a.id', 'e.assessment_id')
    .leftJoin('recognition_decision as d', 'd.id', 'e.decision_id')
    .select([
      'e.id',
      'e.state',
      'e.posting_from',
      'e.posting_to',
      'r.id as round_id',
      'r.title',
      'r.rule_set_id',
      'p.year',
      'p.id as period_id',
      'a.id as assessment_id',
      'a.rule_set_id as assessment_rule_set_id',
      'e.unit_id',
    ])
    .select(['d.number as decision_number', 'd.signed_on as decision_signed_on'])
    .where(
      'e.unit_id',
      'in',
      units.map((u) => u.id),
    )
    .where('e.state', 'in', [...PUBLIC_STATES])
    .orderBy('p.year', 'desc')
    .orderBy('e.id', 'desc')
    .execute();

  const ids = rows.map((r) => r.id);
  const submissions = ids.length
    ? await db
        .selectFrom('round_submission')
        .select(['entry_id', 'number', 'result', 'values', 'submitted_at'])
        .where('entry_id', 'in', ids)
        .orderBy('entry_id')
        .orderBy('number', 'desc')
        .execute()
    : [];
  const latestSubmission = new Map<number, (typeof submissions)[number]>();
  for (const s of submissions) if (!latestSubmission.has(s.entry_id)) latestSubmission.set(s.entry_id, s);

  const byEntry = await publishedComments(db, ids);

  const entries = [];
  for (const row of rows) {
    const def = await loadRuleSet(db, row.assessment_rule_set_id ?? row.rule_set_id).then(
      (rs) => rs.definition,
      () => null,
    );
    const submitted = latestSubmission.get(row.id);
    // The figures behind the points, as the public may see them: one decision over the assessment's history,
    // as every other answer carrying this commune's figures takes it (src/server/features/assessments/disclosure.ts).
    const unitRow = units.find((u) => u.id === row.unit_id) ?? unit;
    const lens = def ? lensFor(PUBLIC_VIEWER, { id: unitRow.id, provinceId: unitRow.parent_id ?? 0 }, def) : null;
    const timeline = lens ? await timelineOf(db, lens, row.assessment_id) : null;
    const score =
      submitted !== undefined
        ? publicScore(
            submitted.result,
            'submission',
            def,
            timeline?.takenAt(submitted.submitted_at, resultValues(submitted.result)) ?? everyInput(submitted.result),
          )
        : await liveScore(db, row.unit_id, row.period_id, def, timeline);
    entries.push({
      entryId: row.id,
      state: row.state,
      round: { id: row.round_id, title: row.title, year: row.year },
      posting: { from: row.posting_from, to: row.posting_to, commentsOpen: commentsOpen(row, today) },
      score,
      recognition:
        row.state === 'recognized' && row.decision_number
          ? { decisionNumber: row.decision_number, signedOn: row.decision_signed_on }
          : null,
      comments: byEntry.get(row.id) ?? [],
    });
  }
  return {
    commune: {
      code: unit.code,
      name: unit.name,
      kind: unit.kind,
      current: unit.valid_to === null,
      provinceCode: province?.code ?? null,
      provinceName: province?.name ?? null,
    },
    today,
    entries,
  };
}

/** Recognised communes (entry state 'recognized'), optionally of one province and one year. */
export async function recognizedCommunes(db: Db, filter: { provinceCode?: string; year?: number }) {
  let q = db
    .selectFrom('round_entry as e')
    .innerJoin('round as r', 'r.id', 'e.round_id')
    .innerJoin('period as p', 'p.id', 'r.period_id')
    .innerJoin('unit as u', 'u.id', 'e.unit_id')
    .innerJoin('unit as pr', 'pr.id', 'r.province_id')
    .innerJoin('assessment as a', 'a.id', 'e.assessment_id')
    .leftJoin('recognition_decision as d', 'd.id', 'e.decision_id')
    .select([
      'u.code',
      'u.name',
      'u.kind',
      'pr.code as province_code',
      'pr.name as province_name',
      'p.year',
      'r.title',
      'a.total',
      'd.number',
      'd.signed_on',
    ])
    .select(
      sql<
        number | null
      >`(select (s.result->>'total')::int from round_submission s where s.entry_id = e.id order by s.number desc limit 1)`.as(
        'submitted_total',
      ),
    )
    .where('e.state', '=', 'recognized')
    .orderBy('p.year', 'desc')
    .orderBy(viOrder('pr.name'))
    .orderBy(viOrder('u.name'))
    .limit(20_000);
  if (filter.provinceCode) q = q.where('pr.code', '=', filter.provinceCode);
  if (filter.year !== undefined) q = q.where('p.year', '=', filter.year);
  const rows = await q.execute();
  return {
    items: rows.map((r) => ({
      communeCode: r.code,
      communeName: r.name,
      communeKind: r.kind,
      provinceCode: r.province_code,
      provinceName: r.province_name,
      year: r.year,
      roundTitle: r.title,
      total: r.submitted_total ?? r.total,
      decisionNumber: r.number,
      decisionSignedOn: r.signed_on,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Leaving a comment.

/** An entry of the commune with this code, for commenting (404 when the code and the entry don't match). */
async function entryOfCommune(db: Db, code: string, entryId: number) {
  const entry = await db
    .selectFrom('round_entry as e')
    .innerJoin('unit as u', 'u.id', 'e.unit_id')
    .select(['e.id', 'e.state', 'e.posting_from', 'e.posting_to'])
    .where('e.id', '=', entryId)
    .where('u.code', '=', code)
    .where('u.level', '=', 'commune')
    .executeTakeFirst();
  if (!entry || !(PUBLIC_STATES as readonly string[]).includes(entry.state))
    throw new Refusal('not_found', 'publicPosting:error.entry_not_found', { id: entryId, code });
  return entry;
}

/** Two 32-bit keys for pg_advisory_xact_lock: this feature's class and the sender's hash. */
const LOCK_CLASS = 0x0c0c;
const lockKey = (hash: string) => Number.parseInt(hash.slice(0, 8), 16) | 0;

export async function addComment(
  db: Db,
  input: { code: string; entryId: number; body: string; address: string },
  today = todayInVietnam(),
) {
  const entry = await entryOfCommune(db, input.code, input.entryId);
  if (!commentsOpen(entry, today)) {
    if (entry.state === 'posted' && entry.posting_from && entry.posting_to)
      throw new Refusal('conflict', 'publicPosting:error.comments_closed_dates', {
        from: entry.posting_from,
        to: entry.posting_to,
      });
    throw new Refusal('conflict', 'publicPosting:error.comments_closed');
  }
  const body = checkBody(input.body, 'body', { personalData: true });
  const hash = sourceHash(input.address);
  return db.transaction().execute(async (trx) => {
    // One sender at a time, so that parallel requests cannot slip past the counts.
    await sql`select pg_advisory_xact_lock(${LOCK_CLASS}::int, ${lockKey(hash)}::int)`.execute(trx);
    const counts = await sql<{ hour: number; day: number }>`
      select count(*) filter (where created_at > now() - interval '1 hour')::int as hour, count(*)::int as day
      from public_comment where source_hash = ${hash} and created_at > now() - interval '1 day'`.execute(trx);
    const c = counts.rows[0] ?? { hour: 0, day: 0 };
    if (c.hour >= COMMENTS_PER_HOUR)
      throw new Refusal('rate_limited', 'publicPosting:error.flood_hour', { count: COMMENTS_PER_HOUR });
    if (c.day >= COMMENTS_PER_DAY)
      throw new Refusal('rate_limited', 'publicPosting:error.flood_day', { count: COMMENTS_PER_DAY });
    const row = await trx
      .insertInto('public_comment')
      .values({ entry_id: entry.id, body, status: 'pending', source_hash: hash })
      .returning(['id', 'status', 'created_at'])
      .executeTakeFirstOrThrow();
    // No address and no hash in the audit log either: only what the comment was attached to.
    await writeAudit(trx, {
      userId: null,
      action: 'comment',
      entity: 'public_comment',
      entityId: row.id,
      after: { entryId: entry.id, status: row.status, length: body.length },
    });
    return { id: row.id, entryId: entry.id, status: row.status, createdAt: iso(row.created_at)! };
  });
}

// ---------------------------------------------------------------------------------------------
// Moderation by the commune.

function moderationQuery(db: Db) {
  return db
    .selectFrom('public_comment as c')
    .leftJoin('app_user as u', 'u.id', 'c.answered_by')
    .select(['c.id', 'c.entry_id', 'c.body', 'c.status', 'c.answer', 'c.answered_at', 'c.created_at', 'u.full_name']);
}

type ModerationRow = Awaited<ReturnType<ReturnType<typeof moderationQuery>['executeTakeFirstOrThrow']>>;
const moderated = (r: ModerationRow): ModeratedComment => ({
  id: r.id,
  entryId: r.entry_id,
  body: r.body,
  status: r.status,
  answer: r.answer,
  answeredAt: iso(r.answered_at),
  answeredByName: r.full_name,
  createdAt: iso(r.created_at)!,
});

/** A round entry as the moderation routes check it: its commune (for scope) and state. */
export async function loadCommentedEntry(db: Db, entryId: number) {
  const entry = await db
    .selectFrom('round_entry')
    .select(['id', 'unit_id', 'state'])
    .where('id', '=', entryId)
    .executeTakeFirst();
  if (!entry) throw new Refusal('not_found', 'publicPosting:error.round_entry_not_found', { id: entryId });
  return entry;
}

export async function listComments(db: Db, entryId: number): Promise<ModeratedComment[]> {
  const rows = await moderationQuery(db)
    .where('c.entry_id', '=', entryId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
  return rows.map(moderated);
}

export async function moderateComment(
  db: Db,
  entryId: number,
  commentId: number,
  change: { status?: 'published' | 'hidden'; answer?: string },
  actor: { userId: number; ip?: string },
): Promise<ModeratedComment> {
  if (change.status === undefined && change.answer === undefined)
    throw new Refusal('invalid', 'publicPosting:error.nothing_to_change');
  const answer = change.answer === undefined ? undefined : checkBody(change.answer, 'answer', { personalData: false });
  return db.transaction().execute(async (trx) => {
    const entry = await trx
      .selectFrom('round_entry')
      .select(['id', 'state'])
      .where('id', '=', entryId)
      .forUpdate()
      .executeTakeFirst();
    if (!entry) throw new Refusal('not_found', 'publicPosting:error.round_entry_not_found', { id: entryId });
    if (!(MODERATION_STATES as readonly string[]).includes(entry.state))
      throw new Refusal('conflict', 'publicPosting:error.not_moderatable', { state: entry.state });
    const before = await trx
      .selectFrom('public_comment')
      .select(['id', 'status', 'answer', 'answered_at'])
      .where('id', '=', commentId)
      .where('entry_id', '=', entryId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new Refusal('not_found', 'publicPosting:error.comment_not_found', { id: commentId });
    // Answering also publishes, unless the same request hides the comment.
    const status = change.status ?? (answer !== undefined ? 'published' : before.status);
    await trx
      .updateTable('public_comment')
      .set({
        status,
        ...(answer !== undefined ? { answer, answered_by: actor.userId, answered_at: sql<Date>`now()` } : {}),
      })
      .where('id', '=', commentId)
      .execute();
    const after = await moderationQuery(trx).where('c.id', '=', commentId).executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: actor.userId,
      action: answer !== undefined ? 'answer_comment' : 'moderate_comment',
      entity: 'public_comment',
      entityId: commentId,
      before: { entryId, status: before.status, answer: before.answer },
      after: { entryId, status: after.status, answer: after.answer },
      ip: actor.ip,
    });
    return moderated(after);
  });
}

// ---------------------------------------------------------------------------------------------
// For the dossier (rounds/documents): the published comments with the commune's answers.

export async function commentsForDossier(
  db: Db,
  entryId: number,
): Promise<
  Array<{ body: string; createdAt: string; status: 'published'; answer: string | null; answeredAt: string | null }>
> {
  const rows = await db
    .selectFrom('public_comment')
    .select(['body', 'created_at', 'answer', 'answered_at'])
    .where('entry_id', '=', entryId)
    .where('status', '=', 'published')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    body: r.body,
    createdAt: iso(r.created_at)!,
    status: 'published' as const,
    answer: r.answer,
    answeredAt: iso(r.answered_at),
  }));
}

// ---------------------------------------------------------------------------------------------
// The portal by province and year: shares recognised, decisions, postings and open surveys. Only
// counts of communes are shown, never anything about children.

/** Every current province with its number of communes and, per year of a round, how many were recognised. */
export async function publicProvinces(db: Db) {
  const provinces = await db
    .selectFrom('unit as p')
    .select(['p.id', 'p.code', 'p.name'])
    .select(
      sql<number>`(select count(*)::int from unit c where c.parent_id = p.id and c.level = 'commune' and c.valid_to is null)`.as(
        'communes',
      ),
    )
    .where('p.level', '=', 'province')
    .where('p.valid_to', 'is', null)
    .orderBy('p.code')
    .execute();
  const rounds = await db
    .selectFrom('round as r')
    .innerJoin('period as pe', 'pe.id', 'r.period_id')
    .select(['r.province_id', 'pe.year'])
    .execute();
  const counts = await db
    .selectFrom('round_entry as e')
    .innerJoin('round as r', 'r.id', 'e.round_id')
    .innerJoin('period as pe', 'pe.id', 'r.period_id')
    .select(['r.province_id', 'pe.year', sql<number>`count(distinct e.unit_id)::int`.as('recognized')])
    .where('e.state', '=', 'recognized')
    .groupBy(['r.province_id', 'pe.year'])
    .execute();
  const years = [...new Set([...rounds, ...counts].map((r) => r.year))].sort((a, b) => b - a);
  const recognized = new Map(counts.map((c) => [`${c.province_id}:${c.year}`, c.recognized]));
  const withRound = new Set(rounds.map((r) => `${r.province_id}:${r.year}`));
  return {
    years,
    items: provinces.map((p) => ({
      code: p.code,
      name: p.name,
      communes: p.communes,
      years: years.map((year) => {
        const key = `${p.id}:${year}`;
        const count = recognized.get(key) ?? 0;
        // A share only where the province ran a round that year; otherwise there is nothing to measure.
        return {
          year,
          round: withRound.has(key),
          recognized: count,
          share: p.communes > 0 ? count / p.communes : null,
        };
      }),
    })),
  };
}

/** A province's public page for a year (default: its latest round): recognised communes with their decisions, postings, open surveys. */
export async function publicProvincePage(db: Db, code: string, year?: number, today = todayInVietnam()) {
  const province = await db
    .selectFrom('unit as p')
    .select(['p.id', 'p.code', 'p.name'])
    .select(
      sql<number>`(select count(*)::int from unit c where c.parent_id = p.id and c.level = 'commune' and c.valid_to is null)`.as(
        'communes',
      ),
    )
    .where('p.level', '=', 'province')
    .where('p.code', '=', code)
    .orderBy(sql`p.valid_to is null`, 'desc')
    .executeTakeFirst();
  if (!province) throw new Refusal('not_found', 'publicPosting:error.province_not_found', { code });

  const rounds = await db
    .selectFrom('round as r')
    .innerJoin('period as pe', 'pe.id', 'r.period_id')
    .select(['r.id', 'r.title', 'pe.year', 'pe.id as period_id'])
    .where('r.province_id', '=', province.id)
    .orderBy('pe.year', 'desc')
    .execute();
  const years = rounds.map((r) => r.year);
  const chosen = year ?? years[0] ?? null;
  const round = rounds.find((r) => r.year === chosen) ?? null;

  const recognizedRows =
    chosen === null
      ? []
      : await db
          .selectFrom('round_entry as e')
          .innerJoin('round as r', 'r.id', 'e.round_id')
          .innerJoin('period as pe', 'pe.id', 'r.period_id')
          .innerJoin('unit as u', 'u.id', 'e.unit_id')
          .innerJoin('assessment as a', 'a.id', 'e.assessment_id')
          .leftJoin('recognition_decision as d', 'd.id', 'e.decision_id')
          .select(['u.code', 'u.name', 'a.total', 'd.number', 'd.signed_on', 'd.signer_title'])
          .select(
            sql<
              number | null
            >`(select (s.result->>'total')::int from round_submission s where s.entry_id = e.id order by s.number desc limit 1)`.as(
              'submitted_total',
            ),
          )
          .where('r.province_id', '=', province.id)
          .where('pe.year', '=', chosen)
          .where('e.state', '=', 'recognized')
          .orderBy(viOrder('u.name'))
          .execute();

  const postingRows = round
    ? await db
        .selectFrom('round_entry as e')
        .innerJoin('unit as u', 'u.id', 'e.unit_id')
        .innerJoin('assessment as a', 'a.id', 'e.assessment_id')
        .select(['e.id', 'e.state', 'e.posting_from', 'e.posting_to', 'u.code', 'u.name', 'a.total'])
        .select(
          sql<
            number | null
          >`(select (s.result->>'total')::int from round_submission s where s.entry_id = e.id order by s.number desc limit 1)`.as(
            'submitted_total',
          ),
        )
        .where('e.round_id', '=', round.id)
        .where('e.state', 'in', [...PUBLIC_STATES])
        .orderBy(viOrder('u.name'))
        .execute()
    : [];
  const ids = postingRows.map((r) => r.id);
  const byEntry = await publishedComments(db, ids);

  // A survey is open while it has codes left; which codes, and how many, stay with the commune.
  const surveyRows = round
    ? await db
        .selectFrom('survey as s')
        .innerJoin('unit as u', 'u.id', 's.unit_id')
        .select(['u.code', 'u.name', 's.audience'])
        .where('s.province_id', '=', province.id)
        .where('s.period_id', '=', round.period_id)
        .where('s.closed_at', 'is', null)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('survey_code as c')
              .select('c.code')
              .whereRef('c.survey_id', '=', 's.id')
              .where('c.used', '=', false),
          ),
        )
        .orderBy(viOrder('u.name'))
        .orderBy('s.audience')
        .execute()
    : [];
  const surveys = new Map<string, { communeCode: string; communeName: string; audiences: string[] }>();
  for (const s of surveyRows) {
    const item = surveys.get(s.code) ?? { communeCode: s.code, communeName: s.name, audiences: [] };
    item.audiences.push(s.audience);
    surveys.set(s.code, item);
  }

  return {
    province: { code: province.code, name: province.name, communes: province.communes },
    years,
    year: chosen,
    today,
    round: round ? { id: round.id, title: round.title, year: round.year } : null,
    recognized: recognizedRows.map((r) => ({
      communeCode: r.code,
      communeName: r.name,
      total: r.submitted_total ?? r.total,
      // The signer is named by office only, as on the commune's public page: the portal publishes no personal names.
      decision: r.number ? { number: r.number, signedOn: r.signed_on, signerTitle: r.signer_title } : null,
    })),
    postings: postingRows.map((r) => ({
      entryId: r.id,
      communeCode: r.code,
      communeName: r.name,
      state: r.state,
      total: r.submitted_total ?? r.total,
      posting: { from: r.posting_from, to: r.posting_to, commentsOpen: commentsOpen(r, today) },
      comments: byEntry.get(r.id) ?? [],
    })),
    surveys: [...surveys.values()],
  };
}

/** The published comments of these entries, oldest first, by entry. */
async function publishedComments(db: Kysely<Database>, entryIds: number[]): Promise<Map<number, PublicComment[]>> {
  const comments = entryIds.length
    ? await db
        .selectFrom('public_comment')
        .select(['entry_id', 'body', 'created_at', 'answer', 'answered_at'])
        .where('entry_id', 'in', entryIds)
        .where('status', '=', 'published')
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    : [];
  const byEntry = new Map<number, PublicComment[]>();
  for (const c of comments) {
    let list = byEntry.get(c.entry_id);
    if (!list) byEntry.set(c.entry_id, (list = []));
    list.push({ body: c.body, createdAt: iso(c.created_at)!, answer: c.answer, answeredAt: iso(c.answered_at) });
  }
  return byEntry;
}
