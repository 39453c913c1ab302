/**
 * How Storydesk reads one article, as text for a producer: each fact with where it came from, the layout, the
 * extracted text of a web page, the cleaned article (headings marked, paragraphs numbered), every removed span with
 * the rule that removed it and why. Shared by `npm run inspect` and `npm run add`.
 */
import { readCredits } from '../corpus/attribute.ts'
import { cleanText } from '../corpus/clean.ts'
import { lineNumberAt, splitLines } from '../corpus/lines.ts'
import type { PageFacts } from '../corpus/page.ts'
import { ruleById } from '../corpus/rules.ts'
import type { Article, FactOrigin, Span } from '../corpus/types.ts'
import { describeProblem, type Problem } from '../errors.ts'

const WIDTH = Math.min(Math.max(process.stdout.columns ?? 100, 60), 120)

/** The whole report on one article; `page` is what a web page said about itself (null for plain text). */
export function articleReport(article: Article, page: PageFacts | null): string {
  const lines = splitLines(article.text)
  const lineOf = (span: Span): number => lineNumberAt(lines, span.start)
  const slice = (span: Span): string => article.text.slice(span.start, span.end)
  const cleaned = cleanText(article.text)
  const out: string[] = []

  // Attribution, each fact with where it came from, and what the text itself says (so a producer can see why
  // metadata is or is not needed).
  const seen = new Set<string>()
  const credits = readCredits(article.text, cleaned)
    .filter((c) => c.fact !== 'title' && !seen.has(c.fact + c.value) && seen.add(c.fact + c.value))
    .map((c) => `${CREDIT_LABELS[c.fact]} "${c.value}" (${c.from}, line ${lineOf(c.span)})`)
  const fact = (name: 'outlet' | 'wire' | 'published' | 'title' | 'url', value: string | null): string =>
    field(name, value === null ? '–' : `${value}   [${describeOrigin(article.origins[name])}]`)
  out.push('')
  out.push(fact('outlet', article.outlet))
  out.push(fact('wire', article.wire))
  out.push(fact('published', article.published))
  out.push(fact('title', article.title))
  out.push(fact('url', article.url))
  out.push(field('text says', credits.length > 0 ? credits.join('; ') : 'no credit line, dateline or date stamp'))
  if (page) {
    out.push(field('byline', page.byline ? `${page.byline}   [a person: never the outlet]` : '–'))
    out.push(field('language', page.lang ?? 'not declared'))
  }
  out.push(field('layout', describeLayout(cleaned.layout)))

  if (page) {
    // The text Storydesk extracted from the page: what is parsed, quoted and cached; line numbers as in REMOVED.
    // A final line break ends the last line; it does not start another.
    const shown = lines.filter((line, i) => i < lines.length - 1 || line.end > line.start)
    out.push(
      '',
      `TEXT  extracted from the page with Readability, ${article.text.length} characters, ${shown.length} lines`,
    )
    const numberWidth = String(shown.length).length
    for (const line of shown) {
      out.push(...wrap(`  ${String(line.number).padStart(numberWidth)} | `, article.text.slice(line.start, line.end)))
    }
  }

  // The cleaned article in text order: headings marked "#", paragraphs numbered as passages will number them.
  out.push(
    '',
    `ARTICLE  ${count(article.paragraphs.length, 'paragraph')}, ${count(article.headings.length, 'heading')}`,
  )
  const items = [
    ...article.headings.map((s) => ({
      s,
      label: '   #',
      suffix: cleaned.title && s.start === cleaned.title.start ? '   (title)' : '',
    })),
    ...article.paragraphs.map((s, i) => ({ s, label: String(i + 1).padStart(4), suffix: '' })),
  ].sort((a, b) => a.s.start - b.s.start)
  for (const { s, label, suffix } of items) out.push(...wrap(`${label}  `, slice(s) + suffix))

  // Every removal, one line each, then each rule's reason once.
  out.push('', `REMOVED  ${count(article.removed.length, 'span')}`)
  const ruleWidth = Math.max(0, ...article.removed.map((r) => r.rule.length))
  for (const r of article.removed) {
    const head = `  line ${String(lineOf(r)).padStart(3)}  ${r.rule.padEnd(ruleWidth)}  `
    out.push(head + truncate(JSON.stringify(slice(r)), WIDTH - head.length))
  }
  const used = [...new Set(article.removed.map((r) => r.rule))]
  if (used.length > 0) {
    out.push('', 'RULES USED')
    for (const id of used)
      out.push(
        ...wrap(
          `  ${id.padEnd(ruleWidth)}  `,
          ruleById(id)?.reason ?? article.removed.find((r) => r.rule === id)?.reason ?? '',
        ),
      )
  }
  return out.join('\n')
}

const CREDIT_LABELS: Record<string, string> = {
  outlet: 'outlet',
  wire: 'wire',
  published: 'date',
  'partial-date': 'date without a day/year',
  byline: 'byline (people, not the outlet)',
  copyright: 'copyright',
}

function describeOrigin(origin: FactOrigin | undefined): string {
  if (!origin) return 'nothing names one'
  const where = {
    'sources.json': 'sources.json',
    'json-ld': "the page's JSON-LD",
    'page-meta': "the page's meta tags",
    text: 'the text',
    combined: 'dateline and metadata together',
  }[origin.source]
  return `from ${where}: ${origin.detail}`
}

function describeLayout(layout: ReturnType<typeof cleanText>['layout']): string {
  const marks = [
    layout.blankSeparated ? 'blank lines' : null,
    layout.indentMarked ? 'indented first lines' : null,
  ].filter(Boolean)
  const shape = layout.wrapped
    ? `hard-wrapped at ${layout.width} columns, lines joined into paragraphs`
    : 'one paragraph per line'
  return `${shape}${marks.length > 0 ? `; paragraphs marked by ${marks.join(' and ')}` : ''}${layout.capitals ? '; all capitals' : ''}`
}

/** "PROBLEMS  none", or each problem on its own lines. */
export function problemsReport(problems: readonly Problem[]): string {
  if (problems.length === 0) return '\nPROBLEMS  none'
  return ['', `PROBLEMS  ${problems.length}`, ...problems.flatMap((p) => wrap('  ! ', describeProblem(p)))].join('\n')
}

function field(name: string, value: string): string {
  return wrap(`  ${name.padEnd(10)} `, value).join('\n')
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1))}…`
}

/** Word-wraps `text` to the terminal width with a hanging indent the width of `head`. */
function wrap(head: string, text: string): string[] {
  const room = Math.max(20, WIDTH - head.length)
  const lines: string[] = []
  let current = ''
  for (const word of text.split(/\s+/)) {
    if (current && current.length + 1 + word.length > room) {
      lines.push(current)
      current = word
    } else current = current ? `${current} ${word}` : word
  }
  lines.push(current)
  return lines.map((l, i) => (i === 0 ? head : ' '.repeat(head.length)) + l)
}
