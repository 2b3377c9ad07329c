// Reading one uploaded evidence file from a multipart request, for every feature that takes evidence (a round
// entry's criteria, an activity of the log): the same limits, refusals and type sniffing everywhere.
import type { FastifyRequest } from 'fastify';
import { checkUpload } from '../../http/uploads.ts';
import { fieldRefusal, Refusal } from '../../platform/refusal.ts';
import { ALLOWED, ALLOWED_LABEL, cleanFileName, formatLimit, MAX_FILE_BYTES } from './files.ts';

interface MultipartError {
  code?: string;
  part?: { filename?: string };
}

export interface UploadedFile {
  name: string;
  data: Buffer;
  /** The type sniffed from the bytes and checked against the name's extension and the declared type. */
  mediaType: string;
}

/**
 * The request's one file and its text fields (trimmed). Refuses, naming the file: not multipart, too large,
 * more than one file or too many fields, no file, an empty one, or bytes that are not what the name says.
 */
export async function readUploadedFile(
  request: FastifyRequest,
): Promise<{ file: UploadedFile; fields: Map<string, string> }> {
  if (!request.isMultipart()) throw new Refusal('unsupported_type', 'evidence:error.not_multipart');
  const fields = new Map<string, string>();
  let file: { name: string; data: Buffer; declaredType: string } | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file')
        file = { name: cleanFileName(part.filename), data: await part.toBuffer(), declaredType: part.mimetype };
      else if (typeof part.value === 'string') fields.set(part.fieldname, part.value.trim());
    }
  } catch (error) {
    const e = error as MultipartError;
    if (e.code === 'FST_REQ_FILE_TOO_LARGE')
      throw new Refusal('too_large', 'evidence:error.too_large', {
        file: cleanFileName(e.part?.filename),
        limit: formatLimit(MAX_FILE_BYTES),
      });
    if (e.code === 'FST_FILES_LIMIT') throw new Refusal('invalid', 'evidence:error.one_file');
    if (e.code === 'FST_FIELDS_LIMIT' || e.code === 'FST_PARTS_LIMIT')
      throw new Refusal('invalid', 'evidence:error.too_many_fields');
    throw error;
  }
  if (!file) throw fieldRefusal('invalid', 'evidence:error.no_file', 'file', null, {});
  if (!file.data.length)
    throw fieldRefusal('invalid', 'evidence:error.empty_file', 'file', file.name, { file: file.name });
  // Size, archive (an .xlsx/.docx bomb), sniffed type against extension and declared type: nothing is stored on refusal.
  const sniffed = await checkUpload(file, { maxBytes: MAX_FILE_BYTES, types: ALLOWED, allowedLabel: ALLOWED_LABEL });
  return { file: { name: file.name, data: file.data, mediaType: sniffed.mediaType }, fields };
}
