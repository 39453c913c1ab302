/**
 * Starts Storydesk's real Slack app (startStorydesk, as npm start does) against the fake
 * Slack on 127.0.0.1, with the seed articles loaded. Shared by the Slack end-to-end tests.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { loadConfig } from '../../src/config.ts'
import { startStorydesk, type Storydesk, type StorydeskOptions } from '../../src/slack/app.ts'
import { createLogger } from '../../src/slack/logger.ts'
import { loadSnapshot } from '../../src/snapshot/snapshot.ts'
import { SnapshotStore } from '../../src/snapshot/store.ts'
import { FAKE, startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../support/fakeSlack.ts'
import { until } from '../support/until.ts'

export interface Harness {
  fake: FakeSlack
  storydesk: Storydesk
  store: SnapshotStore
  /** http://127.0.0.1:PORT: Slack's requests in HTTP mode, /healthz in both. */
  appUrl: string
  /** The folder the articles were loaded from. */
  seedsDir: string
  /** The app's log records (pino's JSON lines, parsed), oldest first. */
  logs(): Record<string, unknown>[]
  /** Resolves once `count` log records with this `event` field have been written since the harness started. */
  waitForLogs(event: string, count?: number, timeoutMs?: number): Promise<Record<string, unknown>[]>
  close(): Promise<void>
}

export async function startHarness(options: {
  mode: 'http' | 'socket'
  env?: Record<string, string>
  loaded?: boolean
  seedsDir?: string
  fake?: FakeSlackOptions
  app?: Partial<StorydeskOptions>
}): Promise<Harness> {
  const seedsDir = options.seedsDir ?? 'seeds'
  const fake = await startFakeSlack(options.fake)
  const config = loadConfig({
    SLACK_BOT_TOKEN: FAKE.botToken,
    SLACK_SIGNING_SECRET: FAKE.signingSecret,
    ...(options.mode === 'socket' ? { SLACK_APP_TOKEN: FAKE.appToken } : {}),
    PORT: '0',
    SLACK_API_URL: fake.apiUrl,
    LOG_LEVEL: 'debug',
    ...options.env,
  })
  const records: Record<string, unknown>[] = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) records.push(JSON.parse(line) as Record<string, unknown>)
      done()
    },
  })
  const log = createLogger({ level: config.logLevel, format: 'json', destination })
  const store = new SnapshotStore()
  if (options.loaded !== false) store.replace(await loadSnapshot(seedsDir))
  const storydesk = await startStorydesk(config, store, {
    log,
    socket: { minDelayMs: 100, maxDelayMs: 500 },
    ...options.app,
  })
  await storydesk.ready
  if (options.mode === 'socket') await fake.socket.waitForConnection()
  return {
    fake,
    storydesk,
    store,
    appUrl: `http://127.0.0.1:${storydesk.port}`,
    seedsDir,
    logs: () => [...records],
    async waitForLogs(event, count = 1, timeoutMs = 5_000) {
      const matching = () => records.filter((r) => r.event === event)
      await until(`${count} "${event}" log records`, () => matching().length >= count, { timeoutMs })
      return matching()
    },
    async close() {
      await storydesk.stop(1_000)
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
