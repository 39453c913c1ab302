/**
 * A fake Slack Socket Mode server (WebSocket, package `ws`) on 127.0.0.1.
 *
 * What it imitates (https://docs.slack.dev/apis/events-api/using-socket-mode):
 * - The app calls apps.connections.open with its xapp- token (on the fake Web API, which asks
 *   `issueUrl()` here) and gets a single-use URL `ws://127.0.0.1:PORT/link/?ticket=…&app_id=…`
 *   (real: `wss://wss-primary.slack.com/link/?ticket=…&app_id=…`). Unknown or reused tickets
 *   are refused with HTTP 401 at the upgrade.
 * - On connect the server sends
 *   `{"type":"hello","num_connections":N,"debug_info":{"host":…,"build_number":…,"approximate_connection_time":…},"connection_info":{"app_id":…}}`;
 *   @slack/socket-mode's SocketModeClient treats that as "connected" (its `start()` resolves).
 * - Work arrives as envelopes `{ envelope_id, type, payload, accepts_response_payload }`, with
 *   `type` `events_api` (payload = the event_callback body; plus `retry_attempt`, `retry_reason`),
 *   `slash_commands` (payload = the slash command fields) or `interactive` (payload = the
 *   interaction payload). `accepts_response_payload` is true for slash commands, view_submission
 *   and block_suggestion, false otherwise — as Slack sends it.
 * - The app acks with `{ envelope_id, payload? }` within 3 seconds. SocketModeClient always sends
 *   `payload` (an empty object for a bare `ack()`); Bolt puts `ack(response)`'s argument there.
 *   `push()` resolves with that ack, or rejects if none comes within `ackTimeoutMs` (Slack's 3 s).
 * - `{"type":"disconnect","reason":…}` asks the client to reconnect (`sendDisconnect`).
 * - Ping/pong: WebSocket protocol pings from the client are answered with pongs (ws does it);
 *   the server can also ping (`pingIntervalMs`), as Slack does.
 */
import { createServer } from 'node:http'
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocket, WebSocketServer } from 'ws'
import type { RawData } from 'ws'
import { LOCALHOST, closeServer, isObject, listenLocal, parseJson } from './httpUtil.ts'
import { DEFAULT_WAIT_MS, Recorder } from './recorder.ts'
import { FAKE, newEnvelopeId, newOpaqueId } from './slackIds.ts'

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive'

/** What a test pushes: the envelope without its id (the server assigns a fresh one). */
export interface EnvelopeInput {
  type: EnvelopeType
  payload: object
  /** Default: as Slack sets it for this type/payload (see module comment). */
  accepts_response_payload?: boolean
  /** events_api only; default 0 and ''. */
  retry_attempt?: number
  retry_reason?: string
}

/** An envelope as sent on the wire. */
export interface SocketEnvelope {
  envelope_id: string
  type: EnvelopeType
  payload: object
  accepts_response_payload: boolean
  retry_attempt?: number
  retry_reason?: string
}

/** An acknowledgement received from the app. */
export interface SocketAck {
  envelope_id: string
  /** The response payload; SocketModeClient sends `{}` for a bare `ack()`. */
  payload?: Record<string, unknown>
  /** The envelope it acknowledges (undefined if the id was never sent). */
  envelope: SocketEnvelope | undefined
  receivedAt: number
  /** Milliseconds from sending the envelope to receiving the ack. */
  elapsedMs: number
}

export interface PushOptions {
  /** Reject if the app has not acked within this many ms (default: the server's ackTimeoutMs, 3000). */
  ackTimeoutMs?: number
  /** Send with this envelope_id instead of a fresh one: a redelivery of an envelope already sent. */
  envelopeId?: string
  /** Which open connection to send on: the newest (default), or the connection with this id. */
  connectionId?: number
}

export interface FakeSocketModeOptions {
  appId?: string
  /** How long the app has to ack (default 3000 ms, Slack's limit). */
  ackTimeoutMs?: number
  /** Send a WebSocket ping to every connection this often (default 0 = never). */
  pingIntervalMs?: number
}

/** One accepted WebSocket connection. */
export interface SocketConnection {
  id: number
  openedAt: number
  closedAt?: number
  pingsReceived: number
}

interface PendingAck {
  envelope: SocketEnvelope
  sentAt: number
  resolve: (ack: SocketAck) => void
  reject: (error: Error) => void
  timer: NodeJS.Timeout
}

const LINK_PATH = '/link'
const DEFAULT_ACK_TIMEOUT_MS = 3_000

export class FakeSocketMode {
  readonly port: number
  readonly appId: string
  readonly #server: Server
  readonly #wss = new WebSocketServer({ noServer: true })
  readonly #ackTimeoutMs: number
  readonly #tickets = new Set<string>()
  #refusing = false
  readonly #sockets = new Map<WebSocket, SocketConnection>()
  readonly #pending = new Map<string, PendingAck>()
  readonly #connections = new Recorder<SocketConnection>((c) => `connection #${c.id}`)
  readonly #closed = new Recorder<SocketConnection>((c) => `closed connection #${c.id}`)
  readonly #sent: SocketEnvelope[] = []
  readonly #acks = new Recorder<SocketAck>((a) => `ack ${a.envelope_id} ${JSON.stringify(a.payload ?? {})}`)
  readonly #otherMessages: unknown[] = []
  readonly #pingTimer: NodeJS.Timeout | undefined
  #nextConnectionId = 1

  private constructor(server: Server, port: number, options: FakeSocketModeOptions) {
    this.#server = server
    this.port = port
    this.appId = options.appId ?? FAKE.appId
    this.#ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS
    server.on('upgrade', (req, socket, head) => this.#upgrade(req, socket, head))
    const interval = options.pingIntervalMs ?? 0
    this.#pingTimer = interval > 0 ? setInterval(() => this.#pingAll(), interval) : undefined
  }

  static async start(options: FakeSocketModeOptions = {}): Promise<FakeSocketMode> {
    const server = createServer((_req, res) => {
      res.writeHead(426, { 'Content-Type': 'text/plain' })
      res.end('Upgrade Required')
    })
    const port = await listenLocal(server)
    return new FakeSocketMode(server, port, options)
  }

  /** A fresh single-use WebSocket URL; what apps.connections.open returns. */
  issueUrl(): string {
    const ticket = newOpaqueId()
    this.#tickets.add(ticket)
    return `ws://${LOCALHOST}:${this.port}${LINK_PATH}/?ticket=${ticket}&app_id=${this.appId}`
  }

  /** Number of open connections (a connection in its closing handshake no longer counts). */
  get openConnections(): number {
    return this.#openSockets().length
  }

  /** Resolves once a connection is open and has been sent `hello` (immediately if one is). */
  async waitForConnection(timeoutMs = DEFAULT_WAIT_MS): Promise<SocketConnection> {
    const newest = this.#openSockets().at(-1)
    const open = newest === undefined ? undefined : this.#sockets.get(newest)
    if (open !== undefined) return open
    return this.nextConnection(timeoutMs)
  }

  /**
   * Resolves once no connection is left. Bolt's `app.stop()` in Socket Mode returns before the
   * WebSocket has closed; await this after it for a quiet shutdown.
   */
  async waitForAllClosed(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    if (this.#sockets.size === 0) return
    await this.#closed.waitFor(() => this.#sockets.size === 0, timeoutMs, 'all Socket Mode connections to close')
  }

  /** Resolves on the next new connection (e.g. after `sendDisconnect`, to see the client reconnect). */
  nextConnection(timeoutMs = DEFAULT_WAIT_MS): Promise<SocketConnection> {
    const after = this.#nextConnectionId
    return this.#connections.waitFor((c) => c.id >= after, timeoutMs, 'a Socket Mode connection')
  }

  /**
   * Sends an envelope (fresh envelope_id) on the newest open connection and resolves with the
   * app's ack. Rejects at once if no connection is open, or if no ack arrives in time.
   */
  push(input: EnvelopeInput, options: PushOptions = {}): Promise<SocketAck> {
    const open = this.#openSockets()
    const socket =
      options.connectionId === undefined
        ? open.at(-1)
        : open.find((s) => this.#sockets.get(s)?.id === options.connectionId)
    if (socket === undefined) {
      return Promise.reject(
        new Error('No Socket Mode connection is open: start the app and await waitForConnection() first.'),
      )
    }
    const envelope = { ...toEnvelope(input), ...(options.envelopeId ? { envelope_id: options.envelopeId } : {}) }
    const timeoutMs = options.ackTimeoutMs ?? this.#ackTimeoutMs
    const acked = new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(envelope.envelope_id)
        reject(
          new Error(
            `The app did not ack ${envelope.type} envelope ${envelope.envelope_id} within ${timeoutMs} ms (Slack would retry or show an error).`,
          ),
        )
      }, timeoutMs)
      this.#pending.set(envelope.envelope_id, { envelope, sentAt: Date.now(), resolve, reject, timer })
    })
    this.#sent.push(envelope)
    socket.send(JSON.stringify(envelope))
    return acked
  }

  /** Asks every connected client to reconnect, as Slack does before recycling a server. */
  sendDisconnect(reason: 'warning' | 'refresh_requested' | 'link_disabled' = 'refresh_requested'): void {
    const message = JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake' } })
    for (const socket of this.#openSockets()) socket.send(message)
  }

  /** Open connections, oldest first (to push to a chosen one). */
  openConnectionList(): SocketConnection[] {
    return this.#openSockets().map((socket) => this.#sockets.get(socket)!)
  }

  /**
   * A network outage: every connection is cut without a close handshake (the client notices by its own pings or a
   * failed send), and while `refusing` new connections are refused at the upgrade. `refuse(false)` ends it.
   */
  dropAll(): void {
    for (const socket of this.#sockets.keys()) socket.terminate()
  }

  /** While true, WebSocket upgrades are answered 503 (Slack's socket servers unreachable). */
  refuse(refusing: boolean): void {
    this.#refusing = refusing
  }

  /** Envelopes sent so far, oldest first. */
  sent(): SocketEnvelope[] {
    return [...this.#sent]
  }

  /** Acks received so far, oldest first. */
  acks(): SocketAck[] {
    return this.#acks.all()
  }

  /** Resolves with the ack of `envelopeId` (already received or future). */
  waitForAck(envelopeId: string, timeoutMs = DEFAULT_WAIT_MS): Promise<SocketAck> {
    return this.#acks.waitFor((a) => a.envelope_id === envelopeId, timeoutMs, `the ack of ${envelopeId}`)
  }

  /** Messages from the app that were not acks (should be none). */
  otherMessages(): unknown[] {
    return [...this.#otherMessages]
  }

  /** All connections ever accepted, oldest first. */
  connections(): SocketConnection[] {
    return this.#connections.all()
  }

  /** Forgets sent envelopes, acks and stray messages (connections stay open). */
  reset(): void {
    this.#sent.length = 0
    this.#acks.clear()
    this.#otherMessages.length = 0
  }

  /**
   * Closes all connections (close handshake, code 1001) and stops. Stop the app first
   * (`await app.stop()`): a client that loses its connection otherwise reconnects, and would
   * then fail against a closed fake.
   */
  async close(): Promise<void> {
    clearInterval(this.#pingTimer)
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer)
      pending.reject(new Error(`Fake Socket Mode closed before envelope ${pending.envelope.envelope_id} was acked.`))
    }
    this.#pending.clear()
    await Promise.all([...this.#sockets.keys()].map((socket) => closeGracefully(socket)))
    this.#wss.close()
    await closeServer(this.#server)
  }

  #openSockets(): WebSocket[] {
    return [...this.#sockets.keys()].filter((socket) => socket.readyState === WebSocket.OPEN)
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', `http://${LOCALHOST}`)
    const ticket = url.searchParams.get('ticket') ?? ''
    const onLink = url.pathname === LINK_PATH || url.pathname === `${LINK_PATH}/`
    if (this.#refusing) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    if (!onLink || !this.#tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws))
  }

  #accept(ws: WebSocket): void {
    const connection: SocketConnection = { id: this.#nextConnectionId++, openedAt: Date.now(), pingsReceived: 0 }
    this.#sockets.set(ws, connection)
    ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary))
    ws.on('ping', () => {
      connection.pingsReceived += 1
    })
    ws.on('close', () => {
      connection.closedAt = Date.now()
      this.#sockets.delete(ws)
      this.#closed.add(connection)
    })
    ws.on('error', () => ws.terminate())
    ws.send(JSON.stringify(this.#hello()))
    this.#connections.add(connection)
  }

  #hello(): object {
    return {
      type: 'hello',
      num_connections: this.#sockets.size,
      debug_info: { host: 'applink-fake-0', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: this.appId },
    }
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    const message = isBinary ? undefined : parseJson(rawDataToString(data))
    if (!isObject(message) || typeof message.envelope_id !== 'string') {
      this.#otherMessages.push(message ?? rawDataToString(data))
      return
    }
    this.#recordAck(message.envelope_id, isObject(message.payload) ? message.payload : undefined)
  }

  #recordAck(envelopeId: string, payload: Record<string, unknown> | undefined): void {
    const pending = this.#pending.get(envelopeId)
    const receivedAt = Date.now()
    const ack: SocketAck = {
      envelope_id: envelopeId,
      envelope: pending?.envelope ?? this.#sent.find((e) => e.envelope_id === envelopeId),
      receivedAt,
      elapsedMs: pending === undefined ? Number.NaN : receivedAt - pending.sentAt,
    }
    if (payload !== undefined) ack.payload = payload
    this.#acks.add(ack)
    if (pending === undefined) return
    clearTimeout(pending.timer)
    this.#pending.delete(envelopeId)
    pending.resolve(ack)
  }

  #pingAll(): void {
    for (const socket of this.#sockets.keys()) {
      if (socket.readyState === WebSocket.OPEN) socket.ping()
    }
  }
}

/** Close handshake (1001 going away), then drop the TCP connection if the client is slow. */
function closeGracefully(socket: WebSocket, waitMs = 1_000): Promise<void> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) return resolve()
    const timer = setTimeout(() => socket.terminate(), waitMs)
    socket.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
    if (socket.readyState === WebSocket.OPEN) socket.close(1001, 'server shutting down')
  })
}

/** Fills in envelope_id and Slack's defaults for accepts_response_payload / retry fields. */
export function toEnvelope(input: EnvelopeInput): SocketEnvelope {
  const envelope: SocketEnvelope = {
    envelope_id: newEnvelopeId(),
    type: input.type,
    payload: input.payload,
    accepts_response_payload: input.accepts_response_payload ?? acceptsResponsePayload(input),
  }
  if (input.type === 'events_api') {
    envelope.retry_attempt = input.retry_attempt ?? 0
    envelope.retry_reason = input.retry_reason ?? ''
  }
  return envelope
}

function acceptsResponsePayload(input: EnvelopeInput): boolean {
  if (input.type === 'slash_commands') return true
  if (input.type === 'events_api') return false
  const kind = (input.payload as { type?: unknown }).type
  return kind === 'view_submission' || kind === 'block_suggestion'
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.from(data as ArrayBuffer).toString('utf8')
}
