/**
 * The index cache: a built snapshot saved in one binary file per articles folder, so a restart does not clean,
 * attribute, cut, index and extract quotations from every article again.
 *
 * What is saved: the index's one segment (typed arrays, as they are in memory) and, per article, everything but its
 * text (attribution, spans, quotations, the problems parsing reported) with the sha256 of the file it came from, and
 * the texts themselves (read back only where needed). At start-up every file is read anyway, and that is the proof:
 * a saved article is used only for a file with the same sha256 and the same sources.json entry, and it is then given
 * the file's own text, never the cache's. The parts, one module each under cache/:
 *
 *   load.ts      the load policy: hit, partial, miss or off; any failure of the cache → a warning and a rebuild
 *   save.ts      what a snapshot saves, its index compacted in steps
 *   key.ts       the cache key: the code (every module the cache's code reaches) and settings that shape it
 *   format.ts    the binary layout, checked on read: the file's size, a sha256 of the header and of every section
 *   validate.ts  the segment's arrays agree; a saved article and its quotations fit the text they are given
 *   parser.ts    the cached parser: a file's saved article instead of parsing it again
 *   folder.ts    file names, temporary files of a writer that died, keeping the newest few cache files
 *
 * @example
 * const { snapshot, cache, saved } = await loadSnapshotCached('seeds', { cacheDir: '.cache/index' })
 */
export { cacheFileFor } from './cache/folder.ts'
export { cacheKey } from './cache/key.ts'
export {
  type CachedSnapshot,
  type CachedSnapshotOptions,
  type CacheOutcome,
  loadSnapshotCached,
} from './cache/load.ts'
export { saveSnapshot } from './cache/save.ts'
