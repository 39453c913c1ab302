// The phrase check's fast tests must never turn away a quote the exact comparison accepts.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { containsPhrase, phraseMatcher } from '../../src/search/phrase.ts'
import { fold, tokenize } from '../../src/search/tokenize.ts'

const words = (text: string) => tokenize(text).map((t) => fold(t.word))

describe('phraseMatcher', () => {
  it.each([
    ['“It is the mother of all battles,” he said.', 'mother of all battles'],
    ["The nation’s people voted; the nation's people voted.", 'nation people'],
    ['We don’t know, she said.', "don't know"],
    ['Rebels were 5km from Homs.', '5 km'],
    ['Rebels entered Talbīseh at dawn.', 'entered talbiseh'],
    ['The Ham\u00admad family and the Zero\u200bWidth case.', 'hammad family'],
    ['The Ｈａｍａ front held.', 'hama front'],
    ['THE RIGHTS OF the people', 'the rights of'],
  ])('%j holds %j', (text, phrase) => {
    const asked = words(phrase)
    expect(containsPhrase(text, asked)).toBe(true)
    expect(phraseMatcher(asked).test(text)).toBe(true)
  })

  it('agrees with the exact comparison on generated quotes', () => {
    const word = fc.constantFrom(
      'the',
      'rights',
      'of',
      'nation',
      "nation's",
      'nation’s',
      'don’t',
      "don't",
      'Homs',
      '5km',
      '5',
      'km',
      'Talbīseh',
      'talbiseh',
      'people',
    )
    const gap = fc.constantFrom(' ', ', ', ' — ', '“', '” ', ' (', ') ', '\u00ad', '')
    const text = fc.array(fc.tuple(word, gap), { maxLength: 12 }).map((parts) => parts.map(([w, g]) => w + g).join(''))
    fc.assert(
      fc.property(text, fc.array(word, { minLength: 1, maxLength: 3 }), (quote, asked) => {
        const phrase = words(asked.join(' '))
        if (phrase.length === 0) return
        expect(phraseMatcher(phrase).test(quote)).toBe(containsPhrase(quote, phrase))
      }),
      { numRuns: 2000 },
    )
  })
})
