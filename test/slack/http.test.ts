/**
 * The real app in HTTP mode, reached with signed requests exactly as Slack sends them, answering
 * through the fake Slack's Web API and response URLs on 127.0.0.1.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ACTION_IDS } from '../../src/render/blocks.ts'
import { loadSnapshot } from '../../src/snapshot/snapshot.ts'
import { FAKE } from '../support/fakeSlack.ts'
import {
  appMentionEvent,
  blockActionsPayload,
  eventCallback,
  messageEvent,
  messageShortcutPayload,
  postToApp,
  slashCommandBody,
  urlVerification,
} from '../support/slackRequests.ts'
import { allText, isVerbatim, quotesOf, startHarness, type Harness } from './harness.ts'

let h: Harness
const secret = FAKE.signingSecret

beforeAll(async () => {
  h = await startHarness({ mode: 'http' })
})
afterAll(async () => {
  await h.close()
})
beforeEach(() => {
  h.fake.reset()
})

async function slash(text: string, user: string = FAKE.userId) {
  const responseUrl = h.fake.responses.newUrl()
  const response = await postToApp(h.appUrl, {
    ...slashCommandBody({ text, response_url: responseUrl, user_id: user }),
    secret,
  })
  return { response, responseUrl }
}

describe('slash command /syria', () => {
  it('acks at once, then answers privately with verbatim quotes and their outlets', async () => {
    const { response, responseUrl } = await slash('homs distance')
    expect(response.status).toBe(200)
    const post = await h.fake.responses.waitFor(responseUrl)
    expect(post.body.response_type).toBe('ephemeral')
    const quotes = quotesOf(post.body.blocks)
    expect(quotes.length).toBeGreaterThanOrEqual(3)
    for (const quote of quotes) expect(isVerbatim(quote), quote).toBe(true)
    expect(quotes[0]).toMatch(/kilomet|km|miles/)
    const text = allText(post.body)
    expect(text).toContain('Coverage for “homs distance”')
    expect(text).toContain('Express &amp; Star')
    expect(text).toMatch(/\*kilometres\*|\*km\*|\*miles\*/)
    expect(typeof post.body.text).toBe('string')
  })

  it('answers help and sources', async () => {
    const help = await slash('')
    expect(allText((await h.fake.responses.waitFor(help.responseUrl)).body)).toMatch(/Try: .*outlet:express/)
    const sources = await slash('sources')
    const text = allText((await h.fake.responses.waitFor(sources.responseUrl)).body)
    for (const outlet of ['JK Active', 'Express &amp; Star', 'Sky News', 'Novinite', 'The Independent'])
      expect(text).toContain(outlet)
  })

  it('says plainly when nothing matches, and suggests what to try', async () => {
    const { responseUrl } = await slash('Thames Water debt')
    const post = await h.fake.responses.waitFor(responseUrl)
    expect(allText(post.body)).toContain('No passages match')
    expect(quotesOf(post.body.blocks)).toEqual([])
  })

  it('never turns a query into a mention, a broadcast or a link', async () => {
    const { responseUrl } = await slash('<!channel> <@U123> <!here> homs distance <https://evil.example|click>')
    const post = await h.fake.responses.waitFor(responseUrl)
    const text = allText(post.body)
    for (const markup of ['<!channel>', '<!here>', '<@U123>', '<https://evil']) expect(text).not.toContain(markup)
    expect(quotesOf(post.body.blocks).length).toBeGreaterThan(0)
  })

  it('refuses a query over the length limit, saying so', async () => {
    const { responseUrl } = await slash(`homs ${'distance '.repeat(60)}`)
    expect(allText((await h.fake.responses.waitFor(responseUrl)).body)).toMatch(/the limit is 300/)
  })

  it('limits one person to 20 queries a minute, politely', async () => {
    const user = 'U0RATELIMIT'
    for (let i = 0; i < 20; i++) await slash('aleppo', user)
    const { responseUrl } = await slash('aleppo', user)
    expect(allText((await h.fake.responses.waitFor(responseUrl)).body)).toMatch(/Please wait \d+ seconds/)
    const other = await slash('aleppo', 'U0SOMEONEELSE')
    expect(quotesOf((await h.fake.responses.waitFor(other.responseUrl)).body.blocks).length).toBeGreaterThan(0)
  })

  it('acks 50 concurrent commands within 3 seconds and answers every one', async () => {
    const started = Date.now()
    const sent = await Promise.all(
      Array.from({ length: 50 }, (_, i) => slash(i % 2 ? 'homs distance' : 'who leads the offensive', `U0LOAD${i}`)),
    )
    for (const { response } of sent) {
      expect(response.status).toBe(200)
      expect(response.elapsedMs).toBeLessThan(3000)
    }
    const posts = await Promise.all(
      sent.map(({ responseUrl }) => h.fake.responses.waitFor(responseUrl, undefined, 10_000)),
    )
    for (const post of posts) expect(quotesOf(post.body.blocks).length).toBeGreaterThan(0)
    expect(Date.now() - started).toBeLessThan(15_000)
  })
})

describe('request verification', () => {
  it('rejects a bad signature and posts nothing', async () => {
    const responseUrl = h.fake.responses.newUrl()
    const delivery = slashCommandBody({ text: 'homs', response_url: responseUrl })
    const response = await postToApp(h.appUrl, { ...delivery, secret: 'not-the-secret' })
    expect(response.status).toBe(401)
    const mention = await postToApp(h.appUrl, {
      ...eventCallback(appMentionEvent({ text: `<@${FAKE.botUserId}> homs` })),
      secret: 'wrong',
    })
    expect(mention.status).toBe(401)
    // Bolt refuses a bad signature before any listener runs: the 401 is the proof nothing was done.
    expect(h.fake.responses.posts(responseUrl)).toEqual([])
    expect(h.fake.api.calls('chat.postMessage')).toEqual([])
  })

  it('rejects a request signed more than 5 minutes ago', async () => {
    const responseUrl = h.fake.responses.newUrl()
    const old = Math.floor(Date.now() / 1000) - 6 * 60
    const response = await postToApp(h.appUrl, {
      ...slashCommandBody({ text: 'homs', response_url: responseUrl }),
      secret,
      timestamp: old,
    })
    expect(response.status).toBe(401)
    expect(h.fake.responses.posts(responseUrl)).toEqual([])
  })

  it('answers url_verification with the challenge', async () => {
    const response = await postToApp(h.appUrl, { ...urlVerification('challenge-123'), secret })
    expect(response.status).toBe(200)
    expect(response.body).toContain('challenge-123')
  })
})

describe('mentions, DMs, shortcut and App Home', () => {
  it('answers a mention publicly in its thread', async () => {
    const event = appMentionEvent({
      text: `<@${FAKE.botUserId}> who leads the offensive?`,
      thread_ts: '1733480000.000100',
    })
    expect((await postToApp(h.appUrl, { ...eventCallback(event), secret })).status).toBe(200)
    const call = await h.fake.api.waitFor('chat.postMessage', (c) => c.delivered)
    expect(call.body.thread_ts).toBe('1733480000.000100')
    expect(call.body.channel).toBe(FAKE.channelId)
    const quotes = quotesOf(call.body.blocks)
    expect(quotes.length).toBeGreaterThan(0)
    for (const quote of quotes) expect(isVerbatim(quote)).toBe(true)
    expect(quotes[0]).toMatch(/led by|spearheaded/)
  })

  it('starts a thread under a top-level mention', async () => {
    const event = appMentionEvent({ text: `<@${FAKE.botUserId}> Talbiseh` })
    await postToApp(h.appUrl, { ...eventCallback(event), secret })
    const call = await h.fake.api.waitFor('chat.postMessage', (c) => c.delivered)
    expect(call.body.thread_ts).toBe(event.ts)
  })

  it('a bare mention in a thread searches the thread’s first message and says so', async () => {
    const parentTs = '1733480000.000200'
    h.fake.api.setReplies(FAKE.channelId, parentTs, [
      { type: 'message', user: FAKE.userId, ts: parentTs, text: 'Rebels say they are 5 km from Homs, is that right?' },
    ])
    await postToApp(h.appUrl, {
      ...eventCallback(appMentionEvent({ text: `<@${FAKE.botUserId}>`, thread_ts: parentTs })),
      secret,
    })
    const call = await h.fake.api.waitFor('chat.postMessage', (c) => c.delivered)
    expect((await h.fake.api.waitFor('conversations.replies')).body.ts).toBe(parentTs)
    expect(call.body.thread_ts).toBe(parentTs)
    expect(allText(call.body)).toContain('Searched: “Rebels say they are 5 km from Homs, is that right?”')
    expect(quotesOf(call.body.blocks)[0]).toMatch(/km|kilomet|miles/)
  })

  it('answers a retried event once', async () => {
    const delivery = eventCallback(appMentionEvent({ text: `<@${FAKE.botUserId}> Aleppo` }))
    const before = h.logs().filter((r) => r.event === 'request.duplicate').length
    expect((await postToApp(h.appUrl, { ...delivery, secret })).status).toBe(200)
    await h.fake.api.waitFor('chat.postMessage', (c) => c.delivered)
    for (const retryNum of [1, 2]) {
      const retry = await postToApp(h.appUrl, { ...delivery, secret, retryNum, retryReason: 'http_timeout' })
      expect(retry.status).toBe(200)
    }
    await h.waitForLogs('request.duplicate', before + 2)
    expect(h.fake.api.delivered('chat.postMessage')).toHaveLength(1)
  })

  it('answers a replayed signed request once (same body, same signature, within five minutes)', async () => {
    const responseUrl = h.fake.responses.newUrl()
    const body = slashCommandBody({ text: 'Aleppo', response_url: responseUrl, user_id: 'U0REPLAY' })
    const timestamp = Math.floor(Date.now() / 1000)
    const before = h.logs().filter((r) => r.event === 'request.duplicate').length
    expect((await postToApp(h.appUrl, { ...body, secret, timestamp })).status).toBe(200)
    await h.fake.responses.waitFor(responseUrl)
    expect((await postToApp(h.appUrl, { ...body, secret, timestamp })).status).toBe(200)
    await h.waitForLogs('request.duplicate', before + 1)
    expect(h.fake.responses.posts(responseUrl)).toHaveLength(1)
  })

  it('still delivers the reply once when chat.postMessage answers 429 twice', async () => {
    h.fake.api.failNext('chat.postMessage', { status: 429, retryAfter: 1, times: 2 })
    await postToApp(h.appUrl, { ...eventCallback(appMentionEvent({ text: `<@${FAKE.botUserId}> Hezbollah` })), secret })
    const delivered = await h.fake.api.waitFor('chat.postMessage', (c) => c.delivered, 10_000)
    expect(quotesOf(delivered.body.blocks).length).toBeGreaterThan(0)
    expect(h.fake.api.calls('chat.postMessage')).toHaveLength(3)
    expect(h.fake.api.delivered('chat.postMessage')).toHaveLength(1)
  })

  it('apologises in the thread when answering fails, and keeps serving', async () => {
    h.fake.api.failNext('conversations.replies', { ok: false, error: 'channel_not_found' })
    await postToApp(h.appUrl, {
      ...eventCallback(appMentionEvent({ text: `<@${FAKE.botUserId}>`, thread_ts: '1733480000.000300' })),
      secret,
    })
    const apology = await h.fake.api.waitFor('chat.postMessage', (c) => c.delivered)
    expect(allText(apology.body)).toContain('Sorry, something went wrong')
    const { responseUrl } = await slash('Rastan')
    expect(quotesOf((await h.fake.responses.waitFor(responseUrl)).body.blocks).length).toBeGreaterThan(0)
  })

  it('answers a direct message, and ignores edits and bot messages', async () => {
    const ignoredBefore = h.logs().filter((r) => r.event === 'request.ignored' && r.name === 'message.im').length
    await postToApp(h.appUrl, {
      ...eventCallback({ ...messageEvent({ text: 'edited homs' }), subtype: 'message_changed' }),
      secret,
    })
    await postToApp(h.appUrl, {
      ...eventCallback({ ...messageEvent({ text: 'bot homs' }), bot_id: 'B0OTHER', subtype: 'bot_message' }),
      secret,
    })
    await postToApp(h.appUrl, { ...eventCallback(messageEvent({ text: 'Rustan bridge' })), secret })
    const call = await h.fake.api.waitFor('chat.postMessage', (c) => c.delivered)
    expect(call.body.channel).toBe('D0FAKEDM')
    expect(quotesOf(call.body.blocks)[0]).toContain('Rustan bridge')
    await h.waitForLogs('request.ignored', ignoredBefore + 2)
    expect(h.fake.api.delivered('chat.postMessage')).toHaveLength(1)
  })

  it('message shortcut "Find coverage" answers privately about the selected message', async () => {
    const responseUrl = h.fake.responses.newUrl()
    const delivery = messageShortcutPayload({
      callback_id: 'find_coverage',
      response_url: responseUrl,
      message: {
        type: 'message',
        user: FAKE.userId,
        ts: '1733480000.000400',
        text: 'Did Russia bomb a bridge near Homs?',
      },
    })
    expect((await postToApp(h.appUrl, { ...delivery, secret })).status).toBe(200)
    const post = await h.fake.responses.waitFor(responseUrl)
    expect(post.body.response_type).toBe('ephemeral')
    expect(quotesOf(post.body.blocks)[0]).toContain('Rustan bridge')
  })

  it('publishes App Home with what Storydesk knows', async () => {
    await postToApp(h.appUrl, {
      ...eventCallback({
        type: 'app_home_opened',
        user: FAKE.userId,
        channel: 'D0FAKEDM',
        tab: 'home',
        event_ts: '1733480000.000500',
      }),
      secret,
    })
    const call = await h.fake.api.waitFor('views.publish')
    expect(call.body.user_id).toBe(FAKE.userId)
    const text = JSON.stringify(call.body.view)
    expect(text).toContain('5 articles from 5 outlets')
    expect(text).toContain('6 Dec 2024 to 7 Dec 2024')
  })
})

describe('buttons', () => {
  async function firstAnswer(query: string) {
    const { responseUrl } = await slash(query)
    const post = await h.fake.responses.waitFor(responseUrl)
    const actions = (post.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find(
      (b) => b.type === 'actions',
    )!
    return { post, button: (id: string) => actions.elements!.find((e) => e.action_id === id)! }
  }

  it('"Share in channel" posts the same answer publicly, headed by who shared it', async () => {
    const { post, button } = await firstAnswer('homs distance')
    const share = button(ACTION_IDS.share)
    const responseUrl = h.fake.responses.newUrl()
    await postToApp(h.appUrl, {
      ...blockActionsPayload({
        action_id: share.action_id,
        value: share.value,
        response_url: responseUrl,
        ephemeral: true,
        user: 'U0SHARER',
      }),
      secret,
    })
    const shared = await h.fake.responses.waitFor(responseUrl, (p) => p.body.response_type === 'in_channel')
    expect(allText(shared.body)).toContain('shared by <@U0SHARER>')
    expect(quotesOf(shared.body.blocks)).toEqual(quotesOf(post.body.blocks))
    expect((shared.body.blocks as { type: string }[]).some((b) => b.type === 'actions')).toBe(false)
    await h.fake.responses.waitFor(responseUrl, (p) => p.body.delete_original === true)
  })

  it('"More results" replaces the answer with the next page', async () => {
    const { post, button } = await firstAnswer('Homs')
    const more = button(ACTION_IDS.more)
    const responseUrl = h.fake.responses.newUrl()
    await postToApp(h.appUrl, {
      ...blockActionsPayload({
        action_id: more.action_id,
        value: more.value,
        response_url: responseUrl,
        ephemeral: true,
      }),
      secret,
    })
    const next = await h.fake.responses.waitFor(responseUrl)
    expect(next.body.replace_original).toBe(true)
    expect(allText(next.body)).toMatch(/6–10 of \d+/)
    const before = new Set(quotesOf(post.body.blocks))
    for (const quote of quotesOf(next.body.blocks)) expect(before.has(quote)).toBe(false)
  })

  it('a button with a tampered value gets a clear message, not a crash', async () => {
    const responseUrl = h.fake.responses.newUrl()
    await postToApp(h.appUrl, {
      ...blockActionsPayload({
        action_id: ACTION_IDS.more,
        value: '{"q": 5}',
        response_url: responseUrl,
        ephemeral: true,
      }),
      secret,
    })
    expect(allText((await h.fake.responses.waitFor(responseUrl)).body)).toContain('no longer works')
  })
})

describe('warm-up', () => {
  it('warms up the index it starts with once, before the first question rather than by it', async () => {
    const warmed = await h.waitForLogs('index.warmed')
    expect(warmed).toHaveLength(1)
    expect(warmed[0]!.queries).toBeGreaterThanOrEqual(3)
    // A later snapshot (live reload) is not warmed again: the search code is compiled once per process.
    h.store.replace(await loadSnapshot('seeds'))
    // Any warm-up that replacement queued would be on the answer queue ahead of this job.
    await h.storydesk.deps.queue.run(() => undefined)
    await h.storydesk.deps.queue.idle()
    expect(h.logs().filter((r) => r.event === 'index.warmed')).toHaveLength(1)
  })
})

describe('health check', () => {
  it('GET /healthz: 200 with corpus figures once loaded', async () => {
    const response = await fetch(`${h.appUrl}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      status: 'ok',
      articles: 5,
      outlets: 5,
      from: '2024-12-06',
      to: '2024-12-07',
    })
  })

  it('GET /healthz: 503 before the index is loaded, and Slack users are told to wait', async () => {
    const loading = await startHarness({ mode: 'http', loaded: false })
    try {
      expect((await fetch(`${loading.appUrl}/healthz`)).status).toBe(503)
      const responseUrl = loading.fake.responses.newUrl()
      await postToApp(loading.appUrl, { ...slashCommandBody({ text: 'homs', response_url: responseUrl }), secret })
      expect(allText((await loading.fake.responses.waitFor(responseUrl)).body)).toContain('still loading')
      // Nothing to warm up yet; the first index to arrive is warmed up once, off any request.
      expect(loading.logs().filter((r) => r.event === 'index.warmed')).toEqual([])
      loading.store.replace(await loadSnapshot('seeds'))
      const [warmed] = await loading.waitForLogs('index.warmed')
      expect(warmed!.queries).toBeGreaterThanOrEqual(3)
    } finally {
      await loading.close()
    }
  })
})
