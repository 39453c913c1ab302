/**
 * Example names for help, App Home and no-results advice come from the loaded coverage's ledes; past EXAMPLE_SAMPLE
 * articles, from a sample of them. The sample must depend on the live articles only (never on how the index was put
 * together), and without a sample the names must be the ledes' most frequent ones.
 */
import { describe, expect, it } from 'vitest'
import { parseArticle } from '../../src/corpus/parse.ts'
import type { Article } from '../../src/corpus/types.ts'
import { exampleNames } from '../../src/search/advice.ts'
import { SearchIndex } from '../../src/search/searchIndex.ts'
import { loadVocabulary } from '../../src/snapshot/vocabularyFile.ts'

const vocabulary = loadVocabulary()

// Invented places: the ledes name one of these, the first most often.
const PLACES = ['Velmora', 'Quillon', 'Dravesk', 'Ostrelo', 'Pannick', 'Terwith']

function article(i: number): Article {
  const place = PLACES[i % 7 === 0 ? 1 + (i % 5) : 0]!
  const text = `Crowds gathered in ${place} on Monday as the council met, officials said.\n\nThe meeting ran late.\n`
  const { article: parsed } = parseArticle(`${String(i).padStart(3, '0')}_story.txt`, text)
  if (!parsed) throw new Error('the invented article did not parse')
  return parsed
}

const articles = Array.from({ length: 80 }, (_, i) => article(i))

describe('exampleNames', () => {
  it("names the ledes' most frequent names when every article is read", () => {
    const index = SearchIndex.build(articles, vocabulary)
    const names = exampleNames(index, 3)
    expect(names[0]).toBe('Velmora')
    expect(names.length).toBe(3)
    for (const name of names) expect(PLACES).toContain(name)
  })

  it('samples by file name, so a live index and a fresh one of the same articles agree', () => {
    const kept = articles.filter((_, i) => i % 9 !== 4)
    const gone = articles.filter((_, i) => i % 9 === 4)
    const fresh = SearchIndex.build(kept, vocabulary)
    const live = SearchIndex.build(articles, vocabulary).withChanges(gone, [])
    for (const sample of [4, 8, 16, 4096]) {
      const names = exampleNames(fresh, 6, sample)
      expect(names.length, `sample ${sample}`).toBeGreaterThan(0)
      for (const name of names) expect(PLACES).toContain(name)
      expect(exampleNames(live, 6, sample), `sample ${sample}`).toEqual(names)
    }
    // A sample of 4 out of 71 articles reads a thirty-second of them: fewer names than reading them all.
    expect(exampleNames(fresh, 6, 4).length).toBeLessThan(exampleNames(fresh, 6, 4096).length)
  })
})
