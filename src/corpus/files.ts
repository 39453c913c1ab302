/**
 * The one module that reads the articles folder (SEEDS_DIR): which names are articles, listing them, and reading one
 * article file or sources.json into a `FileRead`. Everything after this is pure: decode → parse → attribute.
 *
 * Rules that hold for every read, at start-up and during live reload alike:
 * - Only regular files directly inside the folder are read. A symbolic link is refused with a message, never
 *   followed (the bot often runs as root: a link could quote any file on the machine). The check and the read use
 *   one file handle opened with O_NOFOLLOW, so a link swapped in between cannot slip through.
 * - Names that editors and downloads use while writing (dot-files, `*.tmp`, `*.part`, `*.crdownload`, `*~`) are
 *   never articles: a producer's half-written file is not read under its temporary name.
 * - A file larger than `maxBytes` is refused before it is read.
 */
import { compareCodeUnits } from './order.ts'
import { createHash } from 'node:crypto'
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { errorCode, type Problem, type ProblemCode, StorydeskError } from '../errors.ts'
import { decodeArticleBytes } from './decode.ts'
import { decodePageBytes, isPageName } from './html.ts'
import { SOURCES_FILE } from './metadata.ts'
import { extractPage, type PageFacts } from './page.ts'

/** Article files larger than this are refused (articles are a few KB; a 5 MB "article" is a mistake). */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024

/** File name endings that are articles (lower case): plain text, and web pages (their article text is extracted). */
export const ARTICLE_EXTENSIONS: readonly string[] = ['.txt', '.html', '.htm']

/**
 * Names that are never read: hidden files and the names editors, downloads and copy tools give a file while it is
 * being written (`.report.txt.swp`, `report.txt.tmp`, `report.txt.part`, `report.txt.crdownload`, `report.txt~`).
 */
export function isTemporaryName(name: string): boolean {
  return name.startsWith('.') || /(?:\.tmp|\.temp|\.part|\.partial|\.crdownload|\.download|\.swp|~)$/i.test(name)
}

/** True for a name Storydesk loads as an article (see ARTICLE_EXTENSIONS), never a temporary name. */
export function isArticleName(name: string): boolean {
  if (isTemporaryName(name) || name === SOURCES_FILE) return false
  const lower = name.toLowerCase()
  return ARTICLE_EXTENSIONS.some((extension) => lower.endsWith(extension) && lower.length > extension.length)
}

/**
 * The article names in `dir`, sorted by code unit. Throws StorydeskError SEEDS_DIR_MISSING when `dir` is not a
 * readable folder; an empty list is returned as it is (the caller decides whether that is fatal).
 *
 * @example
 * const names = await listArticleNames('seeds') // ['000_….txt', '001_….txt', …]
 */
export async function listArticleNames(dir: string): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>
  try {
    info = await stat(dir)
  } catch (error) {
    throw new StorydeskError(
      'SEEDS_DIR_MISSING',
      `the articles folder does not exist or cannot be reached (${errorCode(error)})`,
      { where: dir, hint: 'set SEEDS_DIR to the folder holding the article files', cause: error },
    )
  }
  if (!info.isDirectory()) {
    throw new StorydeskError('SEEDS_DIR_MISSING', 'is not a folder', {
      where: dir,
      hint: 'set SEEDS_DIR to the folder holding the article files',
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
  return names.filter(isArticleName).sort(compareCodeUnits)
}

/** Like listArticleNames, but a folder without articles is fatal too (SEEDS_DIR_EMPTY): for a first load. */
export async function listArticleFiles(dir: string): Promise<string[]> {
  const files = await listArticleNames(dir)
  if (files.length === 0) {
    throw new StorydeskError(
      'SEEDS_DIR_EMPTY',
      `the articles folder has no article files (${ARTICLE_EXTENSIONS.join(', ')})`,
      {
        where: dir,
        hint: 'put one article per file in it',
      },
    )
  }
  return files
}

/**
 * What reading one file of the folder gave:
 * - `text`: its decoded text, and `digest`, the sha256 of its bytes (what the index cache checks a file against).
 *   For a web page (.html, .htm), `text` is the article text extracted from it (what is parsed, quoted and shown by
 *   `inspect`; the same bytes always give the same text) and `page` the facts the page states about itself, which
 *   attribution uses after sources.json: turn a read into an article with `articleFromRead` (load.ts);
 * - `missing`: it is not there (deleted between a listing or a watch event and the read);
 * - `problem`: why it cannot be read as an article (or as sources.json).
 */
export type FileRead =
  | { file: string; kind: 'text'; text: string; digest: string; page?: PageFacts }
  | { file: string; kind: 'missing' }
  | { file: string; kind: 'problem'; problem: Problem }

export interface ReadOptions {
  /** Files larger than this are refused. Default DEFAULT_MAX_FILE_BYTES. */
  maxBytes?: number
  /**
   * The text and facts already extracted from a web page with exactly these bytes (same name, same sha256), if the
   * caller kept them (the index cache): extraction costs tens of milliseconds a page, and the same bytes always give
   * the same text, so a page unchanged since the last start need not be extracted again. Return undefined to extract.
   */
  extractedPage?: (file: string, digest: string) => { text: string; page: PageFacts } | undefined
}

/** Reads one article file of `dir` (never following a symbolic link) and decodes it (a page: extracts it). Never throws. */
export async function readArticleFile(dir: string, file: string, options: ReadOptions = {}): Promise<FileRead> {
  return readArticleFileNow(dir, file, options)
}

/**
 * Reads many article files of `dir` (a first load), in order, with the same checks as readArticleFile, yielding to the
 * event loop every few milliseconds so a server started alongside keeps answering (health checks, Slack's acks).
 *
 * @example const reads = await readArticleFiles('seeds', await listArticleFiles('seeds'))
 */
export async function readArticleFiles(
  dir: string,
  files: readonly string[],
  options: ReadOptions = {},
): Promise<FileRead[]> {
  const reads: FileRead[] = []
  let slice = performance.now()
  for (const file of files) {
    reads.push(readArticleFileNow(dir, file, options))
    if (performance.now() - slice > YIELD_EVERY_MS) {
      await new Promise(setImmediate)
      slice = performance.now()
    }
  }
  return reads
}

/** How long a batch of reads may hold the event loop. */
const YIELD_EVERY_MS = 10

function readArticleFileNow(dir: string, file: string, options: ReadOptions): FileRead {
  const read = readRegularFile(
    dir,
    file,
    options.maxBytes ?? DEFAULT_MAX_FILE_BYTES,
    'FILE_UNREADABLE',
    'FILE_TOO_LARGE',
  )
  if (read.kind !== 'bytes') return read
  if (isPageName(file)) {
    const known = options.extractedPage?.(file, read.digest)
    if (known) return { file, kind: 'text', text: known.text, digest: read.digest, page: known.page }
    const decoded = decodePageBytes(file, read.bytes)
    if (!decoded.ok) return { file, kind: 'problem', problem: decoded.problem }
    const page = extractPage(file, decoded.html)
    return page.ok
      ? { file, kind: 'text', text: page.text, digest: read.digest, page: page.facts }
      : { file, kind: 'problem', problem: page.problem }
  }
  const decoded = decodeArticleBytes(file, read.bytes)
  return decoded.ok
    ? { file, kind: 'text', text: decoded.text, digest: read.digest }
    : { file, kind: 'problem', problem: decoded.problem }
}

/** Reads sources.json of `dir` as UTF-8 text (parsing is metadata.ts's job). Never throws. */
export async function readSourcesFile(dir: string): Promise<FileRead> {
  const read = readRegularFile(
    dir,
    SOURCES_FILE,
    DEFAULT_MAX_FILE_BYTES * 10,
    'SOURCES_UNREADABLE',
    'SOURCES_UNREADABLE',
  )
  if (read.kind !== 'bytes') return read
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes)
    return { file: SOURCES_FILE, kind: 'text', text, digest: read.digest }
  } catch {
    return problemRead(SOURCES_FILE, 'SOURCES_JSON_INVALID', 'is not valid UTF-8; no metadata used')
  }
}

/** sha256 of some bytes, hex: the digest every FileRead and the index cache use. */
export function digestBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

type RawRead = { kind: 'bytes'; bytes: Uint8Array; digest: string } | Exclude<FileRead, { kind: 'text' }>

/**
 * One file's bytes, through one file descriptor: opened without following a link, checked (regular file, size),
 * read, closed. Synchronous system calls: an article is a few kilobytes (at most `maxBytes`), and four round trips
 * through the event loop per file cost more than reading it (a first load reads tens of thousands of files).
 */
function readRegularFile(
  dir: string,
  file: string,
  maxBytes: number,
  unreadable: ProblemCode,
  tooLarge: ProblemCode,
): RawRead {
  const skipped = file === SOURCES_FILE ? 'no metadata used' : 'skipped'
  let fd: number
  try {
    // O_NOFOLLOW: opening a symbolic link fails (ELOOP) instead of reading whatever it points at. O_NONBLOCK: a named
    // pipe opens at once instead of waiting for a writer (and is then refused as not a regular file).
    fd = openSync(join(dir, file), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (error) {
    const code = errorCode(error)
    if (code === 'ENOENT' || code === 'ENOTDIR') return { file, kind: 'missing' }
    if (code === 'ELOOP') {
      return problemRead(
        file,
        unreadable,
        `is a symbolic link; Storydesk reads only regular files inside the articles folder (copy the file in instead); ${skipped}`,
      )
    }
    return problemRead(file, unreadable, `cannot be read (${describeErrno(code)}); ${skipped}`)
  }
  try {
    const info = fstatSync(fd)
    if (info.isDirectory()) return problemRead(file, unreadable, `is a folder, not a file; ${skipped}`)
    if (!info.isFile()) return problemRead(file, unreadable, `is not a regular file; ${skipped}`)
    if (info.size > maxBytes) {
      return problemRead(file, tooLarge, `is ${info.size} bytes, more than the ${maxBytes}-byte limit; ${skipped}`)
    }
    // One byte more than the size: a file that grew since fstat is noticed (and read again once it settles).
    const buffer = Buffer.allocUnsafe(info.size + 1)
    let length = 0
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, length)
      if (n === 0) break
      length += n
      if (length > maxBytes) return problemRead(file, tooLarge, `is more than the ${maxBytes}-byte limit; ${skipped}`)
      if (length === buffer.length) break
    }
    const bytes = buffer.subarray(0, length)
    return { kind: 'bytes', bytes, digest: digestBytes(bytes) }
  } catch (error) {
    return problemRead(file, unreadable, `cannot be read (${describeErrno(errorCode(error))}); ${skipped}`)
  } finally {
    try {
      closeSync(fd)
    } catch {
      // Closing a descriptor that was read cannot lose anything.
    }
  }
}

function problemRead(file: string, code: ProblemCode, message: string): FileRead & { kind: 'problem' } {
  return { file, kind: 'problem', problem: { where: file, code, message } }
}

function describeErrno(code: string): string {
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code
}
