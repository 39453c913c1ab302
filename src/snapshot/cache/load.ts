/**
 * The load policy: how a start uses the cache.
 *
 * - hit: every article file (and its sources.json entry) is the one an article was saved for: the saved index,
 *   articles, quotations and problems are served, each article with its file's own text.
 * - partial: some files changed, arrived or left: the saved articles still good are used, the others are parsed,
 *   and the index is the saved one with those changes (built on worker threads when large, off the main thread),
 *   or built afresh when much of the saved index is gone. The cache is then written again in the background.
 * - miss: no cache for this folder, or one written by other code or settings (another key): built, then saved.
 * - off: no cache folder configured.
 *
 * A cache that cannot be used — it cannot be read, is cut short, fails a checksum, its arrays disagree, a saved text
 * or article does not fit — is never fatal: a warning says why, and the start takes the miss path.
 */
import { StorydeskError, displayName } from '../../errors.ts'
import type { Article } from '../../corpus/types.ts'
import type { PageFacts } from '../../corpus/page.ts'
import type { Quotation } from '../../quotes/index.ts'
import { SearchIndex } from '../../search/searchIndex.ts'
import { articlesOf, stateFromReads } from '../corpusState.ts'
import { buildSegmentInParallel } from '../parallelBuild.ts'
import {
  type DecodedFolder,
  type Snapshot,
  type SnapshotOptions,
  decodeFolder,
  indexSnapshot,
  progressEvery,
  readFolder,
  snapshotWithIndex,
  startReadingFolder,
} from '../snapshot.ts'
import { loadVocabulary } from '../vocabularyFile.ts'
import { type CacheFile, openCacheFile } from './format.ts'
import { cacheFileFor, removeDeadTemporaries } from './folder.ts'
import { cacheKey } from './key.ts'
import { cachedParser } from './parser.ts'
import { saveSnapshot } from './save.ts'

export interface CachedSnapshotOptions extends SnapshotOptions {
  /** Where cache files live; null disables the cache (the app takes it from INDEX_CACHE_DIR, see config.ts). */
  cacheDir: string | null
  /** Where warnings go (a cache that cannot be used or saved). Default: console.warn. */
  warn?: (message: string) => void
  /** See CACHE_DEFAULTS.rebuildAfterRemovedPassages. */
  rebuildAfterRemovedPassages?: number
}

export const CACHE_DEFAULTS = {
  /**
   * When the saved articles taken out of the saved index (changed or deleted files) hold more passages than this,
   * the index is built afresh (on worker threads) instead: taking a passage out costs more than indexing it (its
   * terms are counted again to subtract them from the statistics, on the main thread), and saving has to compact the
   * dead passages away.
   */
  rebuildAfterRemovedPassages: 1_000,
} as const

/** How the snapshot was made: entirely from the cache, from the cache plus changed files, built, or no cache. */
export type CacheOutcome = 'hit' | 'partial' | 'miss' | 'off'

export interface CachedSnapshot {
  snapshot: Snapshot
  cache: CacheOutcome
  /** Resolves once the cache is written (when it had to be); never rejects (a failure is a warning). */
  saved: Promise<void>
}

/**
 * Loads the articles folder through the cache: the saved index where it matches the files, the rest built.
 * Throws only what loading the folder throws (StorydeskError SEEDS_DIR_MISSING / SEEDS_DIR_EMPTY).
 *
 * @example
 * const { snapshot, cache, saved } = await loadSnapshotCached('seeds', { cacheDir: '.cache/index' })
 */
export async function loadSnapshotCached(dir: string, options: CachedSnapshotOptions): Promise<CachedSnapshot> {
  const started = performance.now()
  const settings = { ...options, vocabulary: options.vocabulary ?? loadVocabulary() }
  const warn = options.warn ?? ((message: string) => console.warn(message))
  const { cacheDir } = options
  let key: string | null = null
  if (cacheDir !== null) {
    const [found] = await Promise.all([
      cacheKey(settings.vocabulary, options).catch((error: Error) => {
        warn(`index cache: cannot fingerprint the code (${error.message}); starting without the cache`)
        return null
      }),
      removeDeadTemporaries(cacheDir),
    ])
    key = found
  }
  if (cacheDir === null || key === null) {
    const { sources, articles } = await readFolder(dir, options)
    return {
      snapshot: await indexSnapshot(stateFromReads(sources, articles), settings, started),
      cache: 'off',
      saved: done,
    }
  }

  const file = cacheFileFor(cacheDir, dir)
  // The files are read (on a worker thread when many) while this thread opens and checks the cache.
  const reading = await startReadingFolder(dir, { ...options, warn })
  const cache = await openCacheFile(file, key).catch((error: unknown) => {
    warn(unusable(file, error))
    return null
  })
  let folder: DecodedFolder | null = null
  if (cache) {
    try {
      // A web page unchanged since the cache was written is not extracted again (tens of milliseconds a page).
      const pages = await savedPages(cache)
      folder = await decodeFolder(reading, {
        extractedPage: (name, digest) => {
          const known = pages.get(name)
          return known?.digest === digest ? known : undefined
        },
      })
      const loaded = await loadThrough(cache, folder, settings, started)
      const saved = loaded.cache === 'partial' ? saveSnapshot(cacheDir, file, key, loaded.snapshot, warn) : done
      return { ...loaded, saved }
    } catch (error) {
      // The folder itself (missing, empty) is the caller's business; anything else here is the cache's.
      if (error instanceof StorydeskError) throw error
      warn(unusable(file, error))
    } finally {
      await cache.close().catch(() => undefined)
    }
  }
  // Decoded once (the files' bytes are released then): a page taken from the cache matched its file's digest and
  // passed its own checksum, so it stands without the rest of the cache.
  folder ??= await decodeFolder(reading)
  const { sources, articles } = folder
  const snapshot = await indexSnapshot(stateFromReads(sources, articles), settings, started)
  return { snapshot, cache: 'miss', saved: saveSnapshot(cacheDir, file, key, snapshot, warn) }
}

const done = Promise.resolve()

function unusable(file: string, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error)
  return `index cache: ${displayName(file)} is unusable (${reason}); rebuilding`
}

type Settings = CachedSnapshotOptions & Required<Pick<SnapshotOptions, 'vocabulary'>>

/** The snapshot of the folder through an opened cache file: a hit or a partial. Throws if the cache does not hold up. */
async function loadThrough(
  cache: CacheFile,
  folder: DecodedFolder,
  settings: Settings,
  started: number,
): Promise<{ snapshot: Snapshot; cache: 'hit' | 'partial' }> {
  const state = stateFromReads(folder.sources, folder.articles, cachedParser(cache))

  // The saved articles the state serves (the very objects) stay; the others were removed, changed or added.
  const served = articlesOf(state)
  const inCache = new Set(cache.segment.articles)
  const kept = new Set(served.filter((article) => inCache.has(article)))
  const removed = cache.segment.articles.filter((article) => !kept.has(article))
  // In file order, as `served` is (a segment's articles are sorted by file).
  const added = served.filter((article) => !inCache.has(article))
  const quotations = new Map<Article, readonly Quotation[]>()
  for (const article of kept) quotations.set(article, cache.saved.get(article)!.quotations)

  const index = await changedIndex(cache, removed, added, served, settings)
  const snapshot = snapshotWithIndex(state, index, performance.now() - started, quotations)
  return { snapshot, cache: removed.length + added.length === 0 ? 'hit' : 'partial' }
}

/** The saved web pages: per file, the digest of the bytes they were extracted from, their text (checked) and facts. */
async function savedPages(cache: CacheFile): Promise<Map<string, { digest: string; text: string; page: PageFacts }>> {
  const pages = new Map<string, { digest: string; text: string; page: PageFacts }>()
  for (const [article, entry] of cache.saved) {
    if (entry.page)
      pages.set(article.file, { digest: entry.digest, text: await cache.readText(article), page: entry.page })
  }
  return pages
}

/**
 * The index of `served`: the saved segment with `removed` taken out and a segment of `added` put in, or, when much
 * of the saved segment is gone, a fresh build. New segments are built by buildSegmentInParallel (worker threads when
 * the text is large), and articles are taken out one per turn of the event loop.
 */
async function changedIndex(
  cache: CacheFile,
  removed: readonly Article[],
  added: readonly Article[],
  served: readonly Article[],
  settings: Settings,
): Promise<SearchIndex> {
  const { vocabulary } = settings
  const options = settings.index ?? {}
  const build = (articles: readonly Article[]) =>
    buildSegmentInParallel(articles, vocabulary, {
      ...settings.parallel,
      passages: options.passages,
      onProgress: progressEvery(articles.length, settings.onProgress),
    })
  const { segment } = cache
  const gone = new Set(removed)
  let removedPassages = 0
  segment.articles.forEach((article, local) => {
    if (gone.has(article)) removedPassages += segment.articleFirstDoc[local + 1]! - segment.articleFirstDoc[local]!
  })
  if (removedPassages > (settings.rebuildAfterRemovedPassages ?? CACHE_DEFAULTS.rebuildAfterRemovedPassages)) {
    return SearchIndex.fromSegments(vocabulary, options, [await build(served)])
  }
  const segments = added.length > 0 ? [segment, await build(added)] : [segment]
  let index = SearchIndex.fromSegments(vocabulary, options, segments)
  // Taking an article's passages out of the statistics needs its text: the old one, saved in the cache file.
  for (const article of removed) {
    article.text = await cache.readText(article)
    index = index.withChanges([article], [])
  }
  return index
}
