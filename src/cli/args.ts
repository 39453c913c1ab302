import { parseArgs } from 'node:util'
import { indexCacheDir } from '../config.ts'
import { StorydeskError, describeProblem } from '../errors.ts'
import { loadSnapshotCached } from '../snapshot/cache.ts'
import type { Snapshot } from '../snapshot/snapshot.ts'
import { progressLine } from '../render/progress.ts'

/** Exit codes every Storydesk command uses. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const

/** What a command that takes one query was asked: `[--json] [--limit N] "<query>"`. */
export interface QueryArgs {
  query: string
  limit: number
  json: boolean
}

/**
 * Reads `[--json] [--limit N] [--help] "<query>"` for `ask` and `quotes`. Returns the arguments, or the exit code to
 * stop with after printing usage (--help: 0) or what is wrong (2).
 *
 * @example
 * const args = parseQueryArgs(argv, USAGE, { limit: 5, maxLimit: 100 })
 * if (typeof args === 'number') return args
 */
export function parseQueryArgs(
  argv: string[],
  usage: string,
  limits: { limit: number; maxLimit: number },
): QueryArgs | number {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof QUERY_OPTIONS }>>
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: QUERY_OPTIONS })
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`)
    return EXIT.usage
  }
  const { values, positionals } = parsed
  if (values.help) {
    console.log(usage)
    return EXIT.ok
  }
  const query = positionals.join(' ')
  if (query.trim() === '') {
    console.error(usage)
    return EXIT.usage
  }
  const limit = values.limit === undefined ? limits.limit : Number(values.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > limits.maxLimit) {
    console.error(`--limit must be a whole number from 1 to ${limits.maxLimit}, not "${values.limit}".\n\n${usage}`)
    return EXIT.usage
  }
  return { query, limit, json: values.json }
}

const QUERY_OPTIONS = {
  json: { type: 'boolean', default: false },
  limit: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const

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
