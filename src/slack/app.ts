import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { App, LogLevel, type Logger } from '@slack/bolt'
import type { Config } from '../config.ts'
import type { SnapshotStore } from '../snapshot/store.ts'
import { AnswerQueue, type SlackDeps } from './answering.ts'
import { RateLimiter, RecentIds } from './guards.ts'
import { registerListeners } from './listeners/index.ts'

/**
 * The Slack app, wired in one place: Bolt with Socket Mode when an app token is configured,
 * HTTP (POST /slack/events, GET /healthz) otherwise, and Storydesk's listeners.
 */

export interface StorydeskApp {
  app: App
  /** Starts serving; resolves with the HTTP port in HTTP mode. */
  start(): Promise<{ port: number | null }>
  stop(): Promise<void>
}

const LOG_LEVELS: Record<Config['logLevel'], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
}

/**
 * Web API retries, set explicitly: without this, Socket Mode writes its own 100-retry policy into
 * the client options it shares with the app. Three retries with back-off ride out a 429 (the
 * client waits Retry-After) or a passing 5xx without holding a reply for minutes.
 */
export const WEB_API_RETRY = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 10_000, randomize: true }

export function createStorydeskApp(
  config: Config,
  store: SnapshotStore,
  options: { logger?: Logger; command?: string } = {},
): StorydeskApp {
  const recentEvents = new RecentIds()
  const socketMode = config.mode === 'socket'
  const app = new App({
    token: config.botToken,
    ...(socketMode ? { socketMode: true, appToken: config.appToken } : { signingSecret: config.signingSecret }),
    ...(options.logger ? { logger: options.logger } : {}),
    logLevel: LOG_LEVELS[config.logLevel],
    clientOptions: {
      ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
      retryConfig: { ...WEB_API_RETRY },
    },
    customRoutes: socketMode
      ? []
      : [{ path: '/healthz', method: ['GET'], handler: (req, res) => healthz(store, req, res) }],
  })

  const deps: SlackDeps = {
    store,
    rateLimiter: new RateLimiter(config.queriesPerMinute),
    maxQueryChars: config.maxQueryChars,
    logger: app.logger,
    command: options.command ?? '/syria',
    pageSize: 5,
    queue: new AnswerQueue(),
  }

  // Slack redelivers events it thinks were lost, and Socket Mode may deliver one twice: answer once.
  // Events are acknowledged by Bolt before this runs, so dropping a repeat here loses nothing.
  app.use(async ({ body, context, next, logger }) => {
    const eventId = (body as { event_id?: unknown }).event_id
    if (typeof eventId === 'string' && recentEvents.check(eventId)) {
      logger.info(
        `ignoring a repeat of event ${eventId} (retry ${context.retryNum ?? 'n/a'}, ${context.retryReason ?? 'duplicate delivery'})`,
      )
      return
    }
    await next()
  })
  registerListeners(app, deps)
  app.error(async (error) => {
    app.logger.error('unhandled error in a Slack listener:', error)
  })

  return {
    app,
    async start() {
      if (socketMode) {
        await app.start()
        return { port: null }
      }
      const server = (await app.start(config.port)) as Server
      const address = server.address()
      return { port: address && typeof address === 'object' ? address.port : config.port }
    },
    async stop() {
      await app.stop()
    },
  }
}

/** GET /healthz: 200 with corpus figures once the index is loaded, 503 before. */
function healthz(store: SnapshotStore, _req: IncomingMessage, res: ServerResponse): void {
  const snapshot = store.current()
  const body = snapshot
    ? { status: 'ok', ...snapshot.stats, problems: snapshot.problems.length }
    : { status: 'loading' }
  res.writeHead(snapshot ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}
