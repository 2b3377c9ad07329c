// What the evidence routes answer: the record of a stored file (its bytes are downloaded separately).
import { z } from 'zod';

export const EvidenceRecordBody = z
  .object({
    id: z.number().int(),
    entryId: z.number().int().nullable(),
    unitId: z.number().int(),
    criterionCode: z.string().nullable(),
    itemCode: z.string().nullable(),
    fileName: z.string(),
    mediaType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    uploadedAt: z.string(),
    uploadedByName: z.string().nullable(),
    downloadUrl: z.string(),
  })
  .meta({ id: 'EvidenceRecord' });

/** An upload's answer: 201 with the new record, or 200 with the record already holding the same bytes. */
export const EvidenceUploadBody = EvidenceRecordBody.extend({ duplicate: z.boolean() }).meta({ id: 'EvidenceUpload' });

export const EvidenceListBody = z
  .object({
    items: z.array(EvidenceRecordBody),
    mayEdit: z.boolean(),
    /** When the commune may attach files, seen from the dossier's state (open now, after reopening, …). */
    uploadWindow: z.enum(['open', 'after_reopen', 'after_return', 'closed']),
  })
  .meta({ id: 'EvidenceList' });

export const EvidenceDeletedBody = z
  .object({ id: z.number().int(), deletedAt: z.string() })
  .meta({ id: 'EvidenceDeleted' });

export type EvidenceRecord = z.infer<typeof EvidenceRecordBody>;
export type EvidenceUpload = z.infer<typeof EvidenceUploadBody>;
export type EvidenceList = z.infer<typeof EvidenceListBody>;
