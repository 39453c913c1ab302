/**
 * `/syria add <link>` through the real app in HTTP mode (signed requests, answers on the fake Slack's response URLs),
 * with pages served on 127.0.0.1 and live reload watching the articles folder, as `npm start` runs it.
 */
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { linkFrom } from '../../src/slack/listeners/add.ts'
import { type LiveReload, watchSeeds } from '../../src/snapshot/reload/liveReload.ts'
import { FAKE } from '../support/fakeSlack.ts'
import { startPageServer, type PageServer } from '../support/pageServer.ts'
import { appMentionEvent, eventCallback, messageEvent, postToApp, slashCommandBody } from '../support/slackRequests.ts'
import { render, type TextObject } from '../support/slackRendering.ts'
import { until } from '../support/until.ts'
import { allText, quotesOf, startHarness, type Harness } from './harness.ts'

const PRODUCER = 'U0PRODUCER'
let h: Harness
let pages: PageServer
let dir: string
let live: LiveReload

// A page of our own whose outlet and headline hold "&", and "<" in the text: each must reach the reader as printed.
const AMPERSAND_PAGE = `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>Jobs & homes plan backed | Express & Star</title>
<meta property="og:site_name" content="Express &amp; Star">
<meta property="og:title" content="Jobs &amp; homes plan backed">
<meta property="article:published_time" content="2024-12-05T09:00:00Z">
</head><body><article><h1>Jobs &amp; homes plan backed</h1>
<p>Councillors on Thursday backed a plan for 2,000 homes and a business park on the edge of the town, after a debate
that ran for more than four hours and drew protesters to the civic centre.</p>
<p>Supporters said the scheme would bring jobs &amp; new roads to an area where unemployment is &lt;5 per cent above
the regional figure, while opponents said it would swallow farmland that had been protected for decades.</p>
<p>“This is the biggest decision the council has made in a generation,” the council leader told the meeting, adding
that work could begin within two years if the government does not call the plan in.</p>
<p>Campaigners said they would ask ministers to review the decision and had raised money for a legal challenge.</p>
</article></body></html>`

beforeAll(async () => {
  pages = await startPageServer({ pages: { 'express-star': AMPERSAND_PAGE } })
  dir = await mkdtemp(join(tmpdir(), 'storydesk-slack-add-'))
  for (const name of await readdir('seeds')) await copyFile(join('seeds', name), join(dir, name))
  h = await startHarness({
    mode: 'http',
    seedsDir: dir,
    env: { SEEDS_DIR: dir, PRODUCERS: `${PRODUCER}, U0OTHERPRO`, ALLOW_PRIVATE_ADDRESSES: '127.0.0.1' },
  })
  live = watchSeeds(dir, h.store, { settleMs: 60, pollMs: 15, logger: { info() {}, warn() {}, error() {} } })
  await live.settled()
})
afterAll(async () => {
  await live.close()
  await h.close()
  await pages.close()
  await rm(dir, { recursive: true, force: true })
})

/** What a reader sees of a one-block reply, and of its notification text: both must be the same words. */
function readerText(reply: { text?: string; blocks?: unknown }): string {
  const [block] = reply.blocks as { text: TextObject }[]
  const shown = render(block!.text)
  expect(shown.problems).toEqual([])
  expect(render({ type: 'mrkdwn', text: reply.text ?? '', verbatim: true }).text).toBe(shown.text)
  return shown.text
}

async function slash(text: string, user: string) {
  const responseUrl = h.fake.responses.newUrl()
  const response = await postToApp(h.appUrl, {
    ...slashCommandBody({ text, response_url: responseUrl, user_id: user }),
    secret: FAKE.signingSecret,
  })
  expect(response.status).toBe(200)
  const post = await h.fake.responses.waitFor(responseUrl, undefined, 15_000)
  return post.body as { response_type?: string; text?: string; blocks?: unknown }
}

describe('/syria add <link>', () => {
  it('a producer adds a page: a private reply with outlet, headline, date and passages; then it answers queries', async () => {
    const reply = await slash(`add <${pages.origin}/own/jsonld-graph.html>`, PRODUCER)
    expect(reply.response_type).toBe('ephemeral')
    expect(allText(reply)).toMatch(
      /Added “Ferry strike ends after pay deal” — Harbour Gazette \(AAP\), 2 Mar 2024\. \d+ quotable passages; searchable in a few seconds\./,
    )
    await until(
      'live reload to load the article',
      () => h.store.current()?.articles.some((a) => a.outlet === 'Harbour Gazette') === true,
      { timeoutMs: 10_000 },
    )
    const answer = await slash('ferry crews pay offer', FAKE.userId)
    expect(quotesOf(answer.blocks).some((q) => q.includes('Harbour ferry crews voted on Saturday'))).toBe(true)
  })

  it('"&" in the outlet, the headline and the link reaches the reader once, never as &amp;', async () => {
    const added = await slash(`add <${pages.origin}/page/express-star>`, PRODUCER)
    expect(readerText(added)).toMatch(
      /^Added “Jobs & homes plan backed” — Express & Star, 5 Dec 2024\. \d+ quotable passages; searchable in a few seconds\.$/,
    )
    expect(added.text).not.toContain('&amp;amp;')
    // Slack sends "&" in a command's text as "&amp;"; the refusal names the link as the producer typed it.
    const refused = await slash(`add <${pages.origin}/status/500?a=1&amp;b=2>`, PRODUCER)
    expect(readerText(refused)).toBe(
      `Not added: ${pages.origin}/status/500?a=1&b=2 — the server answered 500 Internal Server Error.`,
    )
  })

  it('anyone not in PRODUCERS gets a private refusal, and nothing is fetched', async () => {
    const before = pages.requests.length
    const reply = await slash(`add ${pages.origin}/pages/wordpress`, FAKE.userId)
    expect(reply.response_type).toBe('ephemeral')
    expect(allText(reply)).toContain('Only producers can add articles')
    expect(pages.requests.length).toBe(before)
  })

  it.each([
    ['add', /give its link/],
    ['add /etc/passwd', /give its link/],
    ['add file:///etc/passwd', /give its link/],
  ])('%j: says how to add', async (text, message) => {
    expect(allText(await slash(text, PRODUCER))).toMatch(message)
  })

  it.each([
    ['/own/not-an-article.html', / — is not an article/],
    ['/status/500', / — the server answered 500 Internal Server Error/],
    ['/to?url=http%3A%2F%2F169.254.169.254%2Flatest%2F', / — leads to 169\.254\.169\.254, a link-local address/],
    [
      '/own/jsonld-graph.html',
      / — is already in the folder as 2024-03-02_ferry-strike-ends-after-pay-deal-[0-9a-f]{6}\.txt \(same URL\)/,
    ],
  ])('%s: a clear private refusal', async (path, message) => {
    const reply = await slash(`add ${pages.origin}${path}`, PRODUCER)
    expect(reply.response_type).toBe('ephemeral')
    expect(readerText(reply)).toContain(`Not added: ${pages.origin}${path} — `)
    expect(readerText(reply)).toMatch(message)
  })
})

describe('add by mention or DM: never in a conversation, only by the slash command', () => {
  // A mention's reply is public in the thread, and a refusal can name what a link leads to inside the network.
  const internal = () => `<${pages.origin}/to?url=http%3A%2F%2F10.1.2.3%2Fnews>`

  async function conversationReply(event: ReturnType<typeof appMentionEvent>) {
    expect((await postToApp(h.appUrl, { ...eventCallback(event), secret: FAKE.signingSecret })).status).toBe(200)
    const reply = await h.fake.api.waitFor('chat.postMessage', (c) => c.delivered && c.body.channel === event.channel)
    return reply.body as { text?: string; blocks?: unknown }
  }

  it.each([
    [
      'a mention in a channel',
      (text: string) =>
        appMentionEvent({ text: `<@${FAKE.botUserId}> ${text}`, user: PRODUCER, channel: 'C0ADDMENTION' }),
    ],
    ['a DM', (text: string) => messageEvent({ text, user: PRODUCER, channel: 'D0ADDDM' })],
  ])('%s from a producer: points to the slash command; nothing fetched, nothing internal shown', async (_, event) => {
    const before = pages.requests.length
    const files = await readdir(dir)
    const reply = await conversationReply(event(`add ${internal()}`))
    expect(readerText(reply)).toBe(
      'Articles are added with the slash command, which answers only you: /syria add <link> (producers only).',
    )
    expect(allText(reply)).not.toContain('10.1.2.3')
    expect(pages.requests.length).toBe(before)
    expect(await readdir(dir)).toEqual(files)
  })
})

describe('the link in the command', () => {
  it.each([
    ['https://example.org/a?b=1&amp;c=2', 'https://example.org/a?b=1&c=2'],
    ['<https://example.org/story>', 'https://example.org/story'],
    ['<https://example.org/story|example.org/story> please', 'https://example.org/story'],
    ['  http://example.org/x  ', 'http://example.org/x'],
  ])('%j → %s', (text, link) => {
    expect(linkFrom(text)).toBe(link)
  })

  it.each(['', 'example.org/story', 'ftp://example.org/x', '<mailto:a@example.org>'])('%j has no link', (text) => {
    expect(linkFrom(text)).toBeNull()
  })
})

describe('routing', () => {
  it('"add" before words that are no link is a question, answered as one', async () => {
    const reply = await slash('add reinforcements homs', FAKE.userId)
    expect(allText(reply)).not.toMatch(/Only producers|give its link/)
    expect(quotesOf(reply.blocks).length).toBeGreaterThan(0)
  })

  it('help lists add', async () => {
    expect(allText(await slash('help', FAKE.userId))).toMatch(/add &lt;link&gt;|add <link>/)
  })
})
