/**
 * The Slack app, wired in one place: the bot token checked with Slack (auth.test), Bolt with a receiver that does
 * transport only (Socket Mode through SocketConnection, or HTTP on PORT), the shared state (Redis or in process),
 * health, and the listeners (listeners/index.ts) inside the one request wrapper (requests.ts).
 *
 * @example
 * const storydesk = await startStorydesk(config, store, { log })   // throws StorydeskError on a fatal problem
 * …
 * await storydesk.stop(10_000)   // graceful: stop taking work, finish answers in flight, close
 */
import { App, webApi } from '@slack/bolt'
import type { Config } from '../config.ts'
import { StorydeskError } from '../errors.ts'
import type { SnapshotStore } from '../snapshot/store.ts'
import { type SlackDeps, warmUpFirstIndex } from './answering.ts'
import { responseUrlOrigins, SlackCalls, webClientOptions } from './delivery.ts'
import { Health, type HttpServer, startHttpServer } from './health.ts'
import { AckFirstReceiver } from './httpReceiver.ts'
import { registerListeners } from './listeners/index.ts'
import { boltLogger, reasonOf, type Logger } from './logger.ts'
import { InFlight } from './requests.ts'
import { createSharedState } from './sharedState.ts'
import { type BotIdentity, TokenMonitor, verifyBotToken } from './slackAuth.ts'
import { SocketConnection, type SocketConnectionOptions } from './socketConnection.ts'
import { TurnQueue } from './turnQueue.ts'

export interface StorydeskOptions {
  log: Logger
  /** The slash command's name (default /syria, as in manifest.yml). */
  command?: string
  /** How long start-up keeps trying to reach Slack for auth.test (default AUTH_DEFAULTS.startBudgetMs). */
  authBudgetMs?: number
  /** Web API and response_url timeout per attempt (default DELIVERY_DEFAULTS.callTimeoutMs; tests shorten it). */
  callTimeoutMs?: number
  /** Socket Mode reconnect settings (tests shorten them). */
  socket?: Partial<Pick<SocketConnectionOptions, 'minDelayMs' | 'maxDelayMs' | 'connectTimeoutMs' | 'healthBudgetMs'>>
}

export interface Storydesk {
  app: App
  health: Health
  deps: SlackDeps
  identity: BotIdentity
  /** The port /healthz (and in HTTP mode Slack's requests) is served on. */
  port: number
  /** Resolves once Slack can reach us: the HTTP server listens, or the first Socket Mode connection is up. */
  ready: Promise<void>
  /**
   * Graceful stop: stops taking new requests (closes the HTTP server, or the socket), waits up to `graceMs` for the
   * answers in flight, then closes the rest. Resolves true when every answer in flight was finished.
   */
  stop(graceMs?: number): Promise<boolean>
}

/** How long a graceful stop waits for answers in flight, by default. */
export const SHUTDOWN_GRACE_MS = 10_000

/**
 * Checks the bot token, connects the shared state, builds the app and starts serving. Rejects with StorydeskError
 * SLACK_TOKEN_REJECTED (a token Slack refuses), SLACK_UNREACHABLE (Slack cannot be asked at all) or PORT_IN_USE.
 * In Socket Mode it resolves once /healthz is served and the connection is under way (`ready` resolves when up).
 */
export async function startStorydesk(
  config: Config,
  store: SnapshotStore,
  options: StorydeskOptions,
): Promise<Storydesk> {
  const log = options.log
  const clientOptions = webClientOptions(config.slackApiUrl, options.callTimeoutMs)
  const client = new webApi.WebClient(config.botToken, {
    ...clientOptions,
    logger: boltLogger(log, 'web-api'),
  })
  const identity = await verifyBotToken(client, log, options.authBudgetMs)
  log.info(
    { event: 'slack.token_accepted', team: identity.team, botUserId: identity.botUserId },
    `Slack accepted the bot token (${identity.team ?? 'workspace'}, bot user ${identity.botUserId})`,
  )
  const monitor = new TokenMonitor(client, log, identity)
  const shared = await createSharedState({ redisUrl: config.redisUrl, queriesPerMinute: config.queriesPerMinute }, log)

  const health = new Health()
  health.setSummary(() => {
    const snapshot = store.current()
    return snapshot ? { ...snapshot.stats, problems: snapshot.problems.length } : {}
  })
  health.add('index', () => {
    const snapshot = store.current()
    return snapshot
      ? { status: 'ok', detail: `${snapshot.stats.articles} articles, ${snapshot.stats.passages} passages` }
      : { status: 'unhealthy', detail: 'loading the articles' }
  })
  health.add('articlesFolder', () => {
    const folder = store.folder()
    // The last good corpus keeps answering: worth an alert, not a reason to take the replica out.
    return folder.state === 'ok'
      ? { status: 'ok' }
      : { status: 'degraded', detail: folder.message, since: folder.since }
  })
  health.add('slack', () => monitor.report())
  health.add('sharedState', () => ({ ...shared.health(), kind: shared.kind }))

  const socket =
    config.mode === 'socket'
      ? new SocketConnection({ appToken: config.appToken!, slackApiUrl: config.slackApiUrl, log, ...options.socket })
      : null
  if (socket) health.add('socket', () => socket.report())
  // Requests in flight, counted from their ack (HTTP) or from the listener (Socket Mode), so a stop can wait for them.
  const inFlight = new InFlight()
  const http = socket
    ? null
    : new AckFirstReceiver({
        signingSecret: config.signingSecret!,
        logger: boltLogger(log, 'http'),
        health,
        track: () => inFlight.track(),
      })

  const app = new App({
    token: config.botToken,
    // Known from auth.test above, so Bolt does not call it again (and cannot cache a failed call).
    botId: identity.botId,
    botUserId: identity.botUserId,
    receiver: socket ? socket.receiver : http!,
    logger: boltLogger(log),
    clientOptions: { ...clientOptions },
    // No listener reads Bolt's conversation context: one middleware fewer on every request.
    convoStore: false,
  })
  app.error(async (error) => {
    log.error({ event: 'bolt.error', err: error }, `unhandled error in Bolt: ${reasonOf(error)}`)
  })

  const deps: SlackDeps = {
    store,
    maxQueryChars: config.maxQueryChars,
    log,
    command: options.command ?? '/syria',
    queue: new TurnQueue(),
    calls: new SlackCalls(app.client, log, {
      onTokenRejected: (reason) => monitor.reject(reason),
      responseUrlOrigins: responseUrlOrigins(config.slackApiUrl),
      ...(options.callTimeoutMs ? { callTimeoutMs: options.callTimeoutMs } : {}),
    }),
    shared,
    inFlight,
    intake: { dir: config.seedsDir, producers: new Set(config.producers), fetch: config.intake },
  }
  registerListeners(app, deps)
  warmUpFirstIndex(deps)

  let healthServer: HttpServer | null = null
  let port: number
  let ready: Promise<void>
  try {
    if (socket) {
      healthServer = await startHttpServer(health, config.port)
      port = healthServer.port
      ready = socket.start()
      ready.catch(() => undefined) // the caller awaits it; this only keeps a rejection from counting as unhandled
    } else {
      port = (await http!.start(config.port)).port
      ready = Promise.resolve()
    }
  } catch (error) {
    await Promise.all([shared.close(), healthServer?.close()])
    monitor.close()
    if ((error as { code?: unknown }).code === 'EADDRINUSE')
      throw new StorydeskError('PORT_IN_USE', `port ${config.port} is already in use`, {
        where: 'PORT',
        hint: 'stop the other process or set PORT to a free port',
        cause: error,
      })
    throw error
  }

  return {
    app,
    health,
    deps,
    identity,
    port,
    ready,
    async stop(graceMs = SHUTDOWN_GRACE_MS) {
      // Stop taking work first: no new request can start while the answers in flight finish.
      await (socket ? socket.stop() : http!.stop().catch(() => undefined))
      const finished = await deps.inFlight.drain(graceMs)
      monitor.close()
      await Promise.all([shared.close(), healthServer?.close()])
      return finished
    },
  }
}
