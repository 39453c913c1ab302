/**
 * Starts Storydesk's real Slack app (createStorydeskApp, as npm start does) against the fake
 * Slack on 127.0.0.1, with the seed articles loaded. Shared by the Slack end-to-end tests.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../../src/config.ts'
import { createStorydeskApp, type StorydeskApp } from '../../src/slack/app.ts'
import { loadSnapshot } from '../../src/snapshot/snapshot.ts'
import { SnapshotStore } from '../../src/snapshot/store.ts'
import { FAKE, startFakeSlack, type FakeSlack } from '../support/fakeSlack.ts'

export interface Harness {
  fake: FakeSlack
  storydesk: StorydeskApp
  store: SnapshotStore
  /** http://127.0.0.1:PORT in HTTP mode. */
  appUrl: string
  /** The folder the articles were loaded from. */
  seedsDir: string
  close(): Promise<void>
}

export async function startHarness(options: {
  mode: 'http' | 'socket'
  env?: Record<string, string>
  loaded?: boolean
  seedsDir?: string
}): Promise<Harness> {
  const seedsDir = options.seedsDir ?? 'seeds'
  const fake = await startFakeSlack()
  const config = loadConfig({
    SLACK_BOT_TOKEN: FAKE.botToken,
    SLACK_SIGNING_SECRET: FAKE.signingSecret,
    ...(options.mode === 'socket' ? { SLACK_APP_TOKEN: FAKE.appToken } : {}),
    PORT: '0',
    SLACK_API_URL: fake.apiUrl,
    LOG_LEVEL: 'error',
    ...options.env,
  })
  const store = new SnapshotStore()
  if (options.loaded !== false) store.replace(await loadSnapshot(seedsDir))
  const storydesk = createStorydeskApp(config, store)
  const { port } = await storydesk.start()
  if (options.mode === 'socket') await fake.socket.waitForConnection()
  return {
    fake,
    storydesk,
    store,
    appUrl: `http://127.0.0.1:${port}`,
    seedsDir,
    async close() {
      await storydesk.stop()
      if (options.mode === 'socket') await fake.socket.waitForAllClosed()
      await fake.close()
    },
  }
}

const SEED_TEXTS = readdirSync('seeds')
  .filter((f) => f.endsWith('.txt'))
  .map((f) => readFileSync(join('seeds', f), 'utf8'))

/** Undoes our mrkdwn (bold markers, escapes) to get back the characters a reader sees. */
export function unmrkdwn(text: string): string {
  return text.replace(/\*/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}

/** The quotes of an answer message: the text between “ and ” of each block-quote section, ellipsis removed. */
export function quotesOf(blocks: unknown): string[] {
  return (blocks as { type: string; text?: { text: string } }[])
    .filter((b) => b.type === 'section' && b.text?.text.startsWith('>“'))
    .map((b) => unmrkdwn(b.text!.text.slice(2, -1)).replace(/ ?…$/, ''))
}

/** True when `quote` stands word for word in one of the seed files. */
export function isVerbatim(quote: string): boolean {
  return quote.length > 0 && SEED_TEXTS.some((text) => text.includes(quote))
}

/** All mrkdwn and plain text of a message, for searching it. */
export function allText(message: { text?: unknown; blocks?: unknown }): string {
  return `${String(message.text ?? '')}\n${JSON.stringify(message.blocks ?? [])}`
}
