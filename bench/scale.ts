/**
 * Query latency on a large corpus: Storydesk's whole query path, and in the same run plain
 * MiniSearch with its default fuzzy + prefix search over the same passages, so our figures come
 * with a baseline measured on the same machine at the same time.
 */
import MiniSearch from 'minisearch'
import { progressLine } from '../src/render/progress.ts'
import { answerMessage } from '../src/render/blocks.ts'
import type { Snapshot } from '../src/snapshot/snapshot.ts'
import type { BenchQuery } from './queries.ts'
import { distribution, round, type Distribution } from './stats.ts'

/** Storydesk's whole query path: parse, search, fold copies, rank, render Block Kit. */
export function measureStorydesk(
  snapshot: Snapshot,
  queries: readonly BenchQuery[],
): { all: Distribution; byKind: Record<string, Distribution>; slowest: { query: string; ms: number }[] } {
  for (const q of queries.slice(0, 200)) answerMessage(snapshot.index.search(q.query)) // warm up
  const times: { query: BenchQuery; ms: number }[] = []
  for (const q of queries) {
    const started = performance.now()
    answerMessage(snapshot.index.search(q.query))
    times.push({ query: q, ms: performance.now() - started })
  }
  const byKind: Record<string, Distribution> = {}
  for (const kind of new Set(queries.map((q) => q.kind)))
    byKind[kind] = distribution(times.filter((t) => t.query.kind === kind).map((t) => t.ms))
  const slowest = [...times]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map((t) => ({ query: t.query.query, ms: round(t.ms, 2) }))
  return { all: distribution(times.map((t) => t.ms)), byKind, slowest }
}

/** Plain MiniSearch, default options, fuzzy 0.2 + prefix, over the same passages and queries. */
export function measurePlainMiniSearch(
  snapshot: Snapshot,
  queries: readonly BenchQuery[],
): { buildMs: number; query: Distribution } {
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
  return {
    count: d.count,
    p50: round(d.p50, digits),
    p90: round(d.p90, digits),
    p99: round(d.p99, digits),
    max: round(d.max, digits),
  }
}
