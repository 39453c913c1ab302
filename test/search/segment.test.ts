/**
 * The index is built by MiniSearch and frozen into typed arrays (segment.ts); queries are scored with MiniSearch's
 * BM25+ over the index's live statistics (evaluate.ts). These tests pin both to MiniSearch itself: the same postings,
 * and the same scores as MiniSearch's search(), on a fresh index, after passages are discarded, and after a file is
 * replaced. An upgrade of MiniSearch that changes either fails here (minisearch is pinned exactly in package.json).
 */
import MiniSearch from 'minisearch'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCorpus } from '../../src/corpus/load.ts'
import { parseArticle } from '../../src/corpus/parse.ts'
import type { Article } from '../../src/corpus/types.ts'
import { cutPassages } from '../../src/passages/passages.ts'
import { evaluate } from '../../src/search/evaluate.ts'
import { SearchIndex } from '../../src/search/searchIndex.ts'
import { buildSegment, mergeSegments, passageTerms } from '../../src/search/segment.ts'
import { loadVocabulary } from '../../src/snapshot/vocabularyFile.ts'
import { expectSameSegment } from '../support/segments.ts'

const vocabulary = loadVocabulary()
let articles: Article[]

beforeAll(async () => {
  articles = (await loadCorpus('seeds')).articles
})

/** Plain MiniSearch over the same passages, each passage's normalized terms as its text (what Storydesk indexes). */
function plainMiniSearch(of: readonly Article[]) {
  const ms = new MiniSearch<{ id: string; text: string }>({
    fields: ['text'],
    tokenize: (text) => (text === '' ? [] : text.split(' ')),
    processTerm: (term) => term,
    searchOptions: { tokenize: (text) => [text], processTerm: (term) => term },
  })
  ms.addAll(
    of.flatMap((a) =>
      cutPassages(a).map((p) => ({ id: p.id, text: passageTerms(p.text, vocabulary).terms.join(' ') })),
    ),
  )
  return ms
}

/** Storydesk's score of every live passage holding `term` (all the words of `terms`), by passage id. */
function ourScores(index: SearchIndex, ...terms: string[]): Map<string, number> {
  const evaluation = evaluate(
    index,
    [{ surface: terms.join(' '), alternatives: [{ terms, weight: 1 }], phrase: null }],
    null,
  )
  const scores = new Map<string, number>()
  for (let c = evaluation.next(); c !== null; c = evaluation.next()) scores.set(index.passage(c.doc).id, c.score)
  return scores
}

function expectSameScores(ours: Map<string, number>, theirs: { id: string; score: number }[]): void {
  expect([...ours.keys()].sort()).toEqual(theirs.map((r) => r.id).sort())
  for (const r of theirs) expect(ours.get(r.id)).toBeCloseTo(r.score, 9)
}

const TERMS = ['hom', 'rebel', 'rastan', 'syria', 'talbisseh', 'russian', 'hezbollah']

describe('segments are MiniSearch frozen', () => {
  it("holds exactly MiniSearch's postings: the same passages and term frequencies for every term", () => {
    const segment = buildSegment(articles, { vocabulary })
    const ms = plainMiniSearch(articles)
    const ids = articles.flatMap((a) => cutPassages(a).map((p) => p.id))
    expect(segment.docStart.length).toBe(ids.length)
    expect(segment.terms.size).toBe(ms.termCount)
    for (let t = 0; t < segment.terms.size; t++) {
      const term = segment.terms.at(t)
      const ours: [string, number][] = []
      for (let i = segment.postingStart[t]!; i < segment.postingStart[t + 1]!; i++) {
        ours.push([ids[segment.postingDoc[i]!]!, segment.postingTf[i]!])
      }
      const theirs = ms.search(term).map((r) => r.id as string)
      expect(ours.map(([id]) => id).sort()).toEqual(theirs.sort())
      expect(ours.every(([, tf]) => tf >= 1)).toBe(true)
    }
  })

  it('scores as MiniSearch search() does, on a fresh index', () => {
    const index = SearchIndex.build(articles, vocabulary)
    const ms = plainMiniSearch(articles)
    for (const term of TERMS) expectSameScores(ourScores(index, term), ms.search(term))
  })

  // An alternative of several words ("opposition fighters", a phrase's words) holds the passages holding all of them,
  // found from the rarest list: as MiniSearch's AND, which sums the words' scores (and then multiplies, see below).
  // Pairs of a rare and a common word, two common words, a word asked twice, three words; on a fresh index, after
  // discards (a part with dead passages), and over two parts (a file replaced).
  const PAIRS = [
    ['rastan', 'rebel'],
    ['rebel', 'hom'],
    ['syria', 'rebel'],
    ['hom', 'talbisseh'],
    ['rebel', 'rebel'],
    ['rebel', 'syria', 'hom'],
  ]
  it("scores several words asked together as MiniSearch's AND of them, whatever their lists' lengths", async () => {
    const old = articles[1]!
    const replaced = parseArticle(
      old.file,
      `${old.text}\nRebels reached Rastan and Homs again, witnesses in Syria said.\n`,
    ).article!
    const fresh = SearchIndex.build(articles, vocabulary)
    const indexes = [
      { index: fresh, passages: articles },
      { index: fresh.withChanges([articles[2]!], []), passages: articles.filter((a) => a !== articles[2]) },
      { index: fresh.withChanges([old], [replaced]), passages: articles.map((a) => (a === old ? replaced : a)) },
    ]
    expect(indexes[2]!.index.parts.length).toBe(2)
    for (const { index, passages } of indexes) {
      const ms = plainMiniSearch(passages)
      for (const terms of PAIRS) {
        // MiniSearch multiplies a result's score by the number of distinct words it matched (its "quality").
        const theirs = ms
          .search({ combineWith: 'AND', queries: terms })
          .map((r) => ({ id: r.id, score: r.score / r.terms.length }))
        expect(theirs.length, terms.join(' ')).toBeGreaterThan(0)
        expectSameScores(ourScores(index, ...terms), theirs)
      }
    }
  })

  it('scores as MiniSearch does after passages are discarded (and MiniSearch has vacuumed)', async () => {
    const index = SearchIndex.build(articles, vocabulary).withChanges([articles[2]!, articles[4]!], [])
    const ms = plainMiniSearch(articles)
    for (const p of [...cutPassages(articles[2]!), ...cutPassages(articles[4]!)]) ms.discard(p.id)
    await ms.vacuum()
    for (const term of TERMS) expectSameScores(ourScores(index, term), ms.search(term))
  })

  it('scores as MiniSearch does after a file is replaced, and again after compaction', () => {
    const old = articles[1]!
    const replaced = parseArticle(old.file, `${old.text}\nRebels reached Rastan again on Saturday, witnesses said.\n`)
      .article!
    const index = SearchIndex.build(articles, vocabulary).withChanges([old], [replaced])
    const now = articles.map((a) => (a === old ? replaced : a))
    const ms = plainMiniSearch(now)
    for (const term of TERMS) expectSameScores(ourScores(index, term), ms.search(term))
    const compacted = index.compacted()
    for (const term of TERMS) expectSameScores(ourScores(compacted, term), ms.search(term))
  })

  it('an index compacted from an earlier state and caught up with later edits answers as the later index', () => {
    const [a, b, c] = [articles[0]!, articles[1]!, articles[3]!]
    const edited = parseArticle(b.file, `${b.text}\nRebels reached Rastan again on Saturday, witnesses said.\n`)
      .article!
    const early = SearchIndex.build(articles, vocabulary).withChanges([a], [])
    // Edits made while `early` is being compacted: one more deletion, a replacement, an article back.
    const later = early.withChanges([c, b], [edited, a])
    const caughtUp = early.compacted().caughtUpWith(later)
    const fresh = SearchIndex.build(
      articles.map((x) => (x === b ? edited : x)),
      vocabulary,
    ).withChanges([c], [])
    for (const term of TERMS) expect(ourScores(caughtUp, term)).toEqual(ourScores(later, term))
    // Exactly the scores of a fresh build of the same articles: live equals fresh.
    for (const term of TERMS) expect(ourScores(caughtUp, term)).toEqual(ourScores(fresh, term))
  })

  it('merging keeps postings sorted when a part between two others contributes nothing to a term', () => {
    const late = buildSegment(articles.slice(3), { vocabulary })
    const dropped = buildSegment([articles[2]!], { vocabulary })
    const early = buildSegment(articles.slice(0, 2), { vocabulary })
    const merged = mergeSegments(
      [
        { segment: late, live: null },
        { segment: dropped, live: new Uint8Array([0]) },
        { segment: early, live: null },
      ],
      vocabulary,
    )
    const fresh = buildSegment([...articles.slice(0, 2), ...articles.slice(3)], { vocabulary })
    for (let t = 0; t < merged.terms.size; t++) {
      for (let i = merged.postingStart[t]! + 1; i < merged.postingStart[t + 1]!; i++) {
        expect(merged.postingDoc[i]!, merged.terms.at(t)).toBeGreaterThan(merged.postingDoc[i - 1]!)
      }
    }
    expectSameSegment(merged, fresh)
  })

  it('merging segments gives the segment a fresh build of the same articles gives', () => {
    const first = buildSegment(articles.slice(0, 2), { vocabulary })
    const second = buildSegment(articles.slice(2), { vocabulary })
    const merged = mergeSegments(
      [
        { segment: second, live: null },
        { segment: first, live: null },
      ],
      vocabulary,
    )
    const fresh = buildSegment(articles, { vocabulary })
    expect(merged.articles).toEqual(fresh.articles)
    expectSameSegment(merged, fresh)
  })
})
