/**
 * Disjoint sets over 0…n-1 (union–find with path halving). The root of a set is always its smallest member, so the
 * grouping, and the order groups come out in, do not depend on the order of the unions.
 *
 * @example
 * const sets = new DisjointSets(4)
 * sets.union(3, 1) // → 1, the new root
 * sets.find(3)     // → 1
 */
export class DisjointSets {
  private readonly parent: Int32Array

  constructor(size: number) {
    this.parent = new Int32Array(size)
    for (let i = 0; i < size; i++) this.parent[i] = i
  }

  find(i: number): number {
    const parent = this.parent
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!
      i = parent[i]!
    }
    return i
  }

  /**
   * Joins the sets of `a` and `b` unless `allowed(rootA, rootB)` says no. Returns the joined set's root, or null when
   * they were already one set or the join was refused.
   */
  union(a: number, b: number, allowed?: (rootA: number, rootB: number) => boolean): number | null {
    const ra = this.find(a)
    const rb = this.find(b)
    if (ra === rb || (allowed && !allowed(ra, rb))) return null
    const root = Math.min(ra, rb)
    this.parent[Math.max(ra, rb)] = root
    return root
  }
}
