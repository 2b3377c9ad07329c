// The legal texts the documents cite, as data: kind, name, number, date, issuer and subject, so that a citation is
// written one way everywhere and a number or a date is corrected in one place. Each number and date is the one the
// National Assembly or the Government published (dates as the real plans cite them where they do); a text whose number
// is unknown keeps null and is cited without it rather than with a guess.
import { datePhrase } from './common.ts';

export interface LegalText {
  /** 'Luật', 'Quyết định', 'Nghị định' */
  kind: string;
  /** What follows the kind in a law's name: 'Trẻ em', 'Tổ chức chính quyền địa phương'. */
  name?: string;
  /** '06/QĐ-TTg'; null when not verified. */
  number: string | null;
  /** yyyy-mm-dd; null when not verified. */
  issuedOn: string | null;
  /** The year, printed ('năm 2016') when the day is not known. */
  year?: number;
  /** 'Thủ tướng Chính phủ' */
  issuer?: string;
  /** What the text does: 'ban hành Quy định tiêu chuẩn, …'. */
  subject?: string;
  /** yyyy-mm-dd: the last day the text applies (a later text replaced it). */
  until?: string;
}

/** The texts the recognition of child-friendly communes rests on. */
export const LEGAL_TEXTS = {
  /** Luật số 77/2015/QH13; the date as Quyết định 352/QĐ-UBND (08/03/2019) of Bắc Kạn cites it. */
  localGovernmentLaw2015: {
    kind: 'Luật',
    name: 'Tổ chức chính quyền địa phương',
    number: '77/2015/QH13',
    issuedOn: '2015-06-19',
    until: '2025-06-30',
  },
  /** The law of the two-level local government, passed 16/06/2025, in force from 01/07/2025. */
  localGovernmentLaw2025: {
    kind: 'Luật',
    name: 'Tổ chức chính quyền địa phương',
    number: '72/2025/QH15',
    issuedOn: '2025-06-16',
  },
  /** Luật Trẻ em, passed 05/04/2016 (the domain brief's 'Luật Trẻ em 2016'). */
  childrenLaw: { kind: 'Luật', name: 'Trẻ em', number: '102/2016/QH13', issuedOn: '2016-04-05', year: 2016 },
  /** Number, date, issuer and subject as the real plans cite it (Bắc Kạn 2019, Liên Sơn 2024). */
  qd06: {
    kind: 'Quyết định',
    number: '06/QĐ-TTg',
    issuedOn: '2019-01-03',
    issuer: 'Thủ tướng Chính phủ',
    subject: 'ban hành Quy định tiêu chuẩn, trình tự đánh giá và công nhận xã, phường, thị trấn phù hợp với trẻ em',
  },
} as const satisfies Record<string, LegalText>;

/**
 * 'Luật Trẻ em ngày 05 tháng 4 năm 2016', 'Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015',
 * 'Quyết định số 06/QĐ-TTg ngày 03 tháng 01 năm 2019 của Thủ tướng Chính phủ ban hành Quy định …'.
 */
export function citation(text: LegalText): string {
  const parts = [text.name ? `${text.kind} ${text.name}` : text.kind];
  // A law is cited by its name and the day it was passed ('Luật Trẻ em ngày 05 tháng 4 năm 2016'), as bases are
  // written in practice; decrees and decisions by number and date.
  if (text.number && text.kind !== 'Luật') parts.push(`số ${text.number}`);
  if (text.issuedOn) parts.push(datePhrase(text.issuedOn));
  else if (text.year) parts.push(`năm ${text.year}`);
  if (text.issuer) parts.push(`của ${text.issuer}`);
  if (text.subject) parts.push(text.subject);
  return parts.join(' ');
}

/**
 * The legal bases of a recognition decision signed on `signedOn`: the law on local government in force that day,
 * the Law on Children and Quyết định 06/QĐ-TTg.
 */
export function recognitionBases(signedOn: string): LegalText[] {
  const localGovernment =
    signedOn <= LEGAL_TEXTS.localGovernmentLaw2015.until
      ? LEGAL_TEXTS.localGovernmentLaw2015
      : LEGAL_TEXTS.localGovernmentLaw2025;
  return [localGovernment, LEGAL_TEXTS.childrenLaw, LEGAL_TEXTS.qd06];
}
