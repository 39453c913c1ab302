import type { Span } from '../corpus/types.ts'

/** A quote cut to fit a length, still verbatim: `text` is a prefix of the original quote, plus "…" when cut. */
export interface FittedQuote {
  text: string
  /** True when the quote was cut. */
  cut: boolean
  /** Length of the verbatim prefix kept (highlights beyond it are dropped). */
  kept: number
}

export const ELLIPSIS = '…'

/**
 * Fits a quote into `maxChars` (ellipsis included): cut at the last sentence end that fits if it
 * keeps at least half the room, else at the last word boundary, never inside a word.
 */
export function fitQuote(quote: string, maxChars: number): FittedQuote {
  if (quote.length <= maxChars) return { text: quote, cut: false, kept: quote.length }
  const room = Math.max(1, maxChars - ELLIPSIS.length)
  const head = quote.slice(0, room + 1)
  const sentenceEnds = [...head.matchAll(/[.?!]["”’)]*(?=\s)/g)].map((m) => m.index + m[0].length)
  const sentenceEnd = sentenceEnds.filter((end) => end <= room).pop()
  let kept: number
  if (sentenceEnd !== undefined && sentenceEnd >= room / 2) kept = sentenceEnd
  else {
    const lastSpace = head.slice(0, room + 1).search(/\s\S*$/)
    kept = Math.max(lastSpace, 0)
    // Drop punctuation that would dangle before the ellipsis ("Homs, …").
    while (kept > 0 && /[\s,;:(\-–—“"‘]/.test(quote[kept - 1]!)) kept--
  }
  if (kept === 0) return { text: ELLIPSIS, cut: true, kept: 0 }
  return { text: `${quote.slice(0, kept)}${sentenceEnd === kept ? ' ' : ''}${ELLIPSIS}`, cut: true, kept }
}

/** Highlights that fall wholly within the kept prefix of a fitted quote. */
export function keptHighlights(highlights: readonly Span[], kept: number): Span[] {
  return highlights.filter((span) => span.end <= kept)
}

/** A quote as a person reads it, and where its highlighted words are in that form. */
export interface DisplayedQuote {
  text: string
  highlights: Span[]
}

/** A run of white space that holds a line break (with the indentation around it). */
const LINE_BREAK_RUN = /[^\S\r\n]*(?:\r\n?|\n)\s*/g

/**
 * The one way a quote is shown to a person (terminal, Slack, console): each run of white space holding a line break
 * becomes one space, so a passage cut from hard-wrapped copy reads as the sentence it is. White space is the only
 * thing changed: every word, letter and punctuation mark is the source's, in its order. `highlights` (offsets in the
 * quote as stored) are moved to the same words in the displayed text. `--json` keeps the exact slice instead.
 *
 * @example displayQuote('the rebels\n  reached Homs', [{ start: 22, end: 26 }])
 * // → { text: 'the rebels reached Homs', highlights: [{ start: 19, end: 23 }] }
 */
export function displayQuote(text: string, highlights: readonly Span[] = []): DisplayedQuote {
  if (!/[\r\n]/.test(text)) return { text, highlights: [...highlights] }
  const runs: { start: number; end: number }[] = []
  const shown = text.replace(LINE_BREAK_RUN, (run: string, at: number) => {
    runs.push({ start: at, end: at + run.length })
    return ' '
  })
  const map = (offset: number): number => {
    let removed = 0
    for (const run of runs) {
      if (run.end <= offset) removed += run.end - run.start - 1
      else if (run.start < offset)
        return run.start - removed + 1 // inside a run: just after its one space
      else break
    }
    return offset - removed
  }
  return { text: shown, highlights: highlights.map((span) => ({ start: map(span.start), end: map(span.end) })) }
}
