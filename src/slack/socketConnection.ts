/**
 * The Socket Mode connection, kept up through Slack outages of any length.
 *
 * @slack/socket-mode's own reconnect gives up on an HTTP error or `invalid_auth` from apps.connections.open and then
 * rejects a promise nobody holds: the process logged an unhandled rejection and, with nothing left on its event
 * loop, exited 0 (issue 9). So the client's auto-reconnect is off and this class reconnects instead: every failure
 * (apps.connections.open answering 5xx or an error, a socket refused or cut, no `hello` within `connectTimeoutMs`) is
 * logged and retried with exponential back-off and jitter (1 s, 2 s, 4 s … capped at `maxDelayMs`), forever. Only the
 * first connection treats a rejected app token as fatal (SLACK_TOKEN_REJECTED, exit 2): later, an `invalid_auth`
 * during an outage is retried like any other failure, and health says so.
 *
 * The client's Web API settings are its own object (Bolt would otherwise share, and Socket Mode overwrite, the app's
 * retry policy); its calls have a timeout and no retries of their own, since this loop is the retry.
 *
 * @example
 * const socket = new SocketConnection({ appToken, slackApiUrl, log })
 * const app = new App({ receiver: socket.receiver, ... })
 * await socket.start()          // resolves once connected
 * health.add('socket', () => socket.report())
 */
import { SocketModeReceiver } from '@slack/bolt'
import { StorydeskError } from '../errors.ts'
import { DELIVERY_DEFAULTS, TOKEN_REJECTED } from './delivery.ts'
import type { ComponentReport } from './health.ts'
import { boltLogger, reasonOf, type Logger } from './logger.ts'

export const SOCKET_DEFAULTS = {
  /** First wait after a failed attempt; doubles each time. */
  minDelayMs: 1_000,
  maxDelayMs: 10_000,
  /** From asking for a connection to Slack's `hello`. */
  connectTimeoutMs: 30_000,
  /** /healthz stays 200 while reconnecting for less than this; then 503 until connected. */
  healthBudgetMs: 30_000,
} as const

export interface SocketConnectionOptions {
  appToken: string
  slackApiUrl: string | undefined
  log: Logger
  minDelayMs?: number
  maxDelayMs?: number
  connectTimeoutMs?: number
  healthBudgetMs?: number
}

type State = 'idle' | 'connecting' | 'connected' | 'waiting' | 'stopped'

export class SocketConnection {
  /** Give this to Bolt's App as `receiver`. */
  readonly receiver: SocketModeReceiver
  private state: State = 'idle'
  /** When the current state began. */
  private since = Date.now()
  /** When the connection was last lost (start of the current outage), or null while connected. */
  private downSince: number | null = Date.now()
  private lastError: string | null = null
  private attempts = 0
  private wake: (() => void) | null = null
  private readonly settings: Required<Omit<SocketConnectionOptions, 'appToken' | 'slackApiUrl' | 'log'>>

  constructor(private readonly options: SocketConnectionOptions) {
    this.settings = {
      minDelayMs: options.minDelayMs ?? SOCKET_DEFAULTS.minDelayMs,
      maxDelayMs: options.maxDelayMs ?? SOCKET_DEFAULTS.maxDelayMs,
      connectTimeoutMs: options.connectTimeoutMs ?? SOCKET_DEFAULTS.connectTimeoutMs,
      healthBudgetMs: options.healthBudgetMs ?? SOCKET_DEFAULTS.healthBudgetMs,
    }
    this.receiver = new SocketModeReceiver({
      appToken: options.appToken,
      logger: boltLogger(options.log, 'socket-mode'),
      autoReconnectEnabled: false,
      installerOptions: {
        clientOptions: {
          ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
          timeout: DELIVERY_DEFAULTS.callTimeoutMs,
          retryConfig: { retries: 0 },
        },
      },
      // The envelope id reaches listeners as context.envelopeId, for de-duplication.
      customPropertiesExtractor: (args) => ({ envelopeId: (args as { envelope_id?: unknown }).envelope_id }),
    })
    this.receiver.client.on('disconnected', () => {
      if (this.state !== 'connected') return // a failed attempt: connect() handles it
      this.lost('the socket closed')
    })
  }

  /** Connects (retrying transient failures) and resolves once connected; rejects if Slack rejects the app token. */
  start(): Promise<void> {
    return this.connect(true)
  }

  /** Disconnects and stops reconnecting. */
  async stop(): Promise<void> {
    this.set('stopped')
    this.wake?.()
    await this.receiver.client.disconnect().catch(() => undefined)
  }

  report(): ComponentReport {
    if (this.state === 'connected') return { status: 'ok', detail: `connected since ${iso(this.since)}` }
    const down = this.downSince ?? this.since
    const last = this.lastError ? ` (last error: ${this.lastError})` : ''
    if (this.state === 'stopped') return { status: 'unhealthy', detail: 'stopped' }
    const within = Date.now() - down < this.settings.healthBudgetMs && this.state !== 'idle'
    return {
      status: within ? 'ok' : 'unhealthy',
      detail: `reconnecting since ${iso(down)}, ${this.attempts} attempts${last}`,
    }
  }

  private lost(reason: string): void {
    this.downSince = Date.now()
    this.lastError = reason
    this.options.log.warn({ event: 'socket.lost', reason }, `Socket Mode connection lost (${reason}); reconnecting`)
    void this.connect(false)
  }

  private async connect(first: boolean): Promise<void> {
    const client = this.receiver.client
    for (;;) {
      if (this.state === 'stopped') return
      this.set('connecting')
      this.attempts += 1
      try {
        await withTimeout(client.start(), this.settings.connectTimeoutMs, () => void client.disconnect())
        if (this.state !== 'connecting') return // stopped meanwhile
        const outage = this.downSince && !first ? ` after ${Date.now() - this.downSince} ms` : ''
        this.options.log.info(
          { event: 'socket.connected', attempts: this.attempts },
          `Socket Mode connected${outage} (${this.attempts} ${this.attempts === 1 ? 'attempt' : 'attempts'})`,
        )
        this.set('connected')
        this.downSince = null
        this.attempts = 0
        return
      } catch (error) {
        if ((this.state as State) === 'stopped') return
        const reason = error === undefined ? 'the socket closed before Slack said hello' : reasonOf(error)
        if (first && TOKEN_REJECTED.has(reason))
          throw new StorydeskError(
            'SLACK_TOKEN_REJECTED',
            `Slack rejected the app-level token (apps.connections.open: ${reason})`,
            {
              where: 'SLACK_APP_TOKEN',
              hint: 'generate an app-level token with connections:write (Basic Information → App-Level Tokens)',
              cause: error,
            },
          )
        this.lastError = reason
        const delayMs = this.delay()
        this.options.log.warn(
          { event: 'socket.reconnecting', attempt: this.attempts, delayMs, reason },
          `Socket Mode connection failed (${reason}); trying again in ${delayMs} ms`,
        )
        this.set('waiting')
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delayMs)
          this.wake = () => {
            clearTimeout(timer)
            resolve()
          }
        })
        this.wake = null
      }
    }
  }

  /** Exponential back-off with full jitter in its upper half. */
  private delay(): number {
    const ceiling = Math.min(this.settings.maxDelayMs, this.settings.minDelayMs * 2 ** (this.attempts - 1))
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2)
  }

  private set(state: State): void {
    if (this.state === 'stopped') return
    this.state = state
    this.since = Date.now()
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout()
      reject(new Error(`no hello from Slack within ${ms} ms`))
    }, ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}
