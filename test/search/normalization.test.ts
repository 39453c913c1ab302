// Text normalised differently must still match: articles and queries go through the one normalizer (fold /
// normalizeWord), whatever Unicode form, invisible characters or letter widths either side was written in.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSnapshot, type Snapshot } from '../../src/snapshot/snapshot.ts'
import { fold, normalizeWord, tokenize } from '../../src/search/tokenize.ts'

const COMPOSED = 'Talb\u012Bseh' // ī as one code point (NFC)
const DECOMPOSED = 'Talbi\u0304seh' // i + combining macron (NFD)

describe('fold and tokenize', () => {
  it('gives one form for composed and decomposed accents', () => {
    expect(fold(COMPOSED)).toBe('talbiseh')
    expect(fold(DECOMPOSED)).toBe('talbiseh')
    expect(tokenize(`in ${DECOMPOSED} today`).map((t) => t.word)).toEqual(['in', DECOMPOSED, 'today'])
  })

  it('keeps a word whole across soft hyphens and zero-width characters, and drops them when folding', () => {
    for (const written of ['Tal\u00ADbiseh', 'Tal\u200Bbiseh', 'Talbi\u200Dseh', '\uFEFFTalbiseh', 'Talbi\u2060seh']) {
      const tokens = tokenize(`near ${written}.`)
      expect(tokens.map((t) => fold(t.word))).toEqual(['near', 'talbiseh'])
    }
    expect(tokenize('\u200B \u00AD')).toEqual([])
  })

  it('reads full-width letters and digits as their ordinary forms (NFKC)', () => {
    expect(tokenize('Ｈｏｍｓ ５ｋｍ').map((t) => normalizeWord(t.word))).toEqual([
      normalizeWord('Homs'),
      '5',
      normalizeWord('km'),
    ])
    expect(fold('ﬁghters')).toBe('fighters')
  })

  it('keeps token offsets on the text as written', () => {
    const text = `Rebels entered ${DECOMPOSED} and Ho\u200Bms.`
    for (const token of tokenize(text)) expect(text.slice(token.start, token.end)).toBe(token.word)
  })
})

describe('search across normalisations (an article written one way, a query typed another)', () => {
  let dir: string
  let snapshot: Snapshot
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'storydesk-normalization-'))
    writeFileSync(
      join(dir, 'decomposed.txt'),
      `Fighters entered ${DECOMPOSED} on Friday, residents said.\nThe convoy reached Qal\u00ADaat al-Madiq before dawn.\n`,
    )
    writeFileSync(join(dir, 'fullwidth.txt'), 'The ｍａｙｏｒ of the town said the bridge was closed.\n')
    writeFileSync(join(dir, 'zerowidth.txt'), 'Officials in Ras\u200Btan said the road was open again.\n')
    snapshot = await loadSnapshot(dir)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const files = (query: string): string[] => snapshot.index.search(query, { limit: 5 }).hits.map((h) => h.passage.file)

  it.each([
    [COMPOSED, 'decomposed.txt'],
    ['talbiseh', 'decomposed.txt'],
    [`"entered ${COMPOSED}"`, 'decomposed.txt'],
    ['Qalaat', 'decomposed.txt'],
    ['mayor', 'fullwidth.txt'],
    ['Rastan', 'zerowidth.txt'],
    ['Ｒａｓｔａｎ', 'zerowidth.txt'],
    ['Ras\u00ADtan', 'zerowidth.txt'],
  ])('%j finds %s', (query, file) => {
    expect(files(query)).toEqual([file])
  })

  it('highlights the word as written in the article', () => {
    const hit = snapshot.index.search('talbiseh', { limit: 1 }).hits[0]!
    expect(hit.highlights.map((s) => hit.passage.text.slice(s.start, s.end))).toEqual([DECOMPOSED])
  })
})
