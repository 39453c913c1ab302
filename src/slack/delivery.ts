/**
 * Everything Storydesk sends to Slack goes through here: Web API calls and response_url posts, each with a timeout,
 * retries with an explicit policy, and failures that say what failed and where.
 *
 * - Every HTTP attempt has a timeout (`callTimeoutMs`), so a call that never returns ends, is retried, and if it
 *   still fails is logged by the caller with the request's context and apologised for where possible.
 * - A 429 holds only its own lane: the WebClient is told to reject rate-limited calls (instead of pausing its one
 *   queue for everyone) and this module waits Retry-After on the lane alone. A lane is a method and, for
 *   chat.postMessage, a channel (Slack limits messages per channel), so one busy channel never delays another
 *   person's answer.
 * - A token Slack rejects is reported to `onTokenRejected` (health turns unhealthy).
 *
 * @example
 * const calls = new SlackCalls(app.client, log, { onTokenRejected: (reason) => monitor.rejected(reason) })
 * await threadReply(calls, 'C123', '1733480000.000100').send(message)
 */
import { webApi } from '@slack/bolt'
import type { SlackMessage } from '../render/blocks.ts'
import { reasonOf, type Logger } from './logger.ts'

/** Defaults, in one place. */
export const DELIVERY_DEFAULTS = {
  /** One HTTP attempt, Web API or response_url. */
  callTimeoutMs: 10_000,
  /** Retries of a network error, a timeout or a 5xx (with back-off). */
  retries: 2,
  /** The longest a call waits for its rate-limited lane before giving up. */
  rateLimitBudgetMs: 60_000,
  /** The shortest wait after a 429, whatever Retry-After says (a "0" would otherwise retry at once, in a loop). */
  rateLimitMinWaitMs: 1_000,
  /** Attempts of one call that Slack answers 429, the first included, before giving up. */
  rateLimitAttempts: 5,
} as const

/**
 * Where Slack's response URLs are (https://hooks.slack.com/commands/… and /actions/…:
 * https://docs.slack.dev/interactivity/handling-user-interaction#message_responses).
 */
export const SLACK_RESPONSE_ORIGIN = 'https://hooks.slack.com'

/**
 * The origins a response_url may point at: Slack's, and the origin of SLACK_API_URL when one is set (the fake Slack in
 * tests, a proxy in front of Slack).
 */
export function responseUrlOrigins(slackApiUrl: string | undefined): string[] {
  const origins = [SLACK_RESPONSE_ORIGIN]
  if (slackApiUrl) origins.push(new URL(slackApiUrl).origin)
  return origins
}

/** Web API errors that mean Slack will not take this token: health turns unhealthy, no apology can get through. */
export const TOKEN_REJECTED = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'team_disabled',
  'not_allowed_token_type',
])

/** Errors that mean the destination is gone: an apology sent there would fail the same way. */
const DESTINATION_GONE = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'user_not_found',
  'cannot_dm_bot',
  'thread_not_found',
  'message_not_found',
  'expired_url',
  'invalid_url',
  'used_url',
])

/** The WebClient options for the app's client: timeouts, our retry policy, 429s handed back to us. */
export function webClientOptions(slackApiUrl: string | undefined, timeoutMs: number = DELIVERY_DEFAULTS.callTimeoutMs) {
  return {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    timeout: timeoutMs,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: DELIVERY_DEFAULTS.retries, factor: 2, minTimeout: 500, maxTimeout: 4_000, randomize: true },
  }
}

/** A failed delivery, with what failed and whether the destination can still be reached. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly reason: string,
    readonly destinationGone: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.name = 'DeliveryError'
  }
}

/** True when an apology could still reach the person after `error` (the destination exists, the token works). */
export function canApologise(error: unknown): boolean {
  if (error instanceof DeliveryError && (error.destinationGone || TOKEN_REJECTED.has(error.reason))) return false
  return !TOKEN_REJECTED.has(reasonOf(error))
}

/** A failed delivery to a reply target: marked destinationGone when Slack's answer says it is. */
function deliveryFailed(error: unknown): never {
  if (error instanceof DeliveryError && !error.destinationGone && DESTINATION_GONE.has(error.reason))
    throw new DeliveryError(error.message, error.reason, true, { cause: error.cause })
  throw error
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export interface SlackCallsOptions {
  onTokenRejected?: (reason: string) => void
  callTimeoutMs?: number
  rateLimitBudgetMs?: number
  rateLimitAttempts?: number
  /** Origins a response_url may point at (default: Slack's alone, see `responseUrlOrigins`). */
  responseUrlOrigins?: readonly string[]
}

export class SlackCalls {
  /** Lane → time until which it is rate limited. */
  private readonly blockedUntil = new Map<string, number>()
  private readonly timeoutMs: number
  private readonly budgetMs: number
  private readonly rateLimitAttempts: number
  private readonly responseOrigins: ReadonlySet<string>

  constructor(
    readonly client: webApi.WebClient,
    private readonly log: Logger,
    private readonly options: SlackCallsOptions = {},
  ) {
    this.timeoutMs = options.callTimeoutMs ?? DELIVERY_DEFAULTS.callTimeoutMs
    this.budgetMs = options.rateLimitBudgetMs ?? DELIVERY_DEFAULTS.rateLimitBudgetMs
    this.rateLimitAttempts = options.rateLimitAttempts ?? DELIVERY_DEFAULTS.rateLimitAttempts
    this.responseOrigins = new Set(options.responseUrlOrigins ?? [SLACK_RESPONSE_ORIGIN])
  }

  /** The lane a call waits in when rate limited. */
  static lane(method: string, args: Record<string, unknown>): string {
    return method.startsWith('chat.') && typeof args.channel === 'string' ? `${method}:${args.channel}` : method
  }

  /**
   * Calls a Web API method; a 429 waits on its own lane (Retry-After, at least 1 s), other failures are thrown as they
   * come. A call Slack keeps answering 429 gives up after `rateLimitAttempts` attempts or `rateLimitBudgetMs`.
   */
  async call(method: string, args: Record<string, unknown>): Promise<webApi.WebAPICallResult> {
    const lane = SlackCalls.lane(method, args)
    const started = Date.now()
    for (let limited = 0; ; ) {
      const wait = Math.max(0, (this.blockedUntil.get(lane) ?? 0) - Date.now())
      if (Date.now() + wait - started > this.budgetMs)
        throw new DeliveryError(`${method}: rate limited for longer than ${this.budgetMs} ms`, 'ratelimited', false)
      if (wait > 0) await sleep(wait)
      try {
        return await this.client.apiCall(method, args)
      } catch (error) {
        if ((error as { code?: unknown }).code === webApi.ErrorCode.RateLimitedError) {
          limited += 1
          const retryAfter = (error as webApi.WebAPIRateLimitedError).retryAfter
          if (limited >= this.rateLimitAttempts)
            throw new DeliveryError(`${method}: rate limited ${limited} times in a row`, 'ratelimited', false, {
              cause: error,
            })
          // Retry-After 0 (or missing, negative, not a number) would retry at once, and again, with no end.
          const waitMs = Math.max(
            DELIVERY_DEFAULTS.rateLimitMinWaitMs,
            Number.isFinite(retryAfter) ? retryAfter * 1000 : 0,
          )
          this.blockedUntil.set(lane, Math.max(this.blockedUntil.get(lane) ?? 0, Date.now() + waitMs))
          this.log.warn(
            { event: 'slack.rate_limited', method, lane, retryAfterS: retryAfter, waitMs, attempt: limited },
            `${method} rate limited on ${lane}; this lane waits ${waitMs / 1000} s, others go on`,
          )
          continue
        }
        const reason = reasonOf(error)
        if (TOKEN_REJECTED.has(reason)) this.options.onTokenRejected?.(reason)
        // Whether the destination is gone is for the reply target to say: this call may not be the delivery.
        throw new DeliveryError(`${method} failed: ${reason}`, reason, false, { cause: error })
      }
    }
  }

  /**
   * POSTs a message to a response_url (what Bolt's respond() does) with a timeout per attempt and retries on network
   * errors and 5xx. A URL Slack no longer accepts (404, 410) is a DeliveryError with destinationGone. A URL that is not
   * on Slack's host (`responseUrlOrigins`) is never posted to: a DeliveryError with destinationGone, logged by the
   * caller with the request's context. Payloads are signed, so this is defence in depth: a leaked signing secret or a
   * bug must not make the bot post answers, or anything, to another server.
   */
  async respond(url: string, body: Record<string, unknown>): Promise<void> {
    const origin = originOf(url)
    if (!origin || !this.responseOrigins.has(origin))
      throw new DeliveryError(
        `response_url is not on Slack's host (${origin ?? 'not a URL'}); nothing sent`,
        'response_url_not_slack',
        true,
      )
    for (let attempt = 0; ; attempt += 1) {
      const failure = await this.postOnce(url, body)
      if (!failure) return
      if (!failure.retryable || attempt >= DELIVERY_DEFAULTS.retries) throw failure.error
      await sleep(500 * 2 ** attempt)
    }
  }

  private async postOnce(
    url: string,
    body: Record<string, unknown>,
  ): Promise<{ error: DeliveryError; retryable: boolean } | null> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      })
      const text = await response.text().catch(() => '')
      if (response.ok) return null
      const reason = `HTTP ${response.status}${text ? ` ${text.slice(0, 200)}` : ''}`
      const gone = response.status === 404 || response.status === 410
      return {
        error: new DeliveryError(`response_url answered ${reason}`, reason, gone),
        retryable: response.status >= 500 || response.status === 429,
      }
    } catch (error) {
      const reason = reasonOf(error)
      return {
        error: new DeliveryError(`response_url failed: ${reason}`, reason, false, { cause: error }),
        retryable: true,
      }
    }
  }
}

/** "https://hooks.slack.com" for a response_url (never its path: that is the secret part), or null. */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null
  } catch {
    return null
  }
}

/** A message and how a response_url should treat it (Slack's documented fields). */
export type Outgoing =
  | (SlackMessage & { response_type?: 'ephemeral' | 'in_channel'; replace_original?: boolean; thread_ts?: string })
  | { delete_original: true }

/** Where a request's answer goes. */
export interface ReplyTarget {
  /** For logs: "response_url" or "C123/1733480000.000100". */
  where: string
  send(message: Outgoing): Promise<void>
}

/** An answer through the request's response_url (slash commands, buttons, shortcuts): private unless told. */
export function responseUrlReply(
  calls: SlackCalls,
  url: string,
  defaults: { response_type?: 'ephemeral' | 'in_channel'; replace_original?: boolean } = {},
): ReplyTarget {
  return {
    where: 'response_url',
    send: (message) =>
      calls.respond(url, 'delete_original' in message ? message : { ...defaults, ...message }).catch(deliveryFailed),
  }
}

/** An answer posted in a conversation (a DM), in the thread of `threadTs` when given. */
export function conversationReply(calls: SlackCalls, channel: string, threadTs?: string): ReplyTarget {
  return {
    where: threadTs ? `${channel}/${threadTs}` : channel,
    async send(message) {
      if ('delete_original' in message) return
      await calls
        .call('chat.postMessage', {
          channel,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          text: message.text,
          blocks: message.blocks,
        })
        .catch(deliveryFailed)
    },
  }
}
