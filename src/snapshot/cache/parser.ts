/**
 * The cached parser: turns a file as read into its article through the cache when the cache holds the article made
 * from exactly these bytes and this metadata, instead of cleaning and attributing it again.
 */
import { createHash } from 'node:crypto'
import { displayName } from '../../errors.ts'
import type { Article, SourceMeta } from '../../corpus/types.ts'
import type { ArticleParser } from '../corpusState.ts'
import type { CacheFile, SavedArticle } from './format.ts'
import { misfit } from './validate.ts'

/**
 * An ArticleParser (corpusState.ts) that parses an article file as usual, unless the cache holds the article for this
 * very file content (same sha256) and metadata: then it gives the cached article, with the file's own text, and the
 * problems parsing reported (a page in another language). Every span and quotation of the cached article is checked
 * against that text; one that does not fit means the cache is not what it claims, and the parser throws (the loader
 * then rebuilds without the cache).
 *
 * @example const state = stateFromReads(sources, reads, cachedParser(cache))
 */
export function cachedParser(cache: CacheFile): ArticleParser {
  const byFile = new Map<string, { article: Article; saved: SavedArticle; local: number }>()
  cache.segment.articles.forEach((article, local) => {
    byFile.set(article.file, { article, saved: cache.saved.get(article)!, local })
  })
  return (read, meta, parse) => {
    const hit = byFile.get(read.file)
    if (!hit?.saved.fromFile || hit.saved.digest !== read.digest || hit.saved.metaDigest !== metaDigest(meta)) {
      return parse(read, meta)
    }
    const wrong = misfit(cache.segment, hit.local, read.text, hit.saved.quotations)
    if (wrong) throw new Error(`the saved article of ${displayName(read.file)} does not fit its file: ${wrong}`)
    // Used once: the article object is the one the cached segment holds, so the index knows it is the same.
    byFile.delete(read.file)
    hit.article.text = read.text
    return { article: hit.article, problems: hit.saved.problems.map((problem) => ({ ...problem })) }
  }
}

/**
 * What the cache keeps of the sources.json entry an article was parsed with: the sha256 of its JSON (of `null` without
 * one), which is all the parser compares. Why not the entry itself: at a million passages the entries were a fifth of
 * the cache's header, read and parsed at every start.
 */
export function metaDigest(meta: SourceMeta | undefined | null): string {
  return createHash('sha256')
    .update(JSON.stringify(meta ?? null))
    .digest('base64')
}
