// Which evidence files are allowed (checked by src/server/http/uploads.ts from their bytes, never from
// their name or the browser's Content-Type), and how a file's name travels back on download.
import { config } from '../../platform/config.ts';

/** 20 MiB, overridable with CFC_EVIDENCE_MAX_BYTES. */
export const MAX_FILE_BYTES = config.evidenceMaxBytes;

export const ALLOWED_LABEL = 'PDF, JPEG, PNG, WebP, Word (DOC, DOCX), Excel (XLS, XLSX)';

/** Sniffed type → the extensions a file of that type may carry, and the media type it is served as. */
export const ALLOWED: Record<string, Record<string, string>> = {
  'application/pdf': { pdf: 'application/pdf' },
  'image/jpeg': { jpg: 'image/jpeg', jpeg: 'image/jpeg' },
  'image/png': { png: 'image/png' },
  'image/webp': { webp: 'image/webp' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  // Old Office files are Compound File Binary containers; the extension tells a Word file from an Excel one.
  'application/x-cfb': { doc: 'application/msword', xls: 'application/vnd.ms-excel' },
};

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

/** The file name as given, without any folder part or control characters, at most 200 characters. */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const name = base
    .normalize('NFC')
    .replace(/[\u0000-\u001F\u007F"]/g, '')
    .trim();
  if (!name) return 'tep';
  if (name.length <= 200) return name;
  const ext = extensionOf(name);
  return ext && ext.length < 10 ? `${name.slice(0, 199 - ext.length)}.${ext}` : name.slice(0, 200);
}

export function formatLimit(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}
