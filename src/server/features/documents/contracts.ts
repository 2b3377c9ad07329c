// What the documents routes accept beyond a path: the facts of a decision still to be recorded, to render its draft.
import { z } from 'zod';

/**
 * The draft of a recognition decision: the facts as typed (checked by src/core/workflow/decision.ts, each problem
 * named with its field and value) and the selected dossiers as a comma-separated list of entry ids.
 */
export const DecisionPreviewQuery = z.object({
  number: z.string().max(200).describe('Số quyết định, ví dụ 2151/QĐ-UBND / Decision number'),
  signedOn: z.string().max(40).describe('Ngày ký (yyyy-mm-dd) / Signing day'),
  signerName: z.string().max(400).describe('Họ tên người ký / Signer'),
  signerTitle: z.string().max(400).optional().describe('Chức danh người ký / Signer’s title'),
  entryIds: z
    .string()
    .max(6000)
    .describe('Mã các hồ sơ được công nhận, cách nhau bởi dấu phẩy / Entry ids, comma-separated'),
});
export type DecisionPreviewQuery = z.infer<typeof DecisionPreviewQuery>;
