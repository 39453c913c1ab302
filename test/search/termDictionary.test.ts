// The sorted-term dictionary's spelling search must find exactly what a brute-force edit distance finds.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TermDictionary } from '../../src/search/termDictionary.ts'

/** Optimal string alignment distance (Levenshtein plus a swap of neighbours), by the textbook table. */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1)
    }
  }
  return d[a.length]![b.length]!
}

describe('TermDictionary', () => {
  it('looks up exact terms and prefixes', () => {
    const dict = TermDictionary.from(['talbisseh', 'talbiseh', 'tank', 'rastan', 'rast'])
    expect(dict.terms).toEqual(['rast', 'rastan', 'talbiseh', 'talbisseh', 'tank'])
    expect(dict.indexOf('tank')).toBe(4)
    expect(dict.indexOf('tan')).toBe(-1)
    expect(dict.prefixRange('talb')).toEqual([2, 4])
    expect(dict.prefixRange('rast')).toEqual([0, 2])
    expect(dict.prefixRange('zz')).toEqual([5, 5])
  })

  it('counts a swap of neighbouring letters as one edit', () => {
    const dict = TermDictionary.from(['nation', 'notion', 'station'])
    expect(dict.near('natoin', 1).map(([i, d]) => [dict.at(i), d])).toEqual([['nation', 1]])
  })

  it('refuses unsorted input', () => {
    expect(() => TermDictionary.fromSorted(['b', 'a'])).toThrow(/sorted/)
  })

  it('allows one edit at most to words with another first letter', () => {
    const dict = TermDictionary.from(['abdurrahman', 'obdurrahmen', 'bbdurrahman'])
    const found = dict.near('abdulrahman', 2).map(([i, d]) => [dict.at(i), d])
    // "bbdurrahman" is two edits away too, but one of them is its first letter.
    expect(found).toEqual([['abdurrahman', 1]])
  })

  it('finds exactly the terms within the distance, as brute force does', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), minLength: 0, maxLength: 7 })
    fc.assert(
      fc.property(fc.array(word, { maxLength: 60 }), word, fc.integer({ min: 0, max: 2 }), (terms, query, distance) => {
        const dict = TermDictionary.from(terms)
        const found = new Map(dict.near(query, distance).map(([i, d]) => [dict.at(i), d]))
        // Another first letter: one edit at most.
        const allowed = (t: string) =>
          t[0] === query[0] || t === '' || query === '' ? distance : Math.min(1, distance)
        const expected = new Map(dict.terms.map((t) => [t, osa(t, query)] as const).filter(([t, d]) => d <= allowed(t)))
        expect(found).toEqual(expected)
      }),
      { numRuns: 400 },
    )
  })
})
