import type { Span } from '../corpus/types.ts'
import type { Passage } from '../passages/types.ts'
import { editDistance } from './editDistance.ts'
import { parseQuery, type ParsedQuery } from './query.ts'
import { diversify } from './rank.ts'
import { PassageMiniSearch } from './miniSearchIndex.ts'
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
}

/** One thing the query asks for: a word (with its alternatives) or an exact phrase. */
interface QueryGroup {
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
 * when a passage is added to MiniSearch. A query is evaluated over MiniSearch's postings with its
 * BM25+ (see miniSearchIndex.ts for why not through search()); typo variants come from its term
 * tree; coverage ranking, syndicated-copy folding and outlet spread are ours (rank.ts, syndication.ts).
 */
export class PassageIndex {
  readonly vocabulary: Vocabulary
  private readonly options: Required<IndexOptions>
  private readonly miniSearch: PassageMiniSearch
  private readonly passages = new Map<string, Passage>()
  /** Passages by MiniSearch short id: the evaluation loops reach a passage without a Map lookup. */
  private readonly byShortId: (Passage | undefined)[] = []
  private readonly idsByFile = new Map<string, string[]>()
  /** Copy fingerprints (hashed word trigrams), computed when a passage first becomes a candidate. */
  private readonly fingerprints = new Map<string, Uint32Array>()
  private scratch = new Scratch(0)

  constructor(vocabulary: Vocabulary, options: IndexOptions = {}, miniSearch = new PassageMiniSearch()) {
    this.vocabulary = vocabulary
    this.options = { window: 100, ...options }
    this.miniSearch = miniSearch
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
      // MiniSearch gets the normalized terms, space-joined: words are normalized once, here.
      this.miniSearch.add({ id: passage.id, text: this.indexTerms(passage.text).join(' ') })
      this.track(passage)
    }
  }

  /** Registers a passage that is already in the MiniSearch index (loaded from the cache). */
  private track(passage: Passage): void {
    this.passages.set(passage.id, passage)
    this.byShortId[this.miniSearch.shortIdOf(passage.id)!] = passage
    const ids = this.idsByFile.get(passage.file) ?? []
    ids.push(passage.id)
    this.idsByFile.set(passage.file, ids)
  }

  /** An index around a MiniSearch index loaded from the cache and the passages it holds. */
  static restore(
    vocabulary: Vocabulary,
    miniSearch: PassageMiniSearch,
    passages: Iterable<Passage>,
    options: IndexOptions = {},
  ): PassageIndex {
    const index = new PassageIndex(vocabulary, options, miniSearch)
    for (const passage of passages) index.track(passage)
    return index
  }

  /** The MiniSearch index as JSON, for the cache. */
  toJSON(): unknown {
    return this.miniSearch.toJSON()
  }

  /** Removes every passage of a file (to replace or delete it). */
  removeFile(file: string): void {
    for (const id of [...(this.idsByFile.get(file) ?? [])]) this.discard(id)
    this.idsByFile.delete(file)
  }

  private discard(id: string): void {
    const passage = this.passages.get(id)
    if (!passage) return
    this.passages.delete(id)
    delete this.byShortId[this.miniSearch.shortIdOf(id)!]
    this.fingerprints.delete(id)
    this.idsByFile.set(
      passage.file,
      (this.idsByFile.get(passage.file) ?? []).filter((other) => other !== id),
    )
    this.miniSearch.discard(id)
  }

  private df(term: string): number {
    return this.miniSearch.frequency(term)
  }

  search(query: string, options: SearchOptions = {}): Answer {
    const limit = Math.max(1, options.limit ?? 5)
    const offset = Math.max(0, options.offset ?? 0)
    const parsed = parseQuery(query, this.vocabulary)
    const notices = [...parsed.notices]
    for (const phrase of parsed.phrases) {
      if (phrase.every((word) => this.vocabulary.stopWords.has(word))) {
        notices.push(
          `"${phrase.join(' ')}" has only common words, so it could not be searched as a phrase: add a name, place or topic to it.`,
        )
      }
    }
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

    const { best, passing } = this.evaluate(groups, outletFilter, Math.max(this.options.window, 4 * (offset + limit)))

    const copyGroups = groupSyndicated(best, (item) => this.fingerprint(item.passage))
    const folded = copyGroups.reduce((n, group) => n + group.copies.length, 0)
    const ranked = diversify(
      copyGroups.map((group) => ({ ...group.lead, alsoIn: group.copies.map((copy) => copy.passage) })),
    )
    const askedTerms = new Set(groups.flatMap((g) => g.alternatives.flatMap((a) => a.terms)))
    const total = passing - folded
    const hits = ranked
      .slice(offset, offset + limit)
      .map((hit) => ({ ...hit, ...highlight(hit.passage.text, askedTerms, this.vocabulary, parsed) }))
    if (ranked.length === 0) notices.push(noResultsAdvice(parsed))
    // Exact when every candidate fits the window (the seeds); beyond it, copies are not yet folded.
    return { query, parsed, hits, total, offset, notices }
  }

  /**
   * Evaluates the query over MiniSearch's postings: every passage holding an alternative of an
   * asked word gets that word's bit in its coverage mask and the alternative's BM25 score (times
   * its weight). Returns the `k` best passages that match enough words (and every phrase, checked
   * against the quote, best first), and how many passages match enough words.
   */
  private evaluate(
    groups: readonly QueryGroup[],
    filter: ((p: Passage) => boolean) | null,
    k: number,
  ): { best: Candidate[]; passing: number } {
    const ms = this.miniSearch
    if (this.scratch.size < ms.shortIdLimit) this.scratch = new Scratch(ms.shortIdLimit * 2)
    const { score, mask, count, key, touched } = this.scratch
    const norms = ms.lengthNorms()
    // Right after a build nothing is discarded, so the per-posting liveness check can be skipped.
    const checkLive = ms.hasDiscarded
    touched.length = 0
    groups.forEach((group, g) => {
      const bit = 2 ** g
      for (const alternative of group.alternatives) {
        const postings = alternative.terms.map((term) => ms.postings(term))
        if (postings.some((p) => !p)) continue
        if (postings.length === 1) {
          const docs = postings[0]!
          const weightedIdf = alternative.weight * ms.idf(docs.size)
          for (const [doc, tf] of docs) {
            if (checkLive && !ms.isLive(doc)) continue
            if (mask[doc] === 0) touched.push(doc)
            score[doc] = score[doc]! + PassageMiniSearch.bm25(tf, weightedIdf, norms[doc]!)
            mask[doc] = mask[doc]! | bit
          }
          continue
        }
        // Several words that must all be held ("opposition fighters"): count, then score the passages holding all.
        const counted: number[] = []
        for (const docs of postings) {
          for (const doc of docs!.keys()) {
            count[doc] = count[doc]! + 1
            if (count[doc] === 1) counted.push(doc)
          }
        }
        for (const doc of counted) {
          if (count[doc] === postings.length && (!checkLive || ms.isLive(doc))) {
            if (mask[doc] === 0) touched.push(doc)
            for (const docs of postings)
              score[doc] =
                score[doc]! +
                PassageMiniSearch.bm25(docs!.get(doc)!, alternative.weight * ms.idf(docs!.size), norms[doc]!)
            mask[doc] = mask[doc]! | bit
          }
          count[doc] = 0
        }
      }
    })

    // Coverage first: with three or more words asked, at least half must match (unless none does).
    let bestCoverage = 0
    for (const doc of touched) {
      const coverage = popcount(mask[doc]!)
      count[doc] = coverage
      if (coverage > bestCoverage) bestCoverage = coverage
    }
    const required = groups.length >= 3 ? Math.min(Math.ceil(groups.length / 2), bestCoverage) : 1
    const phraseBits = groups.reduce((bits, group, g) => (group.phrase ? bits | (2 ** g) : bits), 0)
    const phrases = groups.filter((group) => group.phrase).map((group) => group.phrase!)
    const eligible: number[] = []
    for (const doc of touched) {
      if (
        count[doc]! >= required &&
        (mask[doc]! & phraseBits) === phraseBits &&
        this.byShortId[doc] !== undefined &&
        (!filter || filter(this.byShortId[doc]!)) &&
        (phrases.length === 0 || this.holdsPhrases(doc, phrases))
      ) {
        eligible.push(doc)
        // One number orders by coverage, then score (scores stay far below the coverage step).
        key[doc] = count[doc]! * COVERAGE_STEP + score[doc]!
      }
    }

    const passing = eligible.length
    // Best first: only the results shown (and their copies) are ever ordered.
    const heap = new MaxHeap(eligible, key)
    const best: Candidate[] = []
    while (best.length < k && heap.size > 0) {
      const doc = heap.pop()!
      best.push({ passage: this.byShortId[doc]!, score: score[doc]!, coverage: count[doc]! })
    }

    for (const doc of touched) {
      score[doc] = 0
      mask[doc] = 0
      count[doc] = 0
    }
    return { best, passing }
  }

  private holdsPhrases(doc: number, phrases: readonly PhraseMatcher[]): boolean {
    const text = this.byShortId[doc]?.text
    return text !== undefined && phrases.every((phrase) => phrase.test(text))
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
  private browse(
    query: string,
    parsed: ParsedQuery,
    filter: ((p: Passage) => boolean) | null,
    page: { limit: number; offset: number; notices: string[] },
  ): Answer {
    const matching = [...this.passages.values()].filter((passage) => !filter || filter(passage))
    matching.sort((a, b) => a.file.localeCompare(b.file) || a.start - b.start)
    const hits: Hit[] = matching.slice(page.offset, page.offset + page.limit).map((passage) => ({
      passage,
      score: 0,
      coverage: 0,
      matched: [],
      highlights: [],
      alsoIn: [],
    }))
    if (matching.length === 0)
      page.notices.push(
        `No outlet matches ${parsed.outlets.map((o) => `outlet:${o}`).join(' ')}. Try /syria sources for the list.`,
      )
    return { query, parsed, hits, total: matching.length, offset: page.offset, notices: page.notices }
  }

  private queryGroups(parsed: ParsedQuery): QueryGroup[] {
    const groups: QueryGroup[] = parsed.terms.map((term) => {
      const id = term.terms.join(' ')
      const known = this.vocabulary.alternatives.get(id) ?? this.correctedAlternatives(id)
      const asked: Alternative = { terms: term.terms, weight: 1 }
      const typos = term.terms.length === 1 ? this.typoAlternatives(id) : []
      return { alternatives: [asked, ...known, ...typos], phrase: null }
    })
    for (const phrase of parsed.phrases) {
      const terms = phrase.filter((word) => !this.vocabulary.stopWords.has(word)).map(normalizeWord)
      // A phrase of stop words only has nothing in the index to find it by (search() says so).
      if (terms.length > 0) groups.push({ alternatives: [{ terms, weight: 1 }], phrase: phraseMatcher(phrase) })
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
    for (const [variant, distance] of this.miniSearch.termsNear(term, budget)) {
      if (distance > 0)
        variants.push({
          term: variant,
          weight: (FUZZY_WEIGHT * variant.length) / (variant.length + distance),
          df: this.df(variant),
        })
    }
    if (df === 0) {
      for (const variant of this.miniSearch.termsStartingWith(term)) {
        if (variant !== term)
          variants.push({
            term: variant,
            weight: (PREFIX_WEIGHT * variant.length) / (variant.length + 0.3 * (variant.length - term.length)),
            df: this.df(variant),
          })
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
      if (distance <= budget && (!best || distance < best.distance))
        best = { distance, alternatives: [{ terms: [key], weight: 0.9 }, ...alternatives] }
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

/** Per-query working arrays indexed by MiniSearch short id, kept between queries (reset after each). */
class Scratch {
  readonly score: Float64Array
  readonly mask: Uint32Array
  readonly count: Uint8Array
  readonly key: Float64Array
  readonly touched: number[] = []
  constructor(readonly size: number) {
    this.score = new Float64Array(size)
    this.mask = new Uint32Array(size)
    this.count = new Uint8Array(size)
    this.key = new Float64Array(size)
  }
}

/** Coverage is worth more than any score: BM25 sums for a query stay far below this. */
const COVERAGE_STEP = 1e6

function popcount(n: number): number {
  let bits = 0
  for (let m = n; m !== 0; m &= m - 1) bits++
  return bits
}

/** A binary max-heap of document numbers by key, built in linear time, so only the results shown are ordered. */
class MaxHeap {
  private readonly items: number[]
  constructor(
    items: number[],
    private readonly key: Float64Array,
  ) {
    this.items = items
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.siftDown(i)
  }

  get size(): number {
    return this.items.length
  }

  pop(): number | undefined {
    const items = this.items
    if (items.length === 0) return undefined
    const top = items[0]!
    const last = items.pop()!
    if (items.length > 0) {
      items[0] = last
      this.siftDown(0)
    }
    return top
  }

  private siftDown(start: number): void {
    const { items, key } = this
    const n = items.length
    let i = start
    const item = items[i]!
    const itemKey = key[item]!
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      const child = r < n && key[items[r]!]! > key[items[l]!]! ? r : l
      if (key[items[child]!]! <= itemKey) break
      items[i] = items[child]!
      i = child
    }
    items[i] = item
  }
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
  // For a plain-ASCII phrase an ASCII pattern (no Unicode classes) is several times faster.
  const quick = /^[\x00-\x7f]*$/.test(phrase.join(''))
    ? new RegExp(escaped.join("(?:'s)?[^a-z0-9]*"), 'i')
    : new RegExp(escaped.join("(?:['’]s)?[^\\p{L}\\p{N}]*"), 'iu')
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
  // An archive has a few dozen outlets and many passages: decide once per outlet and wire.
  const decided = new Map<string, boolean>()
  return (passage) => {
    const key = `${passage.outlet}\u0000${passage.wire ?? ''}`
    let matches = decided.get(key)
    if (matches === undefined) {
      const names = [passage.outlet, passage.wire ?? ''].map(fold).filter(Boolean)
      matches = prefixes.some((prefix) =>
        names.some(
          (name) => name.startsWith(prefix) || name.split(/[^\p{L}\p{N}&]+/u).some((word) => word.startsWith(prefix)),
        ),
      )
      decided.set(key, matches)
    }
    return matches
  }
}

/** Which words of the quote to highlight: those whose normalized form was asked for (or an alternative), plus phrase words. */
function highlight(
  text: string,
  asked: ReadonlySet<string>,
  vocabulary: Vocabulary,
  parsed: ParsedQuery,
): Pick<Hit, 'matched' | 'highlights'> {
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
