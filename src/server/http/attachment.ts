// One way to name a download (RFC 6266): an ASCII fallback filename= for old clients and the real name in
// filename*=UTF-8''… (RFC 8187, formerly 5987), which every current browser, curl -J and wget prefer.
import type { FastifyReply } from 'fastify';

/** The name without Vietnamese marks, with only characters safe inside a quoted-string on any system. */
export function asciiFileName(name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._ -]/g, '_')
    .trim();
  return ascii.replace(/^\.+/, '') || 'file';
}

/** RFC 8187 value-chars: percent-encoded UTF-8 except attr-char (encodeURIComponent leaves ' ( ) * ! as they are). */
function extValue(name: string): string {
  return encodeURIComponent(name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The Content-Disposition header for a file of this name (NFC, folder parts and control characters removed). */
export function contentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const name =
    (fileName.split(/[\\/]/).pop() ?? '')
      .normalize('NFC')
      .replace(/[\u0000-\u001F\u007F]/g, '')
      .trim() || 'file';
  return `${type}; filename="${asciiFileName(name)}"; filename*=UTF-8''${extValue(name)}`;
}

/** Names the reply's file; the caller sets the type, caching and body. */
export function attachment(reply: FastifyReply, fileName: string): FastifyReply {
  return reply.header('Content-Disposition', contentDisposition(fileName));
}

/** A generated file, before it is sent: its name without extension, its extension, its type and bytes. */
export interface DocumentFile {
  name: string;
  ext: string;
  mime: string;
  body: Buffer;
}

/** Sends a generated document as a download that no cache keeps. */
export function sendAttachment(reply: FastifyReply, file: DocumentFile) {
  return attachment(reply, `${file.name}.${file.ext}`)
    .header('Content-Type', file.mime)
    .header('Cache-Control', 'private, no-store')
    .send(file.body);
}
