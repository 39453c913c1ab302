/**
 * Word-pair signatures (wordPairs.ts) let a phrase query rule out passages without reading them. They must never rule
 * out a passage that holds the phrase (a lost match), and they must rule out most of those that do not (the point).
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCorpus } from '../../src/corpus/load.ts'
import type { Article } from '../../src/corpus/types.ts'
import { evaluate } from '../../src/search/evaluate.ts'
import { containsPhrase } from '../../src/search/phrase.ts'
import { planQuery } from '../../src/search/plan.ts'
import { parseQuery } from '../../src/search/query.ts'
import { SearchIndex } from '../../src/search/searchIndex.ts'
import { buildSegment, passageTerms, type Segment } from '../../src/search/segment.ts'
import { fold, tokenize } from '../../src/search/tokenize.ts'
import { mayHoldPairs, pairHashes, signatureWords, writeSignature } from '../../src/search/wordPairs.ts'
import { loadVocabulary } from '../../src/snapshot/vocabularyFile.ts'

const vocabulary = loadVocabulary()
const folded = (text: string) => tokenize(text).map((t) => fold(t.word))
let articles: Article[]
let segment: Segment

beforeAll(async () => {
  articles = (await loadCorpus('seeds')).articles
  segment = buildSegment(articles, { vocabulary })
})

function passageText(s: Segment, doc: number): string {
  return s.articles[s.docArticle[doc]!]!.text.slice(s.docStart[doc]!, s.docEnd[doc]!)
}

function mayHold(s: Segment, doc: number, phrase: readonly string[]): boolean {
  return mayHoldPairs(pairHashes(phrase), s.pairBits, s.pairStart[doc]!, s.pairStart[doc + 1]!)
}

function isLive(index: SearchIndex, doc: number): boolean {
  const part = index.partOf(doc)
  return part.live === null || part.live[part.segment.docArticle[doc - part.base]!] === 1
}

describe('word-pair signatures', () => {
  it('never rule out a seed passage for a run of its own words', () => {
    let windows = 0
    for (let doc = 0; doc < segment.docStart.length; doc++) {
      const words = folded(passageText(segment, doc))
      for (let length = 2; length <= 4; length++) {
        for (let i = 0; i + length <= words.length; i++) {
          expect(mayHold(segment, doc, words.slice(i, i + length)), words.slice(i, i + length).join(' ')).toBe(true)
          windows++
        }
      }
    }
    expect(windows).toBeGreaterThan(5000)
  })

  it('never rule out generated text for a run of its words (accents, apostrophes, units, invisible characters)', () => {
    const word = fc.constantFrom(
      'the',
      'Nation',
      "nation's",
      'nation’s',
      'don’t',
      '5km',
      'Talbīseh',
      'Ｈｏｍｓ',
      'of',
      'x',
    )
    const gap = fc.constantFrom(' ', ', ', ' — ', '“', '” ', '\n', '\u00ad', '')
    const text = fc
      .array(fc.tuple(word, gap), { minLength: 1, maxLength: 40 })
      .map((p) => p.map((x) => x.join('')).join(''))
    fc.assert(
      fc.property(text, fc.nat(), fc.integer({ min: 2, max: 5 }), (quote, at, length) => {
        const { pairs } = passageTerms(quote, vocabulary)
        const words = signatureWords(pairs.length)
        const bits = new Uint32Array(words + 2)
        writeSignature(pairs, bits, 1, words)
        const tokens = folded(quote)
        const start = tokens.length <= length ? 0 : at % (tokens.length - length + 1)
        const phrase = tokens.slice(start, start + length)
        expect(mayHoldPairs(pairHashes(phrase), bits, 1, 1 + words)).toBe(true)
      }),
      { numRuns: 3000 },
    )
  })

  it('rule out most seed passages that lack a three-word phrase', () => {
    let lacking = 0
    let passedAnyway = 0
    for (let from = 0; from < segment.docStart.length; from += 3) {
      const words = folded(passageText(segment, from))
      if (words.length < 8) continue
      const phrase = words.slice(4, 7)
      for (let doc = 0; doc < segment.docStart.length; doc++) {
        if (containsPhrase(passageText(segment, doc), phrase)) continue
        lacking++
        if (mayHold(segment, doc, phrase)) passedAnyway++
      }
    }
    expect(lacking).toBeGreaterThan(1000)
    // About 0.2% by the filter's sizing (8 bits per pair, three set each); a broken hash lets far more through.
    expect(passedAnyway / lacking).toBeLessThan(0.02)
  })

  it('leave phrase search finding exactly the passages that hold the phrase, after live edits too', () => {
    const fresh = SearchIndex.build(articles, vocabulary)
    // A live index whose parts were put together by edits: signatures copied by merges and built for a delta.
    const live = fresh.withChanges([articles[1]!], [articles[1]!])
    const phrases = ['the rebels', 'of the city', 'homs', 'miles) from', 'opposition fighters', 'the army']
    for (const index of [fresh, live]) {
      for (const phrase of phrases) {
        const asked = folded(phrase)
        const expected = new Set<string>()
        for (let doc = 0; doc < index.docLimit; doc++) {
          if (isLive(index, doc) && containsPhrase(index.passageText(doc), asked)) expected.add(index.passage(doc).id)
        }
        const evaluation = evaluate(index, planQuery(parseQuery(`"${phrase}"`, vocabulary), index), null)
        const found = new Set<string>()
        for (let c = evaluation.next(); c !== null; c = evaluation.next()) found.add(index.passage(c.doc).id)
        evaluation.close()
        expect(found.size, phrase).toBeGreaterThan(0)
        expect([...found].sort(), phrase).toEqual([...expected].sort())
      }
    }
  })
})
