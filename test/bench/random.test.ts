import { describe, expect, it } from 'vitest'
import { Random, mixSeed } from '../../bench/random.ts'

describe('Random', () => {
  it('gives the same stream for the same seed, pinned so a Node upgrade cannot change the benchmark', () => {
    const a = new Random(1)
    const b = new Random(1)
    const stream = Array.from({ length: 5 }, () => a.int(1_000_000))
    expect(Array.from({ length: 5 }, () => b.int(1_000_000))).toEqual(stream)
    expect(stream).toEqual([988019, 682713, 901698, 244040, 217218])
  })

  it('gives unrelated streams for nearby seeds and derived seeds', () => {
    expect(new Random(1).next()).not.toBe(new Random(2).next())
    expect(mixSeed(1, 0)).not.toBe(mixSeed(1, 1))
    expect(mixSeed(2 ** 40)).not.toBe(mixSeed(0))
  })

  it('int, between, pick and shuffle stay in range', () => {
    const r = new Random(42)
    for (let i = 0; i < 1000; i++) {
      const n = r.int(7)
      expect(n >= 0 && n < 7 && Number.isInteger(n)).toBe(true)
      const m = r.between(3, 5)
      expect(m >= 3 && m <= 5).toBe(true)
    }
    expect(['x', 'y']).toContain(r.pick(['x', 'y']))
    expect(r.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5])
    expect(() => r.int(0)).toThrow(RangeError)
    expect(() => r.pick([])).toThrow(RangeError)
  })

  it('weighted follows the weights', () => {
    const r = new Random(9)
    const counts = [0, 0, 0]
    for (let i = 0; i < 10_000; i++) counts[r.weighted([1, 0, 3])]!++
    expect(counts[1]).toBe(0)
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.5)
    expect(counts[2]! / counts[0]!).toBeLessThan(3.5)
  })
})
