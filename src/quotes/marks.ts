import type { Span } from '../corpus/types.ts'

/**
 * Finds the quotation marks of an article's paragraphs and pairs them. Pure text work, no idea of speakers.
 *
 * Handled: curly “…” and ‘…’, straight "…" and '…' (their direction read from what stands on either side),
 * guillemets «…» and „…“; quotations nested inside others (only the outer one is a quotation; a nested one is part of
 * its words); a quotation over several sentences; a quotation over several paragraphs (the newsroom convention: no
 * closing mark at the end of a paragraph, an opening mark at the start of the next); and apostrophes that look like
 * single quotes (Syria’s, don't, ’90s, 'em, and the plural possessive "the rebels' advance").
 */

export type QuoteFamily = 'double' | 'single'

/** A pair of outer quotation marks and the words between them. */
export interface QuoteMarks {
  family: QuoteFamily
  /** Offset of the opening mark. */
  open: number
  /** Offset of the closing mark; null for a quotation over several paragraphs that is never closed. */
  close: number | null
  /** The words in each paragraph, without marks or surrounding space. */
  parts: Span[]
  /** First and last paragraph (indexes into the paragraphs given). */
  firstParagraph: number
  lastParagraph: number
}

type Role = 'open' | 'close' | 'either' | 'none'

interface Mark {
  family: QuoteFamily
  role: Role
}

const OPENING_PUNCTUATION = new Set(['(', '[', '{', '—', '–', '-', '/', '“', '‘', '«', '„', '"', "'", '‹'])
const CLOSING_PUNCTUATION = new Set([
  '.',
  ',',
  ';',
  ':',
  '!',
  '?',
  ')',
  ']',
  '}',
  '—',
  '–',
  '-',
  '…',
  '”',
  '’',
  '»',
  '"',
  "'",
  '›',
])
// Elisions written with a leading apostrophe: 'em, 'til, 'tis, 'twas, 'cause, rock 'n' roll, the '90s.
const ELISION = /^['’‘](?:\d\ds?\b|em\b|til\b|tis\b|twas\b|cause\b|n['’]?(?=\s)|round\b|bout\b)/i

function isSpace(ch: string | undefined): boolean {
  return ch === undefined || ch === ' ' || ch === '\n' || /\s/.test(ch)
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch)
}

/** Every character that can be a quotation mark: the scan jumps from one to the next. */
const MARK_CHARACTERS = /["'“”‘’„«»‹›]/g

/** Offsets of every character of `text` that can be a quotation mark, in order (one pass over the text). */
function markCharacters(text: string): number[] {
  const positions: number[] = []
  for (const match of text.matchAll(MARK_CHARACTERS)) positions.push(match.index)
  return positions
}

/** The offsets among `positions` within [from, to). */
function* marksWithin(positions: readonly number[], from: number, to: number): Generator<number> {
  let low = 0
  let high = positions.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (positions[mid]! < from) low = mid + 1
    else high = mid
  }
  for (let i = low; i < positions.length && positions[i]! < to; i++) yield positions[i]!
}

/** What the character at `i` can be, judged by its neighbours inside [from, to). */
function markAt(text: string, i: number, from: number, to: number): Mark | null {
  const ch = text[i]!
  const prev = i > from ? text[i - 1] : undefined
  const next = i + 1 < to ? text[i + 1] : undefined
  const openerContext = (isSpace(prev) || OPENING_PUNCTUATION.has(prev!)) && !isSpace(next)
  const closerContext = !isSpace(prev) && (isSpace(next) || CLOSING_PUNCTUATION.has(next!))
  const direction: Role =
    openerContext && !closerContext
      ? 'open'
      : closerContext && !openerContext
        ? 'close'
        : isWordChar(prev) && isWordChar(next)
          ? 'none'
          : 'either'
  switch (ch) {
    case '“':
      // Normally an opener; a closer only where it plainly ends words (and in „…“).
      return { family: 'double', role: closerContext && !openerContext ? 'either' : 'open' }
    case '”':
      return { family: 'double', role: openerContext && !closerContext ? 'either' : 'close' }
    case '„':
    case '«':
      return { family: 'double', role: 'open' }
    case '»':
      return { family: 'double', role: 'close' }
    case '"':
      return { family: 'double', role: direction }
    case '‹':
      return { family: 'single', role: 'open' }
    case '›':
      return { family: 'single', role: 'close' }
    case '‘':
      if (ELISION.test(text.slice(i, Math.min(to, i + 8))) || (isWordChar(prev) && isWordChar(next))) return null
      return { family: 'single', role: 'open' }
    case '’':
    case "'": {
      if (isWordChar(prev) && isWordChar(next)) return null // don't, Syria’s, O'Neil
      if (openerContext && ELISION.test(text.slice(i, Math.min(to, i + 8)))) return null
      // ’ is typeset as an apostrophe or a closer, never an opener: ’90s, ’em.
      if (ch === '’' && openerContext && !closerContext) return null
      return direction === 'none' ? null : { family: 'single', role: direction }
    }
    default:
      return null
  }
}

interface Open {
  family: QuoteFamily
  open: number
  /** Where the words of the current paragraph start. */
  partStart: number
  /** Words of the paragraphs before this one (a quotation over several paragraphs). */
  parts: Span[]
  firstParagraph: number
  /** Same-family quotations nested inside (e.g. “He said “no” to me”). */
  depth: number
  /** Inside a single-quoted quotation: a double-quoted one nested in it. */
  nestedDouble: number
}

/** Readings of one paragraph after stray opening marks, at most. */
const MAX_REREADS = 8

interface ScanResult {
  closed: QuoteMarks[]
  /** The quotation still open at the end of the paragraph, with its words in this paragraph added to `parts`. */
  open: Open | null
}

/**
 * Pairs the quotation marks of `paragraphs` (spans of `text`, in order). Returns the outer quotations in text order.
 *
 * A quotation still open at the end of its paragraph continues when the next paragraph opens with a mark of the same
 * kind (the newsroom convention). Otherwise: if it already ran over several paragraphs, the reopened paragraphs show
 * it is one quotation whose last closing mark is missing, and it is kept up to the end of its last paragraph; a single
 * paragraph's unmatched opening mark is a stray mark (an inch sign, a typo), so that paragraph is read again without it.
 *
 * @example
 * findQuoteMarks('“We are ready,” he said.', [{ start: 0, end: 24 }])
 * // → [{ family: 'double', open: 0, close: 14, parts: [{ start: 1, end: 14 }], firstParagraph: 0, lastParagraph: 0 }]
 */
export function findQuoteMarks(text: string, paragraphs: readonly Span[]): QuoteMarks[] {
  const found: QuoteMarks[] = []
  const positions = markCharacters(text)
  if (positions.length === 0) return found
  let carried: Open | null = null
  const settle = (open: Open, last: number) => {
    if (open.firstParagraph < last) {
      found.push({
        family: open.family,
        open: open.open,
        close: null,
        parts: open.parts,
        firstParagraph: open.firstParagraph,
        lastParagraph: last,
      })
    } else {
      for (const quotation of closedWithout(text, positions, paragraphs[last]!, last, open.open)) found.push(quotation)
    }
  }
  for (let p = 0; p < paragraphs.length; p++) {
    const paragraph = paragraphs[p]!
    let from = paragraph.start
    let state: Open | null = null
    if (carried) {
      const first = skipSpace(text, paragraph.start, paragraph.end)
      const mark = first < paragraph.end ? markAt(text, first, paragraph.start, paragraph.end) : null
      if (mark && mark.family === carried.family && (mark.role === 'open' || mark.role === 'either')) {
        state = { ...carried, partStart: first + 1 }
        from = first + 1
      } else {
        settle(carried, p - 1)
      }
      carried = null
    }
    const result = scanParagraph(text, positions, paragraph, p, from, state)
    for (const quotation of result.closed) found.push(quotation)
    carried = result.open
  }
  if (carried) settle(carried, paragraphs.length - 1)
  return found.sort((a, b) => a.open - b.open)
}

/** The closed quotations of a paragraph read again from just after a stray opening mark at `stray`. */
function closedWithout(
  text: string,
  positions: readonly number[],
  paragraph: Span,
  index: number,
  stray: number,
): QuoteMarks[] {
  const closed: QuoteMarks[] = []
  let from = stray + 1
  // Each stray mark costs a new reading of the rest of the paragraph: a paragraph of stray marks (hostile or broken
  // text) is read a few times at most, so the work stays linear.
  for (let attempt = 0; attempt < MAX_REREADS; attempt++) {
    const result = scanParagraph(text, positions, paragraph, index, from, null)
    for (const quotation of result.closed) closed.push(quotation)
    if (!result.open) return closed
    from = result.open.open + 1
  }
  return closed
}

/** Scans one paragraph from `from`, inside the quotation `initial` when one runs on from the paragraph before. */
function scanParagraph(
  text: string,
  positions: readonly number[],
  paragraph: Span,
  index: number,
  from: number,
  initial: Open | null,
): ScanResult {
  const closed: QuoteMarks[] = []
  let state = initial
  const end = paragraph.end
  for (const i of marksWithin(positions, from, end)) {
    const mark = markAt(text, i, paragraph.start, end)
    if (!mark) continue
    if (!state) {
      if (mark.role === 'open' || (mark.role === 'either' && mark.family === 'double')) {
        state = {
          family: mark.family,
          open: i,
          partStart: i + 1,
          parts: [],
          firstParagraph: index,
          depth: 0,
          nestedDouble: 0,
        }
      }
      continue
    }
    if (state.family === 'double') {
      if (mark.family !== 'double') continue
      // Only a mark that plainly opens nests; anything else ends a nested quotation or the quotation itself.
      if (mark.role === 'open' && !endsQuotation(text, i, end)) state.depth++
      else if (state.depth > 0) state.depth--
      else {
        closeQuotation(text, state, i, index, closed)
        state = null
      }
      continue
    }
    // A single-quoted quotation: double marks inside it are a nested quotation.
    if (mark.family === 'double') {
      if (mark.role === 'open') state.nestedDouble++
      else if (state.nestedDouble > 0) state.nestedDouble--
      continue
    }
    if (state.nestedDouble > 0) continue
    if (mark.role === 'open') {
      state.depth++
      continue
    }
    if (mark.role === 'either' && !endsQuotation(text, i, end)) continue
    // "the rebels’ advance": skip a possessive-shaped mark when a later mark can close the quotation.
    if (isPossessive(text, i, end) && laterSingleCloser(text, positions, i + 1, paragraph.start, end)) continue
    if (state.depth > 0) state.depth--
    else {
      closeQuotation(text, state, i, index, closed)
      state = null
    }
  }
  if (!state) return { closed, open: null }
  const tail = trimSpan(text, state.partStart, end)
  return { closed, open: { ...state, parts: tail ? [...state.parts, tail] : state.parts } }
}

function closeQuotation(text: string, state: Open, close: number, paragraph: number, found: QuoteMarks[]): void {
  const last = trimSpan(text, state.partStart, close)
  const parts = last ? [...state.parts, last] : state.parts
  if (parts.length === 0 || !parts.some((part) => /[\p{L}\p{N}]/u.test(text.slice(part.start, part.end)))) return
  found.push({
    family: state.family,
    open: state.open,
    close,
    parts,
    firstParagraph: state.firstParagraph,
    lastParagraph: paragraph,
  })
}

/** True when the mark at `i` is followed by what follows the end of a quotation (space, punctuation, the end). */
function endsQuotation(text: string, i: number, end: number): boolean {
  const next = i + 1 < end ? text[i + 1] : undefined
  return isSpace(next) || CLOSING_PUNCTUATION.has(next!)
}

/** "the rebels’ advance": a closer-shaped mark after an s, followed by a word, is likely a plural possessive. */
function isPossessive(text: string, i: number, end: number): boolean {
  return /[sS]/.test(text[i - 1] ?? '') && i + 2 < end && text[i + 1] === ' ' && /[\p{Ll}\p{N}]/u.test(text[i + 2]!)
}

/** Whether another mark that can close a single-quoted quotation follows before `end`. */
function laterSingleCloser(
  text: string,
  positions: readonly number[],
  from: number,
  start: number,
  end: number,
): boolean {
  for (const i of marksWithin(positions, from, end)) {
    const mark = markAt(text, i, start, end)
    if (mark?.family === 'single' && (mark.role === 'close' || mark.role === 'either') && !isPossessive(text, i, end))
      return true
  }
  return false
}

function skipSpace(text: string, from: number, to: number): number {
  let i = from
  while (i < to && /\s/.test(text[i]!)) i++
  return i
}

function trimSpan(text: string, from: number, to: number): Span | null {
  let start = from
  let end = to
  while (start < end && /\s/.test(text[start]!)) start++
  while (end > start && /\s/.test(text[end - 1]!)) end--
  return end > start ? { start, end } : null
}

/**
 * The words inside the quotation marks of a piece of text (a Slack message, say), each paragraph (blank-line
 * separated) read as the articles are.
 *
 * @example quotationWordsIn('He said “we are in a good position” today') // → ['we are in a good position']
 */
export function quotationWordsIn(text: string): string[] {
  const paragraphs: Span[] = []
  for (const match of text.matchAll(/[^\n]+(?:\n(?!\s*\n)[^\n]*)*/g)) {
    const start = match.index
    paragraphs.push({ start, end: start + match[0].length })
  }
  return findQuoteMarks(text, paragraphs).map((q) => text.slice(q.parts[0]!.start, q.parts.at(-1)!.end))
}
