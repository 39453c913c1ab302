import type { Span } from '../corpus/types.ts'
import type { Version } from './quotationIndex.ts'
import { contentWords, diffWords, ELLIPSIS_WORD, type WordingToken, wordingTokens } from './wording.ts'

/**
 * Where two versions of a statement differ, as places in their printed words (never rebuilt text): what the
 * renderers mark and what a warning quotes.
 */

/** The words of a version as printed, with their places in `version.words` (ellipses left out). */
function printedWords(version: Version): WordingToken[] {
  return wordingTokens(version.words, [{ start: 0, end: version.words.length }]).filter((t) => t.word !== ELLIPSIS_WORD)
}

/**
 * The stretches of `version.words` holding words `reference` has not (in a word-by-word comparison), joined where only
 * spaces or punctuation separate them.
 *
 * @example
 * differingSpans(jkVersion, apVersion).map((s) => jkVersion.words.slice(s.start, s.end)) // → ['determine Syria’s ruler']
 */
export function differingSpans(version: Version, reference: Version): Span[] {
  const words = printedWords(version)
  const parts = diffWords(
    words.map((t) => t.word),
    contentWords(reference.key),
  )
  const spans: Span[] = []
  for (const part of parts) {
    if (part.kind !== 'only-a') continue
    const first = words[part.a[0]]
    const last = words[part.a[1] - 1]
    if (first && last) spans.push({ start: first.start, end: last.end })
  }
  return spans
}

/**
 * The words of `other` that `own` has not, as one verbatim stretch of `other`'s printed words: what a warning shows
 * ("…decide who will rule Syria"; one or two words come with a word either side: "…a good position…"). `from`/`to`
 * index `other.words`; `cutBefore`/`cutAfter` say whether words were left out on either side.
 */
export function differingStretch(
  own: Version,
  other: Version,
): { from: number; to: number; cutBefore: boolean; cutAfter: boolean } | null {
  const words = printedWords(other)
  const changed = diffWords(
    contentWords(own.key),
    words.map((t) => t.word),
  ).filter((p) => p.kind !== 'same' && p.b[1] > p.b[0])
  if (changed.length === 0 || words.length === 0) return null
  let first = changed[0]!.b[0]
  let last = changed.at(-1)!.b[1] - 1
  // A word or two alone says little ("…good…"): show the words around them ("…a good position…").
  if (last - first < 2) {
    first = Math.max(0, first - 1)
    last = Math.min(words.length - 1, last + 1)
  }
  return { from: words[first]!.start, to: words[last]!.end, cutBefore: first > 0, cutAfter: last < words.length - 1 }
}
