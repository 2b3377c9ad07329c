// The facts typed for a recognition decision (number, signing day, signer), checked the same way by the page
// before it asks for confirmation and by the server before it renders the draft: each problem names its field.

export type DecisionField = 'number' | 'signedOn' | 'signerName' | 'signerTitle';

export interface DecisionFacts {
  number: string;
  /** yyyy-mm-dd */
  signedOn: string;
  signerName: string;
  signerTitle?: string;
}

export interface DecisionIssue {
  field: DecisionField;
  value: string;
  /** A translation key (rounds:decisionCheck.*) and its parameters. */
  key: string;
  params: Record<string, unknown>;
}

export const DECISION_NUMBER_MAX = 60;
export const SIGNER_MAX = 200;

// Nghị định 30/2020/NĐ-CP: "Số: 2151/QĐ-UBND" — a running number, '/', the kind and the issuer's initials; the year
// of a normative decision may sit between (12/2026/QĐ-UBND). Letters with or without marks, digits, '.', '-' and '/'.
const NUMBER_SHAPE = /^\d{1,7}(\/\d{4})?\/[\p{L}\d][\p{L}\d.]*(-[\p{L}\d.]+)*$/u;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether yyyy-mm-dd is a day of the calendar (not 2026-02-30). */
export function isRealDay(iso: string): boolean {
  const m = ISO_DAY.exec(iso);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

/** Every problem of the typed facts; none means the decision may be previewed and recorded as typed. */
export function decisionIssues(facts: DecisionFacts, today: string): DecisionIssue[] {
  const issues: DecisionIssue[] = [];
  const add = (field: DecisionField, value: string, key: string, params: Record<string, unknown> = {}) =>
    issues.push({ field, value, key: `rounds:decisionCheck.${key}`, params: { value, ...params } });
  const number = facts.number.trim();
  if (!number) add('number', facts.number, 'numberMissing');
  else if (number.length > DECISION_NUMBER_MAX) add('number', number, 'numberTooLong', { max: DECISION_NUMBER_MAX });
  else if (!NUMBER_SHAPE.test(number)) add('number', number, 'numberShape');
  const day = facts.signedOn.trim();
  if (!day) add('signedOn', facts.signedOn, 'dateMissing');
  else if (!isRealDay(day)) add('signedOn', day, 'dateInvalid');
  else if (day > today) add('signedOn', day, 'dateFuture');
  const name = facts.signerName.trim();
  if (!name) add('signerName', facts.signerName, 'signerMissing');
  else if (name.length > SIGNER_MAX) add('signerName', name, 'signerTooLong', { max: SIGNER_MAX });
  const title = (facts.signerTitle ?? '').trim();
  if (title.length > SIGNER_MAX) add('signerTitle', title, 'signerTooLong', { max: SIGNER_MAX });
  return issues;
}
