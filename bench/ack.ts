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
  const store = new SnapshotStore()
  store.replace(snapshot)
  const config = loadConfig({
    SLACK_BOT_TOKEN: FAKE.botToken,
    SLACK_SIGNING_SECRET: FAKE.signingSecret,
    PORT: '0',
    SLACK_API_URL: fake.apiUrl,
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
    result = await runClient(url, texts, options.concurrency)
  } finally {
    await app.stop()
    await fake.close()
  }
  const { times, answered } = result
  return { ack: distribution(times), answered, sent: texts.length }
}

/** Runs ackClient.ts in its own process (`url`: one app, or several joined by commas) and collects its ack times and answer count. */
export function runClient(
  url: string,
  texts: string[],
  concurrency: number,
): Promise<{ times: number[]; answered: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/ackClient.ts', url, FAKE.signingSecret, String(concurrency)],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    )
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1)!))
        : reject(new Error(`ack client exited with ${code}`)),
    )
    child.stdin.end(JSON.stringify({ texts }))
  })
}
