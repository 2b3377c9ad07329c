// The plan as an official document (Nghị định 30): what it prints, and the .docx or PDF file of it; the decision
// that issues it as its annex (Quyết định ban hành Kế hoạch), likewise.
import type { Kysely } from 'kysely';
import { stripFootnotes } from '../../../core/plans/footnotes.ts';
import { citeParent } from '../../../core/plans/plan.ts';
import { unitInSentence } from '../../../core/unit-names.ts';
import type { Database } from '../../db/schema.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import type { SessionUser } from '../auth/index.ts';
import {
  DOCX_MIME,
  PDF_MIME,
  defaultPlanBases,
  planDecisionDocx,
  planDecisionPdf,
  planDocx,
  planPdf,
  type DocumentFile,
  type DocumentHeader,
  type PlanDecisionDocument,
  type PlanDocument,
} from '../documents/index.ts';
import { planContext, type PlanContext } from './access.ts';
import { readPlan, unitOfPlan, type PlanView } from './store.ts';

const COMMITTEE = 'Ủy ban nhân dân';
/** 'UBND tỉnh …' or 'Ủy ban nhân dân …': the People's Committee itself, not one of its departments. */
const isCommittee = (name: string) => /^(ủy ban nhân dân|uỷ ban nhân dân|ubnd)(\s|$)/iu.test(name.trim());
const expandCommittee = (name: string) => name.trim().replace(/^(ubnd|uỷ ban nhân dân)(?=\s|$)/iu, COMMITTEE);

/**
 * Who issued the plan: a former district's committee (records from before 01/07/2025), a department named as its
 * issuer ('Sở Y tế', under its committee), or the unit's People's Committee.
 */
function issuerOf(p: PlanView): { committee: string; department: string | null } {
  const unit = p.issuerGroup ? p.issuerGroup.name : p.unitName;
  const committee = `${COMMITTEE} ${unitInSentence(unit)}`;
  const named = p.issuerName.trim();
  if (!named) return { committee, department: null };
  if (isCommittee(named)) return { committee: expandCommittee(named), department: null };
  return { committee, department: named };
}

function headerOf(p: PlanView, number: string, date: string): DocumentHeader {
  const { committee, department } = issuerOf(p);
  const upper = (s: string) => s.toLocaleUpperCase('vi-VN');
  return department
    ? { parentBody: upper(committee), issuingBody: upper(department), number, place: p.place, date }
    : { issuingBody: upper(committee), number, place: p.place, date };
}

/** A basis written as legal bases ('Căn cứ …', 'Theo đề nghị …'): the decision's, not the annexed plan's. */
function basisIsLegal(basis: string): boolean {
  const lines = basis
    .split(/\n+/u)
    .map((l) => stripFootnotes(l).trim())
    .filter(Boolean);
  return lines.length > 0 && lines.every((l) => /^(căn cứ|theo|xét)\s/iu.test(l));
}

/** The plan as the document prints it: a draft carries today's date and a blank number. */
export function planDocument(p: PlanView): PlanDocument {
  return {
    header: headerOf(p, p.status === 'issued' ? p.number : '      /KH-UBND', p.issuedOn ?? todayInVietnam()),
    title: p.title,
    basis: p.basis,
    years: { from: p.year, to: p.yearTo },
    purposes: p.purposes,
    requirements: p.requirements,
    targets: p.targets.map((t) => ({ text: t.text, year: t.year })),
    tasks: p.tasks
      .filter((t) => t.status !== 'cancelled')
      .map((t) => ({
        text: t.text,
        dueOn: t.dueOn,
        agencies: t.agencies.map((a) => a.name),
        recurrence: t.recurrence,
        perOccurrence: t.perOccurrence,
      })),
    budget: p.budget,
    budgetLines: p.budgetLines.map((b) => ({ item: b.item, source: b.source, year: b.year, estimate: b.estimate })),
    assignments: p.assignments.map((a) => ({ heading: a.heading.trim() || a.agencyName, duties: a.duties })),
    sixMonthDue: p.sixMonthDue,
    annualDue: p.annualDue,
    reportTo: p.reportTo,
    reporting: p.reporting,
    recipients: p.recipients.split('\n'),
    signature: { authority: p.signerAuthority, capacity: p.signerCapacity, title: p.signerTitle, name: p.signerName },
  };
}

/**
 * The decision issuing the plan, the plan as its annex. Its bases are the plan's when written as legal bases
 * (they then leave the annex); otherwise the laws the plan rests on and the plan of the level above. Until the
 * plan is issued with a decision number, the decision is a draft with a blank number.
 */
export function planDecisionDocument(p: PlanView, today: string): PlanDecisionDocument {
  const { committee, department } = issuerOf(p);
  const draft = p.status !== 'issued' || !p.decisionNumber.trim();
  const number = p.decisionNumber.trim() || (department ? '      /QĐ' : '      /QĐ-UBND');
  const date = p.decisionOn ?? p.issuedOn ?? today;
  // A department's decision is its director's; a committee's is the committee's own.
  const deciding = department
    ? /^sở\s/iu.test(department)
      ? `Giám đốc ${department}`
      : /^phòng\s/iu.test(department)
        ? `Trưởng ${department.charAt(0).toLocaleLowerCase('vi')}${department.slice(1)}`
        : department
    : committee;
  const legal = basisIsLegal(p.basis);
  const parent = p.parent
    ? citeParent({
        ...p.parent,
        issuerName: p.parent.issuerName || `UBND ${unitInSentence(p.parent.unitName)}`,
      }).replace(/^Thực hiện/u, 'Căn cứ')
    : null;
  const bases = legal
    ? p.basis.split(/\n+/u).filter((l) => l.trim())
    : [...defaultPlanBases(date), ...(parent ? [parent] : [])];
  const agencies = [...new Set(p.assignments.map((a) => a.agencyName.trim()).filter(Boolean))];
  const office = department
    ? ''
    : p.level === 'commune' && !p.issuerGroup
      ? `Chánh Văn phòng Hội đồng nhân dân và ${committee}, `
      : `Chánh Văn phòng ${committee}, `;
  const executors = `${office}Thủ trưởng các cơ quan, đơn vị${agencies.length ? `: ${agencies.join(', ')}` : ''} và các tổ chức, cá nhân có liên quan`;
  const plan = planDocument(p);
  return {
    draft,
    header: headerOf(p, number, date),
    authorityLine: deciding,
    bases,
    executors,
    recipients: p.recipients.split('\n'),
    signature: plan.signature,
    plan: {
      ...plan,
      basis: legal ? '' : plan.basis,
      annex: { decisionNumber: number, decisionOn: draft ? null : date, issuer: deciding },
    },
  };
}

/** The plan's file: an issued plan is named by its number, a draft by its id. */
export async function planFile(
  db: Kysely<Database>,
  ctx: PlanContext,
  planId: number,
  format: 'docx' | 'pdf',
): Promise<DocumentFile> {
  const plan = await readPlan(db, ctx, planId);
  const doc = planDocument(plan);
  const body = format === 'docx' ? await planDocx(doc) : await planPdf(doc);
  const name = `Ke-hoach-${years(plan)}-${plan.status === 'issued' ? plan.number.replace(/\//g, '-') : `du-thao-${plan.id}`}`;
  return { name, ext: format, mime: format === 'docx' ? DOCX_MIME : PDF_MIME, body };
}

const years = (p: PlanView) => (p.yearTo && p.yearTo !== p.year ? `${p.year}-${p.yearTo}` : String(p.year));

/** The decision issuing the plan, with the plan as its annex, for whoever may read the plan. */
export async function planDecisionFile(
  db: Kysely<Database>,
  user: SessionUser | null,
  ip: string,
  planId: number,
  format: 'docx' | 'pdf',
): Promise<DocumentFile> {
  const ctx = await planContext(db, user, await unitOfPlan(db, planId), ip);
  const plan = await readPlan(db, ctx, planId);
  const doc = planDecisionDocument(plan, todayInVietnam());
  const body = format === 'docx' ? await planDecisionDocx(doc) : await planDecisionPdf(doc);
  const name = `Quyet-dinh-ban-hanh-ke-hoach-${years(plan)}-${doc.draft ? `du-thao-${plan.id}` : plan.decisionNumber.trim().replace(/\//g, '-')}`;
  return { name, ext: format, mime: format === 'docx' ? DOCX_MIME : PDF_MIME, body };
}
