// What the criteria-inputs workbook routes do: the template as this user may see it, the preview of a filled
// file and its commit. The routes read the upload and call these.
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { discloseValues } from '../../../../core/privacy/disclosure.ts';
import type { InputValue } from '../../../../core/scoring/validate.ts';
import type { Locale } from '../../../../i18n/index.ts';
import { loadPeriod } from '../../../platform/periods.ts';
import { forbidden, Refusal } from '../../../platform/refusal.ts';
import { loadUnitInScope } from '../../auth/index.ts';
import type { SessionUser } from '../../auth/index.ts';
import { editableInputs } from '../../rounds/index.ts';
import type { InputsCommit } from '../contracts.ts';
import { lensOf, timelineOf } from '../disclosure.ts';
import { plainValues, readAssessment } from '../store.ts';
import { canWrite } from '../use-cases.ts';
import { commitInputsFile, previewInputsFile, type InputsPreview, type InputsTarget } from './preview.ts';
import { writeInputsWorkbook } from './write.ts';

type Db = Kysely<Database>;
type Target = InputsTarget & { parentId: number | null };

/** The commune and period of a route, checked as reading the assessment is (scope, then a commune). */
export async function workbookTarget(db: Db, user: SessionUser, unitId: number, periodId: number): Promise<Target> {
  const unit = await loadUnitInScope(db, user, unitId);
  if (unit.level !== 'commune') throw new Refusal('invalid', 'common:error.not_commune', { id: unitId });
  const period = await loadPeriod(db, periodId);
  return {
    unitId,
    periodId,
    unit: { code: unit.code, name: unit.name },
    periodYear: period.year,
    parentId: unit.parent_id,
  };
}

/** As workbookTarget, for a write: the commune's own officer and chairman only. */
export async function writableWorkbookTarget(
  db: Db,
  user: SessionUser,
  unitId: number,
  periodId: number,
): Promise<Target> {
  const target = await workbookTarget(db, user, unitId, periodId);
  if (!canWrite(user, unitId)) throw forbidden();
  return target;
}

/** The template with the current values as the form shows them to this user: withheld figures read "Ẩn (1–4)". */
export async function inputsTemplate(db: Db, user: SessionUser, unitId: number, periodId: number, locale: Locale) {
  const target = await workbookTarget(db, user, unitId, periodId);
  const a = await readAssessment(db, unitId, periodId);
  const editable = a.id ? await editableInputs(db, a.id) : 'all';
  const values = plainValues(a.values);
  const hidden = (
    await timelineOf(db, lensOf(user, { id: unitId, parent_id: target.parentId }, a.ruleSet.definition), a.id)
  ).now(values);
  const identity = {
    ruleSetCode: a.ruleSet.code,
    ruleSetVersion: a.ruleSet.version,
    unitCode: target.unit.code,
    unitName: target.unit.name,
    periodYear: target.periodYear,
  };
  const data = await writeInputsWorkbook(
    {
      def: a.ruleSet.definition,
      identity,
      values: discloseValues(values as Record<string, InputValue>, hidden),
      editable: canWrite(user, unitId) ? editable : new Set(),
    },
    locale,
  );
  const fileName = `${locale === 'vi' ? 'so-lieu-tieu-chi' : 'criteria-inputs'}-${target.unit.code}-${target.periodYear}.xlsx`;
  return { fileName, data };
}

/** What a filled file would change, with each issue in the reader's language. */
export function previewWorkbook(
  db: Db,
  target: InputsTarget,
  file: { name: string; data: Buffer },
  locale: Locale,
): Promise<InputsPreview> {
  return previewInputsFile(db, target, file.data, file.name, locale);
}

/** Saves the previewed changes of the same file (the preview's token binds them). */
export async function commitWorkbook(
  db: Db,
  user: SessionUser,
  target: InputsTarget,
  file: { name: string; data: Buffer },
  token: string,
  meta: { ip?: string; locale: Locale },
): Promise<InputsCommit> {
  const { saved, assessment } = await commitInputsFile(db, target, file.data, file.name, token, {
    userId: user.id,
    ip: meta.ip,
    locale: meta.locale,
  });
  return { saved: saved.length, changes: saved, values: assessment.values, result: assessment.result };
}
