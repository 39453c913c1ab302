/**
 * AckFirstReceiver under a real Bolt App, reached over real HTTP on 127.0.0.1 with requests signed as Slack signs
 * them: the ack goes before the listener, what Slack did not sign never runs, odd bodies get their own status, and a
 * stop hands every acknowledged request to Bolt.
 */
import { Agent, request } from 'node:http'
import { App, type Logger as BoltLogger, LogLevel } from '@slack/bolt'
import { afterEach, describe, expect, it } from 'vitest'
import { Health } from '../../src/slack/health.ts'
import { AckFirstReceiver } from '../../src/slack/httpReceiver.ts'
import { FAKE } from '../support/fakeSlack.ts'
import { eventCallback, postToApp, signRequest, slashCommandBody } from '../support/slackRequests.ts'
import { until } from '../support/until.ts'

const secret = FAKE.signingSecret

/** A Bolt logger that keeps what it is told. */
function recordingLogger(): BoltLogger & { lines: { level: string; text: string }[] } {
  const lines: { level: string; text: string }[] = []
  const keep =
    (level: string) =>
    (...parts: unknown[]) =>
      void lines.push({ level, text: parts.map(String).join(' ') })
  return {
    lines,
    debug: keep('debug'),
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
    setLevel: () => undefined,
    getLevel: () => LogLevel.DEBUG,
    setName: () => undefined,
  }
}

interface Started {
  url: string
  app: App
  receiver: AckFirstReceiver
  logger: ReturnType<typeof recordingLogger>
  commands: string[]
  tracked: { started: number; done: number }
}

let running: Started | null = null
afterEach(async () => {
  await running?.receiver.stop()
  running = null
})

async function start(
  options: {
    bodyLimit?: number
    listener?: (text: string, ack: (b?: never) => Promise<void>) => Promise<void>
    /** Called as each request is acked, with how many have been. */
    onAck?: (count: number) => void
  } = {},
) {
  const logger = recordingLogger()
  const tracked = { started: 0, done: 0 }
  const receiver = new AckFirstReceiver({
    signingSecret: secret,
    logger,
    health: new Health(),
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    track: () => {
      tracked.started++
      options.onAck?.(tracked.started)
      return () => void tracked.done++
    },
  })
  const app = new App({ token: FAKE.botToken, botId: FAKE.botId, botUserId: FAKE.botUserId, receiver, logger })
  const commands: string[] = []
  app.command('/syria', async ({ command, ack }) => {
    commands.push(command.text)
    if (options.listener) await options.listener(command.text, ack as (b?: never) => Promise<void>)
    else await ack()
  })
  const { port } = await receiver.start(0)
  running = { url: `http://127.0.0.1:${port}`, app, receiver, logger, commands, tracked }
  return running
}

describe('AckFirstReceiver', () => {
  it('acks a verified command before its listener has acked or finished, then runs the listener', async () => {
    let release: () => void = () => undefined
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    let finished = false
    const s = await start({
      // Bolt's own HTTPReceiver would answer only once ack() is called: after `held`.
      listener: async (_text, ack) => {
        await held
        await ack()
        finished = true
      },
    })
    const response = await postToApp(s.url, { ...slashCommandBody({ text: 'homs distance' }), secret })
    expect(response.status).toBe(200)
    expect(response.body).toBe('')
    expect(finished).toBe(false)
    await until('the listener to start', () => s.commands.length === 1)
    expect(s.commands).toEqual(['homs distance'])
    release()
    await until('the listener to finish', () => finished && s.tracked.done === 1)
    expect(s.tracked).toEqual({ started: 1, done: 1 })
  })

  it('logs an ack with a body as an error, since the body cannot be sent', async () => {
    const s = await start({ listener: async (_text, ack) => ack({ text: 'inline answer' } as never) })
    expect((await postToApp(s.url, { ...slashCommandBody({ text: 'x' }), secret })).status).toBe(200)
    await until('the error line', () =>
      s.logger.lines.some((l) => l.level === 'error' && /acked with a body/.test(l.text)),
    )
  })

  it('refuses a forged or stale signature with 401, and runs nothing', async () => {
    const s = await start()
    const forged = await postToApp(s.url, { ...slashCommandBody({ text: 'x' }), secret: 'not-the-secret' })
    const stale = await postToApp(s.url, {
      ...slashCommandBody({ text: 'x' }),
      secret,
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    })
    expect([forged.status, stale.status]).toEqual([401, 401])
    // A signed request sent after them is run: had the forged ones been queued, they would be run before it.
    expect((await postToApp(s.url, { ...slashCommandBody({ text: 'signed' }), secret })).status).toBe(200)
    await until('the signed command', () => s.commands.length === 1)
    expect(s.commands).toEqual(['signed'])
    expect(s.tracked.started).toBe(1)
    expect(s.logger.lines.filter((l) => l.level === 'warn' && /failed verification/.test(l.text))).toHaveLength(2)
  })

  it('answers ssl_check unsigned, and runs no payload smuggled beside it', async () => {
    const s = await start()
    const body = `ssl_check=1&token=x&payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions' }))}&command=%2Fsyria&text=smuggled`
    const response = await fetch(`${s.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    })
    expect(response.status).toBe(200)
    expect((await postToApp(s.url, { ...slashCommandBody({ text: 'after' }), secret })).status).toBe(200)
    await until('the signed command', () => s.commands.length === 1)
    expect(s.commands).toEqual(['after'])
  })

  it('says 400 for a signed body that does not parse, and 413 for one over the limit', async () => {
    const s = await start({ bodyLimit: 2048 })
    const garbled = await postToApp(s.url, {
      contentType: 'application/json',
      body: '{"type": "event_callback",',
      secret,
    })
    expect(garbled.status).toBe(400)
    const array = await postToApp(s.url, { contentType: 'application/json', body: '[1, 2]', secret })
    expect(array.status).toBe(400)
    const big = await postToApp(s.url, { ...slashCommandBody({ text: 'w '.repeat(2000) }), secret })
    expect(big.status).toBe(413)
    expect(s.commands).toEqual([])
    expect(s.tracked.started).toBe(0)
    // Still serving.
    expect((await postToApp(s.url, { ...slashCommandBody({ text: 'fine' }), secret })).status).toBe(200)
    await until('the command after them', () => s.commands.length === 1)
  })

  it('acks a verified event no listener takes (Slack would only retry it), and 404s other paths', async () => {
    const s = await start()
    const event = eventCallback({ type: 'reaction_added', user: FAKE.userId, reaction: 'thumbsup' } as never)
    expect((await postToApp(s.url, { ...event, secret })).status).toBe(200)
    await until('Bolt to be done with it', () => s.tracked.done === 1)
    expect((await postToApp(s.url, { ...slashCommandBody({ text: 'x' }), secret, path: '/elsewhere' })).status).toBe(
      404,
    )
    expect((await fetch(`${s.url}/slack/events`)).status).toBe(404)
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200)
  })

  it('on stop, takes no new request and hands every acknowledged one to Bolt', async () => {
    const COUNT = 20
    let stopped: Promise<void> | null = null
    // Stopped in the very turn the last request is acked: Bolt has not been handed the last ones yet.
    const s = await start({
      onAck: (count) => {
        if (count === COUNT) stopped = running!.receiver.stop()
      },
    })
    let processed = 0
    const processEvent = s.app.processEvent.bind(s.app)
    s.app.processEvent = (event) => {
      processed++
      return processEvent(event)
    }
    const sent = Array.from({ length: COUNT }, (_, n) =>
      postToApp(s.url, { ...slashCommandBody({ text: `q${n}` }), secret }),
    )
    const statuses = (await Promise.all(sent)).map((r) => r.status)
    expect(statuses).toEqual(Array(COUNT).fill(200))
    await until('the stop to begin', () => stopped !== null)
    await stopped
    // stop() resolves only once every acknowledged request was handed to Bolt.
    expect(processed).toBe(COUNT)
    expect(s.tracked.started).toBe(COUNT)
    await until('every listener', () => s.commands.length === COUNT && s.tracked.done === COUNT)
    expect(new Set(s.commands).size).toBe(COUNT)
    await expect(postToApp(s.url, { ...slashCommandBody({ text: 'late' }), secret })).rejects.toThrow()
    running = null
  })
})

describe('AckFirstReceiver.stop with a request still arriving on a kept-alive connection', () => {
  it('acks and runs it, then closes that connection instead of waiting out its keep-alive', async () => {
    const s = await start()
    const { body, contentType } = slashCommandBody({ text: 'arriving during stop' })
    const agent = new Agent({ keepAlive: true })
    const half = Math.floor(body.length / 2)
    let stopped: Promise<void> | null = null
    const response = new Promise<number>((resolve, reject) => {
      const req = request(
        `${s.url}/slack/events`,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': contentType, 'content-length': body.length, ...signRequest(secret, body) },
        },
        (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        },
      )
      req.on('error', reject)
      // Half the body, then the stop, then the rest.
      req.write(body.slice(0, half), () => {
        stopped = s.receiver.stop()
        req.end(body.slice(half))
      })
    })
    expect(await response).toBe(200)
    // Node's keep-alive timeout is 5 s: the stop is done well before it.
    const done = await Promise.race([
      (stopped as Promise<void> | null)!.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3_000)),
    ])
    expect(done).toBe(true)
    await until('the command', () => s.commands.length === 1)
    expect(s.commands).toEqual(['arriving during stop'])
    agent.destroy()
    running = null
  })
})

describe('signRequest (the suite’s signer) agrees with the receiver', () => {
  it('a body changed after signing is refused', async () => {
    const s = await start()
    const { body, contentType } = slashCommandBody({ text: 'original' })
    const headers = signRequest(secret, body)
    const response = await fetch(`${s.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...headers },
      body: body.replace('original', 'tampered'),
    })
    expect(response.status).toBe(401)
    expect(s.commands).toEqual([])
  })
})
