/**
 * Applies the cleaning rules (rules.ts) to an article's text, block by block, in one pass. The blocks are the file's
 * paragraphs as its layout shows them (layout.ts): a line each in one-paragraph-per-line text, the lines of a
 * paragraph in hard-wrapped copy. Every non-blank line ends up, whole or in pieces, as exactly one of: part of a
 * paragraph of reporting, of a heading, or of a removal with its rule. All spans are offsets into the original text
 * and are trimmed (they start and end on a non-space character), so white space is the only text that belongs to no
 * span. A span may hold line breaks; rules read them as spaces.
 */
import type { Removal, Span } from './types.ts'
import { splitLines, isWhitespace } from './lines.ts'
import { analyzeLayout, type Layout, splitBlocks } from './layout.ts'
import {
  LINE_RULES,
  PREFIX_RULES,
  SUFFIX_RULES,
  isCapitalsHeadline,
  isHeadingShaped,
  type LineContext,
  type PrefixRule,
  type SuffixRule,
} from './rules.ts'

export interface Cleaned {
  /** Paragraphs of reporting, in order: one per block of lines (see layout.ts). */
  paragraphs: Span[]
  /** Title and section heads, in order: displayable, not quotable. */
  headings: Span[]
  /** The title: the first heading, when it comes before any paragraph; also in `headings`. */
  title: Span | null
  /** Everything cut, in text order. */
  removed: Removal[]
  /** How the file lays out its paragraphs (for `inspect`). */
  layout: Layout
}

export function cleanText(text: string): Cleaned {
  const paragraphs: Span[] = []
  const headings: Span[] = []
  const removed: Removal[] = []
  let title: Span | null = null
  const lines = splitLines(text)
  const layout = analyzeLayout(text, lines)
  // The rules match line by line in one-paragraph-per-line text and block by block in wrapped copy; they read a line
  // break as a space. Same length as `text`, so every offset found in it is an offset in the text.
  const flat = text.replace(/[\r\n]/g, ' ')

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

  const blocks = splitBlocks(text, lines, layout)
  blocks.forEach((block, b) => {
    const content = flat.slice(block.start, block.end)
    context.content = content

    const rule = LINE_RULES.find((r) => r.matches(context))
    if (rule) {
      remove(block.start, block.end, rule)
      if (rule.endsArticle) context.afterTrailer = true
      context.previousRule = rule.id
      context.previousContent = content
      return
    }

    // Cut page stamps and datelines off the top, then a trailing credit; what is left is kept.
    let start = block.start
    let end = block.end
    if (context.beforeBody) start = cutPrefixes(flat, start, end, PREFIX_RULES, remove)
    if (start < end) end = cutSuffixes(flat, start, end, SUFFIX_RULES, remove)

    context.previousContent = content
    const kept = trim(text, start, end)
    if (!kept) {
      // The whole block was stamps/credits: behave as if the last cutting rule had removed it.
      context.previousRule = removed[removed.length - 1]?.rule ?? null
      return
    }
    context.previousRule = null
    const keptText = flat.slice(kept.start, kept.end)
    // The title is judged on the whole block: a lede with a stamp glued on is never a title.
    const firstBlock = context.beforeBody && headings.length === 0
    const heading =
      start === block.start &&
      (isHeadingShaped(keptText) ||
        (!layout.capitals && isCapitalsHeadline(keptText)) ||
        (firstBlock && isTitleLine(keptText) && standsAboveBlank(lines, block, blocks[b + 1])))
    if (heading) {
      // The title: the first heading, above any reporting (junk such as "Advertisement" may come before it).
      if (firstBlock) title = kept
      headings.push(kept)
    } else {
      paragraphs.push(kept)
      context.beforeBody = false
    }
  })

  removed.sort((a, b) => a.start - b.start)
  return { paragraphs, headings, title, removed, layout }
}

/** The longest title line above a blank line (long web headlines run to 25 words). */
const MAX_TITLE_WORDS = 30
const MAX_TITLE_CHARS = 250

/**
 * A line alone at the top above a blank line is the title even when it is long or ends like a question ("Who will
 * rule Syria?"): it only must not be a statement (a one-sentence lede ends with a full stop) or a lead-in.
 */
function isTitleLine(content: string): boolean {
  return (
    content.length <= MAX_TITLE_CHARS &&
    content.split(/\s+/).length <= MAX_TITLE_WORDS &&
    /\p{L}/u.test(content) &&
    !/[.:;,\-–—]["'”’)\]]*$/.test(content)
  )
}

/** True when the block is one line followed by a blank line and more text. */
function standsAboveBlank(
  lines: readonly { contentStart: number; contentEnd: number }[],
  block: { first: number; last: number },
  next: { first: number } | undefined,
): boolean {
  if (block.first !== block.last || next === undefined) return false
  const after = lines[block.last + 1]
  return after !== undefined && after.contentStart === after.contentEnd
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
