/**
 * One article from its text, without I/O: clean, then attribute. Used by the loader, and by anything that builds
 * articles in memory (benchmark generator, live-reload watcher). Linear in the length of the text.
 */
import type { Problem, ProblemCode } from '../errors.ts'
import type { Article, SourceMeta } from './types.ts'
import { cleanText } from './clean.ts'
import { attribute } from './attribute.ts'
import type { PageFacts } from './page.ts'

export interface ParseResult {
  /** The article, or null when the text holds no reporting (then `problems` says why). */
  article: Article | null
  problems: Problem[]
}

/**
 * `file` is the name inside SEEDS_DIR (used for `Article.file` and problem messages); `text` is the decoded text,
 * kept exactly as given (every span indexes into it); `meta` is the file's sources.json entry, if any; `page` the
 * facts a web page states about itself (FileRead.page), which count after `meta` and before the text's own credits.
 *
 * @example
 * const { article, problems } = parseArticle('wire.txt', 'LONDON, March 2 (Reuters) - Copper rose…', { outlet: 'Desk' })
 */
export function parseArticle(file: string, text: string, meta?: SourceMeta, page?: PageFacts): ParseResult {
  const fail = (code: ProblemCode, message: string): ParseResult => ({
    article: null,
    problems: [{ where: file, code, message }],
  })
  if (text.trim() === '')
    return fail('FILE_EMPTY', text === '' ? 'is empty; skipped' : 'contains only whitespace; skipped')
  if (text.includes('\0')) return fail('FILE_BINARY', 'is not a text file (contains NUL characters); skipped')

  const cleaned = cleanText(text)
  if (cleaned.paragraphs.length === 0) {
    const rules = [...new Set(cleaned.removed.map((r) => r.rule))]
    const what =
      rules.length > 0 ? `everything was removed as boilerplate (${rules.join(', ')})` : 'it has only headings'
    return fail(
      'FILE_NO_REPORTING',
      `has no reporting left after cleaning: ${what}; skipped. Run "npm run inspect -- <file>" to see why`,
    )
  }

  const { outlet, outletBasis, wire, published, title, url, origins } = attribute(text, cleaned, meta, page)
  const article: Article = {
    file,
    text,
    outlet,
    outletBasis,
    wire,
    published,
    title,
    url,
    paragraphs: cleaned.paragraphs,
    headings: cleaned.headings,
    removed: cleaned.removed,
    origins,
  }
  return { article, problems: [] }
}
