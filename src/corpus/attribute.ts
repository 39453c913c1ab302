/**
 * Who published an article, when, under what title. sources.json first; otherwise only what the article's own
 * credit lines say (read from what the cleaning rules removed). Never a source the reporting cites, never a guess:
 * with nothing to go on the outlet is UNKNOWN_OUTLET and the date is null.
 */
import type { Article, OutletBasis, SourceMeta, Span } from './types.ts'
import { UNKNOWN_OUTLET } from './types.ts'
import type { Cleaned } from './clean.ts'
import { DATELINE, DATE_STAMP, EDITION_TRAILER, SECTION_STAMP, SOURCE_CREDIT } from './rules.ts'
import { isoDate, parseWrittenDate, writtenDateToIso } from './dates.ts'

/** Who published an article, when, under which headline: the Article fields attribution decides. */
export type Attribution = Pick<Article, 'outlet' | 'outletBasis' | 'wire' | 'published' | 'title' | 'url'>

/** One fact the text states about its own publication, with where it says so (for `inspect`). */
export interface Credit {
  fact: 'outlet' | 'wire' | 'published' | 'partial-date' | 'title'
  value: string
  /** The rule whose removal carried the fact ('title' for the title line). */
  from: string
  span: Span
}

/**
 * Reads the publication facts the text gives about itself. Each is taken only from a removal made by the
 * rule built for it, so a sentence of reporting that merely mentions "Reuters" or "SANA" can never become one.
 */
export function readCredits(text: string, cleaned: Cleaned): Credit[] {
  const credits: Credit[] = []
  const lastParagraphEnd = cleaned.paragraphs[cleaned.paragraphs.length - 1]?.end ?? 0
  for (const removal of cleaned.removed) {
    const s = text.slice(removal.start, removal.end)
    const span = { start: removal.start, end: removal.end }
    const add = (fact: Credit['fact'], value: string | null | undefined): void => {
      if (value) credits.push({ fact, value, from: removal.rule, span })
    }
    switch (removal.rule) {
      case 'source-credit':
        // Only a credit line closing the article; a "Source:" under a chart mid-article names the chart's source.
        if (removal.start > lastParagraphEnd) add('outlet', SOURCE_CREDIT.exec(s)?.[1]?.trim())
        break
      case 'edition-trailer': {
        const m = EDITION_TRAILER.exec(s)
        add('outlet', m?.[2]?.trim())
        addDate(add, m?.[1])
        break
      }
      case 'section-stamp':
        addDate(add, SECTION_STAMP.exec(s)?.[1])
        break
      case 'date-stamp': {
        const m = DATE_STAMP.exec(s)
        if (!m) break
        const day = m[3] === undefined ? null : isoDate(Number(m[1]), Number(m[2]), Number(m[3]))
        if (day) add('published', day)
        else add('partial-date', `${m[1]}-${m[2]}`)
        break
      }
      case 'dateline': {
        const m = DATELINE.exec(`${s} `) // the removal is trimmed; the pattern wants the space after ":"
        addDate(add, m?.[2])
        add('wire', m?.[3])
        break
      }
      case 'wire-credit':
        // The removal is just "(AP)": the rule has already checked it follows a sentence and names a wire.
        add('wire', /^\(([^()]+)\)$/.exec(s)?.[1])
        break
    }
  }
  if (cleaned.title)
    credits.push({
      fact: 'title',
      value: text.slice(cleaned.title.start, cleaned.title.end),
      from: 'title',
      span: cleaned.title,
    })
  return credits
}

function addDate(
  add: (fact: Credit['fact'], value: string | null | undefined) => void,
  written: string | undefined,
): void {
  if (!written) return
  const iso = writtenDateToIso(written)
  if (iso) add('published', iso)
  else if (parseWrittenDate(written)) add('partial-date', written) // "Dec 6": no year, so no date
}

/**
 * Metadata wins field by field (a null or missing field lets the text speak); the outlet from the text only when
 * its credits agree. Two credit lines naming different outlets mean we do not know, so: Unknown outlet.
 */
export function attribute(text: string, cleaned: Cleaned, meta?: SourceMeta): Attribution {
  const credits = readCredits(text, cleaned)
  const values = (fact: Credit['fact']): string[] => [
    ...new Set(credits.filter((c) => c.fact === fact).map((c) => c.value)),
  ]

  const outlets = values('outlet')
  const textOutlet = outlets.length === 1 ? outlets[0]! : null
  const wires = values('wire')
  const dates = values('published')

  let outlet = UNKNOWN_OUTLET
  let outletBasis: OutletBasis = 'none'
  if (meta) {
    outlet = meta.outlet
    outletBasis = 'metadata'
  } else if (textOutlet) {
    outlet = textOutlet
    outletBasis = 'credit-line'
  }

  return {
    outlet,
    outletBasis,
    wire: meta?.wire ?? (wires.length > 0 ? wires.join(', ') : null),
    // The first full date in text order (a page stamp comes before an edition trailer).
    published: meta?.published ?? dates[0] ?? null,
    title: meta?.headline ?? values('title')[0] ?? null,
    url: meta?.url ?? null,
  }
}
