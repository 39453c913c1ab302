import type { Span } from '../corpus/types.ts'
import type { Passage } from '../passages/types.ts'
import type { ParsedQuery } from './query.ts'

/** One answer to a query: a passage, why it matched, and the other outlets that ran the same copy. */
export interface Hit {
  passage: Passage
  /** Relevance; comparable only within one answer. */
  score: number
  /** How many of the query's distinct terms (and phrases) the passage matches. */
  coverage: number
  /** The words of the quote that matched, as they are written there (for highlighting). */
  matched: string[]
  /** Where those words are in `passage.text` (offsets relative to the quote, sorted, not overlapping). */
  highlights: Span[]
  /** The same copy in other outlets, best first. */
  alsoIn: Passage[]
}

export interface Answer {
  /** The query as typed. */
  query: string
  parsed: ParsedQuery
  /** This page of results, best first. */
  hits: Hit[]
  /** Results in all (after folding syndicated copies); `offset + hits.length < total` means there is a next page. */
  total: number
  /**
   * True when `total` is an estimate: at archive scale only the best candidates are compared for syndicated copies,
   * and a phrase of very common words is checked only as far as the results shown need. Show it as "about".
   */
  approximate: boolean
  offset: number
  /** What the person should know: words dropped, why nothing matched, what to try. */
  notices: string[]
}
