/**
 * Slack outages seen by `npm start` in Socket Mode (a real process against the fake Slack): the socket cut and
 * apps.connections.open failing for 20 seconds, or answering invalid_auth once. The bot must come back by itself
 * and answer, never exit (a supervisor set to "restart on failure" would not restart a process that exits 0).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { FAKE, startFakeSlack, type FakeSlack } from '../support/fakeSlack.ts'
import { startBot, type BotProcess } from '../support/botProcess.ts'
import { slashCommandBody } from '../support/slackRequests.ts'
import { quotesOf } from './harness.ts'

let fake: FakeSlack | undefined
let bot: BotProcess | undefined

afterEach(async () => {
  await bot?.stop('SIGKILL')
  await fake?.close()
  bot = undefined
  fake = undefined
})

async function startSocketBot(): Promise<{ fake: FakeSlack; bot: BotProcess }> {
  fake = await startFakeSlack()
  bot = startBot({ SLACK_APP_TOKEN: FAKE.appToken, SLACK_API_URL: fake.apiUrl })
  await fake.socket.waitForConnection(20_000)
  await bot.waitForLog(/Loaded \d+ articles/)
  return { fake, bot }
}

/** A /syria command over the socket, answered with quotes: the proof the bot is back. */
async function answers(f: FakeSlack): Promise<void> {
  const responseUrl = f.responses.newUrl()
  await f.socket.push(slashCommandBody({ text: 'homs distance', response_url: responseUrl }).envelope)
  const post = await f.responses.waitFor(responseUrl)
  expect(quotesOf(post.body.blocks).length).toBeGreaterThan(0)
}

describe('Socket Mode through Slack outages', () => {
  it('20 s of a cut socket and apps.connections.open answering 502: reconnects and answers', async () => {
    const { fake, bot } = await startSocketBot()
    const before = fake.socket.connections().length
    fake.api.failFor('apps.connections.open', { status: 502 }, 20_000)
    fake.socket.refuse(true)
    fake.socket.dropAll()
    await new Promise((resolve) => setTimeout(resolve, 20_000))
    fake.socket.refuse(false)
    await fake.socket.nextConnection(30_000)
    expect(fake.socket.connections().length).toBeGreaterThan(before)
    expect(fake.api.calls('apps.connections.open').filter((c) => c.status === 502).length).toBeGreaterThan(1)
    await answers(fake)
    expect(bot.child.exitCode).toBeNull()
  }, 70_000)

  it('apps.connections.open answering invalid_auth once while reconnecting: retries, reconnects and answers', async () => {
    const { fake, bot } = await startSocketBot()
    fake.api.failNext('apps.connections.open', { ok: false, error: 'invalid_auth' })
    fake.socket.dropAll()
    await fake.socket.nextConnection(30_000)
    await answers(fake)
    expect(bot.child.exitCode).toBeNull()
  }, 60_000)
})
