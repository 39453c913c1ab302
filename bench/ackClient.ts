/**
 * The load generator for the ack benchmark, in its own process so that neither sending commands
 * nor receiving the answers shares (and slows) the app's event loop, as with real Slack: bursts of
 * concurrent signed /syria commands over kept-alive connections, and a response_url receiver that
 * counts the answers.
 *   node --import tsx bench/ackClient.ts <Web API url> <signing secret> <concurrency>
 * It is started before the app: its first stdout line is {"apiUrl": …}, which the app takes as SLACK_API_URL. The
 * bot posts answers only to a response_url on its Slack's origin, so this process is that origin: /response/<n> is
 * received here, every other request is passed on to the Web API url (the fake Slack).
 * Then it reads {"urls": "<app url>[,<app url>…]", "texts": [...]} on stdin (the first burst is a warm-up, not
 * measured; with several URLs, replicas, commands go to them in turn) and prints one JSON object: every measured ack
 * time in ms, and how many commands were answered.
 */
import { Agent, createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { text } from 'node:stream/consumers'
import { signRequest, slashCommandBody } from '../test/support/slackRequests.ts'

const [webApiUrl, secret, concurrencyArg] = process.argv.slice(2)
const concurrency = Number(concurrencyArg)
const webApi = new URL(webApiUrl!)

// Slack's side of response_url: accept each answer once and count it.
const answered = new Set<string>()
let expected = Number.POSITIVE_INFINITY
let allAnswered: () => void = () => undefined
const receiver = createServer((req, res) => {
  if (!req.url?.startsWith('/response/')) {
    // The Web API (auth.test at start, chat.* calls): passed on to the fake Slack as it came.
    const upstream = request(
      new URL(req.url ?? '/', webApi.origin),
      { method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers)
        r.pipe(res)
      },
    )
    upstream.on('error', () => res.writeHead(502).end())
    req.pipe(upstream)
    return
  }
  req.resume()
  req.on('end', () => {
    answered.add(req.url ?? '')
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
    if (answered.size === expected) allAnswered()
  })
})
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
const origin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
console.log(JSON.stringify({ apiUrl: new URL(webApi.pathname, origin).href }))
const responseBase = `${origin}/response/`

const { urls: urlList, texts } = JSON.parse(await text(process.stdin)) as { urls: string; texts: string[] }
expected = texts.length

const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
const targets = urlList.split(',').map((url) => new URL('/slack/events', url))

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
