import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../support/server.ts';

let t: TestApp;
let admin: string;
let ministry: string;
let officer: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await login(t.app, 'admin');
  ministry = await login(t.app, 'bo.yte');
  officer = await login(t.app, 'xa.tancuong');
});
afterAll(() => t?.close());

const req = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, payload });

describe('rule sets as versioned data', () => {
  it('ships qd06-2019 version 1, published, with its confirmed and provisional marks', async () => {
    const list = (await req('GET', '/api/rule-sets', officer)).json();
    expect(list.items).toEqual([expect.objectContaining({ code: 'qd06-2019', version: 1, status: 'published' })]);
    const one = (await req('GET', `/api/rule-sets/${list.items[0].id}`, officer)).json();
    const items = one.definition.criteria.flatMap((c: { items: unknown[] }) => c.items);
    expect(items.find((i: { code: string }) => i.code === 'C01.staff').mark).toBe('C');
    expect(items.find((i: { code: string }) => i.code === 'C01.budget').mark).toBe('P');
    expect(one.definition.categories.map((c: { threshold: number }) => c.threshold)).toEqual([900, 800, 850]);
  });

  it('lets only the ministry copy, edit and publish (not a commune, not the technical administrator)', async () => {
    const id = (await req('GET', '/api/rule-sets', officer)).json().items[0].id;
    expect((await req('POST', `/api/rule-sets/${id}/copy`, officer, {})).statusCode).toBe(403);
    expect((await req('POST', `/api/rule-sets/${id}/copy`, admin, {})).statusCode).toBe(403);
    const draft = await req('POST', `/api/rule-sets/${id}/copy`, ministry, { note: 'Đối chiếu phụ lục chính thức' });
    expect(draft.statusCode).toBe(200);
    expect(draft.json()).toMatchObject({ status: 'draft', version: 2, basedOnId: id });
    expect((await req('POST', `/api/rule-sets/${id}/copy`, ministry, {})).statusCode).toBe(409);

    const def = draft.json().definition;
    def.criteria[1].items[0].mark = 'C';
    def.criteria[1].items[0].measure.bands[1].threshold = 96;
    expect((await req('PUT', `/api/rule-sets/${draft.json().id}`, officer, { definition: def })).statusCode).toBe(403);
    const saved = await req('PUT', `/api/rule-sets/${draft.json().id}`, ministry, { definition: def });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().definition.criteria[1].items[0].measure.bands[1].threshold).toBe(96);

    const bad = structuredClone(def);
    bad.criteria[1].items[0].measure.bands[0].points = -5;
    const refused = await req('PUT', `/api/rule-sets/${draft.json().id}`, ministry, { definition: bad });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues[0]).toMatchObject({
      field: 'definition.criteria.1.items.0.measure.bands.0.points',
      value: -5,
    });
    const unknownInput = structuredClone(def);
    unknownInput.criteria[1].items[0].measure.numerator = 'C02.nothing';
    expect(
      (await req('PUT', `/api/rule-sets/${draft.json().id}`, ministry, { definition: unknownInput })).json().error
        .issues[0].message,
    ).toContain('C02.nothing');
    // The refused edits left the saved draft as it was.
    const still = (await req('GET', `/api/rule-sets/${draft.json().id}`, ministry)).json();
    expect(still.definition.criteria[1].items[0].measure.bands[0].points).toBe(50);

    expect((await req('POST', `/api/rule-sets/${draft.json().id}/publish`, admin)).statusCode).toBe(403);
    const published = await req('POST', `/api/rule-sets/${draft.json().id}/publish`, ministry);
    expect(published.json()).toMatchObject({ status: 'published', version: 2 });
    expect((await req('PUT', `/api/rule-sets/${draft.json().id}`, ministry, { definition: def })).statusCode).toBe(409);
    const log = (await req('GET', '/api/audit?entity=rule_set', admin))
      .json()
      .items.map((i: { action: string }) => i.action);
    expect(log).toEqual(['publish', 'edit', 'copy']);
  });
});

describe('sensitive counts as data of the rule set', () => {
  const flagged = (def: { inputs: Array<{ code: string; sensitive?: boolean }> }) =>
    def.inputs.filter((i) => i.sensitive).map((i) => i.code);

  it('ships the preset with its nine sensitive counts, keeps them in a copy and lets the ministry change them in a draft', async () => {
    const list = (await req('GET', '/api/rule-sets', officer)).json().items;
    const v1 = (
      await req('GET', `/api/rule-sets/${list.find((r: { version: number }) => r.version === 1).id}`, officer)
    ).json();
    expect(flagged(v1.definition)).toEqual([
      'C03.abused',
      'C03.supported',
      'C04.children',
      'C05.injured',
      'C05.deaths',
      'C06.special',
      'C06.supported',
      'C06.cases',
      'C06.planned',
    ]);
    const latest = list.find(
      (r: { status: string; version: number }) =>
        r.status === 'published' && r.version === Math.max(...list.map((x: { version: number }) => x.version)),
    );
    const draft = (await req('POST', `/api/rule-sets/${latest.id}/copy`, ministry, {})).json();
    expect(flagged(draft.definition)).toEqual(flagged(v1.definition));
    const def = structuredClone(draft.definition);
    def.inputs.find((i: { code: string }) => i.code === 'C08.underweight').sensitive = true;
    const saved = await req('PUT', `/api/rule-sets/${draft.id}`, ministry, { definition: def });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(flagged(saved.json().definition)).toContain('C08.underweight');
    const wrong = structuredClone(def);
    wrong.inputs[0].sensitive = 'yes';
    const refused = await req('PUT', `/api/rule-sets/${draft.id}`, ministry, { definition: wrong });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.issues[0].field).toBe('definition.inputs.0.sensitive');
  });
});
