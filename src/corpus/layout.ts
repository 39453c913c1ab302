/**
 * How a plain-text file lays out its paragraphs, read from the file itself (never from its name), and the blocks of
 * lines that make up each paragraph. Copy arrives in every shape: one paragraph per line (scraped pages), paragraphs
 * separated by blank lines, or marked by an indented first line, and lines hard-wrapped at 60–80 columns inside a
 * paragraph (wire feeds, e-mailed copy, text exports), in any mix.
 *
 * A line break inside a paragraph is a soft break; between paragraphs it is a hard one. Which is which is decided
 * joint by joint, with what the whole file says about itself:
 * - a blank line, or a line indented further than the line before, always ends a paragraph;
 * - in a file that is not hard-wrapped, every line is its own paragraph, unless a line stops without punctuation and
 *   the next goes on in lower case (a sentence cut in two);
 * - in a hard-wrapped file, a line goes on into the next unless the next line's first word would have fitted on it
 *   (a wrapping program breaks a line only when the next word does not fit), or one of the two lines is of a kind that
 *   stands alone (a headline in capitals, a sign-off, a byline: see `boundaryOf` in rules.ts).
 * Getting a joint wrong one way splits a paragraph at a sentence end (harmless: passages never span paragraphs
 * anyway); the rules never split inside a sentence on width alone.
 */
import type { Line } from './lines.ts'
import { closesBlock, endsSentence, isSignOff, lineBoundary } from './rules.ts'

/** What a file's layout says, for the block splitter and for `inspect`. */
export interface Layout {
  /** Paragraphs run over several lines broken at a fixed width. */
  wrapped: boolean
  /** The column lines are broken at (the longest wrapped line, give or take outliers); 0 when not wrapped. */
  width: number
  /** A paragraph starts with an indented first line, its other lines less indented. */
  indentMarked: boolean
  /** Paragraphs are separated by blank lines (somewhere in the file). */
  blankSeparated: boolean
  /** Most letters are capitals (old teletype copy): capitals then do not make a headline. */
  capitals: boolean
}

/** A paragraph-to-be: consecutive lines of one paragraph (or one line), as offsets into the text. */
export interface Block {
  /** Index in `lines` of the first and last line. */
  first: number
  last: number
  /** [start, end): from the first line's first character to the last line's last one (trimmed). */
  start: number
  end: number
}

/** Lines wrapped wider than this are one-paragraph-per-line text, whatever else they look like. */
export const MAX_WRAP_COLUMNS = 132
/** Share of line joints that must read as a sentence going on for the file to count as hard-wrapped. */
const WRAPPED_SHARE = 0.2
/**
 * A line that stops without punctuation at under this share of the width, when the next word would have fitted on
 * it, ends its paragraph (a heading or a label). Wrapping programs that balance lines (fmt) fill them to about 90%.
 */
const SHORT_LINE_SHARE = 0.75
const TAB_COLUMNS = 4
/** Characters at a line's end that say whether it ends a sentence (the longest small word, a quote, a bracket). */
const TAIL = 12
/** A line this many times the width was never wrapped at that width. */
const OVER_WIDTH = 1.25

const STARTS_LOWER = /^[\p{Ll}]/u
const STARTS_UPPER = /^[\p{Lu}\p{N}"“‘'(«[]/u
/** A line that stops mid-sentence: a comma, a hyphen, or a small word that cannot end a sentence. */
const STOPS_MID_SENTENCE =
  /(?:[,;]|\b(?:the|a|an|of|to|in|on|at|for|and|or|but|by|with|from|that|as|its|their|his|her))$/i

export function analyzeLayout(text: string, lines: readonly Line[]): Layout {
  const content = lines.filter((line) => line.contentStart < line.contentEnd)
  const { letters, capitals } = countLetters(text)
  const layout: Layout = {
    wrapped: false,
    width: 0,
    indentMarked: false,
    blankSeparated: false,
    capitals: letters > 0 && capitals / letters > 0.6,
  }

  let joints = 0
  let going = 0
  let indentUp = 0
  let indentDown = 0
  const wrappedWidths: number[] = []
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!
    const b = lines[i]!
    if (b.contentStart === b.contentEnd) continue
    if (a.contentStart === a.contentEnd) {
      if (i > 1 && content[0] !== b) layout.blankSeparated = true
      continue
    }
    joints++
    // Only the end of a line and the start of the next matter here (end-anchored patterns on a tail: linear time).
    const aTail = text.slice(Math.max(a.contentStart, a.contentEnd - TAIL), a.contentEnd)
    const bHead = text.slice(b.contentStart, b.contentStart + 1)
    const aIndent = indentOf(text, a)
    const bIndent = indentOf(text, b)
    if (bIndent > aIndent) indentUp++
    else if (bIndent < aIndent) indentDown++
    if (!endsSentence(aTail) && (STARTS_LOWER.test(bHead) || STOPS_MID_SENTENCE.test(aTail))) {
      going++
      wrappedWidths.push(columnsOf(text, a))
    }
  }
  layout.indentMarked = indentUp > 0 && indentDown > 0
  if (going > 0 && going >= WRAPPED_SHARE * joints) {
    wrappedWidths.sort((x, y) => x - y)
    const width = wrappedWidths[Math.floor(0.9 * (wrappedWidths.length - 1))]!
    if (width <= MAX_WRAP_COLUMNS) {
      layout.wrapped = true
      layout.width = wrappedWidths[wrappedWidths.length - 1]! <= MAX_WRAP_COLUMNS ? wrappedWidths.at(-1)! : width
    }
  }
  return layout
}

/**
 * Groups the non-blank lines into blocks, one per paragraph (or heading, or piece of boilerplate), as the layout
 * says. Linear in the number of lines.
 */
export function splitBlocks(text: string, lines: readonly Line[], layout: Layout): Block[] {
  const blocks: Block[] = []
  let current: Block | null = null
  let previous: Line | null = null
  let baseIndent = Number.POSITIVE_INFINITY
  if (layout.indentMarked) {
    // The indentation of continuation lines: the least of any line that follows another without a blank.
    for (let i = 1; i < lines.length; i++) {
      const a = lines[i - 1]!
      const b = lines[i]!
      if (a.contentStart < a.contentEnd && b.contentStart < b.contentEnd)
        baseIndent = Math.min(baseIndent, indentOf(text, b))
    }
  }
  lines.forEach((line, index) => {
    if (line.contentStart === line.contentEnd) {
      previous = null
      return
    }
    if (current && previous && joins(text, previous, line, layout, baseIndent)) {
      current.last = index
      current.end = line.contentEnd
    } else {
      current = { first: index, last: index, start: line.contentStart, end: line.contentEnd }
      blocks.push(current)
    }
    previous = line
  })
  return blocks
}

/** Whether line `b` goes on the paragraph of line `a` (the line just before it, no blank line between). */
function joins(text: string, a: Line, b: Line, layout: Layout, baseIndent: number): boolean {
  const aText = text.slice(a.contentStart, a.contentEnd)
  const bText = text.slice(b.contentStart, b.contentEnd)
  // One paragraph per line: only a sentence cut in two (no punctuation, then lower case) is joined. Decided first:
  // most files are this, and it needs no other check.
  if (!layout.wrapped && !(STARTS_LOWER.test(bText) && !/[.?!…:"”’)\]]$/.test(aText))) return false
  const aIndent = indentOf(text, a)
  const bIndent = indentOf(text, b)
  if (bIndent > aIndent || (layout.indentMarked && bIndent > baseIndent)) return false
  const ends = endsSentence(aText)
  if (lineBoundary(aText, layout.capitals) === 'alone' || closesBlock(aText)) return false
  // A wire name alone on a line is a sign-off after a finished sentence; after "Pic:" it ends a wrapped credit.
  if (lineBoundary(bText, layout.capitals) !== null && (ends || !isSignOff(bText))) return false
  if (STARTS_LOWER.test(bText)) return layout.wrapped ? true : !ends && !/[.?!…:"”’)\]]$/.test(aText)
  if (!layout.wrapped) return false
  // The next word would have fitted on this line: the writer (not a wrapping program) broke the line here. A line
  // well past the width was not wrapped at all (a paragraph on one line, in a file that mixes both).
  const fits = columnsOf(text, a) + 1 + firstWordLength(bText) <= layout.width
  const unwrapped = columnsOf(text, a) > layout.width * OVER_WIDTH
  if (ends) return !fits && !unwrapped
  if (!STARTS_UPPER.test(bText)) return true
  return !(fits && columnsOf(text, a) <= SHORT_LINE_SHARE * layout.width)
}

/** Letters and capital letters in a text (one pass; ASCII without a regex). */
function countLetters(text: string): { letters: number; capitals: number } {
  let letters = 0
  let capitals = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 65 && code <= 90) {
      letters++
      capitals++
    } else if (code >= 97 && code <= 122) letters++
    else if (code > 127) {
      const ch = text[i]!
      if (/\p{L}/u.test(ch)) {
        letters++
        if (/\p{Lu}/u.test(ch)) capitals++
      }
    }
  }
  return { letters, capitals }
}

/** Leading white space of a line, in columns (a tab counts as TAB_COLUMNS). */
function indentOf(text: string, line: Line): number {
  let columns = 0
  for (let i = line.start; i < line.contentStart; i++) columns += text[i] === '\t' ? TAB_COLUMNS : 1
  return columns
}

/** The column a line's text ends at. */
function columnsOf(text: string, line: Line): number {
  return indentOf(text, line) + (line.contentEnd - line.contentStart)
}

function firstWordLength(content: string): number {
  const space = content.search(/\s/)
  return space < 0 ? content.length : space
}
