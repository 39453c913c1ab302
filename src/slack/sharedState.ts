/**
 * What replicas must share to answer as one: the memory of Slack deliveries already taken (so an event delivered to
 * two replicas, retried, or redelivered over Socket Mode is answered once) and each person's query count.
 *
 * With REDIS_URL both live in Redis (ioredis; the limit through rate-limiter-flexible, which counts atomically in a
 * Lua script); without it, in this process. Redis is never allowed to stop an answer: a Redis call that fails or takes
 * longer than `commandTimeoutMs` lets the request through (de-duplication) or falls back to a per-process count (the
 * limit), and health reports the shared state as degraded.
 *
 * @example
 * const shared = await createSharedState({ redisUrl: process.env.REDIS_URL, queriesPerMinute: 20 }, log)
 * if (await shared.dedup.firstTime(['event:Ev123'])) answer()
 * const verdict = await shared.limiter.take('U123')
 */
import { Redis } from 'ioredis'
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible'
import type { ComponentReport } from './health.ts'
import { reasonOf, type Logger } from './logger.ts'

/** Defaults, in one place. */
export const SHARED_STATE_DEFAULTS = {
  /** How long a delivery is remembered: Slack retries an event for about 1 hour; signatures are valid for 5 minutes. */
  dedupTtlMs: 2 * 60 * 60_000,
  /** In-process memory of deliveries: at most this many ids (oldest forgotten first). */
  memoryCapacity: 50_000,
  /** A Redis command slower than this is given up (the request goes on without it). */
  commandTimeoutMs: 250,
  /** Key prefix, so one Redis can serve several apps. */
  keyPrefix: 'storydesk:',
} as const

export type LimitVerdict = { allowed: true } | { allowed: false; retryInSeconds: number }

/** Remembers Slack deliveries already taken. */
export interface Deduplicator {
  /**
   * True the first time any of `keys` is seen (and records them all); false when one of them was seen before, by this
   * replica or another. Never throws: if the store cannot answer, the delivery counts as new.
   */
  firstTime(keys: readonly string[]): Promise<boolean>
}

/** Counts each person's queries. */
export interface QueryLimiter {
  /** Records a query by `user` if allowed; otherwise says when the next one is. Never throws. */
  take(user: string): Promise<LimitVerdict>
}

export interface SharedState {
  dedup: Deduplicator
  limiter: QueryLimiter
  /** Where the state lives: "process" or "redis". */
  kind: 'process' | 'redis'
  /** For /healthz: ok, or degraded with the reason (Redis unreachable). */
  health(): ComponentReport
  close(): Promise<void>
}

export interface SharedStateOptions {
  redisUrl: string | undefined
  queriesPerMinute: number
  dedupTtlMs?: number
  commandTimeoutMs?: number
  keyPrefix?: string
}

/** The shared state for these settings: Redis when a URL is given (connecting in the background), else in process. */
export async function createSharedState(options: SharedStateOptions, log: Logger): Promise<SharedState> {
  const ttlMs = options.dedupTtlMs ?? SHARED_STATE_DEFAULTS.dedupTtlMs
  const memoryLimiter = new RateLimiterMemory({ points: options.queriesPerMinute, duration: 60 })
  if (!options.redisUrl) {
    return {
      kind: 'process',
      dedup: new MemoryDeduplicator(ttlMs),
      limiter: new FlexibleLimiter(memoryLimiter, log),
      health: () => ({ status: 'ok', detail: 'in process (one replica)' }),
      close: async () => undefined,
    }
  }
  const prefix = options.keyPrefix ?? SHARED_STATE_DEFAULTS.keyPrefix
  const timeoutMs = options.commandTimeoutMs ?? SHARED_STATE_DEFAULTS.commandTimeoutMs
  const redis = new Redis(options.redisUrl, {
    // Fail fast instead of queueing while disconnected: an ack must never wait for Redis.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: timeoutMs,
    connectTimeout: 5_000,
    // Reconnect forever, backing off to 2 s.
    retryStrategy: (times) => Math.min(100 * 2 ** times, 2_000),
    lazyConnect: true,
  })
  const status = new RedisStatus(redis, log, redactUrl(options.redisUrl))
  await redis.connect().catch(() => undefined) // reported by RedisStatus; requests are answered meanwhile
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    points: options.queriesPerMinute,
    duration: 60,
    keyPrefix: `${prefix}limit`,
    rejectIfRedisNotReady: true,
    // While Redis is away, each replica counts on its own.
    insuranceLimiter: memoryLimiter,
  })
  return {
    kind: 'redis',
    dedup: new RedisDeduplicator(redis, `${prefix}seen:`, ttlMs, new MemoryDeduplicator(ttlMs), log),
    limiter: new FlexibleLimiter(limiter, log),
    health: () => status.report(),
    async close() {
      status.closing = true
      await redis.quit().catch(() => redis.disconnect())
    },
  }
}

/** In-process memory of ids, for one replica (and as Redis's stand-in while it is away). */
export class MemoryDeduplicator implements Deduplicator {
  private readonly seen = new Map<string, number>()
  constructor(
    private readonly ttlMs: number = SHARED_STATE_DEFAULTS.dedupTtlMs,
    private readonly capacity: number = SHARED_STATE_DEFAULTS.memoryCapacity,
    private readonly now: () => number = Date.now,
  ) {}

  async firstTime(keys: readonly string[]): Promise<boolean> {
    return this.check(keys)
  }

  /** The synchronous check behind firstTime. */
  check(keys: readonly string[]): boolean {
    const now = this.now()
    const repeat = keys.some((key) => {
      const at = this.seen.get(key)
      return at !== undefined && now - at < this.ttlMs
    })
    for (const key of keys) {
      this.seen.delete(key)
      this.seen.set(key, now)
    }
    // Map keeps insertion order: the first keys are the oldest.
    while (this.seen.size > this.capacity) this.seen.delete(this.seen.keys().next().value!)
    return !repeat
  }

  get size(): number {
    return this.seen.size
  }
}

class RedisDeduplicator implements Deduplicator {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
    private readonly fallback: MemoryDeduplicator,
    private readonly log: Logger,
  ) {}

  async firstTime(keys: readonly string[]): Promise<boolean> {
    if (keys.length === 0) return true
    // Remembered locally too, so a repeat reaching this replica is caught even when Redis is away.
    const locallyNew = this.fallback.check(keys)
    try {
      // SET NX per key in one round trip: the key is claimed by exactly one replica, atomically.
      const multi = this.redis.multi()
      for (const key of keys) multi.set(`${this.prefix}${key}`, '1', 'PX', this.ttlMs, 'NX')
      const results = (await multi.exec()) ?? []
      return locallyNew && results.every(([error, reply]) => !error && reply === 'OK')
    } catch (error) {
      this.log.warn(
        { event: 'dedup.redis_failed', err: error },
        `de-duplication through Redis failed (${reasonOf(error)}); deciding in this replica only`,
      )
      return locallyNew
    }
  }
}

/** rate-limiter-flexible behind our interface: a rejection is an answer, an error a reason to let the query through. */
class FlexibleLimiter implements QueryLimiter {
  constructor(
    private readonly limiter: RateLimiterMemory | RateLimiterRedis,
    private readonly log: Logger,
  ) {}

  async take(user: string): Promise<LimitVerdict> {
    try {
      await this.limiter.consume(user)
      return { allowed: true }
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes)
        return { allowed: false, retryInSeconds: Math.max(1, Math.ceil(outcome.msBeforeNext / 1000)) }
      this.log.warn(
        { event: 'limit.failed', err: outcome },
        `the query limit could not be checked: ${reasonOf(outcome)}`,
      )
      return { allowed: true }
    }
  }
}

/** Follows the Redis connection for health and logs each change once. */
class RedisStatus {
  closing = false
  private ready = false
  private downSince: number | null = Date.now()
  private lastError = 'connecting'

  constructor(
    redis: Redis,
    log: Logger,
    private readonly where: string,
  ) {
    redis.on('ready', () => {
      if (!this.ready)
        log.info({ event: 'redis.ready' }, `Redis at ${where} connected: replicas share de-duplication and limits`)
      this.ready = true
      this.downSince = null
    })
    redis.on('error', (error: unknown) => {
      this.lastError = reasonOf(error)
    })
    redis.on('close', () => {
      if (this.closing) return
      if (this.ready)
        log.error(
          { event: 'redis.lost' },
          `lost Redis at ${where} (${this.lastError}); answering on, de-duplicating and limiting per replica until it is back`,
        )
      else if (this.downSince !== null && this.lastError !== 'connecting')
        log.warn({ event: 'redis.unreachable' }, `Redis at ${where} unreachable (${this.lastError}); retrying`)
      this.ready = false
      this.downSince ??= Date.now()
    })
  }

  report(): ComponentReport {
    if (this.ready) return { status: 'ok', detail: `Redis at ${this.where}` }
    return {
      status: 'degraded',
      detail: `Redis at ${this.where} unreachable since ${new Date(this.downSince ?? Date.now()).toISOString()} (${this.lastError}): de-duplication and limits are per replica`,
    }
  }
}

/** The URL without its password, for logs and health. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'REDIS_URL'
  }
}
