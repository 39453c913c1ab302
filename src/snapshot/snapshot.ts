import { loadCorpus } from '../corpus/load.ts'
import type { Article, CorpusLoad } from '../corpus/types.ts'
import type { Problem } from '../errors.ts'
import { cutPassages, type PassageOptions } from '../passages/passages.ts'
import { PassageIndex, type IndexOptions } from '../search/passageIndex.ts'
import { loadVocabulary, type Vocabulary } from '../search/vocabulary.ts'

/**
 * Everything a query needs, loaded together: the articles, their passages in one index, and what
 * could not be loaded. Queries run against one snapshot; a reload builds the next one and swaps it in.
 */
export interface Snapshot {
  articles: readonly Article[]
  index: PassageIndex
  problems: readonly Problem[]
  stats: CorpusStats
}

export interface CorpusStats {
  articles: number
  outlets: number
  passages: number
  /** Earliest and latest publication dates known (YYYY-MM-DD), or null. */
  from: string | null
  to: string | null
  /** Time to load and index, in milliseconds. */
  loadMs: number
}

export interface SnapshotOptions {
  vocabulary?: Vocabulary
  passages?: PassageOptions
  index?: IndexOptions
  /** Called as articles are indexed (a large corpus takes seconds): articles done, articles in all. */
  onProgress?: (done: number, total: number) => void
}

/** Reads SEEDS_DIR and builds a snapshot. Throws StorydeskError when the folder is missing or empty. */
export async function loadSnapshot(dir: string, options: SnapshotOptions = {}): Promise<Snapshot> {
  const started = performance.now()
  const load = await loadCorpus(dir)
  return buildSnapshot(load, options, started)
}

/** Builds a snapshot from articles already loaded (pure apart from the clock). */
export function buildSnapshot(load: CorpusLoad, options: SnapshotOptions = {}, started = performance.now()): Snapshot {
  const index = new PassageIndex(options.vocabulary ?? loadVocabulary(), options.index)
  const total = load.articles.length
  load.articles.forEach((article, i) => {
    index.add(cutPassages(article, options.passages))
    if (options.onProgress && (i % 250 === 249 || i === total - 1)) options.onProgress(i + 1, total)
  })
  return {
    articles: load.articles,
    index,
    problems: load.problems,
    stats: corpusStats(load.articles, index.size, performance.now() - started),
  }
}

export function corpusStats(articles: readonly Article[], passages: number, loadMs: number): CorpusStats {
  const dates = articles
    .map((a) => a.published)
    .filter((d): d is string => d !== null)
    .sort()
  return {
    articles: articles.length,
    outlets: new Set(articles.map((a) => a.outlet)).size,
    passages,
    from: dates[0] ?? null,
    to: dates.at(-1) ?? null,
    loadMs: Math.round(loadMs),
  }
}
