// What the audit log route takes and answers.
import { z } from 'zod';

export const AuditQuery = z.object({
  entity: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const AuditEntry = z
  .object({
    /** A bigint: the driver hands it over as text or as a number. */
    id: z.union([z.string(), z.number().int()]),
    at: z.string(),
    user_id: z.number().int().nullable(),
    username: z.string().nullable(),
    action: z.string(),
    entity: z.string(),
    entity_id: z.string().nullable(),
    /** The state before and after, sensitive inputs withheld. */
    before: z.unknown(),
    after: z.unknown(),
    ip: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry', description: 'Một dòng nhật ký thao tác / One audit log row' });

export const AuditPage = z.object({ items: z.array(AuditEntry) }).meta({ id: 'AuditPage' });

export type AuditQuery = z.infer<typeof AuditQuery>;
export type AuditEntry = z.infer<typeof AuditEntry>;
export type AuditPage = z.infer<typeof AuditPage>;
