/**
 * A start, measured in a fresh process (run by the benchmark): from process start to a snapshot
 * ready to answer, through the index cache. With an empty cache this is the full build (which
 * then saves the cache); with a valid one, the cold start. Prints one JSON object on stdout.
 *   node bench/coldStart.mjs <seeds dir> <cache dir> --compiled   the code `npm start` runs (dist/, npm run build)
 *   node --import tsx bench/coldStart.mjs <seeds dir> <cache dir>  the TypeScript sources through tsx
 * Both use the same cache file (src/snapshot/cache/key.ts). Plain JavaScript, so that the compiled start runs
 * without tsx's loader (which costs about a second at a million passages).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'

const [dir, cacheDir, mode] = process.argv.slice(2)
if (!dir || !cacheDir || (mode !== undefined && mode !== '--compiled')) {
  console.error('usage: coldStart.mjs <seeds dir> <cache dir> [--compiled]')
  process.exit(2)
}
const root = mode === '--compiled' ? '../dist/' : '../src/'
const extension = mode === '--compiled' ? '.js' : '.ts'
const { loadSnapshotCached } = await import(`${root}snapshot/cache${extension}`)
const { progressLine } = await import(`${root}render/progress${extension}`)

const { snapshot, cache, saved } = await loadSnapshotCached(dir, {
  cacheDir,
  warn: (m) => console.error(m),
  onProgress: progressLine('indexing articles'),
})
// performance.now() counts from the start of this process, so node and module loading are included.
const readyMs = performance.now()
snapshot.index.search('state of the union')
const servingRss = process.memoryUsage().rss
// The longest the event loop was held while the cache was written (a build writes it in the background while the
// bot already answers), measured as the live-reload bench measures its pauses (bench/live.ts).
const delay = monitorEventLoopDelay({ resolution: 1 })
delay.enable()
await saved
delay.disable()
const savePauseMs = delay.max / 1e6
const savedMs = performance.now()
console.log(
  JSON.stringify({
    readyMs: Math.round(readyMs),
    cache,
    /** Reading, cleaning, cutting and indexing (a build), or loading the cache (a hit). */
    loadMs: snapshot.stats.loadMs,
    passages: snapshot.stats.passages,
    rssMiB: Math.round(servingRss / 2 ** 20),
    /** Until the index cache was written (a build writes it after the snapshot is ready). */
    savedMs: Math.round(savedMs),
    /** The longest event-loop pause while the cache was written (a timer's longest gap; 0 when nothing was written). */
    savePauseMs: cache === 'hit' ? 0 : Math.round(savePauseMs),
    rssAfterSaveMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  }),
)
