/**
 * Live reload of SEEDS_DIR: producers drop, replace and delete article files (and edit sources.json) while the bot
 * runs. Each change is applied to the loaded index file by file, never by rebuilding everything:
 *
 *   fs.watch event → debounce per file name → queue (one file at a time, yielding between files)
 *     → read + decode + parse (async I/O) → remove + add + new Snapshot swapped into the store (one synchronous block)
 *
 * The synchronous block is what makes a change atomic for queries: search is synchronous too, so a query runs
 * entirely before or entirely after a file's change, never in the middle of it. Successive snapshots share one
 * index (rebuilding it per change would cost a full load), so code must read store.current() and search without
 * an await in between, as the Slack listeners do; an older Snapshot object kept across an await sees the newer index.
 */
import { watch, type FSWatcher } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import {
  DEFAULT_MAX_FILE_BYTES,
  type FileRead,
  isArticleName,
  readArticleFile,
  readSourcesFile,
} from '../../corpus/files.ts'
import { SOURCES_FILE, parseSources } from '../../corpus/metadata.ts'
import { parseArticle } from '../../corpus/parse.ts'
import type { Article, SourceMeta } from '../../corpus/types.ts'
import { describeProblem, errorCode, type Problem } from '../../errors.ts'
import { cutPassages, type PassageOptions } from '../../passages/passages.ts'
import { corpusStats, type Snapshot } from '../snapshot.ts'
import type { SnapshotStore } from '../store.ts'

export interface LiveReloadLogger {
  info(...args: unknown[]): void
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
}

export interface LiveReloadOptions {
  /** Quiet time per file before it is read, in ms. Default 250: editors write a file in several chunks. */
  debounceMs?: number
  /** How often to look for SEEDS_DIR again after it disappeared, in ms. Default 2000. */
  retryMs?: number
  /** Must match the options the snapshot was built with, so a reloaded file is cut the same way. */
  passages?: PassageOptions
  /** Files larger than this are refused (default 5 MB, as when loading). */
  maxFileBytes?: number
  /**
   * Re-check every file once after starting, so a change made between the snapshot's load and the
   * watcher's start is not missed (unchanged files cost a read and a parse, no index update). Default false.
   */
  catchUp?: boolean
  logger?: LiveReloadLogger
}

export interface LiveReload {
  /** Stops watching; a file being applied finishes, queued ones are dropped. */
  close(): Promise<void>
  /** Resolves when every change seen so far is applied (for tests and shutdown). */
  settled(): Promise<void>
  /** Applies one file (or sources.json) now, through the same queue as the watcher. */
  applyFile(file: string): Promise<void>
}

/** Queue entry that re-checks the folder itself (renamed, deleted, replaced). */
const FOLDER_CHECK = '\u0000folder'

/** Watches `dir` and applies every change to the snapshot in `store`. Never throws; problems are logged. */
export function watchSeeds(dir: string, store: SnapshotStore, options: LiveReloadOptions = {}): LiveReload {
  const watcher = new SeedsWatcher(dir, store, options)
  watcher.start()
  return {
    close: () => watcher.close(),
    settled: () => watcher.settled(),
    applyFile: (file) => watcher.applyFile(file),
  }
}

/** Article files and sources.json; never dotfiles (editor swap and temp files) or anything else. */
export function isWatchedName(name: string): boolean {
  return name === SOURCES_FILE || isArticleName(name)
}

// ---------------------------------------------------------------------------------------------------------------
// The watcher: events → debounce → one queue

class SeedsWatcher {
  private readonly debounceMs: number
  private readonly retryMs: number
  private readonly logger: LiveReloadLogger
  private readonly timers = new Map<string, NodeJS.Timeout>()
  /** Files waiting to be applied, oldest first; a file queued twice is applied once. */
  private readonly pending = new Set<string>()
  private readonly idleWaiters: (() => void)[] = []
  private fsWatcher: FSWatcher | null = null
  private folderId: string | null = null
  private worker: Promise<void> | null = null
  private retryTimer: NodeJS.Timeout | null = null
  private ready: Promise<void> = Promise.resolve()
  private gone = false
  private closed = false
  private readonly state: WatchState
  private readonly catchUp: boolean

  constructor(
    private readonly dir: string,
    private readonly store: SnapshotStore,
    options: LiveReloadOptions,
  ) {
    this.debounceMs = options.debounceMs ?? 250
    this.retryMs = options.retryMs ?? 2000
    this.logger = options.logger ?? console
    this.catchUp = options.catchUp ?? false
    this.state = {
      sources: { entries: new Map(), goodJson: null, error: null },
      present: new Set(),
      passages: options.passages ?? {},
      maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
      logger: this.logger,
    }
  }

  start(): void {
    // Watch first, then read the baseline: a change made while the baseline is read is queued, not lost.
    if (!this.startWatching()) return
    this.ready = this.readBaseline()
      .then(() => (this.catchUp ? this.rescan() : undefined))
      .catch((error: unknown) => this.logger.error('live reload: could not read the baseline of', this.dir, error))
  }

  async close(): Promise<void> {
    this.closed = true
    this.stopWatching()
    if (this.retryTimer) clearInterval(this.retryTimer)
    this.retryTimer = null
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    this.pending.clear()
    await this.worker
    this.notifyIfIdle()
  }

  async settled(): Promise<void> {
    for (;;) {
      // Let fs events the OS has already queued reach the watcher before deciding there is nothing to do.
      await new Promise(setImmediate)
      if (this.isIdle()) return
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve))
    }
  }

  async applyFile(file: string): Promise<void> {
    this.enqueue(file)
    // The worker may hand over to a new one (see enqueue): wait until the queue is empty.
    while (this.worker) await this.worker
  }

  private startWatching(): boolean {
    try {
      const fsWatcher = watch(this.dir, { persistent: false }, (_event, name) => this.onEvent(name))
      // Without an error listener an fs error would be thrown as an uncaught exception.
      fsWatcher.on('error', (error) => {
        this.logger.error(`live reload: watching ${this.dir} failed:`, error)
        this.stopWatching()
        this.enqueue(FOLDER_CHECK)
      })
      this.fsWatcher = fsWatcher
      return true
    } catch (error) {
      this.folderGone(errorCode(error))
      return false
    }
  }

  private stopWatching(): void {
    this.fsWatcher?.close()
    this.fsWatcher = null
  }

  private async readBaseline(): Promise<void> {
    const [id, names, sources] = await Promise.all([
      folderIdentity(this.dir),
      readdir(this.dir).catch(() => []),
      readSourcesFile(this.dir),
    ])
    this.folderId = id
    for (const name of names) if (isArticleName(name)) this.state.present.add(name)
    // The snapshot was loaded with this metadata; later edits are compared against it.
    this.state.sources = baselineSources(sources)
  }

  private onEvent(file: string | null): void {
    if (this.closed || this.gone) return
    // No file name (possible on some platforms): look at everything.
    if (file === null) return void this.rescan()
    // Events about the watched folder itself carry its own name (renamed or deleted).
    if (file === basename(this.dir)) this.debounce(FOLDER_CHECK)
    if (isWatchedName(file)) this.debounce(file)
  }

  private debounce(file: string): void {
    clearTimeout(this.timers.get(file))
    const timer = setTimeout(() => {
      this.timers.delete(file)
      this.enqueue(file)
    }, this.debounceMs)
    this.timers.set(file, timer)
  }

  private enqueue(file: string): void {
    if (this.closed) return
    this.pending.add(file)
    if (!this.worker) {
      this.worker = this.drain()
        .catch((error: unknown) => this.logger.error('live reload: the queue failed:', error))
        .finally(() => {
          this.worker = null
          // A file queued after the loop's last check but before this callback would otherwise wait for the next event.
          if (this.pending.size > 0 && !this.closed) this.enqueue([...this.pending][0]!)
          else this.notifyIfIdle()
        })
    }
  }

  /** Applies queued files one at a time, yielding between them so Slack requests are served in between. */
  private async drain(): Promise<void> {
    await this.ready
    for (;;) {
      const file = this.pending.values().next()
      if (file.done || this.closed) return
      this.pending.delete(file.value)
      if (this.gone) continue
      try {
        await this.applyNow(file.value)
      } catch (error) {
        // A bug, not a bad file (those are handled): log it and keep watching.
        this.logger.error(`live reload: applying ${file.value} failed:`, error)
      }
      await new Promise(setImmediate)
    }
  }

  private async applyNow(file: string): Promise<void> {
    if (file === FOLDER_CHECK) return void (await this.folderStillThere())
    if (file === SOURCES_FILE) return this.applySources()
    const read = await readArticleFile(this.dir, file, { maxBytes: this.state.maxFileBytes })
    // A file that vanished together with its folder is not a delete: keep serving it.
    if (read.kind === 'missing' && !(await this.folderStillThere())) return
    const current = this.store.current()
    if (!current || this.closed) return
    const next = applyFileChange(current, file, read, this.state)
    if (next) this.store.replace(next)
  }

  private async applySources(): Promise<void> {
    const read = await readSourcesFile(this.dir)
    if (read.kind === 'missing' && !(await this.folderStillThere())) return
    const current = this.store.current()
    if (!current || this.closed) return
    const { snapshot, changedFiles } = applySourcesChange(current, read, this.state)
    if (snapshot) this.store.replace(snapshot)
    // Re-attribute through the per-file path: each file is re-read and swapped on its own.
    for (const file of changedFiles) this.pending.add(file)
  }

  // -------------------------------------------------------------------------------------------------------------
  // The folder itself

  /** False (and live reload paused) when the folder is gone; re-watches a folder replaced at the same path. */
  private async folderStillThere(): Promise<boolean> {
    const id = await folderIdentity(this.dir)
    if (this.closed || this.gone) return false
    if (id === null) this.folderGone('it no longer exists or is not a folder')
    else if (id !== this.folderId || this.fsWatcher === null) this.rewatch(id)
    return id !== null
  }

  /** Logs once, keeps serving what is loaded, and looks for the folder again every retryMs. */
  private folderGone(reason: string): void {
    if (this.gone || this.closed) return
    this.gone = true
    this.stopWatching()
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    this.pending.clear()
    const articles = this.store.current()?.stats.articles ?? 0
    this.logger.error(
      `live reload: SEEDS_DIR ${this.dir} is gone (${reason}); still serving the ${articles} articles loaded, and checking every ${this.retryMs} ms for it to come back`,
    )
    this.retryTimer = setInterval(() => void this.tryResume(), this.retryMs)
    this.retryTimer.unref()
  }

  private async tryResume(): Promise<void> {
    const id = await folderIdentity(this.dir)
    if (id === null || !this.gone || this.closed) return
    if (this.retryTimer) clearInterval(this.retryTimer)
    this.retryTimer = null
    this.gone = false
    this.folderId = id
    if (!this.startWatching()) return
    this.logger.info(`live reload: SEEDS_DIR ${this.dir} is back; applying what changed`)
    await this.rescan()
  }

  /** Another folder now stands at the path (moved away and replaced), or the watch failed: watch again and catch up. */
  private rewatch(id: string): void {
    this.folderId = id
    this.stopWatching()
    if (!this.startWatching()) return
    this.logger.info(`live reload: watching SEEDS_DIR ${this.dir} again; applying what changed`)
    void this.rescan()
  }

  /** Queues every file on disk or loaded; unchanged files cost a read and a parse, never an index update. */
  private async rescan(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[])
    const snapshot = this.store.current()
    const known = [...(snapshot?.articles.map((a) => a.file) ?? []), ...(snapshot?.problems.map((p) => p.where) ?? [])]
    this.enqueue(SOURCES_FILE)
    for (const file of new Set([...names, ...known])) if (isArticleName(file)) this.enqueue(file)
  }

  private isIdle(): boolean {
    return this.closed || (this.timers.size === 0 && this.pending.size === 0 && this.worker === null)
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return
    for (const resolve of this.idleWaiters.splice(0)) resolve()
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Applying one change: pure apart from mutating the shared index, and fully synchronous

interface SourcesState {
  /** The metadata in force: from the last sources.json that could be read as a whole. */
  entries: Map<string, SourceMeta>
  goodJson: string | null
  /** Why the latest sources.json was not used (the previous metadata was kept), or null. */
  error: Problem | null
}

interface WatchState {
  sources: SourcesState
  /** The .txt files in the folder (good or not), for sources.json's "names a file that is not in the folder". */
  present: Set<string>
  passages: PassageOptions
  maxFileBytes: number
  logger: LiveReloadLogger
}

/**
 * The snapshot after one article file changed, or null when nothing a query can see changed. Mutates the shared
 * index (remove, then add) and returns the snapshot to swap in: the caller swaps it before anything else runs.
 */
function applyFileChange(current: Snapshot, file: string, read: ReadOutcome, state: WatchState): Snapshot | null {
  const next = fileChange(current, file, read, state)
  // Logged after the file's own line: a file arriving or leaving can cause sources.json's "names a file that is not in the folder".
  if (next)
    warnNewProblems(
      current.problems.filter((p) => p.where === SOURCES_FILE),
      next.problems.filter((p) => p.where === SOURCES_FILE),
      state.logger,
    )
  return next
}

function fileChange(current: Snapshot, file: string, read: ReadOutcome, state: WatchState): Snapshot | null {
  const parsed = read.kind === 'text' ? parseArticle(file, read.text, state.sources.entries.get(file)) : null
  const wasPresent = state.present.has(file)
  if (read.kind === 'missing') state.present.delete(file)
  else state.present.add(file)
  // A file arriving or leaving can fix or cause sources.json's "names a file that is not in the folder".
  const sourcesProblems = wasPresent === state.present.has(file) ? null : sourcesProblemsFor(state)

  const previous = current.articles.find((a) => a.file === file) ?? null
  const oldProblems = current.problems.filter((p) => p.where === file)
  const problem =
    read.kind === 'problem' ? read.problem : parsed && !parsed.article ? (parsed.problems[0] ?? null) : null
  const article = parsed?.article ?? null
  const problems = (list: readonly Problem[]) => composeProblems(current.problems, sourcesProblems, file, list)

  if (problem) {
    // A broken replacement must not wipe good coverage: keep serving the previous version.
    const recorded = previous ? keptPrevious(problem, 'version') : problem
    if (sameProblems(oldProblems, [recorded]) && !sourcesProblems) return null
    state.logger.warn(`live reload: ${describeProblem(recorded)}`)
    return withChanges(current, current.articles, problems([recorded]))
  }

  if (!article) {
    // Deleted (or never there): drop its passages, its article and its problems.
    if (!previous && oldProblems.length === 0 && !sourcesProblems) return null
    const removed = previous ? removeFromIndex(current, file) : 0
    if (previous) state.logger.info(`removed ${file}: ${removed} passages`)
    return withChanges(
      current,
      current.articles.filter((a) => a !== previous),
      problems([]),
    )
  }

  if (previous && sameArticle(previous, article)) {
    // Same text, same attribution (a repeated event, or a file restored after a broken write): only clear problems.
    if (oldProblems.length === 0 && !sourcesProblems) return null
    if (oldProblems.length > 0)
      state.logger.info(`reloaded ${file}: unchanged, ${oldProblems.length} problem(s) cleared`)
    return withChanges(current, current.articles, problems([]))
  }

  const removed = previous ? removeFromIndex(current, file) : 0
  const passages = cutPassages(article, state.passages)
  current.index.add(passages)
  state.logger.info(describeFileChange(file, previous, article, passages.length, removed))
  return withChanges(current, withArticle(current.articles, file, article), problems([]))
}

/**
 * The snapshot after sources.json changed (only problems change in it), and the files whose metadata entry
 * changed: those are re-read and re-parsed one by one, like any changed file.
 */
function applySourcesChange(
  current: Snapshot,
  read: ReadOutcome,
  state: WatchState,
): { snapshot: Snapshot | null; changedFiles: string[] } {
  const before = state.sources
  state.sources = nextSources(before, read)
  const sourcesProblems = sourcesProblemsFor(state)
  const oldProblems = current.problems.filter((p) => p.where === SOURCES_FILE)
  warnNewProblems(oldProblems, sourcesProblems, state.logger)
  const changedFiles = [...state.present].filter(
    (file) => !sameMeta(before.entries.get(file), state.sources.entries.get(file)),
  )
  if (before.entries !== state.sources.entries) {
    state.logger.info(
      `reloaded ${SOURCES_FILE}: ${state.sources.entries.size} entries, ${changedFiles.length} article(s) to re-attribute`,
    )
  }
  const snapshot = sameProblems(oldProblems, sourcesProblems)
    ? null
    : withChanges(current, current.articles, composeProblems(current.problems, sourcesProblems, null, []))
  return { snapshot, changedFiles }
}

function nextSources(before: SourcesState, read: ReadOutcome): SourcesState {
  // No metadata file is normal (as when loading): every article is attributed from its own text.
  if (read.kind === 'missing')
    return before.goodJson === null && before.error === null
      ? before
      : { entries: new Map(), goodJson: null, error: null }
  if (read.kind === 'problem') return { ...before, error: keptPrevious(read.problem, 'metadata') }
  const parsed = parseSources(read.text)
  const invalid = wholeFileInvalid(parsed.problems)
  // A half-saved or mistyped sources.json must not strip every article of its outlet: keep what was in force.
  if (invalid) return { ...before, error: keptPrevious(invalid, 'metadata') }
  if (read.text === before.goodJson && before.error === null) return before
  return { entries: parsed.entries, goodJson: read.text, error: null }
}

/** sources.json at start, read the way loadCorpus read it (no previous metadata to keep). */
function baselineSources(read: ReadOutcome): SourcesState {
  if (read.kind === 'missing') return { entries: new Map(), goodJson: null, error: null }
  if (read.kind === 'problem') return { entries: new Map(), goodJson: null, error: read.problem }
  const parsed = parseSources(read.text)
  const invalid = wholeFileInvalid(parsed.problems)
  return invalid
    ? { entries: new Map(), goodJson: null, error: invalid }
    : { entries: parsed.entries, goodJson: read.text, error: null }
}

/** sources.json's problems as a fresh load would report them, plus why the latest version was not used. */
function sourcesProblemsFor(state: WatchState): Problem[] {
  const { goodJson, error } = state.sources
  const entryProblems = goodJson === null ? [] : parseSources(goodJson, [...state.present]).problems
  return error ? [error, ...entryProblems] : entryProblems
}

/** The problem that makes sources.json unusable as a whole (bad JSON, wrong shape), if any. */
function wholeFileInvalid(problems: readonly Problem[]): Problem | undefined {
  return problems.find((p) => p.code === 'SOURCES_JSON_INVALID' || p.code === 'SOURCES_SHAPE')
}

function withChanges(current: Snapshot, articles: readonly Article[], problems: readonly Problem[]): Snapshot {
  // Same index instance (already updated); loadMs stays the original load's time.
  return {
    articles,
    index: current.index,
    problems,
    stats: corpusStats(articles, current.index.size, current.stats.loadMs),
  }
}

function removeFromIndex(current: Snapshot, file: string): number {
  const before = current.index.size
  current.index.removeFile(file)
  return before - current.index.size
}

/** A new articles array with `article` in place of `file`'s, sorted by file name (as loadCorpus sorts). */
function withArticle(articles: readonly Article[], file: string, article: Article): Article[] {
  return [...articles.filter((a) => a.file !== file), article].sort((a, b) => compareNames(a.file, b.file))
}

/**
 * The snapshot's problems with those of `file` replaced by `fileProblems` (and sources.json's by `sourcesProblems`
 * when given), in load order: sources.json first, then by file name.
 */
function composeProblems(
  problems: readonly Problem[],
  sourcesProblems: readonly Problem[] | null,
  file: string | null,
  fileProblems: readonly Problem[],
): Problem[] {
  const sources = sourcesProblems ?? problems.filter((p) => p.where === SOURCES_FILE)
  const others = problems.filter((p) => p.where !== SOURCES_FILE && p.where !== file)
  return [...sources, ...[...others, ...fileProblems].sort((a, b) => compareNames(a.where, b.where))]
}

/** Rewrites a problem's "skipped" / "no metadata used" into what live reload does instead. */
function keptPrevious(problem: Problem, what: 'version' | 'metadata'): Problem {
  if (what === 'metadata') {
    const message = problem.message.replace(/;? *no metadata used.*$/, '')
    return { ...problem, message: `${message}; kept the previous metadata` }
  }
  const message = /\bskipped\b/i.test(problem.message)
    ? problem.message.replace(/\b(s)kipped\b/i, (_m, s: string) =>
        s === 'S' ? 'Kept the previous version' : 'kept the previous version',
      )
    : `${problem.message}; kept the previous version`
  return { ...problem, message }
}

function describeFileChange(
  file: string,
  previous: Article | null,
  article: Article,
  passages: number,
  removed: number,
): string {
  if (!previous) return `added ${file}: ${passages} passages (${article.outlet})`
  const outlet = previous.outlet === article.outlet ? '' : `, outlet ${previous.outlet} → ${article.outlet}`
  return `reloaded ${file}: ${passages} passages (was ${removed})${outlet}`
}

/** Same text and attribution: nothing a query or a reader could see would change. */
function sameArticle(a: Article, b: Article): boolean {
  return (
    a.text === b.text &&
    a.outlet === b.outlet &&
    a.outletBasis === b.outletBasis &&
    a.wire === b.wire &&
    a.published === b.published &&
    a.title === b.title &&
    a.url === b.url
  )
}

function warnNewProblems(before: readonly Problem[], after: readonly Problem[], logger: LiveReloadLogger): void {
  for (const problem of after)
    if (!before.some((old) => sameProblem(old, problem))) logger.warn(`live reload: ${describeProblem(problem)}`)
}

function sameMeta(a: SourceMeta | undefined, b: SourceMeta | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

function sameProblem(a: Problem, b: Problem): boolean {
  return a.where === b.where && a.code === b.code && a.message === b.message
}

function sameProblems(a: readonly Problem[], b: readonly Problem[]): boolean {
  return a.length === b.length && a.every((p, i) => sameProblem(p, b[i]!))
}

/** Code-unit order, stable across locales (as loadCorpus sorts). */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

// ---------------------------------------------------------------------------------------------------------------
// I/O at the edge: what is on disk now

type ReadOutcome = FileRead

/** "dev:ino" of the folder at `dir`, or null when there is no folder there (to tell a replaced folder apart). */
async function folderIdentity(dir: string): Promise<string | null> {
  try {
    const info = await stat(dir)
    return info.isDirectory() ? `${info.dev}:${info.ino}` : null
  } catch {
    return null
  }
}
