import type { Span } from '../corpus/types.ts'

/**
 * Sentence boundaries inside one paragraph of news copy.
 *
 * A boundary is terminal punctuation (. ? !), then any closing quotes or brackets, then white
 * space, then something that can start a sentence (a capital, a digit or an opening quote).
 * That one rule already keeps quotations whole (“…,” said Abbas.), numbers (3.1, 5km) and
 * lower-case continuations (“…?” he asked). The exceptions are abbreviations, listed below.
 */

/** Words that end in a full stop without ending the sentence (compared case-insensitively, without the dot). */
export const ABBREVIATIONS: ReadonlySet<string> = new Set([
  // titles and ranks
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'gen',
  'lt',
  'col',
  'maj',
  'capt',
  'cpt',
  'sgt',
  'cpl',
  'adm',
  'cmdr',
  'brig',
  'gov',
  'sen',
  'rep',
  'pres',
  'rev',
  'fr',
  'st',
  'sr',
  'jr',
  'hon',
  'amb',
  'supt',
  'insp',
  'det',
  // months and days as newsrooms abbreviate them
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'mon',
  'tue',
  'tues',
  'wed',
  'thu',
  'thur',
  'thurs',
  'fri',
  'sat',
  'sun',
  // everyday abbreviations
  'no',
  'nos',
  'vs',
  'approx',
  'est',
  'dept',
  'govt',
  'inc',
  'corp',
  'ltd',
  'co',
  'mt',
  'ft',
  'fig',
  'al',
  'e.g',
  'i.e',
])

const TERMINAL = new Set(['.', '?', '!', '…'])
const CLOSERS = new Set(['"', '”', '’', "'", ')', ']', '»'])
const SENTENCE_START = /[\p{Lu}\p{N}“"‘'(«[]/u

/** Splits `text[span.start, span.end)` into sentence spans (trimmed, covering every non-space character). */
export function splitSentences(text: string, span: Span): Span[] {
  const sentences: Span[] = []
  let start = skipSpace(text, span.start, span.end)
  let i = start
  while (i < span.end) {
    const ch = text[i]!
    if (!TERMINAL.has(ch)) {
      i++
      continue
    }
    // Swallow runs like "?!" or "..." and the quotes/brackets that close the sentence.
    let end = i + 1
    while (end < span.end && TERMINAL.has(text[end]!)) end++
    while (end < span.end && CLOSERS.has(text[end]!)) end++
    const next = skipSpace(text, end, span.end)
    const isBoundary =
      next > end &&
      next < span.end &&
      SENTENCE_START.test(text[next]!) &&
      !(ch === '.' && endsWithAbbreviation(text, start, i))
    if (isBoundary) {
      sentences.push({ start, end })
      start = next
    }
    i = end
  }
  const last = trimEnd(text, start, span.end)
  if (last > start) sentences.push({ start, end: last })
  return sentences
}

/** True when the word just before the full stop at `dot` is an abbreviation or an initial ("U.S.", "J."). */
function endsWithAbbreviation(text: string, sentenceStart: number, dot: number): boolean {
  let wordStart = dot
  while (wordStart > sentenceStart && /[\p{L}.]/u.test(text[wordStart - 1]!)) wordStart--
  const word = text.slice(wordStart, dot).toLowerCase()
  if (word === '') return false
  if (ABBREVIATIONS.has(word)) return true
  // Initials and dotted acronyms: "J.", "U.S.", "U.N."
  return (
    /^(\p{L}\.)*\p{L}$/u.test(word) && word.replace(/\./g, '').length <= 3 && (word.length === 1 || word.includes('.'))
  )
}

function skipSpace(text: string, from: number, to: number): number {
  let i = from
  while (i < to && /\s/.test(text[i]!)) i++
  return i
}

function trimEnd(text: string, from: number, to: number): number {
  let end = to
  while (end > from && /\s/.test(text[end - 1]!)) end--
  return end
}
