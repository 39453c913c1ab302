import { describe, expect, it } from 'vitest'
import { exampleQueries } from '../../src/search/advice.ts'
import { SearchIndex } from '../../src/search/searchIndex.ts'
import { warmUpSteps } from '../../src/search/warm.ts'
import { loadSnapshot } from '../../src/snapshot/snapshot.ts'
import { loadVocabulary } from '../../src/snapshot/vocabularyFile.ts'

describe('warmUpSteps', () => {
  it('runs queries made from the coverage, through the paths a question takes: words, a phrase, a misspelling', async () => {
    const { index } = await loadSnapshot('seeds')
    const steps = warmUpSteps(index)
    expect(steps[0]!.what).toBe('tries')
    for (const step of steps) step.run()
    const queries = steps.slice(1).map((step) => step.what)
    const examples = exampleQueries(index)
    expect(examples.length).toBeGreaterThanOrEqual(2)
    expect(queries.slice(0, examples.length)).toEqual(examples)
    const phrase = queries.find((q) => q.startsWith('"'))!
    expect(phrase).toBe(`"${examples[0]}"`)
    const typo = queries.at(-1)!
    expect(typo).toMatch(/^\p{L}{5,}$/u)
    expect(examples.flatMap((q) => q.split(' '))).not.toContain(typo)
    // Each finds passages: the warm-up ran the real search code, not an empty path (the misspelling through typo
    // tolerance).
    for (const query of queries) expect(index.search(query, { limit: 5 }).hits.length, query).toBeGreaterThan(0)
  })

  it('runs no query on an empty index (the tries alone)', () => {
    const index = SearchIndex.build([], loadVocabulary())
    expect(index.size).toBe(0)
    const steps = warmUpSteps(index)
    expect(steps.map((step) => step.what)).toEqual(['tries'])
    for (const step of steps) step.run()
  })
})
