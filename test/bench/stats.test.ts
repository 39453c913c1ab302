import { describe, expect, it } from 'vitest'
import { distribution, percentile } from '../../bench/stats.ts'

describe('percentile', () => {
  it('is the nearest-rank percentile', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(values, 50)).toBe(50)
    expect(percentile(values, 99)).toBe(99)
    expect(percentile(values, 100)).toBe(100)
    expect(percentile([7], 99)).toBe(7)
    expect(percentile([], 50)).toBeNaN()
  })

  it('summarises unsorted values', () => {
    const d = distribution([5, 1, 4, 2, 3])
    expect(d).toMatchObject({ count: 5, p50: 3, max: 5, mean: 3 })
  })
})
