// Rule sets: read by every official; copied, edited and published by the Ministry of Health official.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestLocale } from '../../http/errors.ts';
import { Id as RowId } from '../../http/schemas.ts';
import { requireRole, requireUser } from '../auth/scope.ts';
import { copyToDraft, loadRuleSet, publish, saveDraft } from './store.ts';

const Id = z.object({ id: RowId });

export async function ruleSetRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const summary = async (id: number) => {
    const row = await app.db.selectFrom('rule_set').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return describe(row);
  };
  const describe = (row: { id: number; code: string; version: number; status: 'draft' | 'published'; definition: unknown; note: string; based_on_id: number | null; created_at: Date; published_at: Date | null }) => ({
    id: row.id,
    code: row.code,
    version: row.version,
    status: row.status,
    title: (row.definition as { title: { vi: string; en: string } }).title,
    note: row.note,
    basedOnId: row.based_on_id,
    createdAt: new Date(row.created_at).toISOString(),
    publishedAt: row.published_at ? new Date(row.published_at).toISOString() : null,
  });

  r.get('/api/rule-sets', { schema: { tags: ['rule-sets'], summary: 'Danh sách bộ tiêu chí / Rule sets' } }, async (request) => {
    requireUser(request.user);
    const rows = await app.db.selectFrom('rule_set').selectAll().orderBy('code').orderBy('version', 'desc').execute();
    return { items: rows.map(describe) };
  });

  r.get('/api/rule-sets/:id', { schema: { tags: ['rule-sets'], summary: 'Một phiên bản bộ tiêu chí / One rule-set version', params: Id } }, async (request) => {
    requireUser(request.user);
    const loaded = await loadRuleSet(app.db, request.params.id);
    return { ...(await summary(loaded.id)), definition: loaded.definition };
  });

  // The criteria are national policy: the ministry copies, edits and publishes them, not the technical administrator.
  r.post(
    '/api/rule-sets/:id/copy',
    { schema: { tags: ['rule-sets'], summary: 'Sao chép thành bản nháp / Copy into a draft', params: Id, body: z.object({ note: z.string().max(2000).optional() }).optional() } },
    async (request) => {
      const user = requireRole(request.user, 'ministry_official');
      const id = await copyToDraft(app.db, request.params.id, { userId: user.id, ip: request.ip }, request.body?.note ?? '');
      const loaded = await loadRuleSet(app.db, id);
      return { ...(await summary(id)), definition: loaded.definition };
    },
  );

  r.put(
    '/api/rule-sets/:id',
    { schema: { tags: ['rule-sets'], summary: 'Sửa bản nháp / Edit a draft', params: Id, body: z.object({ definition: z.unknown(), note: z.string().max(2000).optional() }) } },
    async (request) => {
      const user = requireRole(request.user, 'ministry_official');
      await saveDraft(app.db, request.params.id, request.body.definition, request.body.note, { userId: user.id, ip: request.ip }, requestLocale(request));
      const loaded = await loadRuleSet(app.db, request.params.id);
      return { ...(await summary(loaded.id)), definition: loaded.definition };
    },
  );

  r.post('/api/rule-sets/:id/publish', { schema: { tags: ['rule-sets'], summary: 'Ban hành phiên bản mới / Publish as a new version', params: Id } }, async (request) => {
    const user = requireRole(request.user, 'ministry_official');
    await publish(app.db, request.params.id, { userId: user.id, ip: request.ip });
    const loaded = await loadRuleSet(app.db, request.params.id);
    return { ...(await summary(loaded.id)), definition: loaded.definition };
  });
}
