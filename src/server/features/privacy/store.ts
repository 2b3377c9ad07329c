// Privacy operations: retention settings, a child's record for its guardian, erasure of a child or an
// account (identities replaced by a tombstone, never an audit row deleted), and an account holder's own data.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { projectChild } from '../../../core/privacy/policy.ts';
import { searchKey } from '../../../core/register/records.ts';
import {
  CHILD_ERASURE,
  ERASED_NAME,
  RETENTION_DEFAULTS,
  checkRetentionValue,
  erasureDecision,
  retentionDefault,
  type ErasureDecision,
  type RetentionKey,
  type RetentionSettings,
} from '../../../core/privacy/retention.ts';
import { processingRecord, type RecordSetting } from '../../../core/privacy/record.ts';
import { translator, type Locale } from '../../../i18n/index.ts';
import { fieldRefusal, forbidden, notFound, phrase, Refusal } from '../../platform/refusal.ts';
import { writeAudit } from '../audit/index.ts';
import { logReads, type RegisterContext } from '../register/index.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import type { SessionUser } from '../auth/index.ts';

const dmy = (iso: string) => iso.split('-').reverse().join('/');

// ---------------------------------------------------------------- retention settings

/** The retention rules in force; rules not stored yet are written with their defaults first. */
export async function loadRetention(db: Kysely<Database>): Promise<RecordSetting[]> {
  const p = db;
  await p
    .insertInto('retention_setting')
    .values(
      RETENTION_DEFAULTS.map((d) => ({
        key: d.key,
        value: d.value,
        unit: d.unit,
        default_value: d.value,
        legal_basis_vi: d.legalBasis.vi,
        legal_basis_en: d.legalBasis.en,
        updated_by: null,
      })),
    )
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const rows = await p.selectFrom('retention_setting').selectAll().execute();
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return RETENTION_DEFAULTS.map((d) => {
    const r = byKey.get(d.key)!;
    return {
      key: d.key,
      value: r.value,
      unit: r.unit,
      defaultValue: d.value,
      legalBasis: { vi: r.legal_basis_vi, en: r.legal_basis_en },
    };
  });
}

export async function retentionSettings(db: Kysely<Database>): Promise<RetentionSettings> {
  return Object.fromEntries((await loadRetention(db)).map((s) => [s.key, s.value])) as RetentionSettings;
}

/** The administrator changes a rule's period and/or its legal basis; the change is audited. */
export async function updateRetention(
  db: Kysely<Database>,
  user: SessionUser,
  key: string,
  body: { value?: unknown; legalBasisVi?: string; legalBasisEn?: string },
  ip?: string,
) {
  const d = retentionDefault(key);
  if (!d) throw notFound('retention_setting', key);
  if (body.value !== undefined) {
    const checked = checkRetentionValue(key, body.value);
    if (!checked.ok) {
      const params = {
        field: phrase(`privacy:setting.${key}`),
        value: body.value,
        min: checked.min,
        max: checked.max,
        unit: phrase(`privacy:unit.${d.unit}`),
      };
      throw fieldRefusal('invalid', `privacy:error.${checked.code}`, 'value', body.value, params);
    }
  }
  const value = body.value === undefined ? undefined : (body.value as number);
  await loadRetention(db);
  await db.transaction().execute(async (trx) => {
    const p = trx;
    const before = await p
      .selectFrom('retention_setting')
      .select(['value', 'legal_basis_vi', 'legal_basis_en'])
      .where('key', '=', key)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await p
      .updateTable('retention_setting')
      .set({
        ...(value !== undefined ? { value } : {}),
        ...(body.legalBasisVi !== undefined ? { legal_basis_vi: body.legalBasisVi } : {}),
        ...(body.legalBasisEn !== undefined ? { legal_basis_en: body.legalBasisEn } : {}),
        updated_by: user.id,
        updated_at: sql<Date>`now()`,
      })
      .where('key', '=', key)
      .execute();
    await writeAudit(trx, {
      userId: user.id,
      action: 'update_retention',
      entity: 'retention_setting',
      entityId: key,
      before: { value: before.value },
      after: { value: value ?? before.value, fields: Object.keys(body) },
      ip,
    });
  });
  return (await loadRetention(db)).find((s) => s.key === key)!;
}

export async function recordOfProcessing(db: Kysely<Database>) {
  const record = processingRecord(await loadRetention(db));
  return { ...record, erasure: [...record.erasure] };
}

// ---------------------------------------------------------------- a child's record for its guardian

async function childOfCommune(db: Kysely<Database>, ctx: RegisterContext, childId: number) {
  const child = await db
    .selectFrom('child')
    .selectAll()
    .where('id', '=', childId)
    .where('unit_id', '=', ctx.communeId)
    .executeTakeFirst();
  if (!child) throw notFound('child', childId);
  return child;
}

/** Only the chairman releases a child's data or erases it: the only role that sees every part of a record. */
function requireChairman(ctx: RegisterContext) {
  if (ctx.access !== 'chairman') throw new Refusal('forbidden', 'privacy:error.chairman_only');
}

async function isErased(db: Kysely<Database>, subject: 'child' | 'user', id: number) {
  return !!(await db
    .selectFrom('privacy_erasure')
    .select('id')
    .where('subject', '=', subject)
    .where('subject_id', '=', id)
    .executeTakeFirst());
}

export type ChildExport = Awaited<ReturnType<typeof exportChild>>;

/** Everything the product holds about one child, as the chairman may see it; the export is logged and audited. */
export async function exportChild(
  db: Kysely<Database>,
  ctx: RegisterContext,
  childId: number,
  format: 'json' | 'xlsx',
) {
  requireChairman(ctx);
  const child = await childOfCommune(db, ctx, childId);
  const [household, village, circumstances, supports, health, cases, reads] = await Promise.all([
    db.selectFrom('household').selectAll().where('id', '=', child.household_id).executeTakeFirstOrThrow(),
    db.selectFrom('village').select(['id', 'name']).where('id', '=', child.village_id).executeTakeFirstOrThrow(),
    db
      .selectFrom('child_circumstance as ci')
      .innerJoin('circumstance_group as g', 'g.code', 'ci.group_code')
      .select(['ci.id', 'ci.group_code', 'g.label_vi', 'g.label_en', 'ci.started_on', 'ci.ended_on', 'ci.note'])
      .where('ci.child_id', '=', childId)
      .orderBy('ci.started_on')
      .execute(),
    db.selectFrom('child_support').selectAll().where('child_id', '=', childId).orderBy('given_on').execute(),
    db.selectFrom('child_health_record').selectAll().where('child_id', '=', childId).orderBy('checked_on').execute(),
    db.selectFrom('protection_case').selectAll().where('child_id', '=', childId).orderBy('reported_on').execute(),
    db
      .selectFrom('child_access_log as l')
      .innerJoin('app_user as u', 'u.id', 'l.user_id')
      .select(['l.at', 'l.action', 'l.fields', 'l.case_id', 'u.username', 'u.full_name'])
      .where('l.child_id', '=', childId)
      .orderBy('l.id')
      .execute(),
  ]);
  // Through the one policy like every other read: the chairman is shown every part, and the log says so.
  const projected = projectChild(ctx.viewer, {
    subject: {
      communeId: ctx.communeId,
      villageId: child.village_id,
      cases: cases.map((c) => ({ id: c.id, kind: c.kind, caseWorkerId: c.case_worker_id, assignedBy: c.assigned_by })),
    },
    identity: {
      identity: {
        id: child.id,
        code: child.code,
        fullName: child.full_name,
        birthDate: child.birth_date,
        sex: child.sex,
        idNumber: child.id_number,
        guardianName: child.guardian_name,
        guardianRelation: child.guardian_relation,
      },
      household: { code: household.code, head: household.head_name, address: household.address, village: village.name },
    },
    profile: {
      birthRegisteredOn: child.birth_registered_on,
      movedOutOn: child.moved_out_on,
      diedOn: child.died_on,
      note: child.note,
      updatedAt: new Date(child.updated_at).toISOString(),
    },
    education: { education: child.education },
    health: { fullyImmunizedOn: child.fully_immunized_on, disability: child.disability },
    healthRecords: health.map((h) => ({
      kind: h.kind,
      checkedOn: h.checked_on,
      weightKg: h.weight_kg === null ? null : Number(h.weight_kg),
      heightCm: h.height_cm === null ? null : Number(h.height_cm),
      underweight: h.underweight,
      stunted: h.stunted,
      note: h.note,
    })),
    circumstances: circumstances.map((c) => ({
      group: c.group_code,
      label: { vi: c.label_vi, en: c.label_en },
      startedOn: c.started_on,
      endedOn: c.ended_on,
      note: c.note,
    })),
    supports: supports.map((s) => ({
      caseId: s.case_id,
      kind: s.kind,
      givenOn: s.given_on,
      provider: s.provider,
      note: s.note,
    })),
    cases: cases.map((c) => ({
      id: c.id,
      kind: c.kind,
      caseWorkerId: c.case_worker_id,
      assignedBy: c.assigned_by,
      abuseKind: c.abuse_kind,
      occurredOn: c.occurred_on,
      reportedOn: c.reported_on,
      emergency: c.emergency,
      summary: c.summary,
      planDraftedOn: c.plan_drafted_on,
      planApprovedOn: c.plan_approved_on,
      closedOn: c.closed_on,
    })),
  });
  if (!projected) throw notFound('child', childId);
  const { view, shown } = projected;
  const data = {
    exportedAt: new Date().toISOString(),
    commune: ctx.communeId,
    identity: view.identity.identity,
    household: view.identity.household,
    profile: { ...view.profile, ...view.education, ...view.health },
    circumstances: view.circumstances ?? [],
    supports: (view.supports ?? []).map(({ caseId: _caseId, ...s }) => s),
    healthRecords: view.healthRecords ?? [],
    cases: (view.cases ?? []).map(({ caseWorkerId: _w, assignedBy: _a, ...c }) => c),
    accessLog: reads.map((r) => ({
      at: new Date(r.at).toISOString(),
      action: r.action,
      fields: r.fields,
      caseId: r.case_id,
      user: { username: r.username, fullName: r.full_name },
    })),
  };
  await db.transaction().execute(async (trx) => {
    await logReads(trx, ctx, 'export', [{ childId, fields: ['subject_access', ...shown, 'access_log'] }]);
    await writeAudit(trx, {
      userId: ctx.viewer.userId,
      action: 'subject_access_export',
      entity: 'child',
      entityId: childId,
      after: { format },
      ip: ctx.ip,
    });
  });
  return data;
}

// ---------------------------------------------------------------- erasure of a child's record

async function decisionFor(db: Kysely<Database>, childId: number, today: string): Promise<ErasureDecision> {
  const settings = await retentionSettings(db);
  const cases = await db
    .selectFrom('protection_case')
    .select(['id', 'closed_on'])
    .where('child_id', '=', childId)
    .execute();
  return erasureDecision(
    cases.map((c) => ({ id: c.id, closedOn: c.closed_on })),
    settings.case_file_years,
    today,
    await isErased(db, 'child', childId),
  );
}

/** Whether the chairman may erase this child today, and if not, why (shown before asking; translated at the edge). */
export async function childErasureStatus(db: Kysely<Database>, ctx: RegisterContext, childId: number) {
  requireChairman(ctx);
  await childOfCommune(db, ctx, childId);
  const decision = await decisionFor(db, childId, todayInVietnam());
  return { decision, why: decision.ok ? null : phrase(refusalKey(decision), refusalParams(decision)) };
}

function refusalKey(d: Exclude<ErasureDecision, { ok: true }>) {
  return `privacy:error.${d.reason}`;
}
function refusalParams(d: Exclude<ErasureDecision, { ok: true }>) {
  return d.reason === 'open_case'
    ? { id: d.caseId }
    : d.reason === 'case_retention'
      ? { id: d.caseId, date: dmy(d.until) }
      : {};
}

export interface ErasureRequest {
  userId: number | null;
  reason: 'request' | 'retention';
  legalBasis: string;
  requestRef: string;
  ip?: string;
}

/**
 * Replaces a child's identity by a tombstone in one transaction. The row stays, with sex, village, birth
 * year and event dates, so that counts already derived stay the same; names, numbers and free text go.
 */
export async function tombstoneChild(trx: Kysely<Database>, childId: number, req: ErasureRequest): Promise<number> {
  const child = await trx
    .selectFrom('child')
    .select(['id', 'unit_id', 'household_id'])
    .where('id', '=', childId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  // Birth date to 1 January of its year; registration moved by the same number of days so that "registered within 60 days" holds as before.
  await sql`UPDATE child SET
      full_name = ${ERASED_NAME}, search_name = ${searchKey(ERASED_NAME)}, code = ${`XOA-${childId}`}, id_number = NULL,
      guardian_name = '', guardian_relation = '', disability = '', note = '',
      birth_registered_on = CASE WHEN birth_registered_on IS NULL THEN NULL ELSE date_trunc('year', birth_date)::date + (birth_registered_on - birth_date) END,
      birth_date = date_trunc('year', birth_date)::date,
      updated_by = ${req.userId}, updated_at = now()
    WHERE id = ${childId}`.execute(trx);
  await trx.updateTable('child_circumstance').set({ note: '' }).where('child_id', '=', childId).execute();
  await trx.updateTable('child_support').set({ note: '', provider: '' }).where('child_id', '=', childId).execute();
  await trx.updateTable('child_health_record').set({ note: '' }).where('child_id', '=', childId).execute();
  await trx
    .updateTable('protection_case')
    .set({ summary: '', updated_at: sql<Date>`now()` })
    .where('child_id', '=', childId)
    .execute();
  // The household names its head: erased too when no other child with an identity lives in it.
  const others = await trx
    .selectFrom('child')
    .select('id')
    .where('household_id', '=', child.household_id)
    .where('id', '<>', childId)
    .where('full_name', '<>', ERASED_NAME)
    .executeTakeFirst();
  const fields = CHILD_ERASURE.filter((f) => f.action !== 'kept' && (f.field !== 'household' || !others)).map(
    (f) => f.field,
  );
  if (!others)
    await trx
      .updateTable('household')
      .set({ head_name: ERASED_NAME, address: '', code: `XOA-H${child.household_id}` })
      .where('id', '=', child.household_id)
      .execute();
  const { id } = await trx
    .insertInto('privacy_erasure')
    .values({
      subject: 'child',
      subject_id: childId,
      unit_id: child.unit_id,
      performed_by: req.userId,
      reason: req.reason,
      legal_basis: req.legalBasis,
      request_ref: req.requestRef,
      fields,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The audit names the record, the erasure and the fields: never who the child was nor who asked.
  await writeAudit(trx, {
    userId: req.userId,
    action: req.reason === 'retention' ? 'anonymise_child' : 'erase_child',
    entity: 'child',
    entityId: childId,
    after: { erasureId: id, reason: req.reason, fields },
    ip: req.ip,
  });
  return id;
}

/** The chairman erases a child's record on a written request, unless a case keeps it. */
export async function eraseChild(
  db: Kysely<Database>,
  ctx: RegisterContext,
  childId: number,
  body: { requestRef: string; legalBasis?: string },
  locale: Locale,
) {
  requireChairman(ctx);
  await childOfCommune(db, ctx, childId);
  const t = translator(locale);
  return db.transaction().execute(async (trx) => {
    // Checked again inside the transaction, under the child's lock, so that a case opened meanwhile is seen.
    await trx.selectFrom('child').select('id').where('id', '=', childId).forUpdate().executeTakeFirstOrThrow();
    const decision = await decisionFor(trx, childId, todayInVietnam());
    if (!decision.ok) throw new Refusal('conflict', refusalKey(decision), refusalParams(decision));
    const erasureId = await tombstoneChild(trx, childId, {
      userId: ctx.viewer.userId,
      reason: 'request',
      legalBasis: body.legalBasis?.trim() || t('privacy:basis.request'),
      requestRef: body.requestRef,
      ip: ctx.ip,
    });
    return { erasureId };
  });
}

/** The commune's erasure log (chairman only): ids, dates, reasons, request references. */
export async function erasureLog(db: Kysely<Database>, ctx: RegisterContext) {
  requireChairman(ctx);
  const rows = await db
    .selectFrom('privacy_erasure as e')
    .leftJoin('app_user as u', 'u.id', 'e.performed_by')
    .select([
      'e.id',
      'e.at',
      'e.subject_id',
      'e.reason',
      'e.legal_basis',
      'e.request_ref',
      'e.fields',
      'u.username',
      'u.full_name',
    ])
    .where('e.subject', '=', 'child')
    .where('e.unit_id', '=', ctx.communeId)
    .orderBy('e.id', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    childId: r.subject_id,
    reason: r.reason,
    legalBasis: r.legal_basis,
    requestRef: r.request_ref,
    fields: r.fields,
    by: r.username ? { username: r.username, fullName: r.full_name } : null,
  }));
}

// ---------------------------------------------------------------- accounts

/** An account holder's own data: profile, roles, sessions, notifications and their audit entries. */
export async function exportAccount(db: Kysely<Database>, user: SessionUser, ip?: string) {
  const [profile, roles, sessions, notifications, audit] = await Promise.all([
    db
      .selectFrom('app_user')
      .select(['id', 'username', 'full_name', 'email', 'locale', 'created_at', 'disabled'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('user_role as r')
      .leftJoin('unit as u', 'u.id', 'r.unit_id')
      .leftJoin('village as v', 'v.id', 'r.village_id')
      .select(['r.role', 'r.unit_id', 'u.name as unit_name', 'r.sector', 'v.name as village_name'])
      .where('r.user_id', '=', user.id)
      .execute(),
    db
      .selectFrom('session')
      .select(['created_at', 'expires_at', 'last_seen_at'])
      .where('user_id', '=', user.id)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('notification')
      .select(['kind', 'message', 'link', 'created_at', 'read_at'])
      .where('user_id', '=', user.id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('audit_log')
      .select(['id', 'at', 'action', 'entity', 'entity_id', 'ip'])
      .where('user_id', '=', user.id)
      .orderBy('id')
      .limit(50_000)
      .execute(),
  ]);
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  const data = {
    exportedAt: new Date().toISOString(),
    profile: {
      id: profile.id,
      username: profile.username,
      fullName: profile.full_name,
      email: profile.email,
      locale: profile.locale,
      createdAt: iso(profile.created_at),
    },
    roles: roles.map((r) => ({
      role: r.role,
      unitId: r.unit_id,
      unitName: r.unit_name,
      sector: r.sector,
      village: r.village_name,
    })),
    // The session token is never stored, only its hash, which is not the holder's data to take away.
    sessions: sessions.map((s) => ({
      createdAt: iso(s.created_at),
      expiresAt: iso(s.expires_at),
      lastSeenAt: iso(s.last_seen_at),
    })),
    notifications: notifications.map((n) => ({
      kind: n.kind,
      message: n.message,
      link: n.link,
      createdAt: iso(n.created_at),
      readAt: iso(n.read_at),
    })),
    auditEntries: audit.map((a) => ({
      id: Number(a.id),
      at: iso(a.at),
      action: a.action,
      entity: a.entity,
      entityId: a.entity_id,
      ip: a.ip,
    })),
  };
  await writeAudit(db, { userId: user.id, action: 'export_own_data', entity: 'user', entityId: user.id, ip });
  return data;
}

/**
 * The administrator erases an account on its holder's request: disabled, profile anonymised, roles,
 * sessions and notifications removed. Audit rows keep the account's id, which now names nobody.
 */
export async function eraseAccount(
  db: Kysely<Database>,
  admin: SessionUser,
  userId: number,
  body: { requestRef: string; legalBasis?: string },
  locale: Locale,
  ip?: string,
) {
  const t = translator(locale);
  if (userId === admin.id) throw new Refusal('conflict', 'privacy:error.self_erase');
  return db.transaction().execute(async (trx) => {
    const target = await trx
      .selectFrom('app_user')
      .select(['id'])
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!target) throw notFound('user', userId);
    if (await isErased(trx, 'user', userId)) throw new Refusal('conflict', 'privacy:error.already_erased');
    // A case must never be left without its worker: the chairman gives it to another officer first.
    const openCase = await trx
      .selectFrom('protection_case')
      .select('id')
      .where('case_worker_id', '=', userId)
      .where('closed_on', 'is', null)
      .executeTakeFirst();
    if (openCase) throw new Refusal('conflict', 'privacy:error.worker_open_case', { id: openCase.id });
    await trx
      .updateTable('app_user')
      .set({
        username: `xoa-${userId}`,
        full_name: ERASED_NAME,
        email: null,
        password_hash: '!',
        disabled: true,
        failed_logins: 0,
        locked_until: null,
      })
      .where('id', '=', userId)
      .execute();
    const sessions = await trx.deleteFrom('session').where('user_id', '=', userId).executeTakeFirst();
    await trx.deleteFrom('notification').where('user_id', '=', userId).execute();
    await trx.deleteFrom('user_role').where('user_id', '=', userId).execute();
    const fields = ['username', 'full_name', 'email', 'password', 'roles', 'sessions', 'notifications'];
    const { id } = await trx
      .insertInto('privacy_erasure')
      .values({
        subject: 'user',
        subject_id: userId,
        unit_id: null,
        performed_by: admin.id,
        reason: 'request',
        legal_basis: body.legalBasis?.trim() || t('privacy:basis.account'),
        request_ref: body.requestRef,
        fields,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, {
      userId: admin.id,
      action: 'erase_user',
      entity: 'user',
      entityId: userId,
      after: { erasureId: id, fields, sessionsEnded: Number(sessions.numDeletedRows) },
      ip,
    });
    return { erasureId: id, sessionsEnded: Number(sessions.numDeletedRows) };
  });
}

/** Accounts whose username or name holds the text, with whether each was erased (at most 50). */
export async function findAccounts(db: Kysely<Database>, text: string) {
  const q = text.toLowerCase().replace(/[%_\\]/g, '\\$&');
  const rows = await db
    .selectFrom('app_user as u')
    .leftJoin('privacy_erasure as e', (j) => j.onRef('e.subject_id', '=', 'u.id').on('e.subject', '=', 'user'))
    .select(['u.id', 'u.username', 'u.full_name', 'u.disabled', 'e.at as erased_at'])
    .$if(q !== '', (b) =>
      b.where((eb) =>
        eb.or([eb('u.username', 'like', `%${q}%`), eb(eb.fn('lower', ['u.full_name']), 'like', `%${q}%`)]),
      ),
    )
    .orderBy('u.username')
    .limit(50)
    .execute();
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    fullName: u.full_name,
    disabled: u.disabled,
    erasedAt: u.erased_at ? new Date(u.erased_at).toISOString() : null,
  }));
}

export const forbiddenUnlessAdmin = (user: SessionUser) => {
  if (!user.roles.some((r) => r.role === 'system_admin')) throw forbidden();
  return user;
};

export type { RetentionKey };
