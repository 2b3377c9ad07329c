// The recognition decision as it will read, rendered from what the signer typed before recording it: the same
// document as the recorded one, marked "DỰ THẢO", and nothing written. The same checks as recording, so what
// the signer looks at is what they can record.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { forbidden, phrase, Refusal, type IssueCode } from '../../platform/refusal.ts';
import type { SessionUser } from '../auth/index.ts';
import type { DocumentFile } from '../../http/attachment.ts';
import { decidingResult, decisionFactIssues, loadRound } from '../rounds/index.ts';
import type { DecisionPreviewQuery } from './contracts.ts';
import { decisionDocument } from './round-documents.ts';
import { DOCX_MIME, PDF_MIME, recognitionDecisionDocx, recognitionDecisionPdf } from './index.ts';

const ENTRY_LIST = /^\d{1,10}(,\d{1,10}){0,499}$/;

const invalid = (issues: IssueCode[]) =>
  new Refusal('invalid', issues[0]!.message.key, issues[0]!.message.params, issues);

/** The draft decision (.pdf or .docx) for the typed facts and the selected dossiers; refused field by field. */
export async function decisionPreviewFile(
  db: Kysely<Database>,
  user: SessionUser,
  roundId: number,
  query: DecisionPreviewQuery,
  format: 'pdf' | 'docx',
): Promise<DocumentFile> {
  const round = await loadRound(db, roundId);
  // As for recording: the signer of this round's province only.
  if (!user.roles.some((x) => x.role === 'signer' && x.unitId === round.province_id)) throw forbidden();

  const issues: IssueCode[] = decisionFactIssues(query);
  const list = query.entryIds.trim();
  if (!list)
    issues.push({ field: 'entryIds', value: query.entryIds, message: phrase('rounds:decisionCheck.noCommunes') });
  else if (!ENTRY_LIST.test(list))
    issues.push({
      field: 'entryIds',
      value: query.entryIds,
      message: phrase('rounds:decisionCheck.badEntries', { value: query.entryIds }),
    });
  if (issues.length) throw invalid(issues);
  const number = query.number.trim();
  const taken = await db
    .selectFrom('recognition_decision')
    .select('id')
    .where('round_id', '=', round.id)
    .where('number', '=', number)
    .executeTakeFirst();
  if (taken)
    throw new Refusal('conflict', 'rounds:decisionCheck.numberTaken', { value: number }, [
      { field: 'number', value: number, message: phrase('rounds:decisionCheck.numberTaken', { value: number }) },
    ]);

  const ids = [...new Set(list.split(',').map(Number))];
  const entries = await db
    .selectFrom('round_entry as e')
    .innerJoin('unit as u', 'u.id', 'e.unit_id')
    .select(['e.id', 'e.state', 'u.name'])
    .where('e.round_id', '=', round.id)
    .where('e.id', 'in', ids)
    .execute();
  if (entries.length !== ids.length) throw new Refusal('invalid', 'rounds:error.entries_unknown', {});
  // What recording would refuse, refused here too: only appraised dossiers whose deciding score passes.
  for (const e of entries) {
    if (e.state !== 'appraised')
      throw new Refusal('conflict', 'rounds:decisionCheck.notAppraised', {
        name: e.name,
        state: phrase(`rounds:state.${e.state}`),
      });
    const result = await decidingResult(db, e.id);
    if (!result || !result.recognized)
      throw new Refusal('conflict', 'rounds:error.fails_rule', {
        name: e.name,
        total: result?.total ?? 0,
        threshold: result?.threshold ?? 0,
      });
  }

  const doc = await decisionDocument(
    db,
    round,
    ids,
    {
      number,
      signedOn: query.signedOn.trim(),
      signerName: query.signerName.trim(),
      signerTitle: query.signerTitle?.trim() || round.signer_title,
    },
    true,
  );
  const body = format === 'docx' ? await recognitionDecisionDocx(doc) : await recognitionDecisionPdf(doc);
  return {
    name: `Du-thao-quyet-dinh-${number.replace(/\//g, '-')}`,
    ext: format,
    mime: format === 'docx' ? DOCX_MIME : PDF_MIME,
    body,
  };
}
