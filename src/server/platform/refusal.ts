// What the data layer answers when it will not do something: a kind (not an HTTP status) and messages not yet in
// any language. The HTTP edge (src/server/http/errors.ts) picks the status and translates, once, for the caller.
import type { ValidationIssue } from '../../core/scoring/validate.ts';

/** A message not yet in any language: a translation key and its parameters; a parameter may itself be a Phrase. */
export class Phrase {
  constructor(
    readonly key: string,
    readonly params: Record<string, unknown> = {},
  ) {}
}

export const phrase = (key: string, params: Record<string, unknown> = {}) => new Phrase(key, params);

/** Zod's own sentence for one of its issues, in the caller's language (zod ships Vietnamese and English). */
export const ZOD_REASON = '@zod';
export const zodPhrase = (issue: { code: string; path: PropertyKey[]; message: string; input?: unknown }) =>
  new Phrase(ZOD_REASON, { issue });

/** Text a view of the same request already put in the caller's language (an import preview's issue lines). */
export const VERBATIM = '@text';
export const verbatim = (text: string) => new Phrase(VERBATIM, { text });

/** "Mục tiêu 2 – Tên": a field of the n-th row of a list, each part a phrase. */
export const rowField = (section: Phrase, index: number, own: Phrase) =>
  new Phrase('common:field.row', { section, n: index + 1, own });

/** One refused value: the field, the value sent and why. */
export interface IssueCode {
  field: string;
  value: unknown;
  message: Phrase;
  /** The row of an imported file the value came from. */
  row?: number;
}

export type RefusalKind =
  | 'invalid' // the request is wrong as sent
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict' // the record's state does not allow it now
  | 'too_large'
  | 'unsupported_type'
  | 'locked'
  | 'rate_limited'
  | 'damaged'; // what we hold is broken (a stored file that does not match its hash)

export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly key: string,
    readonly params: Record<string, unknown> = {},
    readonly issues: IssueCode[] = [],
  ) {
    super(key);
  }
}

export const notFound = (what: string, id: unknown) =>
  new Refusal('not_found', 'common:error.not_found', { what, id: String(id) });
export const forbidden = () => new Refusal('forbidden', 'common:error.forbidden');

/** A refusal naming one field and its value, the sentence being the refusal's own. */
export function fieldRefusal(
  kind: RefusalKind,
  key: string,
  field: string,
  value: unknown,
  params: Record<string, unknown> = {},
) {
  return new Refusal(kind, key, params, [{ field, value: value ?? null, message: phrase(key, params) }]);
}

const shown = (value: unknown): string => (value === undefined ? 'undefined' : JSON.stringify(value));

/** Values the engine refused: every issue with its field, its value and its reason (src/core/scoring/validate.ts). */
export function valueRefusal(kind: RefusalKind, key: string, issues: ValidationIssue[]) {
  return new Refusal(
    kind,
    key,
    { count: issues.length },
    issues.map((i) => ({
      field: i.field,
      value: i.value ?? null,
      message: phrase(`scoring:issue.${i.code}`, { field: i.field, value: shown(i.value), ...i.params }),
    })),
  );
}
