/**
 * A snapshot: everything a query needs, immutable. The corpus state (corpusState.ts), the articles it serves, the
 * search index over their passages, what could not be loaded, and figures for /healthz and App Home.
 *
 * A query runs against one snapshot from start to end. A live change never alters a snapshot: `nextSnapshot` builds
 * the next one (sharing what did not change) and the store swaps it in whole.
 */
import {
  type FileRead,
  type ReadOptions,
  decodeReads,
  listArticleFiles,
  readRawArticleFiles,
  readSourcesFile,
} from '../corpus/files.ts'
import type { RawRead } from '../corpus/rawFile.ts'
import { byFile } from '../corpus/order.ts'
import type { Article, CorpusLoad } from '../corpus/types.ts'
import type { Problem } from '../errors.ts'
import { exampleNames } from '../search/advice.ts'
import { type IndexOptions, SearchIndex } from '../search/searchIndex.ts'
import type { Vocabulary } from '../search/vocabulary.ts'
import { type Change, type CorpusState, type FileEntry, articlesOf, problemsOf, stateFromReads } from './corpusState.ts'
import { type ArticleQuotations, QuotationIndex, type Quotation, quotationsOf } from '../quotes/index.ts'
import { type ParallelOptions, buildSegmentInParallel } from './parallelBuild.ts'
import { loadVocabulary } from './vocabularyFile.ts'

export interface Snapshot {
  readonly state: CorpusState
  /** The articles served, sorted by file name. */
  readonly articles: readonly Article[]
  readonly index: SearchIndex
  /** Every direct quotation in the articles, with its speaker and its versions across outlets. */
  readonly quotations: QuotationIndex
  /** What could not be loaded (or was kept from before), sources.json first, then by file name. */
  readonly problems: readonly Problem[]
  readonly stats: CorpusStats
}

export interface CorpusStats {
  articles: number
  outlets: number
  passages: number
  /** Earliest and latest publication dates known (YYYY-MM-DD), or null. */
  from: string | null
  to: string | null
  /** Time the first load took (reading, cleaning, indexing, or the index cache), in milliseconds. */
  loadMs: number
}

export interface SnapshotOptions {
  /** Default: src/search/vocabulary.json. */
  vocabulary?: Vocabulary
  index?: IndexOptions
  /** Files larger than this are refused. Default DEFAULT_MAX_FILE_BYTES (corpus/files.ts). */
  maxFileBytes?: number
  /** Called as articles are indexed (a large corpus takes seconds): articles done, articles in all. */
  onProgress?: (done: number, total: number) => void
  /** When the index is built on worker threads (parallelBuild.ts). */
  parallel?: ParallelOptions
}

/** The folder being read: sources.json read, the article files' bytes coming (see startReadingFolder). */
export interface FolderReading {
  sources: FileRead
  articles: Promise<RawRead[]>
  /** Set by decodeFolder: a reading is decoded once, and its bytes are released then. */
  decoded?: boolean
}

/** The folder's files as read and decoded. */
export interface DecodedFolder {
  sources: FileRead
  articles: FileRead[]
}

/**
 * Starts reading the articles folder: lists it and reads sources.json, then starts reading the article files' bytes
 * (on a worker thread when they are many: corpus/files.ts readRawArticleFiles) and returns without waiting for them,
 * so a start can open the index cache meanwhile. Throws StorydeskError SEEDS_DIR_MISSING / SEEDS_DIR_EMPTY.
 *
 * @example const reading = await startReadingFolder('seeds'); const folder = await decodeFolder(reading)
 */
export async function startReadingFolder(
  dir: string,
  options: Pick<SnapshotOptions, 'maxFileBytes'> & { warn?: (message: string) => void } = {},
): Promise<FolderReading> {
  const names = await listArticleFiles(dir)
  const sources = await readSourcesFile(dir)
  const articles = readRawArticleFiles(dir, names, {
    maxBytes: options.maxFileBytes,
    onWorkerFailure: (reason) =>
      options.warn?.(`reading the articles folder: ${reason}; reading them on the main thread`),
  })
  return { sources, articles }
}

/** The folder's reads once its files are in, decoded (web pages extracted, unless `extractedPage` has them). */
export async function decodeFolder(
  reading: FolderReading,
  options: Pick<ReadOptions, 'extractedPage'> = {},
): Promise<DecodedFolder> {
  if (reading.decoded) throw new Error('a folder reading is decoded once (its bytes are released then)')
  reading.decoded = true
  const raw = await reading.articles
  const articles = await decodeReads(raw, options)
  // The bytes (a copy of the corpus) are not needed past here, though the reading's promise may live on.
  raw.length = 0
  return { sources: reading.sources, articles }
}

/**
 * Reads the articles folder (sources.json and every article file). Throws StorydeskError SEEDS_DIR_MISSING /
 * SEEDS_DIR_EMPTY.
 */
export async function readFolder(
  dir: string,
  options: Pick<SnapshotOptions, 'maxFileBytes'> & Pick<ReadOptions, 'extractedPage'> = {},
): Promise<DecodedFolder> {
  return decodeFolder(await startReadingFolder(dir, options), options)
}

/**
 * Reads the articles folder and builds a snapshot (no index cache: see cache.ts for that). Throws StorydeskError
 * SEEDS_DIR_MISSING / SEEDS_DIR_EMPTY.
 *
 * @example const snapshot = await loadSnapshot('seeds'); snapshot.index.search('homs distance')
 */
export async function loadSnapshot(dir: string, options: SnapshotOptions = {}): Promise<Snapshot> {
  const started = performance.now()
  const { sources, articles } = await readFolder(dir, options)
  return indexSnapshot(stateFromReads(sources, articles), options, started)
}

/**
 * A snapshot of a corpus state, its index built in full: on worker threads when the corpus is large (see
 * parallelBuild.ts), so the event loop stays free meanwhile.
 */
export async function indexSnapshot(
  state: CorpusState,
  options: SnapshotOptions = {},
  started = performance.now(),
): Promise<Snapshot> {
  const articles = articlesOf(state)
  const vocabulary = options.vocabulary ?? loadVocabulary()
  const segment = await buildSegmentInParallel(articles, vocabulary, {
    ...options.parallel,
    passages: options.index?.passages,
    onProgress: progressEvery(articles.length, options.onProgress),
  })
  const index = SearchIndex.fromSegments(vocabulary, options.index ?? {}, [segment])
  return assemble(state, articles, index, quotationsFor(articles), performance.now() - started)
}

/** A snapshot of a corpus state, its index built in full on this thread (small corpora: tests, in-memory sets). */
export function snapshotOf(state: CorpusState, options: SnapshotOptions = {}, started = performance.now()): Snapshot {
  const articles = articlesOf(state)
  const index = SearchIndex.build(articles, options.vocabulary ?? loadVocabulary(), {
    ...options.index,
    onProgress: progressEvery(articles.length, options.onProgress),
  })
  return assemble(state, articles, index, quotationsFor(articles), performance.now() - started)
}

/** Progress reported every 250 articles and at the end. */
export function progressEvery(
  total: number,
  onProgress: SnapshotOptions['onProgress'],
): ((done: number) => void) | undefined {
  if (!onProgress) return undefined
  return (done) => {
    if (done % 250 === 0 || done === total) onProgress(done, total)
  }
}

/**
 * The snapshot around an index built elsewhere (the index cache) for exactly `state`'s articles. `saved` gives the
 * quotations of articles whose quotations were saved with them; the others' are extracted.
 */
export function snapshotWithIndex(
  state: CorpusState,
  index: SearchIndex,
  loadMs: number,
  saved: ReadonlyMap<Article, readonly Quotation[]> = new Map(),
): Snapshot {
  const articles = articlesOf(state)
  return assemble(state, articles, index, quotationsFor(articles, saved), loadMs)
}

/**
 * The snapshot after `change` (what applyRead returned with `state`): the index gets the change (the previous
 * snapshot's index is not touched), everything else is recomputed from the state.
 */
export function nextSnapshot(previous: Snapshot, state: CorpusState, change: Change): Snapshot {
  if (change.removed.length + change.added.length === 0) {
    return assemble(state, previous.articles, previous.index, previous.quotations, previous.stats.loadMs)
  }
  const index = previous.index.withChanges(change.removed, change.added)
  const quotations = previous.quotations.withChanges(change.removed, change.added.map(withQuotations))
  return assemble(state, withChanges(previous.articles, change), index, quotations, previous.stats.loadMs)
}

/** The snapshot with its index compacted (built in the background); nothing a query sees changes. */
export function withIndex(snapshot: Snapshot, index: SearchIndex): Snapshot {
  return { ...snapshot, index }
}

/**
 * A snapshot of articles already in memory (tests, the benchmark's generated corpus): each article as if read from
 * a file holding its text.
 */
export function buildSnapshot(load: CorpusLoad, options: SnapshotOptions = {}): Snapshot {
  const files = new Map<string, FileEntry>(
    load.articles.map((article) => [
      article.file,
      { good: { file: article.file, kind: 'text', text: article.text, digest: '' }, article, problems: [] },
    ]),
  )
  for (const problem of load.problems) {
    if (!files.has(problem.where)) files.set(problem.where, { good: null, article: null, problems: [problem] })
  }
  const state: CorpusState = {
    files,
    sources: { document: null, digest: null, rejected: null },
    meta: new Map(),
    sourcesProblems: [],
  }
  return snapshotOf(state, options)
}

function assemble(
  state: CorpusState,
  articles: readonly Article[],
  index: SearchIndex,
  quotations: QuotationIndex,
  loadMs: number,
): Snapshot {
  // Worked out now (once per segment, cached), not by the first query that finds nothing.
  exampleNames(index)
  return {
    state,
    articles,
    index,
    quotations,
    problems: problemsOf(state),
    stats: corpusStats(articles, index.size, loadMs),
  }
}

/** The quotation index of `articles` (their quotations extracted, unless `saved` has them). */
function quotationsFor(
  articles: readonly Article[],
  saved: ReadonlyMap<Article, readonly Quotation[]> = new Map(),
): QuotationIndex {
  return QuotationIndex.build(
    articles.map((article) => {
      const known = saved.get(article)
      return known ? { article, quotations: known } : withQuotations(article)
    }),
  )
}

function withQuotations(article: Article): ArticleQuotations {
  return { article, quotations: quotationsOf(article) }
}

/** The articles with a change applied, still sorted by file name (linear: no re-sort of a large corpus). */
function withChanges(articles: readonly Article[], change: Change): Article[] {
  const removed = new Set(change.removed)
  const kept = articles.filter((a) => !removed.has(a))
  const added = [...change.added].sort(byFile)
  const merged: Article[] = []
  let i = 0
  for (const article of added) {
    while (i < kept.length && kept[i]!.file < article.file) merged.push(kept[i++]!)
    merged.push(article)
  }
  while (i < kept.length) merged.push(kept[i++]!)
  return merged
}

/** Figures for /healthz, App Home and the start-up line: articles, outlets, passages, dates, load time. */
export function corpusStats(articles: readonly Article[], passages: number, loadMs: number): CorpusStats {
  let from: string | null = null
  let to: string | null = null
  const outlets = new Set<string>()
  for (const article of articles) {
    outlets.add(article.outlet)
    const date = article.published
    if (date === null) continue
    if (from === null || date < from) from = date
    if (to === null || date > to) to = date
  }
  return { articles: articles.length, outlets: outlets.size, passages, from, to, loadMs: Math.round(loadMs) }
}
