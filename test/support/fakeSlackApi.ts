/**
 * A fake Slack Web API on 127.0.0.1, for the real `WebClient` (and so for Bolt's `client`,
 * `say()` and auth.test) pointed at it with `clientOptions: { slackApiUrl: api.apiUrl }`.
 *
 * What it imitates (https://docs.slack.dev/apis/web-api):
 * - URLs: `POST <slackApiUrl><method>`; WebClient appends the method name to slackApiUrl
 *   (adding a trailing `/` if missing), so apiUrl is `http://127.0.0.1:PORT/api/`.
 * - Bodies: `application/x-www-form-urlencoded` (what WebClient sends: arrays and objects
 *   such as `blocks` arrive as JSON strings, numbers/booleans as strings) or `application/json`
 *   (token only in the header). Query-string arguments are accepted too. The recorded `body`
 *   has JSON fields (blocks, attachments, view, metadata…) decoded and the token removed.
 * - Auth: `Authorization: Bearer <token>` (or a `token` form field). No token → `not_authed`;
 *   not xoxb-/xoxp-/xapp- (or not in `tokens` when given) → `invalid_auth`; an app-level xapp-
 *   token anywhere but apps.connections.open, or a non-xapp token there → `not_allowed_token_type`.
 * - Answers: HTTP 200 with `{ ok: true, … }` or `{ ok: false, error }`; unknown methods →
 *   `{ ok: false, error: 'unknown_method' }`. Rate limiting is HTTP 429 with a `Retry-After`
 *   header in seconds and `{ ok: false, error: 'ratelimited' }`
 *   (https://docs.slack.dev/apis/web-api/rate-limits).
 *
 * The same server serves response URLs under `/response/` (see responseUrlServer.ts).
 */
import { createServer } from 'node:http'
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http'
import { FakeWorkspace, failure } from './fakeSlackMethods.ts'
import type {
  FakeUser,
  MethodHandler,
  SlackResponse,
  SocketUrlIssuer,
  StoredMessage,
  TokenType,
} from './fakeSlackMethods.ts'
import {
  LOCALHOST,
  closeServer,
  isObject,
  jsonAnswer,
  listenLocal,
  parseJson,
  readBody,
  writeAnswer,
} from './httpUtil.ts'
import type { RouteAnswer } from './httpUtil.ts'
import { DEFAULT_WAIT_MS, Recorder } from './recorder.ts'
import { RESPONSE_PATH_PREFIX, ResponseUrls } from './responseUrlServer.ts'

export type { FakeUser, MethodHandler, MethodRequest, SlackResponse, StoredMessage } from './fakeSlackMethods.ts'

const API_PATH_PREFIX = '/api/'

/** Form fields WebClient JSON-encodes (any non-primitive argument); decoded in recorded bodies. */
export const JSON_ENCODED_FIELDS = [
  'blocks',
  'attachments',
  'view',
  'metadata',
  'unfurls',
  'user_auth_blocks',
  'chunks',
]

/** One Web API request as the fake received and answered it. */
export interface RecordedCall {
  method: string
  /** Arguments: query + body, JSON fields decoded, `token` removed. */
  body: Record<string, unknown>
  /** The token from `Authorization: Bearer …` (or the `token` form field); undefined if none. */
  token: string | undefined
  headers: IncomingHttpHeaders
  contentType: string | undefined
  at: number
  /** HTTP status the fake answered (200, or 429/5xx when a failure was injected). */
  status: number
  response: SlackResponse
  /** True when Slack would have done the thing: HTTP 200 and `ok: true`. */
  delivered: boolean
}

/** An injected failure for `failNext`. */
export type Failure =
  /** HTTP 429 with `Retry-After: <retryAfter>` (seconds, default 1). */
  | { status: 429; retryAfter?: number; times?: number }
  /** Any other HTTP status, e.g. 500/503, with `{ ok: false, error: 'internal_error' }`. */
  | { status: number; retryAfter?: undefined; times?: number }
  /** HTTP 200 with `{ ok: false, error, ...extra }`, e.g. `{ ok: false, error: 'channel_not_found' }`. */
  | { ok: false; error: string; extra?: Record<string, unknown>; times?: number }

export interface FakeSlackApiOptions {
  /** Accept only these tokens (others → invalid_auth). Default: any well-formed token. */
  tokens?: string[]
  /** Check Block Kit limits like real Slack (default true). */
  validateBlocks?: boolean
}

export class FakeSlackApi {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string
  /** `http://127.0.0.1:PORT/api/` — give this to WebClient / Bolt as `slackApiUrl`. */
  readonly apiUrl: string
  /** Response URLs served by this same server. */
  readonly responses: ResponseUrls

  readonly #server: Server
  readonly #tokens: ReadonlySet<string> | undefined
  readonly #workspace: FakeWorkspace
  readonly #failures = new Map<string, Failure[]>()
  readonly #outages = new Map<string, { failure: Failure; until: number }>()
  readonly #delays = new Map<string, number>()
  readonly #calls = new Recorder<RecordedCall>(
    (c) =>
      `${c.method} → ${c.status} ${c.response.ok ? 'ok' : String(c.response.error)} ${JSON.stringify(c.body).slice(0, 160)}`,
  )

  private constructor(server: Server, port: number, options: FakeSlackApiOptions) {
    this.#server = server
    this.origin = `http://${LOCALHOST}:${port}`
    this.apiUrl = `${this.origin}${API_PATH_PREFIX}`
    this.responses = new ResponseUrls(this.origin)
    this.#tokens = options.tokens === undefined ? undefined : new Set(options.tokens)
    this.#workspace = new FakeWorkspace({ validateBlocks: options.validateBlocks ?? true })
  }

  /** Starts the server on 127.0.0.1 on a free port. */
  static async start(options: FakeSlackApiOptions = {}): Promise<FakeSlackApi> {
    let api: FakeSlackApi | undefined
    const server = createServer((req, res) => {
      if (api === undefined) return writeAnswer(res, jsonAnswer(503, { ok: false, error: 'starting' }))
      void api.#route(req, res)
    })
    const port = await listenLocal(server)
    api = new FakeSlackApi(server, port, options)
    return api
  }

  /** Makes apps.connections.open hand out URLs of this Socket Mode server. */
  attachSocketMode(socket: SocketUrlIssuer): void {
    this.#workspace.socket = socket
  }

  /** Every call received (including failed attempts and retries), oldest first; one method's if given. */
  calls(method?: string): RecordedCall[] {
    const all = this.#calls.all()
    return method === undefined ? all : all.filter((c) => c.method === method)
  }

  /** Only the calls that succeeded (HTTP 200 and ok: true). */
  delivered(method?: string): RecordedCall[] {
    return this.calls(method).filter((c) => c.delivered)
  }

  /**
   * Resolves with the first call of `method` (already received or future) matching `predicate`.
   * Failed attempts count too — use `(c) => c.delivered` to wait for a successful one.
   */
  waitFor(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<RecordedCall> {
    return this.#calls.waitFor((c) => c.method === method && predicate(c), timeoutMs, `a ${method} call`)
  }

  /** Queues a failure for the next `times` (default 1) calls of `method` (`'*'` = any method). */
  failNext(method: string, failure: Failure): void {
    const queue = this.#failures.get(method) ?? []
    for (let i = 0; i < (failure.times ?? 1); i += 1) queue.push(failure)
    this.#failures.set(method, queue)
  }

  /**
   * Every call of `method` (`'*'` = any) fails with `failure` for the next `ms` milliseconds: an outage, as opposed
   * to `failNext`'s counted failures. `ms = 0` ends it.
   */
  failFor(method: string, failure: Failure, ms: number): void {
    if (ms <= 0) this.#outages.delete(method)
    else this.#outages.set(method, { failure, until: Date.now() + ms })
  }

  /**
   * Calls of `method` are answered only after `ms` milliseconds (`Infinity`: never, the request hangs until the
   * client gives up). `0` ends it.
   */
  delay(method: string, ms: number): void {
    if (ms <= 0) this.#delays.delete(method)
    else this.#delays.set(method, ms)
  }

  /** Replaces (or adds) a method's answer. */
  setHandler(method: string, handler: MethodHandler): void {
    this.#workspace.setHandler(method, handler)
  }

  /** What conversations.replies answers for this thread (messages served verbatim). */
  setReplies(channel: string, ts: string, messages: unknown[]): void {
    this.#workspace.setReplies(channel, ts, messages)
  }

  /** What users.info answers for `user.id` (other ids get an invented user). */
  setUser(user: FakeUser): void {
    this.#workspace.setUser(user)
  }

  /** Messages in a channel as the app left them (posted, updated, not deleted). */
  messages(channel: string): StoredMessage[] {
    return this.#workspace.messages(channel)
  }

  /** Forgets calls, queued failures, channel contents, replies, users, custom handlers, response posts. */
  reset(): void {
    this.#calls.clear()
    this.#failures.clear()
    this.#outages.clear()
    this.#delays.clear()
    this.#workspace.reset()
    this.responses.reset()
  }

  close(): Promise<void> {
    return closeServer(this.#server)
  }

  async #route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', this.origin)
      const rawBody = await readBody(req)
      if (url.pathname.startsWith(API_PATH_PREFIX)) {
        const delay = this.#delays.get(decodeURIComponent(url.pathname.slice(API_PATH_PREFIX.length)))
        if (delay === Infinity) return // never answered: the client's timeout is what ends the request
        if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay))
        return writeAnswer(res, this.#handleApiCall(url, req.headers, rawBody))
      }
      if (url.pathname.startsWith(RESPONSE_PATH_PREFIX) && req.method === 'POST') {
        const id = url.pathname.slice(RESPONSE_PATH_PREFIX.length)
        return writeAnswer(res, this.responses.handle(id, req.headers, rawBody))
      }
      writeAnswer(res, jsonAnswer(404, { ok: false, error: 'not_found' }))
    } catch (error) {
      writeAnswer(res, jsonAnswer(500, { ok: false, error: 'fake_slack_crashed', detail: String(error) }))
    }
  }

  #handleApiCall(url: URL, headers: IncomingHttpHeaders, rawBody: string): RouteAnswer {
    const method = decodeURIComponent(url.pathname.slice(API_PATH_PREFIX.length))
    const parsed = parseArguments(headers['content-type'], rawBody, url.searchParams)
    const token = bearerToken(headers) ?? (parsed.isJson ? undefined : asToken(parsed.args.token))
    const { token: _dropped, ...body } = parsed.args
    const answer = this.#answer(method, body, token, parsed.error)
    const response = JSON.parse(answer.body) as SlackResponse
    this.#calls.add({
      method,
      body,
      token,
      headers,
      contentType: headers['content-type'],
      at: Date.now(),
      status: answer.status,
      response,
      delivered: answer.status === 200 && response.ok,
    })
    return answer
  }

  /** Decides the answer: injected failure, unknown method, bad arguments, auth, then the handler. */
  #answer(method: string, args: Record<string, unknown>, token: string | undefined, parseError?: string): RouteAnswer {
    const injected = this.#takeFailure(method)
    if (injected !== undefined) return failureAnswer(injected)
    const handler = this.#workspace.handlerFor(method)
    if (handler === undefined) return jsonAnswer(200, failure('unknown_method'))
    if (parseError !== undefined) return jsonAnswer(200, failure(parseError))
    const auth = this.#authenticate(method, token)
    if ('error' in auth) return jsonAnswer(200, failure(auth.error))
    return jsonAnswer(200, handler({ method, args, token: auth.token, tokenType: auth.tokenType }))
  }

  #takeFailure(method: string): Failure | undefined {
    for (const key of [method, '*']) {
      const outage = this.#outages.get(key)
      if (outage && Date.now() < outage.until) return outage.failure
    }
    return this.#failures.get(method)?.shift() ?? this.#failures.get('*')?.shift()
  }

  #authenticate(
    method: string,
    token: string | undefined,
  ): { token: string; tokenType: TokenType } | { error: string } {
    if (token === undefined) return { error: 'not_authed' }
    const tokenType = tokenTypeOf(token)
    if (tokenType === undefined || (this.#tokens !== undefined && !this.#tokens.has(token))) {
      return { error: 'invalid_auth' }
    }
    const wantsAppToken = method === 'apps.connections.open'
    if (wantsAppToken !== (tokenType === 'app')) return { error: 'not_allowed_token_type' }
    return { token, tokenType }
  }
}

function failureAnswer(f: Failure): RouteAnswer {
  if ('ok' in f) return jsonAnswer(200, failure(f.error, f.extra))
  if (f.status === 429) {
    return jsonAnswer(429, failure('ratelimited'), { 'Retry-After': String(f.retryAfter ?? 1) })
  }
  return jsonAnswer(f.status, failure('internal_error'))
}

interface ParsedArguments {
  args: Record<string, unknown>
  isJson: boolean
  error?: string
}

/** Query-string arguments overlaid with the form or JSON body, as Slack reads them. */
function parseArguments(contentType: string | undefined, rawBody: string, query: URLSearchParams): ParsedArguments {
  const fromQuery = Object.fromEntries(query)
  if (contentType?.startsWith('application/json')) {
    const json = parseJson(rawBody === '' ? '{}' : rawBody)
    if (!isObject(json)) return { args: fromQuery, isJson: true, error: 'invalid_json' }
    return { args: { ...fromQuery, ...json }, isJson: true }
  }
  if (contentType?.startsWith('multipart/form-data')) {
    return { args: fromQuery, isJson: false, error: 'invalid_form_data' } // file uploads are not faked
  }
  const form = Object.fromEntries(new URLSearchParams(rawBody))
  return { args: decodeJsonFields({ ...fromQuery, ...form }), isJson: false }
}

function decodeJsonFields(args: Record<string, string>): Record<string, unknown> {
  const decoded: Record<string, unknown> = { ...args }
  for (const field of JSON_ENCODED_FIELDS) {
    const value = args[field]
    if (value === undefined) continue
    const json = parseJson(value)
    if (json !== undefined) decoded[field] = json
  }
  return decoded
}

function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')
  return match?.[1]
}

function tokenTypeOf(token: string): TokenType | undefined {
  if (token.startsWith('xoxb-')) return 'bot'
  if (token.startsWith('xoxp-')) return 'user'
  if (token.startsWith('xapp-')) return 'app'
  return undefined
}

function asToken(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}
