/** The quotation stage's public API: quotations of an article, grouped into statements across the coverage. */
export type { AttributionRule, Quotation, QuotationKind, SpeakerKind, SpeakerRef } from './types.ts'
export { extractQuotations, type QuotationSource, TERM_MAX_WORDS } from './extract.ts'
export { quotationWordsIn } from './marks.ts'
export {
  type ArticleQuotations,
  type Occurrence,
  QuotationIndex,
  type QuotationIndexOptions,
  type QuotationLookup,
  type QuotationMatch,
  type QuotedArticle,
  type QuoteWarning,
  type Statement,
  type Version,
} from './quotationIndex.ts'
export { quotationsOf } from './forArticles.ts'
export { looksLikeName } from './names.ts'
export { differingSpans, differingStretch } from './differences.ts'
export { defaultSpeechWords, type SpeechWords, speechWordsFrom } from './words.ts'
export { type DiffPart, diffWords, isExcerpt } from './wording.ts'
