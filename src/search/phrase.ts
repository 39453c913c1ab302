/**
 * Exact phrases ("mother of all battles"): a passage matches when it holds the phrase's words consecutively, case,
 * accents and punctuation aside.
 */
import { fold, tokenize } from './tokenize.ts'
import { pairHashes } from './wordPairs.ts'

export interface PhraseMatcher {
  test(text: string): boolean
  /** Hashes of the phrase's pairs of consecutive words: a passage whose word-pair signature lacks one cannot match. */
  readonly pairs: readonly number[]
}

/**
 * A character outside ASCII other than the typographic punctuation of English copy (curly quotes, dashes, the
 * ellipsis, a no-break space): a letter with an accent, another script, a soft hyphen or zero-width character.
 */
const UNUSUAL = /[^\x00-\x7f\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2026]/

/**
 * A phrase check, fastest test first: the phrase's longest word must stand in the quote (a literal search, any case);
 * then a case-insensitive pattern of the words in order, allowing what the tokenizer drops between words
 * (punctuation, a possessive 's or ’s, nothing at all as in "5km"); then the exact word-for-word comparison of folded
 * words. The first two could miss a quote with accented letters or invisible characters, so such a quote always gets
 * the exact comparison.
 *
 * @example phraseMatcher(['mother', 'of', 'all', 'battles']).test('“the mother of all battles”') // true
 */
export function phraseMatcher(phrase: readonly string[]): PhraseMatcher {
  // A word's apostrophe may be straight or curly in the text (fold makes them one).
  const pattern = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "['’]")
  const ascii = /^[\x00-\x7f]*$/.test(phrase.join(''))
  // For a plain-ASCII phrase an ASCII pattern (no Unicode classes) is several times faster.
  const quick = ascii
    ? new RegExp(phrase.map(pattern).join("(?:['’]s)?[^a-z0-9]*"), 'i')
    : new RegExp(phrase.map(pattern).join("(?:['’]s)?[^\\p{L}\\p{N}]*"), 'iu')
  const longest = phrase.reduce((a, b) => (b.length > a.length ? b : a), '')
  const mustHold = ascii && longest.length >= 4 ? new RegExp(pattern(longest), 'i') : null
  return {
    pairs: pairHashes(phrase),
    test: (text) => {
      if (UNUSUAL.test(text)) return containsPhrase(text, phrase)
      return (mustHold === null || mustHold.test(text)) && quick.test(text) && containsPhrase(text, phrase)
    },
  }
}

/** True when the text holds the phrase's (folded) words consecutively. */
export function containsPhrase(text: string, phrase: readonly string[]): boolean {
  return phraseStarts(text, phrase).length > 0
}

/** Token positions in `text` where the phrase starts (for highlighting); empty when it does not stand there. */
export function phraseStarts(text: string, phrase: readonly string[]): number[] {
  if (phrase.length === 0) return []
  const folded = tokenize(text).map((token) => fold(token.word))
  const starts: number[] = []
  outer: for (let i = 0; i + phrase.length <= folded.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (folded[i + j] !== phrase[j]) continue outer
    starts.push(i)
  }
  return starts
}
