// The official documents of a round as files: the recognition decision and a commune's self-assessment
// minutes, as editable .docx and as PDF, filled from the round, its dossiers and their scores.
import type { Kysely } from 'kysely';
import type { ScoreResult } from '../../../core/scoring/engine.ts';
import type { InputValues } from '../../../core/scoring/validate.ts';
import { discloseResult } from '../../../core/privacy/disclosure.ts';
import { byVi } from '../../../core/collation.ts';
import { unitInSentence, unitPlace } from '../../../core/unit-names.ts';
import type { Database } from '../../db/schema.ts';
import { todayInVietnam } from '../../platform/clock.ts';
import { forbidden, notFound } from '../../platform/refusal.ts';
import { communeScope, loadUnitInScope, provinceScope } from '../auth/index.ts';
import type { SessionUser } from '../auth/index.ts';
import { plainValues, readAssessment } from '../assessments/index.ts';
import { lensOf, timelineOf } from '../assessments/index.ts';
import { loadRuleSet } from '../rule-sets/index.ts';
import { decidingResult, loadRound } from '../rounds/index.ts';
import { chairSignature } from './common.ts';
import type { DocumentFile } from '../../http/attachment.ts';
import { minutesCriteria, minutesReason } from './explain.ts';
import { recognitionBases } from './legal-bases.ts';
import {
  DOCX_MIME,
  PDF_MIME,
  recognitionDecisionDocx,
  recognitionDecisionPdf,
  selfAssessmentMinutesDocx,
  selfAssessmentMinutesPdf,
  type RecognitionDecision,
  type SelfAssessmentMinutes,
} from './index.ts';

type Format = 'docx' | 'pdf';

const upper = (s: string) => s.toLocaleUpperCase('vi-VN');

const fileOf = (name: string, format: Format, body: Buffer): DocumentFile => ({
  name,
  ext: format,
  mime: format === 'docx' ? DOCX_MIME : PDF_MIME,
  body,
});

/** A round's documents are read in its province, and by the communes of that province. */
async function mayReadRound(db: Kysely<Database>, user: SessionUser, provinceId: number) {
  const provinces = provinceScope(user);
  if (provinces === null || provinces.includes(provinceId)) return;
  const communes = communeScope(user);
  const mine = communes.length
    ? await db.selectFrom('unit').select('id').where('id', 'in', communes).where('parent_id', '=', provinceId).execute()
    : [];
  if (!mine.length) throw forbidden();
}

/** Quyết định công nhận: the communes a decision recognises, with the scores that decided it. */
export async function decisionFile(
  db: Kysely<Database>,
  user: SessionUser,
  decisionId: number,
  format: Format,
): Promise<DocumentFile> {
  const decision = await db
    .selectFrom('recognition_decision')
    .selectAll()
    .where('id', '=', decisionId)
    .executeTakeFirst();
  if (!decision) throw notFound('decision', decisionId);
  const round = await loadRound(db, decision.round_id);
  await mayReadRound(db, user, round.province_id);
  const entries = await db.selectFrom('round_entry').select('id').where('decision_id', '=', decision.id).execute();
  const doc = await decisionDocument(
    db,
    round,
    entries.map((e) => e.id),
    {
      number: decision.number,
      signedOn: decision.signed_on,
      signerTitle: decision.signer_title,
      signerName: decision.signer_name,
    },
    false,
  );
  const body = format === 'docx' ? await recognitionDecisionDocx(doc) : await recognitionDecisionPdf(doc);
  return fileOf(`Quyet-dinh-${decision.number.replace(/\//g, '-')}`, format, body);
}

type RoundRow = Awaited<ReturnType<typeof loadRound>>;
export interface DecisionFacts {
  number: string;
  signedOn: string;
  signerTitle: string;
  signerName: string;
}

/** The decision as a document: the same text whether it is recorded or only a draft to look at before recording. */
export async function decisionDocument(
  db: Kysely<Database>,
  round: RoundRow,
  entryIds: number[],
  facts: DecisionFacts,
  draft: boolean,
): Promise<RecognitionDecision> {
  const province = await db
    .selectFrom('unit')
    .select('name')
    .where('id', '=', round.province_id)
    .executeTakeFirstOrThrow();
  const period = await db
    .selectFrom('period')
    .select('year')
    .where('id', '=', round.period_id)
    .executeTakeFirstOrThrow();
  const ruleSet = await loadRuleSet(db, round.rule_set_id);
  const entries = await db
    .selectFrom('round_entry as e')
    .innerJoin('unit as u', 'u.id', 'e.unit_id')
    .select(['e.id', 'u.name', 'u.code', 'u.category'])
    .where('e.id', 'in', entryIds.length ? entryIds : [-1])
    .execute();
  entries.sort(byVi((e) => e.name));
  const communes = [];
  for (const e of entries) {
    const result = await decidingResult(db, e.id);
    const category = ruleSet.definition.categories.find((c) => c.code === (result?.category ?? e.category));
    communes.push({
      name: e.name,
      code: e.code,
      categoryLabel: category?.label.vi ?? '',
      total: result?.total ?? 0,
      threshold: result?.threshold ?? category?.threshold ?? 0,
    });
  }
  return {
    ...(draft ? { draft: true } : {}),
    header: {
      issuingBody: upper(`Ủy ban nhân dân ${province.name}`),
      number: facts.number,
      place: unitPlace(province.name),
      date: facts.signedOn,
    },
    year: period.year,
    // QĐ 06/QĐ-TTg gives recognition to the Chairman of the People's Committee in his own name (the district's until
    // the 2025 reform, a level each province configures since): issuer and signature are the Chairman's, not 'TM.'.
    authorityLine: upper(`Chủ tịch Ủy ban nhân dân ${province.name}`),
    bases: recognitionBases(facts.signedOn),
    proposal: `Theo đề nghị của ${round.appraising_body.trim()}`,
    communes,
    executors: `Chánh Văn phòng Ủy ban nhân dân ${unitInSentence(province.name)}, Thủ trưởng ${round.appraising_body.trim()}, Chủ tịch Ủy ban nhân dân các xã, phường có tên tại Điều 1`,
    recipients: ['Như Điều 3', 'Bộ Y tế (Cục Bà mẹ và Trẻ em)', 'Chủ tịch, các Phó Chủ tịch UBND tỉnh', 'Lưu: VT'],
    signature: chairSignature(facts.signerTitle, facts.signerName),
  };
}

/** Biên bản tự đánh giá: a commune's council meeting and its self-assessment table, as this reader may see it. */
export async function minutesFile(
  db: Kysely<Database>,
  user: SessionUser,
  roundId: number,
  unitId: number,
  format: Format,
): Promise<DocumentFile> {
  const round = await loadRound(db, roundId);
  const unit = await loadUnitInScope(db, user, unitId);
  if (unit.parent_id !== round.province_id) throw notFound('round_entry', `${round.id}/${unit.id}`);
  const entry = await db
    .selectFrom('round_entry')
    .selectAll()
    .where('round_id', '=', round.id)
    .where('unit_id', '=', unit.id)
    .executeTakeFirst();
  if (!entry) throw notFound('round_entry', `${round.id}/${unit.id}`);
  const province = await db
    .selectFrom('unit')
    .select('name')
    .where('id', '=', round.province_id)
    .executeTakeFirstOrThrow();
  const period = await db
    .selectFrom('period')
    .select('year')
    .where('id', '=', round.period_id)
    .executeTakeFirstOrThrow();
  const assessment = await readAssessment(db, unit.id, round.period_id);
  // The minutes record what the council assessed: the first submission if sent, else the current score.
  const first = await db
    .selectFrom('round_submission')
    .select(['values', 'result', 'submitted_at'])
    .where('entry_id', '=', entry.id)
    .where('number', '=', 1)
    .executeTakeFirst();
  const def = assessment.ruleSet.definition;
  // Anyone who may read the dossier gets its minutes; an item whose figures are withheld from the reader
  // shows its points without the rate or counts behind them, as the dossier and the form do.
  const timeline = await timelineOf(db, lensOf(user, unit, def), assessment.id);
  const hidden = first
    ? timeline.takenAt(first.submitted_at, first.values as InputValues)
    : timeline.now(plainValues(assessment.values));
  const result = discloseResult((first?.result as ScoreResult | undefined) ?? assessment.result, hidden);
  const chair = entry.council.find((m) => /chủ tịch/i.test(m.role)) ?? entry.council[0];
  const doc: SelfAssessmentMinutes = {
    header: {
      issuingBody: upper(`Ủy ban nhân dân ${unit.name}`),
      number: '      /BB-HĐ',
      place: unitPlace(unit.name),
      date: entry.meeting_on ?? todayInVietnam(),
    },
    communeName: unit.name,
    provinceName: province.name,
    year: period.year,
    meeting: { date: entry.meeting_on ?? '', place: entry.meeting_place, summary: entry.meeting_summary },
    council: entry.council,
    ruleSetTitle: def.title.vi,
    criteria: minutesCriteria(def, result),
    total: result.total,
    threshold: result.threshold,
    categoryLabel: def.categories.find((c) => c.code === result.category)?.label.vi ?? result.category,
    recognized: result.recognized,
    reasons: result.reasons.map((x) => minutesReason(def, x)),
    signature: { authority: '', capacity: 'CHỦ TỊCH HỘI ĐỒNG', title: '', name: chair?.name ?? '' },
  };
  const body = format === 'docx' ? await selfAssessmentMinutesDocx(doc) : await selfAssessmentMinutesPdf(doc);
  return fileOf(`Bien-ban-tu-danh-gia-${unit.code}-${period.year}`, format, body);
}
