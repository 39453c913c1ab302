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
import { readdir, stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { errorCode, type Problem, StorydeskError } from '../errors.ts'
import type { Worker } from 'node:worker_threads'
import { startWorker } from '../workers.ts'
import { decodeArticleBytes } from './decode.ts'
import { decodePageBytes, isPageName } from './html.ts'
import { SOURCES_FILE } from './metadata.ts'
import type { extractPage, PageFacts } from './page.ts'
import { loadPageExtraction } from './pageExtraction.ts'
import { ARTICLE_REFUSALS, type RawRead, SOURCES_REFUSALS, problemRead, readRegularFile } from './rawFile.ts'
import type { ReadMessage, ReadRequest, SentRead } from './readWorker.ts'

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
  extractedPage?: (file: string, digest: string) => KeptPage | undefined
}

/** A web page's text and facts as extracted before (ReadOptions.extractedPage). */
export interface KeptPage {
  text: string
  page: PageFacts
}

/**
 * Reads one article file of `dir` (never following a symbolic link) and decodes it (a page: extracts it). Never throws,
 * unless page extraction cannot be loaded (a broken install).
 */
export async function readArticleFile(dir: string, file: string, options: ReadOptions = {}): Promise<FileRead> {
  return (
    await decodeReads(
      [readRegularFile(dir, file, options.maxBytes ?? DEFAULT_MAX_FILE_BYTES, ARTICLE_REFUSALS)],
      options,
    )
  )[0]!
}

/**
 * Reads many article files of `dir` (a first load), in order, with the same checks as readArticleFile: their bytes
 * (readRawArticleFiles), then decoded, yielding to the event loop every few milliseconds so a server started alongside
 * keeps answering (health checks, Slack's acks).
 *
 * @example const reads = await readArticleFiles('seeds', await listArticleFiles('seeds'))
 */
export async function readArticleFiles(
  dir: string,
  files: readonly string[],
  options: ReadOptions = {},
): Promise<FileRead[]> {
  return decodeReads(await readRawArticleFiles(dir, files, options), options)
}

/** When many files are read, and how (see readRawArticleFiles). */
export const READ_DEFAULTS = {
  /**
   * From this many files on, their bytes are read on worker threads. Below it the main thread is as quick: 4,719 files
   * (100,000 passages) are read in ~0.3 s, and a worker costs tens of milliseconds to start compiled but half a second
   * under tsx (measured: a cold start's load 0.9–1.0 s on the main thread against 1.5–1.6 s on workers, under tsx).
   */
  workerMinFiles: 10_000,
  /** Reading workers at most (each reads a contiguous share; system calls, not the disk, are what costs). */
  maxWorkers: 2,
} as const

/**
 * The bytes of many article files of `dir`, in order, each read as readArticleFile reads one (rawFile.ts), with its
 * sha256. Many files are read on worker threads (readWorker.ts, one contiguous share each), so the main thread can
 * meanwhile do other work of a start (open the index cache) instead of tens of thousands of system calls and hashes;
 * should a worker fail, the files it did not send are read here. Few are read here, yielding to the event loop every
 * few milliseconds.
 *
 * @example const raw = readRawArticleFiles(dir, names); …; const reads = await decodeReads(await raw)
 */
export async function readRawArticleFiles(
  dir: string,
  files: readonly string[],
  options: Pick<ReadOptions, 'maxBytes'> & {
    workerMinFiles?: number
    maxWorkers?: number
    /** Told when a reading worker failed (the files it did not send are then read on this thread). */
    onWorkerFailure?: (reason: string) => void
    /** Fault injection (tests): each reading worker fails after this many of its files (ReadRequest). */
    workersFailAfterFiles?: number
  } = {},
): Promise<RawRead[]> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES
  if (files.length < (options.workerMinFiles ?? READ_DEFAULTS.workerMinFiles)) return readHere(dir, files, maxBytes)
  const workers = Math.max(1, Math.min(options.maxWorkers ?? READ_DEFAULTS.maxWorkers, availableParallelism()))
  const size = Math.ceil(files.length / workers)
  const shares = Array.from({ length: workers }, (_, w) => files.slice(w * size, (w + 1) * size))
  const read = await Promise.all(
    shares.map(async (share) => {
      const request: ReadRequest = { dir, files: share, maxBytes }
      if (options.workersFailAfterFiles !== undefined) request.failAfterFiles = options.workersFailAfterFiles
      const sent = await readOnWorker(request, options.onWorkerFailure)
      return sent.length === share.length
        ? sent
        : [...sent, ...(await readHere(dir, share.slice(sent.length), maxBytes))]
    }),
  )
  return read.flat()
}

/** Reads files on this thread, yielding to the event loop every few milliseconds. */
function readHere(dir: string, files: readonly string[], maxBytes: number): Promise<RawRead[]> {
  return mapInSlices(files, (file) => readRegularFile(dir, file, maxBytes, ARTICLE_REFUSALS))
}

/**
 * What a reading worker sent, in order, until it finished or failed: never rejects (a failed worker's files are
 * read by the caller instead, so a worker that cannot start only costs time).
 */
function readOnWorker(request: ReadRequest, onFailure?: (reason: string) => void): Promise<RawRead[]> {
  return new Promise((resolve) => {
    const reads: RawRead[] = []
    let settled = false
    const finish = (failure?: string) => {
      if (settled) return
      settled = true
      if (failure !== undefined) onFailure?.(`${failure}; ${request.files.length - reads.length} files left to read`)
      resolve(reads)
      void worker.terminate()
    }
    let worker: Worker
    try {
      worker = startWorker(new URL('./readWorker', import.meta.url), request)
    } catch (error) {
      onFailure?.(`the reading worker could not start (${error instanceof Error ? error.message : String(error)})`)
      resolve([])
      return
    }
    worker.on('message', (message: ReadMessage) => {
      // After a failure the caller reads the rest itself: a late batch must not land in its list.
      if (settled) return
      if ('done' in message) return finish()
      reads.push(...unpackBatch(message.reads, message.buffer))
    })
    worker.once('error', (error) => finish(`the reading worker failed (${error.message})`))
    worker.once('exit', (code) => finish(`the reading worker stopped (code ${code}) before the end`))
  })
}

/** A worker's batch as reads: each file's bytes a view of the batch's buffer. */
function unpackBatch(sent: readonly SentRead[], buffer: ArrayBuffer): RawRead[] {
  const bytes = new Uint8Array(buffer)
  return sent.map((read) =>
    read.kind === 'bytes'
      ? {
          file: read.file,
          kind: 'bytes',
          bytes: bytes.subarray(read.offset, read.offset + read.length),
          digest: read.digest,
        }
      : read,
  )
}

/** Decodes raw reads (a page: extracts it), in order, yielding to the event loop every few milliseconds. */
export async function decodeReads(reads: readonly RawRead[], options: ReadOptions = {}): Promise<FileRead[]> {
  // The caller is asked once per page; page extraction is loaded only if some page was not kept.
  const kept = new Map<RawRead, KeptPage>()
  let extracting = false
  for (const read of reads) {
    if (read.kind !== 'bytes' || !isPageName(read.file)) continue
    const page = options.extractedPage?.(read.file, read.digest)
    if (page) kept.set(read, page)
    else extracting = true
  }
  const extract = extracting ? (await loadPageExtraction()).extractPage : undefined
  return mapInSlices(reads, (read) => decodeRead(read, kept.get(read), extract))
}

/** `items.map(work)`, giving the event loop a turn every YIELD_EVERY_MS (a server started alongside keeps answering). */
async function mapInSlices<T, R>(items: readonly T[], work: (item: T) => R): Promise<R[]> {
  const results: R[] = []
  let slice = performance.now()
  for (const item of items) {
    results.push(work(item))
    if (performance.now() - slice > YIELD_EVERY_MS) {
      await new Promise(setImmediate)
      slice = performance.now()
    }
  }
  return results
}

/** How long a batch of reads may hold the event loop. */
const YIELD_EVERY_MS = 10

/** A page is `kept` (extracted before) or extracted with `extract` (decodeReads loads it when a page needs it). */
function decodeRead(read: RawRead, kept: KeptPage | undefined, extract: typeof extractPage | undefined): FileRead {
  if (read.kind !== 'bytes') return read
  const { file } = read
  if (isPageName(file)) {
    if (kept) return { file, kind: 'text', text: kept.text, digest: read.digest, page: kept.page }
    // Unreachable while decodeReads loads extraction for every page not kept; a guard, not a path.
    if (!extract) throw new Error(`${file}: page extraction was not loaded`)
    const decoded = decodePageBytes(file, read.bytes)
    if (!decoded.ok) return { file, kind: 'problem', problem: decoded.problem }
    const page = extract(file, decoded.html)
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
  const read = readRegularFile(dir, SOURCES_FILE, DEFAULT_MAX_FILE_BYTES * 10, SOURCES_REFUSALS)
  if (read.kind !== 'bytes') return read
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes)
    return { file: SOURCES_FILE, kind: 'text', text, digest: read.digest }
  } catch {
    return problemRead(SOURCES_FILE, 'SOURCES_JSON_INVALID', 'is not valid UTF-8; no metadata used')
  }
}
