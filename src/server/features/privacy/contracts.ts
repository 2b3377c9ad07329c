// What the privacy routes take and answer. Answers are serialised through these schemas, so a field not
// listed here never leaves the server: a child's export carries only what the policy projected for the chairman.
import { z } from 'zod';
import { FIELD_GROUPS } from '../../../core/privacy/policy.ts';
import { RETENTION_KEYS } from '../../../core/privacy/retention.ts';

const Day = z.string();
const LocalText = z.object({ vi: z.string(), en: z.string() });
const Unit = z.enum(['days', 'months', 'years']);
const Who = z.object({ username: z.string(), fullName: z.string() });

// The number of the written request (số phiếu yêu cầu), not the requester's name.
export const ErasureRequestBody = z.object({
  requestRef: z.string().trim().min(1).max(100),
  legalBasis: z.string().trim().max(500).optional(),
});

/** A child's data for its guardian: each part as the policy shows it to the chairman, and who read the record. */
export const ChildExportBody = z
  .object({
    exportedAt: z.string(),
    commune: z.number().int(),
    identity: z.object({
      id: z.number().int(),
      code: z.string(),
      fullName: z.string(),
      birthDate: Day,
      sex: z.enum(['male', 'female']),
      idNumber: z.string().nullable(),
      guardianName: z.string(),
      guardianRelation: z.string(),
    }),
    household: z.object({ code: z.string(), head: z.string(), address: z.string(), village: z.string() }),
    profile: z.object({
      birthRegisteredOn: Day.nullable().optional(),
      movedOutOn: Day.nullable().optional(),
      diedOn: Day.nullable().optional(),
      note: z.string().optional(),
      updatedAt: z.string().optional(),
      education: z.string().nullable().optional(),
      fullyImmunizedOn: Day.nullable().optional(),
      disability: z.string().optional(),
    }),
    circumstances: z.array(
      z.object({ group: z.string(), label: LocalText, startedOn: Day, endedOn: Day.nullable(), note: z.string() }),
    ),
    supports: z.array(z.object({ kind: z.string(), givenOn: Day, provider: z.string(), note: z.string() })),
    healthRecords: z.array(
      z.object({
        kind: z.enum(['growth', 'periodic']),
        checkedOn: Day,
        weightKg: z.number().nullable(),
        heightCm: z.number().nullable(),
        underweight: z.boolean(),
        stunted: z.boolean(),
        note: z.string(),
      }),
    ),
    cases: z.array(
      z.object({
        id: z.number().int(),
        kind: z.string(),
        abuseKind: z.string().nullable(),
        occurredOn: Day,
        reportedOn: Day,
        emergency: z.boolean(),
        summary: z.string(),
        planDraftedOn: Day.nullable(),
        planApprovedOn: Day.nullable(),
        closedOn: Day.nullable(),
      }),
    ),
    accessLog: z.array(
      z.object({
        at: z.string(),
        action: z.string(),
        fields: z.array(z.string()),
        caseId: z.number().int().nullable(),
        user: Who,
      }),
    ),
  })
  .meta({ id: 'ChildExport' });

/** Whether the chairman may erase the child today; if not, why, in the viewer's language. */
export const ErasureStatusBody = z
  .object({
    ok: z.boolean(),
    reason: z.enum(['open_case', 'case_retention', 'already_erased']).optional(),
    caseId: z.number().int().optional(),
    until: Day.optional(),
    message: z.string().nullable(),
  })
  .meta({ id: 'ErasureStatus' });
export const ChildErasedBody = z.object({ erasureId: z.number().int() }).meta({ id: 'ChildErased' });
export const AccountErasedBody = z
  .object({ erasureId: z.number().int(), sessionsEnded: z.number().int() })
  .meta({ id: 'AccountErased' });

/** One erasure of the commune's log: ids, dates, reasons and request references, never who the child was. */
export const ErasureRowBody = z
  .object({
    id: z.number().int(),
    at: z.string(),
    childId: z.number().int(),
    reason: z.enum(['request', 'retention']),
    legalBasis: z.string(),
    requestRef: z.string(),
    fields: z.array(z.string()),
    by: z.object({ username: z.string(), fullName: z.string().nullable() }).nullable(),
  })
  .meta({ id: 'ErasureRow' });

/** An account holder's own data. */
export const AccountExportBody = z
  .object({
    exportedAt: z.string(),
    profile: z.object({
      id: z.number().int(),
      username: z.string(),
      fullName: z.string(),
      email: z.string().nullable(),
      locale: z.string(),
      createdAt: z.string().nullable(),
    }),
    roles: z.array(
      z.object({
        role: z.string(),
        unitId: z.number().int().nullable(),
        unitName: z.string().nullable(),
        sector: z.string().nullable(),
        village: z.string().nullable(),
      }),
    ),
    sessions: z.array(
      z.object({
        createdAt: z.string().nullable(),
        expiresAt: z.string().nullable(),
        lastSeenAt: z.string().nullable(),
      }),
    ),
    notifications: z.array(
      z.object({
        kind: z.string(),
        message: z.string(),
        link: z.string().nullable(),
        createdAt: z.string().nullable(),
        readAt: z.string().nullable(),
      }),
    ),
    auditEntries: z.array(
      z.object({
        id: z.number(),
        at: z.string().nullable(),
        action: z.string(),
        entity: z.string(),
        entityId: z.string().nullable(),
        ip: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'AccountExport' });

export const PrivacyAccountBody = z
  .object({
    id: z.number().int(),
    username: z.string(),
    fullName: z.string(),
    disabled: z.boolean(),
    erasedAt: z.string().nullable(),
  })
  .meta({ id: 'PrivacyAccount' });

export const RetentionSettingBody = z
  .object({
    key: z.enum(RETENTION_KEYS),
    value: z.number(),
    unit: Unit,
    defaultValue: z.number(),
    legalBasis: LocalText,
  })
  .meta({ id: 'RetentionSetting' });
export const RetentionChangeBody = z.object({
  value: z.unknown().optional(),
  legalBasisVi: z.string().trim().min(1).max(2000).optional(),
  legalBasisEn: z.string().trim().max(2000).optional(),
});
export const RetentionSummaryBody = z
  .object({
    day: Day,
    importPreviews: z.number().int(),
    sessions: z.number().int(),
    surveyFailures: z.number().int(),
    notifications: z.number().int(),
    accessLog: z.number().int(),
    childrenAnonymised: z.number().int(),
  })
  .meta({ id: 'RetentionSummary' });

/** The record of processing activities (Decree 13/2023, Art. 24 file), as it stands with the settings in force. */
export const ProcessingRecordBody = z
  .object({
    controller: LocalText,
    legalBases: z.array(LocalText),
    purposes: z.array(LocalText),
    subjects: z.array(LocalText),
    categories: z.array(
      z.object({ key: z.string(), sensitive: z.boolean(), text: LocalText, tables: z.array(z.string()) }),
    ),
    recipients: z.array(
      z.object({
        role: z.string(),
        scope: z.string(),
        fieldGroups: z.array(z.enum(FIELD_GROUPS)),
        whenAssigned: z.array(z.enum(FIELD_GROUPS)),
        purpose: LocalText,
      }),
    ),
    transfers: LocalText,
    retention: z.array(
      z.object({
        key: z.string(),
        value: z.number().nullable(),
        unit: Unit.nullable(),
        defaultValue: z.number().nullable(),
        legalBasis: LocalText,
      }),
    ),
    erasure: z.array(
      z.object({ field: z.string(), action: z.enum(['replaced', 'removed', 'year_only', 'kept']), why: LocalText }),
    ),
    security: LocalText.extend({ link: z.string() }),
    rights: z.array(LocalText),
  })
  .meta({ id: 'ProcessingRecord' });

export type ChildExport = z.infer<typeof ChildExportBody>;
export type ErasureStatus = z.infer<typeof ErasureStatusBody>;
export type ErasureRow = z.infer<typeof ErasureRowBody>;
export type AccountExport = z.infer<typeof AccountExportBody>;
export type PrivacyAccount = z.infer<typeof PrivacyAccountBody>;
export type RetentionSetting = z.infer<typeof RetentionSettingBody>;
export type RetentionSummary = z.infer<typeof RetentionSummaryBody>;
export type ProcessingRecord = z.infer<typeof ProcessingRecordBody>;
