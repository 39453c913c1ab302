import { describe, expect, it } from 'vitest'
import { RateLimiter, RecentIds } from '../../src/slack/guards.ts'

describe('RateLimiter', () => {
  it('allows the limit per window per user, then says when to come back', () => {
    let now = 0
    const limiter = new RateLimiter(3, 60_000, () => now)
    expect([1, 2, 3].map(() => limiter.take('U1').allowed)).toEqual([true, true, true])
    expect(limiter.take('U1')).toEqual({ allowed: false, retryInSeconds: 60 })
    expect(limiter.take('U2').allowed).toBe(true)
    now = 30_000
    expect(limiter.take('U1')).toEqual({ allowed: false, retryInSeconds: 30 })
    now = 60_000
    expect(limiter.take('U1').allowed).toBe(true)
  })
})

describe('RecentIds', () => {
  it('reports a repeat within the TTL and forgets after it', () => {
    let now = 0
    const ids = new RecentIds(10, 1000, () => now)
    expect(ids.check('Ev1')).toBe(false)
    expect(ids.check('Ev1')).toBe(true)
    now = 1000
    expect(ids.check('Ev1')).toBe(false)
  })

  it('stays bounded, forgetting the oldest first', () => {
    const ids = new RecentIds(3, 60_000, () => 0)
    for (const id of ['a', 'b', 'c', 'd']) ids.check(id)
    expect(ids.size).toBe(3)
    expect(ids.check('d')).toBe(true)
    expect(ids.check('a')).toBe(false)
  })
})
