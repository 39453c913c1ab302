import type { QuotationLookup, QuotationMatch, Version } from '../quotes/index.ts'
import { type Block, LIMITS, quoteSection, type SlackMessage } from './blocks.ts'
import { escapeText, hasFormatting, literal, mrkdwn, plainText } from './mrkdwn.ts'
import { displayQuote, fitQuote } from './quote.ts'
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

/**
 * Slack Block Kit for quotation lookups (`/syria quotes <name>`, `/syria check "<words>"`, and "Find coverage" on a
 * message that holds a quotation). Every version is a block quote of the words exactly as printed, the words that
 * differ from the wording most outlets print in bold, then who printed it. Slack's limits (LIMITS in blocks.ts) and
 * escaping are kept as for ordinary answers.
 */

export interface QuotesMessageOptions {
  /** Most statements shown. Default 8. */
  limit?: number
  /** Most versions shown per statement. Default 4. */
  versions?: number
  /** What was checked, when it was not typed by the person (the quotation found in a message). */
  searched?: string
}

/**
 * One message for a lookup: a heading, then per statement its speaker, then each version with its outlets.
 *
 * @example
 * await respond({ response_type: 'ephemeral', ...quotesMessage(index.lookup('Abdulrahman')) })
 */
export function quotesMessage(lookup: QuotationLookup, options: QuotesMessageOptions = {}): SlackMessage {
  const { limit = 8, versions = 4 } = options
  const heading = lookupHeading(lookup)
  const blocks: Block[] = [{ type: 'section', text: bold(clip(heading, 500)) }]
  if (options.searched) blocks.push(context(`Checked the quotation in the message: “${clip(options.searched, 280)}”`))
  if (lookup.matches.length === 0) {
    const hint = lookupHint(lookup)
    if (hint) blocks.push(context(hint))
  }
  let shown = 0
  for (const match of lookup.matches.slice(0, limit)) {
    const next = statementBlocks(lookup, match, shown + 1, versions)
    // Keep room for the closing note: a message over 50 blocks is refused whole.
    if (blocks.length + next.length > LIMITS.blocks - 1) break
    blocks.push(...next)
    shown++
  }
  if (shown < lookup.matches.length)
    blocks.push(
      context(`${lookup.matches.length - shown} more not shown. Ask with more of the words, or a fuller name.`),
    )
  return { text: fallbackText(heading, lookup, shown), blocks }
}

function statementBlocks(lookup: QuotationLookup, match: QuotationMatch, n: number, maxVersions: number): Block[] {
  const { statement } = match
  const notes: string[] = []
  if (statement.kind === 'term') notes.push('a term in quotation marks, not a statement')
  if (statement.differs) notes.push('⚠ outlets print different words')
  const blocks: Block[] = [
    { type: 'section', text: bold(`${n}. ${clip(speakerLabel(statement), 300)}`, notes.join('; ')) },
  ]
  if (lookup.by === 'words') {
    const { exact, other } = splitByExact(match)
    const lines = [
      exact.length > 0 ? `✓ Exactly these words: ${outletsOf(exact)}` : 'No outlet printed exactly these words.',
    ]
    if (other.length > 0) lines.push(`≠ In other words: ${outletsOf(other)}`)
    blocks.push(context(lines.join('\n')))
  }
  for (const version of statement.versions.slice(0, maxVersions)) blocks.push(...versionBlocks(match, version))
  const hidden = statement.versions.length - maxVersions
  if (hidden > 0) blocks.push(context(`${hidden} more wording${hidden === 1 ? '' : 's'} not shown.`))
  return blocks
}

function versionBlocks(match: QuotationMatch, version: Version): Block[] {
  const diff = differences(match.statement, version)
  const credit = [printedBy(version)]
  if (diff && (diff.here.length > 0 || diff.there.length > 0)) {
    const first = match.statement.versions[0]!
    const here = diff.here.length > 0 ? `“${wordsAt(version.words, diff.here)}”` : 'nothing'
    const there = diff.there.length > 0 ? `“${wordsAt(first.words, diff.there)}”` : 'nothing'
    credit.push(`differs: ${here} where ${outletsOf([first])} print ${there}`)
  }
  if (isPartOfFirst(match.statement, version)) credit.push('quotes part of the words above')
  // A quotation over several paragraphs (or hard-wrapped copy) is shown on one line, as passages are.
  const shown = displayQuote(version.words, diff?.here ?? [])
  return [quoteSection(shown.text, shown.highlights), context(credit.join(' · '))]
}

/** A context block of outside text, shown as written, within Slack's text limit. */
function context(text: string): Block {
  return { type: 'context', elements: [literal(clip(text, 2000))] }
}

/** "*text* — rest": bold text and a plain rest, or all as plain text when it holds mrkdwn formatting characters. */
function bold(text: string, rest = '') {
  const whole = rest ? `${text} — ${rest}` : text
  if (hasFormatting(whole)) return plainText(whole)
  return mrkdwn(`*${escapeText(text)}*${rest ? ` — ${escapeText(rest)}` : ''}`)
}

/** Plain-text fallback for notifications and screen readers. */
function fallbackText(heading: string, lookup: QuotationLookup, shown: number): string {
  const lines = [heading]
  for (const { statement } of lookup.matches.slice(0, shown)) {
    const first = statement.versions[0]!
    lines.push(`${speakerLabel(statement)}: “${fitQuote(first.words, 200).text}” — ${outletsOf([first])}`)
  }
  // Cut before escaping, so the cut never splits an entity such as &amp;.
  return escapeText(lines.join('\n').slice(0, 2800))
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
