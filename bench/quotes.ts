/**
 * npm run bench:quotes -- [--passages N] [--queries N] [--json]
 *
 * Quotations (issue 10): extraction throughput (with cutting passages from the same articles as the baseline
 * measured in the same run), the memory quotations and their index add (a fresh process, garbage collected), the
 * index build and the next index after one article changes, `quotes <name>` and `check "<words>"` latency (lookup
 * and Block Kit), and what the ⚠ warnings add to the ordinary query path. Without --passages: the seeds.
 * With --passages N: the generated archive of bench/corpus.ts (State of the Union addresses, which quote a lot).
 */
import { spawnSync } from 'node:child_process'
import { parseArgs } from 'node:util'
import { cutPassages } from '../src/passages/passages.ts'
import { QuotationIndex, type Statement, extractQuotations } from '../src/quotes/index.ts'
import { answerMessage } from '../src/render/blocks.ts'
import { quotesMessage } from '../src/render/quoteBlocks.ts'
import { quoteNotes } from '../src/render/quoteParts.ts'
import { progressLine } from '../src/render/progress.ts'
import { loadSnapshotCached } from '../src/snapshot/cache.ts'
import { benchCorpus } from './corpus.ts'
import { benchQueries } from './queries.ts'
import { Random } from './random.ts'
import { summarize } from './scale.ts'
import { type Distribution, distribution, round, timeMs } from './stats.ts'

const BENCH_CACHE_DIR = '.cache/bench-index'

type QuoteQueryKind = 'name' | 'name-typo' | 'surname' | 'exact' | 'changed' | 'absent'

interface QuoteQuery {
  query: string
  kind: QuoteQueryKind
  run: 'quotes' | 'check'
}

/** Names and quoted words drawn from the corpus' own statements, deterministic for a seed. */
export function quoteQueries(statements: readonly Statement[], sentences: readonly string[], count: number, seed = 1) {
  const random = new Random(seed)
  const named = statements.filter((s) => s.speaker && s.speakerKind !== 'unnamed')
  const quoted = statements.filter((s) => s.kind === 'statement')
  const queries: QuoteQuery[] = []
  for (let i = 0; i < count; i++) {
    const roll = random.next()
    if (roll < 0.4 && named.length > 0) {
      const name = random.pick(named).speaker!
      const words = name.split(/\s+/)
      if (roll < 0.2) queries.push({ query: name, kind: 'name', run: 'quotes' })
      else if (roll < 0.3) queries.push({ query: words.at(-1)!, kind: 'surname', run: 'quotes' })
      else {
        // One letter of the surname changed: a transliteration or a typo.
        const surname = words.at(-1)!
        const at = random.int(surname.length)
        const typo = surname.slice(0, at) + 'aeiou'[random.int(5)] + surname.slice(at + 1)
        queries.push({ query: [...words.slice(0, -1), typo].join(' '), kind: 'name-typo', run: 'quotes' })
      }
    } else if (quoted.length > 0 && roll < 0.9) {
      const words = random.pick(random.pick(quoted).versions).words.split(/\s+/)
      const length = Math.min(words.length, random.between(3, 12))
      const from = random.int(words.length - length + 1)
      const stretch = words.slice(from, from + length)
      if (roll < 0.7) queries.push({ query: `“${stretch.join(' ')}”`, kind: 'exact', run: 'check' })
      else {
        stretch[random.int(stretch.length)] = 'different'
        queries.push({ query: `"${stretch.join(' ')}"`, kind: 'changed', run: 'check' })
      }
    } else {
      queries.push({ query: `"${random.pick(sentences)}"`, kind: 'absent', run: 'check' })
    }
  }
  return queries
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      passages: { type: 'string' },
      queries: { type: 'string', default: '2000' },
    },
  })
  const passages = values.passages === undefined ? null : Number(values.passages)
  const count = Number(values.queries)
  if (
    (passages !== null && (!Number.isInteger(passages) || passages < 100)) ||
    !Number.isInteger(count) ||
    count < 10
  ) {
    console.error('usage: npm run bench:quotes -- [--passages N (>= 100)] [--queries N (>= 10)] [--json]')
    return 2
  }
  const log = (line: string) => (values.json ? console.error(line) : console.log(line))
  const dir =
    passages === null ? 'seeds' : (await benchCorpus({ passages, onProgress: progressLine('generating articles') })).dir
  const { snapshot } = await loadSnapshotCached(dir, {
    cacheDir: BENCH_CACHE_DIR,
    onProgress: progressLine('indexing articles'),
  })
  const articles = snapshot.articles
  log(`corpus: ${dir} (${articles.length} articles, ${snapshot.stats.passages} passages)`)

  // Extraction, with cutting passages out of the same articles as the baseline of this run. A small corpus is gone
  // over several times in each run, so the figure is not the JIT warming up.
  const passes = Math.max(1, Math.ceil(2000 / articles.length))
  const extractRuns: number[] = []
  const cutRuns: number[] = []
  let quotationCount = 0
  for (let run = 0; run < 5; run++) {
    extractRuns.push(
      timeMs(() => {
        for (let pass = 0; pass < passes; pass++)
          quotationCount = articles.reduce((n, a) => n + extractQuotations(a).length, 0)
      }) / passes,
    )
    cutRuns.push(
      timeMs(() => {
        for (let pass = 0; pass < passes; pass++) for (const article of articles) cutPassages(article)
      }) / passes,
    )
  }
  // The fastest of five runs: on a shared machine the slower ones measure the neighbours.
  const extractMs = Math.min(...extractRuns)
  const cutMs = Math.min(...cutRuns)
  const perSecond = Math.round(quotationCount / (extractMs / 1000))
  log(
    `extraction: ${quotationCount} quotations from ${articles.length} articles in ${round(extractMs, 1)} ms (fastest of 5): ${perSecond} quotations/s; cutting passages from the same articles: ${round(cutMs, 1)} ms (ratio ${round(extractMs / cutMs, 2)})`,
  )

  // The index: a full build, and the next index after one article is replaced.
  const perArticle = articles.map((article) => ({ article, quotations: extractQuotations(article) }))
  const builds: number[] = []
  let index = QuotationIndex.build(perArticle)
  for (let i = 0; i < 10; i++) builds.push(timeMs(() => (index = QuotationIndex.build(perArticle))))
  // A live reload: each change applied to the index the previous one gave, as the snapshot does. "Ready" adds the
  // first lookup on the new index (a name), which pays for whatever the index leaves to its first query.
  const random = new Random(7)
  const names = index.statements.flatMap((s) => (s.speaker && s.speakerKind !== 'unnamed' ? [s.speaker] : []))
  const changes: number[] = []
  const ready: number[] = []
  let live = index
  // Articles with quotations: replacing one without any changes nothing in the index.
  const quoting = perArticle.filter((a) => a.quotations.length > 0)
  for (let i = 0; i < 40 && quoting.length > 0; i++) {
    const changed = random.pick(quoting)
    // A new ArticleQuotations object, as live reload makes for a rewritten file.
    const fresh = { article: changed.article, quotations: extractQuotations(changed.article) }
    const name = names.length > 0 ? random.pick(names) : 'Abbas'
    let next = live
    changes.push(timeMs(() => (next = live.withChanges([changed.article], [fresh]))))
    const lookupMs = timeMs(() => next.bySpeaker(name))
    ready.push(changes.at(-1)! + lookupMs)
    live = next
  }
  const build = distribution(builds)
  const change = distribution(changes)
  const readyD = distribution(ready)
  log(
    `index: ${index.size} quotations, ${index.statements.length} statements (${index.statements.filter((s) => s.differs).length} printed in different words); build p50 ${round(build.p50, 1)} ms (fastest ${round(Math.min(...builds), 1)}); next index after one article is replaced p50 ${round(change.p50, 2)} ms (fastest ${round(Math.min(...changes), 2)}), max ${round(change.max, 1)} ms; with its first lookup p50 ${round(readyD.p50, 2)} ms, max ${round(readyD.max, 1)} ms; next index / build p50: ${round(change.p50 / build.p50, 4)}`,
  )

  // Memory, in a fresh process.
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/quotesMemory.ts', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  if (child.status !== 0) throw new Error(`quotesMemory.ts exited with ${child.status}`)
  const memory = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
    snapshotHeapMiB: number
    quotationsHeapMiB: number
    indexHeapMiB: number
  }
  const addedMiB = memory.quotationsHeapMiB + memory.indexHeapMiB
  log(
    `memory (fresh process, after GC): snapshot ${round(memory.snapshotHeapMiB, 1)} MiB (heap and typed arrays); quotations add ${round(memory.quotationsHeapMiB, 1)} MiB, their index ${round(memory.indexHeapMiB, 1)} MiB (${round((100 * addedMiB) / memory.snapshotHeapMiB, 1)}% of the snapshot)`,
  )

  // quotes and check: lookup and Block Kit, as /syria runs them.
  const sentences = [...snapshot.index.allPassages()].slice(0, 5000).map((p) => p.text.slice(0, 120))
  const queries = quoteQueries(index.statements, sentences, count)
  const lookup = (q: QuoteQuery) => quotesMessage(q.run === 'quotes' ? index.bySpeaker(q.query) : index.check(q.query))
  for (const q of queries.slice(0, 200)) lookup(q)
  const times = queries.map((q) => ({ q, ms: timeMs(() => lookup(q)) }))
  const byRun = (run: QuoteQuery['run']) => distribution(times.filter((t) => t.q.run === run).map((t) => t.ms))
  const byKind: Record<string, Distribution> = {}
  for (const kind of new Set(queries.map((q) => q.kind)))
    byKind[kind] = distribution(times.filter((t) => t.q.kind === kind).map((t) => t.ms))
  const quotes = byRun('quotes')
  const check = byRun('check')
  log(
    `quotes <name>, ${quotes.count} lookups: p50 ${round(quotes.p50)} ms · p99 ${round(quotes.p99)} ms · max ${round(quotes.max)} ms`,
  )
  log(
    `check "<words>", ${check.count} lookups: p50 ${round(check.p50)} ms · p99 ${round(check.p99)} ms · max ${round(check.max)} ms`,
  )
  for (const [kind, d] of Object.entries(byKind))
    log(`  ${kind.padEnd(9)} p50 ${round(d.p50)} · p99 ${round(d.p99)} ms (${d.count})`)

  // The ordinary query path, with and without the warnings.
  const asked = benchQueries(
    [...snapshot.index.allPassages()].slice(0, 20000).map((p) => p.text),
    { count: Math.min(count, 1000) },
  ).map((q) => q.query)
  const notes = quoteNotes(index)
  const plain = (q: string) => answerMessage(snapshot.index.search(q))
  const warned = (q: string) => answerMessage(snapshot.index.search(q), { passageNotes: notes })
  for (const q of asked.slice(0, 100)) {
    plain(q)
    warned(q)
  }
  const without: number[] = []
  const withNotes: number[] = []
  for (const q of asked) {
    without.push(timeMs(() => plain(q)))
    withNotes.push(timeMs(() => warned(q)))
  }
  const a = distribution(without)
  const b = distribution(withNotes)
  log(
    `ordinary query path, ${a.count} queries: p99 ${round(a.p99)} ms without the ⚠ warnings, ${round(b.p99)} ms with them (ratio ${round(b.p99 / a.p99, 2)})`,
  )

  if (values.json)
    process.stdout.write(
      `${JSON.stringify({
        corpus: dir,
        articles: articles.length,
        passages: snapshot.stats.passages,
        quotations: quotationCount,
        statements: index.statements.length,
        extractMs: round(extractMs, 1),
        quotationsPerSecond: perSecond,
        cutPassagesMs: round(cutMs, 1),
        extractToCutRatio: round(extractMs / cutMs, 2),
        indexBuildMs: summarize(build, 1),
        nextIndexMs: summarize(change, 2),
        nextIndexReadyMs: summarize(readyD, 2),
        nextIndexToBuildRatio: round(change.p50 / build.p50, 4),
        memory,
        quotesMs: summarize(quotes),
        checkMs: summarize(check),
        byKind: Object.fromEntries(Object.entries(byKind).map(([k, d]) => [k, summarize(d)])),
        queryPathP99Ms: { withoutWarnings: round(a.p99), withWarnings: round(b.p99) },
        node: process.version,
        date: new Date().toISOString().slice(0, 10),
      })}\n`,
    )
  return 0
}

process.exitCode = await main(process.argv.slice(2))
