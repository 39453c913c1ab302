/**
 * Watching the articles folder: which files changed, reported only once each is whole.
 *
 * An fs event says a file is being written, not that it is written. A producer's editor, a download or a copy writes
 * a file in chunks, seconds apart; reading it early quotes half a sentence and credits it to nobody. So a changed name
 * is watched until its size, modification time and inode have stayed the same for `settleMs` (default 2 s), and only
 * then reported; a file that is still growing is never reported half-written. Names editors and downloads use while
 * writing (`*.tmp`, `*.part`, `*.crdownload`, `*~`, dot-files) are never reported: the safe way to publish is to
 * write under such a name and rename into place (README, "Adding an article").
 *
 * The folder itself is watched too: when it disappears, or another folder takes its path, the caller hears of it and
 * watching resumes when a folder is back.
 */
import { type FSWatcher, watch } from 'node:fs'
import { lstat, readdir, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { isArticleName } from '../../corpus/files.ts'
import { SOURCES_FILE } from '../../corpus/metadata.ts'

/** Options of the folder watcher, with their defaults in WATCH_DEFAULTS. */
export interface WatchOptions {
  /** A file is reported once unchanged (size, mtime, inode) for this long, in ms. */
  settleMs?: number
  /** How often a changing file and a missing folder are looked at again, in ms. */
  pollMs?: number
}

export const WATCH_DEFAULTS = { settleMs: 2000, pollMs: 250 } as const

export interface FolderEvents {
  /** Names (article files or sources.json) that changed and have settled: read them now. */
  settled(names: string[]): void
  /** The folder is gone (or is no longer a folder). */
  folderMissing(): void
  /** A folder is at the path again (or a different one replaced it): every name should be looked at again. */
  folderBack(): void
  /** Watching failed in a way the watcher cannot explain (logged by the caller). */
  error(error: unknown): void
}

/** True for the names live reload reads: article files and sources.json. */
export function isWatchedName(name: string): boolean {
  return name === SOURCES_FILE || isArticleName(name)
}

interface Pending {
  signature: string | null
  stableSince: number
}

/**
 * Watches `dir` and reports settled names to `events`. `close()` stops everything; `idle()` is true when nothing is
 * waiting to settle.
 */
export class FolderWatcher {
  private readonly settleMs: number
  private readonly pollMs: number
  private readonly pending = new Map<string, Pending>()
  private fsWatcher: FSWatcher | null = null
  private folderId: string | null = null
  private timer: NodeJS.Timeout | null = null
  private missing = false
  private closed = false
  private polling = false

  constructor(
    private readonly dir: string,
    private readonly events: FolderEvents,
    options: WatchOptions = {},
  ) {
    this.settleMs = options.settleMs ?? WATCH_DEFAULTS.settleMs
    this.pollMs = Math.max(10, Math.min(options.pollMs ?? WATCH_DEFAULTS.pollMs, this.settleMs / 2 || 10))
  }

  /** Starts watching; resolves once the watch is in place (changes from then on are seen). */
  async start(): Promise<void> {
    this.folderId = await folderIdentity(this.dir)
    if (this.closed) return
    if (this.folderId === null) {
      this.goMissing()
      return
    }
    this.startWatching()
  }

  close(): void {
    this.closed = true
    this.stopWatching()
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.pending.clear()
  }

  /** True when no name is waiting to settle (and the folder is not being looked for). */
  idle(): boolean {
    return this.pending.size === 0
  }

  /** Watches `name` as if an fs event had named it (used to re-check files after the folder came back). */
  touch(name: string): void {
    // While the folder is missing there is nothing to look at; everything is looked at again when it is back.
    if (this.closed || this.missing || !isWatchedName(name)) return
    this.pending.set(name, { signature: '\u0000unknown', stableSince: Date.now() })
    this.ensureTimer()
  }

  private startWatching(): void {
    try {
      const watcher = watch(this.dir, { persistent: false }, (_event, name) => this.onEvent(name))
      // Without an error listener an fs error would be thrown as an uncaught exception.
      watcher.on('error', (error) => {
        this.stopWatching()
        void this.checkFolder(error)
      })
      this.fsWatcher = watcher
    } catch (error) {
      void this.checkFolder(error)
    }
  }

  private stopWatching(): void {
    this.fsWatcher?.close()
    this.fsWatcher = null
  }

  private onEvent(name: string | Buffer | null): void {
    if (this.closed || this.missing) return
    const file = name === null ? null : name.toString()
    // No name (possible on some platforms): every file may have changed.
    if (file === null) return void this.rescan()
    // An event naming the folder itself: it was renamed or deleted.
    if (file === basename(this.dir)) void this.checkFolder(null)
    if (isWatchedName(file)) this.touch(file)
  }

  private ensureTimer(): void {
    if (this.timer || this.closed) return
    this.timer = setInterval(() => void this.poll(), this.pollMs)
    this.timer.unref()
  }

  /** Looks at every pending name; reports those unchanged for settleMs. */
  private async poll(): Promise<void> {
    if (this.polling) return
    this.polling = true
    try {
      await this.pollOnce()
    } finally {
      this.polling = false
    }
  }

  private async pollOnce(): Promise<void> {
    if (this.missing) return void (await this.lookForFolder())
    const names = [...this.pending.keys()]
    const signatures = await Promise.all(names.map((name) => fileSignature(this.dir, name)))
    if (this.closed) return
    const now = Date.now()
    const ready: string[] = []
    names.forEach((name, i) => {
      const entry = this.pending.get(name)
      if (!entry) return
      if (entry.signature !== signatures[i]) {
        entry.signature = signatures[i]!
        entry.stableSince = now
      } else if (now - entry.stableSince >= this.settleMs) {
        this.pending.delete(name)
        ready.push(name)
      }
    })
    if (this.pending.size === 0 && !this.missing && this.timer) {
      clearInterval(this.timer)
      this.timer = null
    }
    if (ready.length > 0) {
      // A deleted name could mean the folder went with it: look before anyone applies a deletion.
      if (signatures.some((s) => s === null) && (await folderIdentity(this.dir)) === null) return this.goMissing()
      this.events.settled(ready.sort())
    }
  }

  /** The folder is gone, renamed, or replaced: report it, and watch again when a folder is back. */
  private async checkFolder(cause: unknown): Promise<void> {
    const id = await folderIdentity(this.dir)
    if (this.closed) return
    if (id === null) return this.goMissing()
    if (id !== this.folderId || this.fsWatcher === null) {
      if (cause) this.events.error(cause)
      this.folderId = id
      this.stopWatching()
      this.startWatching()
      this.events.folderBack()
    }
  }

  private goMissing(): void {
    if (this.missing || this.closed) return
    this.missing = true
    this.stopWatching()
    this.pending.clear()
    this.events.folderMissing()
    this.ensureTimer()
  }

  private async lookForFolder(): Promise<void> {
    const id = await folderIdentity(this.dir)
    if (id === null || this.closed || !this.missing) return
    this.missing = false
    this.folderId = id
    this.startWatching()
    this.events.folderBack()
  }

  /** Every name in the folder may have changed (an event without a name). */
  private async rescan(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[])
    for (const name of names) this.touch(name)
  }
}

/** "size:mtime:inode" of a file (not following a link), or null when there is none. */
async function fileSignature(dir: string, name: string): Promise<string | null> {
  try {
    const info = await lstat(`${dir}/${name}`)
    return `${info.size}:${info.mtimeMs}:${info.ino}:${info.mode}`
  } catch {
    return null
  }
}

/** "dev:ino" of the folder at `dir`, or null when there is no folder there (to tell a replaced folder apart). */
async function folderIdentity(dir: string): Promise<string | null> {
  try {
    const info = await stat(dir)
    return info.isDirectory() ? `${info.dev}:${info.ino}` : null
  } catch {
    return null
  }
}
