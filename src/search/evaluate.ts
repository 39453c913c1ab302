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
import type { ArticleFilter } from './filters.ts'
import type { QueryGroup } from './plan.ts'
import type { IndexPart, SearchIndex } from './searchIndex.ts'
import { mayHoldPairs } from './wordPairs.ts'

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

/** The length normalization for passages averaging `averageLength` terms. */
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
  /** How many passages match enough of the query: exact, or an estimate when `estimated` (see EVALUATE_LIMITS). */
  readonly passing: number
  readonly estimated: boolean
  /** The next best passage, or null when there is none left. */
  next(): Candidate | null
  /** What next() will return, without taking it. */
  peek(): Candidate | null
  /** Gives the per-query arrays back (call when done; a later evaluation reuses them). */
  close(): void
}

/** How much ordering and phrase checking one query may do. */
export const EVALUATE_LIMITS = {
  /** Passages ordered at most (enough for ten pages after syndicated copies are folded). */
  maxRanked: 500,
  /**
   * Phrase queries: candidates (holding the phrase's words) checked for the exact phrase up front. Past this, they are
   * checked best first only as far as the results need, and the number of matches is estimated from those checked.
   */
  phraseChecks: 4000,
} as const

/**
 * Evaluates `groups` over `index`. With three or more groups asked, a passage must match at least half of them
 * (unless none does: a long pasted message); every phrase must stand in the quote; `filter` keeps articles.
 */
export function evaluate(index: SearchIndex, groups: readonly QueryGroup[], filter: ArticleFilter | null): Evaluation {
  const scratch = takeScratch(index.docLimit)
  const { score, mask, coverage } = scratch
  const norms = lengthNorms(index.size > 0 ? index.totalLength / index.size : 1)
  scratch.touchedCount = 0

  groups.forEach((group, g) => {
    const bit = 2 ** g
    for (const alternative of group.alternatives) {
      const dfs = alternative.terms.map((term) => index.df(term))
      if (dfs.some((df) => df === 0)) continue
      const weightedIdfs = dfs.map((df) => alternative.weight * idf(index.size, df))
      for (const part of index.parts) {
        const { segment } = part
        const ranges = alternative.terms.map((term) => {
          const t = segment.terms.indexOf(term)
          return t < 0 ? null : ([segment.postingStart[t]!, segment.postingStart[t + 1]!] as [number, number])
        })
        if (ranges.some((r) => r === null)) continue
        if (ranges.length === 1) addPostings(part, ranges[0]![0], ranges[0]![1], weightedIdfs[0]!, bit, norms, scratch)
        else addAllOf(part, ranges as [number, number][], weightedIdfs, bit, norms, scratch)
      }
    }
  })

  // Coverage first: with three or more words asked, at least half must match (unless none does).
  const { touched, touchedCount } = scratch
  let bestCoverage = 0
  for (let i = 0; i < touchedCount; i++) {
    const c = coverage[touched[i]!]!
    if (c > bestCoverage) bestCoverage = c
  }
  const required = groups.length >= 3 ? Math.min(Math.ceil(groups.length / 2), bestCoverage) : 1
  const phraseBits = groups.reduce((bits, group, g) => (group.phrase ? bits + 2 ** g : bits), 0)
  const phrases = groups.flatMap((group) => (group.phrase ? [group.phrase] : []))
  const pairs = phrases.flatMap((phrase) => phrase.pairs)
  const { candidates, candidateKeys, candidateScores, candidateCoverage } = scratch
  let n = 0
  for (let i = 0; i < touchedCount; i++) {
    const doc = touched[i]!
    const c = coverage[doc]!
    if (
      c >= required &&
      (mask[doc]! & phraseBits) >>> 0 === phraseBits &&
      (pairs.length === 0 || mayHoldPhrases(index, doc, pairs)) &&
      (!filter || filter(index.locate(doc).article))
    ) {
      candidates[n] = doc
      // One number orders by coverage, then score (scores stay far below the coverage step).
      candidateKeys[n] = c * COVERAGE_STEP + score[doc]!
      candidateScores[n] = score[doc]!
      candidateCoverage[n] = c
      n++
    }
    score[doc] = 0
    mask[doc] = 0
    coverage[doc] = 0
  }
  scratch.touchedCount = 0

  const holdsPhrases = (doc: number): boolean => {
    const text = index.passageText(doc)
    return phrases.every((phrase) => phrase.test(text))
  }
  const candidate = (i: number): Candidate => ({
    doc: candidates[i]!,
    score: candidateScores[i]!,
    coverage: candidateCoverage[i]!,
  })
  const bestFirst = (positions: number[]) => sortBest(index, candidates, candidateKeys, positions)
  let closed = false
  const close = () => {
    if (!closed) releaseScratch(scratch)
    closed = true
  }

  if (phrases.length === 0) {
    const ranked = topByKey(n, candidateKeys, EVALUATE_LIMITS.maxRanked, bestFirst)
    let at = 0
    return peekable({
      passing: n,
      estimated: false,
      next: () => (at < ranked.length ? candidate(ranked[at++]!) : null),
      close,
    })
  }

  if (n <= EVALUATE_LIMITS.phraseChecks) {
    // Few enough to check every one: the count is exact.
    const passed: number[] = []
    for (let i = 0; i < n; i++) if (holdsPhrases(candidates[i]!)) passed.push(i)
    const ranked = topOf(passed, candidateKeys, EVALUATE_LIMITS.maxRanked, bestFirst)
    let at = 0
    return peekable({
      passing: passed.length,
      estimated: false,
      next: () => (at < ranked.length ? candidate(ranked[at++]!) : null),
      close,
    })
  }

  // Many candidates: walk them best first and check each only as results are asked for.
  const heap = new MaxHeap(n, candidateKeys)
  let group: number[] = []
  let at = 0
  let checked = 0
  let matched = 0
  return peekable({
    get passing() {
      return checked === 0 ? n : Math.round((matched / checked) * n)
    },
    get estimated() {
      return heap.size > 0 || at < group.length
    },
    next: () => {
      for (;;) {
        if (at === group.length) {
          const first = heap.pop()
          if (first === undefined) return null
          group = [first]
          while (heap.size > 0 && candidateKeys[heap.peek()!] === candidateKeys[first]) group.push(heap.pop()!)
          if (group.length > 1) group = bestFirst(group)
          at = 0
        }
        const i = group[at++]!
        checked++
        if (holdsPhrases(candidates[i]!)) {
          matched++
          return candidate(i)
        }
      }
    },
    close,
  })
}

/**
 * False when the passage's word-pair signature proves it lacks one of the phrases' word pairs: a phrase whose only
 * indexed word is common ("this nation will") has tens of thousands of candidates, and reading each one's text took
 * a third of a second at a million passages. Never false for a passage that holds them (wordPairs.ts).
 */
function mayHoldPhrases(index: SearchIndex, doc: number, pairs: readonly number[]): boolean {
  const part = index.partOf(doc)
  const local = doc - part.base
  const { pairStart, pairBits } = part.segment
  return mayHoldPairs(pairs, pairBits, pairStart[local]!, pairStart[local + 1]!)
}

/** An evaluation that can show its next candidate without handing it out (the ranking's frontier). */
function peekable(raw: Omit<Evaluation, 'peek'>): Evaluation {
  let buffered: Candidate | null | undefined
  return {
    get passing() {
      return raw.passing
    },
    get estimated() {
      return raw.estimated
    },
    next() {
      if (buffered !== undefined) {
        const next = buffered
        buffered = undefined
        return next
      }
      return raw.next()
    },
    peek() {
      if (buffered === undefined) buffered = raw.next()
      return buffered
    },
    close: () => raw.close(),
  }
}

/**
 * Positions best first: higher key, then (equal keys: the same passage printed twice scores the same) file name, then
 * position in the file, so the order never depends on how the index was put together. A segment numbers its passages
 * in that order (articles sorted by file), so within one part the passage number decides and the sort is numeric;
 * parts are then merged, comparing file names at their heads only. One key can be shared by tens of thousands of
 * passages (a phrase whose only indexed word is common): comparing file names per comparison took seconds.
 */
function sortBest(index: SearchIndex, candidates: Int32Array, keys: Float64Array, positions: number[]): number[] {
  const byKeyThenDoc = (x: number, y: number) => keys[y]! - keys[x]! || candidates[x]! - candidates[y]!
  const { parts } = index
  if (positions.length < 2 || parts.length === 1) return positions.sort(byKeyThenDoc)
  const buckets = parts.map(() => [] as number[])
  const partAt = new Map(parts.map((part, i) => [part, i]))
  for (const p of positions) buckets[partAt.get(index.partOf(candidates[p]!))!]!.push(p)
  for (const bucket of buckets) bucket.sort(byKeyThenDoc)
  // The head of each bucket, located once each time it moves.
  const heads = buckets.map(() => 0)
  const headKey = new Float64Array(buckets.length)
  const headFile = buckets.map(() => '')
  const headStart = new Float64Array(buckets.length)
  const locateHead = (b: number) => {
    const p = buckets[b]![heads[b]!]
    if (p === undefined) return
    const { segment, local, article } = index.locate(candidates[p]!)
    headKey[b] = keys[p]!
    headFile[b] = article.file
    headStart[b] = segment.docStart[local]!
  }
  for (let b = 0; b < buckets.length; b++) locateHead(b)
  const sorted: number[] = []
  for (let left = positions.length; left > 0; left--) {
    let best = -1
    for (let b = 0; b < buckets.length; b++) {
      if (heads[b]! >= buckets[b]!.length) continue
      if (
        best < 0 ||
        headKey[b]! > headKey[best]! ||
        (headKey[b] === headKey[best] &&
          (headFile[b]! < headFile[best]! || (headFile[b] === headFile[best] && headStart[b]! < headStart[best]!)))
      )
        best = b
    }
    sorted.push(buckets[best]![heads[best]!++]!)
    locateHead(best)
  }
  return sorted
}

/**
 * The positions 0 … n-1 with the `max` largest keys, best first by `sort`; ties at the cut are all kept, so which
 * passages make it never depends on the order they were found in. Linear for a large n: a bounded min-heap
 * rejects most positions with one comparison.
 */
function topByKey(n: number, keys: Float64Array, max: number, sort: (positions: number[]) => number[]): number[] {
  if (n <= max) return sort(Array.from({ length: n }, (_, i) => i))
  const heap = new MinHeap(max, keys)
  for (let i = 0; i < n; i++) heap.offer(i)
  const cut = keys[heap.peek()!]!
  const kept: number[] = []
  for (let i = 0; i < n; i++) if (keys[i]! >= cut) kept.push(i)
  return sort(kept)
}

/** topByKey over some positions only. */
function topOf(
  positions: number[],
  keys: Float64Array,
  max: number,
  sort: (positions: number[]) => number[],
): number[] {
  if (positions.length <= max) return sort(positions)
  const sorted = positions.map((p) => keys[p]!).sort((a, b) => b - a)
  const cut = sorted[max - 1]!
  return sort(positions.filter((p) => keys[p]! >= cut))
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
  const { score, mask, coverage, touched } = scratch
  let touchedCount = scratch.touchedCount
  const normBase = norms.base
  const normPerTerm = norms.perTerm
  const k1 = BM25.k + 1
  const delta = BM25.d
  for (let i = start; i < end; i++) {
    const local = postingDoc[i]!
    if (live !== null && live[docArticle[local]!] !== 1) continue
    const doc = base + local
    const before = mask[doc]!
    if (before === 0) touched[touchedCount++] = doc
    // bm25(), written out: this loop runs once per posting of every asked word.
    const tf = postingTf[i]!
    score[doc] = score[doc]! + weightedIdf * (delta + (tf * k1) / (tf + (normBase + normPerTerm * docLength[local]!)))
    if ((before & bit) === 0) {
      mask[doc] = (before | bit) >>> 0
      coverage[doc] = coverage[doc]! + 1
    }
  }
  scratch.touchedCount = touchedCount
}

/**
 * Scores the passages that hold all of several words: a phrase's, or an alternative of several ("opposition fighters").
 * Driven by the shortest list: each of its passages is looked for in the others from where the last one was found
 * (galloping), so the cost follows the rarest word, not the sum of the lists. Why: a phrase of two common words
 * ("government to use": 150,000 and 79,000 passages at a million) took 39–48 ms counting every posting of both; it was
 * the slowest kind of query, and every request arriving meanwhile waited for it (14–16 ms so).
 */
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
  const { score, mask, coverage, touched } = scratch
  const byLength = ranges.map((_, r) => r).sort((a, b) => length(ranges[a]!) - length(ranges[b]!))
  const shortest = byLength[0]!
  // Per list, where the search for the next passage starts, and where the current passage was found.
  const from = ranges.map(([start]) => start)
  const at = ranges.map(([start]) => start)
  const [first, last] = ranges[shortest]!
  passages: for (let i = first; i < last; i++) {
    const local = postingDoc[i]!
    at[shortest] = i
    for (let k = 1; k < byLength.length; k++) {
      const r = byLength[k]!
      const end = ranges[r]![1]
      const found = gallop(postingDoc, from[r]!, end, local)
      from[r] = found
      // A list run out holds none of the passages left.
      if (found === end) return
      if (postingDoc[found] !== local) continue passages
      at[r] = found
    }
    if (live !== null && live[docArticle[local]!] !== 1) continue
    const doc = base + local
    const before = mask[doc]!
    if (before === 0) touched[scratch.touchedCount++] = doc
    // In the order the words were asked, so the sum (and so the ranking) never depends on the lists' lengths.
    for (let r = 0; r < ranges.length; r++) {
      score[doc] = score[doc]! + bm25(postingTf[at[r]!]!, weightedIdfs[r]!, docLength[local]!, norms)
    }
    if ((before & bit) === 0) {
      mask[doc] = (before | bit) >>> 0
      coverage[doc] = coverage[doc]! + 1
    }
  }
}

function length([start, end]: readonly [number, number]): number {
  return end - start
}

/**
 * The first index in [from, end) of the sorted `docs` whose passage is `doc` or after it (`end` when there is none):
 * steps of 1, 2, 4 … from `from`, then a binary search in the last step, so a search that moves a little costs little.
 */
function gallop(docs: Uint32Array, from: number, end: number, doc: number): number {
  if (from >= end || docs[from]! >= doc) return from
  // docs[below] < doc throughout.
  let below = from
  let step = 1
  while (below + step < end && docs[below + step]! < doc) {
    below += step
    step *= 2
  }
  let lo = below + 1
  let hi = Math.min(below + step, end)
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (docs[mid]! < doc) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Per-query working arrays indexed by global passage number, reused from query to query (each is left zeroed): a
 * common word at a million passages touches hundreds of thousands, and fresh arrays per query would keep the garbage
 * collector busy. One set is lent to one evaluation at a time; a second evaluation alive at once gets its own.
 */
interface Scratch {
  size: number
  busy: boolean
  score: Float64Array
  mask: Uint32Array
  coverage: Uint8Array
  touched: Int32Array
  touchedCount: number
  candidates: Int32Array
  candidateKeys: Float64Array
  candidateScores: Float64Array
  candidateCoverage: Uint8Array
}

let shared: Scratch | null = null

function newScratch(size: number): Scratch {
  return {
    size,
    busy: false,
    score: new Float64Array(size),
    mask: new Uint32Array(size),
    coverage: new Uint8Array(size),
    touched: new Int32Array(size),
    touchedCount: 0,
    candidates: new Int32Array(size),
    candidateKeys: new Float64Array(size),
    candidateScores: new Float64Array(size),
    candidateCoverage: new Uint8Array(size),
  }
}

function takeScratch(size: number): Scratch {
  if (shared?.busy) return newScratch(Math.max(size, 1))
  if (!shared || shared.size < size) shared = newScratch(Math.max(size, 1024) * 2)
  shared.busy = true
  return shared
}

function releaseScratch(scratch: Scratch): void {
  scratch.busy = false
}

/** A binary min-heap of at most `capacity` positions by `keys`: keeps the largest keys offered. */
class MinHeap {
  private readonly items: Int32Array
  private length = 0

  constructor(
    private readonly capacity: number,
    private readonly keys: Float64Array,
  ) {
    this.items = new Int32Array(capacity)
  }

  peek(): number | undefined {
    return this.length > 0 ? this.items[0] : undefined
  }

  offer(item: number): void {
    const { items, keys } = this
    if (this.length < this.capacity) {
      let i = this.length++
      while (i > 0) {
        const parent = (i - 1) >> 1
        if (keys[items[parent]!]! <= keys[item]!) break
        items[i] = items[parent]!
        i = parent
      }
      items[i] = item
      return
    }
    if (keys[item]! <= keys[items[0]!]!) return
    let i = 0
    const n = this.length
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      const child = r < n && keys[items[r]!]! < keys[items[l]!]! ? r : l
      if (keys[items[child]!]! >= keys[item]!) break
      items[i] = items[child]!
      i = child
    }
    items[i] = item
  }
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
