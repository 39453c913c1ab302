/**
 * Live edits at scale, through the real live reload on a copy of the benchmark folder:
 * - one changed file: the time from its last write to the new snapshot being served (default settle time included,
 *   and without it), and the longest event-loop pause while it is applied;
 * - 500 edits (replaced and deleted files): the query path p99 on the live snapshot after them, against a fresh load
 *   of the same folder in the same run.
 */
import { cp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { WATCH_DEFAULTS } from '../src/snapshot/reload/watcher.ts'
import { type LiveReload, watchSeeds } from '../src/snapshot/reload/liveReload.ts'
import { type Snapshot, loadSnapshot } from '../src/snapshot/snapshot.ts'
import { SnapshotStore } from '../src/snapshot/store.ts'
import type { BenchQuery } from './queries.ts'
import { measureStorydesk } from './scale.ts'
import { round } from './stats.ts'

export interface LiveFigures {
  /** From the last write of a changed file to the new snapshot swapped in, default settle time (2 s) included. */
  applyAfterWriteMs: number
  settleMs: number
  /** The same minus the settle time: what applying the file itself costs (read, parse, index, swap). */
  applyBeyondSettleMs: number
  /** Longest event-loop pause (ms) while the file was applied. */
  maxPauseMs: number
  edits: number
  /** Query path p99 on the live snapshot after the edits, and on a fresh load of the same folder. */
  liveP99Ms: number
  freshP99Ms: number
  liveOverFresh: number
  deadPassages: number
  segments: number
}

const quiet = { info() {}, warn() {}, error() {} }

export async function measureLive(
  snapshot: Snapshot,
  sourceDir: string,
  queries: readonly BenchQuery[],
  options: { edits: number },
): Promise<LiveFigures> {
  const dir = join(tmpdir(), `storydesk-bench-live-${process.pid}`)
  await rm(dir, { recursive: true, force: true })
  await cp(sourceDir, dir, { recursive: true })
  const store = new SnapshotStore()
  store.replace(snapshot)
  const live = watchSeeds(dir, store, { logger: quiet, catchUp: false })
  // Live reload never keeps a process alive on its own (a bot's server does); here nothing else would.
  const keepAlive = setInterval(() => undefined, 1000)
  try {
    await live.settled()
    const names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort()
    const one = await oneChange(dir, names[Math.floor(names.length / 2)]!, store, live)
    const after = await manyEdits(dir, names, store, live, options.edits)
    const fresh = await loadSnapshot(dir, { vocabulary: snapshot.index.vocabulary })
    const liveQueries = measureStorydesk(after, queries)
    const freshQueries = measureStorydesk(fresh, queries)
    return {
      ...one,
      edits: options.edits,
      liveP99Ms: round(liveQueries.all.p99),
      freshP99Ms: round(freshQueries.all.p99),
      liveOverFresh: round(liveQueries.all.p99 / freshQueries.all.p99),
      deadPassages: after.index.overhead.deadPassages,
      segments: after.index.overhead.segments,
    }
  } finally {
    clearInterval(keepAlive)
    await live.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/** One file replaced by a producer, applied by the watcher after the default settle time. */
async function oneChange(
  dir: string,
  name: string,
  store: SnapshotStore,
  live: LiveReload,
): Promise<Pick<LiveFigures, 'applyAfterWriteMs' | 'settleMs' | 'applyBeyondSettleMs' | 'maxPauseMs'>> {
  const before = store.current()
  const text = await readFile(join(dir, name), 'utf8')
  const swapped = new Promise<number>((resolve) => {
    const off = store.onReplace(() => {
      off()
      resolve(performance.now())
    })
  })
  await writeFile(join(dir, name), `${text}\nThe committee said on Friday that the hearing would resume next week.\n`)
  const written = performance.now()
  // The pauses that matter are those while the file is read, parsed and indexed: measured from the write on.
  const delay = monitorEventLoopDelay({ resolution: 1 })
  delay.enable()
  const at = await swapped
  delay.disable()
  await live.settled()
  if (store.current() === before) throw new Error('the change was not applied')
  const applyAfterWriteMs = at - written
  return {
    applyAfterWriteMs: round(applyAfterWriteMs, 0),
    settleMs: WATCH_DEFAULTS.settleMs,
    applyBeyondSettleMs: round(applyAfterWriteMs - WATCH_DEFAULTS.settleMs, 0),
    maxPauseMs: round(delay.max / 1e6, 1),
  }
}

/** `count` producer edits (three in four replace a file with another file's text, one in four delete one). */
async function manyEdits(
  dir: string,
  names: readonly string[],
  store: SnapshotStore,
  live: LiveReload,
  count: number,
): Promise<Snapshot> {
  let seed = 7
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
  const present = [...names]
  for (let i = 0; i < count; i++) {
    const target = present[Math.floor(next() * present.length)]!
    if (i % 4 === 3 && present.length > 10) {
      await rm(join(dir, target))
      present.splice(present.indexOf(target), 1)
    } else {
      const source = present[Math.floor(next() * present.length)]!
      const text = await readFile(join(dir, source), 'utf8')
      await writeFile(join(dir, target), `${text}\nEdit ${i}: the figures were revised on Monday.\n`)
    }
    await live.applyFile(target)
  }
  return store.current()!
}
