/**
 * Checks that what a cache file holds can be used: the segment's arrays agree with each other, and a saved article
 * (its spans, passages and quotations) lies inside the text it is about to be given. A damaged or hand-edited file
 * fails here, with a reason, not inside a query or a quotation lookup.
 */
import type { Article, Span } from '../../corpus/types.ts'
import type { Quotation } from '../../quotes/index.ts'
import type { Segment } from '../../search/segment.ts'

/** Throws, saying what is wrong, unless the segment's arrays agree with each other and with its articles. */
export function checkSegment(s: Segment): void {
  const docs = s.docStart.length
  const fail = (what: string) => {
    throw new Error(what)
  }
  // The first article's passages start at 0 and the last one's end at `docs`: every passage belongs to an article.
  if (
    s.articleFirstDoc.length !== s.articles.length + 1 ||
    s.articleFirstDoc[0] !== 0 ||
    s.articleFirstDoc[s.articles.length] !== docs
  ) {
    fail('its articles and passages disagree')
  }
  for (const a of [s.docArticle, s.docEnd, s.docParagraph, s.docLength]) {
    if (a.length !== docs) fail('a passage array is cut short')
  }
  for (let a = 0; a < s.articles.length; a++) {
    if (s.articleFirstDoc[a]! > s.articleFirstDoc[a + 1]!) fail('its articles are out of order')
    const paragraphs = s.articles[a]!.paragraphs.length
    for (let d = s.articleFirstDoc[a]!; d < s.articleFirstDoc[a + 1]!; d++) {
      if (s.docArticle[d] !== a || s.docStart[d]! >= s.docEnd[d]!) fail('a passage points outside its article')
      if (s.docParagraph[d]! >= paragraphs) fail('a passage points past its paragraphs')
    }
  }
  let totalLength = 0
  for (let d = 0; d < docs; d++) totalLength += s.docLength[d]!
  // Scores divide by the average passage length: a forged total would turn every score into NaN or Infinity.
  if (totalLength !== s.totalLength) fail("its passages' lengths disagree with their total")
  if (s.postingStart.length !== s.terms.size + 1 || s.postingStart[s.terms.size] !== s.postingDoc.length) {
    fail('its terms and postings disagree')
  }
  if (s.postingTf.length !== s.postingDoc.length) fail('its postings are cut short')
  for (let t = 0; t < s.terms.size; t++) {
    if (s.postingStart[t]! > s.postingStart[t + 1]!) fail('its postings are out of order')
  }
  for (let i = 0; i < s.postingDoc.length; i++) if (s.postingDoc[i]! >= docs) fail('a posting points past the passages')
  if (s.surfaceTerm.length !== s.surfaces.size || s.surfaceDf.length !== s.surfaces.size) {
    fail('its surfaces are cut short')
  }
  for (let i = 0; i < s.surfaceTerm.length; i++) {
    if (s.surfaceTerm[i]! >= s.terms.size) fail('a surface points past the terms')
  }
  if (s.pairStart.length !== docs + 1 || s.pairStart[0] !== 0 || s.pairStart[docs] !== s.pairBits.length) {
    fail('its word-pair signatures are cut short')
  }
  // Every passage has a signature of at least one word (an empty one would rule out nothing, never wrongly).
  for (let d = 0; d < docs; d++)
    if (s.pairStart[d]! >= s.pairStart[d + 1]!) fail('its word-pair signatures are out of order')
}

/**
 * Why the saved article `local` of `segment` (with its saved quotations) cannot be given `text`, or null when it can:
 * every span (paragraphs, headings, removals), passage and quotation lies inside the text.
 */
export function misfit(segment: Segment, local: number, text: string, quotations: readonly Quotation[]): string | null {
  const article: Article = segment.articles[local]!
  const length = text.length
  for (const list of [article.paragraphs, article.headings, article.removed]) {
    for (const span of list) if (!inside(span, length) || span.start === span.end) return 'a span lies outside its text'
  }
  for (let d = segment.articleFirstDoc[local]!; d < segment.articleFirstDoc[local + 1]!; d++) {
    if (segment.docEnd[d]! > length) return 'a passage lies outside its text'
  }
  for (const quotation of quotations) {
    if (quotation.file !== article.file) return 'a quotation names another file'
    if (!inside(quotation, length)) return 'a quotation lies outside its text'
    for (const part of quotation.parts) {
      if (!inside(part, length) || part.start < quotation.start || part.end > quotation.end) {
        return 'a part of a quotation lies outside the quotation'
      }
    }
    if (!(Number.isInteger(quotation.paragraph) && quotation.paragraph >= 0)) return 'a quotation has no paragraph'
    if (quotation.paragraph >= article.paragraphs.length) return 'a quotation points past its paragraphs'
    if (quotation.speaker && !inside(quotation.speaker.at, length)) return "a quotation's speaker lies outside its text"
  }
  return null
}

/** [start, end) is a range of whole numbers inside a text of `length` code units. */
function inside(span: Span, length: number): boolean {
  return (
    Number.isInteger(span.start) &&
    Number.isInteger(span.end) &&
    span.start >= 0 &&
    span.start <= span.end &&
    span.end <= length
  )
}
