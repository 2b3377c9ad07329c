// Text files as Windows tools save them: Notepad writes UTF-8 with a BOM, PowerShell (Out-File, > before
// version 6) and Excel's "Unicode text" write UTF-16 LE with a BOM; the BOM says which, and is not text.

export class TextEncodingError extends Error {
  constructor(readonly encoding: string) {
    super(`not valid ${encoding}`);
  }
}

/** The encoding of `bytes`: by its BOM, else by the NUL bytes of UTF-16 text that starts with ASCII (RFC 4627 §3). */
export function detectEncoding(bytes: Uint8Array): { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; bom: number } {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', bom: 2 };
  if (bytes.length >= 2 && a !== 0 && b === 0) return { encoding: 'utf-16le', bom: 0 };
  if (bytes.length >= 2 && a === 0 && b !== 0) return { encoding: 'utf-16be', bom: 0 };
  return { encoding: 'utf-8', bom: 0 };
}

/** The text of a file's bytes, without its BOM; TextEncodingError when the bytes are not that encoding. */
export function decodeText(bytes: Uint8Array): string {
  const { encoding, bom } = detectEncoding(bytes);
  let body = bytes.subarray(bom);
  if (encoding === 'utf-16be') {
    // Swapped to LE: Node builds without full ICU decode only UTF-16 LE.
    body = Uint8Array.from(body);
    for (let i = 0; i + 1 < body.length; i += 2) [body[i], body[i + 1]] = [body[i + 1]!, body[i]!];
  }
  try {
    // ignoreBOM: the BOM was already skipped, so a second one would be content and is kept as such.
    return new TextDecoder(encoding === 'utf-8' ? 'utf-8' : 'utf-16le', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw new TextEncodingError(encoding.toUpperCase());
  }
}
