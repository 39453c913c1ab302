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
