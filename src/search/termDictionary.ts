/**
 * A frozen, sorted list of distinct strings (index terms, or words as written) with the three lookups search needs:
 * exact (binary search), by prefix (a range), and by spelling (every entry within a small edit distance).
 *
 * Sorted strings are a trie in disguise: neighbours share prefixes, so the spelling search walks the list in order,
 * keeps one row of the edit-distance table per character of the current entry, reuses the rows of the prefix it shares
 * with the previous entry, and jumps over every entry under a prefix that is already too far from the word. That is
 * the same work as a fuzzy search in a radix tree (MiniSearch's), with a few bytes per entry instead of a tree of
 * objects, and a layout that is saved to and read from the index cache as one string.
 *
 * @example
 * const dict = TermDictionary.fromSorted(['talbiseh', 'talbisseh', 'tank'])
 * dict.indexOf('tank')                 // 2
 * [...dict.near('talbisah', 1)]        // [[0, 1]]: 'talbiseh', one edit away
 * dict.prefixRange('talb')             // [0, 2)
 */
export class TermDictionary {
  private constructor(readonly terms: readonly string[]) {}

  /** A dictionary over `terms`, which must be sorted by code unit and distinct (checked). */
  static fromSorted(terms: readonly string[]): TermDictionary {
    for (let i = 1; i < terms.length; i++) {
      if (!(terms[i - 1]! < terms[i]!)) throw new Error(`terms are not sorted and distinct at ${i}`)
    }
    return new TermDictionary(terms)
  }

  /** A dictionary over any strings (sorted and de-duplicated here). */
  static from(terms: Iterable<string>): TermDictionary {
    return new TermDictionary([...new Set(terms)].sort(compareCodeUnits))
  }

  get size(): number {
    return this.terms.length
  }

  at(index: number): string {
    return this.terms[index]!
  }

  /** The index of `term`, or -1. */
  indexOf(term: string): number {
    const i = this.lowerBound(term)
    return i < this.terms.length && this.terms[i] === term ? i : -1
  }

  /** [start, end) of the entries that start with `prefix`. */
  prefixRange(prefix: string): [start: number, end: number] {
    const start = this.lowerBound(prefix)
    return [start, this.upperBoundOfPrefix(prefix, start)]
  }

  /**
   * Every entry within `maxDistance` edits of `word`, with its distance. An edit is an insertion, a deletion, a
   * substitution, or two neighbouring letters swapped (the optimal string alignment distance: "natoin" is one edit
   * from "nation", as a reader would count it). Entries come in dictionary order.
   */
  *near(word: string, maxDistance: number): Generator<[index: number, distance: number]> {
    const terms = this.terms
    const n = word.length
    if (terms.length === 0) return
    // rows[d] is the distance row for the current entry's first d characters against word[0..j).
    const rows: Int32Array[] = [Int32Array.from({ length: n + 1 }, (_, j) => j)]
    const mins: number[] = [0]
    let previous = ''
    let i = 0
    while (i < terms.length) {
      const term = terms[i]!
      let depth = commonPrefixLength(previous, term)
      let pruneAt = -1
      for (let d = depth + 1; d <= term.length; d++) {
        if (rows[d] === undefined) rows[d] = new Int32Array(n + 1)
        const row = rows[d]!
        const above = rows[d - 1]!
        const twoAbove = d >= 2 ? rows[d - 2]! : null
        const ch = term.charCodeAt(d - 1)
        row[0] = d
        let min = d
        for (let j = 1; j <= n; j++) {
          const cost = ch === word.charCodeAt(j - 1) ? 0 : 1
          let value = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost)
          if (
            twoAbove !== null &&
            j >= 2 &&
            ch === word.charCodeAt(j - 2) &&
            term.charCodeAt(d - 2) === word.charCodeAt(j - 1)
          ) {
            value = Math.min(value, twoAbove[j - 2]! + 1)
          }
          row[j] = value
          if (value < min) min = value
        }
        mins[d] = min
        depth = d
        // No extension of this prefix can come back within reach (a swap looks back one row, hence both rows).
        if (min > maxDistance && mins[d - 1]! > maxDistance) {
          pruneAt = d
          break
        }
      }
      if (pruneAt >= 0) {
        // Jump past every entry that starts with the prefix already out of reach.
        const prefix = term.slice(0, pruneAt)
        previous = prefix
        i = this.upperBoundOfPrefix(prefix, i + 1)
        continue
      }
      const distance = rows[term.length]![n]!
      if (distance <= maxDistance) yield [i, distance]
      previous = term
      i++
    }
  }

  /** First index whose entry is >= `term`. */
  private lowerBound(term: string): number {
    let lo = 0
    let hi = this.terms.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.terms[mid]! < term) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** First index at or after `from` whose entry does not start with `prefix`. */
  private upperBoundOfPrefix(prefix: string, from: number): number {
    let lo = from
    let hi = this.terms.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const term = this.terms[mid]!
      if (term.startsWith(prefix) || term < prefix) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length)
  let i = 0
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++
  return i
}

/** Code-unit order, the order the dictionary keeps (and the same on every machine and locale). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
