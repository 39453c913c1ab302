import MiniSearch, { type Query, type SearchResult } from 'minisearch'
import type { Span } from '../corpus/types.ts'
import type { Passage } from '../passages/types.ts'
import { editDistance } from './editDistance.ts'
import { parseQuery, type ParsedQuery } from './query.ts'
import { diversify } from './rank.ts'
import { groupSyndicated } from './syndication.ts'
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
   * How many best-scoring candidates are grouped and diversified per query. Results beyond it are
   * not reachable by paging; it bounds the work a very common word can cause. Default 200.
   */
  window?: number
}

/** One thing the query asks for: a word (with its alternatives) or an exact phrase. */
interface QueryGroup {
  label: string
  alternatives: Alternative[]
  /** The word as asked: the only alternative typo tolerance applies to. */
  asked: string | null
  /** For an exact phrase, its folded words, checked against the quote. */
  phrase: string[] | null
}

const MIN_FUZZY_LENGTH = 5
const MIN_PREFIX_LENGTH = 5

/** Edit distance tolerated for a (normalized) word: none for short words, 1 up to 7 letters, 2 beyond. */
export function typoBudget(term: string): number {
  if (term.length < MIN_FUZZY_LENGTH || !/^\p{L}+$/u.test(term)) return 0
  return term.length <= 7 ? 1 : 2
}

/**
 * The in-memory search index over passages. Words are normalized once (fold, lemmatize, stem)
 * when a passage is added; MiniSearch holds the postings; ranking, syndicated-copy folding and
 * outlet spread are ours (see rank.ts and syndication.ts).
 */
export class PassageIndex {
  readonly vocabulary: Vocabulary
  private readonly options: Required<IndexOptions>
  private readonly miniSearch: MiniSearch<Passage>
  private readonly passages = new Map<string, Passage>()
  private readonly idsByFile = new Map<string, string[]>()
  /** Normalized term → number of passages holding it (to know which words exist, and how rare). */
  private readonly termCounts = new Map<string, number>()
  /** The normalized terms of each passage, kept so a file can be discarded without re-reading it. */
  private readonly termsById = new Map<string, string[]>()

  constructor(vocabulary: Vocabulary, options: IndexOptions = {}) {
    this.vocabulary = vocabulary
    this.options = { window: 200, ...options }
    this.miniSearch = new MiniSearch<Passage>({
      idField: 'id',
      fields: ['text'],
      storeFields: [],
      // Terms are normalized in indexTerms(); MiniSearch receives them space-joined.
      extractField: (passage, field) => (field === 'id' ? passage.id : (this.termsById.get(passage.id) ?? []).join(' ')),
      tokenize: (text) => (text === '' ? [] : text.split(' ')),
      processTerm: (term) => term,
      searchOptions: { tokenize: (text) => [text], processTerm: (term) => term },
    })
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
      this.termsById.set(passage.id, terms)
      for (const term of new Set(terms)) this.termCounts.set(term, (this.termCounts.get(term) ?? 0) + 1)
      this.passages.set(passage.id, passage)
      const ids = this.idsByFile.get(passage.file) ?? []
      ids.push(passage.id)
      this.idsByFile.set(passage.file, ids)
      this.miniSearch.add(passage)
    }
  }

  /** Removes every passage of a file (to replace or delete it). */
  removeFile(file: string): void {
    for (const id of this.idsByFile.get(file) ?? []) this.discard(id)
    this.idsByFile.delete(file)
  }

  private discard(id: string): void {
    for (const term of new Set(this.termsById.get(id) ?? [])) {
      const count = (this.termCounts.get(term) ?? 1) - 1
      if (count > 0) this.termCounts.set(term, count)
      else this.termCounts.delete(term)
    }
    this.termsById.delete(id)
    const passage = this.passages.get(id)
    this.passages.delete(id)
    if (passage) this.idsByFile.set(passage.file, (this.idsByFile.get(passage.file) ?? []).filter((other) => other !== id))
    this.miniSearch.discard(id)
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

    const results = this.miniSearch.search(this.toMiniSearchQuery(groups), {
      filter: outletFilter ? (result) => outletFilter(this.passages.get(result.id as string)!) : undefined,
    })
    let candidates: Omit<Hit, 'matched' | 'highlights' | 'alsoIn'>[] = []
    for (const result of results) {
      const passage = this.passages.get(result.id as string)
      if (!passage) continue
      const matchedGroups = groups.filter((group) => groupMatches(group, result, passage))
      // A phrase is a requirement, not a preference.
      if (groups.some((group) => group.phrase && !matchedGroups.includes(group))) continue
      // MiniSearch multiplies by the number of query terms matched; alternatives would inflate that, so undo it.
      candidates.push({ passage, score: result.score / Math.max(1, result.queryTerms.length), coverage: matchedGroups.length })
    }
    candidates = candidates.filter((c) => c.coverage >= requiredCoverage(groups.length, candidates))
    candidates.sort((a, b) => b.coverage - a.coverage || b.score - a.score)
    const windowed = candidates.slice(0, Math.max(this.options.window, offset + limit))
    const grouped = groupSyndicated(windowed).map((group) => ({ ...group.lead, alsoIn: group.copies.map((copy) => copy.passage) }))
    const ranked = diversify(grouped)
    const matchedTerms = new Map(results.map((result) => [result.id as string, new Set(result.terms)]))
    const hits = ranked.slice(offset, offset + limit).map((hit) => ({ ...hit, ...highlight(hit.passage.text, matchedTerms.get(hit.passage.id), this, parsed) }))
    if (ranked.length === 0) notices.push(noResultsAdvice(parsed))
    return { query, parsed, hits, total: ranked.length, offset, notices }
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
      return {
        label: term.surface,
        alternatives: [{ terms: term.terms, weight: 1 }, ...known],
        asked: term.terms.length === 1 ? id : null,
        phrase: null,
      }
    })
    for (const phrase of parsed.phrases) {
      const terms = phrase.filter((word) => !this.vocabulary.stopWords.has(word)).map(normalizeWord)
      groups.push({ label: `"${phrase.join(' ')}"`, alternatives: terms.length ? [{ terms, weight: 1 }] : [], asked: null, phrase })
    }
    return groups
  }

  /** A misspelt vocabulary word ("distnce") borrows the alternatives of the word it was meant to be. */
  private correctedAlternatives(term: string): readonly Alternative[] {
    const budget = typoBudget(term)
    if (budget === 0 || this.termCounts.has(term)) return []
    let best: { distance: number; alternatives: readonly Alternative[] } | null = null
    for (const [key, alternatives] of this.vocabulary.alternatives) {
      if (key.includes(' ')) continue
      const distance = editDistance(term, key, budget)
      if (distance <= budget && (!best || distance < best.distance)) best = { distance, alternatives: [{ terms: [key], weight: 0.9 }, ...alternatives] }
    }
    return best?.alternatives ?? []
  }

  private toMiniSearchQuery(groups: QueryGroup[]): Query {
    return {
      combineWith: 'OR',
      queries: groups
        .filter((group) => group.alternatives.length > 0)
        .map((group) => {
          const weights = new Map<string, number>()
          for (const alternative of group.alternatives) {
            for (const term of alternative.terms) weights.set(term, Math.max(weights.get(term) ?? 0, alternative.weight))
          }
          const tolerant = group.asked !== null && !group.phrase
          return {
            combineWith: 'OR' as const,
            queries: group.alternatives.map((a) => (a.terms.length === 1 ? a.terms[0]! : { combineWith: 'AND' as const, queries: a.terms })),
            boostTerm: (term: string) => weights.get(term) ?? 1,
            // Typo tolerance only for the word as asked, and only where it is long enough to be a word and not a stem fragment.
            fuzzy: (term: string) => (tolerant && term === group.asked ? typoBudget(term) || false : false),
            // Prefix matching finds a word that was cut short ("Talbis"); a word the index knows needs none.
            prefix: (term: string) => tolerant && term === group.asked && term.length >= MIN_PREFIX_LENGTH && !this.termCounts.has(term),
          }
        }),
    }
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

/**
 * With three or more things asked, a passage must match at least half of them to be shown, so
 * one common word cannot fill the answer; unless no passage does (a long pasted message), then
 * the best-matching passages are shown.
 */
function requiredCoverage(asked: number, candidates: readonly { coverage: number }[]): number {
  if (asked < 3) return 1
  const best = Math.max(0, ...candidates.map((c) => c.coverage))
  return Math.min(Math.ceil(asked / 2), best)
}

function groupMatches(group: QueryGroup, result: SearchResult, passage: Passage): boolean {
  if (group.phrase) return containsPhrase(passage.text, group.phrase)
  const matched = new Set(result.queryTerms)
  return group.alternatives.some((alternative) => alternative.terms.every((term) => matched.has(term)))
}

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

/** Which words of the quote to highlight: those whose normalized form MiniSearch matched, plus phrase words. */
function highlight(text: string, matchedTerms: ReadonlySet<string> | undefined, index: PassageIndex, parsed: ParsedQuery): Pick<Hit, 'matched' | 'highlights'> {
  const tokens = tokenize(text)
  const spans: Span[] = []
  const matched: string[] = []
  const inPhrase = new Set<number>()
  for (const phrase of parsed.phrases) {
    const folded = tokens.map((token) => fold(token.word))
    for (let i = 0; i + phrase.length <= folded.length; i++) {
      if (phrase.every((word, j) => folded[i + j] === word)) for (let j = 0; j < phrase.length; j++) inPhrase.add(i + j)
    }
  }
  tokens.forEach((token, i) => {
    const isStop = index.vocabulary.stopWords.has(fold(token.word))
    if (inPhrase.has(i) || (!isStop && matchedTerms?.has(normalizeWord(token.word)))) {
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
