// The plan as an official document (Nghị định 30): what it prints, and the .docx or PDF file of it.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import { DOCX_MIME, PDF_MIME, planDocx, planPdf, type DocumentFile, type PlanDocument } from '../documents/index.ts';
import type { PlanContext } from './access.ts';
import { readPlan, type PlanView } from './store.ts';

/** The plan as the document prints it: a draft carries today's date and a blank number. */
export function planDocument(p: PlanView): PlanDocument {
  return {
    header: {
      issuingBody: `Ủy ban nhân dân ${p.unitName}`.toLocaleUpperCase('vi-VN'),
      number: p.status === 'issued' ? p.number : '      /KH-UBND',
      place: p.place,
      date: p.issuedOn ?? todayInVietnam(),
    },
    title: p.title,
    basis: p.basis,
    purposes: p.purposes,
    requirements: p.requirements,
    targets: p.targets.map((t) => t.text),
    tasks: p.tasks
      .filter((t) => t.status !== 'cancelled')
      .map((t) => ({ text: t.text, dueOn: t.dueOn, agencies: t.agencies.map((a) => a.name) })),
    budget: p.budget,
    assignments: p.assignments.map((a) => ({ heading: a.heading.trim() || a.agencyName, duties: a.duties })),
    sixMonthDue: p.sixMonthDue,
    annualDue: p.annualDue,
    reportTo: p.reportTo,
    reporting: p.reporting,
    recipients: p.recipients.split('\n'),
    signature: { authority: p.signerAuthority, capacity: p.signerCapacity, title: p.signerTitle, name: p.signerName },
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
  const name = `Ke-hoach-${plan.year}-${plan.status === 'issued' ? plan.number.replace(/\//g, '-') : `du-thao-${plan.id}`}`;
  return { name, ext: format, mime: format === 'docx' ? DOCX_MIME : PDF_MIME, body };
}
