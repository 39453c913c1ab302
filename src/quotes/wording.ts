import type { Span } from '../corpus/types.ts'
import { foldWord } from './words.ts'

/**
 * Wordings of quotations compared word by word. Case, accents, spacing, punctuation, straight or curly quotes and the
 * way an ellipsis is typed ("…", "...", ". . .") make no difference; the words, and where words were left out (an
 * ellipsis), do.
 */

/** A word of a quotation (folded), or an ellipsis ("…"), with its place in the article's text. */
export interface WordingToken extends Span {
  word: string
}

export const ELLIPSIS_WORD = '…'

// Words split at hyphens and keep inner apostrophes (Syria’s, won't); an ellipsis is a word of its own.
const WORDING = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*|…|\.\s?\.\s?\./gu

/** The words of `text` within `parts` (spans of it), in order. */
export function wordingTokens(text: string, parts: readonly Span[]): WordingToken[] {
  const tokens: WordingToken[] = []
  for (const part of parts) {
    for (const match of text.slice(part.start, part.end).matchAll(WORDING)) {
      const start = part.start + match.index
      const word = /^[.…]/.test(match[0]) ? ELLIPSIS_WORD : foldWord(match[0])
      tokens.push({ word, start, end: start + match[0].length })
    }
  }
  return tokens
}

/** The words of a query as typed (outer quotation marks and all), folded, ellipses kept. */
export function queryWords(query: string): string[] {
  return wordingTokens(query, [{ start: 0, end: query.length }]).map((t) => t.word)
}

/** The key two quotations share when their wording is the same (case, spacing, quotes and ellipsis style aside). */
export function wordingKey(words: readonly string[]): string {
  return words.join(' ')
}

/** The words without ellipses: what two wordings are aligned on. */
export function contentWords(words: readonly string[]): string[] {
  return words.filter((w) => w !== ELLIPSIS_WORD)
}

/**
 * Words compared at most, from the start of each wording: comparisons cost the product of the two lengths, and a
 * statement is recognised long before its 300th word (a runaway quotation mark can make a "quotation" of a whole article).
 */
export const MAX_COMPARED_WORDS = 300

/** Length of the longest common subsequence of two word lists (their first MAX_COMPARED_WORDS words). */
export function commonWords(a: readonly string[], b: readonly string[]): number {
  a = a.slice(0, MAX_COMPARED_WORDS)
  b = b.slice(0, MAX_COMPARED_WORDS)
  if (a.length === 0 || b.length === 0) return 0
  const [short, long] = a.length <= b.length ? [a, b] : [b, a]
  let previous = new Uint16Array(short.length + 1)
  let current = new Uint16Array(short.length + 1)
  for (let i = 1; i <= long.length; i++) {
    const word = long[i - 1]
    for (let j = 1; j <= short.length; j++) {
      current[j] = word === short[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!)
    }
    ;[previous, current] = [current, previous]
  }
  return previous[short.length]!
}

/**
 * True when every stretch of `part` (split at its ellipses) stands word for word in `whole`, in order: `part` quotes
 * `whole` in part ("temporary tactical measure" of "a temporary tactical measure and our forces …").
 */
export function isExcerpt(part: readonly string[], whole: readonly string[]): boolean {
  const stretches: string[][] = [[]]
  for (const word of part) {
    if (word === ELLIPSIS_WORD) stretches.push([])
    else stretches.at(-1)!.push(word)
  }
  let from = 0
  for (const stretch of stretches) {
    if (stretch.length === 0) continue
    const at = indexOfRun(whole, stretch, from)
    if (at < 0) return false
    from = at + stretch.length
  }
  return stretches.some((s) => s.length > 0)
}

/** Where `run` stands contiguously in `words` at or after `from`, or -1. */
export function indexOfRun(words: readonly string[], run: readonly string[], from = 0): number {
  outer: for (let i = from; i + run.length <= words.length; i++) {
    for (let j = 0; j < run.length; j++) if (words[i + j] !== run[j]) continue outer
    return i
  }
  return -1
}

/** One stretch of a word-by-word comparison: words both have, or words only one of them has. */
export interface DiffPart {
  kind: 'same' | 'only-a' | 'only-b'
  /** Range of indexes into the first list (empty for 'only-b'). */
  a: [number, number]
  /** Range of indexes into the second list (empty for 'only-a'). */
  b: [number, number]
}

/**
 * A word-by-word comparison of two wordings (longest common subsequence): "will decide who will rule Syria" against
 * "will determine Syria’s ruler" → same "will", only-a "decide who will rule Syria", only-b "determine Syria’s ruler".
 */
export function diffWords(a: readonly string[], b: readonly string[]): DiffPart[] {
  a = a.slice(0, MAX_COMPARED_WORDS)
  b = b.slice(0, MAX_COMPARED_WORDS)
  const n = a.length
  const m = b.length
  // table[i][j]: common words of a[i..] and b[j..], so the walk below runs forwards.
  const table: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1))
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!)
  const parts: DiffPart[] = []
  const push = (kind: DiffPart['kind'], i: number, j: number) => {
    const last = parts.at(-1)
    if (last && last.kind === kind) {
      if (kind !== 'only-b') last.a[1] = i + 1
      if (kind !== 'only-a') last.b[1] = j + 1
      return
    }
    parts.push({
      kind,
      a: kind === 'only-b' ? [i, i] : [i, i + 1],
      b: kind === 'only-a' ? [j, j] : [j, j + 1],
    })
  }
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) push('same', i++, j++)
    else if (j >= m || (i < n && table[i + 1]![j]! >= table[i]![j + 1]!)) push('only-a', i++, j)
    else push('only-b', i, j++)
  }
  return parts
}
