/**
 * What Slack sends to an app, built faithfully, for both transports.
 *
 * HTTP mode (https://docs.slack.dev/authentication/verifying-requests-from-slack): Slack POSTs
 * to the app's Request URL with `X-Slack-Request-Timestamp: <epoch seconds>` and
 * `X-Slack-Signature: v0=<hex HMAC-SHA256(signing secret, "v0:" + timestamp + ":" + raw body)>`.
 * Bolt rejects a bad signature, or a timestamp more than 5 minutes old, with HTTP 401.
 * Body encodings, which Bolt distinguishes by the exact Content-Type:
 *   - slash commands: `application/x-www-form-urlencoded` fields
 *     (https://docs.slack.dev/interactivity/implementing-slash-commands#app_command_handling)
 *   - interactions (block_actions, shortcuts, view_submission): form-encoded `payload=<JSON>`
 *     (https://docs.slack.dev/interactivity/handling-user-interaction#payloads)
 *   - Events API (event_callback, url_verification): `application/json`
 *     (https://docs.slack.dev/apis/events-api#callback-field)
 * Socket Mode (https://docs.slack.dev/apis/events-api/using-socket-mode): the same payload
 * objects, un-encoded, inside an envelope.
 *
 * So every builder returns one `SlackDelivery`: `payload` (the object), `body` + `contentType`
 * (the HTTP encoding) and `envelope` (the Socket Mode envelope input):
 *   await postToApp(appUrl, { ...slashCommandBody({ text: 'aleppo' }), secret })
 *   await fake.socket.push(slashCommandBody({ text: 'aleppo' }).envelope)
 */
import { createHmac } from 'node:crypto'
import type { EnvelopeInput, EnvelopeType } from './fakeSocketMode.ts'
import { FAKE, newEventId, newMessageTs, newTriggerId, nowSeconds } from './slackIds.ts'

export type SlackContentType = 'application/json' | 'application/x-www-form-urlencoded'

/** A request body Slack sends over HTTP. */
export interface HttpDelivery<P> {
  /** The payload object (what Bolt's listener sees as `body`). */
  payload: P
  /** The HTTP request body, exactly as Slack encodes it. */
  body: string
  contentType: SlackContentType
}

/** A payload Slack can deliver over HTTP or Socket Mode. */
export interface SlackDelivery<P> extends HttpDelivery<P> {
  /** Give this to `FakeSocketMode.push()`. */
  envelope: EnvelopeInput
}

/**
 * A response_url nobody listens on (connection refused at once). Pass
 * `fake.responses.newUrl()` instead when the test cares what the app sends there.
 */
export const UNUSED_RESPONSE_URL = 'http://127.0.0.1:1/response/not-set-by-test'

// ---------------------------------------------------------------------------------------
// Signing

export interface SlackSignatureHeaders {
  'X-Slack-Signature': string
  'X-Slack-Request-Timestamp': string
}

/** Slack's v0 request signature for `body` (sign the exact bytes you send). */
export function signRequest(secret: string, body: string, timestamp: number = nowSeconds()): SlackSignatureHeaders {
  const base = `v0:${timestamp}:${body}`
  const digest = createHmac('sha256', secret).update(base).digest('hex')
  return { 'X-Slack-Signature': `v0=${digest}`, 'X-Slack-Request-Timestamp': String(timestamp) }
}

// ---------------------------------------------------------------------------------------
// Slash commands

export interface SlashCommandOptions {
  command?: string
  text?: string
  user_id?: string
  user_name?: string
  channel_id?: string
  channel_name?: string
  team_id?: string
  team_domain?: string
  api_app_id?: string
  response_url?: string
  trigger_id?: string
  enterprise_id?: string
  enterprise_name?: string
}

/** The fields of a slash command invocation; all strings, as Slack sends them. */
export interface SlashCommandPayload {
  token: string
  team_id: string
  team_domain: string
  channel_id: string
  channel_name: string
  user_id: string
  user_name: string
  command: string
  text: string
  api_app_id: string
  is_enterprise_install: string
  response_url: string
  trigger_id: string
  enterprise_id?: string
  enterprise_name?: string
}

/** A slash command (default `/syria` with empty text, from the fake reporter in #newsdesk). */
export function slashCommandBody(options: SlashCommandOptions = {}): SlackDelivery<SlashCommandPayload> {
  const payload: SlashCommandPayload = {
    token: FAKE.verificationToken,
    team_id: options.team_id ?? FAKE.teamId,
    team_domain: options.team_domain ?? FAKE.teamDomain,
    channel_id: options.channel_id ?? FAKE.channelId,
    channel_name: options.channel_name ?? FAKE.channelName,
    user_id: options.user_id ?? FAKE.userId,
    user_name: options.user_name ?? FAKE.userName,
    command: options.command ?? '/syria',
    text: options.text ?? '',
    api_app_id: options.api_app_id ?? FAKE.appId,
    is_enterprise_install: 'false',
    response_url: options.response_url ?? UNUSED_RESPONSE_URL,
    trigger_id: options.trigger_id ?? newTriggerId(),
  }
  if (options.enterprise_id !== undefined) payload.enterprise_id = options.enterprise_id
  if (options.enterprise_name !== undefined) payload.enterprise_name = options.enterprise_name
  return {
    payload,
    body: formEncode(payload),
    contentType: 'application/x-www-form-urlencoded',
    envelope: { type: 'slash_commands', payload },
  }
}

// ---------------------------------------------------------------------------------------
// Events API

/** An inner event (`app_mention`, `message`, …); see the event builders below. */
export interface SlackEvent {
  type: string
  [field: string]: unknown
}

export interface EventCallbackOptions {
  event_id?: string
  event_time?: number
  team_id?: string
  api_app_id?: string
  /** Who the event is delivered for; default the fake bot. */
  authorizations?: object[]
}

export interface EventCallbackPayload {
  token: string
  team_id: string
  context_team_id: string
  context_enterprise_id: string | null
  api_app_id: string
  event: SlackEvent
  type: 'event_callback'
  event_id: string
  event_time: number
  authorizations: object[]
  is_ext_shared_channel: boolean
  event_context: string
}

/** The `event_callback` wrapper Slack puts around every Events API event. */
export function eventCallback(
  event: SlackEvent,
  options: EventCallbackOptions = {},
): SlackDelivery<EventCallbackPayload> {
  const teamId = options.team_id ?? FAKE.teamId
  const payload: EventCallbackPayload = {
    token: FAKE.verificationToken,
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: options.api_app_id ?? FAKE.appId,
    event,
    type: 'event_callback',
    event_id: options.event_id ?? newEventId(),
    event_time: options.event_time ?? nowSeconds(),
    authorizations: options.authorizations ?? [
      { enterprise_id: null, team_id: teamId, user_id: FAKE.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-fake-${newEventId()}`,
  }
  return jsonDelivery(payload, 'events_api')
}

export interface MessageEventOptions {
  text: string
  user?: string
  channel?: string
  ts?: string
  thread_ts?: string
  channel_type?: 'channel' | 'group' | 'im' | 'mpim'
}

/** An `app_mention` event: someone wrote `<@bot> …` in a channel. */
export function appMentionEvent(options: MessageEventOptions): SlackEvent {
  return userMessageEvent('app_mention', options, { channel: FAKE.channelId })
}

/** A `message` event (default in a DM with the bot, `channel_type: 'im'`). */
export function messageEvent(options: MessageEventOptions): SlackEvent {
  return userMessageEvent('message', options, { channel: 'D0FAKEDM', channel_type: options.channel_type ?? 'im' })
}

/** The fields both kinds of event share: who wrote what, where and when (event_ts = ts for a new message). */
function userMessageEvent(
  type: string,
  options: MessageEventOptions,
  defaults: { channel: string; channel_type?: string },
): SlackEvent {
  const ts = options.ts ?? newMessageTs()
  const event: SlackEvent = {
    type,
    user: options.user ?? FAKE.userId,
    text: options.text,
    ts,
    channel: options.channel ?? defaults.channel,
    ...(defaults.channel_type ? { channel_type: defaults.channel_type } : {}),
    event_ts: ts,
  }
  if (options.thread_ts !== undefined) event.thread_ts = options.thread_ts
  return event
}

export interface UrlVerificationPayload {
  token: string
  challenge: string
  type: 'url_verification'
}

/** The handshake Slack sends when the Request URL is saved (HTTP only). */
export function urlVerification(challenge: string): HttpDelivery<UrlVerificationPayload> {
  const payload: UrlVerificationPayload = { token: FAKE.verificationToken, challenge, type: 'url_verification' }
  return { payload, body: JSON.stringify(payload), contentType: 'application/json' }
}

// ---------------------------------------------------------------------------------------
// Interactivity

export interface BlockActionsOptions {
  action_id: string
  value?: string
  block_id?: string
  /** Button label. */
  text?: string
  user?: string
  user_name?: string
  channel?: string
  channel_name?: string
  response_url?: string
  trigger_id?: string
  /** The message holding the button (default: a bot message with no blocks). Its `ts` is used. */
  message?: Record<string, unknown>
  /** The button sat in an ephemeral message: Slack then sends no `message`. */
  ephemeral?: boolean
  /** Replace the whole `actions` array (e.g. for a select menu). */
  actions?: object[]
}

/** A `block_actions` payload for a button click (form-encoded as `payload=<json>`). */
export function blockActionsPayload(options: BlockActionsOptions): SlackDelivery<Record<string, unknown>> {
  const message = options.message ?? botMessage()
  const messageTs = typeof message.ts === 'string' ? message.ts : newMessageTs()
  const channelId = options.channel ?? FAKE.channelId
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: userRef(options.user, options.user_name),
    api_app_id: FAKE.appId,
    token: FAKE.verificationToken,
    container: {
      type: 'message',
      message_ts: messageTs,
      channel_id: channelId,
      is_ephemeral: options.ephemeral ?? false,
    },
    trigger_id: options.trigger_id ?? newTriggerId(),
    team: { id: FAKE.teamId, domain: FAKE.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: options.channel_name ?? FAKE.channelName },
    state: { values: {} },
    response_url: options.response_url ?? UNUSED_RESPONSE_URL,
    actions: options.actions ?? [buttonAction(options)],
  }
  if (options.ephemeral !== true) payload.message = { ...message, ts: messageTs }
  return interactiveDelivery(payload)
}

export interface MessageShortcutOptions {
  callback_id: string
  /** The message the shortcut was used on (default: a message from the fake reporter). */
  message?: Record<string, unknown>
  user?: string
  user_name?: string
  channel?: string
  channel_name?: string
  response_url?: string
  trigger_id?: string
}

/** A message shortcut (`type: 'message_action'`), form-encoded as `payload=<json>`. */
export function messageShortcutPayload(options: MessageShortcutOptions): SlackDelivery<Record<string, unknown>> {
  const message = options.message ?? {
    type: 'message',
    user: FAKE.userId,
    text: 'What did Reuters say?',
    ts: newMessageTs(),
  }
  const messageTs = typeof message.ts === 'string' ? message.ts : newMessageTs()
  const payload: Record<string, unknown> = {
    type: 'message_action',
    token: FAKE.verificationToken,
    action_ts: actionTs(),
    team: { id: FAKE.teamId, domain: FAKE.teamDomain },
    user: userRef(options.user, options.user_name),
    channel: { id: options.channel ?? FAKE.channelId, name: options.channel_name ?? FAKE.channelName },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: options.callback_id,
    trigger_id: options.trigger_id ?? newTriggerId(),
    response_url: options.response_url ?? UNUSED_RESPONSE_URL,
    message_ts: messageTs,
    message: { ...message, ts: messageTs },
  }
  return interactiveDelivery(payload)
}

function buttonAction(options: BlockActionsOptions): object {
  return {
    type: 'button',
    action_id: options.action_id,
    block_id: options.block_id ?? 'fake_block',
    text: { type: 'plain_text', text: options.text ?? 'Button', emoji: true },
    value: options.value ?? '',
    action_ts: actionTs(),
  }
}

function botMessage(): Record<string, unknown> {
  return { type: 'message', user: FAKE.botUserId, bot_id: FAKE.botId, app_id: FAKE.appId, text: '', ts: newMessageTs() }
}

function userRef(id: string | undefined, name: string | undefined): object {
  const userName = name ?? FAKE.userName
  return { id: id ?? FAKE.userId, username: userName, name: userName, team_id: FAKE.teamId }
}

function actionTs(): string {
  return (Date.now() / 1000).toFixed(6)
}

/** `application/x-www-form-urlencoded`, spaces as `+`, as Slack encodes forms. */
function formEncode(fields: object): string {
  const entries = Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
  return new URLSearchParams(entries).toString()
}

function jsonDelivery<P extends object>(payload: P, type: EnvelopeType): SlackDelivery<P> {
  return { payload, body: JSON.stringify(payload), contentType: 'application/json', envelope: { type, payload } }
}

function interactiveDelivery<P extends object>(payload: P): SlackDelivery<P> {
  return {
    payload,
    body: formEncode({ payload: JSON.stringify(payload) }),
    contentType: 'application/x-www-form-urlencoded',
    envelope: { type: 'interactive', payload },
  }
}

// ---------------------------------------------------------------------------------------
// Posting to an app in HTTP mode

export interface PostToAppOptions {
  body: string
  contentType: SlackContentType
  /** Signing secret; the request is signed with it. */
  secret: string
  /** Request timestamp in epoch seconds (default now); use an old one to test staleness. */
  timestamp?: number
  /** Extra or overriding headers (e.g. a forged `X-Slack-Signature`). */
  headers?: Record<string, string>
  /** Default `/slack/events` (Bolt's default endpoint). */
  path?: string
  /** Sets `X-Slack-Retry-Num` / `X-Slack-Retry-Reason`, as Slack does on redelivery. */
  retryNum?: number
  retryReason?:
    | 'http_timeout'
    | 'http_error'
    | 'connection_failed'
    | 'too_many_redirects'
    | 'ssl_error'
    | 'unknown_error'
}

export interface AppResponse {
  status: number
  /** Response body text (Bolt acks with `''`, or JSON when `ack(response)` was given one). */
  body: string
  headers: Headers
  /** How long the app took to answer (Slack gives up after 3 s). */
  elapsedMs: number
}

/** Signs and POSTs a Slack request to an app (e.g. `http://127.0.0.1:PORT`). */
export async function postToApp(baseUrl: string, options: PostToAppOptions): Promise<AppResponse> {
  const headers: Record<string, string> = {
    'Content-Type': options.contentType,
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signRequest(options.secret, options.body, options.timestamp),
  }
  if (options.retryNum !== undefined) headers['X-Slack-Retry-Num'] = String(options.retryNum)
  if (options.retryReason !== undefined) headers['X-Slack-Retry-Reason'] = options.retryReason
  const started = Date.now()
  const response = await fetch(new URL(options.path ?? '/slack/events', baseUrl), {
    method: 'POST',
    headers: { ...headers, ...options.headers },
    body: options.body,
  })
  const body = await response.text()
  return { status: response.status, body, headers: response.headers, elapsedMs: Date.now() - started }
}
