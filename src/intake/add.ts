/**
 * Adding an article to the articles folder from a link or a file, the way `npm run add` and `/syria add` do it:
 *
 *   link → fetch (fetch.ts: safe, limited) ─┐
 *   file (.html, .htm, .txt) → read ────────┴→ decode → extract (a page) → parse, as the bot will read it
 *     → refuse a duplicate (same URL in sources.json, or the same reporting in another file)
 *     → write its entry in sources.json, then the article text as <date>_<headline>-<hash>.txt, each atomically
 *       (a temporary dot-file, then a rename), so live reload only ever sees whole files, and never the article
 *       without its entry.
 *
 * The .txt holds exactly the text the bot quotes (for a page: the text extracted from it, headline on top), so the
 * folder never depends on the page staying online. The entry holds what the page says about itself (outlet, wire,
 * date, headline, URL); what the text says (a dateline's wire) stays in the text and is read from it as always.
 */
import { randomBytes, createHash } from 'node:crypto'
import { link, open, readFile, rename, rm, stat } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { decodeArticleBytes } from '../corpus/decode.ts'
import { type FileRead, listArticleNames, readArticleFile } from '../corpus/files.ts'
import { decodePageBytes } from '../corpus/html.ts'
import { articleFromRead } from '../corpus/load.ts'
import { SOURCES_FILE, parseSources } from '../corpus/metadata.ts'
import type { PageFacts } from '../corpus/page.ts'
import { loadPageExtraction } from '../corpus/pageExtraction.ts'
import { parseArticle } from '../corpus/parse.ts'
import type { Article, SourceMeta } from '../corpus/types.ts'
import { errorCode, type Problem, StorydeskError } from '../errors.ts'
import { cutPassages } from '../passages/passages.ts'
import { DEFAULT_FETCH_OPTIONS, type FetchOptions, fetchPage } from './fetch.ts'

export interface AddOptions extends FetchOptions {
  /** The articles folder (SEEDS_DIR). */
  dir: string
  /**
   * The articles already loaded (the running bot's snapshot), to find a duplicate without reading the folder again.
   * Default: the folder is read.
   */
  existing?: readonly Article[]
  /** For the entry's note: when the article was added. Default now. */
  now?: Date
}

/** What was added. */
export interface Added {
  /** The file written inside the folder. */
  file: string
  /** The article as the bot reads it (its text is the file's; its origins name the page's tags, not the entry). */
  article: Article
  /** The sources.json entry written. */
  entry: SourceMeta
  /** What the page said about itself (null for a .txt). */
  page: PageFacts | null
  /** How many passages the bot can quote from it. */
  passages: number
  /** Things worth saying that did not stop it (a page in another language). */
  notices: Problem[]
}

/**
 * Adds the article at `source` (an http(s) link, or a path to an .html, .htm or .txt file) to `options.dir`.
 * Throws StorydeskError (ADD_*, PAGE_*, FILE_* codes) naming the source when it refuses.
 *
 * @example
 * const added = await addArticle('https://example.org/news/story', { dir: 'seeds' })
 * console.log(`${added.file}: ${added.article.outlet}, ${added.passages} passages`)
 */
export async function addArticle(source: string, options: AddOptions): Promise<Added> {
  await listArticleNames(options.dir) // SEEDS_DIR_MISSING before anything is fetched
  const fromLink = /^[a-z][a-z\d+.-]*:\/\//i.test(source.trim())
  const got = fromLink ? await fromUrl(source.trim(), options) : await fromFile(source, options)

  const name = articleFileName(got.text, got.page)
  const parsed = parseArticle(name, got.text, undefined, got.page ?? undefined)
  if (!parsed.article) throw refusal(source, parsed.problems[0]!)
  const article = parsed.article
  const notices =
    got.page?.lang && !/^en(?:$|[-_])/i.test(got.page.lang)
      ? [
          {
            where: source,
            code: 'PAGE_OTHER_LANGUAGE' as const,
            message: `says it is in language "${got.page.lang}", not English: added, but search (stemming, synonyms) is tuned for English`,
          },
        ]
      : []

  const entry: SourceMeta = {
    outlet: got.page?.outlet?.value ?? null,
    wire: got.page?.wire?.value ?? null,
    published: got.page?.published?.value ?? null,
    headline: got.page?.title?.value ?? null,
    url: got.page?.url?.value ?? got.url,
    note: provenanceNote(source, got.page, options.now ?? new Date()),
  }

  await withSourcesLock(options.dir, async () => {
    const sources = await readSourcesJson(options.dir)
    await refuseDuplicate(source, got, article, sources, options)
    // The entry first, then the text: live reload then never holds the article without its attribution (for a
    // moment it may report an entry whose file has not arrived yet, which costs no quote anything).
    const before = `${JSON.stringify(sources, null, 2)}\n`
    sources.files[name] = withoutNulls(entry)
    await writeAtomically(options.dir, SOURCES_FILE, `${JSON.stringify(sources, null, 2)}\n`, { exclusive: false })
    try {
      await writeAtomically(options.dir, name, got.text, { exclusive: true })
    } catch (error) {
      await writeAtomically(options.dir, SOURCES_FILE, before, { exclusive: false }).catch(() => undefined)
      throw error
    }
  })
  // The entry holds the page's facts, so the bot credits the article as here; here `origins` still say where on the
  // page each fact was found (the entry's note records the same).
  return { file: name, article, entry, page: got.page, passages: cutPassages(article).length, notices }
}

interface Got {
  text: string
  page: PageFacts | null
  /** The link, or null for a file. */
  url: string | null
  /** Every address the page is known by (link, final address, canonical), for the duplicate check. */
  urls: string[]
}

async function fromUrl(link: string, options: AddOptions): Promise<Got> {
  const fetched = await fetchPage(link, options)
  const decoded = decodePageBytes(link, fetched.bytes, fetched.charset)
  if (!decoded.ok) throw refusal(link, decoded.problem)
  const { extractPage } = await loadPageExtraction()
  const page = extractPage(link, decoded.html, { url: fetched.finalUrl })
  if (!page.ok) throw refusal(link, page.problem)
  page.facts.lang ??= fetched.language
  const urls = [link, fetched.finalUrl, page.facts.url?.value].filter((u): u is string => Boolean(u))
  return { text: page.text, page: page.facts, url: page.facts.url?.value ?? fetched.finalUrl, urls }
}

async function fromFile(path: string, options: AddOptions): Promise<Got> {
  const maxBytes = options.maxBytes ?? DEFAULT_FETCH_OPTIONS.maxBytes
  const extension = extname(path).toLowerCase()
  if (!['.html', '.htm', '.txt'].includes(extension)) {
    throw new StorydeskError('ADD_BAD_SOURCE', 'is neither a link nor an .html, .htm or .txt file', { where: path })
  }
  let bytes: Uint8Array
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new StorydeskError('ADD_BAD_SOURCE', 'is not a file', { where: path })
    if (info.size > maxBytes) {
      throw new StorydeskError('ADD_TOO_LARGE', `is ${info.size} bytes, more than the ${maxBytes}-byte limit`, {
        where: path,
      })
    }
    bytes = await readFile(path)
  } catch (error) {
    if (error instanceof StorydeskError) throw error
    throw new StorydeskError('ADD_BAD_SOURCE', `cannot be read (${errorCode(error)})`, { where: path, cause: error })
  }
  if (extension === '.txt') {
    const decoded = decodeArticleBytes(path, bytes)
    if (!decoded.ok) throw refusal(path, decoded.problem)
    return { text: decoded.text, page: null, url: null, urls: [] }
  }
  const decoded = decodePageBytes(path, bytes)
  if (!decoded.ok) throw refusal(path, decoded.problem)
  const { extractPage } = await loadPageExtraction()
  const page = extractPage(path, decoded.html)
  if (!page.ok) throw refusal(path, page.problem)
  const url = page.facts.url?.value ?? null
  return { text: page.text, page: page.facts, url, urls: url ? [url] : [] }
}

// ---------------------------------------------------------------------------------------------------------------
// Duplicates

interface SourcesJson {
  files: Record<string, Record<string, unknown>>
  [key: string]: unknown
}

async function refuseDuplicate(
  source: string,
  got: Got,
  article: Article,
  sources: SourcesJson,
  options: AddOptions,
): Promise<void> {
  const wanted = new Set(got.urls.map(sameUrlKey))
  for (const [file, entry] of Object.entries(sources.files)) {
    if (typeof entry?.url === 'string' && wanted.has(sameUrlKey(entry.url))) {
      throw new StorydeskError('ADD_DUPLICATE', `is already in the folder as ${file} (same URL); not added again`, {
        where: source,
      })
    }
  }
  const fingerprint = reportingFingerprint(article)
  for (const other of options.existing ?? (await folderArticles(options.dir))) {
    if (reportingFingerprint(other) === fingerprint) {
      throw new StorydeskError(
        'ADD_DUPLICATE',
        `is already in the folder as ${other.file} (same text); not added again`,
        {
          where: source,
        },
      )
    }
  }
}

/** Every article in the folder as the bot reads it (metadata aside: only the text is compared). */
async function folderArticles(dir: string): Promise<Article[]> {
  const articles: Article[] = []
  for (const file of await listArticleNames(dir)) {
    const read: FileRead = await readArticleFile(dir, file)
    const { article } = articleFromRead(read, undefined)
    if (article) articles.push(article)
  }
  return articles
}

/** The reporting of an article, white space and Unicode form set aside: two files with it are the same article. */
export function reportingFingerprint(article: Pick<Article, 'text' | 'paragraphs'>): string {
  const reporting = article.paragraphs
    .map((p) => article.text.slice(p.start, p.end))
    .join(' ')
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim()
  return createHash('sha256').update(reporting).digest('hex')
}

/** A URL as compared for "same URL": no fragment, no tracking parameters, host in lower case, no trailing slash. */
export function sameUrlKey(value: string): string {
  try {
    const url = new URL(value)
    url.hash = ''
    for (const key of [...url.searchParams.keys()]) {
      if (/^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)$/i.test(key)) url.searchParams.delete(key)
    }
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname
    return `${url.protocol === 'http:' ? 'https:' : url.protocol}//${url.host.toLowerCase().replace(/^www\./, '')}${path}${url.search}`
  } catch {
    return value.trim()
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Files

/** "2024-03-02_ferry-strike-ends-after-pay-deal-3f9a1c.txt": sorts by date, says what it is, never collides. */
export function articleFileName(text: string, page: PageFacts | null): string {
  const date = page?.published?.value ?? 'undated'
  const title = page?.title?.value ?? text.split('\n').find((line) => line.trim() !== '') ?? 'article'
  const slug =
    title
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'article'
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 6)
  return `${date}_${slug}-${hash}.txt`
}

/**
 * Writes `name` in `dir` whole or not at all: the content goes to a temporary dot-file (which the folder reader
 * ignores), is flushed to disk, then takes its name in one step. `exclusive`: never replace an existing file.
 */
async function writeAtomically(dir: string, name: string, content: string, { exclusive }: { exclusive: boolean }) {
  const temporary = join(dir, `.${name}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`)
  try {
    const handle = await open(temporary, 'wx')
    try {
      await handle.writeFile(content, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    if (exclusive) {
      // link() refuses an existing name, where rename() would replace it.
      await link(temporary, join(dir, name)).catch(async (error: unknown) => {
        if (errorCode(error) === 'EEXIST') {
          throw new StorydeskError('ADD_DUPLICATE', 'a file of that name is already in the folder', { where: name })
        }
        await rename(temporary, join(dir, name)) // a file system without hard links
      })
    } else await rename(temporary, join(dir, name))
  } catch (error) {
    if (error instanceof StorydeskError) throw error
    throw new StorydeskError('ADD_WRITE_FAILED', `could not be written (${errorCode(error)})`, {
      where: join(dir, name),
      cause: error,
    })
  } finally {
    await rm(temporary, { force: true })
  }
}

async function readSourcesJson(dir: string): Promise<SourcesJson> {
  let text: string
  try {
    text = await readFile(join(dir, SOURCES_FILE), 'utf8')
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { files: {} }
    throw new StorydeskError('ADD_WRITE_FAILED', `cannot be read (${errorCode(error)}); nothing added`, {
      where: SOURCES_FILE,
    })
  }
  const { problems } = parseSources(text)
  const fatal = problems.find((p) => p.code === 'SOURCES_JSON_INVALID' || p.code === 'SOURCES_SHAPE')
  if (fatal) {
    throw new StorydeskError('ADD_WRITE_FAILED', `${fatal.message.replace(/;.*$/, '')}; fix it first, nothing added`, {
      where: SOURCES_FILE,
    })
  }
  return JSON.parse(text) as SourcesJson
}

/** Holds `dir`'s sources.json lock (a dot-file made exclusively) while `work` runs: two adds never lose an entry. */
async function withSourcesLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const lock = join(dir, `.${SOURCES_FILE}.lock`)
  const started = Date.now()
  for (;;) {
    try {
      await (await open(lock, 'wx')).close()
      break
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') {
        throw new StorydeskError('ADD_WRITE_FAILED', `the articles folder cannot be written (${errorCode(error)})`, {
          where: dir,
        })
      }
      // A lock left by a process that died holding it is old: take it over.
      const age = Date.now() - ((await stat(lock).catch(() => null))?.mtimeMs ?? Date.now())
      if (age > LOCK_STALE_MS) await rm(lock, { force: true })
      else if (Date.now() - started > LOCK_WAIT_MS) {
        throw new StorydeskError('ADD_WRITE_FAILED', 'another add is still writing sources.json; try again', {
          where: dir,
        })
      } else await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  try {
    return await work()
  } finally {
    await rm(lock, { force: true })
  }
}

const LOCK_WAIT_MS = 5_000
const LOCK_STALE_MS = 30_000

// ---------------------------------------------------------------------------------------------------------------

function refusal(source: string, problem: Problem): StorydeskError {
  return new StorydeskError(problem.code, problem.message.replace(/;\s*skipped\.?$|\.\s*Skipped$/i, ''), {
    where: source,
  })
}

function provenanceNote(source: string, page: PageFacts | null, now: Date): string {
  const from = page
    ? Object.entries({ outlet: page.outlet, date: page.published, headline: page.title, url: page.url })
        .filter(([, fact]) => fact)
        .map(
          ([name, fact]) =>
            `${name} from ${fact!.origin.source === 'json-ld' ? 'JSON-LD' : 'meta'} ${fact!.origin.detail}`,
        )
    : []
  const what = /^[a-z][a-z\d+.-]*:\/\//i.test(source) ? source : basename(source)
  return `Added by Storydesk from ${what} on ${now.toISOString().slice(0, 10)}${from.length > 0 ? `; ${from.join(', ')}` : ''}.`
}

function withoutNulls(entry: SourceMeta): Record<string, unknown> {
  // outlet stays even when null: the entry then says "not known" and the text's credit lines speak.
  return Object.fromEntries(Object.entries(entry).filter(([key, value]) => key === 'outlet' || value !== null))
}
