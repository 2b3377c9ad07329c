// AES-GCM sealing of what the device keeps (issue 21): pure WebCrypto, no storage, so it runs in a test as in the page.

/** What is stored instead of a value: a fresh 96-bit nonce and the ciphertext (with its tag). */
export interface Sealed {
  iv: Uint8Array;
  data: ArrayBuffer;
}

/** A new device key: AES-256-GCM, non-extractable (the page can use it, never read its bytes). */
export function newDeviceKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

const encoder = new TextEncoder();

/** Encrypts a JSON value; `slot` (where it is stored) is bound as associated data, so a value moved elsewhere fails. */
export async function seal(key: CryptoKey, value: unknown, slot: string): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(slot) },
    key,
    encoder.encode(JSON.stringify(value)),
  );
  return { iv, data };
}

/** Decrypts what `seal` stored in `slot`; a wrong key, slot or a changed byte throws. */
export async function unseal<T>(key: CryptoKey, sealed: Sealed, slot: string): Promise<T> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: sealed.iv as Uint8Array<ArrayBuffer>, additionalData: encoder.encode(slot) },
    key,
    sealed.data,
  );
  return JSON.parse(new TextDecoder().decode(plain)) as T;
}

/** Whether a device left unused since `lastActive` has passed the server's idle limit (then its data is wiped). */
export function idleExpired(lastActive: number, now: number, idleMinutes: number): boolean {
  return now - lastActive > idleMinutes * 60_000;
}
