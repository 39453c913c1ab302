/**
 * `npm start` as a process, the way production runs it: bad configuration or a token Slack rejects stops it with one
 * message and exit code 2; a port in use with exit 1; a good one serves /healthz (in both modes) and answers Slack
 * through the fake; SIGTERM finishes the answer in flight and exits 0. The compiled start (`npm run build`, then
 * `node dist/slack/main.js`) is run too.
 */
import { spawnSync } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAKE, startFakeSlack, type FakeSlack } from '../support/fakeSlack.ts'
import { BOT_ENTRY, startBot, type BotProcess } from '../support/botProcess.ts'
import { appMentionEvent, eventCallback, postToApp, slashCommandBody } from '../support/slackRequests.ts'
import { quotesOf } from './harness.ts'

const NO_STACK_TRACE = /\n\s+at .+\(.+:\d+:\d+\)/

async function portOf(bot: BotProcess): Promise<number> {
  return (JSON.parse(await bot.waitForLog(/"event":"serving"/)) as { port: number }).port
}

describe('npm start that cannot start', () => {
  let fake: FakeSlack
  beforeAll(async () => {
    fake = await startFakeSlack({ api: { tokens: [FAKE.botToken, FAKE.appToken] } })
  })
  afterAll(async () => {
    await fake.close()
  })

  it('bad configuration: lists every problem and how to fix it, exit 2, no stack trace', async () => {
    const bot = startBot({
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      SLACK_SIGNING_SECRET: '',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      REDIS_URL: 'http://localhost:6379',
      DOTENV_CONFIG_PATH: '/nonexistent',
    })
    expect(await bot.exited).toBe(2)
    const out = bot.log()
    expect(out).toContain('SLACK_BOT_TOKEN must be a bot token starting with xoxb-')
    expect(out).toContain('SLACK_SIGNING_SECRET is missing')
    expect(out).toContain('PORT must be a port number')
    expect(out).toContain('LOG_LEVEL must be one of debug, info, warn, error')
    expect(out).toContain('REDIS_URL must be a Redis URL')
    expect(out).not.toMatch(NO_STACK_TRACE)
  })

  it('a bot token Slack rejects: one clear message, exit 2', async () => {
    const bot = startBot({ SLACK_BOT_TOKEN: 'xoxb-revoked-token', SLACK_API_URL: fake.apiUrl })
    expect(await bot.exited).toBe(2)
    expect(bot.log()).toMatch(/Slack rejected the bot token \(auth\.test: invalid_auth\)/)
    expect(bot.log()).not.toMatch(NO_STACK_TRACE)
  })

  it('an app-level token Slack rejects (Socket Mode): one clear message, exit 2', async () => {
    const bot = startBot({ SLACK_APP_TOKEN: 'xapp-1-revoked', SLACK_API_URL: fake.apiUrl })
    expect(await bot.exited).toBe(2)
    expect(bot.log()).toMatch(/Slack rejected the app-level token/)
  })

  it('a missing SEEDS_DIR is a clear error, exit 2', async () => {
    const bot = startBot({ SLACK_API_URL: fake.apiUrl, SEEDS_DIR: 'no-such-folder' })
    expect(await bot.exited).toBe(2)
    expect(bot.log()).toMatch(/no-such-folder.*does not exist/)
  })

  it('a port in use: one clear message, exit 1', async () => {
    const taken: Server = createServer()
    await new Promise<void>((resolve) => taken.listen(0, resolve))
    const port = (taken.address() as { port: number }).port
    try {
      const bot = startBot({ SLACK_API_URL: fake.apiUrl, PORT: String(port) })
      expect(await bot.exited).toBe(1)
      expect(bot.log()).toContain(`port ${port} is already in use`)
      expect(bot.log()).not.toMatch(NO_STACK_TRACE)
    } finally {
      taken.close()
    }
  })
})

describe('npm start in HTTP mode', () => {
  let fake: FakeSlack
  let bot: BotProcess
  let appUrl = ''

  beforeAll(async () => {
    fake = await startFakeSlack()
    bot = startBot({ SLACK_API_URL: fake.apiUrl })
    appUrl = `http://127.0.0.1:${await portOf(bot)}`
    await bot.waitForLog(/Loaded \d+ articles/)
  })
  afterAll(async () => {
    await bot.stop('SIGKILL')
    await fake.close()
  })

  it('logs JSON lines with time and level, and one line of what it loaded', () => {
    const loaded = bot.records().find((r) => r.event === 'index.loaded')!
    expect(loaded).toMatchObject({ level: 'info', articles: 5, outlets: 5 })
    expect(String(loaded.time)).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(String(loaded.msg)).toMatch(/Loaded 5 articles from 5 outlets, \d+ passages in \d+ ms/)
  })

  it('serves /healthz with corpus figures and each part', async () => {
    const response = await fetch(`${appUrl}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      status: 'ok',
      articles: 5,
      outlets: 5,
      checks: { index: { status: 'ok' }, slack: { status: 'ok' } },
    })
  })

  it('answers a signed /syria command, logging the query length, not its text', async () => {
    const responseUrl = fake.responses.newUrl()
    const response = await postToApp(appUrl, {
      ...slashCommandBody({ text: 'homs distance', response_url: responseUrl }),
      secret: FAKE.signingSecret,
    })
    expect(response.status).toBe(200)
    const post = await fake.responses.waitFor(responseUrl)
    expect(quotesOf(post.body.blocks).length).toBeGreaterThan(0)
    await bot.waitForLog(/"event":"request.answered"/)
    const answered = bot.records().find((r) => r.event === 'request.answered')!
    expect(answered).toMatchObject({ kind: 'command', user: FAKE.userId, channel: FAKE.channelId, queryLength: 13 })
    expect(typeof answered.ms).toBe('number')
    expect(bot.log()).not.toContain('homs distance')
  })

  it('SIGTERM: takes no new requests, finishes the answer in flight, exits 0', async () => {
    fake.api.delay('chat.postMessage', 1_000)
    const event = appMentionEvent({ text: `<@${FAKE.botUserId}> Talbiseh`, channel: 'C0INFLIGHT' })
    // Events are acknowledged before listeners run: the 200 means the answer is under way.
    expect((await postToApp(appUrl, { ...eventCallback(event), secret: FAKE.signingSecret })).status).toBe(200)
    bot.child.kill('SIGTERM')
    expect(await bot.exited).toBe(0)
    expect(fake.api.delivered('chat.postMessage').filter((c) => c.body.channel === 'C0INFLIGHT')).toHaveLength(1)
    expect(bot.records().find((r) => r.event === 'shutdown')).toMatchObject({ signal: 'SIGTERM', inFlight: 1 })
    expect(bot.records().find((r) => r.event === 'stopped')).toMatchObject({ finished: true })
    await expect(fetch(`${appUrl}/healthz`)).rejects.toThrow()
  })
})

describe('npm start in Socket Mode', () => {
  it('serves /healthz on PORT, saying the socket is connected; SIGTERM closes the socket and exits 0', async () => {
    const fake = await startFakeSlack()
    const bot = startBot({ SLACK_API_URL: fake.apiUrl, SLACK_APP_TOKEN: FAKE.appToken })
    try {
      const port = await portOf(bot)
      await bot.waitForLog(/"event":"socket.ready"/)
      await bot.waitForLog(/Loaded \d+ articles/)
      const response = await fetch(`http://127.0.0.1:${port}/healthz`)
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ status: 'ok', checks: { socket: { status: 'ok' } } })
      expect(await bot.stop('SIGTERM')).toBe(0)
      await fake.socket.waitForAllClosed()
    } finally {
      await bot.stop('SIGKILL')
      await fake.close()
    }
  })
})

describe('the compiled start: npm run build, then node dist/slack/main.js', () => {
  it('builds, starts without tsx, serves /healthz and answers', async () => {
    const build = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' })
    expect(build.status, build.stdout + build.stderr).toBe(0)
    const fake = await startFakeSlack()
    const bot = startBot({ SLACK_API_URL: fake.apiUrl }, BOT_ENTRY.compiled)
    try {
      const appUrl = `http://127.0.0.1:${await portOf(bot)}`
      await bot.waitForLog(/Loaded \d+ articles/)
      expect((await fetch(`${appUrl}/healthz`)).status).toBe(200)
      const responseUrl = fake.responses.newUrl()
      await postToApp(appUrl, {
        ...slashCommandBody({ text: 'homs distance', response_url: responseUrl }),
        secret: FAKE.signingSecret,
      })
      expect(quotesOf((await fake.responses.waitFor(responseUrl)).body.blocks).length).toBeGreaterThan(0)
      expect(await bot.stop('SIGTERM')).toBe(0)
    } finally {
      await bot.stop('SIGKILL')
      await fake.close()
    }
  }, 60_000)
})
