// Periods, a commune's assessment (read, save values, history), the scoped list, and stateless scoring.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { evaluate } from '../../../core/scoring/engine.ts';
import { hasProvisional } from '../../../core/rule-sets/schema.ts';
import { discloseRecords, discloseResult } from '../../../core/privacy/disclosure.ts';
import { forbidden, requestLocale, valueIssuesError } from '../../http/errors.ts';
import { BodyId, Id } from '../../http/schemas.ts';
import { communeScope, loadUnitInScope, provinceScope, requireRole, requireUser } from '../auth/scope.ts';
import type { SessionUser } from '../auth/users.ts';
import { writeAudit } from '../audit/audit.ts';
import { latestPublished, loadRuleSet } from '../rule-sets/store.ts';
import { editableInputs } from '../rounds/locks.ts';
import { DEFAULT_CATEGORY, ensurePeriod, loadPeriod, plainValues, readAssessment, saveValues, valueHistory } from './store.ts';
import { discloseHistoryRows, lensOf, timelineOf } from './disclosure.ts';

const UnitPeriod = z.object({ unitId: Id, periodId: Id });
const Value = z.union([z.number(), z.boolean(), z.null()]);
const Code = z.string().max(64);

/** Only the commune's own officer and chairman enter its values (the administrator changes no commune's data). */
const canWrite = (user: SessionUser, unitId: number) => communeScope(user).includes(unitId);

export async function assessmentRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  const view = async (user: SessionUser, unitId: number, periodId: number) => {
    const unit = await loadUnitInScope(app.db, user, unitId);
    const period = await loadPeriod(app.db, periodId);
    const province = unit.parent_id ? await app.db.selectFrom('unit').select('name').where('id', '=', unit.parent_id).executeTakeFirst() : undefined;
    const a = await readAssessment(app.db, unitId, periodId);
    // A dossier in a round freezes its inputs once self-assessed; after a return only some reopen.
    const open = a.id ? await editableInputs(app.db, a.id) : 'all';
    // Small sensitive counts, and one more of each small whole − part difference, for those who neither enter nor score them.
    const hidden = (await timelineOf(app.db, lensOf(user, unit, a.ruleSet.definition), a.id)).now(plainValues(a.values));
    return {
      editable: open === 'all' ? ('all' as const) : [...open],
      unit: { id: unit.id, code: unit.code, name: unit.name, kind: unit.kind, category: unit.category, provinceName: province?.name ?? null },
      period: { id: period.id, year: period.year, startsOn: period.starts_on, endsOn: period.ends_on },
      assessmentId: a.id,
      category: a.category,
      ruleSet: { id: a.ruleSet.id, code: a.ruleSet.code, version: a.ruleSet.version, status: a.ruleSet.status, definition: a.ruleSet.definition },
      values: discloseRecords(a.values, hidden),
      result: discloseResult(a.result, hidden),
      readOnly: !canWrite(user, unitId) || unit.valid_to !== null || unit.level !== 'commune' || (open !== 'all' && open.size === 0),
    };
  };

  r.get('/api/periods', { schema: { tags: ['assessments'], summary: 'Kỳ đánh giá / Assessment periods' } }, async (request) => {
    requireUser(request.user);
    const rows = await app.db.selectFrom('period').selectAll().orderBy('year', 'desc').execute();
    return rows.map((p) => ({ id: p.id, year: p.year, startsOn: p.starts_on, endsOn: p.ends_on }));
  });

  r.post(
    '/api/periods',
    { schema: { tags: ['assessments'], summary: 'Mở kỳ đánh giá (năm) / Open a period (year)', body: z.object({ year: z.number().int().min(2019).max(2100) }) } },
    async (request) => {
      const user = requireRole(request.user, 'system_admin');
      const id = await ensurePeriod(app.db, request.body.year);
      const p = await loadPeriod(app.db, id);
      await writeAudit(app.db, { userId: user.id, action: 'open', entity: 'period', entityId: id, after: p, ip: request.ip });
      return { id: p.id, year: p.year, startsOn: p.starts_on, endsOn: p.ends_on };
    },
  );

  r.get(
    '/api/periods/:periodId/assessments',
    {
      schema: {
        tags: ['assessments'],
        summary: 'Kết quả các xã trong phạm vi / Results of the communes in scope',
        params: z.object({ periodId: Id }),
        querystring: z.object({ provinceId: Id.optional() }),
      },
    },
    async (request) => {
      const user = requireUser(request.user);
      const period = await loadPeriod(app.db, request.params.periodId);
      const provinces = provinceScope(user);
      const communes = communeScope(user);
      const wanted = request.query.provinceId;
      if (wanted !== undefined && provinces !== null && !provinces.includes(wanted)) throw forbidden();
      let q = app.db
        .selectFrom('unit as u')
        .leftJoin('assessment as a', (j) => j.onRef('a.unit_id', '=', 'u.id').on('a.period_id', '=', period.id))
        .select(['u.id', 'u.code', 'u.name', 'u.kind', 'u.category', 'u.parent_id', 'a.total', 'a.recognized', 'a.complete', 'a.updated_at', 'a.rule_set_id'])
        .select(sql<boolean | null>`(a.result->>'provisional')::boolean`.as('provisional'))
        .where('u.level', '=', 'commune')
        .where('u.valid_to', 'is', null)
        .orderBy('u.name');
      if (wanted !== undefined) q = q.where('u.parent_id', '=', wanted);
      else if (provinces !== null) {
        if (!provinces.length && !communes.length) return { items: [] };
        q = q.where((eb) => eb.or([...(provinces.length ? [eb('u.parent_id', 'in', provinces)] : []), ...(communes.length ? [eb('u.id', 'in', communes)] : [])]));
      } else q = q.where('u.parent_id', 'is not', null).limit(5000);
      const rows = await q.execute();
      const latest = await latestPublished(app.db);
      const ruleSets = new Map([[latest.id, latest]]);
      const items = [];
      for (const row of rows) {
        let rs = row.rule_set_id ? ruleSets.get(row.rule_set_id) : latest;
        if (!rs) ruleSets.set(row.rule_set_id!, (rs = await loadRuleSet(app.db, row.rule_set_id!)));
        const category = row.category ?? DEFAULT_CATEGORY;
        const threshold = rs.definition.categories.find((c) => c.code === category)?.threshold ?? null;
        items.push({
          unitId: row.id,
          unitCode: row.code,
          unitName: row.name,
          unitKind: row.kind,
          category: row.category,
          total: row.total ?? 0,
          threshold,
          recognized: row.recognized ?? false,
          complete: row.complete ?? false,
          provisional: row.provisional ?? hasProvisional(rs.definition),
          updatedAt: row.updated_at ? new Date(row.updated_at).toISOString() : null,
          ruleSetVersion: row.rule_set_id ? rs.version : null,
        });
      }
      return { items };
    },
  );

  r.get('/api/units/:unitId/assessments/:periodId', { schema: { tags: ['assessments'], summary: 'Số liệu và điểm của xã / A commune’s inputs and score', params: UnitPeriod } }, async (request) => {
    const user = requireUser(request.user);
    return view(user, request.params.unitId, request.params.periodId);
  });

  r.put(
    '/api/units/:unitId/assessments/:periodId/values',
    {
      schema: {
        tags: ['assessments'],
        summary: 'Lưu số liệu (bản nháp) / Save values (draft)',
        params: UnitPeriod,
        body: z.object({ values: z.record(Code, Value), notes: z.record(Code, z.string().max(2000)).optional() }),
      },
    },
    async (request) => {
      const user = requireUser(request.user);
      const { unitId, periodId } = request.params;
      await loadUnitInScope(app.db, user, unitId);
      if (!canWrite(user, unitId)) throw forbidden();
      await loadPeriod(app.db, periodId);
      // Answers with what the save changed (values and score), not the rule set again: slow lines.
      return saveValues(app.db, unitId, periodId, request.body, { userId: user.id, ip: request.ip, locale: requestLocale(request) });
    },
  );

  r.get(
    '/api/units/:unitId/assessments/:periodId/history',
    { schema: { tags: ['assessments'], summary: 'Lịch sử số liệu / Value history', params: UnitPeriod, querystring: z.object({ code: Code.optional() }) } },
    async (request) => {
      const user = requireUser(request.user);
      const unit = await loadUnitInScope(app.db, user, request.params.unitId);
      const a = await app.db.selectFrom('assessment').select('id').where('unit_id', '=', request.params.unitId).where('period_id', '=', request.params.periodId).executeTakeFirst();
      if (!a) return { items: [] };
      const current = await readAssessment(app.db, unit.id, request.params.periodId);
      const timeline = await timelineOf(app.db, lensOf(user, unit, current.ruleSet.definition), a.id);
      return { items: discloseHistoryRows(timeline, await valueHistory(app.db, a.id, request.query.code)) };
    },
  );

  r.post(
    '/api/score',
    {
      schema: {
        tags: ['assessments'],
        summary: 'Tính điểm không lưu (cùng bộ máy tính điểm) / Score without saving (same engine)',
        body: z.object({ ruleSetId: BodyId.optional(), category: z.string(), values: z.record(z.string(), z.unknown()), allowMissing: z.boolean().optional() }),
      },
    },
    async (request) => {
      requireUser(request.user);
      const rs = request.body.ruleSetId ? await loadRuleSet(app.db, request.body.ruleSetId) : await latestPublished(app.db);
      const out = evaluate(rs.definition, String(rs.version), request.body.category, request.body.values, { allowMissing: request.body.allowMissing });
      if (!out.ok) throw valueIssuesError(400, 'assessments:error.invalid_values', out.issues, requestLocale(request));
      return out.result;
    },
  );
}
