/**
 * Readies an index for its first question. Without it the first query pays for building the typo tolerance's tries
 * and runs the search code before the engine has compiled it: at a million passages the first query took 0.42–0.46 s,
 * the same query right after 13–21 ms. The warm-up builds the tries and runs a few queries made from the coverage
 * itself (the example queries, one as a phrase, one misspelt), discarding the results: a cold start's "ready" stays
 * when the index is loaded, and the warm-up runs in the service's first idle turn (slack/app.ts).
 *
 * @example store.onReplace((snapshot) => queue.run(() => warmUp(snapshot.index)))
 */
import { exampleQueries } from './advice.ts'
import { TYPO_OPTIONS } from './plan.ts'
import type { SearchIndex } from './searchIndex.ts'

/** Builds the tries and runs the warm-up queries; returns the queries it ran (none for an empty index). */
export function warmUp(index: SearchIndex): string[] {
  index.vocabulary.words.prepareNear()
  for (const { segment } of index.parts) segment.surfaces.prepareNear()
  const examples = exampleQueries(index)
  const first = examples[0]
  if (!first) return []
  // A letter dropped from the longest word, when what is left is still long enough for typo tolerance: the typo
  // path (a word the index does not hold) runs too.
  const longest = examples
    .flatMap((query) => query.split(' '))
    .filter((word) => /^\p{L}+$/u.test(word))
    .reduce((a, b) => (b.length > a.length ? b : a), '')
  const misspelt = longest.length > TYPO_OPTIONS.minLength ? [longest.slice(0, 2) + longest.slice(3)] : []
  const queries = [...examples, `"${first}"`, ...misspelt]
  for (const query of queries) index.search(query, { limit: 5 })
  return queries
}
