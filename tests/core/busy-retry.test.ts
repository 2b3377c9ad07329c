// The wait before sending again a request refused as busy: the server's Retry-After, doubled per refusal, capped,
// spread between half and one and a half times.
import { describe, expect, it } from 'vitest';
import { busyRetryWait, MAX_RETRY_WAIT_SECONDS } from '../../src/core/http/retry.ts';

describe('busy retry wait', () => {
  it('starts at what the server said and doubles with each refusal, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => busyRetryWait('2', n, 0.5))).toEqual([2, 4, 8, 16, 30, 30]);
    expect(busyRetryWait('5', 1, 0.5)).toBe(5);
  });
  it('spreads each wait between half and one and a half times', () => {
    expect(busyRetryWait('2', 2, 0)).toBe(2);
    expect(busyRetryWait('2', 2, 0.999)).toBeCloseTo(5.996);
    expect(busyRetryWait('2', 9, 0.999)).toBeLessThan(1.5 * MAX_RETRY_WAIT_SECONDS);
  });
  it('waits 2 seconds when the header is missing or unreadable', () => {
    for (const h of [null, undefined, '', 'soon', '-3']) expect(busyRetryWait(h, 1, 0.5)).toBe(2);
  });
});
