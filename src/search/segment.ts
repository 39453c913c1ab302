/**
 * A segment: the frozen index of some articles' passages, in typed arrays.
 *
 * MiniSearch builds it (each passage's normalized terms go into a MiniSearch index, a chunk at a time), then its
 * postings — term → passages holding it, with the term's frequency in each — are frozen into flat arrays:
 *
 *   terms           sorted distinct terms (TermDictionary)
 *   postingStart    term t's postings are [postingStart[t], postingStart[t + 1]) of:
 *   postingDoc      passage numbers (ascending within a term), and
 *   postingTf       how often the term stands in that passage
 *   doc*            per passage: its article, [start, end) in the article's text, paragraph, length in terms
 *   surfaces        the words as written (folded, unstemmed), each with its term and how many passages hold it:
 *                   typo tolerance compares a misspelt word with what people wrote, not with stems
 *   pair*           per passage, a Bloom filter of its pairs of consecutive words (wordPairs.ts): phrases rule out
 *                   most passages with it before reading any text
 *
 * A segment never changes once built. Passages are numbered in the order of their articles (sorted by file) and,
 * within an article, by position, which is the order a fresh load gives.
 */
import MiniSearch from 'minisearch'
import type { Article } from '../corpus/types.ts'
import { cutPassageSpans, type PassageOptions } from '../passages/passages.ts'
import { compareCodeUnits } from '../corpus/order.ts'
import { TermDictionary } from './termDictionary.ts'
import { fold, normalizeWord, tokenize } from './tokenize.ts'
import type { Vocabulary } from './vocabulary.ts'
import { pairHash, signatureWords, wordHash, writeSignature } from './wordPairs.ts'

/** What indexing needs of the vocabulary: its stop words (equivalents and concepts are the query side's). */
export type IndexingVocabulary = Pick<Vocabulary, 'stopWords'>

/** What a segment needs of an article to index it. */
export type SegmentSource = Pick<Article, 'file' | 'text' | 'paragraphs'>

export interface Segment<A extends SegmentSource = Article> {
  /** The articles whose passages this segment holds, by local article number (sorted by file). */
  readonly articles: readonly A[]
  /** Article a's passages are [articleFirstDoc[a], articleFirstDoc[a + 1]). */
  readonly articleFirstDoc: Uint32Array
  readonly docArticle: Uint32Array
  readonly docStart: Uint32Array
  readonly docEnd: Uint32Array
  readonly docParagraph: Uint32Array
  /** Distinct terms indexed for the passage: BM25's document length, as MiniSearch counts it. */
  readonly docLength: Uint32Array
  readonly terms: TermDictionary
  readonly postingStart: Uint32Array
  readonly postingDoc: Uint32Array
  readonly postingTf: Uint16Array
  readonly surfaces: TermDictionary
  /** Surface s stands for term surfaceTerm[s] (an index into `terms`). */
  readonly surfaceTerm: Uint32Array
  /** Passages holding surface s. */
  readonly surfaceDf: Uint32Array
  /** Passage d's word-pair signature (wordPairs.ts) is pairBits[pairStart[d], pairStart[d + 1]). */
  readonly pairStart: Uint32Array
  readonly pairBits: Uint32Array
  /** Sum of docLength. */
  readonly totalLength: number
}

/** How a passage's text becomes index terms: both building and discarding use this, so counts always agree. */
export interface PassageTerms {
  /** Normalized terms in order (stop words dropped): what is indexed. */
  terms: string[]
  /** Distinct folded words as written, stop words dropped. */
  surfaces: Set<string>
  /** Hashes of each pair of consecutive words (folded, stop words kept): what the word-pair signature holds. */
  pairs: number[]
}

export function passageTerms(text: string, vocabulary: IndexingVocabulary): PassageTerms {
  const terms: string[] = []
  const surfaces = new Set<string>()
  const pairs: number[] = []
  let previous = -1
  for (const token of tokenize(text)) {
    const folded = fold(token.word)
    // The same words, in the same order, as the phrase check compares (phrase.ts: tokenize, then fold).
    const hash = wordHash(folded)
    if (previous >= 0) pairs.push(pairHash(previous, hash))
    previous = hash
    if (vocabulary.stopWords.has(folded)) continue
    // normalizeWord folds first: giving it the folded word is the same and shares one memo entry per spelling.
    terms.push(normalizeWord(folded))
    surfaces.add(folded)
  }
  return { terms, surfaces, pairs }
}

/** Passages per MiniSearch chunk: bounds the memory a build needs (MiniSearch holds ~4 KB per passage). */
export const BUILD_CHUNK = 20_000

export interface BuildOptions {
  vocabulary: IndexingVocabulary
  passages?: PassageOptions
  /** Called with the number of articles indexed so far, after each article. */
  onProgress?: (articlesDone: number) => void
}

/**
 * Builds one segment over `articles` (sorted by file, as the corpus is). Articles are cut into passages, their text
 * turned into terms, indexed by MiniSearch a chunk at a time, and the chunks frozen and joined.
 *
 * @example
 * const segment = buildSegment(corpus.articles, { vocabulary })
 */
export function buildSegment<A extends SegmentSource>(articles: readonly A[], options: BuildOptions): Segment<A> {
  const chunks: Segment<A>[] = []
  let chunkArticles: A[] = []
  let chunk = new ChunkBuilder(options.vocabulary)
  articles.forEach((article, i) => {
    chunk.addArticle(article, cutPassageSpans(article, options.passages))
    chunkArticles.push(article)
    if (chunk.docCount >= BUILD_CHUNK) {
      chunks.push(chunk.freeze(chunkArticles))
      chunk = new ChunkBuilder(options.vocabulary)
      chunkArticles = []
    }
    options.onProgress?.(i + 1)
  })
  if (chunkArticles.length > 0 || chunks.length === 0) chunks.push(chunk.freeze(chunkArticles))
  return chunks.length === 1 ? chunks[0]! : concatSegments(chunks, options.vocabulary)
}

/** What MiniSearch is given per passage: a number and its normalized terms. */
interface IndexedDocument {
  id: number
  terms: string[]
}

/**
 * MiniSearch over terms that are already normalized (passageTerms): the field's value is the list of terms, passed
 * through as it is (MiniSearch's field hooks are documented for exactly this), so nothing is joined and split again.
 */
const MINISEARCH_OPTIONS = {
  idField: 'id',
  fields: ['terms'],
  storeFields: [],
  extractField: (document: IndexedDocument, field: string) => (field === 'id' ? document.id : document.terms),
  stringifyField: (value: unknown) => value as string,
  tokenize: (terms: string) => terms as unknown as string[],
  processTerm: (term: string) => term,
}

/** MiniSearch with its postings readable: they are what gets frozen. */
class FreezableMiniSearch extends MiniSearch<IndexedDocument> {
  constructor() {
    super(MINISEARCH_OPTIONS)
  }

  /** Every term with its postings (MiniSearch short id → term frequency), in MiniSearch's own order. */
  *postingLists(): Generator<[term: string, postings: ReadonlyMap<number, number>]> {
    const field = this._fieldIds.terms ?? 0
    for (const [term, fields] of this._index) {
      const postings = fields.get(field)
      if (postings && postings.size > 0) yield [term, postings]
    }
  }

  shortIdOf(id: number): number | undefined {
    return this._idToShortId.get(id)
  }
}

/** Collects one chunk's passages into MiniSearch and freezes it. */
class ChunkBuilder {
  private readonly miniSearch = new FreezableMiniSearch()
  private readonly docArticle: number[] = []
  private readonly docStart: number[] = []
  private readonly docEnd: number[] = []
  private readonly docParagraph: number[] = []
  private readonly docLength: number[] = []
  private readonly pairStart: number[] = [0]
  private readonly pairs: number[][] = []
  private readonly articleFirstDoc: number[] = []
  private readonly surfaces = new Map<string, { term: string; df: number }>()
  private articleCount = 0

  constructor(private readonly vocabulary: IndexingVocabulary) {}

  get docCount(): number {
    return this.docStart.length
  }

  addArticle(article: SegmentSource, spans: readonly { start: number; end: number; paragraph: number }[]): void {
    this.articleFirstDoc.push(this.docCount)
    for (const span of spans) {
      const { terms, surfaces, pairs } = passageTerms(article.text.slice(span.start, span.end), this.vocabulary)
      const doc = this.docCount
      this.miniSearch.add({ id: doc, terms })
      this.docArticle.push(this.articleCount)
      this.docStart.push(span.start)
      this.docEnd.push(span.end)
      this.docParagraph.push(span.paragraph)
      // MiniSearch's field length: the passage's distinct terms.
      this.docLength.push(new Set(terms).size)
      this.pairs.push(pairs)
      this.pairStart.push(this.pairStart.at(-1)! + signatureWords(pairs.length))
      for (const surface of surfaces) {
        const known = this.surfaces.get(surface)
        if (known) known.df++
        else this.surfaces.set(surface, { term: normalizeWord(surface), df: 1 })
      }
    }
    this.articleCount++
  }

  freeze<A extends SegmentSource>(articles: readonly A[]): Segment<A> {
    const lists = [...this.miniSearch.postingLists()].sort((a, b) => compareCodeUnits(a[0], b[0]))
    const terms = TermDictionary.fromSorted(lists.map(([term]) => term))
    let postings = 0
    for (const [, list] of lists) postings += list.size
    const postingStart = new Uint32Array(lists.length + 1)
    const postingDoc = new Uint32Array(postings)
    const postingTf = new Uint16Array(postings)
    let at = 0
    lists.forEach(([, list], t) => {
      postingStart[t] = at
      for (const [shortId, tf] of list) {
        postingDoc[at] = shortId
        postingTf[at] = Math.min(tf, 0xffff)
        at++
      }
      // Short ids are given in the order passages were added; sort in case MiniSearch ever reorders a map.
      sortPostings(postingDoc, postingTf, postingStart[t]!, at)
    })
    postingStart[lists.length] = at
    // Passages were added with ids 0, 1, 2 … and none discarded, so MiniSearch's short id is the passage number.
    for (let doc = 0; doc < this.docCount; doc++) {
      if (this.miniSearch.shortIdOf(doc) !== doc) throw new Error('MiniSearch numbered passages unexpectedly')
    }
    const surfaceEntries = [...this.surfaces].sort((a, b) => compareCodeUnits(a[0], b[0]))
    const pairStart = Uint32Array.from(this.pairStart)
    const pairBits = new Uint32Array(pairStart[this.docCount]!)
    this.pairs.forEach((pairs, doc) => {
      writeSignature(pairs, pairBits, pairStart[doc]!, pairStart[doc + 1]! - pairStart[doc]!)
    })
    return {
      articles,
      articleFirstDoc: Uint32Array.from([...this.articleFirstDoc, this.docCount]),
      docArticle: Uint32Array.from(this.docArticle),
      docStart: Uint32Array.from(this.docStart),
      docEnd: Uint32Array.from(this.docEnd),
      docParagraph: Uint32Array.from(this.docParagraph),
      docLength: Uint32Array.from(this.docLength),
      terms,
      postingStart,
      postingDoc,
      postingTf,
      surfaces: TermDictionary.fromSorted(surfaceEntries.map(([surface]) => surface)),
      surfaceTerm: Uint32Array.from(surfaceEntries, ([, s]) => {
        const t = terms.indexOf(s.term)
        if (t < 0) throw new Error(`surface "${s.term}" has no term`)
        return t
      }),
      surfaceDf: Uint32Array.from(surfaceEntries, ([, s]) => s.df),
      pairStart,
      pairBits,
      totalLength: this.docLength.reduce((sum, n) => sum + n, 0),
    }
  }
}

/** Insertion sort of one posting list by passage number (already sorted in practice, so linear). */
function sortPostings(docs: Uint32Array, tfs: Uint16Array, start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const doc = docs[i]!
    const tf = tfs[i]!
    let j = i - 1
    while (j >= start && docs[j]! > doc) {
      docs[j + 1] = docs[j]!
      tfs[j + 1] = tfs[j]!
      j--
    }
    docs[j + 1] = doc
    tfs[j + 1] = tf
  }
}

/** Which of a segment's passages to keep when segments are merged. */
export interface SegmentPart<A extends SegmentSource = Article> {
  segment: Segment<A>
  /** Per local article: 1 when its passages are kept. Null keeps them all. */
  live: Uint8Array | null
}

/** Joins segments whose articles come one after another in file order (a build's chunks, or its parallel parts). */
export function concatSegments<A extends SegmentSource>(
  chunks: readonly Segment<A>[],
  vocabulary: IndexingVocabulary,
): Segment<A> {
  return mergeSegments(
    chunks.map((segment) => ({ segment, live: null })),
    vocabulary,
  )
}

/**
 * One segment holding the kept passages of `parts`, numbered as a fresh build of those articles would number them
 * (articles sorted by file). Postings are copied and renumbered, never recomputed from text. An article may be kept
 * in at most one part. `vocabulary` must be the one the parts were built with.
 */
export function mergeSegments<A extends SegmentSource>(
  parts: readonly SegmentPart<A>[],
  vocabulary: IndexingVocabulary,
): Segment<A> {
  const steps = mergeSegmentsInSteps(parts, vocabulary)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/** Postings copied between two yields of mergeSegmentsInSteps: a few milliseconds of work. */
const MERGE_STEP = 200_000

/**
 * mergeSegments, as a generator that yields every MERGE_STEP postings or so: a caller can spread a large merge (a
 * compaction in the background) over many turns of the event loop. Returns the merged segment.
 */
export function* mergeSegmentsInSteps<A extends SegmentSource>(
  parts: readonly SegmentPart<A>[],
  vocabulary: IndexingVocabulary,
): Generator<void, Segment<A>> {
  let work = 0
  // The kept articles, in file order, each with where its passages come from.
  const kept: { part: number; local: number; article: A }[] = []
  parts.forEach(({ segment, live }, part) => {
    segment.articles.forEach((article, local) => {
      if (!live || live[local] === 1) kept.push({ part, local, article })
    })
  })
  kept.sort((a, b) => compareCodeUnits(a.article.file, b.article.file))

  // New passage numbers: per part, old passage → new (or -1 when dropped). Within a part the order is kept, so each
  // part's postings stay sorted after renumbering.
  const remap = parts.map(({ segment }) => new Int32Array(segment.docStart.length).fill(-1))
  const articleFirstDoc = new Uint32Array(kept.length + 1)
  let docs = 0
  kept.forEach(({ part, local }, a) => {
    articleFirstDoc[a] = docs
    const { articleFirstDoc: first } = parts[part]!.segment
    for (let d = first[local]!; d < first[local + 1]!; d++) remap[part]![d] = docs++
  })
  articleFirstDoc[kept.length] = docs
  yield

  const docArticle = new Uint32Array(docs)
  const docStart = new Uint32Array(docs)
  const docEnd = new Uint32Array(docs)
  const docParagraph = new Uint32Array(docs)
  const docLength = new Uint32Array(docs)
  const pairStart = new Uint32Array(docs + 1)
  let totalLength = 0
  kept.forEach(({ part, local }, a) => {
    const segment = parts[part]!.segment
    for (let d = segment.articleFirstDoc[local]!; d < segment.articleFirstDoc[local + 1]!; d++) {
      const n = remap[part]![d]!
      docArticle[n] = a
      docStart[n] = segment.docStart[d]!
      docEnd[n] = segment.docEnd[d]!
      docParagraph[n] = segment.docParagraph[d]!
      docLength[n] = segment.docLength[d]!
      totalLength += segment.docLength[d]!
      pairStart[n + 1] = segment.pairStart[d + 1]! - segment.pairStart[d]!
    }
  })
  for (let n = 0; n < docs; n++) pairStart[n + 1] = pairStart[n + 1]! + pairStart[n]!
  const pairBits = new Uint32Array(pairStart[docs]!)
  kept.forEach(({ part, local }) => {
    const segment = parts[part]!.segment
    const first = segment.articleFirstDoc[local]!
    const end = segment.articleFirstDoc[local + 1]!
    // An article's passages stay together and in order, so its signatures are one run to copy.
    if (end > first) {
      pairBits.set(
        segment.pairBits.subarray(segment.pairStart[first]!, segment.pairStart[end]!),
        pairStart[remap[part]![first]!]!,
      )
    }
  })

  yield

  // Terms: a k-way merge of the parts' sorted dictionaries. First pass: which part holds each term, and how many
  // kept postings it will have; second pass: copy, renumber and merge the postings into exact-size arrays.
  const merged: { term: string; from: Int32Array }[] = []
  const counts: number[] = []
  const cursors = new Int32Array(parts.length)
  for (;;) {
    let next: string | null = null
    for (let p = 0; p < parts.length; p++) {
      const { terms } = parts[p]!.segment
      if (cursors[p]! < terms.size) {
        const term = terms.at(cursors[p]!)
        if (next === null || term < next) next = term
      }
    }
    if (next === null) break
    const from = new Int32Array(parts.length).fill(-1)
    let count = 0
    for (let p = 0; p < parts.length; p++) {
      const { segment } = parts[p]!
      const c = cursors[p]!
      if (c < segment.terms.size && segment.terms.at(c) === next) {
        from[p] = c
        cursors[p] = c + 1
        const map = remap[p]!
        for (let i = segment.postingStart[c]!; i < segment.postingStart[c + 1]!; i++) {
          if (map[segment.postingDoc[i]!]! >= 0) count++
        }
      }
    }
    if (count > 0) {
      merged.push({ term: next, from })
      counts.push(count)
    }
    work += count + 1
    if (work > MERGE_STEP) {
      work = 0
      yield
    }
  }
  const postingStart = new Uint32Array(merged.length + 1)
  for (let t = 0; t < merged.length; t++) postingStart[t + 1] = postingStart[t]! + counts[t]!
  const postingDoc = new Uint32Array(postingStart[merged.length]!)
  const postingTf = new Uint16Array(postingDoc.length)
  for (let t = 0; t < merged.length; t++) {
    const { from } = merged[t]!
    let at = postingStart[t]!
    const runs: number[] = [at]
    for (let p = 0; p < parts.length; p++) {
      const c = from[p]!
      if (c < 0) continue
      const { segment } = parts[p]!
      const map = remap[p]!
      for (let i = segment.postingStart[c]!; i < segment.postingStart[c + 1]!; i++) {
        const n = map[segment.postingDoc[i]!]!
        if (n < 0) continue
        postingDoc[at] = n
        postingTf[at] = segment.postingTf[i]!
        at++
      }
      runs.push(at)
    }
    if (runs.length > 2) mergeRuns(postingDoc, postingTf, runs)
    work += at - postingStart[t]! + 1
    if (work > MERGE_STEP) {
      work = 0
      yield
    }
  }
  const terms = TermDictionary.fromSorted(merged.map((m) => m.term))

  return {
    articles: kept.map((k) => k.article),
    articleFirstDoc,
    docArticle,
    docStart,
    docEnd,
    docParagraph,
    docLength,
    terms,
    postingStart,
    postingDoc,
    postingTf,
    ...mergeSurfaces(parts, kept, terms, vocabulary),
    pairStart,
    pairBits,
    totalLength,
  }
}

/**
 * Merges sorted runs [runs[0], runs[1]), [runs[1], runs[2]) … of a posting range into one sorted run, in place.
 * Runs from a build's chunks are already in order (each chunk's articles follow the previous chunk's), so that
 * common case costs one pass; otherwise a k-way merge (k is the number of segments, a handful).
 */
function mergeRuns(docs: Uint32Array, tfs: Uint16Array, runs: readonly number[]): void {
  const start = runs[0]!
  const end = runs[runs.length - 1]!
  // Runs may be empty (a part whose passages holding the term are all dropped): look at the whole range.
  let ordered = true
  for (let i = start + 1; i < end && ordered; i++) if (docs[i - 1]! > docs[i]!) ordered = false
  if (ordered) return
  const heads = runs.slice(0, -1)
  const outDocs = new Uint32Array(end - start)
  const outTfs = new Uint16Array(end - start)
  for (let out = 0; out < outDocs.length; out++) {
    let best = -1
    for (let r = 0; r < heads.length; r++) {
      if (heads[r]! < runs[r + 1]! && (best < 0 || docs[heads[r]!]! < docs[heads[best]!]!)) best = r
    }
    outDocs[out] = docs[heads[best]!]!
    outTfs[out] = tfs[heads[best]!]!
    heads[best]!++
  }
  docs.set(outDocs, start)
  tfs.set(outTfs, start)
}

/**
 * The surfaces of the kept articles: every part's surface counts, minus those of the articles it drops. A dropped
 * article's surfaces are recounted from its passages' text (a few passages), so the result equals a fresh build's.
 */
function mergeSurfaces<A extends SegmentSource>(
  parts: readonly SegmentPart<A>[],
  kept: readonly { part: number }[],
  terms: TermDictionary,
  vocabulary: IndexingVocabulary,
): Pick<Segment, 'surfaces' | 'surfaceTerm' | 'surfaceDf'> {
  const keptParts = new Set(kept.map((k) => k.part))
  const counts = new Map<string, { term: string; df: number }>()
  parts.forEach(({ segment, live }, p) => {
    if (!keptParts.has(p)) return
    for (let s = 0; s < segment.surfaces.size; s++) {
      const surface = segment.surfaces.at(s)
      const known = counts.get(surface)
      if (known) known.df += segment.surfaceDf[s]!
      else counts.set(surface, { term: segment.terms.at(segment.surfaceTerm[s]!), df: segment.surfaceDf[s]! })
    }
    if (!live) return
    segment.articles.forEach((_article, local) => {
      if (live[local] === 1) return
      for (const [surface, n] of articleCounts(segment, local, vocabulary).surfaces) {
        const known = counts.get(surface)
        if (known) known.df -= n
      }
    })
  })
  const entries = [...counts].filter(([, s]) => s.df > 0).sort((a, b) => compareCodeUnits(a[0], b[0]))
  return {
    surfaces: TermDictionary.fromSorted(entries.map(([surface]) => surface)),
    surfaceTerm: Uint32Array.from(entries, ([, s]) => {
      const t = terms.indexOf(s.term)
      if (t < 0) throw new Error(`surface of "${s.term}" outlived its term`)
      return t
    }),
    surfaceDf: Uint32Array.from(entries, ([, s]) => s.df),
  }
}

/**
 * What one article's passages count for in a segment's statistics: how many of its passages hold each term and each
 * word as written, and their lengths.
 */
export interface ArticleCounts {
  terms: Map<string, number>
  surfaces: Map<string, number>
  passages: number
  length: number
}

/**
 * An article's share of a segment's statistics, recounted from its passages' text by the same function that counted
 * them at build (passageTerms): what taking it out (a replaced or deleted file) must subtract.
 */
export function articleCounts(
  segment: Segment<SegmentSource>,
  local: number,
  vocabulary: IndexingVocabulary,
): ArticleCounts {
  const article = segment.articles[local]!
  const terms = new Map<string, number>()
  const surfaces = new Map<string, number>()
  let length = 0
  const first = segment.articleFirstDoc[local]!
  const end = segment.articleFirstDoc[local + 1]!
  for (let d = first; d < end; d++) {
    const counted = passageTerms(article.text.slice(segment.docStart[d]!, segment.docEnd[d]!), vocabulary)
    for (const term of new Set(counted.terms)) terms.set(term, (terms.get(term) ?? 0) + 1)
    for (const surface of counted.surfaces) surfaces.set(surface, (surfaces.get(surface) ?? 0) + 1)
    length += segment.docLength[d]!
  }
  return { terms, surfaces, passages: end - first, length }
}
