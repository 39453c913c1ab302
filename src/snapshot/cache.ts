import { createHash } from 'node:crypto'
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { mapLimit } from '../corpus/concurrency.ts'
import { READ_CONCURRENCY, listArticleFiles } from '../corpus/files.ts'
import { loadCorpus } from '../corpus/load.ts'
import { SOURCES_FILE } from '../corpus/metadata.ts'
import type { Article } from '../corpus/types.ts'
import type { Problem } from '../errors.ts'
import type { Passage } from '../passages/types.ts'
import { PassageMiniSearch } from '../search/miniSearchIndex.ts'
import { PassageIndex } from '../search/passageIndex.ts'
import { buildSnapshot, corpusStats, type Snapshot, type SnapshotOptions } from './snapshot.ts'
import { loadVocabulary, type Vocabulary } from '../search/vocabulary.ts'

/**
 * The index cache: a built snapshot (articles, passages as offsets, MiniSearch's toJSON) saved
 * under a key made of everything that shapes it: the bytes of every article file and of
 * sources.json, the code of the corpus, passages and search stages (cleaning, tokenizing,
 * ranking), the vocabulary, and the versions of the libraries that stem and index. A changed file
 * or rule gives a new key, so a stale index is never served. A cache that cannot be read or does
 * not check out is rebuilt, with a warning.
 */

/** Bump when the cache file's layout changes. */
const CACHE_FORMAT = 3
/** Cache files kept (newest first), one per articles folder: a few folders can be switched between without rebuilding. */
const KEEP_FILES = 3

export interface CachedSnapshotOptions extends SnapshotOptions {
  /** Where cache files live; null disables the cache (the app takes it from INDEX_CACHE_DIR, see config.ts). */
  cacheDir: string | null
  warn?: (message: string) => void
}

export type CacheOutcome = 'hit' | 'miss' | 'off'

interface CacheFile {
  format: number
  key: string
  articles: Article[]
  problems: Problem[]
  /** [article index, start, end, paragraph] per passage: the text is always re-sliced from the article. */
  passages: [number, number, number, number][]
  /** MiniSearch's toJSON(), as an object: one JSON.parse for the whole file. */
  miniSearch: object
}

/** Loads SEEDS_DIR through the cache: the saved index when it matches, else a full build that is then saved. */
export async function loadSnapshotCached(
  dir: string,
  options: CachedSnapshotOptions,
): Promise<{ snapshot: Snapshot; cache: CacheOutcome }> {
  const started = performance.now()
  const vocabulary = options.vocabulary ?? loadVocabulary()
  const cacheDir = options.cacheDir
  const warn = options.warn ?? ((message: string) => console.warn(message))
  if (cacheDir === null)
    return { snapshot: buildSnapshot(await loadCorpus(dir), { ...options, vocabulary }, started), cache: 'off' }

  // One cache file per articles folder; the key inside says which contents and code it was built from.
  const file = join(cacheDir, `index-${createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 24)}.json`)
  // Hashing every article file (mostly waiting for I/O) and reading and parsing the cache file (CPU) overlap.
  const [key, saved] = await Promise.all([cacheKey(dir, vocabulary), readSaved(file, warn)])
  const cached = saved && restore(file, saved, key, vocabulary, options, warn)
  if (cached)
    return {
      snapshot: { ...cached, stats: corpusStats(cached.articles, cached.index.size, performance.now() - started) },
      cache: 'hit',
    }

  const snapshot = buildSnapshot(await loadCorpus(dir), { ...options, vocabulary }, started)
  await writeCache(cacheDir, file, key, snapshot).catch((error: unknown) =>
    warn(`index cache: could not save ${file} (${(error as Error).message}); the next start will rebuild`),
  )
  return { snapshot, cache: 'miss' }
}

/** The key of a corpus folder as the current code would index it. */
export async function cacheKey(dir: string, vocabulary: Vocabulary): Promise<string> {
  const hash = createHash('sha256')
  hash.update(`format ${CACHE_FORMAT}\n${await codeFingerprint()}\n`)
  hash.update(JSON.stringify([[...vocabulary.stopWords].sort(), [...vocabulary.alternatives].sort()]))
  const names = [...(await listArticleFiles(dir)), SOURCES_FILE]
  const digests = await mapLimit(names, READ_CONCURRENCY, async (name) => {
    const bytes = await readFile(join(dir, name)).catch(() => null)
    return bytes ? createHash('sha256').update(bytes).digest('hex') : 'absent'
  })
  names.forEach((name, i) => {
    hash.update(`\n${name}\n${digests[i]}`)
  })
  return hash.digest('hex')
}

let codeFingerprintMemo: Promise<string> | null = null

/** A hash of the source of every stage that shapes the index, and of the stemming and indexing libraries' versions. */
function codeFingerprint(): Promise<string> {
  codeFingerprintMemo ??= (async () => {
    const hash = createHash('sha256')
    const src = fileURLToPath(new URL('..', import.meta.url))
    for (const stage of ['corpus', 'passages', 'search']) {
      for (const name of (await readdir(join(src, stage))).sort()) {
        hash.update(`${stage}/${name}\n`).update(await readFile(join(src, stage, name)))
      }
    }
    for (const library of ['minisearch', 'stemmer', 'wink-lemmatizer'])
      hash.update(`${library}@${await packageVersion(library)}\n`)
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

/** The parsed cache file, or null when there is none or it cannot be read as JSON (with a warning). */
async function readSaved(file: string, warn: (m: string) => void): Promise<CacheFile | null> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT')
      warn(`index cache: cannot read ${file} (${(error as Error).message}); rebuilding`)
    return null
  }
  try {
    return JSON.parse(text) as CacheFile
  } catch (error) {
    warn(`index cache: ${file} is unusable (${(error as Error).message}); rebuilding`)
    return null
  }
}

/** The snapshot a cache file holds, if it was built from this key and checks out; otherwise null (a warning if it is damaged). */
function restore(
  file: string,
  data: CacheFile,
  key: string,
  vocabulary: Vocabulary,
  options: SnapshotOptions,
  warn: (m: string) => void,
): Omit<Snapshot, 'stats'> | null {
  // Built from other contents or by other code: simply stale, rebuilt without a warning.
  if (data.format !== CACHE_FORMAT || data.key !== key) return null
  try {
    const passages: Passage[] = data.passages.map(([a, start, end, paragraph]) => {
      const article = data.articles[a]
      if (!article || !(start >= 0 && start < end && end <= article.text.length))
        throw new Error('a passage points outside its article')
      return {
        id: `${article.file}#${start}-${end}`,
        file: article.file,
        start,
        end,
        text: article.text.slice(start, end),
        paragraph,
        outlet: article.outlet,
        wire: article.wire,
        published: article.published,
        title: article.title,
        url: article.url,
      }
    })
    const miniSearch = PassageMiniSearch.fromJS(data.miniSearch)
    if (
      miniSearch.documentCount !== passages.length ||
      passages.some((p) => miniSearch.shortIdOf(p.id) === undefined)
    ) {
      throw new Error('its index and its passages disagree')
    }
    return {
      articles: data.articles,
      problems: data.problems,
      index: PassageIndex.restore(vocabulary, miniSearch, passages, options.index),
    }
  } catch (error) {
    warn(`index cache: ${file} is unusable (${(error as Error).message}); rebuilding`)
    return null
  }
}

async function writeCache(cacheDir: string, file: string, key: string, snapshot: Snapshot): Promise<void> {
  const articleIndex = new Map(snapshot.articles.map((article, i) => [article.file, i]))
  const data: CacheFile = {
    format: CACHE_FORMAT,
    key,
    articles: [...snapshot.articles],
    problems: [...snapshot.problems],
    passages: [...snapshot.index.allPassages()].map((p) => [articleIndex.get(p.file)!, p.start, p.end, p.paragraph]),
    miniSearch: snapshot.index.toJSON() as object,
  }
  await mkdir(cacheDir, { recursive: true })
  // Write then rename, so a reader (another process) never sees half a file.
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, JSON.stringify(data))
  await rename(temporary, file)
  await pruneCache(cacheDir)
}

async function pruneCache(cacheDir: string): Promise<void> {
  const names = (await readdir(cacheDir)).filter((n) => /^index-[0-9a-f]+\.json$/.test(n))
  const dated = await Promise.all(
    names.map(async (name) => ({ name, mtime: (await stat(join(cacheDir, name)).catch(() => null))?.mtimeMs ?? 0 })),
  )
  dated.sort((a, b) => b.mtime - a.mtime)
  await Promise.all(dated.slice(KEEP_FILES).map(({ name }) => rm(join(cacheDir, name), { force: true })))
}
