import MiniSearch, { type Options } from 'minisearch'

/**
 * MiniSearch, opened up for query evaluation at archive scale. MiniSearch keeps, per term, a map
 * of document → term frequency (its postings) in a radix tree. Its `search()` turns every posting
 * into a result object (measured: ~3.7 µs a posting), which makes a common word over 100,000
 * passages cost tens of milliseconds. This subclass reads the same postings through MiniSearch's
 * protected fields, so Storydesk can evaluate queries with tight loops over typed arrays while
 * MiniSearch stays the one index: it builds, stores, discards, vacuums and (de)serializes it.
 * The BM25 formula is MiniSearch's own, so scores mean the same as its search() would give.
 */

/** What MiniSearch stores per passage: its id and its normalized terms, space-joined. */
export interface IndexedDocument {
  id: string
  text: string
}

/** MiniSearch's options; the same object is given when an index is loaded from the cache. */
export const MINISEARCH_OPTIONS: Options<IndexedDocument> = {
  idField: 'id',
  fields: ['text'],
  storeFields: [],
  tokenize: (text: string) => (text === '' ? [] : text.split(' ')),
  processTerm: (term: string) => term,
  searchOptions: { tokenize: (text: string) => [text], processTerm: (term: string) => term },
}

// MiniSearch's default BM25+ parameters (k1, b, delta).
const BM25 = { k: 1.2, b: 0.7, d: 0.5 }

export class PassageMiniSearch extends MiniSearch<IndexedDocument> {
  constructor() {
    super(MINISEARCH_OPTIONS)
  }

  /**
   * Rebuilds an index from the object its toJSON() returned (after JSON.parse). MiniSearch.loadJS
   * returns the base class, so the prototype is set here.
   */
  static fromJS(js: object): PassageMiniSearch {
    const loaded = MiniSearch.loadJS<IndexedDocument>(js as Parameters<typeof MiniSearch.loadJS>[0], MINISEARCH_OPTIONS)
    return Object.setPrototypeOf(loaded, PassageMiniSearch.prototype) as PassageMiniSearch
  }

  /** Document (short id) → frequency of `term` in it; may include discarded documents until vacuumed (check isLive). */
  postings(term: string): ReadonlyMap<number, number> | undefined {
    return this._index.get(term)?.get(this.textField)
  }

  /** How many passages hold `term` (discarded ones count until MiniSearch vacuums them). */
  frequency(term: string): number {
    return this.postings(term)?.size ?? 0
  }

  /** Terms of the index within `distance` edits of `term`, with that distance. */
  *termsNear(term: string, distance: number): Generator<[term: string, distance: number]> {
    for (const [variant, [, d]] of this._index.fuzzyGet(term, distance)) yield [variant, d]
  }

  /** Terms of the index that start with `prefix`. */
  *termsStartingWith(prefix: string): Generator<string> {
    for (const [term] of this._index.atPrefix(prefix)) yield term
  }

  isLive(shortId: number): boolean {
    return this._documentIds.has(shortId)
  }

  /** False until a document is discarded (and again after vacuuming): until then every posting is live. */
  get hasDiscarded(): boolean {
    return this._dirtCount > 0
  }

  /** The short id MiniSearch gave a document. */
  shortIdOf(id: string): number | undefined {
    return this._idToShortId.get(id)
  }

  /** The passage id of a short id. */
  idOf(shortId: number): string | undefined {
    return this._documentIds.get(shortId) as string | undefined
  }

  /** One more than the largest short id in use: the size scratch arrays need. */
  get shortIdLimit(): number {
    return this._nextId
  }

  /** BM25's inverse document frequency of a term held by `df` documents. */
  idf(df: number): number {
    return Math.log(1 + (this._documentCount - df + 0.5) / (df + 0.5))
  }

  /**
   * Each document's BM25 length normalization, k1·(1 − b + b·length/average), indexed by short id.
   * Recomputed only when documents were added or removed since the last call.
   */
  lengthNorms(): Float64Array {
    if (this.norms && this.normsAt === this._nextId && this.normsDocs === this._documentCount) return this.norms
    const norms = new Float64Array(this._nextId)
    const average = this._avgFieldLength[this.textField] || 1
    for (const [shortId, lengths] of this._fieldLength)
      norms[shortId] = BM25.k * (1 - BM25.b + (BM25.b * (lengths[this.textField] ?? 0)) / average)
    this.norms = norms
    this.normsAt = this._nextId
    this.normsDocs = this._documentCount
    return norms
  }

  private norms: Float64Array | null = null
  private normsAt = -1
  private normsDocs = -1

  /** MiniSearch's BM25+ score for term frequency `tf`, given the term's idf and the document's length norm. */
  static bm25(tf: number, idf: number, norm: number): number {
    return idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + norm))
  }

  private get textField(): number {
    return this._fieldIds.text ?? 0
  }
}
