/**
 * Slash-command acks under load: the real app (HTTP mode, the real index; the test suite's fake
 * Slack Web API for start-up) hit with bursts of concurrent signed /syria commands by ackClient.ts
 * in another process, which also receives the answers. Measures the time to each HTTP 200
 * (Slack's 3-second ack) and checks every command is answered.
 */
import { spawn } from 'node:child_process'
import { loadConfig } from '../src/config.ts'
import type { Snapshot } from '../src/snapshot/snapshot.ts'
import { SnapshotStore } from '../src/snapshot/store.ts'
import { startStorydesk } from '../src/slack/app.ts'
import { createLogger } from '../src/slack/logger.ts'
import { FAKE, startFakeSlack } from '../test/support/fakeSlack.ts'
import { distribution, type Distribution } from './stats.ts'

export async function measureAcks(
  snapshot: Snapshot,
  queries: readonly string[],
  options: { rounds: number; concurrency: number },
): Promise<{ ack: Distribution; answered: number; sent: number }> {
  const fake = await startFakeSlack()
  const client = await startClient(fake.apiUrl, options.concurrency)
  const store = new SnapshotStore()
  store.replace(snapshot)
  const config = loadConfig({
    SLACK_BOT_TOKEN: FAKE.botToken,
    SLACK_SIGNING_SECRET: FAKE.signingSecret,
    PORT: '0',
    SLACK_API_URL: client.apiUrl,
    LOG_LEVEL: 'error',
    // Many commands from one fake user per round: the per-user limit is not what is measured here.
    QUERIES_PER_MINUTE: '100000',
  })
  const app = await startStorydesk(config, store, { log: createLogger({ level: 'error', format: 'json' }) })
  const url = `http://127.0.0.1:${app.port}`
  // One more burst than measured: ackClient's first burst opens the connections.
  const texts = Array.from({ length: (options.rounds + 1) * options.concurrency }, (_, n) =>
    queries[n % queries.length]!.slice(0, 200),
  )
  let result: { times: number[]; answered: number }
  try {
    result = await client.run(url, texts)
  } finally {
    await app.stop()
    await fake.close()
  }
  const { times, answered } = result
  return { ack: distribution(times), answered, sent: texts.length }
}

/** A started ackClient.ts: the Web API URL to give the app, and the measurement to run once the app serves. */
export interface AckClient {
  /** SLACK_API_URL for the app: the client receives the answers, and passes the Web API on to the fake Slack. */
  apiUrl: string
  /** Sends the bursts to `urls` (one app, or several joined by commas); resolves with ack times and answer count. */
  run(urls: string, texts: string[]): Promise<{ times: number[]; answered: number }>
}

/** Starts ackClient.ts in its own process, in front of the fake Slack at `webApiUrl`. */
export function startClient(webApiUrl: string, concurrency: number): Promise<AckClient> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/ackClient.ts', webApiUrl, FAKE.signingSecret, String(concurrency)],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    )
    let out = ''
    let finished: ((result: { times: number[]; answered: number }) => void) | undefined
    let failed: (error: Error) => void = reject
    child.stdout.on('data', (chunk) => {
      out += chunk
      const lines = out.split('\n')
      if (lines.length > 1 && !finished) {
        const { apiUrl } = JSON.parse(lines[0]!) as { apiUrl: string }
        const done = new Promise<{ times: number[]; answered: number }>((ok, fail) => {
          finished = ok
          failed = fail
        })
        resolve({
          apiUrl,
          run: (urls, texts) => {
            child.stdin.end(JSON.stringify({ urls, texts }))
            return done
          },
        })
      }
    })
    child.on('error', (error) => failed(error))
    child.on('close', (code) =>
      code === 0
        ? finished?.(JSON.parse(out.trim().split('\n').at(-1)!))
        : failed(new Error(`ack client exited with ${code}`)),
    )
  })
}
