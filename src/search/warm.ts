/**
 * Readies an index for its first question. Without it the first query pays for building the typo tolerance's tries
 * and runs the search code before the engine has compiled it: at a million passages the first query took 0.42–0.46 s,
 * the same query right after 13–21 ms. The warm-up builds the tries and runs a few queries made from the coverage
 * itself (the example queries, one as a phrase, one misspelt), discarding the results. It is a list of steps so that
 * a server can run them one per turn of its event loop (slack/answering.ts), acknowledging requests between them; the
 * first query is still the longest step (it is the one the engine compiles the search code on).
 *
 * @example for (const step of warmUpSteps(index)) await queue.run(step.run)
 */
import { exampleQueries } from './advice.ts'
import { TYPO_OPTIONS } from './plan.ts'
import type { SearchIndex } from './searchIndex.ts'

export interface WarmUpStep {
  /** What the step does, for logs: "tries", or the query it runs. */
  what: string
  run(): void
}

/** The warm-up's steps: the tries, then each warm-up query (none for an empty index). */
export function warmUpSteps(index: SearchIndex): WarmUpStep[] {
  const tries: WarmUpStep = {
    what: 'tries',
    run: () => {
      index.vocabulary.words.prepareNear()
      for (const { segment } of index.parts) segment.surfaces.prepareNear()
    },
  }
  const queries = warmUpQueries(index).map((query) => ({
    what: query,
    run: () => void index.search(query, { limit: 5 }),
  }))
  return [tries, ...queries]
}

/** The example queries, the first as a phrase, and a misspelt word (none for an empty index). */
function warmUpQueries(index: SearchIndex): string[] {
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
  return [...examples, `"${first}"`, ...misspelt]
}
