/**
 * Slack faults and forged input, tried on the real app (HTTP mode) against the fake Slack: a Web API call that never
 * returns, a 429 on one channel, an answer Slack refuses, a forged "More results", buttons past the query limit, a
 * slash command without text, and a token revoked while running (health says which part is unhealthy).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ACTION_IDS, MAX_OFFSET } from '../../src/render/blocks.ts'
import { FAKE } from '../support/fakeSlack.ts'
import {
  appMentionEvent,
  blockActionsPayload,
  eventCallback,
  postToApp,
  slashCommandBody,
} from '../support/slackRequests.ts'
import { allText, quotesOf, startHarness, type Harness } from './harness.ts'

let h: Harness
const secret = FAKE.signingSecret

beforeAll(async () => {
  // Short timeouts so a hung call ends within the test; a small limit to reach it with a few clicks.
  h = await startHarness({ mode: 'http', env: { QUERIES_PER_MINUTE: '3' }, app: { callTimeoutMs: 300 } })
})
afterAll(async () => {
  await h.close()
})
beforeEach(() => {
  h.fake.reset()
})

let users = 0
const freshUser = () => `U0FAULT${users++}`

async function mention(text: string, channel: string = FAKE.channelId) {
  const event = appMentionEvent({ text: `<@${FAKE.botUserId}> ${text}`, channel, user: freshUser() })
  const sentAt = Date.now()
  expect((await postToApp(h.appUrl, { ...eventCallback(event), secret })).status).toBe(200)
  return { event, sentAt }
}

function failures(event: string) {
  return h.logs().filter((r) => r.event === event)
}

describe('Web API faults', () => {
  it('a call that never returns times out, is logged with its context, and the bot keeps answering', async () => {
    h.fake.api.delay('chat.postMessage', Number.POSITIVE_INFINITY)
    const before = failures('request.failed').length
    const { event } = await mention('Aleppo', 'C0HUNG')
    const [failed] = (await h.waitForLogs('request.failed', before + 1, 15_000)).slice(before)
    expect(failed).toMatchObject({ kind: 'event', name: 'app_mention', channel: 'C0HUNG', user: event.user })
    expect(String(failed!.msg)).toMatch(/timeout|abort/i)
    h.fake.api.delay('chat.postMessage', 0)
    await mention('Rastan')
    const reply = await h.fake.api.waitFor('chat.postMessage', (c) => c.delivered && c.body.channel === FAKE.channelId)
    expect(quotesOf(reply.body.blocks).length).toBeGreaterThan(0)
  }, 30_000)

  it('a 429 on one channel does not hold another channel’s answer', async () => {
    h.fake.api.failNext('chat.postMessage', { status: 429, retryAfter: 3 })
    await mention('Hezbollah', 'C0BUSY')
    await h.fake.api.waitFor('chat.postMessage', (c) => c.status === 429)
    const other = await mention('Talbiseh', 'C0QUIET')
    const quiet = await h.fake.api.waitFor('chat.postMessage', (c) => c.delivered && c.body.channel === 'C0QUIET')
    expect(quiet.at - other.sentAt).toBeLessThan(1_500)
    const busy = await h.fake.api.waitFor('chat.postMessage', (c) => c.delivered && c.body.channel === 'C0BUSY', 10_000)
    expect(busy.at).toBeGreaterThan(quiet.at)
    expect(h.fake.api.delivered('chat.postMessage').filter((c) => c.body.channel === 'C0BUSY')).toHaveLength(1)
  }, 15_000)

  it('an answer Slack refuses gets one apology in its thread', async () => {
    h.fake.api.failNext('chat.postMessage', { ok: false, error: 'invalid_blocks' })
    const { event } = await mention('Homs')
    const apology = await h.fake.api.waitFor('chat.postMessage', (c) => c.delivered)
    expect(allText(apology.body)).toContain('Sorry, something went wrong')
    expect(apology.body.thread_ts).toBe(event.ts)
    expect(h.fake.api.calls('chat.postMessage')).toHaveLength(2)
  })

  it('no apology is sent where it cannot arrive (the channel is gone); the failure is logged', async () => {
    h.fake.api.failNext('chat.postMessage', { ok: false, error: 'channel_not_found' })
    const before = failures('request.failed').length
    await mention('Homs', 'C0GONE')
    const [failed] = (await h.waitForLogs('request.failed', before + 1)).slice(before)
    expect(failed).toMatchObject({ channel: 'C0GONE', where: expect.stringContaining('C0GONE') })
    expect(h.fake.api.calls('chat.postMessage')).toHaveLength(1)
  })
})

describe('limits that hold', () => {
  async function command(text: string, user: string) {
    const responseUrl = h.fake.responses.newUrl()
    await postToApp(h.appUrl, { ...slashCommandBody({ text, response_url: responseUrl, user_id: user }), secret })
    return (await h.fake.responses.waitFor(responseUrl)).body
  }

  async function click(value: string, user: string) {
    const responseUrl = h.fake.responses.newUrl()
    const started = Date.now()
    await postToApp(h.appUrl, {
      ...blockActionsPayload({ action_id: ACTION_IDS.more, value, response_url: responseUrl, ephemeral: true, user }),
      secret,
    })
    return { body: (await h.fake.responses.waitFor(responseUrl)).body, ms: Date.now() - started }
  }

  it('a forged "More results" past the last page is refused at once; the last page itself answers', async () => {
    const forged = await click(JSON.stringify({ q: 'Homs', offset: 10_000, limit: 5 }), freshUser())
    expect(allText(forged.body)).toContain('no longer works')
    const last = await click(JSON.stringify({ q: 'Homs', offset: MAX_OFFSET }), freshUser())
    expect(allText(last.body)).toMatch(/Coverage for “Homs”/)
  })

  it('buttons count against the person’s query limit', async () => {
    const user = freshUser()
    const first = await command('Homs', user)
    const more = (first.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
      .find((b) => b.type === 'actions')!
      .elements!.find((e) => e.action_id === ACTION_IDS.more)!
    expect(allText((await click(more.value, user)).body)).toMatch(/6–10 of/)
    expect(allText((await click(more.value, user)).body)).toMatch(/6–10 of/)
    expect(allText((await click(more.value, user)).body)).toMatch(/Please wait \d+ seconds/)
  })

  it('a slash command without a text field gets help', async () => {
    const responseUrl = h.fake.responses.newUrl()
    const delivery = slashCommandBody({ response_url: responseUrl, user_id: freshUser() })
    const form = new URLSearchParams(delivery.body)
    form.delete('text')
    expect((await postToApp(h.appUrl, { ...delivery, body: form.toString(), secret })).status).toBe(200)
    expect(allText((await h.fake.responses.waitFor(responseUrl)).body)).toContain('How to ask')
  })
})

describe('health that tells the truth', () => {
  it('says which part is unhealthy: a token Slack revokes while running turns /healthz 503 (slack)', async () => {
    const healthy = await fetch(`${h.appUrl}/healthz`)
    expect(healthy.status).toBe(200)
    expect(await healthy.json()).toMatchObject({
      status: 'ok',
      checks: { index: { status: 'ok' }, slack: { status: 'ok' }, sharedState: { status: 'ok', kind: 'process' } },
    })
    h.fake.api.failNext('chat.postMessage', { ok: false, error: 'token_revoked' })
    await mention('Homs')
    await h.waitForLogs('slack.token_rejected')
    const response = await fetch(`${h.appUrl}/healthz`)
    expect(response.status).toBe(503)
    const report = (await response.json()) as {
      status: string
      checks: Record<string, { status: string; detail: string }>
    }
    expect(report.status).toBe('unhealthy')
    expect(report.checks.slack).toMatchObject({ status: 'unhealthy', detail: expect.stringContaining('token_revoked') })
    expect(report.checks.index!.status).toBe('ok')
  })
})
