import { describe, expect, it } from 'vitest';
import { assignCommunes, communesByGroup } from '../../src/core/groups/assign.ts';
import { readGroupingRows } from '../../src/core/groups/grouping-file.ts';

const daiTu = { id: 100, name: 'Huyện Đại Từ' };
const phuLuong = { id: 200, name: 'Huyện Phú Lương' };
const dinhHoa = { id: 300, name: 'Huyện Định Hóa' };
const custom = { id: 400, name: 'Cụm 1' };

describe('assignCommunes', () => {
  // Old communes 1..6; current communes 11, 12, 13, 14.
  const memberOf = new Map([
    [1, daiTu],
    [2, daiTu],
    [3, phuLuong],
    [4, phuLuong],
    [5, dinhHoa],
    [14, custom],
  ]);
  const predecessors = new Map([
    [11, [1, 2, 3]], // two of Đại Từ, one of Phú Lương
    [12, [3, 5]], // a tie: Định Hóa before Phú Lương in Vietnamese order
    [13, [6]], // an old commune no group lists
    [14, [1, 2]], // listed itself: its own group wins
  ]);
  const communes = [
    { id: 11, name: 'Xã Quân Chu' },
    { id: 12, name: 'Xã Bình Yên' },
    { id: 13, name: 'Xã Yên Trạch' },
    { id: 14, name: 'Phường Phan Đình Phùng' },
  ];
  const assigned = assignCommunes(communes, memberOf, predecessors);

  it('puts a commune in the group of most of its predecessors, ties by name', () => {
    expect(assigned.get(11)).toEqual(daiTu);
    expect(assigned.get(12)).toEqual(dinhHoa);
    expect(assigned.get(13)).toBeNull();
    expect(assigned.get(14)).toEqual(custom);
  });

  it('does not depend on the order of the predecessors', () => {
    const reversed = new Map([...predecessors].map(([k, v]) => [k, [...v].reverse()]));
    expect(assignCommunes(communes, memberOf, reversed)).toEqual(assigned);
  });

  it('lists communes by group in Vietnamese order, the unassigned apart', () => {
    const { groups, unassigned } = communesByGroup(communes, assigned);
    expect(groups.map((g) => g.group.name)).toEqual(['Cụm 1', 'Huyện Đại Từ', 'Huyện Định Hóa']);
    expect(unassigned.map((c) => c.id)).toEqual([13]);
  });
});

describe('readGroupingRows', () => {
  it('finds the header after a title, pads codes, and keeps the group code', () => {
    const { rows, issues } = readGroupingRows([
      ['Danh sách xã theo huyện cũ'],
      ['Mã xã', 'Tên xã', 'Huyện cũ', 'Mã huyện'],
      ['5830', 'Xã Quân Chu', 'Huyện Đại Từ', '168'],
      ['', '', '', ''],
      ['05833', 'Xã Cát Nê', ' Huyện  Đại Từ ', '168'],
    ]);
    expect(issues).toEqual([]);
    expect(rows).toEqual([
      { row: 3, code: '05830', group: 'Huyện Đại Từ', groupCode: '168' },
      { row: 5, code: '05833', group: 'Huyện Đại Từ', groupCode: '168' },
    ]);
  });

  it('names the row, column and value of every bad row', () => {
    const { issues } = readGroupingRows([
      ['ma', 'nhom'],
      ['abc', 'Cụm 1'],
      ['00004', ''],
      ['00007', 'Cụm 1'],
      ['7', 'Cụm 2'],
    ]);
    expect(issues.map((i) => [i.row, i.field, i.value, i.code])).toEqual([
      [2, 'ma', 'abc', 'code_invalid'],
      [3, 'nhom', '', 'group_missing'],
      [5, 'ma', '7', 'code_duplicate'],
    ]);
  });

  it('refuses a file without the header', () => {
    expect(readGroupingRows([['a', 'b']]).issues[0]!.code).toBe('no_header');
    expect(readGroupingRows([['code', 'group']]).issues[0]!.code).toBe('no_rows');
  });
});
