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

/**
 * A passage's copy fingerprint: its consecutive word triples (case and accents folded), each
 * hashed to 32 bits, sorted and de-duplicated, so that two fingerprints compare by a linear merge.
 */
export function fingerprint(text: string): Uint32Array {
  const folded = words(text).map(fold)
  const hashes = new Uint32Array(Math.max(0, folded.length - 2))
  for (let i = 2; i < folded.length; i++) hashes[i - 2] = fnv1a(`${folded[i - 2]} ${folded[i - 1]} ${folded[i]}`)
  hashes.sort()
  let n = 0
  for (let i = 0; i < hashes.length; i++) if (i === 0 || hashes[i] !== hashes[i - 1]) hashes[n++] = hashes[i]!
  return hashes.slice(0, n)
}

/** FNV-1a, 32 bits, of the UTF-16 code units of `text`: fast, and stable across runs and machines. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

export interface CopyGroup<T> {
  lead: T
  copies: T[]
}

/**
 * Folds syndicated copies into the best-ranked passage of their group. `ranked` is best first;
 * a passage joins an earlier group when it comes from another file and is the same copy as the
 * group's lead. `fingerprintOf` lets the caller cache fingerprints.
 */
export function groupSyndicated<T extends { passage: Passage }>(
  ranked: readonly T[],
  fingerprintOf: (item: T) => Uint32Array = (item) => fingerprint(item.passage.text),
  threshold = SAME_COPY_THRESHOLD,
): CopyGroup<T>[] {
  const groups: { group: CopyGroup<T>; print: Uint32Array; files: Set<string> }[] = []
  // Trigram → the groups whose lead holds it: a passage is compared only with leads it shares trigrams with.
  const leadsByTrigram = new Map<number, number[]>()
  for (const item of ranked) {
    const print = fingerprintOf(item)
    const home = findCopyGroup(groups, leadsByTrigram, print, item.passage.file, threshold)
    if (home) {
      home.group.copies.push(item)
      home.files.add(item.passage.file)
      continue
    }
    const index = groups.push({ group: { lead: item, copies: [] }, print, files: new Set([item.passage.file]) }) - 1
    for (const hash of print) {
      const leads = leadsByTrigram.get(hash)
      if (leads) leads.push(index)
      else leadsByTrigram.set(hash, [index])
    }
  }
  return groups.map((g) => g.group)
}

function findCopyGroup<G extends { print: Uint32Array; files: Set<string> }>(
  groups: readonly G[],
  leadsByTrigram: ReadonlyMap<number, number[]>,
  print: Uint32Array,
  file: string,
  threshold: number,
): G | undefined {
  const shared = new Map<number, number>()
  for (const hash of print)
    for (const index of leadsByTrigram.get(hash) ?? []) shared.set(index, (shared.get(index) ?? 0) + 1)
  let best: G | undefined
  let bestIndex = Infinity
  for (const [index, count] of shared) {
    const group = groups[index]!
    // Overlap: the share of the smaller fingerprint found in the other. The earliest (best-ranked) group wins.
    if (
      index < bestIndex &&
      !group.files.has(file) &&
      count / Math.max(1, Math.min(print.length, group.print.length)) >= threshold
    ) {
      best = group
      bestIndex = index
    }
  }
  return best
}
