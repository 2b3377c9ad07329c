// Rule sets: read by every official; copied, edited and published by the Ministry of Health official.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../http/contract.ts';
import { Id as RowId } from '../../http/schemas.ts';
import { requireRole, requireUser } from '../auth/index.ts';
import { CopyRuleSetBody, RuleSetDetail, RuleSetList, SaveRuleSetBody } from './contracts.ts';
import { copyToDraft, listRuleSets, publish, readRuleSet, saveDraft } from './store.ts';

const Id = z.object({ id: RowId });
const tags = ['rule-sets'];

export async function ruleSetRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/rule-sets',
    {
      schema: {
        operationId: 'listRuleSets',
        tags,
        summary: 'Danh sách bộ tiêu chí / Rule sets',
        response: { 200: RuleSetList },
      },
    },
    async (request) => {
      requireUser(request.user);
      return listRuleSets(app.db);
    },
  );

  r.get(
    '/api/rule-sets/:id',
    {
      schema: {
        operationId: 'getRuleSet',
        tags,
        summary: 'Một phiên bản bộ tiêu chí / One rule-set version',
        params: Id,
        response: { 200: RuleSetDetail },
      },
    },
    async (request) => {
      requireUser(request.user);
      return readRuleSet(app.db, request.params.id);
    },
  );

  // The criteria are national policy: the ministry copies, edits and publishes them, not the technical administrator.
  r.post(
    '/api/rule-sets/:id/copy',
    {
      schema: {
        operationId: 'copyRuleSet',
        tags,
        summary: 'Sao chép thành bản nháp / Copy into a draft',
        params: Id,
        body: CopyRuleSetBody,
        response: { 200: RuleSetDetail, ...errors(409) },
      },
    },
    async (request) => {
      const user = requireRole(request.user, 'ministry_official');
      const id = await copyToDraft(
        app.db,
        request.params.id,
        { userId: user.id, ip: request.ip },
        request.body?.note ?? '',
      );
      return readRuleSet(app.db, id);
    },
  );

  r.put(
    '/api/rule-sets/:id',
    {
      schema: {
        operationId: 'saveRuleSetDraft',
        tags,
        summary: 'Sửa bản nháp / Edit a draft',
        params: Id,
        body: SaveRuleSetBody,
        response: { 200: RuleSetDetail, ...errors(409) },
      },
    },
    async (request) => {
      const user = requireRole(request.user, 'ministry_official');
      const { definition, note } = request.body;
      await saveDraft(app.db, request.params.id, definition, note, { userId: user.id, ip: request.ip });
      return readRuleSet(app.db, request.params.id);
    },
  );

  r.post(
    '/api/rule-sets/:id/publish',
    {
      schema: {
        operationId: 'publishRuleSet',
        tags,
        summary: 'Ban hành phiên bản mới / Publish as a new version',
        params: Id,
        response: { 200: RuleSetDetail, ...errors(409) },
      },
    },
    async (request) => {
      const user = requireRole(request.user, 'ministry_official');
      await publish(app.db, request.params.id, { userId: user.id, ip: request.ip });
      return readRuleSet(app.db, request.params.id);
    },
  );
}
