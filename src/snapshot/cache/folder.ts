/**
 * The cache folder's files: one cache file per articles folder, the temporary name a writer uses before renaming it
 * into place, removing what a writer that died left behind, and keeping only the newest few cache files.
 */
import { createHash } from 'node:crypto'
import { readdir, rm, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { errorCode } from '../../errors.ts'

/** Cache files kept (newest first), one per articles folder: a few folders can be switched between. */
export const KEEP_FILES = 3
/** A temporary file older than this is a dead writer's, even if its process id is in use again. */
export const STALE_TEMPORARY_MS = 60 * 60_000

/** A cache file (.json: written by versions before the binary layout, pruned like the others). */
const CACHE_NAME = /^index-[0-9a-f]+\.(?:bin|json)$/
/** A cache file being written: `<cache file>.<writer's process id>.<number>.tmp`. */
const TEMPORARY_NAME = /^index-[0-9a-f]+\.(?:bin|json)\.(\d+)(?:\.\d+)?\.tmp$/

/** The cache file of an articles folder: one per folder, named by a hash of its absolute path. */
export function cacheFileFor(cacheDir: string, dir: string): string {
  return join(cacheDir, `index-${createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 24)}.bin`)
}

let temporaries = 0

/** A fresh temporary name for writing `file` in this process (removeDeadTemporaries knows it by its process id). */
export function temporaryFileFor(file: string): string {
  temporaries++
  return `${file}.${process.pid}.${Date.now()}${String(temporaries % 1000).padStart(3, '0')}.tmp`
}

/** Removes temporary files left by a writer that died (its process is gone, or the file is over an hour old). */
export async function removeDeadTemporaries(cacheDir: string): Promise<void> {
  const names = await readdir(cacheDir).catch(() => [] as string[])
  await Promise.all(
    names.map(async (name) => {
      const match = TEMPORARY_NAME.exec(name)
      if (!match) return
      const path = join(cacheDir, name)
      const age = Date.now() - ((await stat(path).catch(() => null))?.mtimeMs ?? 0)
      if (isAlive(Number(match[1])) && age < STALE_TEMPORARY_MS) return
      await rm(path, { force: true }).catch(() => undefined)
    }),
  )
}

/** Keeps the KEEP_FILES most recently written cache files of the folder and removes the others. */
export async function pruneCache(cacheDir: string): Promise<void> {
  const names = (await readdir(cacheDir)).filter((n) => CACHE_NAME.test(n))
  const dated = await Promise.all(
    names.map(async (name) => ({ name, mtime: (await stat(join(cacheDir, name)).catch(() => null))?.mtimeMs ?? 0 })),
  )
  dated.sort((a, b) => b.mtime - a.mtime)
  await Promise.all(dated.slice(KEEP_FILES).map(({ name }) => rm(join(cacheDir, name), { force: true })))
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return errorCode(error) === 'EPERM'
  }
}
