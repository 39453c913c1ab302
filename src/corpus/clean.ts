/**
 * Applies the cleaning rules (rules.ts) to an article's text, line by line, in one pass. Every non-blank line ends
 * up, whole or in pieces, as exactly one of: a paragraph of reporting, a heading, or a removal with its rule.
 * All spans are offsets into the original text and are trimmed (they start and end on a non-space character),
 * so whitespace is the only text that belongs to no span.
 */
import type { Removal, Span } from './types.ts'
import { splitLines, isWhitespace } from './lines.ts'
import {
  LINE_RULES,
  PREFIX_RULES,
  SUFFIX_RULES,
  isHeadingShaped,
  type LineContext,
  type PrefixRule,
  type SuffixRule,
} from './rules.ts'

export interface Cleaned {
  /** Paragraphs of reporting, in order: one per kept line (lines are never merged). */
  paragraphs: Span[]
  /** Title line and section heads, in order: displayable, not quotable. */
  headings: Span[]
  /** The title line: the first heading, when it comes before any paragraph; also in `headings`. */
  title: Span | null
  /** Everything cut, in text order. */
  removed: Removal[]
}

export function cleanText(text: string): Cleaned {
  const paragraphs: Span[] = []
  const headings: Span[] = []
  const removed: Removal[] = []
  let title: Span | null = null

  const context: LineContext = {
    content: '',
    previousRule: null,
    previousContent: '',
    beforeBody: true,
    afterTrailer: false,
  }

  const remove = (start: number, end: number, rule: { id: string; reason: string }): void => {
    const span = trim(text, start, end)
    if (span) removed.push({ ...span, rule: rule.id, reason: rule.reason })
  }

  for (const line of splitLines(text)) {
    if (line.contentStart === line.contentEnd) continue
    const content = text.slice(line.contentStart, line.contentEnd)
    context.content = content

    const rule = LINE_RULES.find((r) => r.matches(context))
    if (rule) {
      remove(line.contentStart, line.contentEnd, rule)
      if (rule.endsArticle) context.afterTrailer = true
      context.previousRule = rule.id
      context.previousContent = content
      continue
    }

    // Cut page stamps and datelines off the top, then a trailing wire credit; what is left is kept.
    let start = line.contentStart
    let end = line.contentEnd
    if (context.beforeBody) start = cutPrefixes(text, start, end, PREFIX_RULES, remove)
    if (start < end) end = cutSuffixes(text, start, end, SUFFIX_RULES, remove)

    context.previousContent = content
    const kept = trim(text, start, end)
    if (!kept) {
      // The whole line was stamps/credits: behave as if the last cutting rule had removed the line.
      context.previousRule = removed[removed.length - 1]?.rule ?? null
      continue
    }
    context.previousRule = null
    // The title is judged on the whole line: a lede with a stamp glued on is never a title.
    if (start === line.contentStart && isHeadingShaped(text.slice(kept.start, kept.end))) {
      // The title: the first heading, above any reporting (junk such as "Advertisement" may come before it).
      if (headings.length === 0 && context.beforeBody) title = kept
      headings.push(kept)
    } else {
      paragraphs.push(kept)
      context.beforeBody = false
    }
  }

  removed.sort((a, b) => a.start - b.start)
  return { paragraphs, headings, title, removed }
}

/** Applies prefix rules in order, repeatedly, while one still matches; returns the new start. */
function cutPrefixes(
  text: string,
  start: number,
  end: number,
  rules: readonly PrefixRule[],
  remove: (start: number, end: number, rule: PrefixRule) => void,
): number {
  let cutting = true
  while (cutting && start < end) {
    cutting = false
    for (const rule of rules) {
      const length = rule.prefixLength(text.slice(start, end))
      if (length > 0) {
        remove(start, start + length, rule)
        start += length
        while (start < end && isWhitespace(text[start])) start++
        cutting = true
        break
      }
    }
  }
  return start
}

/** Applies the first matching suffix rule; returns the new end. */
function cutSuffixes(
  text: string,
  start: number,
  end: number,
  rules: readonly SuffixRule[],
  remove: (start: number, end: number, rule: SuffixRule) => void,
): number {
  for (const rule of rules) {
    const at = rule.suffixStart(text.slice(start, end))
    if (at >= 0) {
      remove(start + at, end, rule)
      return start + at
    }
  }
  return end
}

/** [start, end) without leading/trailing whitespace, or null when nothing is left. */
function trim(text: string, start: number, end: number): Span | null {
  while (start < end && isWhitespace(text[start])) start++
  while (end > start && isWhitespace(text[end - 1])) end--
  return start < end ? { start, end } : null
}
