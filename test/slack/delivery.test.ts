/**
 * delivery.ts against the fake Slack over real HTTP (a real WebClient): a 429 that says "Retry-After: 0" waits and
 * gives up in the end instead of looping.
 */
import { Writable } from 'node:stream'
import { webApi } from '@slack/bolt'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DeliveryError, SlackCalls, type SlackCallsOptions, webClientOptions } from '../../src/slack/delivery.ts'
import { createLogger } from '../../src/slack/logger.ts'
import { FAKE, type FakeSlack, startFakeSlack } from '../support/fakeSlack.ts'

let fake: FakeSlack

beforeAll(async () => {
  fake = await startFakeSlack()
})
afterAll(async () => {
  await fake.close()
})
beforeEach(() => {
  fake.reset()
})

function slackCalls(options: SlackCallsOptions = {}): { calls: SlackCalls; logs: Record<string, unknown>[] } {
  const logs: Record<string, unknown>[] = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>)
      done()
    },
  })
  const client = new webApi.WebClient(FAKE.botToken, webClientOptions(fake.apiUrl, 2_000))
  const log = createLogger({ level: 'info', format: 'json', destination })
  return { calls: new SlackCalls(client, log, options), logs }
}

describe('a 429 that says Retry-After: 0', () => {
  it('waits at least a second before the next attempt, then delivers', async () => {
    fake.api.failNext('chat.postMessage', { status: 429, retryAfter: 0 })
    const { calls, logs } = slackCalls()
    await calls.call('chat.postMessage', { channel: 'C0ZERO', text: 'hello' })
    const [limited, delivered] = fake.api.calls('chat.postMessage')
    expect(limited!.status).toBe(429)
    expect(delivered!.delivered).toBe(true)
    expect(delivered!.at - limited!.at).toBeGreaterThanOrEqual(950)
    expect(logs.find((r) => r.event === 'slack.rate_limited')).toMatchObject({ retryAfterS: 0, waitMs: 1000 })
  })

  it('a call Slack keeps answering 429 gives up after its attempts, with a clear error', async () => {
    fake.api.failFor('chat.postMessage', { status: 429, retryAfter: 0 }, 5_000)
    const { calls } = slackCalls({ rateLimitAttempts: 2 })
    const failed = await calls.call('chat.postMessage', { channel: 'C0BUSY', text: 'hello' }).catch((e: unknown) => e)
    expect(failed).toBeInstanceOf(DeliveryError)
    expect(failed).toMatchObject({ reason: 'ratelimited', destinationGone: false })
    expect(fake.api.calls('chat.postMessage')).toHaveLength(2)
    fake.api.failFor('chat.postMessage', { status: 429 }, 0)
  })
})
