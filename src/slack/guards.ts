/**
 * Protections the Slack side needs: a per-user query limit and a memory of recent event ids.
 * Both take the clock as a parameter so tests can drive time.
 */

export type Clock = () => number

/** At most `limit` queries per user in any `windowMs` (sliding window). */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>()
  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: Clock = Date.now,
  ) {}

  /** Records a query by `user` if allowed; otherwise returns the seconds until the next one is. */
  take(user: string): { allowed: true } | { allowed: false; retryInSeconds: number } {
    const now = this.now()
    const recent = (this.hits.get(user) ?? []).filter((t) => now - t < this.windowMs)
    if (recent.length >= this.limit) {
      this.hits.set(user, recent)
      return { allowed: false, retryInSeconds: Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000)) }
    }
    recent.push(now)
    this.hits.set(user, recent)
    // Forget idle users so the map cannot grow without bound.
    if (this.hits.size > 10_000)
      for (const [key, times] of this.hits) if (times.every((t) => now - t >= this.windowMs)) this.hits.delete(key)
    return { allowed: true }
  }
}

/**
 * Remembers ids (Slack event_ids) for `ttlMs`, at most `capacity` of them, oldest forgotten first.
 * Slack redelivers an event it believes was lost (X-Slack-Retry-Num), and Socket Mode can
 * deliver one twice: the second time must not produce a second reply.
 */
export class RecentIds {
  private readonly seen = new Map<string, number>()
  constructor(
    private readonly capacity = 5_000,
    private readonly ttlMs = 15 * 60_000,
    private readonly now: Clock = Date.now,
  ) {}

  /** True if `id` was seen within the TTL; otherwise records it and returns false. */
  check(id: string): boolean {
    const now = this.now()
    const at = this.seen.get(id)
    if (at !== undefined && now - at < this.ttlMs) return true
    this.seen.delete(id)
    this.seen.set(id, now)
    // Map keeps insertion order: the first keys are the oldest.
    while (this.seen.size > this.capacity) this.seen.delete(this.seen.keys().next().value!)
    return false
  }

  get size(): number {
    return this.seen.size
  }
}
