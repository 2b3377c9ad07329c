// Reads an .xlsx workbook the way the format defines it, whatever program wrote it (Excel, LibreOffice,
// openpyxl/pandas, Google Sheets, the Open XML SDK): the parts are found through their relationships
// (relative or absolute targets, any part name, any order of the zip's entries, Strict or Transitional
// namespaces, prefixed or not), read with yauzl in the order they depend on each other (workbook, styles,
// shared strings, then each sheet as it is asked for), and each sheet's XML streamed through saxes into
// rows of plain cell values. Nothing is written to disk; at most one sheet's part is being inflated.
//
// exceljs' streaming reader, used before, matched a sheet to its name only when the relationship target
// was written "worksheets/sheetN.xml": openpyxl writes "/xl/worksheets/sheetN.xml", so every sheet came
// out nameless ("Sheet1") and the template's sheets were "missing". It also depended on the order of the
// zip's entries (styles or workbook.xml after the sheets: dates read as numbers, or a crash).
import { TextDecoder } from 'node:util';
import yauzl from 'yauzl';
import { SaxesParser } from 'saxes';

/** A cell as read: text, a number, a boolean, a date (a number formatted as a date), or an error code. */
export type XlsxCell = string | number | boolean | Date | { error: string };

/** A sheet row as read: its 1-based number and its cells, 1-based by column (holes where cells are absent). */
export interface XlsxRow {
  number: number;
  values: (XlsxCell | undefined)[];
}

export interface XlsxSheet {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** Only worksheets hold cells; chart and dialog sheets are listed (their names count) but read as empty. */
  worksheet: boolean;
}

/** Why a workbook cannot be read, named so that a person can act on it. */
export type XlsxProblem =
  /** The zip itself, or one of its entries, cannot be unpacked. */
  | { reason: 'damaged'; part: string }
  /** A zip, but no workbook: a Word or PowerPoint file, an OpenDocument file, a plain zip. */
  | { reason: 'not_workbook'; found: 'docx' | 'pptx' | 'opendocument' | 'zip' }
  /** The workbook points to a part the file does not hold. */
  | { reason: 'missing_part'; part: string; sheet: string }
  /** A part is not well-formed XML. */
  | { reason: 'bad_xml'; part: string; line: number; column: number }
  /** A cell refers to a shared string the file does not have. */
  | { reason: 'bad_shared_string'; sheet: string; cell: string };

export class XlsxError extends Error {
  constructor(readonly problem: XlsxProblem) {
    super(`xlsx: ${JSON.stringify(problem)}`);
  }
}

export interface XlsxBook {
  /** Every sheet the workbook lists, in its order. */
  sheets: XlsxSheet[];
  /** Dates count from 1904 (old Mac Excel) instead of 1900. */
  date1904: boolean;
  /** A sheet's rows in batches as the file holds them (a row element with no cells gives a row without values). */
  rows(sheet: XlsxSheet): AsyncGenerator<XlsxRow[]>;
  close(): void;
}

// ───────────────────────────── the package ─────────────────────────────

const REL = {
  officeDocument: /\/officeDocument$/,
  worksheet: /\/worksheet$/,
  sharedStrings: /\/sharedStrings$/,
  styles: /\/styles$/,
};

interface Rel {
  id: string;
  type: string;
  /** The target part's name, resolved against the source part, without a leading '/', lower case. */
  part: string | null;
}

/** The zip's entries by part name (lower case: part names are compared without case). */
type Entries = Map<string, yauzl.Entry>;

const openZip = (data: Buffer) =>
  new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(
      data,
      { lazyEntries: true, validateEntrySizes: true, decodeStrings: true, strictFileNames: false },
      (err, zip) => (err ? reject(err) : resolve(zip)),
    ),
  );

async function listEntries(zip: yauzl.ZipFile): Promise<Entries> {
  const entries: Entries = new Map();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      if (!e.fileName.endsWith('/')) entries.set(e.fileName.replace(/^\/+/, '').toLowerCase(), e);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return entries;
}

const openStream = (zip: yauzl.ZipFile, entry: yauzl.Entry) =>
  new Promise<NodeJS.ReadableStream & { destroy(): void }>((resolve, reject) =>
    zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream))),
  );

/** A part's text: UTF-8, or UTF-16 when it starts with a byte-order mark (both are allowed). */
class PartDecoder {
  private decoder: TextDecoder | null = null;
  decode(chunk: Buffer): string {
    if (!this.decoder) {
      const le = chunk[0] === 0xff && chunk[1] === 0xfe;
      const be = chunk[0] === 0xfe && chunk[1] === 0xff;
      this.decoder = new TextDecoder(le ? 'utf-16le' : be ? 'utf-16be' : 'utf-8');
    }
    return this.decoder.decode(chunk, { stream: true });
  }
  end(): string {
    return this.decoder?.decode() ?? '';
  }
}

/** The local name of an element or attribute: "x:row" → "row" (the Open XML SDK writes prefixes). */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** The relationship id of an element (r:id, whatever the prefix is called). */
function relId(attributes: Record<string, string>): string | undefined {
  for (const key in attributes) if (key.endsWith(':id')) return attributes[key];
  return undefined;
}

/** A relationship's target as a part name: relative to the source part's folder, or absolute; %-escapes decoded. */
function resolveTarget(source: string, target: string): string | null {
  try {
    const base = `http://package/${source.slice(0, source.lastIndexOf('/') + 1)}`;
    return decodeURIComponent(new URL(target, base).pathname).replace(/^\/+/, '').toLowerCase();
  } catch {
    return null;
  }
}

/** "xl/workbook.xml" → "xl/_rels/workbook.xml.rels". */
const relsOf = (part: string) => {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
};

type XmlHandlers = {
  open?: (name: string, attributes: Record<string, string>) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
};

function xmlParser(part: string, handlers: XmlHandlers): SaxesParser {
  const parser = new SaxesParser();
  const { open, close, text } = handlers;
  if (open) parser.on('opentag', (tag) => open(local(tag.name), tag.attributes as Record<string, string>));
  if (close) parser.on('closetag', (tag) => close(local(tag.name)));
  if (text) {
    parser.on('text', text);
    parser.on('cdata', text);
  }
  parser.on('error', () => {
    throw new XlsxError({ reason: 'bad_xml', part, line: parser.line, column: parser.column });
  });
  return parser;
}

class Package {
  constructor(
    readonly zip: yauzl.ZipFile,
    readonly entries: Entries,
  ) {}

  has(part: string) {
    return this.entries.has(part);
  }

  /** Streams a part's text through an XML parser, one chunk at a time; `after` runs after each chunk. */
  async *stream(part: string, handlers: XmlHandlers): AsyncGenerator<void> {
    const entry = this.entries.get(part)!;
    let stream: (NodeJS.ReadableStream & { destroy(): void }) | null = null;
    try {
      stream = await openStream(this.zip, entry);
      const parser = xmlParser(entry.fileName, handlers);
      const decoder = new PartDecoder();
      for await (const chunk of stream) {
        parser.write(decoder.decode(chunk as Buffer));
        yield;
      }
      parser.write(decoder.end());
      parser.close();
    } catch (e) {
      if (e instanceof XlsxError) throw e;
      throw new XlsxError({ reason: 'damaged', part: entry.fileName });
    } finally {
      stream?.destroy();
    }
  }

  /** A whole small part through the parser (relationships, workbook, styles, shared strings). */
  async read(part: string, handlers: XmlHandlers): Promise<void> {
    for await (const _ of this.stream(part, handlers)) void _;
  }

  async rels(source: string): Promise<Rel[]> {
    const relsPart = relsOf(source);
    const rels: Rel[] = [];
    if (!this.has(relsPart)) return rels;
    await this.read(relsPart, {
      open: (name, a) => {
        if (name !== 'Relationship' || a.TargetMode === 'External') return;
        const target = a.Target;
        rels.push({
          id: a.Id ?? '',
          type: a.Type ?? '',
          part: target === undefined ? null : resolveTarget(source, target),
        });
      },
    });
    return rels;
  }
}

// ───────────────────────────── workbook, styles, strings ─────────────────────────────

/** Built-in number formats that show a date or a time (ECMA-376 18.8.30; 27–36 and 50–58 in East Asian locales). */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);

/** A number format code shows a date when its first section has d, m, y, h or s outside quotes, escapes and brackets. */
export function isDateFormat(code: string): boolean {
  const first = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/general/gi, '')
    .split(';')[0]!;
  return /[dmyhs]/i.test(first);
}

/** Which cell styles (cellXfs, by index) format numbers as dates. */
async function readDateStyles(pkg: Package, part: string | null): Promise<boolean[]> {
  if (!part || !pkg.has(part)) return [];
  const custom = new Map<number, string>();
  const formats: number[] = [];
  // Only the cell formats and their number formats: conditional formats (dxfs) have number formats of their own.
  let within: 'numFmts' | 'cellXfs' | null = null;
  await pkg.read(part, {
    open: (name, a) => {
      if (name === 'numFmts' || name === 'cellXfs') within = name;
      else if (name === 'numFmt' && within === 'numFmts') custom.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'xf' && within === 'cellXfs') formats.push(Number(a.numFmtId ?? 0));
    },
    close: (name) => {
      if (name === within) within = null;
    },
  });
  return formats.map((id) => {
    const code = custom.get(id);
    return code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id);
  });
}

/** The shared strings: each item's text runs joined, without phonetic guides (rPh). */
async function readSharedStrings(pkg: Package, part: string | null): Promise<string[] | null> {
  if (!part || !pkg.has(part)) return null;
  const strings: string[] = [];
  let text = '';
  let inText = false;
  let phonetic = 0;
  await pkg.read(part, {
    open: (name) => {
      if (name === 'si') text = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && !phonetic) inText = true;
    },
    close: (name) => {
      if (name === 'si') strings.push(text.normalize('NFC'));
      else if (name === 'rPh') phonetic--;
      else if (name === 't') inText = false;
    },
    text: (t) => {
      if (inText) text += t;
    },
  });
  return strings;
}

/** "AB12" → 28; undefined when the reference is absent or not a cell reference. */
function columnOf(ref: string | undefined): number | undefined {
  if (!ref) return undefined;
  const letters = /^\$?([A-Za-z]{1,3})\$?\d*$/.exec(ref)?.[1];
  if (!letters) return undefined;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/** 28 → "AB". */
function columnName(n: number): string {
  let name = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) name = String.fromCharCode(65 + ((k - 1) % 26)) + name;
  return name;
}

const MS_PER_DAY = 86_400_000;
/** A date serial as exceljs gave it: the day Excel shows, at UTC midnight (plus the time of day). */
const dateOfSerial = (serial: number, date1904: boolean) =>
  new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * MS_PER_DAY));

/** An ISO 8601 cell (t="d"): its wall-clock parts as UTC, as a date cell's day is read. */
function dateOfIso(text: string): Date | { error: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?/.exec(text.trim());
  if (!m) return { error: text };
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}

const ROWS_PER_BATCH = 500;

/**
 * Opens a workbook from its bytes. Throws XlsxError when the package cannot be a workbook; a sheet's
 * damage shows only when its rows are read (rows() throws XlsxError then).
 */
export async function openXlsx(data: Buffer): Promise<XlsxBook> {
  let zip: yauzl.ZipFile;
  let entries: Entries;
  try {
    zip = await openZip(data);
    entries = await listEntries(zip);
  } catch {
    throw new XlsxError({ reason: 'damaged', part: '' });
  }
  try {
    return await openPackage(new Package(zip, entries));
  } catch (e) {
    zip.close();
    throw e;
  }
}

async function openPackage(pkg: Package): Promise<XlsxBook> {
  const office = (await pkg.rels('')).find((r) => REL.officeDocument.test(r.type))?.part;
  const notWorkbook = () =>
    new XlsxError({
      reason: 'not_workbook',
      found: pkg.has('word/document.xml')
        ? 'docx'
        : pkg.has('ppt/presentation.xml')
          ? 'pptx'
          : pkg.has('content.xml') && pkg.has('mimetype')
            ? 'opendocument'
            : 'zip',
    });
  // Without root relationships, the workbook is looked for where every writer puts it.
  const workbookPart = office && pkg.has(office) ? office : pkg.has('xl/workbook.xml') ? 'xl/workbook.xml' : null;
  if (!workbookPart) throw notWorkbook();

  const listed: { name: string; state: XlsxSheet['state']; rid: string }[] = [];
  let date1904 = false;
  let isWorkbook = false;
  await pkg.read(workbookPart, {
    open: (name, a) => {
      if (name === 'workbook') isWorkbook = true;
      else if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      else if (name === 'sheet') {
        const state = a.state;
        listed.push({
          name: (a.name ?? '').normalize('NFC'),
          state: state === 'hidden' || state === 'veryHidden' ? state : 'visible',
          rid: relId(a) ?? '',
        });
      }
    },
  });
  if (!isWorkbook) throw notWorkbook();

  const rels = await pkg.rels(workbookPart);
  const byId = new Map(rels.map((r) => [r.id, r]));
  const dateStyles = await readDateStyles(pkg, rels.find((r) => REL.styles.test(r.type))?.part ?? null);
  const sharedStrings = await readSharedStrings(pkg, rels.find((r) => REL.sharedStrings.test(r.type))?.part ?? null);

  const parts = new Map<XlsxSheet, string | null>();
  const sheets: XlsxSheet[] = listed.map(({ name, state, rid }) => {
    const rel = byId.get(rid);
    const worksheet = Boolean(rel && REL.worksheet.test(rel.type));
    const sheet: XlsxSheet = { name, state, worksheet };
    parts.set(sheet, worksheet ? rel!.part : null);
    if (worksheet && (!rel!.part || !pkg.has(rel!.part)))
      throw new XlsxError({ reason: 'missing_part', part: rel!.part ?? '', sheet: name });
    return sheet;
  });

  return {
    sheets,
    date1904,
    close: () => pkg.zip.close(),
    async *rows(sheet) {
      const part = parts.get(sheet);
      if (!part) return;
      yield* sheetRows(pkg, part, sheet.name, { sharedStrings, dateStyles, date1904 });
    },
  };
}

// ───────────────────────────── sheets ─────────────────────────────

interface SheetContext {
  sharedStrings: string[] | null;
  dateStyles: boolean[];
  date1904: boolean;
}

/**
 * One worksheet's rows. Row and cell references may be left out (the format allows it): a row then
 * follows the one before, a cell the cell before. A formula's cell gives its last computed value.
 */
async function* sheetRows(pkg: Package, part: string, sheet: string, ctx: SheetContext): AsyncGenerator<XlsxRow[]> {
  let batch: XlsxRow[] = [];
  let row: XlsxRow | null = null;
  let lastRow = 0;
  let column = 0;
  // The cell being read.
  let ref = '';
  let type = '';
  let style = 0;
  let value: string | null = null;
  let capture: 'v' | 'is' | null = null;
  let inIs = false;
  let phonetic = 0;
  let depth = 0; // inside sheetData

  const cellValue = (): XlsxCell | undefined => {
    if (value === null || (value === '' && type !== 'str' && type !== 'inlineStr')) return undefined;
    switch (type) {
      case 's': {
        const index = Number(value);
        const text = ctx.sharedStrings?.[index];
        if (text === undefined) throw new XlsxError({ reason: 'bad_shared_string', sheet, cell: ref });
        return text;
      }
      case 'inlineStr':
      case 'str':
        return value.normalize('NFC');
      case 'b':
        return value.trim() === '1' || value.trim().toLowerCase() === 'true';
      case 'e':
        return { error: value };
      case 'd':
        return dateOfIso(value);
      default: {
        if (value.trim() === '') return undefined;
        const n = Number(value);
        if (!Number.isFinite(n)) return { error: value };
        return ctx.dateStyles[style] ? dateOfSerial(n, ctx.date1904) : n;
      }
    }
  };

  const handlers: XmlHandlers = {
    open(name, a) {
      if (name === 'sheetData') depth = 1;
      if (!depth) return;
      switch (name) {
        case 'row': {
          const r = Number(a.r);
          lastRow = Number.isInteger(r) && r > 0 ? r : lastRow + 1;
          row = { number: lastRow, values: [] };
          column = 0;
          break;
        }
        case 'c': {
          column = columnOf(a.r) ?? column + 1;
          ref = a.r ?? `${columnName(column)}${lastRow}`;
          type = a.t ?? 'n';
          style = Number(a.s ?? 0) || 0;
          value = null;
          inIs = false;
          break;
        }
        case 'v':
          if (!inIs) {
            capture = 'v';
            value = '';
          }
          break;
        case 'is':
          inIs = true;
          value = '';
          break;
        case 'rPh':
          phonetic++;
          break;
        case 't':
          if (inIs && !phonetic) capture = 'is';
          break;
      }
    },
    close(name) {
      if (!depth) return;
      switch (name) {
        case 'sheetData':
          depth = 0;
          break;
        case 'v':
        case 't':
          capture = null;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'is':
          inIs = false;
          break;
        case 'c': {
          const v = cellValue();
          // An empty text is an empty cell (Excel writes none; exceljs and others write "").
          if (row && v !== undefined && v !== '') row.values[column] = v;
          break;
        }
        case 'row':
          if (row) batch.push(row);
          row = null;
          break;
      }
    },
    text(t) {
      if (capture) value += t;
    },
  };

  for await (const _ of pkg.stream(part, handlers)) {
    void _;
    if (batch.length >= ROWS_PER_BATCH) {
      const out = batch;
      batch = [];
      yield out;
    }
  }
  if (batch.length) yield batch;
}
