/**
 * The large-corpus benchmark: a generated archive of N passages (real English, see corpus.ts),
 * indexed by Storydesk and, in the same run, by plain MiniSearch with its default fuzzy + prefix
 * search, so our figures come with a baseline measured on the same machine at the same time.
 */
import MiniSearch from 'minisearch'
import { loadCorpus } from '../corpus/load.ts'
import { answerMessage } from '../render/blocks.ts'
import { buildSnapshot, type Snapshot } from '../search/snapshot.ts'
import type { Vocabulary } from '../search/vocabulary.ts'
import { benchCorpus } from './corpus.ts'
import { benchQueries, type BenchQuery } from './queries.ts'
import { progressLine } from '../cli/progress.ts'
import { distribution, round, type Distribution } from './stats.ts'

export interface ScaleCorpus {
  dir: string
  snapshot: Snapshot
  queries: BenchQuery[]
  figures: { files: number; passages: number; generateMs: number; generated: boolean; loadMs: number; indexMs: number; rssMiB: number; heapMiB: number }
}

export async function prepareScaleCorpus(passages: number, vocabulary: Vocabulary, options: { queries: number }): Promise<ScaleCorpus> {
  let started = performance.now()
  const corpus = await benchCorpus({ passages, onProgress: progressLine('generating articles') })
  const generateMs = performance.now() - started
  started = performance.now()
  const load = await loadCorpus(corpus.dir)
  const loadMs = performance.now() - started
  started = performance.now()
  const snapshot = buildSnapshot(load, { vocabulary, onProgress: progressLine('indexing articles') }, started)
  const indexMs = performance.now() - started
  globalThis.gc?.()
  const memory = process.memoryUsage()
  const texts = [...snapshot.index.allPassages()].map((p) => p.text)
  return {
    dir: corpus.dir,
    snapshot,
    queries: benchQueries(texts, { count: options.queries }),
    figures: {
      files: corpus.files,
      passages: snapshot.stats.passages,
      generateMs: round(generateMs, 0),
      generated: !corpus.cached,
      loadMs: round(loadMs, 0),
      indexMs: round(indexMs, 0),
      rssMiB: Math.round(memory.rss / 2 ** 20),
      heapMiB: Math.round(memory.heapUsed / 2 ** 20),
    },
  }
}

/** Storydesk's whole query path: parse, search, fold copies, rank, render Block Kit. */
export function measureStorydesk(snapshot: Snapshot, queries: readonly BenchQuery[]): { all: Distribution; byKind: Record<string, Distribution>; slowest: { query: string; ms: number }[] } {
  for (const q of queries.slice(0, 200)) answerMessage(snapshot.index.search(q.query)) // warm up
  const times: { query: BenchQuery; ms: number }[] = []
  for (const q of queries) {
    const started = performance.now()
    answerMessage(snapshot.index.search(q.query))
    times.push({ query: q, ms: performance.now() - started })
  }
  const byKind: Record<string, Distribution> = {}
  for (const kind of new Set(queries.map((q) => q.kind))) byKind[kind] = distribution(times.filter((t) => t.query.kind === kind).map((t) => t.ms))
  const slowest = [...times].sort((a, b) => b.ms - a.ms).slice(0, 5).map((t) => ({ query: t.query.query, ms: round(t.ms, 2) }))
  return { all: distribution(times.map((t) => t.ms)), byKind, slowest }
}

/** Plain MiniSearch, default options, fuzzy 0.2 + prefix, over the same passages and queries. */
export function measurePlainMiniSearch(snapshot: Snapshot, queries: readonly BenchQuery[]): { buildMs: number; query: Distribution } {
  const started = performance.now()
  const plain = new MiniSearch<{ id: string; text: string }>({ fields: ['text'], storeFields: [] })
  const passages = [...snapshot.index.allPassages()]
  const bar = progressLine('indexing with plain MiniSearch')
  for (let i = 0; i < passages.length; i += 5000) {
    plain.addAll(passages.slice(i, i + 5000).map((p) => ({ id: p.id, text: p.text })))
    bar(Math.min(passages.length, i + 5000), passages.length)
  }
  const buildMs = performance.now() - started
  const options = { fuzzy: 0.2, prefix: true }
  for (const q of queries.slice(0, 200)) plain.search(q.query, options)
  const times = queries.map((q) => {
    const t = performance.now()
    plain.search(q.query, options)
    return performance.now() - t
  })
  return { buildMs: round(buildMs, 0), query: distribution(times) }
}

export function summarize(d: Distribution, digits = 3) {
  return { count: d.count, p50: round(d.p50, digits), p90: round(d.p90, digits), p99: round(d.p99, digits), max: round(d.max, digits) }
}
