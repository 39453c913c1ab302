/**
 * The index cache: a built snapshot's index saved in one binary file, so a restart does not cut, tokenize and index
 * every passage again.
 *
 * What is saved: the index's one segment (typed arrays, written as they are in memory) and, per article, its
 * attribution and spans with the sha256 of the file it came from. What is not: the articles' texts. At start-up every
 * file is read anyway (that is the check): an article is taken from the cache only when its file's digest and its
 * sources.json entry are the ones it was built from, and its text is then the file's own. A file that changed is
 * parsed and indexed afresh on top of the cached index, exactly as live reload would, and the cache is written again.
 *
 * A cache written by other code (corpus, passages or search source, the vocabulary, passage options, library
 * versions) has another key and is simply rebuilt. One that cannot be read or does not check out is rebuilt with a
 * warning. Files are written under a temporary name and renamed, so a reader never sees half a file; temporary files
 * left by a writer that died are removed.
 */
import { createHash } from 'node:crypto'
import { type FileHandle, mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PageFacts } from '../corpus/page.ts'
import type { Quotation } from '../quotes/index.ts'
import type { Article, SourceMeta } from '../corpus/types.ts'
import { errorCode } from '../errors.ts'
import { SearchIndex } from '../search/searchIndex.ts'
import type { Segment } from '../search/segment.ts'
import { TermDictionary } from '../search/termDictionary.ts'
import type { Vocabulary } from '../search/vocabulary.ts'
import { type ArticleParser, articlesOf, stateFromReads } from './corpusState.ts'
import { indexSnapshot, readFolder, type Snapshot, type SnapshotOptions, snapshotWithIndex } from './snapshot.ts'
import { loadVocabulary } from './vocabularyFile.ts'

/** Bump when the file's layout changes. */
const CACHE_FORMAT = 4
const MAGIC = 'STORYDESK-INDEX\n'
/** Cache files kept (newest first), one per articles folder: a few folders can be switched between. */
const KEEP_FILES = 3
/** A temporary file older than this is a dead writer's, even if its process id is in use again. */
const STALE_TEMPORARY_MS = 60 * 60_000

export interface CachedSnapshotOptions extends SnapshotOptions {
  /** Where cache files live; null disables the cache (the app takes it from INDEX_CACHE_DIR, see config.ts). */
  cacheDir: string | null
  warn?: (message: string) => void
}

/** How the snapshot was made: entirely from the cache, from the cache plus changed files, built, or no cache. */
export type CacheOutcome = 'hit' | 'partial' | 'miss' | 'off'

export interface CachedSnapshot {
  snapshot: Snapshot
  cache: CacheOutcome
  /** Resolves once the cache is written (when it had to be); never rejects (a failure is a warning). */
  saved: Promise<void>
}

/**
 * Loads the articles folder through the cache: the saved index where it matches the files, the rest built.
 *
 * @example
 * const { snapshot, saved } = await loadSnapshotCached('seeds', { cacheDir: '.cache/index' })
 */
export async function loadSnapshotCached(dir: string, options: CachedSnapshotOptions): Promise<CachedSnapshot> {
  const started = performance.now()
  const vocabulary = options.vocabulary ?? loadVocabulary()
  const warn = options.warn ?? ((message: string) => console.warn(message))
  const { cacheDir } = options
  if (cacheDir === null) {
    const { sources, articles } = await readFolder(dir, options)
    const snapshot = await indexSnapshot(stateFromReads(sources, articles), { ...options, vocabulary }, started)
    return { snapshot, cache: 'off', saved: Promise.resolve() }
  }

  const file = cacheFileFor(cacheDir, dir)
  const [key, saved] = await Promise.all([
    cacheKey(vocabulary, options),
    readCache(file, warn),
    removeDeadTemporaries(cacheDir),
  ])
  const cached = saved && saved.key === key ? saved : null
  // A web page unchanged since the cache was written is not extracted again (tens of milliseconds a page).
  const pages = cached ? await cached.pageTexts() : new Map<string, { digest: string; text: string; page: PageFacts }>()
  const folder = await readFolder(dir, {
    ...options,
    extractedPage: (name, digest) => {
      const known = pages.get(name)
      return known?.digest === digest ? known : undefined
    },
  })
  const parser = cached ? cachedParser(cached) : undefined
  const state = stateFromReads(folder.sources, folder.articles, parser)

  if (saved && !cached) await saved.readTexts([])
  if (cached) {
    // The cached segment's articles that the state still serves (the same objects) stay live; the rest is changed.
    const served = new Set(articlesOf(state))
    const segmentArticles = new Set(cached.segment.articles)
    const removed = cached.segment.articles.filter((a) => !served.has(a))
    const added = [...served].filter((a) => !segmentArticles.has(a))
    // Taking an article's passages out of the statistics needs its text: the old text, kept in the cache file.
    await cached.readTexts(removed)
    const base = SearchIndex.fromSegments(vocabulary, options.index ?? {}, [cached.segment])
    const index = removed.length + added.length > 0 ? base.withChanges(removed, added) : base
    const quotations = new Map<Article, readonly Quotation[]>()
    for (const article of served)
      if (segmentArticles.has(article)) quotations.set(article, cached.saved.get(article)!.quotations)
    const snapshot = snapshotWithIndex(state, index, performance.now() - started, quotations)
    if (removed.length + added.length === 0) return { snapshot, cache: 'hit', saved: Promise.resolve() }
    return { snapshot, cache: 'partial', saved: saveSnapshot(cacheDir, file, key, snapshot, warn) }
  }
  const snapshot = await indexSnapshot(state, { ...options, vocabulary }, started)
  return { snapshot, cache: 'miss', saved: saveSnapshot(cacheDir, file, key, snapshot, warn) }
}

/** The cache file of an articles folder: one per folder, named by a hash of its absolute path. */
export function cacheFileFor(cacheDir: string, dir: string): string {
  return join(cacheDir, `index-${createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 24)}.bin`)
}

/** Writes the snapshot's index (compacted into one segment) to the cache. Never rejects: a failure is a warning. */
export async function saveSnapshot(
  cacheDir: string,
  file: string,
  key: string,
  snapshot: Snapshot,
  warn: (message: string) => void,
): Promise<void> {
  try {
    await writeCache(cacheDir, file, key, snapshot)
  } catch (error) {
    warn(`index cache: could not save ${file} (${(error as Error).message}); the next start will rebuild`)
  }
}

/** The key of the code and data that shape an index: a cache with another key was built by other code. */
export async function cacheKey(vocabulary: Vocabulary, options: SnapshotOptions): Promise<string> {
  const hash = createHash('sha256')
  hash.update(`format ${CACHE_FORMAT}\n${await codeFingerprint()}\n`)
  hash.update(JSON.stringify([[...vocabulary.stopWords].sort(), [...vocabulary.alternatives].sort()]))
  hash.update(JSON.stringify(options.index?.passages ?? {}))
  return hash.digest('hex')
}

let codeFingerprintMemo: Promise<string> | null = null

/** A hash of the source of every stage that shapes the index, and of the indexing and stemming libraries' versions. */
function codeFingerprint(): Promise<string> {
  codeFingerprintMemo ??= (async () => {
    const hash = createHash('sha256')
    const src = fileURLToPath(new URL('..', import.meta.url))
    for (const stage of ['corpus', 'passages', 'search']) {
      for (const name of (await readdir(join(src, stage))).sort()) {
        if (!/\.(?:ts|js|json)$/.test(name)) continue
        hash.update(`${stage}/${name}\n`).update(await readFile(join(src, stage, name)))
      }
    }
    for (const library of ['minisearch', 'stemmer', 'wink-lemmatizer']) {
      hash.update(`${library}@${await packageVersion(library)}\n`)
    }
    return hash.digest('hex')
  })()
  return codeFingerprintMemo
}

/** A dependency's installed version (its package.json is not always in its exports, so walk up from its entry). */
async function packageVersion(name: string): Promise<string> {
  let folder = dirname(createRequire(import.meta.url).resolve(name))
  for (;;) {
    const manifest = await readFile(join(folder, 'package.json'), 'utf8').then(
      (t) => JSON.parse(t) as { name?: string; version?: string },
      () => null,
    )
    if (manifest?.name === name) return manifest.version ?? 'unknown'
    const parent = dirname(folder)
    if (parent === folder) return 'unknown'
    folder = parent
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The file's layout: MAGIC, the header's length (4 bytes, little-endian), the header (JSON), then the segment's
// arrays, each at an offset that is a multiple of 8, as the header lists them.

/** One article as saved: everything but its text, with the digest of the file and the metadata it was parsed with. */
interface SavedArticle {
  digest: string
  meta: SourceMeta | null
  /** The article without `text`. */
  article: Omit<Article, 'text'>
  /** Where the article's text is in the texts section (UTF-8 bytes): [offset, length]. */
  text: [number, number]
  /** True when the text is what reading the file gives (for a web page, once extracted); false otherwise. */
  fromFile: boolean
  /** A web page's own facts as extracted (its text is then the extracted text, saved above). */
  page?: PageFacts
  /** The article's direct quotations (extracting them again at every start would cost seconds at a million). */
  quotations: Quotation[]
}

interface Header {
  format: number
  key: string
  articles: SavedArticle[]
  totalLength: number
  sections: Record<SectionName, [offset: number, byteLength: number]>
}

const ARRAY_SECTIONS = {
  articleFirstDoc: Uint32Array,
  docArticle: Uint32Array,
  docStart: Uint32Array,
  docEnd: Uint32Array,
  docParagraph: Uint32Array,
  docLength: Uint32Array,
  postingStart: Uint32Array,
  postingDoc: Uint32Array,
  postingTf: Uint16Array,
  surfaceTerm: Uint32Array,
  surfaceDf: Uint32Array,
} as const
type ArraySection = keyof typeof ARRAY_SECTIONS
type SectionName = ArraySection | 'terms' | 'surfaces' | 'texts'

interface CacheContents {
  key: string
  segment: Segment
  saved: Map<Article, SavedArticle>
  /**
   * Reads saved texts from the file (only those needed: the old text of an article whose file changed, which the index
   * needs to take its passages out exactly) and closes it. The texts are not kept in memory.
   */
  readTexts(articles: readonly Article[]): Promise<void>
  /** The saved web pages: per file, the digest of the bytes they were extracted from, their text and facts. */
  pageTexts(): Promise<Map<string, { digest: string; text: string; page: PageFacts }>>
}

async function writeCache(cacheDir: string, file: string, key: string, snapshot: Snapshot): Promise<void> {
  const segment = snapshot.index.compacted().parts[0]?.segment
  if (!segment) return
  const texts: Buffer[] = []
  let textOffset = 0
  const articles: SavedArticle[] = segment.articles.map((article) => {
    const entry = snapshot.state.files.get(article.file)
    const good = entry?.article === article ? entry.good : null
    if (!good) throw new Error(`${article.file} has no file read behind it`)
    const { text, ...rest } = article
    const bytes = Buffer.from(text, 'utf8')
    texts.push(bytes)
    const saved: SavedArticle = {
      digest: good.digest,
      meta: snapshot.state.meta.get(article.file) ?? null,
      article: rest,
      text: [textOffset, bytes.byteLength],
      fromFile: text === good.text,
      ...(good.page ? { page: good.page } : {}),
      quotations: [...snapshot.quotations.quotationsOf(article.file)],
    }
    textOffset += bytes.byteLength
    return saved
  })
  const blobs: [SectionName, Uint8Array][] = [
    ...(Object.keys(ARRAY_SECTIONS) as ArraySection[]).map((name): [SectionName, Uint8Array] => {
      const array = segment[name]
      return [name, new Uint8Array(array.buffer, array.byteOffset, array.byteLength)]
    }),
    ['terms', Buffer.from(segment.terms.terms.join('\n'), 'utf8')],
    ['surfaces', Buffer.from(segment.surfaces.terms.join('\n'), 'utf8')],
    // Last, so a reader reads everything before it in one go and the texts only where it needs them.
    ['texts', Buffer.concat(texts)],
  ]
  const sections = {} as Header['sections']
  let offset = 0
  for (const [name, bytes] of blobs) {
    sections[name] = [offset, bytes.byteLength]
    offset += align8(bytes.byteLength)
  }
  const header: Header = { format: CACHE_FORMAT, key, articles, totalLength: segment.totalLength, sections }
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8')
  const prefix = Buffer.alloc(align8(MAGIC.length + 4 + headerBytes.length))
  prefix.write(MAGIC, 0, 'latin1')
  prefix.writeUInt32LE(headerBytes.length, MAGIC.length)
  headerBytes.copy(prefix, MAGIC.length + 4)

  await mkdir(cacheDir, { recursive: true })
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`
  const handle = await open(temporary, 'w')
  try {
    await handle.write(prefix)
    for (const [, bytes] of blobs) {
      await handle.write(bytes)
      const padding = align8(bytes.byteLength) - bytes.byteLength
      if (padding > 0) await handle.write(Buffer.alloc(padding))
    }
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temporary, file)
  await pruneCache(cacheDir)
}

/** The cache file's contents, or null when there is none, or when it cannot be used (with a warning). */
async function readCache(file: string, warn: (message: string) => void): Promise<CacheContents | null> {
  let handle: FileHandle
  try {
    handle = await open(file, 'r')
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') warn(`index cache: cannot read ${file} (${errorCode(error)}); rebuilding`)
    return null
  }
  try {
    return await decodeCache(handle)
  } catch (error) {
    warn(`index cache: ${file} is unusable (${(error as Error).message}); rebuilding`)
    await handle.close().catch(() => undefined)
    return null
  }
}

/** Reads exactly `length` bytes at `position`, or throws (a file cut short). */
async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length)
  let done = 0
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done)
    if (bytesRead === 0) throw new Error('it is cut short')
    done += bytesRead
  }
  return buffer
}

async function decodeCache(handle: FileHandle): Promise<CacheContents | null> {
  const start = await readAt(handle, 0, MAGIC.length + 4)
  if (start.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error('it is not a Storydesk index cache')
  const headerLength = start.readUInt32LE(MAGIC.length)
  const header = JSON.parse((await readAt(handle, MAGIC.length + 4, headerLength)).toString('utf8')) as Header
  // Another layout: simply stale, rebuilt without a warning.
  if (header.format !== CACHE_FORMAT) {
    await handle.close()
    return null
  }
  const dataStart = align8(MAGIC.length + 4 + headerLength)
  // Everything but the texts, in one read; the arrays are views of this one buffer.
  const [textsOffset, textsLength] = header.sections.texts
  const data = await readAt(handle, dataStart, textsOffset)
  const section = (name: SectionName): Uint8Array => {
    const [offset, length] = header.sections[name]
    if (!(offset >= 0 && length >= 0 && offset + length <= data.length)) throw new Error(`section ${name} is cut short`)
    return data.subarray(offset, offset + length)
  }
  const array = <T extends ArraySection>(name: T): InstanceType<(typeof ARRAY_SECTIONS)[T]> => {
    const raw = section(name)
    const type = ARRAY_SECTIONS[name]
    if (raw.byteLength % type.BYTES_PER_ELEMENT !== 0) throw new Error(`section ${name} has a partial element`)
    // Aligned views share the buffer; a misaligned one (never written so) is copied.
    const aligned = raw.byteOffset % type.BYTES_PER_ELEMENT === 0 ? raw : raw.slice()
    return new type(
      aligned.buffer as ArrayBuffer,
      aligned.byteOffset,
      aligned.byteLength / type.BYTES_PER_ELEMENT,
    ) as InstanceType<(typeof ARRAY_SECTIONS)[T]>
  }
  const words = (name: 'terms' | 'surfaces'): string[] => {
    const text = Buffer.from(section(name)).toString('utf8')
    return text === '' ? [] : text.split('\n')
  }

  const saved = new Map<Article, SavedArticle>()
  const articles = header.articles.map((entry) => {
    const [offset, length] = entry.text
    if (!(offset >= 0 && length >= 0 && offset + length <= textsLength)) throw new Error('a text is out of range')
    // The text is set when the article is used: the file's own, or read from the cache (see readTexts).
    const article = { ...entry.article, text: '' } as Article
    saved.set(article, entry)
    return article
  })
  const segment: Segment = {
    articles,
    articleFirstDoc: array('articleFirstDoc'),
    docArticle: array('docArticle'),
    docStart: array('docStart'),
    docEnd: array('docEnd'),
    docParagraph: array('docParagraph'),
    docLength: array('docLength'),
    terms: TermDictionary.fromSorted(words('terms')),
    postingStart: array('postingStart'),
    postingDoc: array('postingDoc'),
    postingTf: array('postingTf'),
    surfaces: TermDictionary.fromSorted(words('surfaces')),
    surfaceTerm: array('surfaceTerm'),
    surfaceDf: array('surfaceDf'),
    totalLength: header.totalLength,
  }
  checkSegment(segment)
  const textsStart = dataStart + textsOffset
  return {
    key: header.key,
    segment,
    saved,
    async pageTexts() {
      const pages = new Map<string, { digest: string; text: string; page: PageFacts }>()
      for (const entry of saved.values()) {
        if (!entry.page) continue
        const [offset, length] = entry.text
        const text = (await readAt(handle, textsStart + offset, length)).toString('utf8')
        pages.set(entry.article.file, { digest: entry.digest, text, page: entry.page })
      }
      return pages
    },
    async readTexts(wanted) {
      try {
        for (const article of wanted) {
          const [offset, length] = saved.get(article)!.text
          article.text = (await readAt(handle, textsStart + offset, length)).toString('utf8')
        }
      } finally {
        await handle.close().catch(() => undefined)
      }
    },
  }
}

/** The arrays agree with each other (a damaged or hand-edited file fails here, not inside a query). */
function checkSegment(s: Segment): void {
  const docs = s.docStart.length
  const fail = (what: string) => {
    throw new Error(what)
  }
  if (s.articleFirstDoc.length !== s.articles.length + 1 || s.articleFirstDoc[s.articles.length] !== docs) {
    fail('its articles and passages disagree')
  }
  for (const a of [s.docArticle, s.docEnd, s.docParagraph, s.docLength]) {
    if (a.length !== docs) fail('a passage array is cut short')
  }
  for (let a = 0; a < s.articles.length; a++) {
    if (s.articleFirstDoc[a]! > s.articleFirstDoc[a + 1]!) fail('its articles are out of order')
    for (let d = s.articleFirstDoc[a]!; d < s.articleFirstDoc[a + 1]!; d++) {
      if (s.docArticle[d] !== a || s.docStart[d]! >= s.docEnd[d]!) fail('a passage points outside its article')
    }
  }
  if (s.postingStart.length !== s.terms.size + 1 || s.postingStart[s.terms.size] !== s.postingDoc.length) {
    fail('its terms and postings disagree')
  }
  if (s.postingTf.length !== s.postingDoc.length) fail('its postings are cut short')
  for (let t = 0; t < s.terms.size; t++) {
    if (s.postingStart[t]! > s.postingStart[t + 1]!) fail('its postings are out of order')
  }
  for (let i = 0; i < s.postingDoc.length; i++) if (s.postingDoc[i]! >= docs) fail('a posting points past the passages')
  if (s.surfaceTerm.length !== s.surfaces.size || s.surfaceDf.length !== s.surfaces.size) {
    fail('its surfaces are cut short')
  }
  for (let i = 0; i < s.surfaceTerm.length; i++) {
    if (s.surfaceTerm[i]! >= s.terms.size) fail('a surface points past the terms')
  }
}

/**
 * Parses an article file as usual, unless the cache holds the article for this very file content and metadata:
 * then the cached article is used, with the file's text (its spans checked against that text).
 */
function cachedParser(cache: CacheContents): ArticleParser {
  const byFile = new Map<string, { article: Article; saved: SavedArticle; local: number }>()
  cache.segment.articles.forEach((article, local) => {
    byFile.set(article.file, { article, saved: cache.saved.get(article)!, local })
  })
  return (read, meta, parse) => {
    const hit = byFile.get(read.file)
    if (
      !hit?.saved.fromFile ||
      hit.saved.digest !== read.digest ||
      JSON.stringify(hit.saved.meta) !== JSON.stringify(meta ?? null) ||
      !fitsText(hit.article, hit.local, read.text, cache.segment)
    ) {
      return parse(read, meta)
    }
    // Used once: the article object is the one the cached segment holds, so the index knows it is the same.
    byFile.delete(read.file)
    hit.article.text = read.text
    return { article: hit.article, problems: [] }
  }
}

/** True when every span of the article (paragraphs, headings, removals, passages) lies inside `text`. */
function fitsText(article: Article, local: number, text: string, segment: Segment): boolean {
  for (const list of [article.paragraphs, article.headings, article.removed]) {
    for (const s of list) if (!(s.start >= 0 && s.start < s.end && s.end <= text.length)) return false
  }
  for (let d = segment.articleFirstDoc[local]!; d < segment.articleFirstDoc[local + 1]!; d++) {
    if (segment.docEnd[d]! > text.length) return false
  }
  return true
}

/** Removes temporary files left by a writer that died (its process is gone, or the file is over an hour old). */
async function removeDeadTemporaries(cacheDir: string): Promise<void> {
  const names = await readdir(cacheDir).catch(() => [] as string[])
  await Promise.all(
    names.map(async (name) => {
      const match = /^index-[0-9a-f]+\.(?:bin|json)\.(\d+)(?:\.\d+)?\.tmp$/.exec(name)
      if (!match) return
      const path = join(cacheDir, name)
      const age = Date.now() - ((await stat(path).catch(() => null))?.mtimeMs ?? 0)
      if (isAlive(Number(match[1])) && age < STALE_TEMPORARY_MS) return
      await rm(path, { force: true }).catch(() => undefined)
    }),
  )
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

async function pruneCache(cacheDir: string): Promise<void> {
  const names = (await readdir(cacheDir)).filter((n) => /^index-[0-9a-f]+\.(?:bin|json)$/.test(n))
  const dated = await Promise.all(
    names.map(async (name) => ({ name, mtime: (await stat(join(cacheDir, name)).catch(() => null))?.mtimeMs ?? 0 })),
  )
  dated.sort((a, b) => b.mtime - a.mtime)
  await Promise.all(dated.slice(KEEP_FILES).map(({ name }) => rm(join(cacheDir, name), { force: true })))
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8
}
