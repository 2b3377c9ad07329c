// How the name of an administrative unit is written (Nghị định 30/2020/NĐ-CP, Phụ lục II): the common noun of the
// unit takes a capital when it heads a list or a line ('Xã Quân Chu'), and a small letter inside a sentence
// ('Hội trường UBND xã Quân Chu', 'của xã Quân Chu, tỉnh Thái Nguyên'). Pure.

/** The common nouns of units, longest first so that 'Thành phố' is not read as another word. */
const KINDS = ['Thành phố', 'Thị trấn', 'Thị xã', 'Đặc khu', 'Phường', 'Huyện', 'Quận', 'Tỉnh', 'Xã'];
const LEADING = new RegExp(`^(${KINDS.join('|')})\\s+`, 'u');

/** Written with a capital everywhere (Phụ lục II, 'viết hoa đặc biệt'). */
const ALWAYS_CAPITAL = new Set(['Thành phố Hồ Chí Minh', 'Thủ đô Hà Nội']);

/**
 * 'Xã Quân Chu' → 'xã Quân Chu', 'Tỉnh Thái Nguyên' → 'tỉnh Thái Nguyên', as it reads inside a sentence. A unit
 * named by a number keeps its capital ('Phường 1'), as does Thành phố Hồ Chí Minh. (Units named after a person or an
 * event keep it too by the same rule, 'Phường Nguyễn Du'; the unit list does not say which those are.)
 */
export function unitInSentence(name: string): string {
  const n = name.trim().replace(/\s+/gu, ' ');
  if (ALWAYS_CAPITAL.has(n)) return n;
  const m = LEADING.exec(n);
  if (!m) return n;
  const rest = n.slice(m[0].length);
  if (/^\d/u.test(rest)) return n;
  return `${(m[1] ?? '').toLocaleLowerCase('vi')} ${rest}`;
}

/**
 * 'Tỉnh Thái Nguyên' → 'Thái Nguyên', 'Xã Quân Chu' → 'Quân Chu': the place in 'Thái Nguyên, ngày …'
 * ('Thành phố Hồ Chí Minh, ngày …' keeps its full name, as Phụ lục I writes it).
 */
export function unitPlace(name: string): string {
  const n = name.trim().replace(/\s+/gu, ' ');
  if (ALWAYS_CAPITAL.has(n)) return n;
  const rest = n.replace(LEADING, '');
  return /^\d/u.test(rest) ? n : rest;
}
