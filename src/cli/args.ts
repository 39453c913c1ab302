import { indexCacheDir } from '../config.ts'
import { StorydeskError, describeProblem } from '../errors.ts'
import { loadSnapshotCached } from '../snapshot/cache.ts'
import type { Snapshot } from '../snapshot/snapshot.ts'
import { progressLine } from '../render/progress.ts'

/** Exit codes every Storydesk command uses. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const

/** SEEDS_DIR from the environment, else seeds/ in the working directory. */
export function seedsDir(): string {
  return process.env.SEEDS_DIR?.trim() || 'seeds'
}

/**
 * The snapshot for a command-line tool: SEEDS_DIR through the index cache, warnings and skipped
 * files on stderr (stdout stays for the answer). Null, after saying why, when the folder is missing.
 */
export async function loadCliSnapshot(): Promise<Snapshot | null> {
  try {
    const { snapshot, saved } = await loadSnapshotCached(seedsDir(), {
      cacheDir: indexCacheDir(process.env.INDEX_CACHE_DIR),
      warn: (message) => console.error(`warning: ${message}`),
      onProgress: progressLine('indexing articles'),
    })
    // The next run starts from the cache: wait for it to be written before the command exits.
    await saved
    for (const problem of snapshot.problems) console.error(`warning: ${describeProblem(problem)}`)
    return snapshot
  } catch (error) {
    if (!(error instanceof StorydeskError)) throw error
    console.error(`storydesk: ${error.describe()}`)
    return null
  }
}
