/**
 * The only corpus module that touches the file system: reads SEEDS_DIR (every *.txt, sorted by name, plus
 * sources.json) and hands the bytes to the pure decode → parse pipeline. A bad file or bad metadata is one Problem
 * and is skipped; only an unusable folder throws.
 */
import { readFile, readdir, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { StorydeskError, errorCode, type Problem, type ProblemCode } from '../errors.ts'
import type { Article, CorpusLoad, SourceMeta } from './types.ts'
import { SOURCES_FILE, parseSources } from './metadata.ts'
import { decodeArticleBytes } from './decode.ts'
import { mapLimit } from './concurrency.ts'
import { parseArticle } from './parse.ts'

export interface LoadOptions {
  /** Metadata file name inside the folder (default "sources.json"); null to ignore metadata. */
  sourcesFile?: string | null
  /** Files larger than this are skipped with a problem (default 5 MB; articles are a few KB). */
  maxFileBytes?: number
}

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024
/** How many files are read at once: enough to overlap I/O without opening thousands of handles. */
export const READ_CONCURRENCY = 16

/** Loads every article in `dir`. Throws StorydeskError SEEDS_DIR_MISSING / SEEDS_DIR_EMPTY (callers exit 2). */
export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<CorpusLoad> {
  const files = await listArticleFiles(dir)
  const { entries, problems } = await loadSources(dir, files, options)

  const results = await mapLimit(files, READ_CONCURRENCY, (file) =>
    readArticle(join(dir, file), file, entries.get(file), options),
  )
  const articles: Article[] = []
  for (const result of results) {
    if (result.article) articles.push(result.article)
    problems.push(...result.problems)
  }
  return { articles, problems }
}

/**
 * One article file with its folder's metadata (for `inspect`). Problems include the folder's sources.json
 * problems; a missing or unreadable file is a problem, not an exception.
 */
export async function loadArticleFile(
  path: string,
  options: LoadOptions = {},
): Promise<{ article: Article | null; problems: Problem[] }> {
  const dir = dirname(path)
  const file = basename(path)
  const files = await listArticleFiles(dir).catch(() => [file])
  const { entries, problems } = await loadSources(dir, files, options)
  const result = await readArticle(path, file, entries.get(file), options)
  return { article: result.article, problems: [...problems, ...result.problems] }
}

/** *.txt names in `dir`, sorted by code unit (stable across locales). Dotfiles (editor leftovers) are skipped. */
export async function listArticleFiles(dir: string): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>
  try {
    info = await stat(dir)
  } catch (error) {
    throw new StorydeskError(
      'SEEDS_DIR_MISSING',
      `the articles folder does not exist or cannot be reached (${errorCode(error)})`,
      {
        where: dir,
        hint: 'set SEEDS_DIR to the folder holding the article .txt files',
        cause: error,
      },
    )
  }
  if (!info.isDirectory()) {
    throw new StorydeskError('SEEDS_DIR_MISSING', 'is not a folder', {
      where: dir,
      hint: 'set SEEDS_DIR to the folder holding the article .txt files',
    })
  }
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    throw new StorydeskError('SEEDS_DIR_MISSING', `the articles folder cannot be read (${errorCode(error)})`, {
      where: dir,
      cause: error,
    })
  }
  const files = names
    .filter((n) => /\.txt$/i.test(n) && !n.startsWith('.'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  if (files.length === 0) {
    throw new StorydeskError('SEEDS_DIR_EMPTY', 'the articles folder has no .txt files', {
      where: dir,
      hint: 'put one article per .txt file in it',
    })
  }
  return files
}

async function loadSources(
  dir: string,
  files: readonly string[],
  options: LoadOptions,
): Promise<{ entries: Map<string, SourceMeta>; problems: Problem[] }> {
  const name = options.sourcesFile === undefined ? SOURCES_FILE : options.sourcesFile
  if (name === null) return { entries: new Map(), problems: [] }
  let bytes: Uint8Array
  try {
    bytes = await readFile(join(dir, name))
  } catch (error) {
    // No metadata file is normal: every article is attributed from its own text.
    if (errorCode(error) === 'ENOENT') return { entries: new Map(), problems: [] }
    return {
      entries: new Map(),
      problems: [
        { where: name, code: 'SOURCES_UNREADABLE', message: `cannot be read (${errorCode(error)}); no metadata used` },
      ],
    }
  }
  let json: string
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return {
      entries: new Map(),
      problems: [{ where: name, code: 'SOURCES_JSON_INVALID', message: 'is not valid UTF-8; no metadata used' }],
    }
  }
  return parseSources(json, files, name)
}

/** What reading one article file gave: its text, that it is gone, or why it cannot be an article. */
export type ArticleRead = { kind: 'missing' } | { kind: 'text'; text: string } | { kind: 'problem'; problem: Problem }

/**
 * Reads and decodes one article file (shared by the loader and live reload). A file that is not
 * there (deleted between a folder listing or a watch event and the read) is `missing`.
 */
export async function readArticleText(path: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<ArticleRead> {
  const file = basename(path)
  const fail = (code: ProblemCode, message: string): ArticleRead => ({
    kind: 'problem',
    problem: { where: file, code, message },
  })
  let bytes: Uint8Array
  try {
    const info = await stat(path)
    if (info.isDirectory()) return fail('FILE_UNREADABLE', 'is a folder, not a text file; skipped')
    if (!info.isFile()) return fail('FILE_UNREADABLE', 'is not a regular file; skipped')
    if (info.size > maxBytes)
      return fail(
        'FILE_TOO_LARGE',
        `is ${info.size} bytes, more than the ${maxBytes}-byte limit for an article; skipped`,
      )
    bytes = await readFile(path)
  } catch (error) {
    const code = errorCode(error)
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' }
    return fail(
      'FILE_UNREADABLE',
      `cannot be read (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code}); skipped`,
    )
  }
  const decoded = decodeArticleBytes(file, bytes)
  return decoded.ok ? { kind: 'text', text: decoded.text } : { kind: 'problem', problem: decoded.problem }
}

async function readArticle(
  path: string,
  file: string,
  meta: SourceMeta | undefined,
  options: LoadOptions,
): Promise<{ article: Article | null; problems: Problem[] }> {
  const read = await readArticleText(path, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES)
  if (read.kind === 'missing')
    return {
      article: null,
      problems: [{ where: file, code: 'FILE_UNREADABLE', message: 'cannot be read (no such file); skipped' }],
    }
  if (read.kind === 'problem') return { article: null, problems: [read.problem] }
  return parseArticle(file, read.text, meta)
}
