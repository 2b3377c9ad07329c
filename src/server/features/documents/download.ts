// A generated document sent as a download: one way to name the file (ASCII fallback and UTF-8 name), never cached.
import type { FastifyReply } from 'fastify';

/** The file's name without Vietnamese marks and with only safe characters, for clients that ignore filename*. */
const asciiName = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._-]+/g, '-');

/** A generated file, before it is sent: its name without extension, its extension, its type and bytes. */
export interface DocumentFile {
  name: string;
  ext: string;
  mime: string;
  body: Buffer;
}

export function sendAttachment(reply: FastifyReply, file: DocumentFile) {
  const { name, ext } = file;
  return reply
    .header('Content-Type', file.mime)
    .header(
      'Content-Disposition',
      `attachment; filename="${asciiName(name)}.${ext}"; filename*=UTF-8''${encodeURIComponent(name)}.${ext}`,
    )
    .header('Cache-Control', 'private, no-store')
    .send(file.body);
}
