/**
 * The corpus as Storydesk holds it: per file of the articles folder, the last read and the article it gave, and the
 * sources.json in force. One pure function, `applyRead`, takes a state and one file as just read (an article file or
 * sources.json) and gives the next state and what changed for the index: the first load is `applyRead` over every
 * file of the folder, and live reload is `applyRead` over each file that changed, so both read the folder the same
 * way.
 *
 * What live reload keeps that a fresh load would not: a file whose new version cannot be used (half-written, binary,
 * only boilerplate) keeps its previous article, and a sources.json that cannot be read as a whole keeps the previous
 * metadata. The problem is still reported, saying what was kept.
 */
import { articleFromRead } from '../corpus/load.ts'
import { byFile } from '../corpus/order.ts'
import type { FileRead } from '../corpus/files.ts'
import { SOURCES_FILE, type SourcesDocument, readSourcesDocument, sourcesFor } from '../corpus/metadata.ts'
import type { Article, SourceMeta } from '../corpus/types.ts'
import type { Problem } from '../errors.ts'

/** One article file of the folder, as last read. */
export interface FileEntry {
  /** The last read that gave an article (kept while the file is broken), or null. */
  readonly good: Readonly<FileRead & { kind: 'text' }> | null
  /** The article served for this file, or null. */
  readonly article: Article | null
  /** The problems of the latest read (saying what was kept, when something was). */
  readonly problems: readonly Problem[]
}

export interface SourcesState {
  /** The sources.json in force (the last one usable as a whole), or null when there is none. */
  readonly document: SourcesDocument | null
  readonly digest: string | null
  /** Why the latest read of sources.json was not used (the previous metadata was kept), or null. */
  readonly rejected: Problem | null
}

export interface CorpusState {
  /** Every article file read, good or not, by name. */
  readonly files: ReadonlyMap<string, FileEntry>
  readonly sources: SourcesState
  /** The metadata in force for the files present. */
  readonly meta: ReadonlyMap<string, SourceMeta>
  /** sources.json's problems for the files present (a rejected read's problem comes first). */
  readonly sourcesProblems: readonly Problem[]
}

/** What one read changed for the index: articles to take out and to put in (a replaced file is both). */
export interface Change {
  readonly removed: readonly Article[]
  readonly added: readonly Article[]
}

export const EMPTY_STATE: CorpusState = {
  files: new Map(),
  sources: { document: null, digest: null, rejected: null },
  meta: new Map(),
  sourcesProblems: [],
}

const NO_CHANGE: Change = { removed: [], added: [] }

type ParseResult = ReturnType<typeof articleFromRead>

/**
 * How a read file becomes an article: `articleFromRead` (corpus/load.ts) unless a caller has a faster way to the same
 * result for some files (the index cache: an article saved for exactly this content and metadata). It gets the
 * default parser to fall back on.
 */
export type ArticleParser = (
  read: FileRead & { kind: 'text' },
  meta: SourceMeta | undefined,
  parse: typeof articleFromRead,
) => ParseResult

const parseArticleRead: ArticleParser = (read, meta, parse) => parse(read, meta)

/**
 * The state after one file of the folder was read. `read.file` is an article file's name or "sources.json";
 * `read.kind` "missing" means the file is gone.
 *
 * @example
 * let state = EMPTY_STATE
 * ;({ state } = applyRead(state, await readSourcesFile(dir)))
 * for (const name of names) ({ state } = applyRead(state, await readArticleFile(dir, name)))
 */
export function applyRead(
  state: CorpusState,
  read: FileRead,
  parser: ArticleParser = parseArticleRead,
): { state: CorpusState; change: Change } {
  return read.file === SOURCES_FILE ? applySourcesRead(state, read) : applyArticleRead(state, read, parser)
}

function applyArticleRead(
  state: CorpusState,
  read: FileRead,
  parser: ArticleParser,
): { state: CorpusState; change: Change } {
  const previous = state.files.get(read.file)
  if (read.kind === 'missing') {
    if (!previous) return { state, change: NO_CHANGE }
    const files = new Map(state.files)
    files.delete(read.file)
    // A file leaving can cause sources.json's "names a file that is not in the folder".
    const next = withSources({ ...state, files }, state.sources)
    return { state: next, change: previous.article ? { removed: [previous.article], added: [] } : NO_CHANGE }
  }
  // A file arriving can fix sources.json's "names a file that is not in the folder", and its entry applies to it.
  const arriving = previous === undefined
  const sourced = arriving
    ? withSources({ ...state, files: new Map(state.files).set(read.file, PLACEHOLDER) }, state.sources)
    : state
  const next = nextEntry(previous, read, sourced.meta.get(read.file), parser)
  if (next === null) return { state, change: NO_CHANGE }
  const files = arriving ? (sourced.files as Map<string, FileEntry>) : new Map(state.files)
  files.set(read.file, next.entry)
  return { state: { ...sourced, files }, change: next.change }
}

const PLACEHOLDER: FileEntry = { good: null, article: null, problems: [] }

/**
 * What one present file's new read makes of its entry, or null when nothing changes: the decision both a first load
 * and live reload make for every file.
 */
function nextEntry(
  previous: FileEntry | undefined,
  read: FileRead & { kind: 'text' | 'problem' },
  meta: SourceMeta | undefined,
  parser: ArticleParser,
): { entry: FileEntry; change: Change } | null {
  // The same bytes as the version served, with nothing wrong: nothing to do (a repeated event, a catch-up look).
  if (read.kind === 'text' && previous?.article && previous.problems.length === 0) {
    if (previous.good?.digest === read.digest && read.digest !== '') return null
  }
  const parsed: ParseResult =
    read.kind === 'text' ? parser(read, meta, articleFromRead) : { article: null, problems: [read.problem] }

  let entry: FileEntry
  let change: Change = NO_CHANGE
  if (parsed.article && read.kind === 'text') {
    entry = { good: read, article: parsed.article, problems: parsed.problems }
    if (!previous?.article) change = { removed: [], added: [parsed.article] }
    else if (!sameArticle(previous.article, parsed.article)) {
      change = { removed: [previous.article], added: [parsed.article] }
    } else {
      // Same text and attribution (a repeated event, a file restored after a broken write): keep the article served.
      entry = { ...entry, article: previous.article }
    }
  } else if (previous?.article) {
    // A broken replacement must not wipe good coverage: keep serving the previous version.
    entry = { ...previous, problems: parsed.problems.map((p) => keptPrevious(p, 'version')) }
  } else {
    entry = { good: null, article: null, problems: parsed.problems }
  }
  const unchanged =
    previous !== undefined &&
    previous !== PLACEHOLDER &&
    entry.article === previous.article &&
    entry.good?.digest === previous.good?.digest &&
    sameProblems(entry.problems, previous.problems)
  return unchanged ? null : { entry, change }
}

function applySourcesRead(state: CorpusState, read: FileRead): { state: CorpusState; change: Change } {
  const before = state.sources
  // The same sources.json in force, or the same reason to keep the previous one: nothing to do.
  if (read.kind === 'text' && read.digest === before.digest && before.document && !before.rejected) {
    return { state, change: NO_CHANGE }
  }
  if (read.kind === 'missing' && !before.document && !before.rejected) return { state, change: NO_CHANGE }
  if (
    read.kind === 'problem' &&
    before.rejected &&
    sameProblems([keptPrevious(read.problem, 'metadata')], [before.rejected])
  ) {
    return { state, change: NO_CHANGE }
  }
  let sources: SourcesState
  if (read.kind === 'missing') {
    // No metadata file is normal (as when loading): every article is attributed from its own text.
    sources = { document: null, digest: null, rejected: null }
  } else if (read.kind === 'problem') {
    sources = { ...before, rejected: keptPrevious(read.problem, 'metadata') }
  } else if (read.digest === before.digest && before.document) {
    sources = { ...before, rejected: null }
  } else {
    const document = readSourcesDocument(read.text)
    // A half-saved or mistyped sources.json must not strip every article of its outlet: keep what was in force.
    sources = document.usable
      ? { document, digest: read.digest, rejected: null }
      : {
          ...before,
          rejected: before.document
            ? keptPrevious(document.documentProblems[0]!, 'metadata')
            : document.documentProblems[0]!,
        }
  }
  const next = withSources(state, sources)
  // Re-attribute every file whose metadata entry changed, from the text it was last read with.
  const removed: Article[] = []
  const added: Article[] = []
  const files = new Map(next.files)
  for (const [file, entry] of next.files) {
    if (!entry.good || sameMeta(state.meta.get(file), next.meta.get(file))) continue
    const parsed = articleFromRead(entry.good, next.meta.get(file))
    if (!parsed.article) continue
    if (entry.article && sameArticle(entry.article, parsed.article)) continue
    if (entry.article) removed.push(entry.article)
    added.push(parsed.article)
    files.set(file, { ...entry, article: parsed.article, problems: parsed.problems })
  }
  return { state: { ...next, files }, change: removed.length + added.length > 0 ? { removed, added } : NO_CHANGE }
}

/** The state with `sources` in force, matched against the files present. */
function withSources(state: CorpusState, sources: SourcesState): CorpusState {
  if (!sources.document) {
    return { ...state, sources, meta: new Map(), sourcesProblems: sources.rejected ? [sources.rejected] : [] }
  }
  const matched = sourcesFor(sources.document, state.files.keys())
  const problems = sources.rejected ? [sources.rejected, ...matched.problems] : matched.problems
  return { ...state, sources, meta: matched.entries, sourcesProblems: problems }
}

/** Every article served, sorted by file name (the order loading and listing use). */
export function articlesOf(state: CorpusState): Article[] {
  const articles: Article[] = []
  for (const entry of state.files.values()) if (entry.article) articles.push(entry.article)
  return articles.sort(byFile)
}

/** Every problem, in load order: sources.json first, then by file name. */
export function problemsOf(state: CorpusState): Problem[] {
  const files = [...state.files.keys()].filter((f) => state.files.get(f)!.problems.length > 0).sort()
  return [...state.sourcesProblems, ...files.flatMap((f) => state.files.get(f)!.problems)]
}

/**
 * The state a fresh load of these reads gives: sources.json first, then every article file, each decided by the same
 * rule as a live change (nextEntry). Built in one map, not copied per file: a first load reads thousands.
 */
export function stateFromReads(
  sources: FileRead,
  articles: readonly FileRead[],
  parser: ArticleParser = parseArticleRead,
): CorpusState {
  // Every file is present from the start, so sources.json is matched once against all of them.
  const present = articles.filter((r): r is FileRead & { kind: 'text' | 'problem' } => r.kind !== 'missing')
  const files = new Map<string, FileEntry>(present.map((r) => [r.file, PLACEHOLDER]))
  const sourced = applyRead(withSources({ ...EMPTY_STATE, files }, EMPTY_STATE.sources), sources).state
  const built = new Map(sourced.files)
  for (const read of present) {
    const next = nextEntry(undefined, read, sourced.meta.get(read.file), parser)
    if (next) built.set(read.file, next.entry)
  }
  return { ...sourced, files: built }
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

/** Same text and attribution: nothing a query or a reader could see would change. */
export function sameArticle(a: Article, b: Article): boolean {
  return JSON.stringify({ ...a, text: null }) === JSON.stringify({ ...b, text: null }) && a.text === b.text
}

function sameProblems(a: readonly Problem[], b: readonly Problem[]): boolean {
  return a.length === b.length && a.every((p, i) => p.code === b[i]!.code && p.message === b[i]!.message)
}

function sameMeta(a: SourceMeta | undefined, b: SourceMeta | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}
