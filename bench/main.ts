/**
 * npm run bench -- [--passages N] [--queries N] [--json]
 * npm run bench -- --pages [N]   web pages in the folder (bench/pages.ts): pages/s, start-up added, DOM memory
 *
 * Without --passages: the seed articles (load, index build, query path).
 * With --passages N: a generated archive of N passages of real English (bench/corpus.ts):
 * full build, cold start from the index cache (a fresh process), RSS, the whole query path
 * (parse, search, fold copies, rank, render Block Kit) p50/p99 by query kind, plain MiniSearch
 * (default fuzzy 0.2 + prefix) over the same passages and queries with the ratio of the p99s, and
 * slash-command ack latency with 50 concurrent commands on loopback. --json: one JSON object.
 * --service (with the seeds or --passages N): the production service (bench/service.ts): ack p99 of two compiled
 * replicas sharing Redis against one in process, the Redis round trip per event, RSS of the tsx and compiled starts.
 */
import { spawnSync } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { loadCorpus } from '../src/corpus/load.ts'
import { progressLine } from '../src/render/progress.ts'
import { toAskJson } from '../src/render/json.ts'
import { renderText } from '../src/render/text.ts'
import { loadSnapshotCached } from '../src/snapshot/cache.ts'
import { buildSnapshot, type Snapshot } from '../src/snapshot/snapshot.ts'
import { loadVocabulary } from '../src/snapshot/vocabularyFile.ts'
import { measureAcks } from './ack.ts'
import { benchCorpus } from './corpus.ts'
import { benchQueries } from './queries.ts'
import { pagesBench } from './pages.ts'
import { measureLive } from './live.ts'
import { serviceBench } from './service.ts'
import { measurePlainMiniSearch, measureStorydesk, storydeskTop5, summarize, typoTolerance } from './scale.ts'
import { distribution, round, timeMs } from './stats.ts'

/** Questions a desk asks of the Syria seeds: names, places, numbers, typos, phrases, filters. */
export const SEED_QUERIES = [
  'homs distance',
  'homs distnce',
  'how far are the rebels from Homs',
  'who leads the offensive',
  'Abdurrahman',
  'Abdulrahman',
  'Talbiseh',
  '"mother of all battles"',
  'outlet:sky hezbollah',
  'fled',
  'troops',
  'defense minister',
  'insurgents Rastan',
  '5 km',
  'Sham FM',
  'Russian air forces Hama',
  'Rustan bridge',
  'takfiri',
  'Aleppo',
  'Damascus coast',
  'what did the defence minister say',
  'Islamic State',
  'Russian embassy',
  'Hezbollah Lebanon',
  'tactical withdrawal',
]

const BENCH_CACHE_DIR = '.cache/bench-index'

async function seedsBench(rounds: number, log: (line: string) => void) {
  const vocabulary = loadVocabulary()
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
  const queryPath = (query: string) => {
    const answer = seeds.index.search(query, { limit: 5 })
    renderText(answer)
    toAskJson(answer)
  }
  for (const query of SEED_QUERIES) queryPath(query)
  const latencies: number[] = []
  for (let r = 0; r < rounds; r++) for (const query of SEED_QUERIES) latencies.push(timeMs(() => queryPath(query)))
  const figures = {
    corpus: 'seeds',
    articles: seeds.stats.articles,
    passages: seeds.stats.passages,
    loadMs: round(distribution(loadTimes).p50),
    indexBuildMs: round(distribution(buildTimes).p50),
    queryMs: summarize(distribution(latencies), 4),
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  }
  log(`corpus: seeds (${figures.articles} articles, ${figures.passages} passages)`)
  log(`load + clean (p50 of 20): ${figures.loadMs} ms · cut + index build (p50 of 20): ${figures.indexBuildMs} ms`)
  log(
    `query path, ${figures.queryMs.count} queries: p50 ${figures.queryMs.p50} ms · p90 ${figures.queryMs.p90} ms · p99 ${figures.queryMs.p99} ms · max ${figures.queryMs.max} ms`,
  )
  return figures
}

/** Past this many passages, plain MiniSearch is measured on a sample of this size (its index would not fit). */
const PLAIN_MINISEARCH_MAX = 250_000

async function scaleBench(passages: number, queryCount: number, log: (line: string) => void) {
  const vocabulary = loadVocabulary()
  const generated = performance.now()
  const corpus = await benchCorpus({ passages, onProgress: progressLine('generating articles') })
  const generateMs = round(performance.now() - generated, 0)
  log(
    `corpus: ${corpus.files} generated articles in ${corpus.dir} (${corpus.cached ? 'reused' : `generated in ${generateMs} ms`})`,
  )

  // Each start runs in a fresh process, so this process's own heap does not weigh on it: first a
  // full build with an empty cache (which saves the cache), then a cold start from that cache.
  await rm(BENCH_CACHE_DIR, { recursive: true, force: true })
  const build = startProcess(corpus.dir)
  log(
    `full build (read, clean, cut, index): ${build.loadMs} ms for ${build.passages} passages, RSS ${build.rssMiB} MiB; cache written by ${build.savedMs} ms (RSS ${build.rssAfterSaveMiB} MiB), longest event-loop pause meanwhile ${build.savePauseMs} ms`,
  )
  // The cold start a desk gets is `npm start`'s, the compiled code; through tsx (npm run ask, tests) for comparison.
  const built = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] })
  if (built.status !== 0) throw new Error(`npm run build exited with ${built.status}`)
  // Three starts, the median reported: one start on this shared machine moves by a second or more between runs.
  const coldStarts = [0, 1, 2].map(() => startProcess(corpus.dir, true)).sort((a, b) => a.readyMs - b.readyMs)
  const coldStart = coldStarts[1]!
  const coldStartTsx = startProcess(corpus.dir)
  log(
    `cold start from the index cache (fresh process, to ready), compiled: median ${coldStart.readyMs} ms of ${coldStarts.map((c) => c.readyMs).join(' / ')} ms (${coldStart.cache}), RSS ${coldStart.rssMiB} MiB; through tsx ${coldStartTsx.readyMs} ms (${coldStartTsx.cache})`,
  )
  const { snapshot } = await loadSnapshotCached(corpus.dir, { cacheDir: BENCH_CACHE_DIR, vocabulary })

  const queries = benchQueries(
    [...snapshot.index.allPassages()].map((p) => p.text),
    { count: queryCount },
  )
  const ours = measureStorydesk(snapshot, queries)
  log(
    `Storydesk query path, ${ours.all.count} queries: p50 ${round(ours.all.p50)} ms · p90 ${round(ours.all.p90)} ms · p99 ${round(ours.all.p99)} ms · max ${round(ours.all.max)} ms`,
  )
  for (const [kind, d] of Object.entries(ours.byKind))
    log(`  ${kind.padEnd(9)} p50 ${round(d.p50)} · p99 ${round(d.p99)} ms (${d.count})`)
  const oursTypo = typoTolerance(queries, storydeskTop5(snapshot))
  log(
    `typo tolerance (top 5 shares a passage with the query spelt right), ${oursTypo.count} typo queries: Storydesk ${round(100 * oursTypo.share, 1)}%`,
  )

  const acks = await measureAcks(
    snapshot,
    queries.map((q) => q.query),
    { rounds: 10, concurrency: 50 },
  )
  log(
    `slash-command ack, ${acks.ack.count} commands in bursts of 50 concurrent (after one warm-up burst): p50 ${round(acks.ack.p50)} ms · p99 ${round(acks.ack.p99)} ms · max ${round(acks.ack.max)} ms; answered ${acks.answered}/${acks.sent}`,
  )

  const live = await measureLive(snapshot, corpus.dir, queries, { edits: 500 })
  log(
    `live reload: one changed file served ${live.applyAfterWriteMs} ms after its last write (settle time ${live.settleMs} ms, so ${live.applyBeyondSettleMs} ms beyond it), longest event-loop pause ${live.maxPauseMs} ms`,
  )
  log(
    `after ${live.edits} live edits (${live.deadPassages} dead passages, ${live.segments} segments): query p99 ${live.liveP99Ms} ms, fresh load of the same folder ${live.freshP99Ms} ms, ratio ${live.liveOverFresh}`,
  )

  const sampled = snapshot.stats.passages > PLAIN_MINISEARCH_MAX
  const plain = measurePlainMiniSearch(snapshot, queries, sampled ? PLAIN_MINISEARCH_MAX : Number.POSITIVE_INFINITY)
  const ratio = round(ours.all.p99 / plain.query.p99, 3)
  log(
    `plain MiniSearch (fuzzy 0.2 + prefix) on ${sampled ? `a sample of ${plain.passages}` : 'the same'} passages, build ${plain.buildMs} ms: p50 ${round(plain.query.p50)} ms · p99 ${round(plain.query.p99)} ms; typo tolerance ${round(100 * plain.typo.share, 1)}%`,
  )
  log(`p99 ratio, Storydesk / plain MiniSearch: ${ratio}${sampled ? ' (plain MiniSearch on the sample)' : ''}`)

  return {
    corpus: 'generated',
    files: corpus.files,
    passages: snapshot.stats.passages,
    generateMs,
    buildMs: build.loadMs,
    buildRssMiB: build.rssMiB,
    cacheSavedMs: build.savedMs,
    cacheSavePauseMs: build.savePauseMs,
    coldStartMs: coldStart.readyMs,
    coldStartsMs: coldStarts.map((c) => c.readyMs),
    coldStartTsxMs: coldStartTsx.readyMs,
    coldStartCache: coldStart.cache,
    coldStartRssMiB: coldStart.rssMiB,
    queryMs: summarize(ours.all),
    queryMsByKind: Object.fromEntries(Object.entries(ours.byKind).map(([k, d]) => [k, summarize(d)])),
    slowestQueries: ours.slowest,
    typoTolerance: {
      storydesk: round(oursTypo.share, 3),
      plainMiniSearch: round(plain.typo.share, 3),
      queries: oursTypo.count,
    },
    ackMs: { ...summarize(acks.ack), concurrency: 50, answered: acks.answered, sent: acks.sent },
    live,
    plainMiniSearch: {
      passages: plain.passages,
      buildMs: plain.buildMs,
      queryMs: summarize(plain.query),
    },
    p99RatioToPlainMiniSearch: ratio,
  }
}

interface StartFigures {
  readyMs: number
  cache: string
  loadMs: number
  passages: number
  rssMiB: number
  savedMs: number
  /** The longest event-loop pause while the cache was written. */
  savePauseMs: number
  rssAfterSaveMiB: number
}

/**
 * Runs coldStart.ts in a fresh process on the bench cache (the compiled code with `compiled`); its progress line shows
 * on a terminal.
 */
function startProcess(dir: string, compiled = false): StartFigures {
  const args = compiled
    ? ['bench/coldStart.mjs', dir, BENCH_CACHE_DIR, '--compiled']
    : ['--import', 'tsx', 'bench/coldStart.mjs', dir, BENCH_CACHE_DIR]
  const child = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  if (child.status !== 0) throw new Error(`coldStart.mjs exited with ${child.status}`)
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as StartFigures
}

/** The corpus and queries for --service: the seeds, or a generated archive of N passages. */
async function serviceCorpus(passages: number | null, queryCount: number) {
  if (passages === null) return { seedsDir: 'seeds', corpus: 'seeds', queries: SEED_QUERIES, rounds: 10 }
  const corpus = await benchCorpus({ passages, onProgress: progressLine('generating articles') })
  const { snapshot } = await loadSnapshotCached(corpus.dir, { cacheDir: null })
  const queries = benchQueries(
    [...snapshot.index.allPassages()].map((p) => p.text),
    { count: queryCount },
  ).map((q) => q.query)
  return { seedsDir: corpus.dir, corpus: `generated, ${snapshot.stats.passages} passages`, queries, rounds: 10 }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      passages: { type: 'string' },
      queries: { type: 'string', default: '2000' },
      rounds: { type: 'string', default: '200' },
      service: { type: 'boolean', default: false },
      pages: { type: 'string' },
    },
  })
  const log = (line: string) => (values.json ? console.error(line) : console.log(line))
  if (values.pages !== undefined) {
    const count = values.pages === '' ? 100 : Number(values.pages)
    if (!Number.isInteger(count) || count < 10) {
      console.error('usage: npm run bench -- --pages N (>= 10, e.g. 100)')
      return 2
    }
    const figures = await pagesBench(count, log)
    if (values.json) process.stdout.write(`${JSON.stringify({ ...figures, node: process.version })}\n`)
    return 0
  }
  const passages = values.passages === undefined ? null : Number(values.passages)
  const queries = Number(values.queries)
  const rounds = Number(values.rounds)
  if (
    (passages !== null && (!Number.isInteger(passages) || passages < 100)) ||
    !Number.isInteger(queries) ||
    queries < 10 ||
    !Number.isInteger(rounds) ||
    rounds < 1
  ) {
    console.error(
      'usage: npm run bench -- [--passages N (>= 100)] [--queries N (>= 10)] [--rounds N] [--service] [--json]',
    )
    return 2
  }
  const figures = values.service
    ? await serviceBench(await serviceCorpus(passages, queries), log)
    : passages === null
      ? await seedsBench(rounds, log)
      : await scaleBench(passages, queries, log)
  const result = { ...figures, node: process.version, date: new Date().toISOString().slice(0, 10) }
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`)
  return 0
}

process.exitCode = await main(process.argv.slice(2))
