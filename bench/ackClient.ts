/**
 * The load generator for the ack benchmark, in its own process so that neither sending commands
 * nor receiving the answers shares (and slows) the app's event loop, as with real Slack: bursts of
 * concurrent signed /syria commands over kept-alive connections, and a response_url receiver that
 * counts the answers.
 *   node --import tsx bench/ackClient.ts <app url>[,<app url>…] <signing secret> <concurrency>
 * With several URLs (replicas), commands go to them in turn.
 * Reads {"texts": [...]} on stdin (the first burst is a warm-up, not measured); prints one JSON
 * object: every measured ack time in ms, and how many commands were answered.
 */
import { readFileSync } from 'node:fs'
import { Agent, createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { signRequest, slashCommandBody } from '../test/support/slackRequests.ts'

const [urlList, secret, concurrencyArg] = process.argv.slice(2)
const concurrency = Number(concurrencyArg)
const { texts } = JSON.parse(readFileSync(0, 'utf8')) as { texts: string[] }

// Slack's side of response_url: accept each answer once and count it.
const answered = new Set<string>()
let allAnswered: () => void = () => undefined
const receiver = createServer((req, res) => {
  req.resume()
  req.on('end', () => {
    answered.add(req.url ?? '')
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    if (answered.size === texts.length) allAnswered()
  })
})
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
const responseBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/response/`

const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
const targets = urlList!.split(',').map((url) => new URL('/slack/events', url))

/** One signed command; resolves with the time from sending to the full HTTP 200. */
function send(n: number): Promise<number> {
  const { body, contentType } = slashCommandBody({ text: texts[n]!, response_url: `${responseBase}${n}` })
  const headers = {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...signRequest(secret!, body),
  }
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const req = request(targets[n % targets.length]!, { method: 'POST', agent, headers }, (res) => {
      res.resume()
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(performance.now() - started)
          : reject(new Error(`HTTP ${res.statusCode} for "${texts[n]}"`)),
      )
    })
    req.on('error', reject)
    req.end(body)
  })
}

const burst = (start: number) =>
  Promise.all(Array.from({ length: Math.min(concurrency, texts.length - start) }, (_, i) => send(start + i)))
const pause = () => new Promise((resolve) => setTimeout(resolve, 200))

// One unmeasured burst first opens the kept-alive connections (Slack's senders keep theirs open).
await burst(0)
await pause()
const times: number[] = []
for (let start = concurrency; start < texts.length; start += concurrency) {
  times.push(...(await burst(start)))
  await pause()
}
await Promise.race([
  new Promise<void>((resolve) => {
    allAnswered = resolve
    if (answered.size === texts.length) resolve()
  }),
  new Promise((resolve) => setTimeout(resolve, 30_000)),
])
agent.destroy()
receiver.close()
console.log(JSON.stringify({ times, answered: answered.size }))
