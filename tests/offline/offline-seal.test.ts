// The pure pieces of the device's offline store (issue 21): AES-GCM sealing bound to its slot, the idle limit, and
// what the outbox does with each answer of the server. WebCrypto is the real one (node's, the same API as a browser's).
import { describe, expect, it } from 'vitest';
import { idleExpired, newDeviceKey, seal, unseal } from '../../src/web/app/offline/seal.ts';
import { syncVerdict } from '../../src/web/app/offline/sync-rules.ts';
import { keptOffline } from '../../src/web/app/offline/reads.ts';

const record = { fullName: 'Lò Thị Mai', code: 'DT-OFF-1', birthDate: '2022-02-14' };

describe('sealing what the device keeps', () => {
  it('gives the value back to its key and slot, and stores no readable text', async () => {
    const key = await newDeviceKey();
    const sealed = await seal(key, record, 'reads:/api/x');
    expect(new TextDecoder().decode(sealed.data)).not.toContain('Lò Thị Mai');
    expect(await unseal(key, sealed, 'reads:/api/x')).toEqual(record);
  });

  it('cannot be read with another key, in another slot, or once a byte changed', async () => {
    const key = await newDeviceKey();
    const sealed = await seal(key, record, 'reads:/api/x');
    await expect(unseal(await newDeviceKey(), sealed, 'reads:/api/x')).rejects.toThrow();
    await expect(unseal(key, sealed, 'reads:/api/y')).rejects.toThrow();
    const bytes = new Uint8Array(sealed.data.slice(0));
    bytes[0] = bytes[0]! ^ 1;
    await expect(unseal(key, { iv: sealed.iv, data: bytes.buffer }, 'reads:/api/x')).rejects.toThrow();
  });

  it('makes keys whose bytes cannot be exported', async () => {
    const key = await newDeviceKey();
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('uses a fresh nonce each time', async () => {
    const key = await newDeviceKey();
    const a = await seal(key, record, 's');
    const b = await seal(key, record, 's');
    expect(Buffer.from(a.iv).equals(Buffer.from(b.iv))).toBe(false);
  });
});

describe('the idle limit', () => {
  it('expires strictly after the limit', () => {
    const start = Date.UTC(2026, 11, 7, 8, 0);
    expect(idleExpired(start, start + 30 * 60_000, 30)).toBe(false);
    expect(idleExpired(start, start + 30 * 60_000 + 1, 30)).toBe(true);
  });
});

describe('the outbox and the server answer', () => {
  it('drops a sent write, waits on the line or the server, and keeps a refusal for the person', () => {
    expect([200, 201, 204].map(syncVerdict)).toEqual(['sent', 'sent', 'sent']);
    // No connection, session ended, server busy or failing: the same write may go later, in order.
    expect([0, 401, 408, 429, 500, 503].map(syncVerdict)).toEqual(['wait', 'wait', 'wait', 'wait', 'wait', 'wait']);
    // Validation, permission, not found, a conflict, a frozen record: never resent blindly.
    expect([400, 403, 404, 409, 422, 423].map(syncVerdict)).toEqual([
      'refused',
      'refused',
      'refused',
      'refused',
      'refused',
      'refused',
    ]);
  });
});

describe('which answers the device keeps', () => {
  it('keeps the register reads and nothing else', () => {
    expect(keptOffline('/api/communes/12/register/children?page=1&pageSize=25')).toBe(true);
    expect(keptOffline('/api/communes/12/register/children/345')).toBe(true);
    expect(keptOffline('/api/communes/12/register/villages')).toBe(true);
    expect(keptOffline('/api/communes/12/register/cases')).toBe(false);
    expect(keptOffline('/api/communes/12/register/access-log')).toBe(false);
    expect(keptOffline('/api/public/communes/12')).toBe(false);
    expect(keptOffline('/api/auth/session')).toBe(false);
  });
});
