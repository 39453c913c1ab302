import type { Span } from '../corpus/types.ts'
import type { Passage } from '../passages/types.ts'
import type { Answer } from '../search/types.ts'
import { totalLabel } from './counts.ts'
import { alsoInLabels, credit } from './attribution.ts'
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

/** An answer as plain text for a terminal: numbered quotes, each with its credit line. */
export function renderText(answer: Answer, options: TextOptions = {}): string {
  const { color = false, width = Infinity } = options
  const lines: string[] = []
  for (const notice of answer.notices) lines.push(notice)
  if (answer.hits.length > 0 && answer.notices.length > 0) lines.push('')
  answer.hits.forEach((hit, i) => {
    const number = `${answer.offset + i + 1}. `
    const indent = ' '.repeat(number.length)
    const shown = displayQuote(hit.passage.text, hit.highlights)
    const quote = `“${color ? embolden(shown.text, shown.highlights) : shown.text}”`
    wrap(quote, width - indent.length).forEach((line, j) => {
      lines.push(`${j === 0 ? number : indent}${line}`)
    })
    const title = hit.passage.title ? ` · ${hit.passage.title}` : ''
    lines.push(`${indent}   — ${credit(hit.passage)}${title}`)
    const also = alsoInLabels(hit.alsoIn)
    if (also.length > 0) lines.push(`${indent}     also in: ${also.join(', ')}`)
    if (hit.passage.url) lines.push(`${indent}     ${hit.passage.url}`)
    for (const note of options.passageNotes?.(hit.passage) ?? []) lines.push(`${indent}     ${note}`)
    lines.push('')
  })
  const shown = answer.offset + answer.hits.length
  if (answer.hits.length > 0 && shown < answer.total)
    lines.push(`Showing ${answer.offset + 1}–${shown} of ${totalLabel(answer)}.`)
  return `${lines.join('\n').trimEnd()}\n`
}

/** `text` with the spans in ANSI bold (for a terminal). */
export function embolden(text: string, highlights: readonly Span[]): string {
  let out = ''
  let at = 0
  for (const span of highlights) {
    out += text.slice(at, span.start) + BOLD + text.slice(span.start, span.end) + RESET
    at = span.end
  }
  return out + text.slice(at)
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
