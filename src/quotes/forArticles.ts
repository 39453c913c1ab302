import type { Article } from '../corpus/types.ts'
import { extractQuotations } from './extract.ts'
import type { Quotation } from './types.ts'

/**
 * An article's quotations, extracted once per Article object: an unchanged article keeps its object across live
 * reloads, so a snapshot built after a change extracts only the changed files (the snapshot holds the index).
 */
const quotationsByArticle = new WeakMap<Article, readonly Quotation[]>()

/**
 * One article's quotations (extractQuotations), memoized per Article object.
 *
 * @example const quotations = quotationsOf(article)
 */
export function quotationsOf(article: Article): readonly Quotation[] {
  let quotations = quotationsByArticle.get(article)
  if (!quotations) {
    quotations = extractQuotations(article)
    quotationsByArticle.set(article, quotations)
  }
  return quotations
}
