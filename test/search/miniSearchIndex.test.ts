/**
 * PassageMiniSearch reads MiniSearch's protected index. These tests pin what it reads to what
 * MiniSearch itself computes, so an upgrade that changes MiniSearch's internals fails here.
 */
import { describe, expect, it } from 'vitest'
import { PassageMiniSearch } from '../../src/search/miniSearchIndex.ts'

function index() {
  const ms = new PassageMiniSearch()
  ms.addAll([
    { id: 'a', text: 'rebel advanc hom hom' },
    { id: 'b', text: 'rebel enter rastan talbiseh' },
    { id: 'c', text: 'hom provinc border lebanon iraq jordan hom syria' },
    { id: 'd', text: 'talbisseh rastan' },
  ])
  return ms
}

describe('PassageMiniSearch', () => {
  it('exposes the postings MiniSearch searches, and scores them with its BM25+', () => {
    const ms = index()
    for (const term of ['hom', 'rebel', 'rastan']) {
      const postings = ms.postings(term)!
      const norms = ms.lengthNorms()
      const ours = new Map(
        [...postings].map(([doc, tf]) => [
          ms.idOf(doc),
          PassageMiniSearch.bm25(tf, ms.idf(postings.size), norms[doc]!),
        ]),
      )
      const theirs = new Map(ms.search(term).map((r) => [r.id, r.score]))
      expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort())
      for (const [id, score] of ours) expect(score).toBeCloseTo(theirs.get(id)!, 10)
    }
  })

  it('finds spelling variants and completions in its term tree', () => {
    const ms = index()
    expect([...ms.termsNear('talbiseh', 1)].map(([t]) => t).sort()).toEqual(['talbiseh', 'talbisseh'])
    expect([...ms.termsStartingWith('talbi')].sort()).toEqual(['talbiseh', 'talbisseh'])
    expect(ms.frequency('rastan')).toBe(2)
  })

  it('knows discarded documents, and survives toJSON and back', () => {
    const ms = index()
    expect(ms.hasDiscarded).toBe(false)
    ms.discard('d')
    expect(ms.hasDiscarded).toBe(true)
    expect(ms.isLive(ms.shortIdOf('b')!)).toBe(true)
    const restored = PassageMiniSearch.fromJS(JSON.parse(JSON.stringify(ms)))
    expect(restored).toBeInstanceOf(PassageMiniSearch)
    expect(restored.search('rastan').map((r) => r.id)).toEqual(['b'])
    expect(restored.postings('hom')!.size).toBe(2)
  })
})
