// The product's one order for names, on real names from the official unit lists (resources/admin-units-2025).
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { byVi, compareVi, sortVi } from '../../src/core/collation.ts';
import { readOfficialList } from '../../src/server/features/units/load.ts';
import type { OfficialList } from '../../src/server/features/units/official-list.ts';

let list: OfficialList;
beforeAll(async () => {
  list = await readOfficialList();
});

/** The names of one province's current communes (by its code in 915/CTK-CSCL). */
const communesOf = (provinceCode: string) =>
  list.communes.filter((c) => c.provinceCode === provinceCode).map((c) => c.name);

/** The given names in the order they take in `sorted`. */
const orderOf = (sorted: string[], names: string[]) => sorted.filter((n) => names.includes(n));

describe('Vietnamese order with natural numbers', () => {
  it('orders Thái Nguyên’s communes as the alphabet does, where code-point order put “Bình” before “Bạch”', () => {
    const names = communesOf('19');
    const sorted = sortVi(names, (n) => n);
    expect(
      orderOf(sorted, [
        'Xã Chợ Rã',
        'Xã Bình Yên',
        'Xã Bằng Thành',
        'Xã Chợ Đồn',
        'Xã Bạch Thông',
        'Xã Bình Thành',
        'Xã Ba Bể',
        'Xã Chợ Mới',
      ]),
    ).toEqual([
      'Xã Ba Bể',
      'Xã Bạch Thông',
      'Xã Bằng Thành',
      'Xã Bình Thành',
      'Xã Bình Yên',
      'Xã Chợ Đồn',
      'Xã Chợ Mới',
      'Xã Chợ Rã',
    ]);
    expect(orderOf(sorted, ['Phường Phúc Thuận', 'Phường Phổ Yên'])).toEqual(['Phường Phổ Yên', 'Phường Phúc Thuận']);
    // D before Đ: "Dân Tiến" ends the D's, then the Đ's from "Đại Phúc" to "Đức Lương".
    expect(sorted.filter((n) => /^Xã [DĐ]/.test(n))).toEqual([
      'Xã Dân Tiến',
      'Xã Đại Phúc',
      'Xã Đại Từ',
      'Xã Điềm Thụy',
      'Xã Định Hóa',
      'Xã Đồng Hỷ',
      'Xã Đồng Phúc',
      'Xã Đức Lương',
    ]);
    // What the issue saw: code points put the accented letters after every plain one.
    expect(orderOf([...names].sort(), ['Xã Bạch Thông', 'Xã Bình Thành', 'Xã Bình Yên'])).toEqual([
      'Xã Bình Thành',
      'Xã Bình Yên',
      'Xã Bạch Thông',
    ]);
    expect(orderOf([...names].sort(), ['Xã Chợ Mới', 'Xã Chợ Rã', 'Xã Chợ Đồn'])).toEqual([
      'Xã Chợ Mới',
      'Xã Chợ Rã',
      'Xã Chợ Đồn',
    ]);
  });

  it('orders the 34 provinces: ă, â after a, đ after d, then tones within a letter', () => {
    expect(sortVi(list.provinces, (p) => p.name).map((p) => p.name)).toEqual([
      'Thành phố Cần Thơ',
      'Thành phố Đà Nẵng',
      'Thành phố Hà Nội',
      'Thành phố Hải Phòng',
      'Thành phố Hồ Chí Minh',
      'Thành phố Huế',
      'Tỉnh An Giang',
      'Tỉnh Bắc Ninh',
      'Tỉnh Cà Mau',
      'Tỉnh Cao Bằng',
      'Tỉnh Đắk Lắk',
      'Tỉnh Điện Biên',
      'Tỉnh Đồng Nai',
      'Tỉnh Đồng Tháp',
      'Tỉnh Gia Lai',
      'Tỉnh Hà Tĩnh',
      'Tỉnh Hưng Yên',
      'Tỉnh Khánh Hòa',
      'Tỉnh Lai Châu',
      'Tỉnh Lạng Sơn',
      'Tỉnh Lào Cai',
      'Tỉnh Lâm Đồng',
      'Tỉnh Nghệ An',
      'Tỉnh Ninh Bình',
      'Tỉnh Phú Thọ',
      'Tỉnh Quảng Ngãi',
      'Tỉnh Quảng Ninh',
      'Tỉnh Quảng Trị',
      'Tỉnh Sơn La',
      'Tỉnh Tây Ninh',
      'Tỉnh Thái Nguyên',
      'Tỉnh Thanh Hóa',
      'Tỉnh Tuyên Quang',
      'Tỉnh Vĩnh Long',
    ]);
  });

  it('puts every commune of the country beginning with a letter of its own (Ă, Â, Đ, Ê, Ô, Ơ, Ư) after the plain letter’s', () => {
    const sorted = sortVi(list.communes, (c) => c.name).map((c) => c.name);
    // The first letter without its tone (the five tone marks go, breve, circumflex and horn stay).
    const firstLetter = (name: string) =>
      (/^\p{L}\p{M}*/u.exec(name.replace(/^(Xã|Phường|Đặc khu) /, '').normalize('NFD'))?.[0] ?? '')
        .replace(/[\u0300\u0301\u0303\u0309\u0323]/g, '')
        .normalize('NFC')
        .toUpperCase();
    const rank = (name: string) => 'AĂÂBCDĐEÊFGHIJKLMNOÔƠPQRSTUƯVWXYZ'.indexOf(firstLetter(name));
    for (const kind of ['Xã ', 'Phường ']) {
      const ranks = sorted.filter((n) => n.startsWith(kind)).map(rank);
      expect(ranks.every((r) => r >= 0)).toBe(true);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    }
    // Numbered communes in natural order: A Lưới 1 … 5.
    expect(sorted.filter((n) => n.startsWith('Xã A Lưới'))).toEqual([1, 2, 3, 4, 5].map((i) => `Xã A Lưới ${i}`));
  });

  it('numbers villages naturally: Thôn 1, Thôn 2, … Thôn 10 … Thôn 19', () => {
    const villages = Array.from({ length: 19 }, (_, i) => `Thôn ${i + 1}`);
    const shuffled = [...villages].reverse().sort((a, b) => a.length - b.length || b.localeCompare(a));
    expect([...shuffled].sort()).not.toEqual(villages); // code points: Thôn 1, Thôn 10, … Thôn 19, Thôn 2
    expect([...shuffled].sort(compareVi)).toEqual(villages);
    expect(sortVi(['Tổ dân phố 10', 'Tổ dân phố 9', 'Thôn 2A', 'Thôn 2', 'Thôn 12'], (n) => n)).toEqual([
      'Thôn 2',
      'Thôn 2A',
      'Thôn 12',
      'Tổ dân phố 9',
      'Tổ dân phố 10',
    ]);
  });

  it('sorts objects by the name a key gives', () => {
    const rows = [{ name: 'Xã Chợ Rã' }, { name: 'Xã Bạch Thông' }, { name: 'Xã Bình Yên' }];
    expect([...rows].sort(byVi((r) => r.name)).map((r) => r.name)).toEqual([
      'Xã Bạch Thông',
      'Xã Bình Yên',
      'Xã Chợ Rã',
    ]);
  });

  it('is a total order: antisymmetric, and zero only for the same text (ties broken by code point, as SQL does)', () => {
    // "Bạch" composed and decomposed are equal to the collator; compareVi still tells them apart.
    const composed = 'Xã Bạch Thông';
    const decomposed = composed.normalize('NFD');
    expect(compareVi(composed, decomposed)).not.toBe(0);
    expect(Math.sign(compareVi(composed, decomposed))).toBe(-Math.sign(compareVi(decomposed, composed)));
    const names = list.communes.map((c) => c.name);
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.constantFrom(...names), fc.string(), (a, b, c) => {
        // A sum, not toBe(-x): Object.is tells 0 from -0 when a and b are the same name (a counterexample CI found).
        expect(Math.sign(compareVi(a, b)) + Math.sign(compareVi(b, a))).toBe(0);
        expect(compareVi(a, b) === 0).toBe(a === b);
        expect(compareVi(a + c, a + c)).toBe(0);
      }),
    );
  });
});
