import { stemmer } from 'stemmer'
import lemmatizer from 'wink-lemmatizer'

/** A word of a text with its place: `text.slice(start, end) === word`. */
export interface Token {
  word: string
  start: number
  end: number
}

/**
 * Characters that sit inside a word without changing it: combining accents ("Talbi\u0304seh" written as "i" plus a
 * macron), the soft hyphen a typesetter leaves at a possible break (U+00AD), zero-width spaces and joiners, the word
 * joiner and a stray byte-order mark. They belong to the word they are in (so it is not cut in two) and fold() drops them.
 */
const INVISIBLE = '\\p{M}\\u00AD\\u200B-\\u200D\\u2060\\uFEFF'
// A number keeps its decimal point or thousands separator ("3.1", "9,000"); a word keeps an
// inner apostrophe so that the possessive of "Syria’s" can be dropped.
const WORD = new RegExp(
  `\\p{N}[\\p{N}${INVISIBLE}]*(?:[.,]\\p{N}[\\p{N}${INVISIBLE}]*)*[\\p{L}${INVISIBLE}]*` +
    `|[\\p{L}\\p{N}][\\p{L}\\p{N}${INVISIBLE}]*(?:['’][\\p{L}${INVISIBLE}]+)*`,
  'gu',
)
const ASCII_WORD = /^[\x00-\x7f]*$/
/** What fold() removes after Unicode normalization: the invisible characters above. */
const INVISIBLE_CHARS = new RegExp(`[${INVISIBLE}]+`, 'gu')
// "5km" → "5", "km": newsrooms glue units to numbers and readers search them apart.
const NUMBER_UNIT = /^(\p{N}+(?:[.,]\p{N}+)*)(\p{L}+)$/u

/** Splits text into words with their offsets (possessives and number-unit pairs split). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  for (const match of text.matchAll(WORD)) {
    const start = match.index
    let word = match[0]
    const possessive = /['’]s$/i.exec(word)
    if (possessive) word = word.slice(0, -2)
    const unit = NUMBER_UNIT.exec(word)
    if (unit) {
      tokens.push({ word: unit[1]!, start, end: start + unit[1]!.length })
      tokens.push({ word: unit[2]!, start: start + unit[1]!.length, end: start + word.length })
    } else {
      tokens.push({ word, start, end: start + word.length })
    }
  }
  return tokens
}

/** The words of a text, for MiniSearch's `tokenize` option. */
export function words(text: string): string[] {
  return tokenize(text).map((token) => token.word)
}

/**
 * The one form two spellings of a word must share to match, on both sides (articles and queries): compatibility
 * forms unified (NFKC: full-width "Ｈｏｍｓ" → "Homs", the ligature "ﬁ" → "fi"), accents and other combining marks
 * dropped whether the text was composed or decomposed (NFC "ī" and "i" + U+0304 both → "i"), soft hyphens and
 * zero-width characters dropped, typographic apostrophes made plain, lower case: "Talbīseh" → "talbiseh".
 */
export function fold(word: string): string {
  // Most words of English copy are plain ASCII: nothing to normalize, decompose or strip (several times faster).
  if (ASCII_WORD.test(word)) return word.toLowerCase()
  return word.normalize('NFKC').normalize('NFD').replace(INVISIBLE_CHARS, '').replace(/[’ʼ]/g, "'").toLowerCase()
}

/**
 * The form a word is indexed and searched under: folded, irregular verbs lemmatized
 * (fled → flee, led → lead, withdrew → withdraw) and then Porter-stemmed
 * (fleeing → flee, kilometres → kilometr). Both sides of a search use this one function.
 */
export function normalizeWord(word: string): string {
  let normalized = normalized_.get(word)
  if (normalized === undefined) {
    normalized = computeNormalized(word)
    // News vocabulary is a few tens of thousands of surface forms; the bound keeps a hostile input from growing it forever.
    if (normalized_.size >= 200_000) normalized_.clear()
    normalized_.set(word, normalized)
  }
  return normalized
}

/** Memo of normalizeWord: lemmatizing and stemming every token is most of the cost of indexing. */
const normalized_ = new Map<string, string>()

function computeNormalized(word: string): string {
  const folded = fold(word)
  if (!/\p{L}/u.test(folded)) return folded
  // The lemmatizer only knows plain English words; names and mixed tokens go straight to the stemmer.
  const lemma = /^[a-z]+$/.test(folded) && folded.length > 2 ? lemmatizer.verb(folded) : folded
  return stemmer(lemma)
}
