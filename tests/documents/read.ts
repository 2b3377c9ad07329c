// Reading back what the document renderers wrote: the text of a .docx (fflate, which `docx` itself uses to zip)
// and the text of a pdfkit PDF (zlib + the fonts' ToUnicode maps), enough to assert on.
import { inflateSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';

export function docxPart(buf: Buffer, name = 'word/document.xml'): string {
  const files = unzipSync(new Uint8Array(buf));
  const part = files[name];
  if (!part) throw new Error(`${name} missing from the .docx (has ${Object.keys(files).join(', ')})`);
  return strFromU8(part);
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text of each paragraph of document.xml (runs joined, <w:br/> as '\n'). */
export function docxParagraphs(xml: string): string[] {
  const paras = xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? [];
  return paras.map((p) =>
    [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)]
      .map((m) => (m[0] === '<w:br/>' ? '\n' : unescapeXml(m[1] ?? '')))
      .join(''),
  );
}

/** Twips → millimetres. */
export const twipMm = (twips: number): number => (twips / 1440) * 25.4;

export function attr(xml: string, element: string, name: string): number {
  const el = xml.match(new RegExp(`<${element} [^>]*>`))?.[0];
  const value = el?.match(new RegExp(`${name}="(-?\\d+)"`))?.[1];
  if (value === undefined) throw new Error(`${element} ${name} not found`);
  return Number(value);
}

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const src = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  for (const m of src.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2] ?? '';
    const at = body.indexOf('stream');
    if (at < 0) {
      objects.set(Number(m[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, at);
    let data = body.slice(at + 'stream'.length).replace(/^\r?\n/, '');
    data = data.slice(0, data.lastIndexOf('endstream')).replace(/\r?\n$/, '');
    let stream = Buffer.from(data, 'latin1');
    if (dict.includes('/FlateDecode')) stream = inflateSync(stream);
    objects.set(Number(m[1]), { dict, stream });
  }
  return objects;
}

function utf16(hex: string): string {
  const codes: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) codes.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...codes);
}

function parseCMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const start = parseInt(m[1] ?? '0', 16);
      const end = parseInt(m[2] ?? '0', 16);
      const target = m[3] ?? '';
      if (target.startsWith('[')) {
        [...target.matchAll(/<([0-9a-fA-F]*)>/g)].forEach((d, i) => map.set(start + i, utf16(d[1] ?? '')));
      } else {
        const base = parseInt(target.slice(1, -1), 16);
        for (let c = start; c <= end; c++) map.set(c, String.fromCharCode(base + c - start));
      }
    }
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
      map.set(parseInt(m[1] ?? '0', 16), utf16(m[2] ?? ''));
  }
  return map;
}

export interface PdfInfo {
  /** The text drawn, in drawing order, a '\n' wherever the baseline changes. */
  text: string;
  /** The text of each page. */
  pageTexts: string[];
  pages: number;
  mediaBoxes: string[];
  baseFonts: string[];
  embeddedFontFiles: number;
}

/** Good enough for pdfkit's own output: every font is an embedded subset with a ToUnicode map. */
export function readPdf(pdf: Buffer): PdfInfo {
  const objects = pdfObjects(pdf);
  const ref = (dict: string, key: string): number | undefined => {
    const m = dict.match(new RegExp(`/${key} (\\d+) 0 R`));
    return m ? Number(m[1]) : undefined;
  };
  // Font resource names (/F1 …) → ToUnicode map.
  const fontMaps = new Map<string, Map<number, string>>();
  const baseFonts: string[] = [];
  for (const obj of objects.values()) {
    for (const m of obj.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const font = objects.get(Number(m[2]));
      const toUnicode = font ? ref(font.dict, 'ToUnicode') : undefined;
      const cmap = toUnicode !== undefined ? objects.get(toUnicode)?.stream : undefined;
      if (cmap) fontMaps.set(m[1] ?? '', parseCMap(cmap.toString('latin1')));
    }
    const base = obj.dict.match(/\/Type \/Font[\s\S]*?\/BaseFont \/([^\s/>]+)/)?.[1];
    if (base) baseFonts.push(base);
  }
  const pages = [...objects.values()].filter((o) => /\/Type \/Page\b/.test(o.dict));
  const pageTexts: string[] = [];
  for (const page of pages) {
    let text = '';
    const contents = ref(page.dict, 'Contents');
    const stream = contents !== undefined ? objects.get(contents)?.stream?.toString('latin1') : undefined;
    if (!stream) {
      pageTexts.push('');
      continue;
    }
    let font: Map<number, string> | undefined;
    let lastY: string | undefined;
    for (const m of stream.matchAll(
      /\/(F\d+) [\d.]+ Tf|[\d.-]+ [\d.-]+ [\d.-]+ [\d.-]+ [\d.-]+ ([\d.-]+) Tm|\[([^\]]*)\] TJ|<([0-9a-fA-F]*)> Tj/g,
    )) {
      if (m[1]) font = fontMaps.get(m[1]);
      else if (m[2] !== undefined) {
        if (lastY !== undefined && m[2] !== lastY) text += '\n';
        lastY = m[2];
      } else {
        const hexes =
          m[3] !== undefined ? [...m[3].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1] ?? '') : [m[4] ?? ''];
        for (const hex of hexes)
          for (let i = 0; i + 4 <= hex.length; i += 4) text += font?.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
      }
    }
    pageTexts.push(text);
  }
  return {
    text: pageTexts.join('\n'),
    pageTexts,
    pages: pages.length,
    mediaBoxes: pages.map((p) => p.dict.match(/\/MediaBox \[([^\]]*)\]/)?.[1]?.trim() ?? ''),
    baseFonts,
    embeddedFontFiles: [...objects.values()].filter((o) => /\/FontFile2 \d+ 0 R/.test(o.dict)).length,
  };
}
