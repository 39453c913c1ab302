/**
 * The cache file's binary layout, written and read back.
 *
 *   MAGIC               16 bytes, "STORYDESK-INDEX\n"
 *   format              u32, little-endian (CACHE_FORMAT; another value: an older layout, rebuilt silently)
 *   header length       u32
 *   header sha256       32 bytes
 *   arrays length       u64, little-endian: the bytes of the sections before the texts (so they can be read while the
 *                       header is checked and parsed)
 *   header              JSON (Header): the key, where each section is with its sha256, and per article everything
 *                       but its text, with the sha256 of its text; its spans written as flat lists of numbers and
 *                       its origins as an entry of a table (at a million passages these were a third of the header,
 *                       which is read, checked and parsed at every start)
 *   padding             to a multiple of 8
 *   sections            the segment's typed arrays (as they are in memory), its terms and surfaces, then the texts;
 *                       each at an offset that is a multiple of 8 (so an array is read as a view, not copied)
 *
 * Everything is checked before it is used: the file's size against the sections (a file cut short or grown), the
 * header and every section against their sha256, and each text against its own sha256 when it is read (texts are read
 * only when needed: the old text of an article whose file changed, a web page's extracted text). A checksum finds
 * damage (a disk error, a copy cut short, a flipped bit), not an attacker: whoever can write the cache folder can
 * write a matching checksum too, so the folder must be writable by the bot alone (README, "Index cache").
 */
import { createHash } from 'node:crypto'
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises'
import type { PageFacts } from '../../corpus/page.ts'
import type { Article, FactOrigins, Span } from '../../corpus/types.ts'
import { errorCode, type Problem } from '../../errors.ts'
import type { Quotation } from '../../quotes/index.ts'
import type { Segment } from '../../search/segment.ts'
import { TermDictionary } from '../../search/termDictionary.ts'
import { pruneCache, temporaryFileFor } from './folder.ts'
import { checkSegment } from './validate.ts'

/** Bump when the layout or what is saved changes (the key changes too, with the code; this says so plainly). */
export const CACHE_FORMAT = 8
const MAGIC = 'STORYDESK-INDEX\n'
/** MAGIC, format, header length, header sha256, arrays length. */
const PREFIX_BYTES = MAGIC.length + 4 + 4 + 32 + 8
const ARRAYS_LENGTH_AT = MAGIC.length + 4 + 4 + 32
/** Bytes hashed between two turns of the event loop (a few milliseconds of work). */
const STEP_BYTES = 4 * 2 ** 20
/** Characters of header JSON joined and encoded at once: 4 MB took 80 ms in a background save, 512 KB about 10. */
const ENCODE_CHARS = 512 * 1024
/** Bytes of texts per write. */
const TEXT_WRITE_BYTES = 2 ** 20

/** One article as saved: everything but its text, with the digests of the file and of the metadata it was parsed with. */
export interface SavedArticle {
  /** sha256 of the file's bytes when the article was made: the article is used only for a file with this digest. */
  digest: string
  /** metaDigest() of the sources.json entry it was parsed with: used only for an entry with the same digest. */
  metaDigest: string
  /** The article with its text left out (`text: ''`, kept in its place so the article's keys keep their order). */
  article: Article
  /** Where the article's text is in the texts section (UTF-8 bytes), and the text's sha256. */
  text: [offset: number, length: number, sha256: string]
  /** True when the text is what reading the file gives (for a web page, once extracted); false otherwise. */
  fromFile: boolean
  /** A web page's own facts as extracted (its text is then the extracted text, saved above). */
  page?: PageFacts
  /** What parsing the file reported without refusing it (a page in another language). */
  problems: Problem[]
  /** The article's direct quotations (extracting them again at every start would cost seconds at a million). */
  quotations: Quotation[]
}

interface Header {
  key: string
  totalLength: number
  /** Offset from the start of the sections, length in bytes, sha256 (null for the texts: each has its own). */
  sections: Record<SectionName, [offset: number, length: number, sha256: string | null]>
  /** The articles' distinct origins (most articles of a folder share theirs: the same sources.json fields). */
  origins: FactOrigins[]
  articles: HeaderArticle[]
}

/** A saved article as the header holds it: spans as [start, end, start, end, …], origins as a place in the table. */
interface HeaderArticle extends Omit<SavedArticle, 'article'> {
  article: Omit<Article, 'paragraphs' | 'headings' | 'origins'> & {
    paragraphs: number[]
    headings: number[]
    origins: number
  }
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
  pairStart: Uint32Array,
  pairBits: Uint32Array,
} as const
type ArraySection = keyof typeof ARRAY_SECTIONS
type SectionName = ArraySection | 'terms' | 'surfaces' | 'texts'
/** The order of the sections in the file. The texts are last: everything before them is read in one go. */
const SECTIONS: readonly SectionName[] = [
  ...(Object.keys(ARRAY_SECTIONS) as ArraySection[]),
  'terms',
  'surfaces',
  'texts',
]

/** What is written: the key, one segment, and per article of the segment (in its order) what is saved and its text. */
export interface CacheContents {
  key: string
  segment: Segment
  articles: readonly { saved: Omit<SavedArticle, 'text'>; text: string }[]
}

/**
 * Writes a cache file: under a temporary name (mode 0600), synced, then renamed over `file`, so a reader sees the
 * old file or the new one, never half of one. The temporary file is removed if anything fails. Hashing and encoding
 * give the event loop a turn every few milliseconds.
 */
export async function writeCacheFile(cacheDir: string, file: string, contents: CacheContents): Promise<void> {
  const { segment } = contents
  if (segment.articles.length !== contents.articles.length) throw new Error('the articles and the segment disagree')
  const blobs: [SectionName, Uint8Array][] = [
    ...(Object.keys(ARRAY_SECTIONS) as ArraySection[]).map((name): [SectionName, Uint8Array] => {
      const array = segment[name]
      return [name, new Uint8Array(array.buffer, array.byteOffset, array.byteLength)]
    }),
    ['terms', Buffer.from(segment.terms.terms.join('\n'), 'utf8')],
    ['surfaces', Buffer.from(segment.surfaces.terms.join('\n'), 'utf8')],
  ]
  const sections = {} as Header['sections']
  let offset = 0
  for (const [name, bytes] of blobs) {
    sections[name] = [offset, bytes.byteLength, await sha256InSteps(bytes)]
    offset += align8(bytes.byteLength)
  }
  // Per article, what is saved with its text's place and sha256 (the header is written first; the texts' bytes are
  // made again when written), as JSON encoded a piece at a time as it is made (ENCODE_CHARS): joined at the end into
  // one string, 42 MB at a million passages, the join and its encoding held the event loop for 0.9 s of a save.
  const articles: Buffer[] = []
  let pending: string[] = []
  let pendingChars = 0
  const encodePending = () => {
    if (pending.length === 0) return
    articles.push(Buffer.from(`${articles.length > 0 ? ',' : ''}${pending.join(',')}`, 'latin1'))
    pending = []
    pendingChars = 0
  }
  const origins = new Map<string, number>()
  let textBytes = 0
  let slice = performance.now()
  for (const { saved, text } of contents.articles) {
    const length = Buffer.byteLength(text, 'utf8')
    const sha256 = createHash('sha256').update(text, 'utf8').digest('hex')
    const { paragraphs, headings } = saved.article
    const originsJson = JSON.stringify(saved.article.origins)
    if (!origins.has(originsJson)) origins.set(originsJson, origins.size)
    const article = {
      ...saved.article,
      paragraphs: paragraphs.flatMap((span) => [span.start, span.end]),
      headings: headings.flatMap((span) => [span.start, span.end]),
      origins: origins.get(originsJson)!,
    }
    const json = asciiJson({ ...saved, article, text: [textBytes, length, sha256] } satisfies HeaderArticle)
    pending.push(json)
    pendingChars += json.length
    if (pendingChars >= ENCODE_CHARS) encodePending()
    textBytes += length
    if (performance.now() - slice > 10) {
      await turn()
      slice = performance.now()
    }
  }
  encodePending()
  sections.texts = [offset, textBytes, null]
  const header: Omit<Header, 'articles'> = {
    key: contents.key,
    totalLength: segment.totalLength,
    sections,
    origins: [...origins.keys()].map((json) => JSON.parse(json) as FactOrigins),
  }
  // All ASCII (asciiJson), so latin1 writes each character as its one byte.
  const headerParts = [
    Buffer.from(`${asciiJson(header).slice(0, -1)},"articles":[`, 'latin1'),
    ...articles,
    Buffer.from(']}', 'latin1'),
  ]
  const headerLength = headerParts.reduce((sum, part) => sum + part.byteLength, 0)
  const prefix = Buffer.alloc(PREFIX_BYTES)
  prefix.write(MAGIC, 0, 'latin1')
  prefix.writeUInt32LE(CACHE_FORMAT, MAGIC.length)
  prefix.writeUInt32LE(headerLength, MAGIC.length + 4)
  Buffer.from(await sha256InSteps(headerParts), 'hex').copy(prefix, MAGIC.length + 8)
  prefix.writeBigUInt64LE(BigInt(sections.texts[0]), ARRAYS_LENGTH_AT)

  await mkdir(cacheDir, { recursive: true, mode: 0o700 })
  const temporary = temporaryFileFor(file)
  // 'wx': a new file, never one that is there (a name is never reused); 0600: readable and writable by the bot alone.
  const handle = await open(temporary, 'wx', 0o600)
  try {
    try {
      await writePadded(handle, [prefix, ...headerParts], PREFIX_BYTES + headerLength)
      for (const [, bytes] of blobs) await writePadded(handle, [bytes], bytes.byteLength)
      await writeTexts(handle, contents.articles, textBytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temporary, file)
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined)
    throw error
  }
  await pruneCache(cacheDir)
}

/**
 * The texts, in order, encoded into one buffer used again for every write (TEXT_WRITE_BYTES). Why not a buffer per
 * text: at a million passages that is 330 MB of new buffers, and collecting them held the event loop for 50–90 ms at
 * a time during a background save.
 */
async function writeTexts(handle: FileHandle, articles: CacheContents['articles'], total: number): Promise<void> {
  const buffer = Buffer.allocUnsafe(TEXT_WRITE_BYTES)
  let used = 0
  let written = 0
  for (const { text } of articles) {
    const length = Buffer.byteLength(text, 'utf8')
    if (used + length > buffer.length && used > 0) {
      await writeAll(handle, buffer.subarray(0, used))
      written += used
      used = 0
    }
    if (length > buffer.length) {
      await writeAll(handle, Buffer.from(text, 'utf8'))
      written += length
    } else {
      used += buffer.write(text, used, 'utf8')
    }
  }
  await writePadded(handle, [buffer.subarray(0, used)], written + used)
  if (written + used !== total) throw new Error('the texts changed while they were written')
}

/**
 * JSON with every character outside ASCII written as a \u escape. Why: the header holds quotations (curly quotes,
 * accented names), and one such character makes the whole header a two-byte string when read back; all-ASCII bytes
 * become a one-byte string 3× faster and parse 1.3× faster (77 MB at a million passages: 0.8 s of a cold start).
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** Writes `bytes`, then zeros up to the next multiple of 8 of `end` (where the section ends). */
async function writePadded(handle: FileHandle, bytes: Uint8Array[], end: number): Promise<void> {
  const padding = align8(end) - end
  const pieces = padding > 0 ? [...bytes, Buffer.alloc(padding)] : bytes
  const { bytesWritten } = await handle.writev(pieces)
  if (bytesWritten !== pieces.reduce((sum, piece) => sum + piece.byteLength, 0)) throw shortWrite()
}

/** Writes all of `bytes` at the file's position. */
async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  const { bytesWritten } = await handle.write(bytes)
  if (bytesWritten !== bytes.byteLength) throw shortWrite()
}

/** A write the system took only part of (a disk nearly full can do that without an error): the save is abandoned. */
function shortWrite(): Error {
  return new Error('a write was cut short (is the disk full?)')
}

/** A cache file opened for use: its segment and saved articles, checked; texts read on demand. Close it when done. */
export interface CacheFile {
  readonly segment: Segment
  /** Per article of the segment (the same objects, their text '' until set by the user of the cache). */
  readonly saved: ReadonlyMap<Article, SavedArticle>
  /** The article's text as saved, checked against its sha256 (throws if it does not match). */
  readText(article: Article): Promise<string>
  close(): Promise<void>
}

/**
 * Opens `file` for use if it holds a cache with this key: null when there is none, or when it was written in another
 * format or with another key (stale, not damaged). Throws (the handle closed) when it cannot be read or does not
 * check out: its size, a checksum, or its arrays disagreeing with each other.
 */
export async function openCacheFile(file: string, key: string): Promise<CacheFile | null> {
  let handle: FileHandle
  try {
    handle = await open(file, 'r')
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null
    throw new Error(`it cannot be read (${errorCode(error)})`)
  }
  let usable = false
  try {
    const opened = await decode(handle, key)
    usable = opened !== null
    return opened
  } finally {
    if (!usable) await handle.close().catch(() => undefined)
  }
}

async function decode(handle: FileHandle, key: string): Promise<CacheFile | null> {
  const { size, mode, uid } = await handle.stat()
  if (size < PREFIX_BYTES) throw new Error('it is cut short')
  const prefix = await readAt(handle, 0, PREFIX_BYTES)
  if (prefix.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error('it is not a Storydesk index cache')
  // Another layout: an upgrade, rebuilt without a warning.
  if (prefix.readUInt32LE(MAGIC.length) !== CACHE_FORMAT) return null
  // What the file says is served as the articles' credits: only a file the bot alone could have written is used.
  if (mode & 0o022) throw new Error('other users than the bot can write it')
  if (process.getuid && uid !== process.getuid()) throw new Error('it belongs to another user than the bot')
  const headerLength = prefix.readUInt32LE(MAGIC.length + 4)
  if (PREFIX_BYTES + headerLength > size) throw new Error('it is cut short (in its header)')
  const dataStart = align8(PREFIX_BYTES + headerLength)
  const arraysLength = Number(prefix.readBigUInt64LE(ARRAYS_LENGTH_AT))
  if (dataStart + arraysLength > size) throw new Error('it is cut short (in its arrays)')
  // The arrays are read (off this thread) while the header is checked and parsed: a fifth of a second at a million.
  const arraysRead = readAt(handle, dataStart, arraysLength)
  // Handled at once: a failed read is reported where it is awaited, never as an unhandled rejection meanwhile.
  arraysRead.catch(() => undefined)
  try {
    return await decodeFrom(handle, key, { size, prefix, headerLength, dataStart, arraysLength, arraysRead })
  } finally {
    // Never leave a read running on a handle the caller may close (a stale key, a bad header).
    await arraysRead.catch(() => undefined)
  }
}

async function decodeFrom(
  handle: FileHandle,
  key: string,
  file: {
    size: number
    prefix: Buffer
    headerLength: number
    dataStart: number
    arraysLength: number
    arraysRead: Promise<Buffer>
  },
): Promise<CacheFile | null> {
  const { size, prefix, headerLength, dataStart } = file
  const headerBytes = await readAt(handle, PREFIX_BYTES, headerLength)
  if ((await sha256InSteps(headerBytes)) !== prefix.toString('hex', MAGIC.length + 8, ARRAYS_LENGTH_AT)) {
    throw new Error('its header does not match its checksum')
  }
  const header = JSON.parse(headerBytes.toString('utf8')) as Header
  if (header.key !== key) return null

  // Every section where the layout puts it, and the file exactly as long as they are.
  let end = 0
  for (const name of SECTIONS) {
    const [offset, length] = header.sections[name] ?? []
    if (offset !== end || !Number.isSafeInteger(length) || length! < 0)
      throw new Error(`its section ${name} is misplaced`)
    end += align8(length!)
  }
  if (dataStart + end > size) throw new Error(`it is cut short (${dataStart + end - size} bytes missing)`)
  if (dataStart + end < size) throw new Error(`it has ${size - dataStart - end} bytes past its end`)

  // Everything but the texts, in one read, checked; the arrays are views of this one buffer.
  const [textsOffset, textsLength] = header.sections.texts
  if (textsOffset !== file.arraysLength) throw new Error('its prefix and its header disagree on where the texts are')
  const data = await file.arraysRead
  const section = async (name: Exclude<SectionName, 'texts'>): Promise<Uint8Array> => {
    const [offset, length, sha256] = header.sections[name]
    const bytes = data.subarray(offset, offset + length)
    if ((await sha256InSteps(bytes)) !== sha256) throw new Error(`its section ${name} does not match its checksum`)
    return bytes
  }
  const arrays = {} as { [T in ArraySection]: InstanceType<(typeof ARRAY_SECTIONS)[T]> }
  for (const name of Object.keys(ARRAY_SECTIONS) as ArraySection[]) {
    const raw = await section(name)
    const type = ARRAY_SECTIONS[name]
    if (raw.byteLength % type.BYTES_PER_ELEMENT !== 0) throw new Error(`its section ${name} has a partial element`)
    // Aligned views share the buffer; a misaligned one (a small read may come from Node's pool) is copied.
    const aligned = raw.byteOffset % type.BYTES_PER_ELEMENT === 0 ? raw : raw.slice()
    ;(arrays as Record<ArraySection, unknown>)[name] = new type(
      aligned.buffer as ArrayBuffer,
      aligned.byteOffset,
      aligned.byteLength / type.BYTES_PER_ELEMENT,
    )
  }
  const words = async (name: 'terms' | 'surfaces'): Promise<string[]> => {
    const text = Buffer.from(await section(name)).toString('utf8')
    return text === '' ? [] : text.split('\n')
  }

  const saved = new Map<Article, SavedArticle>()
  const articles = header.articles.map((entry) => {
    const [offset, length] = entry.text
    if (!(Number.isSafeInteger(offset) && Number.isSafeInteger(length) && offset >= 0 && length >= 0)) {
      throw new Error('a text is misplaced')
    }
    if (offset + length > textsLength) throw new Error('a text lies past the texts')
    const origins = Number.isInteger(entry.article.origins) ? header.origins[entry.article.origins] : undefined
    if (!origins) throw new Error(`the origins of ${JSON.stringify(entry.article.file)} are missing`)
    // The text is set when the article is used: the file's own (cachedParser), or the saved one (readText). The
    // origins object is shared by the articles that have the same (nothing changes an article's origins in place).
    const article: Article = {
      ...entry.article,
      text: '',
      paragraphs: spans(entry.article.paragraphs),
      headings: spans(entry.article.headings),
      origins,
    }
    saved.set(article, { ...entry, article })
    return article
  })
  const segment: Segment = {
    articles,
    ...arrays,
    terms: TermDictionary.fromSorted(await words('terms')),
    surfaces: TermDictionary.fromSorted(await words('surfaces')),
    totalLength: header.totalLength,
  }
  checkSegment(segment)
  const textsStart = dataStart + textsOffset
  return {
    segment,
    saved,
    async readText(article) {
      const entry = saved.get(article)
      if (!entry) throw new Error(`${article.file} is not in the cache`)
      const [offset, length, sha256] = entry.text
      const bytes = await readAt(handle, textsStart + offset, length)
      if ((await sha256InSteps(bytes)) !== sha256) {
        throw new Error(`the saved text of ${JSON.stringify(article.file)} does not match its checksum`)
      }
      return bytes.toString('utf8')
    },
    close: () => handle.close(),
  }
}

/** [start, end, start, end, …] → spans. Whether they fit the text is validate.ts's check (misfit). */
function spans(flat: readonly number[]): Span[] {
  if (flat.length % 2 !== 0) throw new Error('a list of spans has an odd length')
  const result: Span[] = []
  for (let i = 0; i < flat.length; i += 2) result.push({ start: flat[i]!, end: flat[i + 1]! })
  return result
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

/** sha256 (hex) of some bytes (or of several pieces, one after the other), a few megabytes per turn of the event loop. */
async function sha256InSteps(bytes: Uint8Array | readonly Uint8Array[]): Promise<string> {
  const hash = createHash('sha256')
  let sinceTurn = 0
  for (const piece of bytes instanceof Uint8Array ? [bytes] : bytes) {
    for (let at = 0; at < piece.byteLength; at += STEP_BYTES) {
      if (sinceTurn >= STEP_BYTES) {
        await turn()
        sinceTurn = 0
      }
      const step = piece.subarray(at, at + STEP_BYTES)
      hash.update(step)
      sinceTurn += step.byteLength
    }
  }
  return hash.digest('hex')
}

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8
}
