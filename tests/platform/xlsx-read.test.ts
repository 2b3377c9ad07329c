// The .xlsx reader (src/server/platform/xlsx-read.ts) on packages written the ways the format allows and
// real writers use: entries in any order, absolute or relative or %-escaped relationship targets, other part
// names and letter case, prefixed elements (the Open XML SDK), Strict namespaces, inline and rich text,
// ISO date cells, cells and rows without references, the 1904 date system, UTF-16 parts; and the problems
// it names: not a workbook, a missing part, bad XML, a shared string that does not exist, a damaged zip.
import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { openXlsx, XlsxError, type XlsxBook } from '../../src/server/platform/spreadsheet.ts';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const STRICT_MAIN = 'http://purl.oclc.org/ooxml/spreadsheetml/main';
const STRICT_R = 'http://purl.oclc.org/ooxml/officeDocument/relationships';

async function zip(parts: [string, string | Buffer][]): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, body] of parts) z.addBuffer(Buffer.isBuffer(body) ? body : Buffer.from(body), name);
  z.end();
  const chunks: Buffer[] = [];
  for await (const c of z.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const rels = (items: [id: string, type: string, target: string][], r = R) =>
  `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}">${items
    .map(([id, type, target]) => `<Relationship Id="${id}" Type="${r}/${type}" Target="${target}"/>`)
    .join('')}</Relationships>`;

const types = `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`;

async function read(book: XlsxBook) {
  const out: Record<string, Record<number, unknown[]>> = {};
  for (const sheet of book.sheets) {
    const rows: Record<number, unknown[]> = {};
    for await (const batch of book.rows(sheet)) for (const r of batch) rows[r.number] = r.values;
    out[sheet.name] = rows;
  }
  book.close();
  return out;
}

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

async function problemOf(data: Buffer) {
  try {
    const book = await openXlsx(data);
    await read(book);
  } catch (e) {
    if (e instanceof XlsxError) return e.problem;
    throw e;
  }
  return null;
}

describe('xlsx reader: what other writers do', () => {
  it('sheets before the workbook, absolute targets, styles last: names, dates and strings all found', async () => {
    // openpyxl's order and targets: worksheets first, then styles, workbook and relationships.
    const data = await zip([
      [
        'xl/worksheets/sheet1.xml',
        `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>45000</v></c><c r="C1" s="2"><v>45000</v></c><c r="D1"><v>1.5</v></c></row></sheetData></worksheet>`,
      ],
      [
        'xl/worksheets/sheet2.xml',
        `<worksheet xmlns="${MAIN}"><sheetData><row r="3"><c r="B3" t="inlineStr"><is><t>khác</t></is></c></row></sheetData></worksheet>`,
      ],
      ['xl/sharedStrings.xml', `<sst xmlns="${MAIN}"><si><t>Trẻ em</t></si></sst>`],
      [
        'xl/styles.xml',
        `<styleSheet xmlns="${MAIN}"><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/><numFmt numFmtId="165" formatCode="#,##0 &quot;ngày&quot;"/></numFmts>` +
          `<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>` +
          // A conditional format's own number format, with an id a cell format uses: not the cell's.
          `<dxfs><dxf><numFmt numFmtId="165" formatCode="dd/mm/yyyy"/></dxf></dxfs></styleSheet>`,
      ],
      [
        'xl/workbook.xml',
        `<workbook xmlns="${MAIN}" xmlns:r="${R}"><sheets><sheet name="Trẻ em" sheetId="1" r:id="rId1"/><sheet name="_template" sheetId="2" state="veryHidden" r:id="rId2"/></sheets></workbook>`,
      ],
      [
        'xl/_rels/workbook.xml.rels',
        rels([
          ['rId1', 'worksheet', '/xl/worksheets/sheet1.xml'],
          ['rId2', 'worksheet', '/xl/worksheets/sheet2.xml'],
          ['rId3', 'sharedStrings', '/xl/sharedStrings.xml'],
          ['rId4', 'styles', 'styles.xml'],
        ]),
      ],
      ['_rels/.rels', rels([['rId1', 'officeDocument', 'xl/workbook.xml']])],
      ['[Content_Types].xml', types],
    ]);
    const book = await openXlsx(data);
    expect(book.sheets).toEqual([
      { name: 'Trẻ em', state: 'visible', worksheet: true },
      { name: '_template', state: 'veryHidden', worksheet: true },
    ]);
    expect(await read(book)).toEqual({
      'Trẻ em': { 1: [undefined, 'Trẻ em', utc(2023, 3, 15), 45000, 1.5] },
      _template: { 3: [undefined, undefined, 'khác'] },
    });
  });

  it('prefixed elements, another relationship prefix, other part names and case, %-escaped and ../ targets', async () => {
    // The Open XML SDK writes x: prefixes; part names are compared without case.
    const data = await zip([
      ['[Content_Types].xml', types],
      ['_rels/.rels', rels([['R1', 'officeDocument', '/Book/Main%20Workbook.xml']])],
      [
        'Book/Main Workbook.xml',
        `<x:workbook xmlns:x="${MAIN}" xmlns:rel="${R}"><x:workbookPr date1904="1"/><x:sheets><x:sheet name="Dữ liệu" sheetId="7" rel:id="R7"/></x:sheets></x:workbook>`,
      ],
      [
        'Book/_rels/Main Workbook.xml.rels',
        rels([
          ['R7', 'worksheet', '../Sheets/Data.XML'],
          ['R8', 'styles', 'Styles.xml'],
        ]),
      ],
      [
        'book/styles.xml',
        `<x:styleSheet xmlns:x="${MAIN}"><x:cellXfs><x:xf numFmtId="0"/><x:xf numFmtId="14"/></x:cellXfs></x:styleSheet>`,
      ],
      [
        'sheets/data.xml',
        `<x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row r="2"><x:c r="A2" s="1"><x:v>0</x:v></x:c><x:c r="B2" t="str"><x:f>A2&amp;""</x:f><x:v>a &amp; b</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
      ],
    ]);
    const book = await openXlsx(data);
    expect(book.date1904).toBe(true);
    expect(await read(book)).toEqual({ 'Dữ liệu': { 2: [undefined, utc(1904, 1, 1), 'a & b'] } });
  });

  it('Strict namespaces and relationship types (Excel "Strict Open XML Spreadsheet")', async () => {
    const data = await zip([
      ['[Content_Types].xml', types],
      ['_rels/.rels', rels([['rId1', 'officeDocument', 'xl/workbook.xml']], STRICT_R)],
      [
        'xl/workbook.xml',
        `<workbook xmlns="${STRICT_MAIN}" xmlns:r="${STRICT_R}"><sheets><sheet name="Trang 1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ],
      ['xl/_rels/workbook.xml.rels', rels([['rId1', 'worksheet', 'worksheets/sheet1.xml']], STRICT_R)],
      [
        'xl/worksheets/sheet1.xml',
        `<worksheet xmlns="${STRICT_MAIN}"><sheetData><row r="1"><c r="A1" t="d"><v>2025-07-01T00:00:00</v></c><c r="B1" t="b"><v>1</v></c><c r="C1" t="e"><v>#N/A</v></c></row></sheetData></worksheet>`,
      ],
    ]);
    expect(await read(await openXlsx(data))).toEqual({
      'Trang 1': { 1: [undefined, utc(2025, 7, 1), true, { error: '#N/A' }] },
    });
  });

  it('rich and phonetic text, rows and cells without references, empty text, a UTF-16 part', async () => {
    const sheet =
      `<?xml version="1.0" encoding="UTF-16"?><worksheet xmlns="${MAIN}"><sheetData>` +
      `<row><c t="inlineStr"><is><r><t>Nguyễn </t></r><r><rPr><b/></rPr><t>Văn</t></r><rPh><t>ignored</t></rPh><r><t xml:space="preserve"> An</t></r></is></c><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>` +
      `<row><c r="C2"><v>7</v></c><c><v>8</v></c></row>` +
      `<row r="9"/>` +
      `</sheetData></worksheet>`;
    const data = await zip([
      ['[Content_Types].xml', types],
      ['_rels/.rels', rels([['rId1', 'officeDocument', 'xl/workbook.xml']])],
      [
        'xl/workbook.xml',
        `<workbook xmlns="${MAIN}" xmlns:r="${R}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ],
      [
        'xl/_rels/workbook.xml.rels',
        rels([
          ['rId1', 'worksheet', 'worksheets/sheet1.xml'],
          ['rId2', 'sharedStrings', 'sharedStrings.xml'],
        ]),
      ],
      [
        'xl/sharedStrings.xml',
        `<sst xmlns="${MAIN}"><si><r><t>Thôn </t></r><r><t>1</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si><si><t/></si></sst>`,
      ],
      ['xl/worksheets/sheet1.xml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sheet, 'utf16le')])],
    ]);
    const rows = (await read(await openXlsx(data))).S!;
    expect(rows).toEqual({
      1: [undefined, 'Nguyễn Văn An', 'Thôn 1'],
      2: [undefined, undefined, undefined, 7, 8],
      9: [],
    });
  });

  it('a chart sheet is listed but holds no rows', async () => {
    const data = await zip([
      ['_rels/.rels', rels([['rId1', 'officeDocument', 'xl/workbook.xml']])],
      [
        'xl/workbook.xml',
        `<workbook xmlns="${MAIN}" xmlns:r="${R}"><sheets><sheet name="Biểu đồ" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ],
      ['xl/_rels/workbook.xml.rels', rels([['rId1', 'chartsheet', 'chartsheets/sheet1.xml']])],
      ['xl/chartsheets/sheet1.xml', `<chartsheet xmlns="${MAIN}"/>`],
    ]);
    const book = await openXlsx(data);
    expect(book.sheets).toEqual([{ name: 'Biểu đồ', state: 'visible', worksheet: false }]);
    expect(await read(book)).toEqual({ 'Biểu đồ': {} });
  });
});

describe('xlsx reader: what it names when it cannot read', () => {
  const workbook = (rid = 'rId1') =>
    `<workbook xmlns="${MAIN}" xmlns:r="${R}"><sheets><sheet name="Trẻ em" sheetId="1" r:id="${rid}"/></sheets></workbook>`;

  it('a Word document, an OpenDocument spreadsheet, a plain zip', async () => {
    const docx = await zip([
      ['[Content_Types].xml', types],
      ['_rels/.rels', rels([['rId1', 'officeDocument', 'word/document.xml']])],
      ['word/document.xml', '<w:document xmlns:w="x"/>'],
    ]);
    expect(await problemOf(docx)).toEqual({ reason: 'not_workbook', found: 'docx' });
    const ods = await zip([
      ['mimetype', 'application/vnd.oasis.opendocument.spreadsheet'],
      ['content.xml', '<office:document-content xmlns:office="x"/>'],
    ]);
    expect(await problemOf(ods)).toEqual({ reason: 'not_workbook', found: 'opendocument' });
    expect(await problemOf(await zip([['a.txt', 'a']]))).toEqual({ reason: 'not_workbook', found: 'zip' });
  });

  it('a sheet the workbook lists but the package lacks', async () => {
    const data = await zip([
      ['xl/workbook.xml', workbook()],
      ['xl/_rels/workbook.xml.rels', rels([['rId1', 'worksheet', 'worksheets/sheet1.xml']])],
    ]);
    expect(await problemOf(data)).toEqual({
      reason: 'missing_part',
      part: 'xl/worksheets/sheet1.xml',
      sheet: 'Trẻ em',
    });
  });

  it('XML that is not well formed, with its line and column', async () => {
    const data = await zip([
      ['xl/workbook.xml', workbook()],
      ['xl/_rels/workbook.xml.rels', rels([['rId1', 'worksheet', 'worksheets/sheet1.xml']])],
      ['xl/worksheets/sheet1.xml', `<worksheet xmlns="${MAIN}">\n<sheetData><row><c></row></sheetData></worksheet>`],
    ]);
    expect(await problemOf(data)).toMatchObject({ reason: 'bad_xml', part: 'xl/worksheets/sheet1.xml', line: 2 });
  });

  it('a shared string the file does not have', async () => {
    const data = await zip([
      ['xl/workbook.xml', workbook()],
      ['xl/_rels/workbook.xml.rels', rels([['rId1', 'worksheet', 'worksheets/sheet1.xml']])],
      [
        'xl/worksheets/sheet1.xml',
        `<worksheet xmlns="${MAIN}"><sheetData><row r="4"><c r="B4" t="s"><v>3</v></c></row></sheetData></worksheet>`,
      ],
    ]);
    expect(await problemOf(data)).toEqual({ reason: 'bad_shared_string', sheet: 'Trẻ em', cell: 'B4' });
  });

  it('a damaged zip, and a damaged entry', async () => {
    expect(await problemOf(Buffer.from('PK\x03\x04 not really a zip'))).toEqual({ reason: 'damaged', part: '' });
    const good = await zip([
      ['xl/workbook.xml', workbook()],
      ['xl/_rels/workbook.xml.rels', rels([['rId1', 'worksheet', 'worksheets/sheet1.xml']])],
      [
        'xl/worksheets/sheet1.xml',
        `<worksheet xmlns="${MAIN}"><sheetData>${'<row/>'.repeat(2000)}</sheetData></worksheet>`,
      ],
    ]);
    // The sheet's deflated bytes overwritten: inflating it fails, and the part is named.
    const at = good.indexOf(Buffer.from('xl/worksheets/sheet1.xml')) + 'xl/worksheets/sheet1.xml'.length;
    const damaged = Buffer.from(good);
    damaged.fill(0xff, at, at + 20);
    expect(await problemOf(damaged)).toEqual({ reason: 'damaged', part: 'xl/worksheets/sheet1.xml' });
  });
});
