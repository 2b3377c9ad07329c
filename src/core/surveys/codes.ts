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

/** The code as typed (any case, spaces or dashes, O for 0, I/L for 1) in its printed form, or null when it cannot be one. */
export function normaliseCode(typed: string): string | null {
  const s = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== CODE_LENGTH + 1) return null;
  const body = s.slice(0, CODE_LENGTH);
  if ([...body].some((ch) => !ALPHABET.includes(ch))) return null;
  if (checkOf(body) !== s[CODE_LENGTH]) return null;
  return `${body.slice(0, 4)}-${body.slice(4)}-${s[CODE_LENGTH]}`;
}
