/**
 * Proves the fake Slack is faithful by driving it with the real Slack clients:
 * @slack/web-api's WebClient, @slack/socket-mode's SocketModeClient, and a real Bolt App
 * (HTTP receiver with signature verification, and Socket Mode).
 */
import type { AddressInfo } from 'node:net'
import { App, LogLevel } from '@slack/bolt'
import { SocketModeClient } from '@slack/socket-mode'
import { WebAPIHTTPError, WebAPIPlatformError, WebClient, WebClientEvent } from '@slack/web-api'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { FAKE, startFakeSlack } from './fakeSlack.ts'
import type { FakeSlack } from './fakeSlack.ts'
import type { SocketAck } from './fakeSocketMode.ts'
import {
  appMentionEvent,
  blockActionsPayload,
  eventCallback,
  postToApp,
  slashCommandBody,
  urlVerification,
} from './slackRequests.ts'

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

/** A WebClient as an app would configure it, with a fast retry policy. */
function webClient(token: string = FAKE.botToken, retries = 0): WebClient {
  return new WebClient(token, {
    slackApiUrl: fake.apiUrl,
    logLevel: LogLevel.ERROR,
    retryConfig: { retries, factor: 1, minTimeout: 10, maxTimeout: 50 },
  })
}

const quoteBlocks = [
  { type: 'section', text: { type: 'mrkdwn', text: '*Reuters*: “The ceasefire held overnight.”' } },
  { type: 'context', elements: [{ type: 'mrkdwn', text: '<https://example.com|Reuters, 3 May>' }] },
]

describe('fake Web API, driven by the real WebClient', () => {
  it('records chat.postMessage with blocks decoded and the bearer token', async () => {
    const result = await webClient().chat.postMessage({
      channel: FAKE.channelId,
      text: 'fallback',
      blocks: quoteBlocks,
    })

    expect(result.ok).toBe(true)
    expect(result.ts).toMatch(/^\d{10}\.\d{6}$/)
    const call = await fake.api.waitFor('chat.postMessage')
    expect(call.token).toBe(FAKE.botToken)
    expect(call.contentType).toBe('application/x-www-form-urlencoded')
    expect(call.body).toEqual({ channel: FAKE.channelId, text: 'fallback', blocks: quoteBlocks })
    expect(call.delivered).toBe(true)
    expect(fake.api.messages(FAKE.channelId).map((m) => m.ts)).toEqual([result.ts])
  })

  it('answers auth.test with the bot identity Bolt reads', async () => {
    const result = await webClient().auth.test()

    expect(result).toMatchObject({ ok: true, user_id: FAKE.botUserId, bot_id: FAKE.botId, team_id: FAKE.teamId })
  })

  it('accepts JSON bodies with the token in the Authorization header', async () => {
    const response = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', Authorization: `Bearer ${FAKE.botToken}` },
      body: JSON.stringify({ channel: FAKE.channelId, blocks: quoteBlocks }),
    })

    expect(await response.json()).toMatchObject({ ok: true, channel: FAKE.channelId })
    const call = await fake.api.waitFor('chat.postMessage')
    expect(call.body).toEqual({ channel: FAKE.channelId, blocks: quoteBlocks })
    expect(call.token).toBe(FAKE.botToken)
  })

  it('answers auth and method errors the way Slack does', async () => {
    const errorOf = (promise: Promise<unknown>): Promise<unknown> =>
      promise.then(
        () => 'no error',
        (error: unknown) => (error instanceof WebAPIPlatformError ? error.data.error : error),
      )

    expect(await errorOf(webClient('').chat.postMessage({ channel: 'C1', text: 'x' }))).toBe('not_authed')
    expect(await errorOf(webClient('not-a-token').auth.test())).toBe('invalid_auth')
    expect(await errorOf(webClient(FAKE.appToken).chat.postMessage({ channel: 'C1', text: 'x' }))).toBe(
      'not_allowed_token_type',
    )
    expect(await errorOf(webClient().apps.connections.open())).toBe('not_allowed_token_type')
    expect(await errorOf(webClient().apiCall('news.fetch'))).toBe('unknown_method')
    expect(await errorOf(webClient().chat.postMessage({ channel: FAKE.channelId } as never))).toBe('no_text')
  })

  it('rate limits with 429 + Retry-After; WebClient waits, retries, and the message is delivered once', async () => {
    fake.api.failNext('chat.postMessage', { status: 429, retryAfter: 1, times: 2 })
    const client = webClient(FAKE.botToken, 2)
    const retryAfters: number[] = []
    client.on(WebClientEvent.RATE_LIMITED, (seconds: number) => retryAfters.push(seconds))

    const started = Date.now()
    const result = await client.chat.postMessage({ channel: FAKE.channelId, text: 'after the storm' })

    expect(result.ok).toBe(true)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900) // two Retry-After: 1 waits
    expect(retryAfters).toEqual([1, 1])
    const attempts = fake.api.calls('chat.postMessage')
    expect(attempts.map((c) => c.status)).toEqual([429, 429, 200])
    expect(attempts[0]?.response).toEqual({ ok: false, error: 'ratelimited' })
    expect(fake.api.delivered('chat.postMessage')).toHaveLength(1)
    expect(fake.api.messages(FAKE.channelId)).toHaveLength(1)
  })

  it('injects HTTP 500 and ok:false errors', async () => {
    fake.api.failNext('chat.postMessage', { status: 500 })
    fake.api.failNext('chat.postMessage', { ok: false, error: 'channel_not_found' })
    const client = webClient()

    const http = await client.chat.postMessage({ channel: 'C404', text: 'a' }).catch((e: unknown) => e)
    const platform = await client.chat.postMessage({ channel: 'C404', text: 'b' }).catch((e: unknown) => e)
    const fine = await client.chat.postMessage({ channel: 'C404', text: 'c' })

    expect(http).toBeInstanceOf(WebAPIHTTPError)
    expect((http as WebAPIHTTPError).statusCode).toBe(500)
    expect(platform).toBeInstanceOf(WebAPIPlatformError)
    expect((platform as WebAPIPlatformError).data.error).toBe('channel_not_found')
    expect(fine.ok).toBe(true)
    expect(fake.api.calls('chat.postMessage').map((c) => c.delivered)).toEqual([false, false, true])
  })

  it('rejects blocks that break Block Kit limits with invalid_blocks', async () => {
    const longQuote = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }]

    const error = await webClient()
      .chat.postMessage({ channel: FAKE.channelId, text: 'long', blocks: longQuote })
      .catch((e: unknown) => e)

    expect(error).toBeInstanceOf(WebAPIPlatformError)
    expect((error as WebAPIPlatformError).data).toMatchObject({
      error: 'invalid_blocks',
      errors: ['must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
    })
  })

  it('serves conversations.replies: configured threads, threads the app posted in, else empty', async () => {
    const client = webClient()
    fake.api.setReplies(FAKE.channelId, '1700000000.000100', [{ type: 'message', ts: '1700000000.000100', text: 'Q?' }])
    const parent = await client.chat.postMessage({ channel: FAKE.channelId, text: 'parent' })
    await client.chat.postMessage({ channel: FAKE.channelId, text: 'reply', thread_ts: String(parent.ts) })

    const configured = await client.conversations.replies({ channel: FAKE.channelId, ts: '1700000000.000100' })
    const posted = await client.conversations.replies({ channel: FAKE.channelId, ts: String(parent.ts) })
    const unknown = await client.conversations.replies({ channel: FAKE.channelId, ts: '1600000000.000001' })

    expect(configured.messages?.map((m) => m.text)).toEqual(['Q?'])
    expect(posted.messages?.map((m) => m.text)).toEqual(['parent', 'reply'])
    expect(unknown).toMatchObject({ ok: true, messages: [] })
  })

  it('answers the other bot methods with their documented shapes', async () => {
    const client = webClient()
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Quote' }, blocks: quoteBlocks }

    const ephemeral = await client.chat.postEphemeral({ channel: FAKE.channelId, user: FAKE.userId, text: 'psst' })
    const posted = await client.chat.postMessage({ channel: FAKE.channelId, text: 'draft' })
    const updated = await client.chat.update({ channel: FAKE.channelId, ts: String(posted.ts), text: 'final' })
    const opened = await client.views.open({ trigger_id: '1.2.abc', view })
    const published = await client.views.publish({ user_id: FAKE.userId, view: { type: 'home', blocks: quoteBlocks } })
    const user = await client.users.info({ user: 'U0EDITOR' })
    const deleted = await client.chat.delete({ channel: FAKE.channelId, ts: String(posted.ts) })

    expect(ephemeral.message_ts).toMatch(/^\d+\.\d{6}$/)
    expect(updated).toMatchObject({ ok: true, ts: posted.ts, text: 'final' })
    expect(opened.view).toMatchObject({ type: 'modal', blocks: quoteBlocks })
    expect(published.view).toMatchObject({ type: 'home' })
    expect(user.user).toMatchObject({ id: 'U0EDITOR', team_id: FAKE.teamId })
    expect(deleted).toMatchObject({ ok: true, ts: posted.ts })
    expect(fake.api.messages(FAKE.channelId)).toEqual([])
    expect((await fake.api.waitFor('views.open')).body.view).toEqual(view)
  })

  it('waitFor resolves on a later call, and times out listing what was recorded', async () => {
    const waiting = fake.api.waitFor('chat.postMessage', (c) => c.body.text === 'second')
    const client = webClient()
    await client.chat.postMessage({ channel: FAKE.channelId, text: 'first' })
    await client.chat.postMessage({ channel: FAKE.channelId, text: 'second' })

    expect((await waiting).body.text).toBe('second')
    await expect(fake.api.waitFor('chat.update', undefined, 50)).rejects.toThrow(/chat\.update[\s\S]*chat\.postMessage/)
  })

  it('records JSON posts to response URLs', async () => {
    const url = fake.responses.newUrl()
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/response\/\w+$/)

    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: 'Nothing found' }),
    })

    expect(response.status).toBe(200)
    const post = await fake.responses.waitFor(url)
    expect(post.body).toEqual({ response_type: 'ephemeral', replace_original: false, text: 'Nothing found' })
    expect((await fetch(`${fake.api.origin}/response/never-issued`, { method: 'POST', body: '{}' })).status).toBe(404)
  })
})

describe('fake Socket Mode, driven by the real SocketModeClient', () => {
  it('connects through apps.connections.open, delivers a slash command, and records the ack with its payload', async () => {
    const client = new SocketModeClient({
      appToken: FAKE.appToken,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl },
    })
    const received: unknown[] = []
    client.on('slash_commands', async ({ ack, body }: { ack: (r?: object) => Promise<void>; body: unknown }) => {
      received.push(body)
      await ack({ response_type: 'ephemeral', text: 'Searching the coverage…' })
    })

    await client.start()
    try {
      const open = await fake.api.waitFor('apps.connections.open')
      expect(open.token).toBe(FAKE.appToken)
      await fake.socket.waitForConnection()

      const command = slashCommandBody({ text: 'aleppo siege' })
      const ack = await fake.socket.push(command.envelope)

      expect(received).toEqual([command.payload])
      expect(ack.envelope?.type).toBe('slash_commands')
      expect(ack.envelope?.accepts_response_payload).toBe(true)
      expect(ack.payload).toEqual({ response_type: 'ephemeral', text: 'Searching the coverage…' })
      expect(fake.socket.acks()).toEqual([ack])
    } finally {
      await client.disconnect()
      await fake.socket.waitForAllClosed()
    }
  })

  it('sends events_api envelopes with retry fields; a bare ack carries an empty payload', async () => {
    const client = new SocketModeClient({
      appToken: FAKE.appToken,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl },
    })
    const seen: { retry_num?: number; accepts_response_payload?: boolean }[] = []
    client.on(
      'app_mention',
      async (args: { ack: () => Promise<void>; retry_num?: number; accepts_response_payload?: boolean }) => {
        seen.push({ retry_num: args.retry_num, accepts_response_payload: args.accepts_response_payload })
        await args.ack()
      },
    )
    await client.start()
    try {
      const ack = await fake.socket.push(
        eventCallback(appMentionEvent({ text: '<@U0FAKEBOT> what about Idlib?' })).envelope,
      )

      expect(seen).toEqual([{ retry_num: 0, accepts_response_payload: false }])
      expect(ack.payload).toEqual({})
      expect(ack.envelope).toMatchObject({ type: 'events_api', retry_attempt: 0, retry_reason: '' })
    } finally {
      await client.disconnect()
      await fake.socket.waitForAllClosed()
    }
  })

  it('asks the client to reconnect with a disconnect message; the client opens a new connection', async () => {
    // clientPingTimeout also sets SocketModeClient's reconnect delay (default 5 s).
    const client = new SocketModeClient({
      appToken: FAKE.appToken,
      logLevel: LogLevel.ERROR,
      clientPingTimeout: 300,
      clientOptions: { slackApiUrl: fake.apiUrl },
    })
    client.on('slash_commands', async ({ ack }: { ack: () => Promise<void> }) => ack())
    await client.start()
    try {
      const first = await fake.socket.waitForConnection()
      const reconnected = fake.socket.nextConnection()

      fake.socket.sendDisconnect('refresh_requested')

      expect((await reconnected).id).toBeGreaterThan(first.id)
      expect(fake.api.calls('apps.connections.open')).toHaveLength(2) // a new ticket per connection
      await expect(fake.socket.push(slashCommandBody().envelope)).resolves.toMatchObject({ payload: {} })
    } finally {
      await client.disconnect()
      await fake.socket.waitForAllClosed()
    }
  })

  it('rejects a push when no app is connected, and refuses WebSocket URLs it did not issue', async () => {
    await expect(fake.socket.push(slashCommandBody().envelope)).rejects.toThrow(/No Socket Mode connection/)

    const issued = new URL(fake.socket.issueUrl())
    issued.searchParams.set('ticket', 'forged')
    const refusal = await new Promise<string>((resolve) => {
      const ws = new WebSocket(issued)
      ws.on('open', () => resolve('opened'))
      ws.on('error', (error) => resolve(error.message))
    })
    expect(refusal).toMatch(/401/)
  })
})

describe('a real Bolt app against the fake', () => {
  it('HTTP mode: Bolt verifies our v0 signature; ack body, respond() and say() reach the fake', async () => {
    const app = new App({
      token: FAKE.botToken,
      signingSecret: FAKE.signingSecret,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    })
    app.command('/syria', async ({ ack, respond, say, command }) => {
      await ack({ response_type: 'ephemeral', text: `Searching for “${command.text}”…` })
      await respond({ response_type: 'ephemeral', text: 'Found 2 quotes' })
      await say({ text: 'Quotes', blocks: quoteBlocks })
    })
    const server = await app.start({ port: 0, host: '127.0.0.1' })
    const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const responseUrl = fake.responses.newUrl()
      const command = slashCommandBody({ text: 'aleppo', response_url: responseUrl })

      const ok = await postToApp(appUrl, { ...command, secret: FAKE.signingSecret })
      const forged = await postToApp(appUrl, { ...command, secret: 'not-the-secret' })
      const stale = await postToApp(appUrl, {
        ...command,
        secret: FAKE.signingSecret,
        timestamp: Math.floor(Date.now() / 1000) - 600,
      })
      const challenge = await postToApp(appUrl, { ...urlVerification('c-123'), secret: FAKE.signingSecret })

      expect(ok.status).toBe(200)
      expect(JSON.parse(ok.body)).toEqual({ response_type: 'ephemeral', text: 'Searching for “aleppo”…' })
      expect(forged.status).toBe(401)
      expect(stale.status).toBe(401)
      expect(JSON.parse(challenge.body)).toEqual({ challenge: 'c-123' })
      expect((await fake.responses.waitFor(responseUrl)).body).toEqual({
        response_type: 'ephemeral',
        text: 'Found 2 quotes',
      })
      const said = await fake.api.waitFor('chat.postMessage')
      expect(said.body).toMatchObject({ channel: FAKE.channelId, text: 'Quotes', blocks: quoteBlocks })
      expect(said.token).toBe(FAKE.botToken)
      expect(fake.api.calls('auth.test').length).toBeGreaterThan(0)
    } finally {
      await app.stop()
    }
  })

  it('Socket Mode: Bolt connects with its app token; acks carry ack() payloads; respond() reaches the fake', async () => {
    const app = new App({
      token: FAKE.botToken,
      appToken: FAKE.appToken,
      socketMode: true,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl },
    })
    app.command('/syria', async ({ ack }) => {
      await ack({ response_type: 'ephemeral', text: 'On it' })
    })
    app.action('more_quotes', async ({ ack, respond, action }) => {
      await ack()
      await respond({ replace_original: false, text: `More for ${'value' in action ? String(action.value) : '?'}` })
    })
    await app.start()
    try {
      await fake.socket.waitForConnection()
      const responseUrl = fake.responses.newUrl()

      const commandAck: SocketAck = await fake.socket.push(slashCommandBody({ text: 'homs' }).envelope)
      const actionAck = await fake.socket.push(
        blockActionsPayload({ action_id: 'more_quotes', value: 'homs', response_url: responseUrl }).envelope,
      )

      expect(commandAck.payload).toEqual({ response_type: 'ephemeral', text: 'On it' })
      expect(actionAck.envelope?.accepts_response_payload).toBe(false)
      expect(actionAck.payload).toEqual({})
      expect((await fake.responses.waitFor(responseUrl)).body).toEqual({
        replace_original: false,
        text: 'More for homs',
      })
      expect((await fake.api.waitFor('apps.connections.open')).token).toBe(FAKE.appToken)
    } finally {
      await app.stop() // in Socket Mode this returns before the WebSocket has closed
      await fake.socket.waitForAllClosed()
    }
  })
})
