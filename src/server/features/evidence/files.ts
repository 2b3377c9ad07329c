// What an uploaded file really is (sniffed from its bytes, never trusted from its name or the
// browser's Content-Type), whether it is allowed, and how its name travels back on download.
import { fileTypeFromBuffer } from 'file-type';

/** 20 MiB, overridable with CFC_EVIDENCE_MAX_BYTES. */
export const MAX_FILE_BYTES = Number(process.env.CFC_EVIDENCE_MAX_BYTES ?? 20 * 1024 * 1024);

export const ALLOWED_LABEL = 'PDF, JPEG, PNG, WebP, Word (DOC, DOCX), Excel (XLS, XLSX)';

/** Sniffed type → the extensions a file of that type may carry, and the media type it is served as. */
const ALLOWED: Record<string, Record<string, string>> = {
  'application/pdf': { pdf: 'application/pdf' },
  'image/jpeg': { jpg: 'image/jpeg', jpeg: 'image/jpeg' },
  'image/png': { png: 'image/png' },
  'image/webp': { webp: 'image/webp' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  // Old Office files are Compound File Binary containers; the extension tells a Word file from an Excel one.
  'application/x-cfb': { doc: 'application/msword', xls: 'application/vnd.ms-excel' },
};

export type Sniffed =
  | { ok: true; mediaType: string; ext: string }
  | { ok: false; reason: 'unknown_type' }
  | { ok: false; reason: 'type_not_allowed'; detected: string }
  | { ok: false; reason: 'disguised'; detected: string; ext: string };

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

export async function sniff(data: Buffer, fileName: string): Promise<Sniffed> {
  const found = await fileTypeFromBuffer(data);
  if (!found) return { ok: false, reason: 'unknown_type' };
  const detected = found.ext.toUpperCase();
  const allowed = ALLOWED[found.mime];
  if (!allowed) return { ok: false, reason: 'type_not_allowed', detected };
  const ext = extensionOf(fileName);
  const mediaType = allowed[ext];
  if (!mediaType) return { ok: false, reason: 'disguised', detected: found.mime === 'application/x-cfb' ? 'DOC/XLS (CFB)' : detected, ext };
  return { ok: true, mediaType, ext };
}

/** The file name as given, without any folder part or control characters, at most 200 characters. */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const name = base.normalize('NFC').replace(/[\u0000-\u001F\u007F"]/g, '').trim();
  if (!name) return 'tep';
  if (name.length <= 200) return name;
  const ext = extensionOf(name);
  return ext && ext.length < 10 ? `${name.slice(0, 199 - ext.length)}.${ext}` : name.slice(0, 200);
}

/** `attachment` with an ASCII fallback name and the real one in RFC 5987 form (filename*=UTF-8''…). */
export function contentDisposition(fileName: string): string {
  const ascii =
    fileName
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .replace(/[^A-Za-z0-9._ -]/g, '_') || 'file';
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function formatLimit(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}
