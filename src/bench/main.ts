/**
 * npm run bench -- [--json] [--rounds N]
 * Measures, on the seed articles: corpus load + index build time, and the whole query path
 * (parse, search, group, rank, render) as p50/p99 over many queries. Figures go to BENCHMARKS.md.
 */
import { parseArgs } from 'node:util'
import { loadCorpus } from '../corpus/load.ts'
import { toAskJson } from '../render/json.ts'
import { renderText } from '../render/text.ts'
import { buildSnapshot, type Snapshot } from '../search/snapshot.ts'
import { loadVocabulary } from '../search/vocabulary.ts'
import { distribution, round, timeMs } from './stats.ts'

/** Questions a desk asks of the Syria seeds: names, places, numbers, typos, phrases, filters. */
export const SEED_QUERIES = [
  'homs distance', 'homs distnce', 'how far are the rebels from Homs', 'who leads the offensive', 'Abdurrahman',
  'Abdulrahman', 'Talbiseh', '"mother of all battles"', 'outlet:sky hezbollah', 'fled', 'troops', 'defense minister',
  'insurgents Rastan', '5 km', 'Sham FM', 'Russian air forces Hama', 'Rustan bridge', 'takfiri', 'Aleppo', 'Damascus coast',
  'what did the defence minister say', 'Islamic State', 'Russian embassy', 'Hezbollah Lebanon', 'tactical withdrawal',
]

function queryPath(snapshot: Snapshot, query: string): void {
  const answer = snapshot.index.search(query, { limit: 5 })
  renderText(answer)
  toAskJson(answer)
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, rounds: { type: 'string', default: '200' } } })
  const rounds = Number(values.rounds)
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error(`--rounds must be a whole number above 0, not "${values.rounds}"`)
    return 2
  }
  const log = (line: string) => values.json || console.error(line)
  const vocabulary = loadVocabulary()

  // Build: read + clean + attribute (I/O included), then cut passages and index. Repeated for a stable median.
  const loadTimes: number[] = []
  const buildTimes: number[] = []
  let snapshot: Snapshot | null = null
  for (let i = 0; i < 20; i++) {
    let started = performance.now()
    const load = await loadCorpus('seeds')
    loadTimes.push(performance.now() - started)
    started = performance.now()
    snapshot = buildSnapshot(load, { vocabulary })
    buildTimes.push(performance.now() - started)
  }
  const seeds = snapshot!
  log(`seeds: ${seeds.stats.articles} articles, ${seeds.stats.passages} passages`)

  for (const query of SEED_QUERIES) queryPath(seeds, query) // warm up the JIT
  const latencies: number[] = []
  for (let r = 0; r < rounds; r++) for (const query of SEED_QUERIES) latencies.push(timeMs(() => queryPath(seeds, query)))
  const query = distribution(latencies)
  const load = distribution(loadTimes)
  const build = distribution(buildTimes)

  const figures = {
    corpus: 'seeds',
    articles: seeds.stats.articles,
    passages: seeds.stats.passages,
    loadMs: { p50: round(load.p50), max: round(load.max) },
    indexBuildMs: { p50: round(build.p50), max: round(build.max) },
    queryMs: { count: query.count, p50: round(query.p50, 4), p90: round(query.p90, 4), p99: round(query.p99, 4), max: round(query.max, 3) },
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    node: process.version,
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(figures)}\n`)
  } else {
    console.log(`corpus: seeds (${figures.articles} articles, ${figures.passages} passages)`)
    console.log(`load + clean (p50 of 20):      ${figures.loadMs.p50} ms`)
    console.log(`cut + index build (p50 of 20): ${figures.indexBuildMs.p50} ms`)
    console.log(`query path, ${query.count} queries: p50 ${figures.queryMs.p50} ms · p90 ${figures.queryMs.p90} ms · p99 ${figures.queryMs.p99} ms · max ${figures.queryMs.max} ms`)
    console.log(`RSS: ${figures.rssMiB} MiB · Node ${figures.node}`)
  }
  return 0
}

process.exitCode = await main(process.argv.slice(2))
