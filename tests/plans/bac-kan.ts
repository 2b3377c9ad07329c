// The 2019 plan of tỉnh Bắc Kạn (tests/fixtures/plans, the annex of Quyết định 352/QĐ-UBND), read into its parts
// and turned into the product's plan input: a province plan over 2019–2025 with its two measured targets. Bắc Kạn
// is part of tỉnh Thái Nguyên since 01/07/2025, so the demo's Thái Nguyên official loads it as the province's history.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BAC_KAN_FILE = path.join(root, 'tests/fixtures/plans/2019-tinh-bac-kan-qd-352-ke-hoach.txt');

export interface BacKanReference {
  decision: {
    /** '352/QĐ-UBND' */
    number: string;
    /** yyyy-mm-dd */
    signedOn: string;
    /** 'VỀ VIỆC BAN HÀNH KẾ HOẠCH …' */
    subject: string;
    /** The 'Căn cứ …' lines. */
    bases: string[];
    /** 'Theo đề nghị của Giám đốc Sở … tại Tờ trình số …' */
    proposal: string;
    /** 'Điều 1. …', 'Điều 2. …' */
    articles: string[];
  };
  /** '(Kèm theo Quyết định số: 352/QĐ-UBND ngày 08/3/2019 của Ủy ban nhân dân tỉnh Bắc Kạn)' */
  annexLine: string;
  /** The plan's name as Điều 1 writes it (the annex heading drops a word: 'trên địa tỉnh'). */
  title: string;
  purposes: string[];
  requirements: string[];
  targets: string[];
  tasks: Array<{ head: string; rest: string[] }>;
  budget: string;
  assignments: Array<{ agency: string; heading: string; duties: string }>;
  reporting: string[];
}

/** The bodies section IV assigns, in its order (1.1 … 1.13), with the kind the product files them under. */
export const BAC_KAN_AGENCIES = [
  { name: 'Sở Lao động - Thương binh và Xã hội', kind: 'department' },
  { name: 'Sở Giáo dục và Đào tạo', kind: 'department' },
  { name: 'Sở Y tế', kind: 'department' },
  { name: 'Sở Văn hóa - Thể thao và Du lịch', kind: 'department' },
  { name: 'Công an tỉnh', kind: 'police' },
  { name: 'Sở Tư pháp', kind: 'department' },
  { name: 'Sở Tài chính', kind: 'department' },
  { name: 'Sở Kế hoạch và Đầu tư', kind: 'department' },
  { name: 'Sở Thông tin và Truyền thông', kind: 'department' },
  { name: 'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bắc Kạn', kind: 'fatherland_front' },
  { name: 'Tỉnh đoàn', kind: 'youth_union' },
  { name: 'Hội Liên hiệp Phụ nữ tỉnh', kind: 'women_union' },
  { name: 'Ủy ban nhân dân các huyện, thành phố', kind: 'other' },
] as const;

const clean = (s: string) => s.replace(/\s+/gu, ' ').trim();

export function readBacKan(): BacKanReference {
  const lines = readFileSync(BAC_KAN_FILE, 'utf8').normalize('NFC').split(/\r?\n/u).map(clean).filter(Boolean);
  const at = (re: RegExp, from = 0) => {
    const i = lines.findIndex((l, n) => n >= from && re.test(l));
    if (i < 0) throw new Error(`${re} not found in the Bắc Kạn plan`);
    return i;
  };
  const between = (from: RegExp, to: RegExp) => {
    const start = at(from) + 1;
    return lines.slice(start, at(to, start));
  };
  const dashed = (body: string[]) => body.filter((l) => l.startsWith('-'));

  const number = /^Số:\s*(\S+)$/u.exec(lines[at(/^Số:/u)]!)![1]!;
  const [, d, m, y] = /ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})/u.exec(lines[at(/^Bắc Kạn, ngày/u)]!)!;
  const signedOn = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  const articles = lines.filter((l) => /^Điều \d+\./u.test(l));
  // 'Điều 1. Ban hành kèm theo Quyết định này Kế hoạch xây dựng … tỉnh Bắc Kạn.' names the plan in full.
  const title = /Kế hoạch (.+)\.$/u.exec(articles[0]!)![1]!;

  const tasks: BacKanReference['tasks'] = [];
  for (const l of between(/^II\. NHIỆM VỤ/u, /^III\. KINH PHÍ/u)) {
    const head = /^(\d+)\.\s*(.*)$/u.exec(l);
    if (head && Number(head[1]) === tasks.length + 1) tasks.push({ head: head[2]!, rest: [] });
    else tasks[tasks.length - 1]!.rest.push(l);
  }

  const items: Array<{ text: string; rest: string[] }> = [];
  for (const l of between(/^1\. Phân công nhiệm vụ$/u, /^2\. Chế độ thông tin báo cáo$/u)) {
    const item = /^1\.(\d+)\.\s*(.*)$/u.exec(l);
    if (item && Number(item[1]) === items.length + 1) items.push({ text: item[2]!, rest: [] });
    else items[items.length - 1]!.rest.push(l);
  }
  if (items.length !== BAC_KAN_AGENCIES.length) throw new Error(`${items.length} assignments in the Bắc Kạn plan`);
  const assignments = items.map((item, i) => {
    const agency = BAC_KAN_AGENCIES[i]!.name;
    if (!item.text.includes(agency)) throw new Error(`assignment 1.${i + 1} does not name ${agency}`);
    // '1.1. Sở …: Chủ trì …' heads its duties with the body's name; '1.6. Sở Tư pháp phối hợp …' is one sentence.
    const colon = item.text.indexOf(': ');
    const headed = colon > 0 && item.text.slice(0, colon).endsWith(agency);
    const rest = item.rest.join('\n');
    if (!item.rest.length) {
      return headed
        ? { agency, heading: item.text.slice(0, colon), duties: item.text.slice(colon + 2) }
        : { agency, heading: '', duties: item.text };
    }
    return { agency, heading: item.text, duties: rest };
  });

  return {
    decision: {
      number,
      signedOn,
      subject: lines[at(/^QUYẾT ĐỊNH$/u) + 1]!,
      bases: lines.filter((l) => l.startsWith('Căn cứ')),
      proposal: lines[at(/^Theo đề nghị/u)]!,
      articles,
    },
    annexLine: lines[at(/^\(Kèm theo Quyết định/u)]!,
    title,
    purposes: between(/^1\. Mục tiêu tổng quát$/u, /^2\. Mục tiêu cụ thể$/u),
    requirements: dashed(between(/^3\. Nguyên tắc thực hiện$/u, /^II\. /u)),
    targets: dashed(between(/^2\. Mục tiêu cụ thể$/u, /^3\. Nguyên tắc thực hiện$/u)),
    tasks,
    budget: between(/^III\. KINH PHÍ$/u, /^IV\. /u).join('\n'),
    assignments,
    reporting: between(/^2\. Chế độ thông tin báo cáo$/u, /^Trên đây là/u),
  };
}

/** The codes of the province indicators the two targets are measured by (src/core/plans/indicators.ts). */
export interface BacKanIndicators {
  /** Share of the province's communes recognised child-friendly. */
  recognised: string;
  /** Share of the province's communes with an issued plan. */
  withPlan: string;
}

/**
 * The plan as the Thái Nguyên official enters it: 2019–2025, issued by the People's Committee of the former
 * province, "trên 70%" as `above` 70 and "100%" as `at_least` 100. The reference gives its tasks no agency and no
 * deadline (section IV assigns by body): each task gets the body section IV charges with it and the plan's end.
 */
export function bacKanInput(ref: BacKanReference, agencyId: (name: string) => number, indicators: BacKanIndicators) {
  const lead = agencyId('Sở Lao động - Thương binh và Xã hội');
  const taskAgencies = [
    [agencyId('Ủy ban nhân dân các huyện, thành phố'), lead],
    [lead, agencyId('Sở Thông tin và Truyền thông')],
    [lead],
    [lead, agencyId('Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bắc Kạn')],
    [lead],
  ];
  return {
    year: 2019,
    yearTo: 2025,
    title: ref.title.charAt(0).toLocaleUpperCase('vi') + ref.title.slice(1),
    issuerName: 'Ủy ban nhân dân tỉnh Bắc Kạn',
    place: 'Bắc Kạn',
    // The decision's bases and the proposal it was made on: its "Căn cứ …" lines print from the plan's basis.
    basis: [...ref.decision.bases, ref.decision.proposal].join('\n'),
    purposes: ref.purposes.join('\n'),
    requirements: ref.requirements.join('\n'),
    budget: ref.budget,
    reporting: ref.reporting.join('\n'),
    // Districts report before 30/11 of the assessment year (section IV.2.2).
    annualDue: '11-30',
    reportTo: 'Ủy ban nhân dân tỉnh (qua Sở Lao động - Thương binh và Xã hội)',
    recipients: 'Như Điều 2;\nBộ Lao động - Thương binh và Xã hội (B/c);\nTT Tỉnh ủy, TT HĐND tỉnh (B/c);\nLưu: VT.',
    signerAuthority: 'TM. ỦY BAN NHÂN DÂN',
    signerCapacity: 'CHỦ TỊCH',
    signerTitle: '',
    // The copy ends before the signature: a stand-in name.
    signerName: 'Nguyễn Văn An',
    targets: [
      { text: ref.targets[0]!.replace(/^-\s*/u, ''), indicator: indicators.recognised, goal: 70, comparison: 'above' },
      {
        text: ref.targets[1]!.replace(/^-\s*/u, ''),
        indicator: indicators.withPlan,
        goal: 100,
        comparison: 'at_least',
      },
    ],
    tasks: ref.tasks.map((t, i) => ({
      text: [t.head, ...t.rest].join('\n'),
      dueOn: '2025-12-31',
      agencyIds: taskAgencies[i] ?? [lead],
    })),
    assignments: ref.assignments.map((a) => ({ agencyId: agencyId(a.agency), heading: a.heading, duties: a.duties })),
  };
}
