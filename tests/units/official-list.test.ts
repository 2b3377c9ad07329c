// Parsing the official lists (no database).
import { describe, expect, it } from 'vitest';
import { readOfficialList } from '../../src/server/features/units/load.ts';
import {
  cleanName,
  foldVietnamese,
  kindFromName,
  parseCommunesMarkdown,
  parseProvincesCsv,
  VIETNAMESE_FOLD,
} from '../../src/server/features/units/official-list.ts';

describe('official lists of 01/07/2025', () => {
  it('reads 34 provinces, 3,321 communes, 63 old provinces, 10,047 old communes and their lineage', async () => {
    const list = await readOfficialList();
    expect(list.provinces).toHaveLength(34);
    expect(list.communes).toHaveLength(3321);
    expect(list.oldProvinces).toHaveLength(63);
    expect(list.oldCommunes).toHaveLength(10047);
    expect(list.oldDistricts.map((d) => d.name)).toEqual([
      'Huyện Bạch Long Vĩ',
      'Huyện Cồn Cỏ',
      'Huyện Hoàng Sa',
      'Huyện Lý Sơn',
      'Huyện Côn Đảo',
    ]);
    expect(list.lineage.filter((l) => l.level === 'province')).toHaveLength(63);
    expect(list.lineage.filter((l) => l.level === 'commune')).toHaveLength(10604);

    const byCode = new Map(list.communes.map((c) => [c.code, c]));
    expect(byCode.get('00226')).toEqual({
      code: '00226',
      name: 'Phường Văn Miếu - Quốc Tử Giám',
      kind: 'phuong',
      provinceCode: '01',
    });
    expect(byCode.get('04630')?.name).toBe('Xã Tú Lệ'); // "Xã<br>Tú<br>Lệ"
    expect(byCode.get('26732')).toMatchObject({ name: 'Đặc khu Côn Đảo', kind: 'dac_khu', provinceCode: '79' });
    expect(list.provinces.find((p) => p.code === '04')).toEqual({ code: '04', name: 'Tỉnh Cao Bằng', kind: 'tinh' });
    expect(list.provinces.find((p) => p.code === '46')).toEqual({
      code: '46',
      name: 'Thành phố Huế',
      kind: 'thanh_pho',
    });
    const kinds = (xs: { kind: string }[]) => [...new Set(xs.map((x) => x.kind))].sort();
    expect(kinds(list.communes)).toEqual(['dac_khu', 'phuong', 'xa']);
    expect(kinds(list.oldCommunes)).toEqual(['phuong', 'thi_tran', 'xa']);
    expect(list.oldCommunes.find((c) => c.code === '03172')).toMatchObject({
      name: 'Thị Trấn Mường Chà',
      kind: 'thi_tran',
    });
    // Names are NFC and single-spaced even where the source is not.
    for (const u of [...list.communes, ...list.oldCommunes])
      expect(u.name).toBe(u.name.normalize('NFC').replace(/\s+/g, ' ').trim());
  });

  it('uses the province heading rows, not the unreliable "Tỉnh" column', () => {
    const provinces = parseProvincesCsv('Stt,Mã số,Tên\n1,01,Thành phố Hà Nội\n2,04,Cao Bằng\n');
    const md = [
      '| Stt | Mã số | Tên | Tỉnh |',
      '| --- | ----- | --- | ---- |',
      '|     |       | THÀNH PHỐ HÀ NỘI | |',
      '| 1   | 00070 | Phường Hoàn<br>Kiếm | Tỉnh Cao Bằng |',
      '|     |       | TỈNH CAO BẰNG | |',
      '| 2   | 01273 | Xã  Hòa<br/>An | |',
    ].join('\n');
    expect(parseCommunesMarkdown(md, provinces)).toEqual([
      { code: '00070', name: 'Phường Hoàn Kiếm', kind: 'phuong', provinceCode: '01' },
      { code: '01273', name: 'Xã Hòa An', kind: 'xa', provinceCode: '04' },
    ]);
    expect(() => parseCommunesMarkdown('|  |  | TỈNH KHÔNG CÓ | |', provinces)).toThrow(/unknown province heading/);
  });

  it('names kinds and folds accents', () => {
    expect(kindFromName('Thị trấn Tây Sơn', 'commune')).toBe('thi_tran');
    expect(kindFromName('Đặc khu Phú Quốc', 'commune')).toBe('dac_khu');
    expect(() => kindFromName('Quận 1', 'commune')).toThrow();
    expect(cleanName('Xã\u0020 Tạ An Khương  Đông ')).toBe('Xã Tạ An Khương Đông');
    expect(foldVietnamese('Phường Ba Đình')).toBe('phuong ba dinh');
    expect(foldVietnamese('Hoà'.normalize('NFD'))).toBe('hoa');
    expect(VIETNAMESE_FOLD.from).toHaveLength(VIETNAMESE_FOLD.to.length);
  });
});
