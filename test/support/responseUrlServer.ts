/**
 * Slack's `response_url` endpoints, as routes of the fake Web API server.
 *
 * Real Slack puts a `response_url` (https://hooks.slack.com/commands/… or /actions/…) in
 * slash command, block_actions and message shortcut payloads. The app POSTs JSON to it —
 * `{ text, blocks, response_type: 'ephemeral' | 'in_channel', replace_original,
 * delete_original, thread_ts }` — to answer in the conversation without a bot token. Bolt's
 * `respond()` does exactly that (POST, `Content-Type: application/json`, no retries) and
 * throws `RespondError` if the status is not 2xx.
 * See https://docs.slack.dev/interactivity/handling-user-interaction#message_responses
 * and https://docs.slack.dev/interactivity/implementing-slash-commands#responding_response_url.
 *
 * Here the URLs are `http://127.0.0.1:PORT/response/<id>`, made by `newUrl()`; every POST is
 * recorded per URL. Not imitated: Slack's limit of five uses within 30 minutes.
 * The fake answers 200 `{"ok":true}`; unknown ids get 404, non-JSON bodies 400.
 */
import type { IncomingHttpHeaders } from 'node:http'
import { jsonAnswer } from './httpUtil.ts'
import type { RouteAnswer } from './httpUtil.ts'
import { DEFAULT_WAIT_MS, Recorder } from './recorder.ts'
import { newOpaqueId } from './slackIds.ts'

export const RESPONSE_PATH_PREFIX = '/response/'

/** What an app posts to a response_url (the documented fields; anything else is kept too). */
export interface ResponseUrlBody {
  text?: string
  blocks?: unknown[]
  response_type?: 'ephemeral' | 'in_channel'
  replace_original?: boolean | string
  delete_original?: boolean | string
  thread_ts?: string
  [field: string]: unknown
}

/** One POST to a response URL, as received. */
export interface ResponseUrlPost {
  id: string
  url: string
  body: ResponseUrlBody
  headers: IncomingHttpHeaders
  at: number
  /** The status the fake answered (200 unless the id was unknown, the body bad or a failure was queued). */
  status: number
}

/** A queued failure for one response URL, e.g. `{ status: 404, error: 'expired_url' }`. */
export interface ResponseUrlFailure {
  status: number
  error?: string
  times?: number
}

export class ResponseUrls {
  readonly #baseUrl: string
  readonly #issued = new Set<string>()
  readonly #failures = new Map<string, ResponseUrlFailure[]>()
  readonly #posts = new Recorder<ResponseUrlPost>((p) => `${p.status} ${p.url} ${JSON.stringify(p.body).slice(0, 200)}`)

  /** @param baseUrl the server origin, e.g. `http://127.0.0.1:PORT` */
  constructor(baseUrl: string) {
    this.#baseUrl = baseUrl
  }

  /** A fresh response URL to put into a payload's `response_url`. */
  newUrl(): string {
    const id = newOpaqueId()
    this.#issued.add(id)
    return `${this.#baseUrl}${RESPONSE_PATH_PREFIX}${id}`
  }

  /** Posts received, oldest first; only those to one URL (or id) when given. */
  posts(urlOrId?: string): ResponseUrlPost[] {
    const all = this.#posts.all()
    if (urlOrId === undefined) return all
    const id = toId(urlOrId)
    return all.filter((p) => p.id === id)
  }

  /** Resolves with the first post to `urlOrId` (already received or future) matching `predicate`. */
  waitFor(
    urlOrId: string,
    predicate: (post: ResponseUrlPost) => boolean = () => true,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<ResponseUrlPost> {
    const id = toId(urlOrId)
    return this.#posts.waitFor((p) => p.id === id && predicate(p), timeoutMs, `a POST to response URL ${id}`)
  }

  /** Makes the next `times` (default 1) posts to this URL fail with `status`. */
  failNext(urlOrId: string, failure: ResponseUrlFailure): void {
    const id = toId(urlOrId)
    const queue = this.#failures.get(id) ?? []
    for (let i = 0; i < (failure.times ?? 1); i += 1) queue.push(failure)
    this.#failures.set(id, queue)
  }

  /** Forgets posts and queued failures (issued URLs stay valid). */
  reset(): void {
    this.#posts.clear()
    this.#failures.clear()
  }

  /** Route handler for `POST /response/<id>`; called by the fake's HTTP server. */
  handle(id: string, headers: IncomingHttpHeaders, rawBody: string): RouteAnswer {
    const parsed = parseJsonObject(rawBody)
    const status = this.#statusFor(id, parsed)
    const failure = status === 200 ? this.#failures.get(id)?.shift() : undefined
    const finalStatus = failure?.status ?? status
    this.#posts.add({
      id,
      url: `${this.#baseUrl}${RESPONSE_PATH_PREFIX}${id}`,
      body: parsed ?? { unparsed: rawBody },
      headers,
      at: Date.now(),
      status: finalStatus,
    })
    return answer(finalStatus, failure?.error ?? errorFor(finalStatus))
  }

  #statusFor(id: string, parsed: ResponseUrlBody | undefined): number {
    if (!this.#issued.has(id)) return 404
    if (parsed === undefined) return 400
    return 200
  }
}

function toId(urlOrId: string): string {
  const at = urlOrId.indexOf(RESPONSE_PATH_PREFIX)
  return at === -1 ? urlOrId : urlOrId.slice(at + RESPONSE_PATH_PREFIX.length)
}

function parseJsonObject(text: string): ResponseUrlBody | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ResponseUrlBody) : undefined
  } catch {
    return undefined
  }
}

function errorFor(status: number): string | undefined {
  if (status === 404) return 'invalid_url'
  if (status === 400) return 'invalid_payload'
  return status === 200 ? undefined : 'internal_error'
}

function answer(status: number, error: string | undefined): RouteAnswer {
  return jsonAnswer(status, error === undefined ? { ok: true } : { ok: false, error })
}
