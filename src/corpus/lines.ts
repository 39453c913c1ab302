/**
 * Lines of an article with their offsets, so every rule works on a line but reports offsets into the
 * original text. "\r\n", "\n" and a lone "\r" all end a line; the break itself belongs to no line.
 */
export interface Line {
  /** 1-based line number, for messages and `inspect`. */
  number: number
  /** [start, end) of the line without its line break. */
  start: number
  end: number
  /** [contentStart, contentEnd) is the line trimmed of whitespace (a BOM counts as whitespace); empty for a blank line. */
  contentStart: number
  contentEnd: number
}

const WHITESPACE = /\s/

export function isWhitespace(ch: string | undefined): boolean {
  return ch !== undefined && WHITESPACE.test(ch)
}

/** Splits text into lines in one pass (linear time, no regex over the whole text). */
export function splitLines(text: string): Line[] {
  const lines: Line[] = []
  let start = 0
  let number = 1
  const push = (end: number): void => {
    let contentStart = start
    let contentEnd = end
    while (contentStart < contentEnd && isWhitespace(text[contentStart])) contentStart++
    while (contentEnd > contentStart && isWhitespace(text[contentEnd - 1])) contentEnd--
    lines.push({ number, start, end, contentStart, contentEnd })
    number++
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (ch === 10 /* \n */ || ch === 13 /* \r */) {
      push(i)
      if (ch === 13 && text.charCodeAt(i + 1) === 10) i++
      start = i + 1
    }
  }
  // A final line without a break (or an empty one after a trailing break, which is simply blank).
  push(text.length)
  return lines
}

/** The 1-based line number an offset falls on (for messages), by binary search over `lines`. */
export function lineNumberAt(lines: readonly Line[], offset: number): number {
  let lo = 0
  let hi = lines.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    const line = lines[mid]
    if (line !== undefined && line.start <= offset) lo = mid
    else hi = mid - 1
  }
  return lines[lo]?.number ?? 1
}
