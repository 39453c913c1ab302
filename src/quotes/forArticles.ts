import type { Article } from '../corpus/types.ts'
import { extractQuotations } from './extract.ts'
import { type ArticleQuotations, QuotationIndex } from './quotationIndex.ts'
import type { Quotation } from './types.ts'

/**
 * The quotation index of a set of articles, memoized by the identity of the articles array. Snapshots are immutable
 * and a live change makes a new `snapshot.articles` array, so this is the one place the CLI and Slack get quotations
 * from until the snapshot holds the index itself (then this becomes `snapshot.quotations`).
 */

const quotationsByArticle = new WeakMap<Article, readonly Quotation[]>()
const entryByArticle = new WeakMap<Article, ArticleQuotations>()
const indexByArticles = new WeakMap<readonly Article[], QuotationIndex>()

/** One article's quotations, extracted once per Article object (an unchanged article keeps its object across reloads). */
export function quotationsOf(article: Article): readonly Quotation[] {
  let quotations = quotationsByArticle.get(article)
  if (!quotations) {
    quotations = extractQuotations(article)
    quotationsByArticle.set(article, quotations)
  }
  return quotations
}

/** An article with its quotations, one object per Article, so the index reuses its per-quotation work. */
function entryOf(article: Article): ArticleQuotations {
  let entry = entryByArticle.get(article)
  if (!entry) {
    entry = { article, quotations: quotationsOf(article) }
    entryByArticle.set(article, entry)
  }
  return entry
}

/**
 * The quotation index of `articles`, built once per array: only articles not seen before are read again.
 *
 * @example
 * const index = quotationIndexFor(snapshot.articles)
 * index.lookup('Abdurrahman')
 */
export function quotationIndexFor(articles: readonly Article[]): QuotationIndex {
  let index = indexByArticles.get(articles)
  if (!index) {
    index = QuotationIndex.build(articles.map(entryOf))
    indexByArticles.set(articles, index)
  }
  return index
}
