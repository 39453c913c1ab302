/**
 * The real app in Socket Mode: it opens a connection through apps.connections.open, receives
 * envelopes from the fake Socket Mode server, acks each one and answers through the fake Web API
 * and response URLs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ACTION_IDS } from '../../src/render/blocks.ts'
import { FAKE } from '../support/fakeSlack.ts'
import { appMentionEvent, blockActionsPayload, eventCallback, slashCommandBody } from '../support/slackRequests.ts'
import { isVerbatim, quotesOf, startHarness, type Harness } from './harness.ts'

let h: Harness
let connectionsOpened: { token?: string }[]

beforeAll(async () => {
  h = await startHarness({ mode: 'socket' })
  connectionsOpened = h.fake.api.calls('apps.connections.open')
})
afterAll(async () => {
  await h.close()
})
beforeEach(() => {
  h.fake.reset()
})

describe('Socket Mode', () => {
  it('connected with the app token through apps.connections.open', () => {
    expect(connectionsOpened.map((call) => call.token)).toEqual([FAKE.appToken])
    expect(h.fake.socket.openConnections).toBe(1)
  })

  it('keeps its own Web API settings: a timeout, our retries, 429s handed back (Socket Mode would set 100 retries)', async () => {
    const { webClientOptions } = await import('../../src/slack/delivery.ts')
    expect(h.storydesk.app.webClientOptions).toMatchObject(webClientOptions(h.fake.apiUrl))
  })

  it('acks a slash command envelope and answers it privately', async () => {
    const responseUrl = h.fake.responses.newUrl()
    const ack = await h.fake.socket.push(
      slashCommandBody({ text: 'homs distance', response_url: responseUrl }).envelope,
    )
    expect(ack.elapsedMs).toBeLessThan(3000)
    const post = await h.fake.responses.waitFor(responseUrl)
    expect(post.body.response_type).toBe('ephemeral')
    const quotes = quotesOf(post.body.blocks)
    expect(quotes.length).toBeGreaterThan(0)
    for (const quote of quotes) expect(isVerbatim(quote)).toBe(true)
  })

  it('acks a mention envelope and replies in the thread, once even when delivered twice', async () => {
    const delivery = eventCallback(
      appMentionEvent({ text: `<@${FAKE.botUserId}> who leads the offensive`, thread_ts: '1733480000.000900' }),
    )
    await h.fake.socket.push(delivery.envelope)
    const reply = await h.fake.api.waitFor('chat.postMessage', (c) => c.delivered)
    expect(reply.body.thread_ts).toBe('1733480000.000900')
    expect(quotesOf(reply.body.blocks)[0]).toMatch(/led by|spearheaded/)
    // Socket Mode may deliver the same event again (a retry after a reconnect).
    const before = h.logs().filter((r) => r.event === 'request.duplicate').length
    await h.fake.socket.push({ ...delivery.envelope, retry_attempt: 1, retry_reason: 'timeout' })
    await h.waitForLogs('request.duplicate', before + 1)
    expect(h.fake.api.delivered('chat.postMessage')).toHaveLength(1)
  })

  it('answers an envelope delivered twice with the same envelope id once (a slash command has no event id)', async () => {
    const responseUrl = h.fake.responses.newUrl()
    const command = slashCommandBody({ text: 'Rastan', response_url: responseUrl, user_id: 'U0TWICE' }).envelope
    const first = await h.fake.socket.push(command)
    await h.fake.responses.waitFor(responseUrl)
    const before = h.logs().filter((r) => r.event === 'request.duplicate').length
    const again = await h.fake.socket.push(command, { envelopeId: first.envelope_id })
    expect(again.envelope_id).toBe(first.envelope_id)
    await h.waitForLogs('request.duplicate', before + 1)
    expect(h.fake.responses.posts(responseUrl)).toHaveLength(1)
  })

  it('acks a "More results" click and replaces the answer with the next page', async () => {
    const responseUrl = h.fake.responses.newUrl()
    await h.fake.socket.push(slashCommandBody({ text: 'Homs', response_url: responseUrl }).envelope)
    const first = await h.fake.responses.waitFor(responseUrl)
    const actions = (first.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find(
      (b) => b.type === 'actions',
    )!
    const more = actions.elements!.find((e) => e.action_id === ACTION_IDS.more)!
    const clickUrl = h.fake.responses.newUrl()
    const ack = await h.fake.socket.push(
      blockActionsPayload({ action_id: more.action_id, value: more.value, response_url: clickUrl, ephemeral: true })
        .envelope,
    )
    expect(ack.envelope_id).toBeTruthy()
    const next = await h.fake.responses.waitFor(clickUrl)
    expect(next.body.replace_original).toBe(true)
    expect(JSON.stringify(next.body.blocks)).toMatch(/6–10 of/)
  })
})
