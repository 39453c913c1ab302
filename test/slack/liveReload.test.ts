/**
 * Live reload seen from Slack: the real app (HTTP mode, signed requests, fake Slack) with the watcher on a temp
 * copy of the seeds, answering a steady stream of /syria commands while producers add, replace and delete files
 * and drop a broken one. Every command must be acked and answered, with quotes that stood in a file at some point.
 */
import { mkdtemp, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LiveReload, watchSeeds } from '../../src/snapshot/reload/liveReload.ts'
import { FAKE } from '../support/fakeSlack.ts'
import { eventCallback, postToApp, slashCommandBody, type AppResponse } from '../support/slackRequests.ts'
import { until } from '../support/until.ts'
import { allText, quotesOf, startHarness, type Harness } from './harness.ts'

const ADDED = '005_new.txt'
const ADDED_TEXT =
  'Storm over the valley\nHeavy rain flooded the village of Qaryatayn on Saturday, residents said. The water reached the main square by noon.\nSource : Example Times\n'
const REPLACED = '004_71443e73fbfc48f7.txt'
const DELETED = '000_c3b600c57a1722b1.txt'
const QUERIES = ['Qaryatayn', 'Zarqawiyah', 'homs distance', 'Rastan', '"mother of all battles"', 'outlet:jk']

let h: Harness
let live: LiveReload
let dir: string
/** Every text each file has held (the seeds, then each version written): a quote must stand in one of them. */
const versions: string[] = []

async function write(file: string, content: string | Uint8Array): Promise<void> {
  if (typeof content === 'string') versions.push(content)
  await writeFile(join(dir, file), content)
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'storydesk-slack-live-'))
  for (const name of await readdir('seeds')) {
    const bytes = await readFile(join('seeds', name))
    await writeFile(join(dir, name), bytes)
    if (name.endsWith('.txt')) versions.push(bytes.toString('utf8'))
  }
  h = await startHarness({ mode: 'http', seedsDir: dir, env: { SEEDS_DIR: dir, QUERIES_PER_MINUTE: '1000' } })
  const quiet = () => undefined
  live = watchSeeds(dir, h.store, { settleMs: 60, pollMs: 15, logger: { info: quiet, warn: quiet, error: quiet } })
})
afterAll(async () => {
  await live.close()
  await h.close()
  await rm(dir, { recursive: true, force: true })
})

let users = 0
async function slash(
  text: string,
): Promise<{ response: AppResponse; answer: Promise<{ body: Record<string, unknown> }>; text: string }> {
  const responseUrl = h.fake.responses.newUrl()
  // A fresh user each time: the per-person query limit is not what is under test.
  const response = await postToApp(h.appUrl, {
    ...slashCommandBody({ text, response_url: responseUrl, user_id: `U0LIVE${users++}` }),
    secret: FAKE.signingSecret,
  })
  return { response, answer: h.fake.responses.waitFor(responseUrl, undefined, 10_000), text }
}

async function sourcesText(): Promise<string> {
  const { answer } = await slash('sources')
  return allText((await answer).body)
}

async function health(): Promise<{ articles: number; outlets: number; problems: number }> {
  return (await (await fetch(`${h.appUrl}/healthz`)).json()) as { articles: number; outlets: number; problems: number }
}

async function homeText(): Promise<string> {
  h.fake.reset()
  await postToApp(h.appUrl, {
    ...eventCallback({
      type: 'app_home_opened',
      user: FAKE.userId,
      channel: 'D0FAKEDM',
      tab: 'home',
      event_ts: '1733480000.000900',
    }),
    secret: FAKE.signingSecret,
  })
  return JSON.stringify((await h.fake.api.waitFor('views.publish')).body.view)
}

const articleFiles = () => h.store.current()?.articles.map((a) => a.file) ?? []

describe('live reload while Slack is being answered', () => {
  it('acks and answers every command, with verbatim quotes, while files are added, replaced, deleted and broken', async () => {
    const sent: ReturnType<typeof slash>[] = []
    let running = true
    const loop = (async () => {
      for (let i = 0; running; i++) {
        sent.push(slash(QUERIES[i % QUERIES.length]!))
        await new Promise((r) => setTimeout(r, 20))
      }
    })()
    // Each phase lets every query of the stream run at least once against the changed corpus.
    const aRoundOfQueries = async () => {
      const target = sent.length + QUERIES.length
      await until('a round of queries', () => sent.length >= target)
    }

    try {
      // Added: /syria sources, /healthz and App Home count it.
      await write(ADDED, ADDED_TEXT)
      await until('the added file', () => articleFiles().includes(ADDED))
      expect(await sourcesText()).toContain('Sources: 6 articles from 6 outlets')
      expect(await sourcesText()).toContain('Example Times')
      expect(await health()).toMatchObject({ articles: 6, outlets: 6, problems: 0 })
      expect(await homeText()).toContain('6 articles from 6 outlets')
      await aRoundOfQueries()

      // Replaced: a new paragraph in place of a sentence.
      const original = await readFile(join(dir, REPLACED), 'utf8')
      await write(
        REPLACED,
        original.replace(
          "Russia's embassy in Syria has urged Russian nationals to leave the country.",
          'Residents of Zarqawiyah said the road north had been closed since dawn on Friday.',
        ),
      )
      await until('the replaced file', () =>
        h.store
          .current()!
          .articles.find((a) => a.file === REPLACED)!
          .text.includes('Zarqawiyah'),
      )
      await aRoundOfQueries()

      // Deleted: gone from sources and the counts.
      await unlink(join(dir, DELETED))
      await until('the deleted file', () => !articleFiles().includes(DELETED))
      const sources = await sourcesText()
      expect(sources).toContain('Sources: 5 articles from 5 outlets')
      expect(sources).not.toContain('JK Active')
      // One problem, as a fresh load would report it: sources.json still names the deleted file.
      expect(await health()).toMatchObject({ articles: 5, outlets: 5, problems: 1 })
      expect(h.store.current()!.problems).toEqual([
        expect.objectContaining({ where: 'sources.json', code: 'SOURCES_UNKNOWN_FILE' }),
      ])
      await aRoundOfQueries()

      // Broken, over a good file: a problem, and the previous version still answers.
      await write('002_bac5b52dfc34d39a.txt', new Uint8Array([0x00, 0x9f, 0x92, 0x96]))
      await until('the problem', async () => (await health()).problems === 2)
      expect(await health()).toMatchObject({ articles: 5 })
      expect(await sourcesText()).toContain('Sky News')
      await aRoundOfQueries()
    } finally {
      running = false
      await loop
    }

    const answered = await Promise.all(
      sent.map(async (request) => {
        const { response, answer, text } = await request
        return { response, post: await answer, text }
      }),
    )
    expect(answered.length).toBeGreaterThanOrEqual(4 * QUERIES.length)
    const seen = new Set<string>()
    for (const { response, post, text } of answered) {
      expect(response.status).toBe(200)
      expect(response.elapsedMs).toBeLessThan(3000)
      for (const quote of quotesOf(post.body.blocks)) {
        expect(quote.length > 0 && versions.some((version) => version.includes(quote)), `${text}: ${quote}`).toBe(true)
        if (/Qaryatayn|Zarqawiyah/.test(quote)) seen.add(quote.includes('Qaryatayn') ? 'added' : 'replaced')
      }
    }
    // The stream saw the changes land, not only the seeds.
    expect([...seen].sort()).toEqual(['added', 'replaced'])
    const last = await slash('Zarqawiyah')
    expect(quotesOf((await last.answer).body.blocks)[0]).toContain('Residents of Zarqawiyah said the road north')
  })
})
