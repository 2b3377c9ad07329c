import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestApp, type TestApp } from '../support/server.ts';
import { form } from '../support/multipart.ts';
import { DISTRICTS, formerDistrictCsv, thaiNguyen } from './fixtures.ts';

let t: TestApp;
let official: string;
let appraiser: string;
let officer: string;
let tn: Awaited<ReturnType<typeof thaiNguyen>>;

const url = (grouping: string, kind?: string) =>
  `/api/units/${tn.provinceId}/groupings/${encodeURIComponent(grouping)}${kind ? `?kind=${kind}` : ''}`;
async function upload(
  cookie: string,
  grouping: string,
  kind: string,
  file: { name: string; data: Buffer; type?: string },
) {
  const body = await form({}, file);
  return t.app.inject({
    method: 'PUT',
    url: url(grouping, kind),
    headers: { cookie, ...body.headers },
    payload: body.payload,
  });
}
const list = async (cookie = official) =>
  t.app.inject({ method: 'GET', url: `/api/units/${tn.provinceId}/groupings`, headers: { cookie } });

async function xlsx(rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Nhóm');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

beforeAll(async () => {
  t = await startTestApp();
  official = await login(t.app, 'tinh.thainguyen');
  appraiser = await login(t.app, 'thamdinh.thainguyen');
  officer = await login(t.app, 'xa.quanchu');
  tn = await thaiNguyen(t.database.db);
});
afterAll(() => t?.close());

describe('groupings of a province', () => {
  it('uploads former districts as CSV of old commune codes; each current commune falls in its district', async () => {
    const { csv, expected } = formerDistrictCsv(tn.communes, tn.predecessors, 2);
    const res = await upload(official, 'Huyện cũ', 'former_district', {
      name: 'huyen-cu.csv',
      data: csv,
      type: 'text/csv',
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.kind).toBe('former_district');
    expect(body.groups.map((g: { name: string }) => g.name)).toEqual(DISTRICTS);
    for (const g of body.groups as { name: string; code: string; communes: { id: number }[] }[]) {
      expect(g.communes.map((c) => c.id).sort()).toEqual(
        [...expected]
          .filter(([, d]) => d === g.name)
          .map(([id]) => id)
          .sort(),
      );
      expect(g.code).toMatch(/^16\d$/);
    }
    expect(body.unassigned.length).toBe(tn.communes.length - expected.size);
    const read = await list(appraiser);
    expect(read.statusCode).toBe(200);
    expect(read.json().groupings[0].grouping).toBe('Huyện cũ');
  });

  it('uploads a custom grouping of current communes as .xlsx, and replaces it keeping the groups kept', async () => {
    const [a, b, c] = tn.communes;
    const first = await upload(official, 'Cụm thi đua', 'custom', {
      name: 'cum.xlsx',
      data: await xlsx([['Danh sách cụm thi đua'], ['Mã xã', 'Nhóm'], [Number(a!.code), 'Cụm 1'], [b!.code, 'Cụm 2']]),
    });
    expect(first.statusCode, first.body).toBe(200);
    const cum1 = first.json().groups.find((g: { name: string }) => g.name === 'Cụm 1');
    expect(cum1.communes.map((x: { id: number }) => x.id)).toEqual([a!.id]);

    const second = await upload(official, 'Cụm thi đua', 'custom', {
      name: 'cum.csv',
      data: Buffer.from(`ma,nhom\n${a!.code},Cụm 1\n${c!.code},Cụm 1\n`),
      type: 'text/csv',
    });
    expect(second.statusCode, second.body).toBe(200);
    const groups = second.json().groups;
    expect(groups.map((g: { name: string }) => g.name)).toEqual(['Cụm 1']);
    expect(groups[0].id).toBe(cum1.id);
    expect(groups[0].communes.map((x: { id: number }) => x.id).sort()).toEqual([a!.id, c!.id].sort());
    expect((await list()).json().groupings.map((g: { grouping: string }) => g.grouping)).toEqual([
      'Cụm thi đua',
      'Huyện cũ',
    ]);
  });

  it('refuses a file with unknown codes, naming the row and the value, and saves nothing', async () => {
    const res = await upload(official, 'Cụm mới', 'custom', {
      name: 'sai.csv',
      data: Buffer.from(`ma,nhom\n99999,Cụm 1\n${tn.communes[0]!.code},\n`),
      type: 'text/csv',
    });
    expect(res.statusCode).toBe(400);
    const issues = res.json().error.issues;
    expect(issues[0]).toMatchObject({ row: 3, field: 'nhom' });
    expect(issues[0].message).toContain('Dòng 3');
    const unknown = await upload(official, 'Cụm mới', 'custom', {
      name: 'sai.csv',
      data: Buffer.from(`ma,nhom\n99999,Cụm 1\n`),
      type: 'text/csv',
    });
    expect(unknown.json().error.issues[0]).toMatchObject({ row: 2, field: 'code', value: '99999' });
    expect(unknown.json().error.issues[0].message).toContain('99999');
    expect((await list()).json().groupings).toHaveLength(2);
  });

  it('lets only the province official write, the province roles read', async () => {
    const { csv } = formerDistrictCsv(tn.communes, tn.predecessors, 1);
    expect((await upload(appraiser, 'X', 'custom', { name: 'x.csv', data: csv })).statusCode).toBe(403);
    expect((await upload(officer, 'X', 'custom', { name: 'x.csv', data: csv })).statusCode).toBe(403);
    expect((await list(officer)).statusCode).toBe(403);
    const del = await t.app.inject({ method: 'DELETE', url: url('Cụm thi đua'), headers: { cookie: appraiser } });
    expect(del.statusCode).toBe(403);
  });

  it('names a former district as the issuer of a plan from before 01/07/2025, not of a later round', async () => {
    const db = t.database.db;
    const grouping = (await list()).json().groupings.find((g: { grouping: string }) => g.grouping === 'Huyện cũ');
    const daiTu = grouping.groups[0];
    const custom = (await list()).json().groupings.find((g: { grouping: string }) => g.grouping === 'Cụm thi đua')
      .groups[0];
    const plan = await db
      .insertInto('plan')
      .values({
        unit_id: tn.provinceId,
        province_id: tn.provinceId,
        year: 2024,
        issued_on: '2024-03-10',
        place: 'Đại Từ',
        title: 'Kế hoạch thực hiện xây dựng xã, phường phù hợp với trẻ em năm 2024',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const set = (record: string, id: number, issuerGroupId: number | null, cookie = official) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/historical-issuers/${record}/${id}`,
        headers: { cookie },
        payload: { issuerGroupId },
      });
    const ok = await set('plan', plan.id, daiTu.id);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ record: 'plan', datedOn: '2024-03-10', issuerGroup: { name: DISTRICTS[0] } });
    const view = await t.app.inject({
      method: 'GET',
      url: `/api/units/${tn.provinceId}/plans/${plan.id}`,
      headers: { cookie: official },
    });
    expect(view.json().issuerGroup).toMatchObject({ id: daiTu.id, name: DISTRICTS[0] });
    expect((await set('plan', plan.id, daiTu.id, appraiser)).statusCode).toBe(403);
    const notDistrict = await set('plan', plan.id, custom.id);
    expect(notDistrict.statusCode).toBe(400);
    expect(notDistrict.json().error.issues[0]).toMatchObject({ field: 'issuerGroupId', value: custom.id });

    const roundId = (await db.selectFrom('round').select('id').executeTakeFirstOrThrow()).id;
    const late = await set('round', roundId, daiTu.id);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toContain('01/07/2025');

    // A decision signed in 2024 by the district: the round's decisions name it.
    const decision = await db
      .insertInto('recognition_decision')
      .values({
        round_id: roundId,
        number: '125/QĐ-UBND',
        signed_on: '2024-12-20',
        signer_name: 'Nguyễn Văn A',
        signer_title: 'CHỦ TỊCH',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await set('decision', decision.id, daiTu.id)).statusCode).toBe(200);
    const decisions = await t.app.inject({
      method: 'GET',
      url: `/api/rounds/${roundId}/decisions`,
      headers: { cookie: official },
    });
    expect(decisions.json().items.find((d: { id: number }) => d.id === decision.id)).toMatchObject({
      issuerGroupId: daiTu.id,
      issuerGroupName: DISTRICTS[0],
    });
    const round = await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}`, headers: { cookie: official } });
    expect(round.json().round).toMatchObject({ issuerGroupId: null, issuerGroupName: null });
    expect((await set('decision', decision.id, null)).statusCode).toBe(200);

    // A district named as an issuer cannot leave its grouping; cleared, it can.
    const del = await t.app.inject({ method: 'DELETE', url: url('Huyện cũ'), headers: { cookie: official } });
    expect(del.statusCode).toBe(409);
    expect(del.json().error.message).toContain(DISTRICTS[0]);
    expect((await set('plan', plan.id, null)).json().issuerGroup).toBeNull();
    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['issuer_group_set', 'grouping_replace'])
      .execute();
    expect(audit.filter((a) => a.action === 'issuer_group_set')).toHaveLength(4);
    expect(audit.filter((a) => a.action === 'grouping_replace')).toHaveLength(3);
    const gone = await t.app.inject({ method: 'DELETE', url: url('Huyện cũ'), headers: { cookie: official } });
    expect(gone.statusCode).toBe(204);
    expect((await list()).json().groupings.map((g: { grouping: string }) => g.grouping)).toEqual(['Cụm thi đua']);
  });
});
