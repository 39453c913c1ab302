import type { Span } from '../corpus/types.ts'
import {
  differingSpans,
  differingStretch,
  isExcerpt,
  type QuotationIndex,
  type QuotationLookup,
  type QuotationMatch,
  type QuoteWarning,
  type Statement,
  type Version,
} from '../quotes/index.ts'
import type { Passage } from '../passages/types.ts'
import { formatDate, outletLabel } from './attribution.ts'

/**
 * What the terminal and Slack renderings of quotations share: headings, who printed a version, and which words of a
 * version differ from the wording most outlets print. Pure functions of the lookup.
 */

/** "Quotations of Rami Abdurrahman — 1 statement" / "“mother of all battles” — printed in 1 statement". */
export function lookupHeading(lookup: QuotationLookup): string {
  const n = lookup.matches.length
  const count = `${n} ${n === 1 ? 'statement' : 'statements'}`
  if (lookup.by === 'speaker')
    return lookup.speakers.length === 0
      ? `No one named “${lookup.query.trim()}” is quoted in the coverage.`
      : `Quotations of ${lookup.speakers.join(', ')} — ${count}, newest first`
  const asked = lookup.query.trim().replace(/^["“”'‘’«„]+|["“”'‘’»]+$/g, '')
  return n === 0 ? `No outlet printed “${asked}” as a quotation.` : `Who printed “${asked}” — ${count}, closest first`
}

/** What to try when a lookup found nothing. */
export function lookupHint(lookup: QuotationLookup): string {
  return lookup.by === 'words'
    ? 'Checked every quotation of the coverage, case, quotation marks and ellipses aside. Try fewer words, or a speaker’s name.'
    : 'Names are matched however they are spelt (Abdulrahman finds Abdurrahman); try the surname alone, or check the words instead.'
}

/** The speaker line of a statement: the fullest name, a description of an unnamed speaker, or that none is given. */
export function speakerLabel(statement: Statement): string {
  if (statement.speakerKind === 'unnamed' && statement.speaker) return `${statement.speaker} (not named)`
  return statement.speaker ?? 'Speaker not named in the coverage'
}

/** "Express & Star (AP), 6 Dec 2024; Sky News, 6 Dec 2024": every printing of a version, once per outlet. */
export function printedBy(version: Version): string {
  const seen = new Set<string>()
  const parts: string[] = []
  for (const o of version.occurrences) {
    const label = outletLabel(o.article)
    if (seen.has(label)) continue
    seen.add(label)
    const date = formatDate(o.article.published)
    parts.push(date ? `${label}, ${date}` : label)
  }
  return parts.join('; ')
}

/** The version's outlets, one label each: "Express & Star (AP), Sky News". */
export function outletsOf(versions: readonly Version[]): string {
  return [...new Set(versions.flatMap((v) => v.occurrences.map((o) => outletLabel(o.article))))].join(', ')
}

/** For a version other than the first: its words that differ from the first version's, and those of the first. */
export function differences(statement: Statement, version: Version): { here: Span[]; there: Span[] } | null {
  const reference = statement.versions[0]!
  if (!statement.differs || version === reference) return null
  return { here: differingSpans(version, reference), there: differingSpans(reference, version) }
}

/** The words of `text` at `spans`, verbatim, joined with " … ". */
export function wordsAt(text: string, spans: readonly Span[]): string {
  return spans.map((s) => text.slice(s.start, s.end)).join(' … ')
}

/** For `check`: the versions that print the asked words exactly, and the others. */
export function splitByExact(match: QuotationMatch): { exact: Version[]; other: Version[] } {
  return {
    exact: match.statement.versions.filter((v) => match.exact.includes(v)),
    other: match.statement.versions.filter((v) => !match.exact.includes(v)),
  }
}

/** A version that only quotes part of the first version's words (a partial quotation, not a change). */
export function isPartOfFirst(statement: Statement, version: Version): boolean {
  const first = statement.versions[0]!
  return version !== first && isExcerpt(version.key, first.key)
}

/** Most other wordings named in one passage's warning. */
const MAX_WARNED_VERSIONS = 2

/**
 * The warning a passage carries when its quotation is printed in other words elsewhere:
 * "⚠ Express & Star, Sky News, The Independent quote this as: …decide who will rule Syria". Plain text (escape it for
 * Slack); the quoted part is a verbatim stretch of the other outlets' words.
 */
export function quoteWarningLines(warnings: readonly QuoteWarning[]): string[] {
  const lines: string[] = []
  for (const warning of warnings) {
    for (const other of warning.others.slice(0, MAX_WARNED_VERSIONS)) {
      const stretch = differingStretch(warning.own, other)
      if (!stretch) continue
      const words = `${stretch.cutBefore ? '…' : ''}${other.words.slice(stretch.from, stretch.to)}${stretch.cutAfter ? '…' : ''}`
      lines.push(`⚠ ${other.outlets.join(', ')} quote${other.outlets.length === 1 ? 's' : ''} this as: ${words}`)
    }
    const more = warning.others.length - MAX_WARNED_VERSIONS
    if (more > 0) lines.push(`⚠ …and ${more} other wording${more === 1 ? '' : 's'} of this quotation elsewhere`)
  }
  return lines
}

/** The warnings of every passage an answer shows, from the quotation index (for `passageNotes`). */
export function quoteNotes(index: QuotationIndex): (passage: Passage) => string[] {
  return (passage) => quoteWarningLines(index.warningsFor(passage.file, passage.start, passage.end))
}
