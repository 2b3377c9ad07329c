// Unit names as Nghị định 30/2020/NĐ-CP (Phụ lục II) writes them: capital at the head of a line, small inside a sentence.
import { describe, expect, it } from 'vitest';
import { unitInSentence, unitPlace } from '../../src/core/unit-names.ts';

describe('unit names', () => {
  it('lowers the common noun of the unit inside a sentence', () => {
    expect(unitInSentence('Xã Quân Chu')).toBe('xã Quân Chu');
    expect(unitInSentence('Tỉnh Thái Nguyên')).toBe('tỉnh Thái Nguyên');
    expect(unitInSentence('Phường Phổ Yên')).toBe('phường Phổ Yên');
    expect(unitInSentence('Đặc khu Phú Quốc')).toBe('đặc khu Phú Quốc');
    expect(unitInSentence('Thành phố Hà Nội')).toBe('thành phố Hà Nội');
    expect(unitInSentence('  Xã   Vạn Phú ')).toBe('xã Vạn Phú');
  });

  it('keeps the capital of a unit named by a number, of Thành phố Hồ Chí Minh, and of a name without a unit word', () => {
    expect(unitInSentence('Phường 1')).toBe('Phường 1');
    expect(unitInSentence('Thành phố Hồ Chí Minh')).toBe('Thành phố Hồ Chí Minh');
    expect(unitInSentence('Quân Chu')).toBe('Quân Chu');
    // 'Xã' is a unit word only as a whole word.
    expect(unitInSentence('Xãxã')).toBe('Xãxã');
  });

  it('gives the place of the date line', () => {
    expect(unitPlace('Tỉnh Thái Nguyên')).toBe('Thái Nguyên');
    expect(unitPlace('Xã Quân Chu')).toBe('Quân Chu');
    expect(unitPlace('Thành phố Hồ Chí Minh')).toBe('Thành phố Hồ Chí Minh');
    expect(unitPlace('Phường 1')).toBe('Phường 1');
  });
});
