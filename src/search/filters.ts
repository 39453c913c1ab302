/** The `outlet:` filter: which articles a query keeps. */
import type { Article } from '../corpus/types.ts'
import { fold } from './tokenize.ts'

export type ArticleFilter = (article: Pick<Article, 'outlet' | 'wire'>) => boolean

/**
 * outlet:sky keeps articles whose outlet or wire has a word starting "sky" (or whose whole name starts with it),
 * any case. Several prefixes: any of them. Null when the query has no filter.
 *
 * @example outletFilter(['sky'])?.({ outlet: 'Sky News', wire: null }) // true
 */
export function outletFilter(prefixes: readonly string[]): ArticleFilter | null {
  if (prefixes.length === 0) return null
  // An archive has a few dozen outlets and many articles: decide once per outlet and wire.
  const decided = new Map<string, boolean>()
  return (article) => {
    const key = `${article.outlet}\u0000${article.wire ?? ''}`
    let matches = decided.get(key)
    if (matches === undefined) {
      const names = [article.outlet, article.wire ?? ''].map(fold).filter(Boolean)
      matches = prefixes.some((prefix) =>
        names.some(
          (name) => name.startsWith(prefix) || name.split(/[^\p{L}\p{N}&]+/u).some((word) => word.startsWith(prefix)),
        ),
      )
      decided.set(key, matches)
    }
    return matches
  }
}
