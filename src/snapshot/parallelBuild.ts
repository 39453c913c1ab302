/**
 * Building a large index on worker threads. The articles are split into contiguous shares (by text length, in file
 * order), each share is indexed by a worker (buildWorker.ts) with the very code the main thread uses, and the shares'
 * segments are joined in order: the result is the segment a single-threaded build gives, passage for passage.
 *
 * Two reasons: a machine's cores build in parallel (a full build of a million passages takes about half the time on
 * two), and the main thread stays free while the index is built, so a starting bot answers its health checks and
 * tells Slack users it is still loading instead of going silent for a minute.
 */
import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import type { Article } from '../corpus/types.ts'
import type { PassageOptions } from '../passages/passages.ts'
import { type IndexingVocabulary, type Segment, concatSegments, buildSegment } from '../search/segment.ts'
import { TermDictionary } from '../search/termDictionary.ts'
import { startWorker } from '../workers.ts'
import type { BuildRequest } from './buildWorker.ts'

/** When a build is large enough for worker threads, and how many. */
export interface ParallelOptions {
  /** Article text (characters) below which the build stays on the main thread (starting workers costs ~100 ms). */
  minChars?: number
  /** Workers to use. Default: the machine's available parallelism, at most 4. */
  workers?: number
}

export const PARALLEL_DEFAULTS = { minChars: 20_000_000, maxWorkers: 4 } as const

type Arrays = Omit<Segment, 'articles' | 'terms' | 'surfaces'>

/**
 * One segment over `articles` (sorted by file), built on worker threads when they are many, else on this thread.
 *
 * @example const segment = await buildSegmentInParallel(articles, vocabulary)
 */
export async function buildSegmentInParallel(
  articles: readonly Article[],
  vocabulary: IndexingVocabulary,
  options: ParallelOptions & { passages?: PassageOptions; onProgress?: (articlesDone: number) => void } = {},
): Promise<Segment> {
  const chars = articles.reduce((sum, a) => sum + a.text.length, 0)
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), PARALLEL_DEFAULTS.maxWorkers))
  if (workers < 2 || chars < (options.minChars ?? PARALLEL_DEFAULTS.minChars)) {
    return buildSegment(articles, { vocabulary, passages: options.passages, onProgress: options.onProgress })
  }
  const shares = splitByLength(articles, workers, chars)
  let done = 0
  const started: Worker[] = []
  try {
    const segments = await Promise.all(
      shares.map(async (share) => {
        const segment = await buildShare(share, vocabulary, options.passages, started)
        done += share.length
        options.onProgress?.(done)
        return segment
      }),
    )
    return concatSegments(segments, vocabulary)
  } catch (error) {
    // One share failed: the others' work is wasted, so stop them rather than let them run on.
    for (const worker of started) void worker.terminate()
    throw error
  }
}

/** Contiguous shares of about equal text length (the work of indexing follows the text). */
function splitByLength(articles: readonly Article[], shares: number, chars: number): Article[][] {
  const result: Article[][] = [[]]
  let filled = 0
  for (const article of articles) {
    if (filled >= (chars / shares) * result.length && result.length < shares) result.push([])
    result.at(-1)!.push(article)
    filled += article.text.length
  }
  return result.filter((share) => share.length > 0)
}

function buildShare(
  share: Article[],
  vocabulary: IndexingVocabulary,
  passages: PassageOptions | undefined,
  started: Worker[],
): Promise<Segment> {
  const request: BuildRequest = {
    // Only what indexing reads crosses to the worker.
    articles: share.map((a) => ({ file: a.file, text: a.text, paragraphs: a.paragraphs })),
    stopWords: [...vocabulary.stopWords],
    passages,
  }
  return new Promise((resolve, reject) => {
    const worker = startWorker(new URL('./buildWorker', import.meta.url), request)
    started.push(worker)
    worker.once('message', (message: Arrays & { terms: string[]; surfaces: string[] }) => {
      const { terms, surfaces, ...arrays } = message
      resolve({
        ...arrays,
        articles: share,
        terms: TermDictionary.fromSorted(terms),
        surfaces: TermDictionary.fromSorted(surfaces),
      })
      void worker.terminate()
    })
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`an index build worker stopped with code ${code}`))
    })
  })
}
