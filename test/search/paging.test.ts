// Every page is a slice of one ranking: paging five at a time gives what one long page gives, whatever the damping of
// repeated files does to the order (the ranking takes more candidates before a page it could not settle).
import { describe, expect, it } from 'vitest'
import { parseArticle } from '../../src/corpus/parse.ts'
import type { Article } from '../../src/corpus/types.ts'
import { buildSnapshot } from '../../src/snapshot/snapshot.ts'

const WORDS =
  'north south river bridge council market school station road tower field valley forest island coast mill'.split(' ')

/** Deterministic words, so every article says something of its own (no two are the same copy). */
function wordsFor(seed: number, n: number): string {
  let x = seed * 2654435761
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31
    return WORDS[x % WORDS.length]
  }).join(' ')
}

/** One long article that mentions the harbour in every paragraph, and many short ones that mention it once or twice. */
function corpus(): Article[] {
  const articles: Article[] = []
  const long = Array.from(
    { length: 160 },
    (_, i) => `The harbour master counted ${i + 3} ferries by the ${wordsFor(i, 6)} on day ${i + 1}, officials said.`,
  )
  articles.push(parseArticle('x.txt', `${long.join('\n')}\n`).article!)
  for (let i = 0; i < 120; i++) {
    const twice = i % 3 === 0 ? ` The harbour ${wordsFor(i + 500, 4)} held.` : ''
    const text = `Residents near the ${wordsFor(i + 1000, 5)} said the storm reached the harbour at dawn.${twice} Boats stayed by the ${wordsFor(i + 2000, 5)}.\n`
    articles.push(parseArticle(`y${String(i).padStart(3, '0')}.txt`, text).article!)
  }
  return articles.sort((a, b) => (a.file < b.file ? -1 : 1))
}

describe('paging', () => {
  const snapshot = buildSnapshot({ articles: corpus(), problems: [] })

  it.each(['harbour', 'harbour ferries', 'storm harbour officials'])(
    'pages of %j are slices of one ranking',
    (query) => {
      const long = snapshot.index.search(query, { limit: 150 }).hits.map((h) => h.passage.id)
      expect(long.length).toBe(150)
      const paged: string[] = []
      for (let offset = 0; offset < 150; offset += 5) {
        paged.push(...snapshot.index.search(query, { limit: 5, offset }).hits.map((h) => h.passage.id))
      }
      expect(paged).toEqual(long)
      expect(new Set(paged).size).toBe(paged.length)
    },
  )
})
