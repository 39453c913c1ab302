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
import { postToApp, slashCommandBody } from '../support/slackRequests.ts'
import { until } from '../support/until.ts'
import { allText, quotesOf, startHarness, type Harness } from './harness.ts'

const PRODUCER = 'U0PRODUCER'
let h: Harness
let pages: PageServer
let dir: string
let live: LiveReload

beforeAll(async () => {
  pages = await startPageServer()
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
    ['/own/not-an-article.html', /Not added: is not an article/],
    ['/status/500', /Not added: the server answered 500 Internal Server Error/],
    [
      '/to?url=http%3A%2F%2F169.254.169.254%2Flatest%2F',
      /Not added: leads to 169\.254\.169\.254, a link-local address/,
    ],
    [
      '/own/jsonld-graph.html',
      /Not added: is already in the folder as 2024-03-02_ferry-strike-ends-after-pay-deal-[0-9a-f]{6}\.txt \(same URL\)/,
    ],
  ])('%s: a clear private refusal', async (path, message) => {
    const reply = await slash(`add ${pages.origin}${path}`, PRODUCER)
    expect(reply.response_type).toBe('ephemeral')
    expect(allText(reply)).toMatch(message)
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
