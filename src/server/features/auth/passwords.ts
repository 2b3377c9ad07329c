// argon2id with the library's defaults (OWASP-recommended memory and time cost).
//
// The hash is of the password's NFC form, on setting and on checking alike: “ệ” typed as one code point
// or as e + two combining marks is the same password, whichever machine sends it (the HTTP edge
// normalises to NFC as well; the CLI and seeding reach these functions directly). Hashes made earlier
// from decomposed input still match, and are replaced at that login.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { config } from '../../platform/config.ts';
import { Gate } from '../../http/admission.ts';

const ARGON2ID = 2; // Algorithm.Argon2id (a const enum the isolated-modules build cannot read)

/**
 * argon2 runs on libuv's thread pool (UV_THREADPOOL_SIZE, 4 by default), which file reads share, and each
 * hash keeps a core busy for ~13 ms: at most one core fewer than the machine has (and one thread fewer than
 * the pool) hash at once, so logins never take every core or every pool thread from the other requests.
 */
export const ARGON2_AT_ONCE =
  config.argon2AtOnce ?? Math.max(1, Math.min(os.availableParallelism() - 1, config.threadPoolSize - 1));
const argonGate = new Gate(ARGON2_AT_ONCE, Infinity);
async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const entered = argonGate.enter(Infinity);
  if (entered !== true) await entered; // the login route's admission bounds how many wait here
  try {
    return await work();
  } finally {
    argonGate.leave();
  }
}
const hash = (password: string, options: Parameters<typeof argonHash>[1]) => inTurn(() => argonHash(password, options));
const verify = (passwordHash: string, password: string) => inTurn(() => argonVerify(passwordHash, password));

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
