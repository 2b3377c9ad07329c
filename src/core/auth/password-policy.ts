// The password policy (OWASP ASVS 2.1): 12 to 128 characters counted as Unicode characters, not the
// username, not a common password, not guessable. No composition rules (ASVS 2.1.9).
//
// Common and guessable passwords are found with zxcvbn-ts and its "common" dictionaries (MIT licence;
// about 30,000 leaked passwords and the 8,000 words of the diceware list, offline, no download): a
// plain list of the top 10,000 passwords would miss nearly everything at 12 characters and more,
// where zxcvbn also catches repeats, sequences, keyboard walks, dates and l33t forms of common words.
// A password must score at least 3 ("safely unguessable", about 10^8 guesses or more).
//
// The policy judges the password's normal form (NFC, trimmed, every run of whitespace as one space), so
// padding cannot pass a weak password off as a strong one: twenty spaces around “a” is a 1-character
// password. The hash keeps the spaces as typed (only NFC, src/server/features/auth/passwords.ts): the
// normal form only lowers the estimate, so the stored secret is never weaker than what was judged.
//
// The demo accounts keep `demo@2026`: they are seeded directly, and the policy applies to passwords
// that people choose (the CLI's create-user and the change-password endpoint).
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;
export const PASSWORD_MIN_SCORE = 3;

export type PasswordRule = 'too_short' | 'too_long' | 'contains_username' | 'common' | 'guessable';

export type PasswordVerdict =
  { ok: true; score: number } | { ok: false; rule: PasswordRule; params: Record<string, string | number> };

let estimator: ZxcvbnFactory | null = null;
// Built on first use: the dictionaries take some tens of milliseconds to load.
const zxcvbn = () => (estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }));

/** The password as the policy judges it: NFC, no whitespace at either end, each whitespace run one space. */
export const policyForm = (password: string) => password.normalize('NFC').trim().replace(/\s+/gu, ' ');

/** Characters as a person counts them: code points of the normal form, so “ệ” is one whichever way it was typed. */
export const passwordLength = (password: string) => [...policyForm(password)].length;

/** Checks a chosen password; the first rule broken is returned with what its message needs. */
export function checkPassword(chosen: string, username = ''): PasswordVerdict {
  const password = policyForm(chosen);
  const length = passwordLength(password);
  if (length < PASSWORD_MIN) return { ok: false, rule: 'too_short', params: { min: PASSWORD_MIN, length } };
  if (length > PASSWORD_MAX) return { ok: false, rule: 'too_long', params: { max: PASSWORD_MAX, length } };
  const name = username.trim().normalize('NFC').toLowerCase();
  const folded = password.toLowerCase();
  // A username part of three characters or more (xa.vanphu → "vanphu") counts as the username too.
  const parts = [name, ...name.split(/[^\p{L}\p{N}]+/u)].filter((p) => p.length >= 3);
  const found = parts.find((p) => folded.includes(p));
  if (found) return { ok: false, rule: 'contains_username', params: { username: found } };
  const result = zxcvbn().check(password, parts);
  const whole = result.sequence.length === 1 ? result.sequence[0]! : null;
  if (
    whole &&
    whole.pattern === 'dictionary' &&
    String((whole as { dictionaryName?: string }).dictionaryName).startsWith('passwords')
  )
    return { ok: false, rule: 'common', params: {} };
  if (result.score < PASSWORD_MIN_SCORE)
    return { ok: false, rule: 'guessable', params: { score: result.score, min: PASSWORD_MIN_SCORE } };
  return { ok: true, score: result.score };
}
