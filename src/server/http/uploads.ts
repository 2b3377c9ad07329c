// The one check every uploaded file passes before anything parses or stores it: its size for its kind;
// for a ZIP container (.xlsx, .docx) the archive itself — entry count, declared and real unpacked
// sizes, compression ratio, unsafe names, nested archives, bytes hidden outside the listed entries —
// read with yauzl before exceljs or file-type touch it; then its type sniffed from the bytes, which must
// agree with the name's extension and with the type the browser declared.
import yauzl from 'yauzl';
import { fileTypeFromBuffer } from 'file-type';
import { Refusal } from '../platform/refusal.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface ArchiveLimits {
  /** More entries than this: refused before any is read. */
  maxEntries: number;
  /** The entries' uncompressed sizes added up, declared or real. */
  maxUnpackedBytes: number;
  /** Uncompressed ÷ compressed, for entries above `ratioFromBytes`. */
  maxRatio: number;
  ratioFromBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 10_000,
  maxUnpackedBytes: 200 * 1024 * 1024,
  maxRatio: 200,
  ratioFromBytes: 1024 * 1024,
};

export interface UploadRule {
  maxBytes: number;
  /** Sniffed media type → extension → the media type the file is kept as. */
  types: Record<string, Record<string, string>>;
  /** Plain-text extensions (no magic bytes to sniff), e.g. csv. */
  textExtensions?: Record<string, string>;
  /** For messages: "PDF, JPEG, …". */
  allowedLabel: string;
  archive?: Partial<ArchiveLimits>;
  /** A route whose callers already know its own message for "not this type" keeps it. */
  wrongType?: (file: string) => Refusal;
}

export interface CheckedUpload {
  mediaType: string;
  ext: string;
}

/** What each upload takes: register files, the criteria-inputs workbook, evidence. */
export const UPLOAD_RULES = {
  register: {
    maxBytes: 60 * 1024 * 1024,
    types: { [XLSX]: { xlsx: XLSX } },
    textExtensions: { csv: 'text/csv' },
    allowedLabel: 'Excel (.xlsx), CSV',
    // A full 60 MB register unpacks at about 7–9:1 (20,000 children: 1.5 MB → 11 MB of XML).
    archive: { maxUnpackedBytes: 600 * 1024 * 1024 },
  },
  inputs: { maxBytes: 5 * 1024 * 1024, types: { [XLSX]: { xlsx: XLSX } }, allowedLabel: 'Excel (.xlsx)' },
} satisfies Record<string, UploadRule>;

/** Media types a browser may declare for a file of this sniffed type: its own, and the generic ones. */
const GENERIC = [
  '',
  'application/octet-stream',
  'binary/octet-stream',
  'application/unknown',
  'application/x-download',
  'application/force-download',
];
const DECLARED_ALSO: Record<string, string[]> = {
  [XLSX]: ['application/zip', 'application/x-zip-compressed', 'application/vnd.ms-excel'],
  [DOCX]: ['application/zip', 'application/x-zip-compressed', 'application/msword'],
  'application/x-cfb': [
    'application/msword',
    'application/vnd.ms-excel',
    'application/x-ole-storage',
    'application/cdfv2',
  ],
  'image/jpeg': ['image/jpg', 'image/pjpeg'],
  'image/png': ['image/x-png'],
  'application/pdf': ['application/x-pdf'],
  'text/csv': [
    'text/plain',
    'application/csv',
    'text/x-csv',
    'application/x-csv',
    'text/comma-separated-values',
    'text/x-comma-separated-values',
    'application/vnd.ms-excel',
  ],
};

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

export function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');
/** An OLE container holding an encrypted Office Open XML package (its "EncryptionInfo" stream). */
export const isEncryptedOffice = (data: Buffer) => data.includes(ENCRYPTION_INFO);
export const isZipContainer = (data: Buffer) => data.subarray(0, 4).equals(ZIP_MAGIC);

/** Magic numbers of archives an Office file has no reason to hold outside its embeddings folder. */
const NESTED_MAGIC = [
  ZIP_MAGIC,
  Buffer.from([0x1f, 0x8b]),
  Buffer.from('7z\xbc\xaf\x27\x1c', 'latin1'),
  Buffer.from('Rar!'),
  Buffer.from([0x42, 0x5a, 0x68]),
];
const NESTED_NAME = /\.(zip|jar|7z|rar|gz|tgz|bz2|xz|tar|cab|xlsx|xlsm|docx|docm|pptx)$/i;
/** Office keeps embedded documents (a chart's workbook in a .docx) in …/embeddings/. */
const EMBEDDINGS = /^(xl|word|ppt)\/embeddings\//;

export type ArchiveProblem =
  | { reason: 'unreadable'; detail: string }
  | { reason: 'too_many_entries'; count: number; max: number }
  | { reason: 'unpacked_too_large'; size: string; max: string }
  | { reason: 'compression_ratio'; entry: string; ratio: number; max: number }
  | { reason: 'size_lies'; entry: string }
  | { reason: 'unsafe_name'; entry: string }
  | { reason: 'nested_archive'; entry: string }
  | { reason: 'hidden_data' };

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const DATA_DESCRIPTOR = 0x08074b50;

/**
 * Every byte before the central directory must belong to an entry it lists, under the same name: exceljs
 * reads an .xlsx front to back by its local headers, so anything hidden between or behind the listed
 * entries would reach it unchecked.
 */
function coversEverything(data: Buffer, entries: yauzl.Entry[]): boolean {
  const sorted = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
  let at = 0;
  for (const e of sorted) {
    if (e.relativeOffsetOfLocalHeader !== at || at + 30 > data.length || data.readUInt32LE(at) !== LOCAL_HEADER)
      return false;
    const nameLength = data.readUInt16LE(at + 26);
    const extraLength = data.readUInt16LE(at + 28);
    if (!data.subarray(at + 30, at + 30 + nameLength).equals(e.fileNameRaw)) return false;
    const localCompressed = data.readUInt32LE(at + 18);
    if (!(e.generalPurposeBitFlag & 0x8) && localCompressed !== 0xffffffff && localCompressed !== e.compressedSize)
      return false;
    at += 30 + nameLength + extraLength + e.compressedSize;
    if (e.generalPurposeBitFlag & 0x8) {
      // A data descriptor: optional signature, CRC, then 32-bit or (ZIP64) 64-bit sizes.
      if (at + 4 <= data.length && data.readUInt32LE(at) === DATA_DESCRIPTOR) at += 4;
      const next = (n: number) => n + 4 <= data.length && [LOCAL_HEADER, CENTRAL_HEADER].includes(data.readUInt32LE(n));
      at = next(at + 12) ? at + 12 : at + 20;
    }
  }
  return at + 4 <= data.length && data.readUInt32LE(at) === CENTRAL_HEADER;
}

const openZip = (data: Buffer) =>
  new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(
      data,
      { lazyEntries: true, validateEntrySizes: true, decodeStrings: true, strictFileNames: false },
      (err, zip) => (err ? reject(err) : resolve(zip)),
    ),
  );

const nextEntry = (zip: yauzl.ZipFile) =>
  new Promise<yauzl.Entry | null>((resolve, reject) => {
    const done = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (e: yauzl.Entry) => (done(), resolve(e));
    const onEnd = () => (done(), resolve(null));
    const onError = (e: Error) => (done(), reject(e));
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });

/** yauzl refuses unsafe names itself ("invalid relative path", "absolute path", "invalid characters"). */
const unsafeName = (message: string) =>
  /^(invalid relative path|absolute path|invalid characters in fileName): (.*)$/.exec(message)?.[2];

/**
 * Reads a ZIP archive's directory, then inflates every entry through a byte counter: the first problem
 * found, or null. Nothing is kept; the largest buffer held is one chunk of one entry.
 */
export async function inspectArchive(
  data: Buffer,
  limits: Partial<ArchiveLimits> = {},
  names: string[] = [],
): Promise<ArchiveProblem | null> {
  const l = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(data);
  } catch (e) {
    return { reason: 'unreadable', detail: (e as Error).message };
  }
  try {
    if (zip.entryCount > l.maxEntries) return { reason: 'too_many_entries', count: zip.entryCount, max: l.maxEntries };
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    try {
      for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
        entries.push(entry);
        names.push(entry.fileName);
        declared += entry.uncompressedSize;
        if (declared > l.maxUnpackedBytes)
          return {
            reason: 'unpacked_too_large',
            size: `> ${formatBytes(l.maxUnpackedBytes)}`,
            max: formatBytes(l.maxUnpackedBytes),
          };
        if (entry.uncompressedSize > l.ratioFromBytes) {
          const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
          if (ratio > l.maxRatio)
            return { reason: 'compression_ratio', entry: entry.fileName, ratio: Math.round(ratio), max: l.maxRatio };
        }
        if (!EMBEDDINGS.test(entry.fileName) && NESTED_NAME.test(entry.fileName))
          return { reason: 'nested_archive', entry: entry.fileName };
      }
    } catch (e) {
      const name = unsafeName((e as Error).message);
      return name !== undefined
        ? { reason: 'unsafe_name', entry: name }
        : { reason: 'unreadable', detail: (e as Error).message };
    }
    if (!coversEverything(data, entries)) return { reason: 'hidden_data' };
    // Declared sizes can lie: each entry is inflated and counted; yauzl stops an entry that outgrows its declared size.
    let real = 0;
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      const problem = await new Promise<ArchiveProblem | null>((resolve) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err) return resolve({ reason: 'unreadable', detail: err.message });
          let head: Buffer | null = Buffer.alloc(0);
          const stop = (p: ArchiveProblem) => {
            stream.destroy();
            resolve(p);
          };
          stream.on('data', (chunk: Buffer) => {
            real += chunk.length;
            if (real > l.maxUnpackedBytes)
              return stop({
                reason: 'unpacked_too_large',
                size: `> ${formatBytes(l.maxUnpackedBytes)}`,
                max: formatBytes(l.maxUnpackedBytes),
              });
            if (head && !EMBEDDINGS.test(entry.fileName)) {
              head = Buffer.concat([head, chunk.subarray(0, 8)]);
              if (head.length >= 8) {
                if (NESTED_MAGIC.some((m) => head!.subarray(0, m.length).equals(m)))
                  return stop({ reason: 'nested_archive', entry: entry.fileName });
                head = null;
              }
            }
          });
          stream.on('error', (e: Error) =>
            resolve(
              /too many bytes/.test(e.message)
                ? { reason: 'size_lies', entry: entry.fileName }
                : { reason: 'unreadable', detail: e.message },
            ),
          );
          stream.on('end', () => resolve(null));
        });
      });
      if (problem) return problem;
    }
    return null;
  } finally {
    zip.close();
  }
}

/** .xlsx or .docx from the archive's part names (Office Open XML), or undefined for any other zip. */
function officeType(names: readonly string[]): { mime: string; ext: string } | undefined {
  // Part names are compared without case, and a writer may name its main part otherwise (xl/workbook2.xml).
  const lower = names.map((n) => n.toLowerCase());
  if (!lower.includes('[content_types].xml')) return undefined;
  if (lower.some((n) => /^xl\/[^/]*workbook[^/]*\.xml$/.test(n))) return { mime: XLSX, ext: 'xlsx' };
  if (lower.some((n) => /^word\/[^/]*document[^/]*\.xml$/.test(n))) return { mime: DOCX, ext: 'docx' };
  return undefined;
}

const sizeReasons = new Set(['unpacked_too_large', 'compression_ratio', 'size_lies']);

/** Refuses the file (400/413/415, message naming the file and the reason) or says what it is. */
export async function checkUpload(
  file: { name: string; data: Buffer; declaredType?: string },
  rule: UploadRule,
): Promise<CheckedUpload> {
  const { name, data } = file;
  if (!data.length) throw new Refusal('invalid', 'common:upload.empty', { file: name });
  if (data.length > rule.maxBytes)
    throw new Refusal('too_large', 'common:upload.too_large', {
      file: name,
      size: formatBytes(data.length),
      limit: formatBytes(rule.maxBytes),
    });
  const names: string[] = [];
  if (isZipContainer(data)) {
    const problem = await inspectArchive(data, rule.archive, names);
    if (problem) {
      const { reason, ...params } = problem;
      throw new Refusal(sizeReasons.has(reason) ? 'too_large' : 'invalid', `common:upload.${reason}`, {
        file: name,
        ...params,
      });
    }
  }
  const ext = extensionOf(name);
  // An Office file is known by its parts, listed in the directory just read; file-type reads only the
  // first megabyte or so, and in a large workbook the part that names it may lie beyond.
  const found = officeType(names) ?? (await fileTypeFromBuffer(data));
  const refuse = (key: string, params: Record<string, unknown> = {}) =>
    rule.wrongType
      ? rule.wrongType(name)
      : new Refusal('unsupported_type', `common:upload.${key}`, {
          file: name,
          allowed: rule.allowedLabel,
          ext,
          ...params,
        });
  // Office encrypts a file locked with a password to open into an OLE container: named as such, not as an
  // old .doc/.xls, where only the new formats are taken.
  if (found?.mime === 'application/x-cfb' && !rule.types['application/x-cfb'] && isEncryptedOffice(data))
    throw new Refusal('invalid', 'common:upload.encrypted', { file: name });
  let mediaType: string;
  let kept: string;
  if (!found) {
    // Text has no magic number: it is taken only under a text extension and only if it holds no NUL byte.
    const text = rule.textExtensions?.[ext];
    if (!text || data.subarray(0, 64 * 1024).includes(0)) throw refuse('unknown_type');
    mediaType = kept = text;
  } else {
    const detected = found.mime === 'application/x-cfb' ? 'DOC/XLS (CFB)' : found.ext.toUpperCase();
    const allowed = rule.types[found.mime];
    if (!allowed) throw refuse('type_not_allowed', { detected });
    const as = allowed[ext];
    if (!as) throw refuse(ext ? 'disguised' : 'disguised_no_ext', { detected });
    mediaType = found.mime;
    kept = as;
  }
  const declared = (file.declaredType ?? '').split(';')[0]!.trim().toLowerCase();
  if (
    !GENERIC.includes(declared) &&
    declared !== mediaType &&
    declared !== kept &&
    !(DECLARED_ALSO[mediaType] ?? []).includes(declared)
  )
    throw refuse('declared_mismatch', { declared, detected: found ? found.ext.toUpperCase() : ext.toUpperCase() });
  return { mediaType: kept, ext };
}
