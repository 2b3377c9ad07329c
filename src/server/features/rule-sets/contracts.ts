// What the rule-set routes take and answer; the web imports the types (import type), never the routes.
import { z } from 'zod';
import { LocalText, RuleSetDefinition } from '../../../core/rule-sets/schema.ts';

export const RuleSetSummary = z
  .object({
    id: z.number().int(),
    code: z.string(),
    version: z.number().int(),
    status: z.enum(['draft', 'published']),
    title: LocalText,
    note: z.string(),
    basedOnId: z.number().int().nullable(),
    createdAt: z.string(),
    publishedAt: z.string().nullable(),
  })
  .meta({ id: 'RuleSetSummary', description: 'Một phiên bản bộ tiêu chí / One rule-set version' });

export const RuleSetList = z.object({ items: z.array(RuleSetSummary) }).meta({ id: 'RuleSetList' });

export const RuleSetDetail = RuleSetSummary.extend({ definition: RuleSetDefinition }).meta({
  id: 'RuleSetDetail',
  description: 'Một phiên bản bộ tiêu chí và nội dung của nó / One rule-set version with its definition',
});

export const CopyRuleSetBody = z.object({ note: z.string().max(2000).optional() }).optional();
/** The definition is checked by the store, which names each refused field in the caller's language. */
export const SaveRuleSetBody = z.object({ definition: z.unknown(), note: z.string().max(2000).optional() });

export type RuleSetSummary = z.infer<typeof RuleSetSummary>;
export type RuleSetDetail = z.infer<typeof RuleSetDetail>;
