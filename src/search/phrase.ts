/**
 * Exact phrases ("mother of all battles"): a passage matches when it holds the phrase's words consecutively, case,
 * accents and punctuation aside.
 */
import { fold, tokenize } from './tokenize.ts'

export interface PhraseMatcher {
  test(text: string): boolean
}

const NON_ASCII = /[^\x00-\x7f]/

/**
 * A phrase check: a quick case-insensitive pattern first (most candidates fail it), then the exact word-for-word
 * comparison on the quote's folded words. The pattern allows what the tokenizer drops between words (punctuation,
 * a possessive 's, nothing at all as in "5km"). It can miss a quote with accented letters, so a quote with any
 * non-ASCII character gets the exact check anyway.
 *
 * @example phraseMatcher(['mother', 'of', 'all', 'battles']).test('“the mother of all battles”') // true
 */
export function phraseMatcher(phrase: readonly string[]): PhraseMatcher {
  const escaped = phrase.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  // For a plain-ASCII phrase an ASCII pattern (no Unicode classes) is several times faster.
  const quick = /^[\x00-\x7f]*$/.test(phrase.join(''))
    ? new RegExp(escaped.join("(?:'s)?[^a-z0-9]*"), 'i')
    : new RegExp(escaped.join("(?:['’]s)?[^\\p{L}\\p{N}]*"), 'iu')
  return { test: (text) => (quick.test(text) || NON_ASCII.test(text)) && containsPhrase(text, phrase) }
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
