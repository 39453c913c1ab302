/**
 * Two replicas answer once: a real redis-server and two `npm start` processes against one fake Slack, as the README's
 * replica recipe runs them. An event delivered to both, retried to the other, or redelivered over Socket Mode to the
 * other connection is answered exactly once; a person's query limit counts across both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAKE, startFakeSlack, type FakeSlack } from '../support/fakeSlack.ts'
import { startBot, type BotProcess } from '../support/botProcess.ts'
import { startRedis, type RedisServer } from '../support/redisServer.ts'
import { appMentionEvent, eventCallback, postToApp, slashCommandBody } from '../support/slackRequests.ts'
import { until } from '../support/until.ts'
import { allText, quotesOf } from './harness.ts'

const secret = FAKE.signingSecret

/** Starts a replica and resolves once it serves and has loaded the articles; its URL from its log. */
async function replica(env: Record<string, string>): Promise<{ bot: BotProcess; url: string }> {
  const bot = startBot(env)
  const serving = await bot.waitForLog(/"event":"serving"/, 30_000)
  await bot.waitForLog(/"event":"index.loaded"/, 30_000)
  return { bot, url: `http://127.0.0.1:${(JSON.parse(serving) as { port: number }).port}` }
}

function count(bot: BotProcess, event: string): number {
  return bot.records().filter((r) => r.event === event).length
}

describe('two replicas in HTTP mode sharing Redis', () => {
  let redis: RedisServer
  let fake: FakeSlack
  let a: { bot: BotProcess; url: string }
  let b: { bot: BotProcess; url: string }

  beforeAll(async () => {
    ;[redis, fake] = await Promise.all([startRedis(), startFakeSlack()])
    const env = { SLACK_API_URL: fake.apiUrl, REDIS_URL: redis.url, QUERIES_PER_MINUTE: '3' }
    ;[a, b] = await Promise.all([replica(env), replica(env)])
    await Promise.all([a.bot.waitForLog(/"event":"redis.ready"/), b.bot.waitForLog(/"event":"redis.ready"/)])
  }, 60_000)
  afterAll(async () => {
    await Promise.all([a?.bot.stop(), b?.bot.stop()])
    await Promise.all([fake?.close(), redis?.stop()])
  })

  it('an event delivered to both replicas at once is answered once', async () => {
    const delivery = eventCallback(appMentionEvent({ text: `<@${FAKE.botUserId}> Aleppo`, channel: 'C0BOTH' }))
    const duplicates = count(a.bot, 'request.duplicate') + count(b.bot, 'request.duplicate')
    const [ra, rb] = await Promise.all([
      postToApp(a.url, { ...delivery, secret }),
      postToApp(b.url, { ...delivery, secret }),
    ])
    expect([ra.status, rb.status]).toEqual([200, 200])
    await fake.api.waitFor('chat.postMessage', (c) => c.delivered && c.body.channel === 'C0BOTH', 10_000)
    await until(
      'one replica to drop the repeat',
      () => count(a.bot, 'request.duplicate') + count(b.bot, 'request.duplicate') === duplicates + 1,
      { timeoutMs: 10_000 },
    )
    expect(fake.api.delivered('chat.postMessage').filter((c) => c.body.channel === 'C0BOTH')).toHaveLength(1)
  })

  it('a retried event reaching the other replica is answered once', async () => {
    const delivery = eventCallback(appMentionEvent({ text: `<@${FAKE.botUserId}> Rastan`, channel: 'C0RETRY' }))
    await postToApp(a.url, { ...delivery, secret })
    await fake.api.waitFor('chat.postMessage', (c) => c.delivered && c.body.channel === 'C0RETRY', 10_000)
    const duplicates = count(b.bot, 'request.duplicate')
    expect((await postToApp(b.url, { ...delivery, secret, retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200)
    await until('replica B to drop the retry', () => count(b.bot, 'request.duplicate') === duplicates + 1, {
      timeoutMs: 10_000,
    })
    expect(fake.api.delivered('chat.postMessage').filter((c) => c.body.channel === 'C0RETRY')).toHaveLength(1)
  })

  it('a person’s query limit counts across both replicas', async () => {
    const user = 'U0TWOREPLICAS'
    const texts: string[] = []
    for (const url of [a.url, b.url, a.url, b.url]) {
      const responseUrl = fake.responses.newUrl()
      await postToApp(url, { ...slashCommandBody({ text: 'Homs', response_url: responseUrl, user_id: user }), secret })
      texts.push(allText((await fake.responses.waitFor(responseUrl, undefined, 10_000)).body))
    }
    expect(texts.slice(0, 3).every((t) => t.includes('Coverage for'))).toBe(true)
    expect(texts[3]).toMatch(/Please wait \d+ seconds/)
  })

  it('/healthz reports the shared state', async () => {
    const report = (await (await fetch(`${a.url}/healthz`)).json()) as { checks: Record<string, unknown> }
    expect(report.checks.sharedState).toMatchObject({ status: 'ok', kind: 'redis' })
  })
})

describe('two replicas in Socket Mode sharing Redis', () => {
  let redis: RedisServer
  let fake: FakeSlack
  let bots: BotProcess[] = []

  beforeAll(async () => {
    ;[redis, fake] = await Promise.all([startRedis(), startFakeSlack()])
    const env = { SLACK_API_URL: fake.apiUrl, SLACK_APP_TOKEN: FAKE.appToken, REDIS_URL: redis.url }
    bots = [startBot(env), startBot(env)]
    await Promise.all(bots.map((bot) => bot.waitForLog(/"event":"index.loaded"/, 30_000)))
    await Promise.all(bots.map((bot) => bot.waitForLog(/"event":"socket.ready"/, 30_000)))
    await until('two Socket Mode connections', () => fake.socket.openConnections === 2, { timeoutMs: 10_000 })
  }, 60_000)
  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.stop()))
    await Promise.all([fake?.close(), redis?.stop()])
  })

  it('an envelope redelivered on the other connection is answered once', async () => {
    const [first, second] = fake.socket.openConnectionList()
    const responseUrl = fake.responses.newUrl()
    const command = slashCommandBody({ text: 'homs distance', response_url: responseUrl }).envelope
    const ack = await fake.socket.push(command, { connectionId: first!.id })
    await fake.socket.push(command, { connectionId: second!.id, envelopeId: ack.envelope_id })
    const post = await fake.responses.waitFor(responseUrl, undefined, 10_000)
    expect(quotesOf(post.body.blocks).length).toBeGreaterThan(0)
    await until('a replica to drop the redelivery', () => bots.some((bot) => count(bot, 'request.duplicate') === 1), {
      timeoutMs: 10_000,
    })
    expect(fake.responses.posts(responseUrl)).toHaveLength(1)
  })

  it('an event pushed to both connections is answered once', async () => {
    const [first, second] = fake.socket.openConnectionList()
    const delivery = eventCallback(appMentionEvent({ text: `<@${FAKE.botUserId}> Talbiseh`, channel: 'C0SOCKET' }))
    await Promise.all([
      fake.socket.push(delivery.envelope, { connectionId: first!.id }),
      fake.socket.push(
        { ...delivery.envelope, retry_attempt: 1, retry_reason: 'timeout' },
        { connectionId: second!.id },
      ),
    ])
    await fake.api.waitFor('chat.postMessage', (c) => c.delivered && c.body.channel === 'C0SOCKET', 10_000)
    await until('the repeat dropped', () => bots.reduce((n, bot) => n + count(bot, 'request.duplicate'), 0) === 2, {
      timeoutMs: 10_000,
    })
    expect(fake.api.delivered('chat.postMessage').filter((c) => c.body.channel === 'C0SOCKET')).toHaveLength(1)
  })
})
