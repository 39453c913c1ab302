/**
 * Scoring: every live passage holding an alternative of an asked word gets that word's bit in its coverage mask and
 * the alternative's BM25+ score (times its weight); the passages that match enough words (and every phrase, checked
 * against the quote) come out best first, one at a time, from a heap built in linear time, so only the results shown
 * are ever ordered.
 *
 * The formula is MiniSearch's BM25+ with its default parameters, computed from the index's live statistics (passages,
 * their total length, how many hold each term), so a score means the same whether the index was built fresh or
 * reached by live edits. Ties are broken by file name, then position: the order never depends on how the index was
 * put together.
 */
import type { Article } from '../corpus/types.ts'
import type { ArticleFilter } from './filters.ts'
import type { QueryGroup } from './plan.ts'
import type { IndexPart, SearchIndex } from './searchIndex.ts'

/** MiniSearch's default BM25+ parameters (k1, b, delta). */
export const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const

/** BM25's inverse document frequency of a term held by `df` of `n` passages (MiniSearch's formula). */
export function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5))
}

/** BM25+ for term frequency `tf` in a passage of `length` terms, given the term's (weighted) idf. */
export function bm25(tf: number, weightedIdf: number, length: number, norms: LengthNorms): number {
  const norm = norms.base + norms.perTerm * length
  return weightedIdf * (BM25.d + (tf * (BM25.k + 1)) / (tf + norm))
}

/**
 * BM25's length normalization k1·(1 − b + b·length/average), as base + perTerm·length: worked out once per query,
 * so scoring a posting needs no division.
 */
export interface LengthNorms {
  base: number
  perTerm: number
}

export function lengthNorms(averageLength: number): LengthNorms {
  return { base: BM25.k * (1 - BM25.b), perTerm: (BM25.k * BM25.b) / averageLength }
}

/** Coverage is worth more than any score: BM25 sums for a query stay far below this. */
const COVERAGE_STEP = 1e6

export interface Candidate {
  /** Global passage number in the index. */
  doc: number
  score: number
  /** How many of the query's groups (words, phrases) the passage matches. */
  coverage: number
}

export interface Evaluation {
  /** How many passages match enough of the query. */
  passing: number
  /** The next best passage, or null when there is none left. */
  next(): Candidate | null
}

/**
 * Evaluates `groups` over `index`. With three or more groups asked, a passage must match at least half of them
 * (unless none does: a long pasted message); every phrase must stand in the quote; `filter` keeps articles.
 */
export function evaluate(index: SearchIndex, groups: readonly QueryGroup[], filter: ArticleFilter | null): Evaluation {
  const scratch = scratchFor(index.docLimit)
  const { score, mask, count, key, touched } = scratch
  const parts = index.parts
  const norms = lengthNorms(index.size > 0 ? index.totalLength / index.size : 1)
  touched.length = 0

  groups.forEach((group, g) => {
    const bit = 2 ** g
    for (const alternative of group.alternatives) {
      const dfs = alternative.terms.map((term) => index.df(term))
      if (dfs.some((df) => df === 0)) continue
      const weightedIdfs = dfs.map((df) => alternative.weight * idf(index.size, df))
      for (const part of parts) {
        const { segment } = part
        const ranges = alternative.terms.map((term) => {
          const t = segment.terms.indexOf(term)
          return t < 0 ? null : [segment.postingStart[t]!, segment.postingStart[t + 1]!]
        })
        if (ranges.some((r) => r === null)) continue
        if (ranges.length === 1) {
          const [start, end] = ranges[0]!
          addPostings(part, start!, end!, weightedIdfs[0]!, bit, norms, scratch)
        } else {
          addAllOf(part, ranges as [number, number][], weightedIdfs, bit, norms, scratch)
        }
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
  const phraseBits = groups.reduce((bits, group, g) => (group.phrase ? bits + 2 ** g : bits), 0)
  const phrases = groups.filter((group) => group.phrase).map((group) => group.phrase!)
  const eligible: number[] = []
  const articleOf = (doc: number): { article: Article; part: IndexPart; local: number } => {
    const part = index.partOf(doc)
    const local = doc - part.base
    return { article: part.segment.articles[part.segment.docArticle[local]!]!, part, local }
  }
  for (const doc of touched) {
    if (count[doc]! < required || (mask[doc]! & phraseBits) >>> 0 !== phraseBits) continue
    if (filter || phrases.length > 0) {
      const { article, part, local } = articleOf(doc)
      if (filter && !filter(article)) continue
      if (phrases.length > 0) {
        const text = article.text.slice(part.segment.docStart[local]!, part.segment.docEnd[local]!)
        if (!phrases.every((phrase) => phrase.test(text))) continue
      }
    }
    eligible.push(doc)
    key[doc] = count[doc]! * COVERAGE_STEP + score[doc]!
  }

  // Take out the results before the scratch arrays are reset: the heap keeps its own copies of keys.
  const keys = new Float64Array(eligible.length)
  const scores = new Float64Array(eligible.length)
  const coverages = new Uint8Array(eligible.length)
  eligible.forEach((doc, i) => {
    keys[i] = key[doc]!
    scores[i] = score[doc]!
    coverages[i] = count[doc]!
  })
  for (const doc of touched) {
    score[doc] = 0
    mask[doc] = 0
    count[doc] = 0
  }
  touched.length = 0

  // Best first by key. Equal keys (the same passage printed twice scores the same) come out as a group, ordered by
  // file name, then position: the order never depends on how the index was put together.
  const heap = new MaxHeap(eligible.length, keys)
  const order = (x: number, y: number): number => {
    const a = articleOf(eligible[x]!)
    const b = articleOf(eligible[y]!)
    if (a.article.file !== b.article.file) return a.article.file < b.article.file ? -1 : 1
    return a.part.segment.docStart[a.local]! - b.part.segment.docStart[b.local]!
  }
  let group: number[] = []
  let at = 0
  return {
    passing: eligible.length,
    next: () => {
      if (at === group.length) {
        const first = heap.pop()
        if (first === undefined) return null
        group = [first]
        while (heap.size > 0 && keys[heap.peek()!] === keys[first]) group.push(heap.pop()!)
        if (group.length > 1) group.sort(order)
        at = 0
      }
      const i = group[at++]!
      return { doc: eligible[i]!, score: scores[i]!, coverage: coverages[i]! }
    },
  }
}

function addPostings(
  part: IndexPart,
  start: number,
  end: number,
  weightedIdf: number,
  bit: number,
  norms: LengthNorms,
  scratch: Scratch,
): void {
  const { segment, base, live } = part
  const { postingDoc, postingTf, docLength, docArticle } = segment
  const { score, mask, touched } = scratch
  const normBase = norms.base
  const normPerTerm = norms.perTerm
  const k1 = BM25.k + 1
  const delta = BM25.d
  for (let i = start; i < end; i++) {
    const local = postingDoc[i]!
    if (live !== null && live[docArticle[local]!] !== 1) continue
    const doc = base + local
    if (mask[doc] === 0) touched.push(doc)
    // bm25(), written out: this loop runs once per posting of every asked word.
    const tf = postingTf[i]!
    score[doc] = score[doc]! + weightedIdf * (delta + (tf * k1) / (tf + (normBase + normPerTerm * docLength[local]!)))
    mask[doc] = (mask[doc]! | bit) >>> 0
  }
}

/** Several words that must all be held ("opposition fighters"): count, then score the passages holding all. */
function addAllOf(
  part: IndexPart,
  ranges: readonly [number, number][],
  weightedIdfs: readonly number[],
  bit: number,
  norms: LengthNorms,
  scratch: Scratch,
): void {
  const { segment, base, live } = part
  const { postingDoc, postingTf, docLength, docArticle } = segment
  const { score, mask, touched, count } = scratch
  const counted: number[] = []
  for (const [start, end] of ranges) {
    for (let i = start; i < end; i++) {
      const doc = base + postingDoc[i]!
      count[doc] = count[doc]! + 1
      if (count[doc] === 1) counted.push(doc)
    }
  }
  for (const doc of counted) {
    const local = doc - base
    if (count[doc] === ranges.length && (live === null || live[docArticle[local]!] === 1)) {
      if (mask[doc] === 0) touched.push(doc)
      ranges.forEach(([start, end], r) => {
        const at = findPosting(postingDoc, start, end, local)
        score[doc] = score[doc]! + bm25(postingTf[at]!, weightedIdfs[r]!, docLength[local]!, norms)
      })
      mask[doc] = (mask[doc]! | bit) >>> 0
    }
    count[doc] = 0
  }
}

/** Index of `doc` in the sorted postings [start, end) (it is known to be there). */
function findPosting(docs: Uint32Array, start: number, end: number, doc: number): number {
  let lo = start
  let hi = end - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (docs[mid]! < doc) lo = mid + 1
    else hi = mid
  }
  return lo
}

function popcount(n: number): number {
  let bits = 0
  for (let m = n >>> 0; m !== 0; m = (m & (m - 1)) >>> 0) bits++
  return bits
}

/** Per-query working arrays indexed by global passage number, reused between queries (reset after each). */
interface Scratch {
  size: number
  score: Float64Array
  mask: Uint32Array
  count: Uint8Array
  key: Float64Array
  touched: number[]
}

let shared: Scratch | null = null

function scratchFor(size: number): Scratch {
  if (!shared || shared.size < size) {
    const n = Math.max(size, 1024) * 2
    shared = {
      size: n,
      score: new Float64Array(n),
      mask: new Uint32Array(n),
      count: new Uint8Array(n),
      key: new Float64Array(n),
      touched: [],
    }
  }
  return shared
}

/** A binary max-heap of positions 0 … n-1 by `keys`, built in linear time, so only the results shown are ordered. */
class MaxHeap {
  private readonly items: Int32Array
  private length: number

  constructor(
    n: number,
    private readonly keys: Float64Array,
  ) {
    this.items = new Int32Array(n)
    for (let i = 0; i < n; i++) this.items[i] = i
    this.length = n
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i)
  }

  get size(): number {
    return this.length
  }

  peek(): number | undefined {
    return this.length > 0 ? this.items[0] : undefined
  }

  pop(): number | undefined {
    if (this.length === 0) return undefined
    const top = this.items[0]!
    this.length--
    if (this.length > 0) {
      this.items[0] = this.items[this.length]!
      this.siftDown(0)
    }
    return top
  }

  private siftDown(start: number): void {
    const { items, keys } = this
    const n = this.length
    let i = start
    const item = items[i]!
    const itemKey = keys[item]!
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      const child = r < n && keys[items[r]!]! > keys[items[l]!]! ? r : l
      if (keys[items[child]!]! <= itemKey) break
      items[i] = items[child]!
      i = child
    }
    items[i] = item
  }
}
