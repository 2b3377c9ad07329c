import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../support/server.ts';

let t: TestApp;
let province: string;
let officer: string;
let roundId: number;
beforeAll(async () => {
  t = await startTestApp();
  province = await login(t.app, 'tinh.thainguyen');
  officer = await login(t.app, 'xa.quanchu');
  roundId = (await t.database.db.selectFrom('round').select('id').executeTakeFirstOrThrow()).id;
});
afterAll(() => t?.close());

describe('re-check (phúc tra)', () => {
  it('draws a sample of recognised communes with a recorded seed, re-scores it and shows item differences', async () => {
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/rounds/${roundId}/rechecks`,
          headers: { cookie: officer },
          payload: { share: 1 },
        })
      ).statusCode,
    ).toBe(403);
    const drawn = await t.app.inject({
      method: 'POST',
      url: `/api/rounds/${roundId}/rechecks`,
      headers: { cookie: province },
      payload: { share: 0.5, seed: 20261123 },
    });
    expect(drawn.statusCode, drawn.body).toBe(200);
    const body = drawn.json();
    expect(body.seed).toBe('20261123');
    expect(body.entries.map((e: { name: string }) => e.name)).toEqual(['Xã Quân Chu']); // the demo's one recognised commune
    const entry = body.entries[0];
    expect(entry.recheckTotal).toBeNull();

    const scored = await t.app.inject({
      method: 'PUT',
      url: `/api/rechecks/${body.id}/entries/${entry.entryId}`,
      headers: { cookie: province },
      payload: { values: { 'C12.events': 1 } },
    });
    expect(scored.statusCode, scored.body).toBe(200);
    const after = scored.json().entries[0];
    expect(after.differences).toEqual([{ criterion: 'C12', item: 'C12.events', before: 25, after: 10, delta: -15 }]);
    expect(after.recheckTotal).toBe(after.decidedTotal - 15);

    const bad = await t.app.inject({
      method: 'PUT',
      url: `/api/rechecks/${body.id}/entries/${entry.entryId}`,
      headers: { cookie: province },
      payload: { values: { 'C07.immunized': 100000 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].field).toBe('C07.immunized');
    const again = (
      await t.app.inject({ method: 'GET', url: `/api/rechecks/${body.id}`, headers: { cookie: province } })
    ).json();
    expect(again.entries[0].recheckTotal).toBe(after.recheckTotal);
  });
});
