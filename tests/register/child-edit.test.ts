// Editing a child from a copy made earlier (issue 21): an offline device's outbox replays an edit with the same
// Idempotency-Key and it is applied and audited once; an edit that carries the values it was made from (`base`)
// keeps fields it did not change as they stand now, and is refused with both values (409) where someone else
// changed the same field meanwhile, nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { mergeChildEdit } from '../../src/core/register/child-edit.ts';
import { todayInVietnam } from '../../src/server/platform/clock.ts';

let t: TestApp;
let collaborator = '';
let officer = '';
let unit = 0;
let village = '';

beforeAll(async () => {
  t = await startTestApp();
  collaborator = await login(t.app, 'ctv.daitu');
  officer = await login(t.app, 'xa.daitu');
  const me = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: collaborator } });
  unit = me.json().user.roles[0].unitId;
  const villages = await t.app.inject({
    method: 'GET',
    url: `/api/communes/${unit}/register/villages`,
    headers: { cookie: collaborator },
  });
  village = villages.json()[0].name;
}, 120_000);
afterAll(async () => t?.close());

const children = () => `/api/communes/${unit}/register/children`;
const send = (method: 'POST' | 'PUT', url: string, cookie: string, payload: object, key?: string) =>
  t.app.inject({ method, url, payload, headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) } });

/** A child born four years before today (so the test holds on any day). */
function child(code: string) {
  const born = `${Number(todayInVietnam().slice(0, 4)) - 4}-03-15`;
  return {
    code,
    villageName: village,
    householdCode: `HO-${code}`,
    householdHead: 'Lò Văn Sính',
    address: '',
    fullName: 'Lò Thị Nhung',
    birthDate: born,
    sex: 'female',
    idNumber: null,
    guardianName: '',
    guardianRelation: '',
    birthRegisteredOn: null,
    education: null,
    fullyImmunizedOn: null,
    disability: '',
    movedOutOn: null,
    diedOn: null,
    note: '',
  };
}

async function updates(childId: number): Promise<number> {
  const rows = await t.database.db
    .selectFrom('audit_log')
    .select('id')
    .where('entity', '=', 'child')
    .where('entity_id', '=', String(childId))
    .where('action', '=', 'update_child')
    .execute();
  return rows.length;
}

const read = async (id: number) =>
  (await t.app.inject({ method: 'GET', url: `${children()}/${id}`, headers: { cookie: officer } })).json();

describe('editing a child offline', () => {
  it('applies an edit replayed with the same key once, with one audit entry', async () => {
    const base = child('DT-EDIT-1');
    const { id } = (await send('POST', children(), collaborator, base)).json();
    const body = { ...base, guardianName: 'Lò Văn Sính', note: 'Đã đổi khi mất mạng', base };
    const first = await send('PUT', `${children()}/${id}`, collaborator, body, 'offline-edit-1');
    expect(first.statusCode).toBe(200);
    const again = await send('PUT', `${children()}/${id}`, collaborator, body, 'offline-edit-1');
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await updates(id)).toBe(1);
    expect((await read(id)).note).toBe('Đã đổi khi mất mạng');
    // The same key with another edit is refused, and changes nothing.
    const other = await send('PUT', `${children()}/${id}`, collaborator, { ...body, note: 'khác' }, 'offline-edit-1');
    expect(other.statusCode).toBe(409);
    expect(await updates(id)).toBe(1);
    // Without a key each send is its own edit (as before).
    expect((await send('PUT', `${children()}/${id}`, collaborator, { ...body, base: undefined })).statusCode).toBe(200);
    expect(await updates(id)).toBe(2);
  });

  it('refuses a stale edit of a field someone else changed, naming both values, and keeps their other changes', async () => {
    const base = child('DT-EDIT-2');
    const { id } = (await send('POST', children(), collaborator, base)).json();
    // Meanwhile the officer renames the child and adds a note.
    const theirs = { ...base, fullName: 'Lò Thị Nhung Anh', note: 'Ghi chú của cán bộ' };
    expect((await send('PUT', `${children()}/${id}`, officer, theirs)).statusCode).toBe(200);
    const before = await updates(id);

    // The collaborator's edit, made offline from the first copy: another name, and a guardian.
    const mine = { ...base, fullName: 'Lò Thị Nhung Em', guardianName: 'Lò Thị Pằng', base };
    const refused = await send('PUT', `${children()}/${id}`, collaborator, mine, 'offline-edit-2');
    expect(refused.statusCode).toBe(409);
    const answer = refused.json();
    expect(answer.error.code).toBe('edit_conflict');
    expect(answer.conflicts).toEqual([
      {
        field: 'fullName',
        base: 'Lò Thị Nhung',
        mine: 'Lò Thị Nhung Em',
        theirs: { value: 'Lò Thị Nhung Anh', byName: expect.any(String), at: expect.any(String) },
      },
    ]);
    const issue = answer.error.issues.find((i: { field: string }) => i.field === 'fullName');
    expect(issue.message).toContain('Lò Thị Nhung Anh');
    expect(issue.message).toContain('Lò Thị Nhung Em');
    // Nothing written: the officer's name and note stand, the guardian is not set, no audit entry.
    const now = await read(id);
    expect([now.fullName, now.note, now.guardianName]).toEqual(['Lò Thị Nhung Anh', 'Ghi chú của cán bộ', '']);
    expect(await updates(id)).toBe(before);

    // The collaborator keeps their name (the base now what the officer wrote): saved; the officer's note, which
    // the collaborator's copy did not touch, is not overwritten by the old empty one.
    const kept = await send('PUT', `${children()}/${id}`, collaborator, {
      ...mine,
      base: { ...base, fullName: 'Lò Thị Nhung Anh' },
    });
    expect(kept.statusCode).toBe(200);
    const after = await read(id);
    expect([after.fullName, after.note, after.guardianName]).toEqual([
      'Lò Thị Nhung Em',
      'Ghi chú của cán bộ',
      'Lò Thị Pằng',
    ]);
  });
});

describe('merging an edit made from an older copy', () => {
  const current = Object.fromEntries(Object.entries(child('X')).map(([k, v]) => [k, v])) as unknown as Parameters<
    typeof mergeChildEdit
  >[2];
  it('takes what stands now for fields not changed, the new value where only this person changed it', () => {
    const base = { ...current, note: '' };
    const now = { ...current, note: 'theirs' };
    const { merged, conflicts } = mergeChildEdit({ ...base, fullName: 'Mới' }, base, now);
    expect(conflicts).toEqual([]);
    expect([merged.fullName, merged.note]).toEqual(['Mới', 'theirs']);
  });
  it('sees no conflict when both wrote the same value, and treats empty text and null alike', () => {
    const base = { ...current, idNumber: null };
    const now = { ...current, idNumber: '001122334455', guardianName: '' };
    const { conflicts } = mergeChildEdit({ ...base, idNumber: '001122334455', guardianName: null }, base, now);
    expect(conflicts).toEqual([]);
  });
  it('names a field both changed to different values', () => {
    const now = { ...current, sex: 'male' };
    const { conflicts } = mergeChildEdit({ ...current, sex: 'female', fullName: 'A' }, { ...current, sex: '' }, now);
    expect(conflicts).toEqual([{ field: 'sex', base: '', mine: 'female', theirs: 'male' }]);
  });
});
