// The 2024 plan of xã An Sơn (resources/reference-plans), read into its parts: the tests rebuild it in the
// product (through the API and through the browser) and compare the exported .docx with it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const AN_SON_FILE = path.join(root, 'resources/reference-plans/2024-xa-an-son-ke-hoach-cong-tac-tre-em.txt');

export interface ReferencePlan {
  title: string;
  basis: string;
  purposes: string[];
  requirements: string[];
  targets: string[];
  tasks: string[];
  budget: string[];
  assignments: Array<{ heading: string; duties: string[] }>;
  reporting: string;
  recipients: string[];
  signature: { capacity: string; title: string; name: string };
}

/** Footnote marks and the markdown emphasis of the text file are not part of the wording. */
const clean = (s: string) =>
  s
    .replace(/[¹²³⁴⁵⁶⁷⁸⁹⁰]/gu, '')
    .replace(/\*/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
const isFootnote = (l: string) => /^[¹²³⁴⁵⁶⁷⁸⁹]/u.test(l);

export function readAnSon(): ReferencePlan {
  const all = readFileSync(AN_SON_FILE, 'utf8')
    .split(/\r?\n/u)
    .map((l) => l.trim());
  const lines = all.filter((l) => l && !isFootnote(l));
  const at = (re: RegExp) => {
    const i = lines.findIndex((l) => re.test(l));
    if (i < 0) throw new Error(`${re} not found in the reference plan`);
    return i;
  };
  const between = (from: RegExp, to: RegExp) => lines.slice(at(from) + 1, at(to));
  /** Numbered items 'n. text' of a section, with the lines that follow each (paragraphs, duties). */
  const numbered = (body: string[]) => {
    const items: Array<{ head: string; rest: string[] }> = [];
    for (const l of body) {
      const m = /^(\d+)\.\s*(.*)$/u.exec(l);
      if (m && Number(m[1]) === items.length + 1) items.push({ head: clean(m[2] ?? ''), rest: [] });
      else items[items.length - 1]?.rest.push(clean(l));
    }
    return items;
  };
  const dashed = (body: string[]) => body.filter((l) => l.startsWith('-')).map((l) => clean(l));
  const typeAt = at(/^KẾ HOẠCH$/u);
  const nameAt = lines.length - 1;
  return {
    title: clean(`${lines[typeAt + 1]} ${lines[typeAt + 2]}`),
    basis: clean(lines[at(/^Thực hiện Kế hoạch số/u)]!),
    purposes: dashed(between(/^1\. Mục đích$/u, /^2\. Yêu cầu$/u)),
    requirements: dashed(between(/^2\. Yêu cầu$/u, /^II\. /u)),
    targets: numbered(between(/^II\. /u, /^III\. /u)).map((i) => i.head),
    tasks: numbered(between(/^III\. /u, /^IV\. /u)).map((i) => i.head),
    budget: dashed(between(/^IV\. /u, /^V\. /u)),
    assignments: numbered(between(/^V\. /u, /^VI\. /u)).map((i) => ({ heading: i.head, duties: i.rest })),
    reporting: clean(between(/^VI\. /u, /^Trên đây là/u).join(' ')),
    recipients: dashed(between(/^Nơi nhận:$/u, /CHỦ TỊCH$/u)),
    signature: { capacity: 'KT. CHỦ TỊCH', title: 'PHÓ CHỦ TỊCH', name: lines[nameAt]! },
  };
}
