import type { Problem } from '../errors.ts'

/**
 * A half-open range [start, end) of UTF-16 code units in an article file's decoded text
 * (`Article.text`). Every quote Storydesk shows is `text.slice(start, end)` of such a range.
 */
export interface Span {
  start: number
  end: number
}

/** How Storydesk knows who published an article. */
export type OutletBasis =
  /** sources.json says so. */
  | 'metadata'
  /** A web page says so in its structured data or meta tags (JSON-LD publisher, og:site_name). */
  | 'page'
  /** A credit line in the text itself ("Source : Sky News", "… edition of The Independent", "(AP)"). */
  | 'credit-line'
  /** Nothing supports an outlet: the article is shown as "Unknown outlet". */
  | 'none'

export const UNKNOWN_OUTLET = 'Unknown outlet'

/** A stretch of the file that is not reporting, cut by a named cleaning rule. */
export interface Removal extends Span {
  /** The rule's id, e.g. "paywall-promo". */
  rule: string
  /** Why the rule exists, in words a producer understands. */
  reason: string
}

/** What the desk knows about a file, from sources.json (every field but outlet optional). */
export interface SourceMeta {
  /** The outlet that published the file; null when the desk does not know (the page or the text may say). */
  outlet: string | null
  /** Wire agency or original outlet when the text is syndicated, e.g. "AP". */
  wire?: string | null
  /**
   * Publication date, YYYY-MM-DD; or only YYYY-MM / YYYY when that is all the desk knows (a dateline's "Feb 26" then
   * supplies the day; a partial date is never completed otherwise).
   */
  published?: string | null
  headline?: string | null
  url?: string | null
  /** Free text for the desk (how the copy was obtained, caveats); never shown as attribution. */
  note?: string | null
}

/** One cleaned, attributed article: everything later stages need, with offsets into the original text. */
export interface Article {
  /** File name inside SEEDS_DIR, e.g. "001_3ce3e84cd5227a78.txt". */
  file: string
  /** The file's full decoded text; every Span indexes into it. */
  text: string
  outlet: string
  outletBasis: OutletBasis
  wire: string | null
  /** YYYY-MM-DD, or null when neither metadata nor the text gives a date. */
  published: string | null
  /** Headline from metadata, else the article's own title line, else null. */
  title: string | null
  url: string | null
  /** Paragraphs of reporting, in order: the only text passages are cut from. */
  paragraphs: Span[]
  /** The title and section heads: kept for display, never quoted as reporting. */
  headings: Span[]
  /** Everything cut, with the rule that cut it. */
  removed: Removal[]
  /** Where each attributed fact came from (a fact that is absent or "Unknown outlet" has none). */
  origins: FactOrigins
}

/** Where one attributed fact came from: shown by `inspect`, so a producer can check every credit. */
export interface FactOrigin {
  /**
   * 'sources.json': the desk's entry; 'json-ld': the page's structured data; 'page-meta': its Open Graph / article
   * meta tags, canonical link or title; 'text': a credit line, dateline or title line of the text; 'combined': a
   * dateline's day with the year another source states.
   */
  source: 'sources.json' | 'json-ld' | 'page-meta' | 'text' | 'combined'
  /** Exactly where: "publisher.name", "og:site_name", "dateline, line 1". */
  detail: string
}

export type FactOrigins = Partial<Record<'outlet' | 'wire' | 'published' | 'title' | 'url', FactOrigin>>

/** The result of loading a folder: every good article, and one problem per thing that was skipped. */
export interface CorpusLoad {
  articles: Article[]
  problems: Problem[]
}
