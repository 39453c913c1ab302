// The index built on worker threads is, passage for passage, the one a single thread builds.
import { describe, expect, it } from 'vitest'
import { loadCorpus } from '../../src/corpus/load.ts'
import { parseArticle } from '../../src/corpus/parse.ts'
import { buildSegment } from '../../src/search/segment.ts'
import { buildSegmentInParallel } from '../../src/snapshot/parallelBuild.ts'
import { loadVocabulary } from '../../src/snapshot/vocabularyFile.ts'
import { expectSameSegment } from '../support/segments.ts'

const vocabulary = loadVocabulary()

describe('parallel build', () => {
  it('builds on worker threads the segment one thread builds', async () => {
    const seeds = (await loadCorpus('seeds')).articles
    // More articles than workers, in file order: the seeds and renamed copies with a sentence of their own.
    const articles = seeds
      .flatMap((a, i) =>
        [0, 1, 2].map(
          (copy) =>
            parseArticle(`${copy}${a.file}`, `${a.text}\nCopy ${copy} of article ${i} was filed at noon.\n`).article!,
        ),
      )
      .sort((a, b) => (a.file < b.file ? -1 : 1))
    let progress = 0
    const parallel = await buildSegmentInParallel(articles, vocabulary, {
      minChars: 0,
      workers: 2,
      onProgress: (done) => {
        progress = done
      },
    })
    const single = buildSegment(articles, { vocabulary })
    expect(progress).toBe(articles.length)
    expect(parallel.articles).toEqual(articles)
    expect(parallel.articles[0]).toBe(articles[0])
    expectSameSegment(parallel, single)
  })
})
