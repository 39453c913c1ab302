/**
 * A query, from text to ranked, grouped results: the search engine's one entry point. Each step is its own module:
 *
 *   parseQuery (query.ts) → planQuery (plan.ts) → evaluate (evaluate.ts) → groupSyndicated (syndication.ts)
 *     → diversify (rank.ts) → page → highlight (highlight.ts)
 *
 * Pure: the same index and query give the same answer, and the index is immutable, so a query sees one state of the
 * corpus from start to end.
 */
import { noOutletAdvice, noResultsAdvice } from './advice.ts'
import { EVALUATE_LIMITS, evaluate } from './evaluate.ts'
import { outletFilter } from './filters.ts'
import { highlight } from './highlight.ts'
import { planQuery } from './plan.ts'
import { type ParsedQuery, parseQuery } from './query.ts'
import { diversify, settledCount } from './rank.ts'
import type { SearchIndex } from './searchIndex.ts'
import { groupSyndicated } from './syndication.ts'
import { byFile } from '../corpus/order.ts'
import type { Answer, Hit } from './types.ts'

export interface SearchOptions {
  /** Results per page. Default SEARCH_DEFAULTS.limit. */
  limit?: number
  /** Results to skip (paging). Default 0. */
  offset?: number
}

export const SEARCH_DEFAULTS = {
  limit: 5,
  /**
   * Best passages folded (syndicated copy) and spread across outlets at a time. More are taken, a window at a time,
   * only when a later page needs them, up to `maxRanked`: the work of a page is bounded whatever its offset.
   */
  window: 100,
  maxRanked: EVALUATE_LIMITS.maxRanked,
} as const

/**
 * Answers `query` from `index`.
 *
 * @example
 * const answer = search(snapshot.index, 'homs distance', { limit: 5 })
 * answer.hits[0].passage.text // a verbatim quote
 */
export function search(index: SearchIndex, query: string, options: SearchOptions = {}): Answer {
  const limit = Math.max(1, Math.floor(options.limit ?? SEARCH_DEFAULTS.limit))
  const offset = Math.max(0, Math.floor(options.offset ?? 0))
  const { vocabulary } = index
  const parsed = parseQuery(query, vocabulary)
  const notices = [...parsed.notices]
  for (const phrase of parsed.phrases) {
    if (phrase.every((word) => vocabulary.stopWords.has(word))) {
      notices.push(
        `"${phrase.join(' ')}" has only common words, so it could not be searched as a phrase: add a name, place or topic to it.`,
      )
    }
  }
  const groups = planQuery(parsed, index)
  const filter = outletFilter(parsed.outlets)

  if (groups.length === 0) {
    if (parsed.outlets.length > 0) return browse(index, query, parsed, { limit, offset, notices })
    notices.push(
      parsed.stopWords.length > 0
        ? `Only common words (${parsed.stopWords.slice(0, 6).join(', ')}) in the query: add a name, place, number or topic.`
        : 'No words to search in the query: try a name, place, number or topic.',
    )
    return { query, parsed, hits: [], total: 0, approximate: false, offset, notices }
  }

  const evaluation = evaluate(index, groups, filter)
  let ranked: Hit[] = []
  let candidates = 0
  let folded = 0
  let capped = false
  try {
    const taken: Hit[] = []
    const docs = new Map<Hit, number>()
    // Rank the best window; rank more only while this page lies beyond the results that are final (settledCount),
    // so every page is a slice of one ranking. The work is bounded by maxRanked whatever page is asked.
    for (;;) {
      for (let n = 0; n < SEARCH_DEFAULTS.window; n++) {
        const c = evaluation.next()
        if (c === null) break
        const hit: Hit = {
          passage: index.passage(c.doc),
          score: c.score,
          coverage: c.coverage,
          matched: [],
          highlights: [],
          alsoIn: [],
        }
        docs.set(hit, c.doc)
        taken.push(hit)
      }
      const groupsOfCopies = groupSyndicated(taken, (hit) => index.fingerprint(docs.get(hit)!))
      folded = groupsOfCopies.reduce((n, group) => n + group.copies.length, 0)
      const order = diversify(
        groupsOfCopies.map((group) => ({ ...group.lead, alsoIn: group.copies.map((copy) => copy.passage) })),
      )
      capped = taken.length >= SEARCH_DEFAULTS.maxRanked
      const settled = capped ? order.length : settledCount(order, evaluation.peek())
      ranked = order.slice(0, settled).map((r) => r.item)
      if (settled >= offset + limit || (settled === order.length && evaluation.peek() === null) || capped) break
    }
    candidates = taken.length
  } finally {
    evaluation.close()
  }
  const { passing, estimated } = evaluation

  const asked = new Set(groups.flatMap((g) => g.alternatives.flatMap((a) => a.terms)))
  const hits = ranked.slice(offset, offset + limit).map((hit) => ({
    ...hit,
    ...highlight(hit.passage.text, asked, vocabulary, parsed),
  }))
  if (ranked.length === 0) notices.push(noResultsAdvice(parsed, index))
  else if (capped && offset + limit > ranked.length) {
    notices.push(`Only the best ${ranked.length} results are ranked for a query; refine it to see others.`)
  }
  // Exact when every candidate was ranked (small corpora); beyond, copies not yet compared are counted apart, and a
  // phrase over very common words is counted from the candidates checked (see EVALUATE_LIMITS).
  const approximate = estimated || passing > candidates
  return { query, parsed, hits, total: Math.max(passing - folded, ranked.length), approximate, offset, notices }
}

/** An outlet filter alone: that outlet's passages in article order, lede first. */
function browse(
  index: SearchIndex,
  query: string,
  parsed: ParsedQuery,
  page: { limit: number; offset: number; notices: string[] },
): Answer {
  const filter = outletFilter(parsed.outlets)!
  const articles = [...index.articles()].filter(filter).sort(byFile)
  const hits: Hit[] = []
  let total = 0
  for (const article of articles) {
    const range = index.passagesOf(article)
    if (!range) continue
    for (let doc = range.first; doc < range.end; doc++, total++) {
      if (total >= page.offset && hits.length < page.limit) {
        hits.push({ passage: index.passage(doc), score: 0, coverage: 0, matched: [], highlights: [], alsoIn: [] })
      }
    }
  }
  if (total === 0) page.notices.push(noOutletAdvice(parsed, index))
  return { query, parsed, hits, total, approximate: false, offset: page.offset, notices: page.notices }
}
