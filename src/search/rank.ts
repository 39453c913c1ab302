/**
 * Ranking after retrieval. Order is by coverage first (a passage matching more of the query's
 * distinct terms always ranks above one matching fewer), then by score; within one coverage
 * tier, each further passage from a file already shown has its score damped, so the top
 * results spread across outlets instead of quoting one article five times.
 */

/** Score multiplier per passage already taken from the same file (0.5 → halved, quartered, …). */
export const SAME_FILE_DAMPING = 0.5

export interface Rankable {
  passage: { file: string }
  score: number
  coverage: number
}

export function diversify<T extends Rankable>(items: readonly T[], damping = SAME_FILE_DAMPING): T[] {
  const remaining = [...items]
  const taken = new Map<string, number>()
  const out: T[] = []
  while (remaining.length > 0) {
    const tier = Math.max(...remaining.map((item) => item.coverage))
    let bestIndex = -1
    let bestScore = -Infinity
    remaining.forEach((item, i) => {
      if (item.coverage !== tier) return
      const adjusted = item.score * damping ** (taken.get(item.passage.file) ?? 0)
      if (adjusted > bestScore) {
        bestScore = adjusted
        bestIndex = i
      }
    })
    const [best] = remaining.splice(bestIndex, 1)
    out.push(best!)
    taken.set(best!.passage.file, (taken.get(best!.passage.file) ?? 0) + 1)
  }
  return out
}
