// Footnotes in a plan's texts, written the way Markdown writes inline notes: 'Luật Trẻ em^[Luật số 102/2016/QH13.]'.
// The note follows the word it explains; brackets inside a note nest ('^[Điều 4 [sửa đổi]]'). A '^[' never closed is
// kept as typed, so a stray caret does not swallow the rest of the text. Pure: the documents render the notes.

export type FootnotePart = { kind: 'text'; text: string } | { kind: 'note'; text: string };

/** The text cut into plain runs and notes, in order; adjacent plain runs are merged, empty notes dropped. */
export function parseFootnotes(text: string): FootnotePart[] {
  const parts: FootnotePart[] = [];
  const pushText = (s: string) => {
    if (!s) return;
    const last = parts[parts.length - 1];
    if (last?.kind === 'text') last.text += s;
    else parts.push({ kind: 'text', text: s });
  };
  let i = 0;
  let plain = '';
  while (i < text.length) {
    const at = text.indexOf('^[', i);
    if (at < 0) break;
    const close = closingBracket(text, at + 2);
    if (close < 0) break;
    plain += text.slice(i, at);
    const note = text.slice(at + 2, close).trim();
    if (note) {
      pushText(plain);
      plain = '';
      parts.push({ kind: 'note', text: note });
    }
    i = close + 1;
  }
  pushText(plain + text.slice(i));
  return parts;
}

/** Index of the ']' that closes the note opened before `from`, counting nested brackets; -1 when none. */
function closingBracket(text: string, from: number): number {
  let depth = 0;
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === '[') depth++;
    else if (c === ']') {
      if (depth === 0) return j;
      depth--;
    }
  }
  return -1;
}

/** The text without its notes, as read on a screen or in a sentence that cites it. */
export function stripFootnotes(text: string): string {
  return parseFootnotes(text)
    .filter((p) => p.kind === 'text')
    .map((p) => p.text)
    .join('');
}

/** The notes of a text, in order. */
export function footnotesOf(text: string): string[] {
  return parseFootnotes(text).flatMap((p) => (p.kind === 'note' ? [p.text] : []));
}
