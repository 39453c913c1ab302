/**
 * Bytes of an article file → its text, or one problem saying why the file cannot be an article. Pure (no I/O),
 * so the loader and a live-reload watcher decode exactly the same way.
 */
import type { Problem, ProblemCode } from '../errors.ts'

export type Decoded = { ok: true; text: string } | { ok: false; problem: Problem }

// Fatal: a byte that is not UTF-8 is an error, not a silent U+FFFD inside a quote. The decoder drops a leading
// BOM (the WHATWG default), so offsets index the text without it.
const utf8 = new TextDecoder('utf-8', { fatal: true })

export function decodeArticleBytes(file: string, bytes: Uint8Array): Decoded {
  const fail = (code: ProblemCode, message: string): Decoded => ({ ok: false, problem: { where: file, code, message } })
  if (bytes.length === 0) return fail('FILE_EMPTY', 'is empty; skipped')
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return fail('FILE_NOT_UTF8', 'is UTF-16 text; save it as UTF-8. Skipped')
  }
  const nul = bytes.indexOf(0)
  if (nul >= 0) return fail('FILE_BINARY', `is not a text file (NUL byte at byte ${nul}); skipped`)
  try {
    return { ok: true, text: utf8.decode(bytes) }
  } catch {
    const at = firstInvalidUtf8(bytes)
    const line = countLines(bytes, at)
    return fail(
      'FILE_NOT_UTF8',
      `is not valid UTF-8 (first bad byte at byte ${at}, line ${line}); save it as UTF-8. Skipped`,
    )
  }
}

/** Offset of the first byte that breaks UTF-8, for the message only (runs after the decoder has already failed). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0
    if (length === 0) return i
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k]
      if (c === undefined || (c & 0xc0) !== 0x80) return i
    }
    // Overlongs, surrogates and code points past U+10FFFF (the second byte's allowed range depends on the first).
    const second = bytes[i + 1] ?? 0
    if (
      (b === 0xe0 && second < 0xa0) ||
      (b === 0xed && second > 0x9f) ||
      (b === 0xf0 && second < 0x90) ||
      (b === 0xf4 && second > 0x8f)
    )
      return i
    i += length
  }
  return bytes.length
}

function countLines(bytes: Uint8Array, end: number): number {
  let line = 1
  for (let i = 0; i < end; i++) if (bytes[i] === 10) line++
  return line
}
