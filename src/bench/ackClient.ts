/**
 * The load generator for the ack benchmark, in its own process so that sending requests does not
 * share (and slow) the app's event loop: bursts of concurrent signed /syria commands to the app,
 * over kept-alive connections (as Slack's own senders keep theirs), one burst at a time.
 *   node --import tsx src/bench/ackClient.ts <app url> <signing secret> <concurrency>
 * Reads {"commands": [{"text", "responseUrl"}]} on stdin (the first burst is a warm-up, not measured);
 * prints one JSON object: every measured ack time in ms.
 */
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { signRequest, slashCommandBody } from '../../test/support/slackRequests.ts'

const [url, secret, concurrencyArg] = process.argv.slice(2)
const concurrency = Number(concurrencyArg)
const { commands } = JSON.parse(readFileSync(0, 'utf8')) as { commands: { text: string; responseUrl: string }[] }
const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
const target = new URL('/slack/events', url)

/** One signed command; resolves with the time from sending to the full HTTP 200. */
function send(text: string, responseUrl: string): Promise<number> {
  const { body, contentType } = slashCommandBody({ text, response_url: responseUrl })
  const headers = { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...signRequest(secret!, body) }
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const req = request(target, { method: 'POST', agent, headers }, (res) => {
      res.resume()
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode} for "${text}"`))))
    })
    req.on('error', reject)
    req.end(body)
  })
}

// One unmeasured burst first opens the kept-alive connections (Slack's senders keep theirs open).
await Promise.all(commands.slice(0, concurrency).map(({ text, responseUrl }) => send(text, responseUrl)))
await new Promise((resolve) => setTimeout(resolve, 200))

const times: number[] = []
for (let start = concurrency; start < commands.length; start += concurrency) {
  const burst = commands.slice(start, start + concurrency)
  times.push(...(await Promise.all(burst.map(({ text, responseUrl }) => send(text, responseUrl)))))
  // Let the app answer one burst before the next.
  await new Promise((resolve) => setTimeout(resolve, 200))
}
agent.destroy()
console.log(JSON.stringify({ times }))
