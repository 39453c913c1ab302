import type { Span } from '../corpus/types.ts'

/**
 * A direct quotation found in an article: the words between a pair of quotation marks, as an exact slice of the
 * article's text, and who the text says spoke them.
 */
export interface Quotation {
  /** Stable within a corpus: `${file}#${start}-${end}`. */
  id: string
  file: string
  /**
   * The quoted words without the outer quotation marks: `article.text.slice(start, end)`. A quotation that runs over
   * several paragraphs spans them all, so the slice then holds the paragraph breaks and the marks that reopen each
   * continued paragraph; `parts` has the words of each paragraph alone.
   */
  start: number
  end: number
  /** The words in each paragraph, without marks (one part unless the quotation runs over several paragraphs). */
  parts: Span[]
  /** Index in `Article.paragraphs` of the paragraph the quotation opens in. */
  paragraph: number
  /** 'term': a scare quote of one or two words ("takfiri"), kept but not a statement. */
  kind: QuotationKind
  /** Who the text says spoke the words; null when it does not say (never guessed). */
  speaker: SpeakerRef | null
}

export type QuotationKind = 'statement' | 'term'

/** How the speaker of a quotation was found, for `inspect`-style explanations and tests. */
export type AttributionRule =
  /** “…,” said X   /   “…,” X said   /   “…,” X added, … */
  | 'said-after'
  /** X said: “…”   /   X told Sky News “…”   /   X described them as “…”   /   X said the move was a “…” */
  | 'said-before'
  /** “…,” according to X */
  | 'according-to'
  /** An earlier quotation of the same sentence or paragraph, with no other speaker in between. */
  | 'same-speaker'
  /** The paragraph before ends "X said:" and this one opens with the quotation. */
  | 'introduced'

export type SpeakerKind = 'person' | 'organisation' | 'unnamed'

/**
 * A speaker as one article gives it. `name` is the fullest form of the name the article prints for this speaker
 * (e.g. "General Ali Mahmoud Abbas" for a quotation attributed to "Mr Abbas"); it is null for an unnamed speaker,
 * who has only a `description` ("a Syrian rebel who took part in the offensive on Hama", "the defence minister").
 */
export interface SpeakerRef {
  kind: SpeakerKind
  /** The fullest name, exactly as printed in the article (title included), or null. */
  name: string | null
  /** Parts of the name, for telling variants of one name apart from other names. Empty for unnamed speakers. */
  title: string | null
  given: string[]
  surname: string | null
  /** "he" or "she" can refer to this person: from a gendered title (Mr, Ms), else null (unknown). */
  gender: 'male' | 'female' | null
  /** The role or description the attribution gives ("the Observatory’s director"), as printed, or null. */
  description: string | null
  /** Where the text names the speaker for this quotation (the name, role or pronoun in the attribution). */
  at: Span
  rule: AttributionRule
}
