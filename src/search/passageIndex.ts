import MiniSearch, { type Query } from 'minisearch'
import SearchableMap from 'minisearch/SearchableMap'
import type { Span } from '../corpus/types.ts'
import type { Passage } from '../passages/types.ts'
import { editDistance } from './editDistance.ts'
import { parseQuery, type ParsedQuery } from './query.ts'
import { diversify } from './rank.ts'
import { fingerprint, groupSyndicated } from './syndication.ts'
import { fold, normalizeWord, tokenize } from './tokenize.ts'
import type { Answer, Hit } from './types.ts'
import type { Alternative, Vocabulary } from './vocabulary.ts'

export interface SearchOptions {
  /** Results per page. Default 5. */
  limit?: number
  /** Results to skip (paging). Default 0. */
  offset?: number
}

export interface IndexOptions {
  /**
   * How many best candidates are folded (syndicated copy) and spread across outlets per query.
   * Results beyond it are not reachable by paging; it bounds the work of a very common word. Default 100.
   */
  window?: number
  /**
   * Most postings (passage–term pairs) retrieved through MiniSearch per query. A query's rarer
   * terms retrieve candidates until this is spent; its remaining, common terms are then only
   * counted (coverage and a score of their IDF) in the passages the rarer terms found, the way a
   * search engine's "cutoff frequency" works. Never reached on a corpus of a few thousand passages.
   * Default 20,000.
   */
  postingsBudget?: number
}

/** What MiniSearch stores per passage: its id and its normalized terms. */
interface IndexedDocument {
  id: string
  text: string
}

/** MiniSearch's options; the same object is given when an index is loaded from the cache. */
export const MINISEARCH_OPTIONS = {
  idField: 'id',
  fields: ['text'],
  storeFields: [],
  tokenize: (text: string) => (text === '' ? [] : text.split(' ')),
  processTerm: (term: string) => term,
  searchOptions: { tokenize: (text: string) => [text], processTerm: (term: string) => term },
}

/** One thing the query asks for: a word (with its alternatives) or an exact phrase. */
interface QueryGroup {
  label: string
  alternatives: Alternative[]
  /** For an exact phrase: checks a quote for its words, consecutively. */
  phrase: PhraseMatcher | null
}

/** Words shorter than this are never matched fuzzily or by prefix ("hom" must not find "home"). */
const MIN_TYPO_LENGTH = 5
/** Weights of a fuzzy or prefix match relative to the word itself (MiniSearch's defaults). */
const FUZZY_WEIGHT = 0.45
const PREFIX_WEIGHT = 0.375
/** Most spelling variants or completions one word may bring in. */
const MAX_VARIANTS = 8

/** Edit distance tolerated for a (normalized) word: none for short words, 1 up to 7 letters, 2 beyond. */
export function typoBudget(term: string): number {
  if (term.length < MIN_TYPO_LENGTH || !/^\p{L}+$/u.test(term)) return 0
  return term.length <= 7 ? 1 : 2
}

/**
 * The in-memory search index over passages. Words are normalized once (fold, lemmatize, stem)
 * when a passage is added. MiniSearch holds the postings and scores with BM25; a radix tree of
 * the index's terms (with how many passages hold each) drives typo tolerance and cost control;
 * ranking, syndicated-copy folding and outlet spread are ours (rank.ts, syndication.ts).
 */
export class PassageIndex {
  readonly vocabulary: Vocabulary
  private readonly options: Required<IndexOptions>
  private readonly miniSearch: MiniSearch<IndexedDocument>
  private readonly passages = new Map<string, Passage>()
  private readonly idsByFile = new Map<string, string[]>()
  /** Term → number of passages holding it, in a radix tree so misspellings and prefixes can be looked up. */
  private readonly documentFrequency = new SearchableMap<number>()
  /** Term ↔ small integer, so each passage can keep its terms as a sorted Int32Array. */
  private readonly termIds = new Map<string, number>()
  /** Each passage's distinct term ids, sorted: which words a passage holds, without re-reading it. */
  private readonly termsOf = new Map<string, Int32Array>()
  /** Copy fingerprints (hashed word trigrams), computed when a passage first becomes a candidate. */
  private readonly fingerprints = new Map<string, Uint32Array>()

  constructor(vocabulary: Vocabulary, options: IndexOptions = {}) {
    this.vocabulary = vocabulary
    this.options = { window: 100, postingsBudget: 20_000, ...options }
    this.miniSearch = new MiniSearch<IndexedDocument>(MINISEARCH_OPTIONS)
  }

  get size(): number {
    return this.passages.size
  }

  /** The normalized, non-stop-word terms of a text, in order. */
  indexTerms(text: string): string[] {
    const terms: string[] = []
    for (const token of tokenize(text)) {
      if (!this.vocabulary.stopWords.has(fold(token.word))) terms.push(normalizeWord(token.word))
    }
    return terms
  }

  add(passages: readonly Passage[]): void {
    for (const passage of passages) {
      if (this.passages.has(passage.id)) this.discard(passage.id)
      const terms = this.indexTerms(passage.text)
      const distinct = [...new Set(terms)]
      for (const term of distinct) this.documentFrequency.update(term, (n = 0) => n + 1)
      this.termsOf.set(passage.id, Int32Array.from(distinct, (term) => this.termId(term)).sort())
      this.passages.set(passage.id, passage)
      const ids = this.idsByFile.get(passage.file) ?? []
      ids.push(passage.id)
      this.idsByFile.set(passage.file, ids)
      // MiniSearch gets the normalized terms, space-joined: words are normalized once, here.
      this.miniSearch.add({ id: passage.id, text: terms.join(' ') })
    }
  }

  /** Removes every passage of a file (to replace or delete it). */
  removeFile(file: string): void {
    for (const id of [...(this.idsByFile.get(file) ?? [])]) this.discard(id)
    this.idsByFile.delete(file)
  }

  /** Files with passages in the index. */
  files(): string[] {
    return [...this.idsByFile.keys()]
  }

  private termId(term: string): number {
    let id = this.termIds.get(term)
    if (id === undefined) {
      id = this.termIds.size
      this.termIds.set(term, id)
    }
    return id
  }

  private discard(id: string): void {
    const passage = this.passages.get(id)
    if (!passage) return
    for (const term of new Set(this.indexTerms(passage.text))) {
      const n = (this.documentFrequency.get(term) ?? 1) - 1
      if (n > 0) this.documentFrequency.set(term, n)
      else this.documentFrequency.delete(term)
    }
    this.passages.delete(id)
    this.termsOf.delete(id)
    this.fingerprints.delete(id)
    this.idsByFile.set(passage.file, (this.idsByFile.get(passage.file) ?? []).filter((other) => other !== id))
    this.miniSearch.discard(id)
  }

  private df(term: string): number {
    return this.documentFrequency.get(term) ?? 0
  }

  /** BM25's inverse document frequency, for terms counted rather than retrieved. */
  private idf(term: string): number {
    const n = this.df(term)
    return Math.log(1 + (this.passages.size - n + 0.5) / (n + 0.5))
  }

  search(query: string, options: SearchOptions = {}): Answer {
    const limit = Math.max(1, options.limit ?? 5)
    const offset = Math.max(0, options.offset ?? 0)
    const parsed = parseQuery(query, this.vocabulary)
    const notices = [...parsed.notices]
    const groups = this.queryGroups(parsed)
    const outletFilter = outletMatcher(parsed.outlets)

    if (groups.length === 0) {
      if (parsed.outlets.length > 0) return this.browse(query, parsed, outletFilter, { limit, offset, notices })
      notices.push(
        parsed.stopWords.length > 0
          ? `Only common words (${parsed.stopWords.slice(0, 6).join(', ')}) in the query: add a name, place, number or topic.`
          : 'No words to search in the query: try a name, place, number or topic, e.g. "homs distance".',
      )
      return { query, parsed, hits: [], total: 0, offset, notices }
    }

    const candidates = this.candidates(groups, outletFilter)
    const required = requiredCoverage(groups.length, candidates)
    const phrases = groups.filter((g) => g.phrase).map((g) => g.phrase!)
    const passing = candidates.filter((c) => c.coverage >= required && phrases.every((phrase) => phrase.test(c.passage.text)))
    const best = topCandidates(passing, Math.max(this.options.window, 4 * (offset + limit)))

    // Copy-folding and outlet spread look at the best candidates only: enough to fill the page and
    // find its copies, bounded so a very common word cannot make a query slow.
    const copyGroups = groupSyndicated(best, (item) => this.fingerprint(item.passage))
    const folded = copyGroups.reduce((n, group) => n + group.copies.length, 0)
    const ranked = diversify(copyGroups.map((group) => ({ ...group.lead, alsoIn: group.copies.map((copy) => copy.passage) })))
    const askedTerms = new Set(groups.flatMap((g) => g.alternatives.flatMap((a) => a.terms)))
    const total = passing.length - folded
    const hits = ranked.slice(offset, offset + limit).map((hit) => ({ ...hit, ...highlight(hit.passage.text, askedTerms, this.vocabulary, parsed) }))
    if (ranked.length === 0) notices.push(noResultsAdvice(parsed))
    // Exact when every candidate fits the window (the seeds); beyond it, copies are not yet folded.
    return { query, parsed, hits, total, offset, notices }
  }

  /**
   * Every passage that matches something asked, with its coverage and score. The rarest
   * alternatives are retrieved through MiniSearch (BM25) within the postings budget; common terms
   * beyond it are only counted in what was retrieved (score: their IDF). When even the rarest
   * alternative is over the budget (a query of common words only), a scan of every passage's term
   * ids is cheaper than scoring those postings, and ranks by the IDF of the terms held.
   */
  private candidates(groups: readonly QueryGroup[], filter: ((p: Passage) => boolean) | null): Candidate[] {
    const compiled = groups.map((group) =>
      group.alternatives
        .map((a) => ({ ids: a.terms.map((t) => this.termIds.get(t) ?? -1), terms: a.terms, weight: a.weight, cost: Math.min(...a.terms.map((t) => this.df(t))) }))
        .filter((a) => a.cost > 0),
    )
    const byCost = compiled.flat().sort((a, b) => a.cost - b.cost)
    if (byCost.length === 0) return []
    const retrieved: typeof byCost = []
    let spent = 0
    for (const alternative of byCost) {
      if (spent + alternative.cost > this.options.postingsBudget) break
      retrieved.push(alternative)
      spent += alternative.cost
    }
    const counted = byCost.filter((a) => !retrieved.includes(a) && a.ids.length === 1).map((a) => ({ id: a.ids[0]!, value: a.weight * this.idf(a.terms[0]!) }))
    const coverageOf = (terms: Int32Array) => compiled.reduce((n, alternatives) => n + (alternatives.some((a) => a.ids.every((id) => holds(terms, id))) ? 1 : 0), 0)
    const countedScore = (terms: Int32Array) => counted.reduce((sum, c) => sum + (holds(terms, c.id) ? c.value : 0), 0)

    const out: Candidate[] = []
    if (retrieved.length === 0) {
      for (const [id, terms] of this.termsOf) {
        const score = countedScore(terms)
        if (score === 0) continue
        const passage = this.passages.get(id)!
        if (filter && !filter(passage)) continue
        out.push({ passage, score, coverage: coverageOf(terms) })
      }
      return out
    }
    const weights = new Map<string, number>()
    for (const a of retrieved) for (const term of a.terms) weights.set(term, Math.max(weights.get(term) ?? 0, a.weight))
    const query: Query = { combineWith: 'OR', queries: retrieved.map((a) => (a.terms.length === 1 ? a.terms[0]! : { combineWith: 'AND', queries: a.terms })) }
    const results = this.miniSearch.search(query, {
      boostTerm: (term: string) => weights.get(term) ?? 1,
      filter: filter ? (result) => filter(this.passages.get(result.id as string)!) : undefined,
    })
    for (const result of results) {
      const id = result.id as string
      const passage = this.passages.get(id)
      const terms = this.termsOf.get(id)
      if (!passage || !terms) continue
      // MiniSearch multiplies by the number of query terms matched; alternatives would inflate that, so undo it.
      const score = result.score / Math.max(1, result.queryTerms.length) + countedScore(terms)
      out.push({ passage, score, coverage: coverageOf(terms) })
    }
    return out
  }

  /** The passage's copy fingerprint, computed once. */
  private fingerprint(passage: Passage): Uint32Array {
    let print = this.fingerprints.get(passage.id)
    if (!print) {
      print = fingerprint(passage.text)
      this.fingerprints.set(passage.id, print)
    }
    return print
  }

  /** An outlet filter alone: that outlet's passages in article order, lede first. */
  private browse(query: string, parsed: ParsedQuery, filter: ((p: Passage) => boolean) | null, page: { limit: number; offset: number; notices: string[] }): Answer {
    const matching = [...this.passages.values()].filter((passage) => !filter || filter(passage))
    matching.sort((a, b) => a.file.localeCompare(b.file) || a.start - b.start)
    const hits: Hit[] = matching.slice(page.offset, page.offset + page.limit).map((passage) => ({
      passage, score: 0, coverage: 0, matched: [], highlights: [], alsoIn: [],
    }))
    if (matching.length === 0) page.notices.push(`No outlet matches ${parsed.outlets.map((o) => `outlet:${o}`).join(' ')}. Try /syria sources for the list.`)
    return { query, parsed, hits, total: matching.length, offset: page.offset, notices: page.notices }
  }

  private queryGroups(parsed: ParsedQuery): QueryGroup[] {
    const groups: QueryGroup[] = parsed.terms.map((term) => {
      const id = term.terms.join(' ')
      const known = this.vocabulary.alternatives.get(id) ?? this.correctedAlternatives(id)
      const asked: Alternative = { terms: term.terms, weight: 1 }
      const typos = term.terms.length === 1 ? this.typoAlternatives(id) : []
      return { label: term.surface, alternatives: [asked, ...known, ...typos], phrase: null }
    })
    for (const phrase of parsed.phrases) {
      const terms = phrase.filter((word) => !this.vocabulary.stopWords.has(word)).map(normalizeWord)
      groups.push({ label: `"${phrase.join(' ')}"`, alternatives: terms.length ? [{ terms, weight: 1 }] : [], phrase: phraseMatcher(phrase) })
    }
    return groups
  }

  /**
   * Spelling variants and completions of a word as asked, only where exact matching finds too
   * little: a word held by fewer than max(10, 0.1% of passages) gets its variants within the typo
   * budget (Abdulrahman → Abdurrahman, Talbiseh → Talbisseh); a word the index does not hold at
   * all also gets completions (a cut-short name). Common words are never expanded.
   */
  private typoAlternatives(term: string): Alternative[] {
    const budget = typoBudget(term)
    const df = this.df(term)
    if (budget === 0 || df >= Math.max(10, this.passages.size / 1000)) return []
    const variants: { term: string; weight: number; df: number }[] = []
    for (const [variant, [n, distance]] of this.documentFrequency.fuzzyGet(term, budget)) {
      if (distance > 0) variants.push({ term: variant, weight: (FUZZY_WEIGHT * variant.length) / (variant.length + distance), df: n })
    }
    if (df === 0) {
      for (const [variant, n] of this.documentFrequency.atPrefix(term)) {
        if (variant !== term) variants.push({ term: variant, weight: (PREFIX_WEIGHT * variant.length) / (variant.length + 0.3 * (variant.length - term.length)), df: n })
      }
    }
    variants.sort((a, b) => b.weight - a.weight || b.df - a.df)
    return variants.slice(0, MAX_VARIANTS).map((v) => ({ terms: [v.term], weight: v.weight }))
  }

  /** A misspelt vocabulary word ("distnce") borrows the alternatives of the word it was meant to be. */
  private correctedAlternatives(term: string): readonly Alternative[] {
    const budget = typoBudget(term)
    if (budget === 0 || this.df(term) > 0) return []
    let best: { distance: number; alternatives: readonly Alternative[] } | null = null
    for (const [key, alternatives] of this.vocabulary.alternatives) {
      if (key.includes(' ')) continue
      const distance = editDistance(term, key, budget)
      if (distance <= budget && (!best || distance < best.distance)) best = { distance, alternatives: [{ terms: [key], weight: 0.9 }, ...alternatives] }
    }
    return best?.alternatives ?? []
  }

  /** Passages by id, for the renderers and the reload code. */
  passage(id: string): Passage | undefined {
    return this.passages.get(id)
  }

  /** Every passage in the index (article order is not guaranteed). */
  allPassages(): IterableIterator<Passage> {
    return this.passages.values()
  }
}

type Candidate = Omit<Hit, 'matched' | 'highlights' | 'alsoIn'>

/** True when a passage's sorted term ids include `termId` (binary search). */
function holds(terms: Int32Array, termId: number): boolean {
  let lo = 0
  let hi = terms.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const value = terms[mid]!
    if (value === termId) return true
    if (value < termId) lo = mid + 1
    else hi = mid - 1
  }
  return false
}

/** The best `k` candidates by coverage, then score, best first, without sorting them all. */
function topCandidates(candidates: readonly Candidate[], k: number): Candidate[] {
  const better = (a: Candidate, b: Candidate) => a.coverage - b.coverage || a.score - b.score
  if (candidates.length <= k) return [...candidates].sort((a, b) => better(b, a))
  // A min-heap of the best k so far: its root is the weakest of them.
  const heap: Candidate[] = []
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < heap.length && better(heap[l]!, heap[m]!) < 0) m = l
      if (r < heap.length && better(heap[r]!, heap[m]!) < 0) m = r
      if (m === i) return
      ;[heap[i], heap[m]] = [heap[m]!, heap[i]!]
      i = m
    }
  }
  for (const c of candidates) {
    if (heap.length < k) {
      heap.push(c)
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1
        if (better(heap[i]!, heap[parent]!) >= 0) break
        ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
        i = parent
      }
    } else if (better(c, heap[0]!) > 0) {
      heap[0] = c
      siftDown(0)
    }
  }
  return heap.sort((a, b) => better(b, a))
}

/**
 * With three or more things asked, a passage must match at least half of them to be shown, so
 * one common word cannot fill the answer; unless no passage does (a long pasted message), then
 * the best-matching passages are shown.
 */
function requiredCoverage(asked: number, candidates: readonly { coverage: number }[]): number {
  if (asked < 3) return 1
  let best = 0
  for (const c of candidates) best = Math.max(best, c.coverage)
  return Math.min(Math.ceil(asked / 2), best)
}

interface PhraseMatcher {
  test(text: string): boolean
}

/**
 * A phrase check: a quick case-insensitive pattern first (most candidates fail it), then the exact
 * word-for-word comparison on the quote's folded words. The pattern allows what the tokenizer
 * drops between words (punctuation, a possessive 's, nothing at all as in "5km"). It can miss a
 * quote with accented letters, so a quote with any non-ASCII character gets the exact check anyway.
 */
function phraseMatcher(phrase: readonly string[]): PhraseMatcher {
  const escaped = phrase.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const quick = new RegExp(escaped.join("(?:['’]s)?[^\\p{L}\\p{N}]*"), 'iu')
  return { test: (text) => (quick.test(text) || NON_ASCII.test(text)) && containsPhrase(text, phrase) }
}

const NON_ASCII = /[^\x00-\x7f]/

/** True when the quote holds the phrase's words consecutively (case, accents and punctuation aside). */
export function containsPhrase(text: string, phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false
  const folded = tokenize(text).map((token) => fold(token.word))
  outer: for (let i = 0; i + phrase.length <= folded.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (folded[i + j] !== phrase[j]) continue outer
    return true
  }
  return false
}

/** outlet:sky matches an outlet or wire with a word starting "sky" (or the whole name starting with it). */
function outletMatcher(prefixes: readonly string[]): ((passage: Passage) => boolean) | null {
  if (prefixes.length === 0) return null
  return (passage) => {
    const names = [passage.outlet, passage.wire ?? ''].map(fold).filter(Boolean)
    return prefixes.some((prefix) => names.some((name) => name.startsWith(prefix) || name.split(/[^\p{L}\p{N}&]+/u).some((word) => word.startsWith(prefix))))
  }
}

/** Which words of the quote to highlight: those whose normalized form was asked for (or an alternative), plus phrase words. */
function highlight(text: string, asked: ReadonlySet<string>, vocabulary: Vocabulary, parsed: ParsedQuery): Pick<Hit, 'matched' | 'highlights'> {
  const tokens = tokenize(text)
  const folded = tokens.map((token) => fold(token.word))
  const inPhrase = new Set<number>()
  for (const phrase of parsed.phrases) {
    for (let i = 0; i + phrase.length <= folded.length; i++) {
      if (phrase.every((word, j) => folded[i + j] === word)) for (let j = 0; j < phrase.length; j++) inPhrase.add(i + j)
    }
  }
  const spans: Span[] = []
  const matched: string[] = []
  tokens.forEach((token, i) => {
    if (inPhrase.has(i) || (!vocabulary.stopWords.has(folded[i]!) && asked.has(normalizeWord(token.word)))) {
      spans.push({ start: token.start, end: token.end })
      if (!matched.includes(token.word)) matched.push(token.word)
    }
  })
  return { matched, highlights: spans }
}

function noResultsAdvice(parsed: ParsedQuery): string {
  const tips = ['fewer or different words', 'a place or a name from the story (Homs, Hama, HTS)']
  if (parsed.phrases.length > 0) tips.unshift('the words without quotes')
  if (parsed.outlets.length > 0) tips.unshift('without the outlet: filter')
  return `No passages match. Try ${tips.join(', or ')}.`
}
