/**
 * Query planning: what each asked word or phrase may match in the index, and how much each match counts.
 *
 * A word matches itself (weight 1), its equivalents and concept words from the vocabulary (vocabulary.ts), and,
 * where the index suggests a typo, its spelling variants. Every choice here depends only on the query, the
 * vocabulary and the index's live statistics, and every list is in a total order, so the same live articles always
 * give the same plan (live reload equals a fresh load).
 */
import { type PhraseMatcher, phraseMatcher } from './phrase.ts'
import type { ParsedQuery } from './query.ts'
import type { SearchIndex } from './searchIndex.ts'
import { compareCodeUnits } from '../corpus/order.ts'
import { fold, normalizeWord } from './tokenize.ts'
import type { Alternative } from './vocabulary.ts'

/** One thing the query asks for: a word (with its alternatives) or an exact phrase. */
export interface QueryGroup {
  /** What was asked, as typed (for notices). */
  surface: string
  alternatives: Alternative[]
  /** For an exact phrase: checks a quote for its words, consecutively. */
  phrase: PhraseMatcher | null
}

/** The typo settings, with their defaults. */
export const TYPO_OPTIONS = {
  /** Words shorter than this are never matched fuzzily or by prefix ("hom" must not find "home"). */
  minLength: 5,
  /** Longest word (in letters) allowed one edit; longer words are allowed two. */
  oneEditUpTo: 7,
  /** Weights of a fuzzy or prefix match relative to the word itself (MiniSearch's defaults). */
  fuzzyWeight: 0.45,
  prefixWeight: 0.375,
  /** Most spelling variants or completions one word may bring in. */
  maxVariants: 8,
  /**
   * A word is checked for typos when fewer live passages than this hold it: max(rareFloor, rareShare × passages).
   * Common words are never expanded (they are spelt right, and their variants would swamp the answer).
   */
  rareFloor: 10,
  rareShare: 0.001,
} as const

/** Edit distance tolerated for a word: none for short words, 1 up to `oneEditUpTo` letters, 2 beyond. */
export function typoBudget(word: string): number {
  if (word.length < TYPO_OPTIONS.minLength || !/^\p{L}+$/u.test(word)) return 0
  return word.length <= TYPO_OPTIONS.oneEditUpTo ? 1 : 2
}

/** The groups a parsed query asks for, in order: words first, then phrases. */
export function planQuery(parsed: ParsedQuery, index: SearchIndex): QueryGroup[] {
  const { vocabulary } = index
  const groups: QueryGroup[] = parsed.terms.map((term) => {
    const id = term.terms.join(' ')
    const known = vocabulary.alternatives.get(id) ?? correctedAlternatives(id, index)
    const asked: Alternative = { terms: term.terms, weight: 1 }
    const typos = term.terms.length === 1 ? typoAlternatives(fold(term.surface), id, index) : []
    // An alternative already reached another way keeps its first (strongest) weight.
    const seen = new Set([id, ...known.map((a) => a.terms.join(' '))])
    return {
      surface: term.surface,
      alternatives: [asked, ...known, ...typos.filter((t) => !seen.has(t.terms.join(' ')))],
      phrase: null,
    }
  })
  for (const phrase of parsed.phrases) {
    const terms = phrase.filter((word) => !vocabulary.stopWords.has(word)).map(normalizeWord)
    // A phrase of stop words only has nothing in the index to find it by (search() says so).
    if (terms.length > 0) {
      groups.push({ surface: phrase.join(' '), alternatives: [{ terms, weight: 1 }], phrase: phraseMatcher(phrase) })
    }
  }
  return groups
}

/**
 * Spelling variants and completions of a word as asked, where the index suggests a typo: the word as written
 * appears in no live passage, or its term is rare (see TYPO_OPTIONS). Variants are looked for among the words as
 * people wrote them, not among stems ("governmnet" → "government" → its term; Abdulrahman → Abdurrahman); a word
 * the index does not hold at all also gets completions (a cut-short name).
 */
function typoAlternatives(word: string, term: string, index: SearchIndex): Alternative[] {
  const budget = typoBudget(word)
  if (budget === 0) return []
  const df = index.df(term)
  const rare = Math.max(TYPO_OPTIONS.rareFloor, index.size * TYPO_OPTIONS.rareShare)
  if (df >= rare && index.surfaceDf(word) > 0) return []

  const variants = new Map<string, { weight: number; df: number }>()
  const offer = (variant: string, weight: number): void => {
    if (variant === term) return
    const known = variants.get(variant)
    if (!known || weight > known.weight) variants.set(variant, { weight, df: known?.df ?? index.df(variant) })
  }
  for (const [surface, { distance, term: variant }] of index.surfacesNear(word, budget)) {
    if (distance > 0) offer(variant, (TYPO_OPTIONS.fuzzyWeight * surface.length) / (surface.length + distance))
  }
  if (df === 0) {
    for (const variant of index.termsStartingWith(term)) {
      const weight =
        (TYPO_OPTIONS.prefixWeight * variant.length) / (variant.length + 0.3 * (variant.length - term.length))
      offer(variant, weight)
    }
  }
  return [...variants]
    .sort(([a, x], [b, y]) => y.weight - x.weight || y.df - x.df || compareCodeUnits(a, b))
    .slice(0, TYPO_OPTIONS.maxVariants)
    .map(([variant, { weight }]) => ({ terms: [variant], weight }))
}

/** A misspelt vocabulary word ("distnce") borrows the alternatives of the word it was meant to be. */
function correctedAlternatives(term: string, index: SearchIndex): readonly Alternative[] {
  const budget = typoBudget(term)
  if (budget === 0 || index.df(term) > 0) return []
  const { vocabulary } = index
  let best: { distance: number; key: string } | null = null
  for (const [k, distance] of vocabulary.words.near(term, budget)) {
    if (!best || distance < best.distance) best = { distance, key: vocabulary.words.at(k) }
  }
  if (!best) return []
  return [{ terms: [best.key], weight: 0.9 }, ...(vocabulary.alternatives.get(best.key) ?? [])]
}
