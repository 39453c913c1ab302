/**
 * A tiny seeded PRNG (mulberry32) for the benchmark corpus and queries. Math.random cannot be seeded, and the
 * benchmark must produce the same articles and queries on every run and every Node version: mulberry32 uses only
 * 32-bit integer arithmetic (Math.imul, >>>), which JavaScript defines exactly.
 */

/** A deterministic stream of numbers from a 32-bit state. */
export class Random {
  private state: number

  /** `seed`: any safe integer; different seeds give unrelated streams (the seed is hashed first). */
  constructor(seed: number) {
    this.state = mixSeed(seed)
  }

  /** A float in [0, 1), with 32 bits of randomness. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [0, n). */
  int(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`Random.int needs a positive integer, not ${n}`)
    return Math.floor(this.next() * n)
  }

  /** An integer in [min, max], both included. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1)
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Random.pick needs a non-empty array')
    return items[this.int(items.length)]!
  }

  /** An index into `weights` (non-negative, not all zero), with probability proportional to its weight. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((sum, w) => sum + w, 0)
    if (!(total > 0)) throw new RangeError('Random.weighted needs at least one positive weight')
    let x = this.next() * total
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!
      if (x < 0) return i
    }
    // Floating-point rounding can leave x a hair above 0: the last positive weight takes it.
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i
    return weights.length - 1
  }

  /** Fisher–Yates shuffle in place; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1)
      const tmp = items[i]!
      items[i] = items[j]!
      items[j] = tmp
    }
    return items
  }
}

/**
 * Hashes one or more safe integers into a 32-bit seed (murmur3's finalizer per part), so derived streams
 * (seed 1 pass 0, seed 1 pass 1, …) are unrelated even though their inputs differ by one bit.
 */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9
  for (const part of parts) {
    if (!Number.isSafeInteger(part)) throw new RangeError(`a seed must be a safe integer, not ${part}`)
    // Both halves of the integer, so seeds above 2^32 (and negative ones) still differ.
    const low = part >>> 0
    const high = Math.floor(part / 4294967296) >>> 0
    h = fmix32(h ^ low)
    h = fmix32(h ^ high ^ 0x85ebca6b)
  }
  return h
}

function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
