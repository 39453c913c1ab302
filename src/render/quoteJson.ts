import type { QuotationLookup } from '../quotes/index.ts'

/**
 * The one JSON object `npm run quotes -- --json` prints; other tools rely on this exact shape. `words` is a version's
 * words exactly as its first outlet printed them, without the quotation marks; each outlet's `start`/`end` are the
 * offsets of its own printing in its file `source` (the same words; case, quotation marks, spacing, punctuation and
 * ellipsis style may differ, since those do not make another version).
 */
export interface QuotesJson {
  query: string
  quotations: {
    speaker: string | null
    differs: boolean
    versions: {
      words: string
      outlets: { outlet: string; source: string; start: number; end: number }[]
    }[]
  }[]
}

export function toQuotesJson(lookup: QuotationLookup, limit = Number.POSITIVE_INFINITY): QuotesJson {
  return {
    query: lookup.query,
    quotations: lookup.matches.slice(0, limit).map(({ statement }) => ({
      speaker: statement.speaker,
      differs: statement.differs,
      versions: statement.versions.map((version) => ({
        words: version.words,
        outlets: version.occurrences.map((o) => ({
          outlet: o.article.outlet,
          source: o.article.file,
          start: o.quotation.start,
          end: o.quotation.end,
        })),
      })),
    })),
  }
}
