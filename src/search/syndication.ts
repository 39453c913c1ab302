import type { Passage } from '../passages/types.ts'
import { fold, words } from './tokenize.ts'

/**
 * Wire copy runs in several outlets in (nearly) the same words. Two passages are the same copy
 * when most word triples (trigrams) of the shorter one also stand in the longer one; a rewrite
 * shares a quotation but few trigrams around it, so it stays a separate result for reporters to
 * compare. Measured on the seeds: the same copy scores 0.76 to 1.00, rewrites and re-edited
 * copy 0.71 and below (README, "Syndicated copy").
 */
export const SAME_COPY_THRESHOLD = 0.72

/** The set of consecutive word triples of a text (case and accents folded). */
export function trigrams(text: string): Set<string> {
  const folded = words(text).map(fold)
  const triples = new Set<string>()
  for (let i = 2; i < folded.length; i++) triples.add(`${folded[i - 2]} ${folded[i - 1]} ${folded[i]}`)
  return triples
}

/** Share of the smaller set's trigrams found in the other (0…1). */
export function copyOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  if (small.size === 0) return 0
  let shared = 0
  for (const pair of small) if (large.has(pair)) shared++
  return shared / small.size
}

export interface CopyGroup<T> {
  lead: T
  copies: T[]
}

/**
 * Folds syndicated copies into the best-ranked passage of their group. `ranked` is best first;
 * a passage joins an earlier group when it comes from another file and is the same copy.
 */
export function groupSyndicated<T extends { passage: Passage }>(ranked: readonly T[], threshold = SAME_COPY_THRESHOLD): CopyGroup<T>[] {
  const groups: { group: CopyGroup<T>; shingles: Set<string>; files: Set<string> }[] = []
  for (const item of ranked) {
    const shingles = trigrams(item.passage.text)
    const home = groups.find((g) => !g.files.has(item.passage.file) && copyOverlap(g.shingles, shingles) >= threshold)
    if (home) {
      home.group.copies.push(item)
      home.files.add(item.passage.file)
    } else {
      groups.push({ group: { lead: item, copies: [] }, shingles, files: new Set([item.passage.file]) })
    }
  }
  return groups.map((g) => g.group)
}
