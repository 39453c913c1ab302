/**
 * Who published an article, when, under what title, and where each of those facts came from. Field by field, the
 * first source that gives it wins:
 *   1. sources.json (the desk's own entry for the file);
 *   2. the page's structured data and meta tags, for a web page (JSON-LD NewsArticle, then Open Graph / article
 *      meta / canonical link: see page.ts);
 *   3. the text's own credit lines (read from what the cleaning rules removed, never from the reporting);
 *   4. nothing: "Unknown outlet", and no date, title or URL.
 * Never a source the reporting cites, never a person (a byline names the writer, not the outlet), never a guess: a
 * dateline's "Feb 26" gives a date only with a year the metadata states, and a year is never assumed.
 */
import { isoDate, parseWrittenDate, writtenDateToIso, type PartialDate, parsePartialDate } from './dates.ts'
import type { Cleaned } from './clean.ts'
import { splitLines, lineNumberAt } from './lines.ts'
import type { PageFacts } from './page.ts'
import {
  COPYRIGHT,
  CONTRIBUTOR_LINE,
  DATE_STAMP,
  EDITION_TRAILER,
  SECTION_STAMP,
  SIGN_OFF,
  bylineAffiliation,
  matchDateline,
  sourceCredit,
} from './rules.ts'
import type { Article, FactOrigin, OutletBasis, SourceMeta, Span } from './types.ts'
import { UNKNOWN_OUTLET } from './types.ts'
import { wireName } from './wires.ts'

/** One attributed fact and where it came from. */
type Fact = { value: string; origin: FactOrigin }

/** Who published an article, when, under which headline, and on what grounds: the Article fields attribution decides. */
export type Attribution = Pick<Article, 'outlet' | 'outletBasis' | 'wire' | 'published' | 'title' | 'url' | 'origins'>

/** One fact the text states about its own publication, with where it says so (for `inspect`). */
export interface Credit {
  /**
   * 'partial-date' is a date without a year or a day ("Dec 6", "2024-12"); 'byline' names people and 'copyright' a
   * rights holder: both are shown, neither ever becomes the outlet.
   */
  fact: 'outlet' | 'wire' | 'published' | 'partial-date' | 'title' | 'byline' | 'copyright'
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
  const firstParagraphStart = cleaned.paragraphs[0]?.start ?? Number.POSITIVE_INFINITY
  const lastParagraphEnd = cleaned.paragraphs[cleaned.paragraphs.length - 1]?.end ?? 0
  for (const removal of cleaned.removed) {
    // Rules read line breaks as spaces; so do the facts read from what they cut.
    const s = text.slice(removal.start, removal.end).replace(/\s+/g, ' ')
    const span = { start: removal.start, end: removal.end }
    const add = (fact: Credit['fact'], value: string | null | undefined): void => {
      if (value) credits.push({ fact, value, from: removal.rule, span })
    }
    const addWire = (written: string | null | undefined): void => {
      if (written) add('wire', wireName(written))
    }
    switch (removal.rule) {
      case 'source-credit': {
        // Only a credit line closing the article; a "Source:" under a chart mid-article names the chart's source. A
        // wire there is where the copy came from (an aggregator's "Source: Reuters"), never the outlet; "Agencies"
        // or several sources credit nothing.
        const credit = removal.start > lastParagraphEnd ? sourceCredit(s) : null
        if (credit && 'wire' in credit) add('wire', credit.wire)
        else if (credit) add('outlet', credit.outlet)
        break
      }
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
        const m = matchDateline(s)
        addDate(add, m?.date ?? undefined)
        addWire(m?.wire)
        break
      }
      case 'wire-credit':
        // The removal is just "(AP)": the rule has already checked it follows a sentence and names a wire.
        addWire(/^\(([^()]+)\)$/.exec(s)?.[1])
        break
      case 'sign-off':
        // At the end of the copy; the same word above the lede is a picture credit, which credits nothing.
        if (removal.start > firstParagraphStart) addWire(SIGN_OFF.exec(s)?.[1])
        break
      case 'byline': {
        add('byline', s)
        addWire(bylineAffiliation(s))
        break
      }
      case 'contributor-line':
        addWire(CONTRIBUTOR_LINE.exec(s)?.[1])
        break
      case 'copyright': {
        const holder = COPYRIGHT.exec(s)?.groups?.holder?.trim()
        if (holder) {
          add('copyright', s)
          addWire(holder)
        }
        break
      }
    }
  }
  if (cleaned.title)
    credits.push({
      fact: 'title',
      value: text.slice(cleaned.title.start, cleaned.title.end).replace(/\s+/g, ' '),
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
 * Metadata wins field by field (a null or missing field lets the next source speak); the outlet from the text only
 * when its credits agree. Two credit lines naming different outlets mean we do not know, so: Unknown outlet.
 */
export function attribute(text: string, cleaned: Cleaned, meta?: SourceMeta, page?: PageFacts): Attribution {
  const credits = readCredits(text, cleaned)
  const lines = splitLines(text)
  const fromText = (fact: Credit['fact']): Credit[] => {
    const seen = new Set<string>()
    return credits.filter((c) => c.fact === fact && !seen.has(c.value) && seen.add(c.value))
  }
  const textOrigin = (credit: Credit): FactOrigin => ({
    source: 'text',
    detail: `${credit.from === 'title' ? 'title line' : credit.from}, line ${lineNumberAt(lines, credit.span.start)}`,
  })
  const fromMeta = (field: keyof SourceMeta): Fact | null => {
    const value = meta?.[field]
    return value ? { value, origin: { source: 'sources.json', detail: field } } : null
  }
  const fromCredit = (credit: Credit | undefined, value = credit?.value): Fact | null =>
    credit && value ? { value, origin: textOrigin(credit) } : null

  // Outlet: the text's credit lines only when they agree.
  const outlets = fromText('outlet')
  const outletFact = fromMeta('outlet') ?? page?.outlet ?? (outlets.length === 1 ? fromCredit(outlets[0]) : null)
  const outletBasis: OutletBasis = !outletFact
    ? 'none'
    : outletFact.origin.source === 'sources.json'
      ? 'metadata'
      : outletFact.origin.source === 'text'
        ? 'credit-line'
        : 'page'

  // Wire: every distinct wire the text credits, in text order.
  const wires = fromText('wire')
  const wireFact = fromMeta('wire') ?? page?.wire ?? fromCredit(wires[0], wires.map((c) => c.value).join(', '))

  // Date: a full date as stated (the first in text order: a page stamp comes before an edition trailer), else a
  // dateline's day with the year the metadata or a date stamp states.
  const metaDate = meta?.published ? parsePartialDate(meta.published) : null
  const combined = combineDates(fromText('partial-date'), metaDate)
  const publishedFact =
    (metaDate?.day ? fromMeta('published') : null) ??
    page?.published ??
    fromCredit(fromText('published')[0]) ??
    (combined ? { value: combined.date, origin: { source: 'combined', detail: combined.detail(lines) } } : null)

  const titleFact = fromMeta('headline') ?? page?.title ?? fromCredit(fromText('title')[0])
  const urlFact = fromMeta('url') ?? page?.url ?? null

  const origins: Attribution['origins'] = {}
  const facts = { outlet: outletFact, wire: wireFact, published: publishedFact, title: titleFact, url: urlFact }
  for (const [name, fact] of Object.entries(facts)) if (fact) origins[name as keyof typeof facts] = fact.origin
  const outlet = outletFact?.value ?? UNKNOWN_OUTLET
  const wire = wireFact?.value ?? null
  const published = publishedFact?.value ?? null
  const title = titleFact?.value ?? null
  const url = urlFact?.value ?? null
  return { outlet, outletBasis, wire, published, title, url, origins }
}

/**
 * A full date from partial ones that together give year, month and day, without completing anything: a dateline's
 * "Feb 26" with a year (and month) from sources.json's "published": "1987" or a date stamp's "2024-12". Parts that
 * disagree (a dateline in March, a stamp saying February) give nothing.
 */
function combineDates(
  partials: readonly Credit[],
  metaDate: PartialDate | null,
): { date: string; detail: (lines: ReturnType<typeof splitLines>) => string } | null {
  const dayParts = partials
    .map((credit) => ({ credit, written: parseWrittenDate(credit.value) }))
    .filter((p) => p.written !== null)
  const yearParts: { year: number; month: number | null; label: (lines: ReturnType<typeof splitLines>) => string }[] =
    []
  if (metaDate) yearParts.push({ year: metaDate.year, month: metaDate.month, label: () => 'sources.json published' })
  for (const credit of partials) {
    const stamp = /^(\d{4})-(\d{2})$/.exec(credit.value)
    if (stamp)
      yearParts.push({
        year: Number(stamp[1]),
        month: Number(stamp[2]),
        label: (lines) => `${credit.from}, line ${lineNumberAt(lines, credit.span.start)}`,
      })
  }
  for (const { credit, written } of dayParts) {
    for (const part of yearParts) {
      if (part.month !== null && part.month !== written!.month) continue
      const date = isoDate(part.year, written!.month, written!.day)
      if (date)
        return {
          date,
          detail: (lines) =>
            `day from the ${credit.from} (line ${lineNumberAt(lines, credit.span.start)}), year from ${part.label(lines)}`,
        }
    }
  }
  return null
}
