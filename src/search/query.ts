import { fold, normalizeWord, tokenize } from './tokenize.ts'
import type { Vocabulary } from './vocabulary.ts'

/**
 * Query syntax (documented in the README):
 *   homs distance            words; stop words dropped, each word also matches its equivalents
 *   "mother of all battles"  an exact phrase, matched word for word ("…" or “…”)
 *   outlet:sky               only passages whose outlet (or wire) has a word starting "sky"
 *   outlet:"express & star"  an outlet name with spaces
 */

export interface QueryTerm {
  /** What the person typed for this term, e.g. "distance" or "opposition fighters". */
  surface: string
  /** Normalized tokens of the term (more than one for a multi-word vocabulary entry). */
  terms: string[]
}

export interface ParsedQuery {
  /** The query as a person would read it back (markup reduced, white space collapsed). */
  text: string
  terms: QueryTerm[]
  /** Exact phrases, each as folded words. */
  phrases: string[][]
  /** Lower-case outlet prefixes from outlet: filters. */
  outlets: string[]
  /** Words dropped as too common to search. */
  stopWords: string[]
  /** Things the person should know about how the query was read. */
  notices: string[]
}

export interface ParseOptions {
  /**
   * Most distinct words and phrases searched; the rest are ignored with a notice. Default 32, and
   * never more: the search keeps one bit per word or phrase in a 32-bit coverage mask.
   */
  maxTerms?: number
}

const DEFAULT_MAX_TERMS = 32

const FILTER = /\boutlet:(?:"([^"]*)"|“([^”]*)”|(\S+))/gi
const PHRASE = /"([^"]*)"|“([^”]*)”/g

/**
 * Reads a query: outlet filters, exact phrases, words (stop words dropped, vocabulary phrases kept whole), each word
 * normalized as the index normalizes passages.
 *
 * @example parseQuery('outlet:sky "mother of all battles" rebels', vocabulary).phrases // [['mother','of','all','battles']]
 */
export function parseQuery(raw: string, vocabulary: Vocabulary, options: ParseOptions = {}): ParsedQuery {
  const maxTerms = Math.min(options.maxTerms ?? DEFAULT_MAX_TERMS, DEFAULT_MAX_TERMS)
  const notices: string[] = []
  let rest = raw

  const outlets: string[] = []
  rest = rest.replace(FILTER, (_match, quoted?: string, curly?: string, bare?: string) => {
    const name = fold((quoted ?? curly ?? bare ?? '').trim())
    if (name) outlets.push(name)
    return ' '
  })

  const phrases: string[][] = []
  rest = rest.replace(PHRASE, (_match, plain?: string, curly?: string) => {
    const phrase = tokenize(plain ?? curly ?? '').map((t) => fold(t.word))
    if (phrase.length > 0) phrases.push(phrase)
    return ' '
  })

  const stopWords: string[] = []
  const tokens = tokenize(rest.replace(/["“”]/g, ' ')).filter((token) => {
    const isStop = vocabulary.stopWords.has(fold(token.word))
    if (isStop) stopWords.push(token.word)
    return !isStop
  })

  const terms: QueryTerm[] = []
  const seen = new Set<string>()
  let i = 0
  while (i < tokens.length) {
    // Prefer the longest run of words that the vocabulary knows as a phrase ("opposition fighters").
    let length = Math.min(vocabulary.longestPhrase, tokens.length - i)
    for (; length > 1; length--) {
      const key = tokens
        .slice(i, i + length)
        .map((t) => normalizeWord(t.word))
        .join(' ')
      if (vocabulary.alternatives.has(key)) break
    }
    const run = tokens.slice(i, i + length)
    const normalized = run.map((t) => normalizeWord(t.word))
    const id = normalized.join(' ')
    if (!seen.has(id)) {
      seen.add(id)
      terms.push({ surface: run.map((t) => t.word).join(' '), terms: normalized })
    }
    i += length
  }
  // Phrases are requirements, so they are kept first; words fill what is left.
  if (phrases.length + terms.length > maxTerms) {
    notices.push(`Only the first ${maxTerms} distinct words and phrases of the query were searched.`)
    phrases.length = Math.min(phrases.length, maxTerms)
    terms.length = maxTerms - phrases.length
  }

  const text = raw.replace(/\s+/g, ' ').trim()
  return { text, terms, phrases, outlets, stopWords, notices }
}
