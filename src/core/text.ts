// How the product compares Vietnamese words typed by people: names in search, headers and choices in
// imported files. Pure.

/** Lower case, no diacritics (đ → d), single spaces. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** A column header as typed: folded, without the trailing '*' (required) or ':'. */
export const foldHeader = (text: string): string => fold(text.replace(/[*:]+\s*$/, ''));
