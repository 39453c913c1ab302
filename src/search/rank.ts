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

/** An item in its ranked place, with the score it was ranked by (damped for earlier passages of its file). */
export interface Ranked<T> {
  item: T
  adjusted: number
}

/**
 * Orders `items` (given best first by coverage, then score) for reading: coverage tier by tier, and within a tier by
 * score damped once for every passage of the same file already placed. Equal scores keep the given order.
 *
 * @example diversify(hits).map((r) => r.item) // at most one passage per article before a second one from any
 */
export function diversify<T extends Rankable>(items: readonly T[], damping = SAME_FILE_DAMPING): Ranked<T>[] {
  const remaining = [...items]
  const taken = new Map<string, number>()
  const out: Ranked<T>[] = []
  while (remaining.length > 0) {
    let tier = -1
    for (const item of remaining) if (item.coverage > tier) tier = item.coverage
    let bestIndex = -1
    let bestScore = Number.NEGATIVE_INFINITY
    remaining.forEach((item, i) => {
      if (item.coverage !== tier) return
      const adjusted = item.score * damping ** (taken.get(item.passage.file) ?? 0)
      if (adjusted > bestScore) {
        bestScore = adjusted
        bestIndex = i
      }
    })
    const [best] = remaining.splice(bestIndex, 1)
    out.push({ item: best!, adjusted: bestScore })
    taken.set(best!.passage.file, (taken.get(best!.passage.file) ?? 0) + 1)
  }
  return out
}

/**
 * How many of the first ranked items are final: no candidate not yet ranked (the best of them being `next`, as the
 * search hands them out best first) could be placed before them. Anything placed after the first item that `next`
 * could overtake may still move, so a page beyond that must rank more candidates first. This keeps every page the
 * same slice of one ranking, whatever page is asked.
 */
export function settledCount<T extends Rankable>(
  ranked: readonly Ranked<T>[],
  next: Pick<Rankable, 'coverage' | 'score'> | null,
): number {
  if (next === null) return ranked.length
  const unsettled = ranked.findIndex(
    (r) => r.item.coverage < next.coverage || (r.item.coverage === next.coverage && r.adjusted < next.score),
  )
  return unsettled < 0 ? ranked.length : unsettled
}
