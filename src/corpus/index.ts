/** The corpus stage's public API: load a folder, or build one article in memory. */
export type { Article, CorpusLoad, OutletBasis, Removal, SourceMeta, Span } from './types.ts'
export { UNKNOWN_OUTLET } from './types.ts'
export { loadCorpus, loadArticleFile, articleFromRead, sourcesFromRead, type LoadOptions } from './load.ts'
export {
  type FileRead,
  isArticleName,
  isTemporaryName,
  listArticleFiles,
  listArticleNames,
  readArticleFile,
  readSourcesFile,
} from './files.ts'
export { parseArticle, type ParseResult } from './parse.ts'
export { decodeArticleBytes, type Decoded } from './decode.ts'
export { parseSources, SOURCES_FILE, type Sources } from './metadata.ts'
export { cleanText, type Cleaned } from './clean.ts'
export { attribute, readCredits, type Attribution, type Credit } from './attribute.ts'
export { RULES, WIRE_AGENCIES, ruleById, type CleaningRule } from './rules.ts'
