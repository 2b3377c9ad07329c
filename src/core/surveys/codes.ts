// One-time response codes printed on slips: eight characters of Crockford base32 (no I, L, O, U, so
// nothing is misread) and a check character from the same letters, so a mistyped code is told apart
// from a used one (a weighted sum with odd weights: every single wrong character is caught).
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 8;

/** A code from random bytes (at least 5, from a cryptographic source), grouped as XXXX-XXXX-C. */
export function codeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 5) throw new RangeError(`codeFromBytes needs 5 random bytes, got ${bytes.length}`);
  let bits = 0n;
  for (const b of bytes.subarray(0, 5)) bits = (bits << 8n) | BigInt(b);
  let body = '';
  for (let i = 0; i < CODE_LENGTH; i++) body = ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)] + body;
  return `${body.slice(0, 4)}-${body.slice(4)}-${checkOf(body)}`;
}

function checkOf(body: string): string {
  let sum = 0;
  [...body].forEach((ch, i) => (sum += (2 * i + 1) * ALPHABET.indexOf(ch)));
  return ALPHABET[sum % 32]!;
}

/** Why a typed code cannot be one: not the printed form at all, or the right form with a check character that does not match. */
export type CodeCheck =
  { ok: true; code: string } | { ok: false; problem: 'form' } | { ok: false; problem: 'check'; printed: string };

/** The code as typed (any case, spaces or dashes, O for 0, I/L for 1), checked: its printed form, or what is wrong with it. */
export function checkCode(typed: string): CodeCheck {
  const s = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== CODE_LENGTH + 1) return { ok: false, problem: 'form' };
  if ([...s].some((ch) => !ALPHABET.includes(ch))) return { ok: false, problem: 'form' };
  const body = s.slice(0, CODE_LENGTH);
  const printed = `${body.slice(0, 4)}-${body.slice(4)}-${s[CODE_LENGTH]}`;
  // Right form, wrong check character: one character was most likely mistyped.
  if (checkOf(body) !== s[CODE_LENGTH]) return { ok: false, problem: 'check', printed };
  return { ok: true, code: printed };
}

/** The code as typed in its printed form, or null when it cannot be one (wrong form or wrong check character). */
export function normaliseCode(typed: string): string | null {
  const checked = checkCode(typed);
  return checked.ok ? checked.code : null;
}
