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

/**
 * Typo tolerance: the share of typo queries whose top 5 shares a passage with the top 5 of the same query spelt
 * right. `top5` gives a query's five best passage ids (for Storydesk, a result's "also in" copies count as shown).
 */
export function typoTolerance(
  queries: readonly BenchQuery[],
  top5: (query: string) => string[],
): { share: number; count: number } {
  const typos = queries.filter((q) => q.kind === 'typo' && q.original)
  let kept = 0
  for (const q of typos) {
    const right = new Set(top5(q.original!))
    if (top5(q.query).some((id) => right.has(id))) kept++
  }
  return { share: typos.length > 0 ? kept / typos.length : Number.NaN, count: typos.length }
}

/** Storydesk's top 5 for a query: the results shown and the copies listed under them. */
export function storydeskTop5(snapshot: Snapshot): (query: string) => string[] {
  return (query) => snapshot.index.search(query).hits.flatMap((h) => [h.passage.id, ...h.alsoIn.map((p) => p.id)])
}

/**
 * Plain MiniSearch, default options, fuzzy 0.2 + prefix, over the same passages and queries. Past `maxPassages` it is
 * built on the first `maxPassages` passages only (its own index would not fit the default heap at a million).
 */
export function measurePlainMiniSearch(
  snapshot: Snapshot,
  queries: readonly BenchQuery[],
  maxPassages = Number.POSITIVE_INFINITY,
): { buildMs: number; query: Distribution; passages: number; typo: { share: number; count: number } } {
  const started = performance.now()
  const plain = new MiniSearch<{ id: string; text: string }>({ fields: ['text'], storeFields: [] })
  const passages: { id: string; text: string }[] = []
  for (const p of snapshot.index.allPassages()) {
    if (passages.length >= maxPassages) break
    passages.push({ id: p.id, text: p.text })
  }
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
  const top5 = (query: string) =>
    plain
      .search(query, options)
      .slice(0, 5)
      .map((r) => r.id as string)
  return {
    buildMs: round(buildMs, 0),
    query: distribution(times),
    passages: passages.length,
    typo: typoTolerance(queries, top5),
  }
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
