// A record added offline to a child added offline (issue 21): its queued write names the child by a placeholder
// made from the child's Idempotency-Key, replaced by the server's id once the child's write is sent.
import { describe, expect, it } from 'vitest';
import { placeholderOf, placeholdersIn, resolvePlaceholders } from '../../src/web/app/offline/placeholders.ts';

const key = '0f3a9c2b7d1e4f5a6b7c8d9e0f1a2b3c';
const url = `/api/communes/7/register/children/${placeholderOf(key)}/health-records`;

describe('placeholders in queued writes', () => {
  it('finds the key a URL waits for, and none in a plain URL', () => {
    expect(placeholdersIn(url)).toEqual([key]);
    expect(placeholdersIn('/api/communes/7/register/children/41/health-records')).toEqual([]);
  });

  it('puts the id in the URL and in body values that are exactly the placeholder, leaving typed text alone', () => {
    const item = { url, body: { childId: placeholderOf(key), note: `ghi chú ${placeholderOf(key)}` }, label: 'x' };
    const done = resolvePlaceholders(item, { [key]: 412 });
    expect(done.url).toBe('/api/communes/7/register/children/412/health-records');
    expect(done.body).toEqual({ childId: 412, note: `ghi chú ${placeholderOf(key)}` });
    expect(done.label).toBe('x');
    expect(placeholdersIn(done.url)).toEqual([]);
  });

  it('leaves a write alone (the same object) while the id is not known', () => {
    const item = { url, body: { weightKg: 12 } };
    expect(resolvePlaceholders(item, { other: 3 })).toBe(item);
    expect(resolvePlaceholders(item, {})).toBe(item);
  });
});
