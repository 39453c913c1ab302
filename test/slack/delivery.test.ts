/**
 * delivery.ts against the fake Slack over real HTTP (a real WebClient, real response URLs): a 429 that says
 * "Retry-After: 0" waits and gives up in the end instead of looping, and a response_url that is not on Slack's host
 * is never posted to.
 */
import { Writable } from 'node:stream'
import { webApi } from '@slack/bolt'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  DeliveryError,
  responseUrlOrigins,
  SLACK_RESPONSE_ORIGIN,
  SlackCalls,
  type SlackCallsOptions,
  webClientOptions,
} from '../../src/slack/delivery.ts'
import { createLogger } from '../../src/slack/logger.ts'
import { FAKE, type FakeSlack, startFakeSlack } from '../support/fakeSlack.ts'

let fake: FakeSlack
let elsewhere: FakeSlack

beforeAll(async () => {
  ;[fake, elsewhere] = await Promise.all([startFakeSlack(), startFakeSlack()])
})
afterAll(async () => {
  await Promise.all([fake.close(), elsewhere.close()])
})
beforeEach(() => {
  fake.reset()
  elsewhere.reset()
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
  return {
    calls: new SlackCalls(client, log, { responseUrlOrigins: responseUrlOrigins(fake.apiUrl), ...options }),
    logs,
  }
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

describe('response_url only on Slack’s host', () => {
  it('Slack’s host, and SLACK_API_URL’s origin when one is set (the fake Slack, a proxy)', () => {
    expect(responseUrlOrigins(undefined)).toEqual([SLACK_RESPONSE_ORIGIN])
    expect(SLACK_RESPONSE_ORIGIN).toBe('https://hooks.slack.com')
    expect(responseUrlOrigins('http://127.0.0.1:4321/api/')).toEqual([SLACK_RESPONSE_ORIGIN, 'http://127.0.0.1:4321'])
  })

  it('a response URL on the allowed origin is posted to', async () => {
    const url = fake.responses.newUrl()
    await slackCalls().calls.respond(url, { text: 'hello' })
    expect(fake.responses.posts(url)).toHaveLength(1)
  })

  it.each([
    ['another server', () => elsewhere.responses.newUrl()],
    ['a look-alike host', () => 'https://hooks.slack.com.example.org/commands/T1/2/secret'],
    ['Slack’s host over http', () => 'http://hooks.slack.com/commands/T1/2/secret'],
    ['a file', () => 'file:///etc/passwd'],
    ['not a URL', () => 'hooks.slack.com/commands/T1/2/secret'],
  ])('%s: nothing is sent, and the error says the destination is refused', async (_, url) => {
    const target = url()
    const failed = await slackCalls()
      .calls.respond(target, { text: 'hello' })
      .catch((e: unknown) => e)
    expect(failed).toBeInstanceOf(DeliveryError)
    expect(failed).toMatchObject({ reason: 'response_url_not_slack', destinationGone: true })
    // The message names the origin at most, never the URL's path (the secret part of a response_url).
    expect((failed as Error).message).not.toContain('secret')
    expect((failed as Error).message).not.toContain('/response/')
    expect(elsewhere.responses.posts()).toHaveLength(0)
  })
})
