/**
 * Saving a snapshot to the cache: its index compacted into one segment (in steps, giving the event loop a turn
 * between them, so a bot connected to Slack keeps answering), and per article what a later start needs to use it
 * without parsing the file again.
 */
import { displayName } from '../../errors.ts'
import type { SearchIndex } from '../../search/searchIndex.ts'
import type { Snapshot } from '../snapshot.ts'
import { type CacheContents, writeCacheFile } from './format.ts'
import { metaDigest } from './parser.ts'

/**
 * Writes the snapshot to the cache file `file` under `key`. Never rejects: a failure is a warning (the next start
 * rebuilds). The snapshot's per-file problems are saved as what parsing each file reported, so give it a snapshot of a
 * fresh load (as loadSnapshotCached does), not one live reload made (its problems may say "kept the previous version").
 *
 * @example await saveSnapshot('.cache/index', cacheFileFor('.cache/index', 'seeds'), key, snapshot, console.warn)
 */
export async function saveSnapshot(
  cacheDir: string,
  file: string,
  key: string,
  snapshot: Snapshot,
  warn: (message: string) => void,
): Promise<void> {
  try {
    const contents = contentsOf(key, snapshot, await compactedInTurns(snapshot.index))
    if (contents) await writeCacheFile(cacheDir, file, contents)
  } catch (error) {
    warn(`index cache: could not save ${displayName(file)} (${(error as Error).message}); the next start will rebuild`)
  }
}

/** What the cache file holds for a snapshot whose index is one segment (null for an empty index). */
function contentsOf(key: string, snapshot: Snapshot, index: SearchIndex): CacheContents | null {
  const segment = index.parts[0]?.segment
  if (!segment) return null
  const articles = segment.articles.map((article) => {
    const entry = snapshot.state.files.get(article.file)
    const good = entry?.article === article ? entry.good : null
    if (!entry || !good) throw new Error(`${displayName(article.file)} has no file read behind it`)
    const { text } = article
    return {
      text,
      saved: {
        digest: good.digest,
        metaDigest: metaDigest(snapshot.state.meta.get(article.file)),
        article: { ...article, text: '' },
        fromFile: text === good.text,
        ...(good.page ? { page: good.page } : {}),
        problems: [...entry.problems],
        quotations: [...snapshot.quotations.quotationsOf(article.file)],
      },
    }
  })
  return { key, segment, articles }
}

/** index.compactedInSteps(), one step per turn of the event loop (each step is a few milliseconds of work). */
async function compactedInTurns(index: SearchIndex): Promise<SearchIndex> {
  const steps = index.compactedInSteps()
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    await new Promise((resolve) => setImmediate(resolve))
  }
}
