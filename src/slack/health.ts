/**
 * GET /healthz: whether this replica can answer, part by part. Each part (the index, Slack's verdict on the token,
 * the Socket Mode connection, the shared state) registers one check; the answer is
 *
 *   200 {"status":"ok", …corpus figures, "checks":{"index":{"status":"ok",…},"slack":{…},…}}
 *   200 {"status":"degraded", …}   a part works less well (Redis away: answers go on, per replica)
 *   503 {"status":"unhealthy", …}  a part that answering needs is down; its check says why and since when
 *
 * Adding a part is one line: `health.add('articlesFolder', () => store.folderHealth())`.
 * `startHttpServer` serves it on PORT, beside Slack's requests in HTTP mode (httpReceiver.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ComponentReport {
  status: 'ok' | 'degraded' | 'unhealthy'
  /** What a person reads: why, and since when. */
  detail?: string
  [figure: string]: unknown
}

export interface HealthReport {
  status: ComponentReport['status']
  checks: Record<string, ComponentReport>
  [figure: string]: unknown
}

const RANK = { ok: 0, degraded: 1, unhealthy: 2 } as const

export class Health {
  private readonly checks = new Map<string, () => ComponentReport>()
  private summary: () => Record<string, unknown> = () => ({})

  /** Registers a part; its check runs on every request, so it must be cheap and never throw. */
  add(name: string, check: () => ComponentReport): this {
    this.checks.set(name, check)
    return this
  }

  /** Figures shown at the top level of the JSON (the corpus's), for dashboards. */
  setSummary(summary: () => Record<string, unknown>): this {
    this.summary = summary
    return this
  }

  report(): HealthReport {
    const checks: Record<string, ComponentReport> = {}
    let status: ComponentReport['status'] = 'ok'
    for (const [name, check] of this.checks) {
      let report: ComponentReport
      try {
        report = check()
      } catch (error) {
        report = { status: 'unhealthy', detail: `the check failed: ${(error as Error).message}` }
      }
      checks[name] = report
      if (RANK[report.status] > RANK[status]) status = report.status
    }
    return { status, ...this.summary(), checks }
  }

  /** The HTTP handler for GET /healthz (startHttpServer routes it). */
  readonly handle = (_req: IncomingMessage, res: ServerResponse): void => {
    const report = this.report()
    res.writeHead(report.status === 'unhealthy' ? 503 : 200, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    })
    res.end(JSON.stringify(report))
  }
}

/** The process's HTTP server: /healthz, and in HTTP mode Slack's requests. */
export interface HttpServer {
  port: number
  close(): Promise<void>
}

/**
 * Serves GET /healthz on `port`, and in HTTP mode Slack's requests (POST to `slack.path`, handled by
 * AckFirstReceiver). Rejects with the listen error (e.g. EADDRINUSE) so the caller can say which port is taken.
 */
export function startHttpServer(
  health: Health,
  port: number,
  slack?: { path: string; handle: (req: IncomingMessage, res: ServerResponse) => void },
): Promise<HttpServer> {
  let closing = false
  const server: Server = createServer((req, res) => {
    // Once closing, a kept-alive connection is closed as soon as its response is sent: left open, it would hold the
    // close (and a graceful stop) for its keep-alive timeout, and could bring more requests meanwhile.
    if (closing) res.setHeader('connection', 'close')
    res.once('finish', () => {
      if (closing) setImmediate(() => server.closeIdleConnections())
    })
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) return health.handle(req, res)
    if (slack && path === slack.path && req.method === 'POST') return slack.handle(req, res)
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}')
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, () => {
      server.off('error', reject)
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            closing = true
            server.close(() => done())
            server.closeIdleConnections()
          }),
      })
    })
  })
}
