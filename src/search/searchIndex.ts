/**
 * The search index: immutable. A live change builds the next index (`withChanges`) and leaves this one as it was,
 * so a query that holds an index sees one state of the corpus from start to end, whatever happens meanwhile.
 *
 * It is a list of frozen segments (segment.ts): the base, built at load, and small ones for articles added since.
 * An article that was replaced or deleted stays in its segment, marked dead (its passages are skipped), and what it
 * contributed to the statistics BM25 uses (how many passages hold a term, how many passages there are, their
 * lengths) is subtracted. So every score, and therefore every answer, equals what a fresh load of the same
 * articles gives: "live equals fresh", checked by a property-based test over random sequences of edits.
 * `compacted()` merges everything into one segment without the dead passages (done in the background).
 *
 * @example
 * const index = SearchIndex.build(articles, vocabulary)
 * const next = index.withChanges([oldVersion], [newVersion]) // index itself is unchanged
 * next.search('homs distance')
 */
import type { Article } from '../corpus/types.ts'
import { passageAt, type PassageOptions } from '../passages/passages.ts'
import type { Passage } from '../passages/types.ts'
import { search, type SearchOptions } from './search.ts'
import {
  type ArticleCounts,
  type IndexingVocabulary,
  articleCounts,
  buildSegment,
  mergeSegments,
  mergeSegmentsInSteps,
  type Segment,
} from './segment.ts'
import { fingerprint } from './syndication.ts'
import { byFile } from '../corpus/order.ts'
import type { Answer } from './types.ts'
import type { Vocabulary } from './vocabulary.ts'

/** Options of an index, with their defaults in DEFAULT_INDEX_OPTIONS. */
export interface IndexOptions {
  /** How articles are cut into passages. Default DEFAULT_PASSAGE_OPTIONS (passages/passages.ts). */
  passages?: PassageOptions
  /** Segments of added articles kept apart before they are merged into one. Default 4. */
  maxDeltaSegments?: number
}

export const DEFAULT_INDEX_OPTIONS = { maxDeltaSegments: 4 } as const

/** One segment as this index sees it: where its passages start in global numbering, and which articles are live. */
export interface IndexPart {
  readonly segment: Segment
  /** Global passage number of the segment's passage 0. */
  readonly base: number
  /** Per local article, 1 when live; null when all are. */
  readonly live: Uint8Array | null
}

/** What dead passages contributed to the statistics, to be subtracted. Two layers, so an edit copies little. */
interface DeadCounts {
  readonly terms: ReadonlyMap<string, number>
  readonly surfaces: ReadonlyMap<string, number>
}

interface DeadLayers {
  readonly recent: DeadCounts
  readonly settled: DeadCounts
  readonly passages: number
}

const NO_DEAD: DeadLayers = {
  recent: { terms: new Map(), surfaces: new Map() },
  settled: { terms: new Map(), surfaces: new Map() },
  passages: 0,
}
/** Distinct terms the recent layer may hold before it is folded into the settled one. */
const RECENT_LAYER_MAX = 20_000
/** Newest segments merged at once while applying a change: bounded, so a change never holds the event loop long. */
const SMALL_MERGE = 20_000

/**
 * Per segment's passages (keyed by its docStart array, which a relabelled segment shares): copy fingerprints of
 * passages that were candidates. Segments never change, so neither do they.
 */
const fingerprints = new WeakMap<Uint32Array, Map<number, Uint32Array>>()
const FINGERPRINTS_PER_SEGMENT = 200_000

/** Per segment: article → local number, computed once (segments never change). */
const localNumbers = new WeakMap<Segment, Map<Article, number>>()

function localNumberOf(segment: Segment, article: Article): number | undefined {
  let numbers = localNumbers.get(segment)
  if (!numbers) {
    numbers = new Map(segment.articles.map((a, i) => [a, i]))
    localNumbers.set(segment, numbers)
  }
  return numbers.get(article)
}

/**
 * The immutable index over the live articles' passages (see the top of this file). Build one with `build` or
 * `fromSegments`; get the next with `withChanges`; search it with `search`.
 */
export class SearchIndex {
  private constructor(
    readonly vocabulary: Vocabulary,
    readonly options: IndexOptions,
    readonly parts: readonly IndexPart[],
    private readonly dead: DeadLayers,
    /** Live passages. */
    readonly size: number,
    /** Sum of the live passages' lengths in terms. */
    readonly totalLength: number,
  ) {}

  /** An index over `articles` (sorted by file), one segment. */
  static build(
    articles: readonly Article[],
    vocabulary: Vocabulary,
    options: IndexOptions & { onProgress?: (articlesDone: number) => void } = {},
  ): SearchIndex {
    const segment = buildSegment(articles, { vocabulary, passages: options.passages, onProgress: options.onProgress })
    return SearchIndex.fromSegments(vocabulary, options, [segment])
  }

  /** An index over segments whose passages are all live (a build, or segments read from the index cache). */
  static fromSegments(vocabulary: Vocabulary, options: IndexOptions, segments: readonly Segment[]): SearchIndex {
    const parts: IndexPart[] = []
    let base = 0
    let length = 0
    for (const segment of segments) {
      parts.push({ segment, base, live: null })
      base += segment.docStart.length
      length += segment.totalLength
    }
    return new SearchIndex(vocabulary, options, parts, NO_DEAD, base, length)
  }

  /** Answers a query from this index (see search.ts). */
  search(query: string, options: SearchOptions = {}): Answer {
    return search(this, query, options)
  }

  /** One more than the largest global passage number: the size per-query scratch arrays need. */
  get docLimit(): number {
    const last = this.parts.at(-1)
    return last ? last.base + last.segment.docStart.length : 0
  }

  /**
   * The index after `removed` articles (live in this index) are taken out and `added` ones put in. A replaced file
   * is its old article removed and its new one added. This index is not changed.
   */
  withChanges(removed: readonly Article[], added: readonly Article[]): SearchIndex {
    let parts = [...this.parts]
    // An article whose text and paragraphs did not change (a new outlet, date or headline from sources.json) keeps its
    // passages: the segment gets the new Article object in place of the old, and nothing is indexed again.
    const relabels = sameTextPairs(removed, added)
    if (relabels.size > 0) parts = relabel(parts, relabels)
    let dead = this.dead
    let size = this.size
    let length = this.totalLength
    const deadCounts: ArticleCounts[] = []
    for (const article of removed) {
      if (relabels.has(article)) continue
      const at = parts.findIndex((p) => {
        const local = localNumberOf(p.segment, article)
        return local !== undefined && (p.live === null || p.live[local] === 1)
      })
      if (at < 0) throw new Error(`${article.file} is not live in this index`)
      const part = parts[at]!
      const local = localNumberOf(part.segment, article)!
      const live = part.live ? part.live.slice() : new Uint8Array(part.segment.articles.length).fill(1)
      live[local] = 0
      parts[at] = { ...part, live }
      const counts = articleCounts(part.segment, local, this.vocabulary)
      deadCounts.push(counts)
      size -= counts.passages
      length -= counts.length
    }
    if (deadCounts.length > 0) dead = addDead(dead, deadCounts, 1)
    const relabelled = new Set(relabels.values())
    const fresh = added.filter((article) => !relabelled.has(article))
    if (fresh.length > 0) {
      const sorted = [...fresh].sort(byFile)
      const segment = buildSegment(sorted, { vocabulary: this.vocabulary, passages: this.options.passages })
      parts.push({ segment, base: 0, live: null })
      size += segment.docStart.length
      length += segment.totalLength
    }
    // Keep the number of segments small: the newest small segments are merged here (a few thousand passages at
    // most, so a few milliseconds); larger ones are left for the compaction in the background (compactedInSteps).
    const maxDeltas = this.options.maxDeltaSegments ?? DEFAULT_INDEX_OPTIONS.maxDeltaSegments
    if (parts.length - 1 > maxDeltas) {
      let from = parts.length
      let passages = 0
      while (from > 1 && passages + parts[from - 1]!.segment.docStart.length <= SMALL_MERGE) {
        from--
        passages += parts[from]!.segment.docStart.length
      }
      if (parts.length - from >= 2) {
        const deltas = parts.slice(from)
        const merged = mergeSegments(deltas, this.vocabulary)
        dead = addDead(
          dead,
          deltas.flatMap((part) => deadCountsOf(part, this.vocabulary)),
          -1,
        )
        parts = [...parts.slice(0, from), { segment: merged, base: 0, live: null }]
      }
    }
    return new SearchIndex(this.vocabulary, this.options, rebase(parts), dead, size, length)
  }

  /** The same articles in one segment without dead passages: what a fresh build of them would give. */
  compacted(): SearchIndex {
    const steps = this.compactedInSteps()
    for (;;) {
      const step = steps.next()
      if (step.done) return step.value
    }
  }

  /**
   * compacted(), as a generator that yields every few milliseconds of work, so a large index is compacted in the
   * background without holding the event loop (live reload runs the steps between requests).
   */
  *compactedInSteps(): Generator<void, SearchIndex> {
    if (this.parts.length <= 1 && this.dead.passages === 0) return this
    const segment = yield* mergeSegmentsInSteps(this.parts, this.vocabulary)
    return SearchIndex.fromSegments(this.vocabulary, this.options, [segment])
  }

  /**
   * This index brought to the live articles of `current`, a later index of the same corpus (edits applied while this
   * one was being compacted from an earlier one): articles no longer live are taken out, new ones put in.
   */
  caughtUpWith(current: SearchIndex): SearchIndex {
    const mine = new Set(this.articles())
    const theirs = new Set(current.articles())
    const removed = [...mine].filter((article) => !theirs.has(article))
    const added = [...theirs].filter((article) => !mine.has(article))
    return removed.length + added.length > 0 ? this.withChanges(removed, added) : this
  }

  /**
   * Dead passages, segments, and passages outside the first segment this index carries: reasons to compact it in the
   * background.
   */
  get overhead(): { deadPassages: number; segments: number; deltaPassages: number } {
    const first = this.parts[0]?.segment.docStart.length ?? 0
    return { deadPassages: this.dead.passages, segments: this.parts.length, deltaPassages: this.docLimit - first }
  }

  /** Live articles, in no particular order. */
  *articles(): Generator<Article> {
    for (const part of this.parts) {
      for (let a = 0; a < part.segment.articles.length; a++) {
        if (part.live === null || part.live[a] === 1) yield part.segment.articles[a]!
      }
    }
  }

  /** How many live passages hold `term` (a normalized term). */
  df(term: string): number {
    let df = 0
    for (const { segment } of this.parts) {
      const t = segment.terms.indexOf(term)
      if (t >= 0) df += segment.postingStart[t + 1]! - segment.postingStart[t]!
    }
    return df - (this.dead.recent.terms.get(term) ?? 0) - (this.dead.settled.terms.get(term) ?? 0)
  }

  /** How many live passages hold a word written this way (folded). */
  surfaceDf(surface: string): number {
    let df = 0
    for (const { segment } of this.parts) {
      const s = segment.surfaces.indexOf(surface)
      if (s >= 0) df += segment.surfaceDf[s]!
    }
    return df - (this.dead.recent.surfaces.get(surface) ?? 0) - (this.dead.settled.surfaces.get(surface) ?? 0)
  }

  /**
   * Words as written (folded) within `distance` edits of `word` that live passages hold, each with its distance and
   * the term it is indexed under.
   */
  surfacesNear(word: string, distance: number): Map<string, { distance: number; term: string }> {
    const found = new Map<string, { distance: number; term: string }>()
    for (const { segment } of this.parts) {
      for (const [s, d] of segment.surfaces.near(word, distance)) {
        const surface = segment.surfaces.at(s)
        const known = found.get(surface)
        if (!known || d < known.distance) {
          found.set(surface, { distance: d, term: segment.terms.at(segment.surfaceTerm[s]!) })
        }
      }
    }
    for (const surface of found.keys()) if (this.surfaceDf(surface) === 0) found.delete(surface)
    return found
  }

  /** Terms that start with `prefix` and that live passages hold. */
  termsStartingWith(prefix: string): Set<string> {
    const found = new Set<string>()
    for (const { segment } of this.parts) {
      const [start, end] = segment.terms.prefixRange(prefix)
      for (let t = start; t < end; t++) found.add(segment.terms.at(t))
    }
    for (const term of found) if (this.df(term) === 0) found.delete(term)
    return found
  }

  /** The passage with global number `doc` (live or not: callers only ask for passages they found live). */
  passage(doc: number): Passage {
    const { segment, local, article } = this.locate(doc)
    return passageAt(article, {
      start: segment.docStart[local]!,
      end: segment.docEnd[local]!,
      paragraph: segment.docParagraph[local]!,
    })
  }

  /** The quote of passage `doc`: the exact slice of its article's text. */
  passageText(doc: number): string {
    const { segment, local, article } = this.locate(doc)
    return article.text.slice(segment.docStart[local]!, segment.docEnd[local]!)
  }

  /** The passage's copy fingerprint (syndication.ts), computed once per passage of a segment. */
  fingerprint(doc: number): Uint32Array {
    const { segment, local } = this.locate(doc)
    let prints = fingerprints.get(segment.docStart)
    if (!prints) {
      prints = new Map()
      fingerprints.set(segment.docStart, prints)
    }
    let print = prints.get(local)
    if (!print) {
      print = fingerprint(this.passageText(doc))
      // Only passages that came up as candidates are kept; the bound keeps a long-running bot's memory flat.
      if (prints.size >= FINGERPRINTS_PER_SEGMENT) prints.clear()
      prints.set(local, print)
    }
    return print
  }

  /** Where global passage `doc` is: its segment, its number there, and its article. */
  locate(doc: number): { segment: Segment; local: number; article: Article } {
    const part = this.partOf(doc)
    const local = doc - part.base
    const { segment } = part
    return { segment, local, article: segment.articles[segment.docArticle[local]!]! }
  }

  /** The part holding global passage `doc`. */
  partOf(doc: number): IndexPart {
    const parts = this.parts
    let lo = 0
    let hi = parts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (parts[mid]!.base <= doc) lo = mid
      else hi = mid - 1
    }
    return parts[lo]!
  }

  /** Every live passage, article by article (articles in no particular order). */
  *allPassages(): Generator<Passage> {
    for (const part of this.parts) {
      const { segment, live } = part
      for (let a = 0; a < segment.articles.length; a++) {
        if (live !== null && live[a] !== 1) continue
        for (let d = segment.articleFirstDoc[a]!; d < segment.articleFirstDoc[a + 1]!; d++) {
          yield this.passage(part.base + d)
        }
      }
    }
  }

  /** The global numbers of an article's passages when it is live here, else null. */
  passagesOf(article: Article): { first: number; end: number } | null {
    for (const part of this.parts) {
      const local = localNumberOf(part.segment, article)
      if (local !== undefined && (part.live === null || part.live[local] === 1)) {
        return {
          first: part.base + part.segment.articleFirstDoc[local]!,
          end: part.base + part.segment.articleFirstDoc[local + 1]!,
        }
      }
    }
    return null
  }
}

/** Parts with their global passage numbers recomputed (segments one after another). */
function rebase(parts: readonly IndexPart[]): IndexPart[] {
  let base = 0
  return parts.map((part) => {
    const rebased = { ...part, base }
    base += part.segment.docStart.length
    return rebased
  })
}

/** The dead counts with `counts` added (sign 1: articles died) or taken out (-1: their passages were dropped). */
function addDead(dead: DeadLayers, counts: readonly ArticleCounts[], sign: 1 | -1): DeadLayers {
  if (counts.length === 0) return dead
  const recent = { terms: new Map(dead.recent.terms), surfaces: new Map(dead.recent.surfaces) }
  let passages = dead.passages
  for (const c of counts) {
    addCounts(recent.terms, c.terms, sign)
    addCounts(recent.surfaces, c.surfaces, sign)
    passages += sign * c.passages
  }
  if (recent.terms.size + recent.surfaces.size <= RECENT_LAYER_MAX) return { recent, settled: dead.settled, passages }
  const settled = { terms: new Map(dead.settled.terms), surfaces: new Map(dead.settled.surfaces) }
  addCounts(settled.terms, recent.terms, 1)
  addCounts(settled.surfaces, recent.surfaces, 1)
  return { recent: NO_DEAD.recent, settled, passages }
}

/** The counts of a part's dead articles (dropped when the part is merged). */
function deadCountsOf(part: IndexPart, vocabulary: IndexingVocabulary): ArticleCounts[] {
  if (!part.live) return []
  const counts: ArticleCounts[] = []
  part.live.forEach((isLive, local) => {
    if (isLive !== 1) counts.push(articleCounts(part.segment, local, vocabulary))
  })
  return counts
}

/** Removed and added articles of the same file with the same text and paragraphs: old → new. */
function sameTextPairs(removed: readonly Article[], added: readonly Article[]): Map<Article, Article> {
  const pairs = new Map<Article, Article>()
  if (removed.length === 0 || added.length === 0) return pairs
  const byFile = new Map(added.map((article) => [article.file, article]))
  for (const old of removed) {
    const next = byFile.get(old.file)
    if (next && next.text === old.text && sameSpans(next.paragraphs, old.paragraphs)) pairs.set(old, next)
  }
  return pairs
}

function sameSpans(
  a: readonly { start: number; end: number }[],
  b: readonly { start: number; end: number }[],
): boolean {
  return a.length === b.length && a.every((span, i) => span.start === b[i]!.start && span.end === b[i]!.end)
}

/** Parts with relabelled articles swapped in: the same arrays, a new articles list. */
function relabel(parts: readonly IndexPart[], pairs: ReadonlyMap<Article, Article>): IndexPart[] {
  return parts.map((part) => {
    if (!part.segment.articles.some((article) => pairs.has(article))) return part
    const articles = part.segment.articles.map((article) => pairs.get(article) ?? article)
    return { ...part, segment: { ...part.segment, articles } }
  })
}

function addCounts(into: Map<string, number>, from: ReadonlyMap<string, number>, sign: 1 | -1): void {
  for (const [key, n] of from) {
    const value = (into.get(key) ?? 0) + sign * n
    if (value === 0) into.delete(key)
    else into.set(key, value)
  }
}
