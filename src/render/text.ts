import type { Span } from '../corpus/types.ts'
import type { Passage } from '../passages/types.ts'
import type { Answer } from '../search/types.ts'
import { totalLabel } from './counts.ts'
import { alsoInLabels, credit } from './attribution.ts'
import { withQuotationMarks } from './blocks.ts'
import { displayQuote } from './quote.ts'

export interface TextOptions {
  /** Bold matched words with ANSI escapes (for a terminal). Default false. */
  color?: boolean
  /** Wrap quotes at this many columns (a terminal's width). Default: no wrapping, so a copied quote has no stray line breaks. */
  width?: number
  /** Notes printed under a passage's credit (quotation warnings, see render/quoteParts.ts). Default none. */
  passageNotes?: (passage: Passage) => readonly string[]
}

const BOLD = '\u001b[1m'
const RESET = '\u001b[22m'

/**
 * What could drive a terminal rather than be read: C0 controls but tab and line feed (ESC starts every escape
 * sequence; a carriage return overwrites the line), DEL, C1 controls (CSI, OSC…), and the bidirectional overrides and
 * isolates that reorder what is shown.
 */
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/**
 * Text from an article (or anything else not written by Storydesk) made safe to print to a terminal: each control
 * character shown as its escape, "\u001b", so an article can neither colour, move nor reorder what is printed.
 * Every terminal renderer passes the text it did not write through this before adding its own ANSI bold.
 *
 * @example terminalSafe('Title\u001b[2J') // 'Title\\u001b[2J'
 */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** An answer as plain text for a terminal: numbered quotes, each with its credit line. */
export function renderText(answer: Answer, options: TextOptions = {}): string {
  const { color = false, width = Infinity } = options
  const lines: string[] = []
  for (const notice of answer.notices) lines.push(terminalSafe(notice))
  if (answer.hits.length > 0 && answer.notices.length > 0) lines.push('')
  answer.hits.forEach((hit, i) => {
    const number = `${answer.offset + i + 1}. `
    const indent = ' '.repeat(number.length)
    const shown = displayQuote(hit.passage.text, hit.highlights)
    const quote = withQuotationMarks(
      shown.text,
      color ? embolden(shown.text, shown.highlights) : terminalSafe(shown.text),
    )
    wrap(quote, width - indent.length).forEach((line, j) => {
      lines.push(`${j === 0 ? number : indent}${line}`)
    })
    const title = hit.passage.title ? ` · ${hit.passage.title}` : ''
    lines.push(`${indent}   — ${terminalSafe(credit(hit.passage) + title)}`)
    const also = alsoInLabels(hit.alsoIn)
    if (also.length > 0) lines.push(`${indent}     also in: ${terminalSafe(also.join(', '))}`)
    if (hit.passage.url) lines.push(`${indent}     ${terminalSafe(hit.passage.url)}`)
    for (const note of options.passageNotes?.(hit.passage) ?? []) lines.push(`${indent}     ${terminalSafe(note)}`)
    lines.push('')
  })
  const shown = answer.offset + answer.hits.length
  if (answer.hits.length > 0 && shown < answer.total)
    lines.push(`Showing ${answer.offset + 1}–${shown} of ${totalLabel(answer)}.`)
  return `${lines.join('\n').trimEnd()}\n`
}

/** `text` with the spans in ANSI bold (for a terminal), its own control characters escaped (terminalSafe). */
export function embolden(text: string, highlights: readonly Span[]): string {
  let out = ''
  let at = 0
  for (const span of highlights) {
    out += terminalSafe(text.slice(at, span.start)) + BOLD + terminalSafe(text.slice(span.start, span.end)) + RESET
    at = span.end
  }
  return out + terminalSafe(text.slice(at))
}

/** Greedy word wrap on spaces; ANSI escapes do not count towards the width. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  let visible = 0
  for (const word of text.split(' ')) {
    const length = word.replace(/\u001b\[\d+m/g, '').length
    if (visible > 0 && visible + 1 + length > width) {
      lines.push(line)
      line = word
      visible = length
    } else {
      line = visible > 0 || line ? `${line} ${word}` : word
      visible += (visible > 0 ? 1 : 0) + length
    }
  }
  if (line) lines.push(line)
  return lines
}
