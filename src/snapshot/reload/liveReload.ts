/**
 * Live reload: producers drop, replace and delete article files (and edit sources.json) while the bot serves.
 *
 *   FolderWatcher (watcher.ts): a changed name, once it has settled
 *     → read it (corpus/files.ts) → applyRead (corpusState.ts, pure) → nextSnapshot (a new immutable snapshot)
 *     → store.replace: queries in flight finish on the old snapshot, new ones get the new
 *
 * One file at a time, yielding to the event loop between files, so Slack requests are served throughout.
 * What it refuses to do: quote a file before it is whole (settle time), follow a symbolic link (files.ts), drop the
 * coverage because the folder vanished or came back empty (the last good corpus is kept, and the store says so for
 * /healthz), or let a file name write a log line of its own (names are escaped).
 */
import { readdir } from 'node:fs/promises'
import { type FileRead, isArticleName, readArticleFile, readSourcesFile } from '../../corpus/files.ts'
import { SOURCES_FILE } from '../../corpus/metadata.ts'
import type { Article } from '../../corpus/types.ts'
import { type Problem, describeProblem, displayName } from '../../errors.ts'
import type { SearchIndex } from '../../search/searchIndex.ts'
import { applyRead } from '../corpusState.ts'
import { type Snapshot, nextSnapshot, withIndex } from '../snapshot.ts'
import type { SnapshotStore } from '../store.ts'
import { FolderWatcher, type WatchOptions, isWatchedName } from './watcher.ts'

export interface LiveReloadLogger {
  info(...args: unknown[]): void
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
}

/** Options of live reload, with their defaults in LIVE_RELOAD_DEFAULTS (and WATCH_DEFAULTS for the watcher's). */
export interface LiveReloadOptions extends WatchOptions {
  /** Files larger than this are refused (as when loading). Default DEFAULT_MAX_FILE_BYTES. */
  maxFileBytes?: number
  /**
   * Look at every file once after starting, so a change made between the first load and the watcher's start is not
   * missed (an unchanged file costs a read, never a parse or an index update). Default true.
   */
  catchUp?: boolean
  /** A replacement keeping fewer than this share of its article's passages is logged as a warning. */
  lossWarningShare?: number
  /**
   * The index is compacted in the background once its dead passages, or the passages added since the last
   * compaction, reach max(minDead, share × live passages), or it has more than maxSegments segments.
   */
  compactAt?: { minDead: number; share: number; maxSegments: number }
  logger?: LiveReloadLogger
}

export const LIVE_RELOAD_DEFAULTS = {
  catchUp: true,
  lossWarningShare: 0.5,
  compactAt: { minDead: 2000, share: 0.2, maxSegments: 8 },
} as const
/** Longest a compaction holds the event loop at a time. */
const COMPACT_SLICE_MS = 8

export interface LiveReload {
  /** Stops watching; a file being applied finishes, queued ones are dropped. */
  close(): Promise<void>
  /** Resolves when every change seen so far has settled and is applied (for tests and shutdown). */
  settled(): Promise<void>
  /** Applies one file (or sources.json) now, without waiting for it to settle. */
  applyFile(name: string): Promise<void>
}

/**
 * Watches `dir` and applies every change to the snapshot in `store`. Never throws: problems are logged.
 *
 * @example
 * const live = watchSeeds('seeds', store, { logger })
 * // … later, on shutdown:
 * await live.close()
 */
export function watchSeeds(dir: string, store: SnapshotStore, options: LiveReloadOptions = {}): LiveReload {
  const reloader = new Reloader(dir, store, options)
  reloader.start()
  return {
    close: () => reloader.close(),
    settled: () => reloader.settled(),
    applyFile: (name) => reloader.applyNow(name),
  }
}

class Reloader {
  private readonly logger: LiveReloadLogger
  private readonly watcher: FolderWatcher
  private readonly queue = new Set<string>()
  private worker: Promise<void> | null = null
  private started: Promise<void> = Promise.resolve()
  private compaction: NodeJS.Immediate | null = null
  private compacting = false
  private closed = false

  constructor(
    private readonly dir: string,
    private readonly store: SnapshotStore,
    private readonly options: LiveReloadOptions,
  ) {
    this.logger = options.logger ?? console
    this.watcher = new FolderWatcher(
      dir,
      {
        // sources.json first: an article and its new entry settling together are applied credited, never without.
        settled: (names) =>
          this.enqueue([...names].sort((a, b) => Number(b === SOURCES_FILE) - Number(a === SOURCES_FILE))),
        folderMissing: () => {
          const health = store.setFolder('missing', dir)
          if (health.state !== 'ok') this.logger.warn(`live reload: ${health.message}; watching for it to come back`)
        },
        folderBack: () => void this.folderBack(),
        error: (error) => this.logger.error(`live reload: watching ${displayName(dir)} failed:`, error),
      },
      options,
    )
  }

  start(): void {
    this.started = this.watcher
      .start()
      .then(() => ((this.options.catchUp ?? LIVE_RELOAD_DEFAULTS.catchUp) ? this.lookAtEverything() : undefined))
      .catch((error: unknown) => this.logger.error(`live reload: could not start on ${displayName(this.dir)}:`, error))
  }

  async close(): Promise<void> {
    this.closed = true
    this.watcher.close()
    // A start still under way must not open a watch after this (the watcher checks it is closed, too).
    await this.started
    this.queue.clear()
    if (this.compaction) clearImmediate(this.compaction)
    await this.worker
  }

  async settled(): Promise<void> {
    await this.started
    // Waits for a condition (nothing settling, nothing queued, nothing being applied), looking every 10 ms.
    while (!this.closed && !(this.watcher.idle() && this.queue.size === 0 && this.worker === null)) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }

  async applyNow(name: string): Promise<void> {
    this.enqueue([name])
    while (this.worker) await this.worker
  }

  /** A folder is at the path again: it is healthy once it holds articles; every file is looked at again. */
  private async folderBack(): Promise<void> {
    this.logger.info(`live reload: articles folder ${displayName(this.dir)} is there again; looking at every file`)
    if (await this.folderHasArticles()) this.store.setFolder('ok', this.dir)
    await this.lookAtEverything()
  }

  /** Every file in the folder, and every file the snapshot knows, is watched until settled and then re-read. */
  private async lookAtEverything(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[])
    const known = this.store.current()?.state.files.keys() ?? []
    for (const name of new Set([...names, ...known, SOURCES_FILE])) {
      if (isWatchedName(name)) this.watcher.touch(name)
    }
  }

  private enqueue(names: readonly string[]): void {
    if (this.closed) return
    for (const name of names) this.queue.add(name)
    this.worker ??= this.drain()
      .catch((error: unknown) => this.logger.error('live reload: the queue failed:', error))
      .finally(() => {
        this.worker = null
        // A name queued after the loop's last look would otherwise wait for the next event.
        if (this.queue.size > 0 && !this.closed) this.enqueue([])
      })
  }

  /** Applies queued files one at a time, yielding between them so Slack requests are served in between. */
  private async drain(): Promise<void> {
    for (;;) {
      const next = this.queue.values().next()
      if (next.done || this.closed) return
      this.queue.delete(next.value)
      try {
        await this.apply(next.value)
      } catch (error) {
        // A bug, not a bad file (those are problems, handled): log it and keep watching.
        this.logger.error(`live reload: applying ${displayName(next.value)} failed:`, error)
      }
      await new Promise(setImmediate)
    }
  }

  private async apply(name: string): Promise<void> {
    // A web page whose bytes did not change is not extracted again (a catch-up looks at every file).
    const known = this.store.current()?.state.files.get(name)?.good
    const read: FileRead =
      name === SOURCES_FILE
        ? await readSourcesFile(this.dir)
        : await readArticleFile(this.dir, name, {
            maxBytes: this.options.maxFileBytes,
            extractedPage: (_file, digest) =>
              known?.page && known.digest === digest ? { text: known.text, page: known.page } : undefined,
          })
    // Nothing is taken away while the folder is gone or empty (sources.json included: outlets would be lost).
    if (read.kind === 'missing' && !(await this.folderHasArticles())) return
    if (read.kind === 'text' && isArticleName(name) && this.store.folder().state !== 'ok') {
      this.store.setFolder('ok', this.dir)
      this.logger.info(`live reload: articles are back in ${displayName(this.dir)}; looking at every file`)
      void this.lookAtEverything()
    }
    const current = this.store.current()
    if (!current || this.closed) return
    // From here to store.replace nothing awaits: the snapshot applied to is the one replaced.
    const { state, change } = applyRead(current.state, read)
    if (state === current.state) return
    const next = nextSnapshot(current, state, change)
    this.store.replace(next)
    this.report(name, current, next, change)
    this.maybeCompact()
  }

  /**
   * A deletion is applied only while the folder still holds articles: a folder emptied (or deleted and recreated
   * empty) keeps the last good corpus until articles come back, and says so.
   */
  private async folderHasArticles(): Promise<boolean> {
    let names: string[]
    try {
      names = await readdir(this.dir)
    } catch {
      return false // gone: the watcher reports it
    }
    if (names.some(isArticleName)) return true
    const health = this.store.setFolder('empty', this.dir)
    if (health.state !== 'ok') this.logger.warn(`live reload: ${health.message}; nothing deleted`)
    return false
  }

  private report(name: string, before: Snapshot, after: Snapshot, change: ReturnType<typeof applyRead>['change']) {
    const shown = displayName(name)
    const count = (snapshot: Snapshot, article: Article) => {
      const range = snapshot.index.passagesOf(article)
      return range ? range.end - range.first : 0
    }
    if (name === SOURCES_FILE) {
      if (change.added.length > 0)
        this.logger.info(`reloaded ${shown}: ${change.added.length} article(s) re-attributed`)
    } else {
      const old = change.removed[0]
      const added = change.added[0]
      if (added && !old) this.logger.info(`added ${shown}: ${count(after, added)} passages (${added.outlet})`)
      if (added && old) {
        const was = count(before, old)
        const now = count(after, added)
        const outlet = old.outlet === added.outlet ? '' : `, outlet ${old.outlet} → ${added.outlet}`
        const share = this.options.lossWarningShare ?? LIVE_RELOAD_DEFAULTS.lossWarningShare
        if (was >= 4 && now < was * share) {
          this.logger.warn(
            `reloaded ${shown}: only ${now} of its ${was} passages remain${outlet}; if the file was cut short, put the whole article back`,
          )
        } else this.logger.info(`reloaded ${shown}: ${now} passages (was ${was})${outlet}`)
      }
      if (old && !added) this.logger.info(`removed ${shown}: ${count(before, old)} passages`)
    }
    for (const problem of newProblems(before.problems, after.problems)) {
      this.logger.warn(`live reload: ${describeProblem(problem)}`)
    }
  }

  /**
   * Dead passages pile up as files are replaced: past a share, the index is compacted in the background, a few
   * milliseconds at a time between requests, then brought up to date with any edit made meanwhile and swapped in.
   */
  private maybeCompact(): void {
    const snapshot = this.store.current()
    if (!snapshot || this.compacting) return
    const { deadPassages, deltaPassages, segments } = snapshot.index.overhead
    const { minDead, share, maxSegments } = this.options.compactAt ?? LIVE_RELOAD_DEFAULTS.compactAt
    const bound = Math.max(minDead, share * snapshot.index.size)
    // Replaced or deleted passages, or added ones piling up in small segments, are both worth a compaction.
    const due = (deadPassages > 0 && deadPassages >= bound) || deltaPassages >= bound || segments > maxSegments
    if (!due) return
    this.compacting = true
    const steps = snapshot.index.compactedInSteps()
    const step = (): void => {
      if (this.closed) return
      const until = performance.now() + COMPACT_SLICE_MS
      for (;;) {
        let next: IteratorResult<void, SearchIndex>
        try {
          next = steps.next()
        } catch (error) {
          // A bug, not bad input: the snapshot served is untouched; log it and carry on without compacting.
          this.compacting = false
          this.logger.error('live reload: compacting the index failed; still serving the uncompacted index:', error)
          return
        }
        if (next.done) {
          const current = this.store.current()
          if (current) this.store.replace(withIndex(current, next.value.caughtUpWith(current.index)))
          this.compacting = false
          this.logger.info(
            `live reload: index compacted (${deadPassages} replaced or deleted passages dropped, ${segments} segments made one)`,
          )
          return
        }
        if (performance.now() > until) break
      }
      this.compaction = setImmediate(step)
    }
    this.compaction = setImmediate(step)
  }
}

function newProblems(before: readonly Problem[], after: readonly Problem[]): Problem[] {
  const seen = new Set(before.map((p) => `${p.where}\u0000${p.code}\u0000${p.message}`))
  return after.filter((p) => !seen.has(`${p.where}\u0000${p.code}\u0000${p.message}`))
}
