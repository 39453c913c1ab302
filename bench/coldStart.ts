/**
 * A start, measured in a fresh process (run by the benchmark): from process start to a snapshot
 * ready to answer, through the index cache. With an empty cache this is the full build (which
 * then saves the cache); with a valid one, the cold start. Prints one JSON object on stdout.
 *   node --import tsx bench/coldStart.ts <seeds dir> <cache dir>
 */
import { progressLine } from '../src/render/progress.ts'
import { loadSnapshotCached } from '../src/snapshot/cache.ts'

const [dir, cacheDir] = process.argv.slice(2)
if (!dir || !cacheDir) {
  console.error('usage: coldStart.ts <seeds dir> <cache dir>')
  process.exit(2)
}
const { snapshot, cache, saved } = await loadSnapshotCached(dir, {
  cacheDir,
  warn: (m) => console.error(m),
  onProgress: progressLine('indexing articles'),
})
// performance.now() counts from the start of this process, so node and module loading are included.
const readyMs = performance.now()
snapshot.index.search('state of the union')
const servingRss = process.memoryUsage().rss
await saved
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
    rssAfterSaveMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  }),
)
