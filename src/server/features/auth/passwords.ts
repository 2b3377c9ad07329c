// argon2id with the library's defaults (OWASP-recommended memory and time cost).
//
// The hash is of the password's NFC form, on setting and on checking alike: “ệ” typed as one code point
// or as e + two combining marks is the same password, whichever machine sends it (the HTTP edge
// normalises to NFC as well; the CLI and seeding reach these functions directly). Hashes made earlier
// from decomposed input still match, and are replaced at that login.
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

const ARGON2ID = 2; // Algorithm.Argon2id (a const enum the isolated-modules build cannot read)

export const hashPassword = (password: string) => hash(password.normalize('NFC'), { algorithm: ARGON2ID });

let verifications = 0;
/**
 * How many argon2 verifications ran to the end in this process (a malformed hash fails at once and is not
 * counted): lets tests prove the lockout and the unknown-name path by what ran rather than by timing.
 */
export const passwordVerifications = () => verifications;

/**
 * Whether the password matches the hash. `legacy`: it matched only in its decomposed form, i.e. the hash was
 * made before hashes were of the NFC form, from a machine that sends NFD; the caller re-hashes it. The second
 * check depends only on the password typed (letters with diacritics), never on the account, so it costs an
 * unknown name the same as a real one.
 */
export async function matchPassword(passwordHash: string, password: string): Promise<{ ok: boolean; legacy: boolean }> {
  const composed = password.normalize('NFC');
  const decomposed = password.normalize('NFD');
  try {
    const ok = await verify(passwordHash, composed);
    verifications += 1;
    if (ok || decomposed === composed) return { ok, legacy: false };
    const legacy = await verify(passwordHash, decomposed);
    verifications += 1;
    return { ok: legacy, legacy };
  } catch {
    return { ok: false, legacy: false };
  }
}

export const verifyPassword = async (passwordHash: string, password: string) =>
  (await matchPassword(passwordHash, password)).ok;

/**
 * A hash of a random secret, made with the same parameters as real ones: an unknown or disabled name is
 * checked against it, so that it costs the same time as a real account and no password ever matches.
 */
export const makeDummyHash = () => hashPassword(randomBytes(32).toString('base64url'));
