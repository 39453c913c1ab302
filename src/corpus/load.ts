/**
 * Loading a whole folder of articles, or one article with its folder's metadata (for `inspect`). The reading is
 * files.ts's; this module hands what was read to the pure parse pipeline. A bad file or bad metadata is one Problem
 * and is skipped; only an unusable folder throws.
 */
import { basename, dirname } from 'node:path'
import type { Problem } from '../errors.ts'
import { type FileRead, listArticleFiles, readArticleFile, readArticleFiles, readSourcesFile } from './files.ts'
import { parseSources } from './metadata.ts'
import type { PageFacts } from './page.ts'
import { parseArticle } from './parse.ts'
import type { Article, CorpusLoad, SourceMeta } from './types.ts'

export interface LoadOptions {
  /** Files larger than this are skipped with a problem (default 5 MB; articles are a few KB). */
  maxFileBytes?: number
}

/**
 * Loads every article in `dir`. Throws StorydeskError SEEDS_DIR_MISSING / SEEDS_DIR_EMPTY (callers exit 2).
 *
 * @example
 * const { articles, problems } = await loadCorpus('seeds')
 */
export async function loadCorpus(dir: string, options: LoadOptions = {}): Promise<CorpusLoad> {
  const files = await listArticleFiles(dir)
  const [sources, reads] = await Promise.all([
    readSourcesFile(dir),
    readArticleFiles(dir, files, { maxBytes: options.maxFileBytes }),
  ])
  const { entries, problems } = sourcesFromRead(sources, files)
  const articles: Article[] = []
  for (const read of reads) {
    const result = articleFromRead(read, entries.get(read.file))
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
): Promise<{ article: Article | null; problems: Problem[]; page: PageFacts | null }> {
  const dir = dirname(path)
  const file = basename(path)
  const [sources, read] = await Promise.all([
    readSourcesFile(dir),
    readArticleFile(dir, file, { maxBytes: options.maxFileBytes }),
  ])
  // Only entries are wanted here: an entry for another file is that file's business, not this one's.
  const { entries, problems } = sourcesFromRead(sources, undefined)
  const result = articleFromRead(read, entries.get(file))
  const page = read.kind === 'text' ? (read.page ?? null) : null
  return { article: result.article, problems: [...problems, ...result.problems], page }
}

/** sources.json as read → its entries and problems (no file means no metadata, which is normal). */
export function sourcesFromRead(
  read: FileRead,
  articleFiles: readonly string[] | undefined,
): { entries: Map<string, SourceMeta>; problems: Problem[] } {
  if (read.kind === 'missing') return { entries: new Map(), problems: [] }
  if (read.kind === 'problem') return { entries: new Map(), problems: [read.problem] }
  return parseSources(read.text, articleFiles)
}

/**
 * One article file as read → the article, or the problems that made it unusable. The one way to turn a FileRead
 * into an article (a web page's own facts included), at start-up and in live reload alike.
 */
export function articleFromRead(
  read: FileRead,
  meta: SourceMeta | undefined,
): { article: Article | null; problems: Problem[] } {
  if (read.kind === 'missing') {
    return {
      article: null,
      problems: [{ where: read.file, code: 'FILE_UNREADABLE', message: 'cannot be read (no such file); skipped' }],
    }
  }
  if (read.kind === 'problem') return { article: null, problems: [read.problem] }
  const result = parseArticle(read.file, read.text, meta, read.page)
  const lang = read.page?.lang
  if (result.article && lang && !/^en(?:$|[-_])/i.test(lang)) {
    result.problems.push({
      where: read.file,
      code: 'PAGE_OTHER_LANGUAGE',
      message: `says it is in language "${lang}", not English: loaded, but search (stemming, synonyms) is tuned for English`,
    })
  }
  return result
}
