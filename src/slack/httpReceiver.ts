/**
 * Slack's HTTP requests, acknowledged before Bolt runs them: a Bolt receiver that does transport only. Each request
 * is read and checked with Bolt's own functions (`HTTPModuleFunctions`: the v0 signature, the five-minute window, the
 * body limit, `ssl_check`, `url_verification`), answered HTTP 200 at once, and handed to Bolt on a later turn of the
 * event loop, one request per turn (TurnQueue).
 *
 * Why not Bolt's HTTPReceiver: it sends the 200 when a listener calls ack(), that is after Bolt's middleware and
 * listener matching have run for that request (about 0.6 ms of main-thread work each), so with 50 commands at once
 * the last ack waited for the work of the 49 before it: ack p99 42–53 ms on the five seed articles, where no search
 * takes a millisecond (49–57 ms with no answering at all). Storydesk never answers inside the ack (every answer goes through response_url or
 * chat.postMessage), so the ack can go first. Listeners still call ack(): it resolves at once. An ack with a body
 * (a modal's errors, a menu's options) cannot be honoured here, and is logged as an error.
 *
 * What Slack sees: 401 for a bad or old signature (nothing runs), 413 over the body limit, 400 for a body that does
 * not parse, 404 elsewhere, and 200 for everything verified, handled or not (an event no listener takes is not
 * retried by Slack for nothing).
 *
 * @example
 * const receiver = new AckFirstReceiver({ signingSecret, logger: boltLogger(log, 'http'), health })
 * const app = new App({ token, receiver })
 * const { port } = await receiver.start(3000)   // POST /slack/events, GET /healthz
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  HTTPModuleFunctions,
  type App,
  type Logger as BoltLogger,
  type Receiver,
  type ReceiverEvent,
} from '@slack/bolt'
import { type Health, type HttpServer, startHttpServer } from './health.ts'
import { reasonOf } from './logger.ts'
import { TurnQueue } from './turnQueue.ts'

const http = HTTPModuleFunctions

/** Where Slack sends events, commands and interactions (Bolt's default endpoint; the manifest's request URLs). */
const SLACK_EVENTS_PATH = '/slack/events'

export interface AckFirstReceiverOptions {
  signingSecret: string
  logger: BoltLogger
  /** Served on GET /healthz. */
  health: Health
  /** Largest body read, in bytes (default Bolt's, 4 MiB). */
  bodyLimit?: number
  /**
   * Called when a request is acknowledged; the function it returns is called once Bolt has finished with it. A
   * graceful stop counts these, so an acknowledged request waiting for its turn is not dropped.
   */
  track?: () => () => void
}

export class AckFirstReceiver implements Receiver {
  private app: App | null = null
  private server: HttpServer | null = null
  private readonly dispatch = new TurnQueue()

  constructor(private readonly options: AckFirstReceiverOptions) {}

  init(app: App): void {
    this.app = app
  }

  /** Listens on `port` (0: any free port). Rejects with the listen error, e.g. EADDRINUSE. */
  async start(port: number): Promise<HttpServer> {
    this.server = await startHttpServer(this.options.health, port, { path: SLACK_EVENTS_PATH, handle: this.handle })
    return this.server
  }

  /** Stops taking requests, and resolves once every request already acknowledged has been handed to Bolt. */
  async stop(): Promise<void> {
    const server = this.server
    this.server = null
    await server?.close()
    await this.dispatch.idle()
  }

  /** A POST to SLACK_EVENTS_PATH (the server in health.ts routes the rest). */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    void this.receive(req, res).catch((error: unknown) => {
      this.options.logger.error(`could not handle a request from Slack: ${reasonOf(error)}`)
      if (!res.headersSent) http.buildNoBodyResponse(res, 500)
    })
  }

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { logger, signingSecret } = this.options
    let request: Awaited<ReturnType<typeof http.parseAndVerifyHTTPRequest>>
    try {
      request = await http.parseAndVerifyHTTPRequest(
        { signingSecret, bodyLimit: this.options.bodyLimit ?? http.defaultBodyLimit },
        req,
      )
    } catch (error) {
      if (http.isRawBodyError(error)) {
        // The body could not be read: over the limit (413), or cut short, or of another length than announced (400).
        const status = error.type === 'entity.too.large' ? 413 : error.statusCode || 400
        logger.warn(
          status === 413
            ? `refused a request over the body limit (${error.limit} bytes)`
            : `could not read a request's body: ${reasonOf(error)}`,
        )
        return http.buildNoBodyResponse(res, status)
      }
      logger.warn(`refused a request that failed verification: ${reasonOf(error)}`)
      return http.buildNoBodyResponse(res, 401)
    }
    let body: Record<string, unknown>
    try {
      body = http.parseHTTPRequestBody(request)
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object')
    } catch (error) {
      logger.warn(`refused a signed request whose body does not parse: ${reasonOf(error)}`)
      return http.buildNoBodyResponse(res, 400)
    }
    if (body.ssl_check === '1') return http.buildSSLCheckResponse(res)
    if (body.type === 'url_verification') return http.buildUrlVerificationResponse(res, body)

    http.buildNoBodyResponse(res, 200)
    const done = this.options.track?.() ?? (() => undefined)
    const event: ReceiverEvent = {
      body,
      ack: async (response?: unknown) => {
        if (response !== undefined)
          logger.error('a listener acked with a body, which this receiver cannot send: it acks before listeners run')
      },
      retryNum: http.extractRetryNumFromHTTPRequest(req),
      retryReason: http.extractRetryReasonFromHTTPRequest(req),
      // The signature reaches listeners as context.requestSignature: a replayed request is answered once. The
      // request is already counted in flight (`track`), so the listener's wrapper does not count it again.
      customProperties: {
        requestSignature: req.headers['x-slack-signature'],
        inFlightTracked: this.options.track !== undefined,
      },
    }
    void this.dispatch
      .run(() => {
        if (!this.app) throw new Error('the receiver was started without an app')
        return this.app.processEvent(event)
      })
      .catch((error: unknown) => logger.error(`Bolt failed to process a request: ${reasonOf(error)}`))
      .finally(done)
  }
}
