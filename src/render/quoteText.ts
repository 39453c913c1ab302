import type { QuotationLookup, QuotationMatch, Version } from '../quotes/index.ts'
import {
  differences,
  isPartOfFirst,
  lookupHeading,
  lookupHint,
  outletsOf,
  printedBy,
  speakerLabel,
  splitByExact,
  wordsAt,
} from './quoteParts.ts'
import { withQuotationMarks } from './blocks.ts'
import { embolden, terminalSafe } from './text.ts'

export interface QuoteTextOptions {
  /** Bold the words that differ between versions (ANSI; for a terminal). Default false. */
  color?: boolean
  /** Most statements shown. Default all. */
  limit?: number
}

/**
 * A quotation lookup as terminal text: each statement with its speaker, then each version (the words exactly as
 * printed, in “ ”) with the outlets that printed it, and for a version in other words, the words that differ.
 *
 * @example
 * process.stdout.write(renderQuotesText(index.lookup('Abdulrahman'), { color: true }))
 */
export function renderQuotesText(lookup: QuotationLookup, options: QuoteTextOptions = {}): string {
  const { color = false, limit = Number.POSITIVE_INFINITY } = options
  const lines = [terminalSafe(lookupHeading(lookup))]
  if (lookup.matches.length === 0) {
    const hint = lookupHint(lookup)
    if (hint) lines.push(terminalSafe(hint))
  }
  lookup.matches.slice(0, limit).forEach((match, i) => {
    lines.push('', ...statementLines(lookup, match, i + 1, color))
  })
  if (lookup.matches.length > limit) lines.push('', `Showing ${limit} of ${lookup.matches.length}.`)
  return `${lines.join('\n')}\n`
}

function statementLines(lookup: QuotationLookup, match: QuotationMatch, n: number, color: boolean): string[] {
  const { statement } = match
  const number = `${n}. `
  const indent = ' '.repeat(number.length)
  const notes: string[] = []
  if (statement.kind === 'term') notes.push('a term in quotation marks, not a statement')
  if (statement.differs) notes.push('outlets print different words')
  const lines = [`${number}${terminalSafe(speakerLabel(statement))}${notes.length > 0 ? ` — ${notes.join('; ')}` : ''}`]
  if (lookup.by === 'words') {
    const { exact, other } = splitByExact(match)
    const outlets = terminalSafe(outletsOf(exact))
    lines.push(
      `${indent}${exact.length > 0 ? `Exactly these words: ${outlets}` : 'No outlet printed exactly these words.'}`,
    )
    if (other.length > 0) lines.push(`${indent}In other words: ${terminalSafe(outletsOf(other))}`)
  }
  for (const version of statement.versions) lines.push(...versionLines(match, version, indent, color))
  return lines
}

function versionLines(match: QuotationMatch, version: Version, indent: string, color: boolean): string[] {
  const diff = differences(match.statement, version)
  const words = color && diff ? embolden(version.words, diff.here) : terminalSafe(version.words)
  const lines = [
    `${indent}${withQuotationMarks(version.words, words)}`,
    `${indent}   — ${terminalSafe(printedBy(version))}`,
  ]
  if (isPartOfFirst(match.statement, version)) lines.push(`${indent}   quotes part of the words above`)
  if (diff && (diff.here.length > 0 || diff.there.length > 0)) {
    const first = match.statement.versions[0]!
    const here = diff.here.length > 0 ? `“${wordsAt(version.words, diff.here)}”` : 'nothing'
    const there = diff.there.length > 0 ? `“${wordsAt(first.words, diff.there)}”` : 'nothing'
    lines.push(terminalSafe(`${indent}   differs: ${here} where ${outletsOf([first])} print ${there}`))
  }
  return lines
}
