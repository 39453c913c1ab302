import { compareCodeUnits } from '../corpus/order.ts'

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
   * from "nation", as a reader would count it). People rarely mistype the first letter of a word, so entries with
   * another first letter are allowed one edit at most: that keeps the search to a small part of the dictionary.
   */
  near(word: string, maxDistance: number): [index: number, distance: number][] {
    const found: [number, number][] = []
    if (this.terms.length === 0) return found
    const trie = this.trie()
    const n = word.length
    // rows[d·(n+1) + j]: distance between the path's first d characters and word[0..j).
    const depth = trie.maxDepth + 1
    const rows = new Int32Array(depth * (n + 1))
    const mins = new Int32Array(depth)
    const path = new Uint16Array(depth)
    for (let j = 0; j <= n; j++) rows[j] = j
    if (trie.term[0]! >= 0 && n <= maxDistance) found.push([trie.term[0]!, n])
    const first = n > 0 ? word.charCodeAt(0) : -1
    const stack: number[] = []
    const depths: number[] = []
    for (let child = trie.firstChild[0]!; child >= 0; child = trie.nextSibling[child]!) {
      // The whole subtree under a first letter has one budget.
      const budget = n === 0 || trie.char[child] === first ? maxDistance : Math.min(1, maxDistance)
      stack.push(child)
      depths.push(1)
      while (stack.length > 0) {
        const node = stack.pop()!
        const d = depths.pop()!
        const ch = trie.char[node]!
        path[d - 1] = ch
        const row = d * (n + 1)
        const above = row - (n + 1)
        const twoAbove = above - (n + 1)
        const before = d >= 2 ? path[d - 2]! : -1
        rows[row] = d
        let min = d
        for (let j = 1; j <= n; j++) {
          const wj = word.charCodeAt(j - 1)
          let value = rows[above + j - 1]! + (ch === wj ? 0 : 1)
          const up = rows[above + j]! + 1
          if (up < value) value = up
          const left = rows[row + j - 1]! + 1
          if (left < value) value = left
          if (d >= 2 && j >= 2 && ch === word.charCodeAt(j - 2) && before === wj) {
            const swap = rows[twoAbove + j - 2]! + 1
            if (swap < value) value = swap
          }
          rows[row + j] = value
          if (value < min) min = value
        }
        mins[d] = min
        const term = trie.term[node]!
        if (term >= 0 && rows[row + n]! <= budget) found.push([term, rows[row + n]!])
        // Every cell only grows further down, and a swap reaches back one row (+1): past both, nothing comes back.
        if (min > budget && mins[d - 1]! >= budget) continue
        for (let c = trie.firstChild[node]!; c >= 0; c = trie.nextSibling[c]!) {
          stack.push(c)
          depths.push(d + 1)
        }
      }
    }
    return found.sort((a, b) => a[0] - b[0])
  }

  private trieMemo: Trie | null = null

  /** Builds what `near` needs now rather than on its first call (SearchIndex.warm). */
  prepareNear(): void {
    this.trie()
  }

  /** The dictionary as a character trie in typed arrays, built on first use (a few bytes per distinct prefix). */
  private trie(): Trie {
    this.trieMemo ??= buildTrie(this.terms)
    return this.trieMemo
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

  /** First index in [from, to) whose entry does not start with `prefix` (entries before `from` are known to). */
  private upperBoundOfPrefix(prefix: string, from: number, to = this.terms.length): number {
    // Most hopeless prefixes cover a few entries: look at the next ones before searching.
    let lo = from
    for (const stop = Math.min(to, from + 4); lo < stop; lo++) if (!this.terms[lo]!.startsWith(prefix)) return lo
    let hi = to
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const term = this.terms[mid]!
      if (term.startsWith(prefix) || term < prefix) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

/** A character trie: node 0 is the root; a node's children are a linked list in character order. */
interface Trie {
  char: Uint16Array
  firstChild: Int32Array
  nextSibling: Int32Array
  /** The index of the entry that ends at the node, or -1. */
  term: Int32Array
  maxDepth: number
}

/** Builds the trie of sorted, distinct strings in one pass (each entry shares a prefix with the one before). */
function buildTrie(terms: readonly string[]): Trie {
  let capacity = 1024
  let char = new Uint16Array(capacity)
  let firstChild = new Int32Array(capacity).fill(-1)
  let nextSibling = new Int32Array(capacity).fill(-1)
  let term = new Int32Array(capacity).fill(-1)
  let lastChild = new Int32Array(capacity).fill(-1)
  let count = 1
  const grow = () => {
    capacity *= 2
    const copy = <T extends Uint16Array | Int32Array>(a: T, fill: number): T => {
      const b = new (a.constructor as new (n: number) => T)(capacity)
      b.fill(fill)
      b.set(a)
      return b
    }
    char = copy(char, 0)
    firstChild = copy(firstChild, -1)
    nextSibling = copy(nextSibling, -1)
    term = copy(term, -1)
    lastChild = copy(lastChild, -1)
  }
  const path = [0]
  let previous = ''
  let maxDepth = 0
  terms.forEach((entry, index) => {
    const shared = commonPrefixLength(previous, entry)
    path.length = shared + 1
    for (let d = shared; d < entry.length; d++) {
      if (count === capacity) grow()
      const node = count++
      const parent = path[d]!
      char[node] = entry.charCodeAt(d)
      // Entries come sorted, so a new child always goes last among its siblings.
      if (lastChild[parent]! < 0) firstChild[parent] = node
      else nextSibling[lastChild[parent]!] = node
      lastChild[parent] = node
      path.push(node)
    }
    term[path[entry.length]!] = index
    if (entry.length > maxDepth) maxDepth = entry.length
    previous = entry
  })
  return {
    char: char.slice(0, count),
    firstChild: firstChild.slice(0, count),
    nextSibling: nextSibling.slice(0, count),
    term: term.slice(0, count),
    maxDepth,
  }
}

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length)
  let i = 0
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++
  return i
}
