/**
 * Default answers of the fake Web API methods a bot uses, and the little workspace state
 * behind them (messages the app posted, configured thread replies, users).
 *
 * Each handler returns the success shape documented for the real method (trimmed to the
 * fields apps read) and the documented errors for missing arguments and broken blocks:
 *   auth.test            https://docs.slack.dev/reference/methods/auth.test
 *   chat.postMessage     https://docs.slack.dev/reference/methods/chat.postMessage   (ts, channel, message; no_text, channel_not_found, invalid_blocks)
 *   chat.postEphemeral   https://docs.slack.dev/reference/methods/chat.postEphemeral (message_ts)
 *   chat.update          https://docs.slack.dev/reference/methods/chat.update
 *   chat.delete          https://docs.slack.dev/reference/methods/chat.delete
 *   conversations.replies https://docs.slack.dev/reference/methods/conversations.replies
 *   views.open/publish/update/push https://docs.slack.dev/reference/methods/views.open …
 *   users.info           https://docs.slack.dev/reference/methods/users.info
 *   apps.connections.open https://docs.slack.dev/reference/methods/apps.connections.open
 * Deliberately lenient where strictness would only get in a test's way: chat.update and
 * chat.delete accept timestamps the fake never issued, users.info invents any user asked for,
 * conversations.replies of an unknown thread is `{ ok: true, messages: [] }`.
 */
import { MAX_BLOCKS_IN_MESSAGE, MAX_BLOCKS_IN_VIEW, checkBlocks, formatProblem } from './blockKitChecks.ts'
import { FAKE, newMessageTs, newViewId } from './slackIds.ts'

/** A Web API answer body (HTTP 200). */
export interface SlackResponse {
  ok: boolean
  error?: string
  [field: string]: unknown
}

export type TokenType = 'bot' | 'user' | 'app'

/** What a method handler gets: the parsed arguments (token removed) and who called. */
export interface MethodRequest {
  method: string
  args: Record<string, unknown>
  token: string
  tokenType: TokenType
}

export type MethodHandler = (request: MethodRequest) => SlackResponse

/** A message as stored in (and served from) a fake channel. */
export interface StoredMessage {
  type: 'message'
  ts: string
  text: string
  user?: string
  bot_id?: string
  app_id?: string
  team?: string
  thread_ts?: string
  blocks?: unknown[]
  attachments?: unknown[]
  [field: string]: unknown
}

/** A users.info `user` object (the fields apps read). */
export interface FakeUser {
  id: string
  team_id?: string
  name?: string
  real_name?: string
  tz?: string
  is_bot?: boolean
  profile?: Record<string, unknown>
  [field: string]: unknown
}

/** Where apps.connections.open gets its WebSocket URL from (the fake Socket Mode server). */
export interface SocketUrlIssuer {
  issueUrl(): string
}

export interface WorkspaceOptions {
  /** Check Block Kit limits like real Slack does (default true). */
  validateBlocks: boolean
}

/** In-memory state of the fake workspace plus the method table. */
export class FakeWorkspace {
  socket: SocketUrlIssuer | undefined
  readonly #options: WorkspaceOptions
  readonly #channels = new Map<string, StoredMessage[]>()
  readonly #configuredReplies = new Map<string, unknown[]>()
  readonly #users = new Map<string, FakeUser>()
  readonly #custom = new Map<string, MethodHandler>()

  constructor(options: WorkspaceOptions) {
    this.#options = options
  }

  /** The handler for a method: a custom one if set, else the default; undefined = unknown_method. */
  handlerFor(method: string): MethodHandler | undefined {
    return this.#custom.get(method) ?? this.#defaults.get(method)
  }

  setHandler(method: string, handler: MethodHandler): void {
    this.#custom.set(method, handler)
  }

  /** What conversations.replies serves for (channel, ts), verbatim. */
  setReplies(channel: string, ts: string, messages: unknown[]): void {
    this.#configuredReplies.set(threadKey(channel, ts), messages)
  }

  setUser(user: FakeUser): void {
    this.#users.set(user.id, user)
  }

  /** Messages currently in a channel (posted and not deleted), oldest first. */
  messages(channel: string): StoredMessage[] {
    return [...(this.#channels.get(channel) ?? [])]
  }

  reset(): void {
    this.#channels.clear()
    this.#configuredReplies.clear()
    this.#users.clear()
    this.#custom.clear()
  }

  readonly #defaults = new Map<string, MethodHandler>([
    ['auth.test', (r) => authTest(r.tokenType)],
    ['chat.postMessage', (r) => this.#postMessage(r)],
    ['chat.postEphemeral', (r) => this.#postEphemeral(r)],
    ['chat.update', (r) => this.#update(r)],
    ['chat.delete', (r) => this.#delete(r)],
    ['conversations.replies', (r) => this.#conversationReplies(r)],
    ['views.open', (r) => this.#view(r, 'trigger_id', 'modal')],
    ['views.push', (r) => this.#view(r, 'trigger_id', 'modal')],
    ['views.update', (r) => this.#view(r, r.args.external_id === undefined ? 'view_id' : 'external_id', 'modal')],
    ['views.publish', (r) => this.#view(r, 'user_id', 'home')],
    ['users.info', (r) => this.#userInfo(r)],
    ['apps.connections.open', () => this.#connectionsOpen()],
  ])

  #postMessage({ args, tokenType }: MethodRequest): SlackResponse {
    const channel = asString(args.channel)
    if (channel === undefined) return failure('channel_not_found')
    const invalid = this.#checkMessageContent(args)
    if (invalid) return invalid
    const message = buildMessage(args, newMessageTs(), tokenType)
    this.#store(channel, message)
    return { ok: true, channel, ts: message.ts, message }
  }

  #postEphemeral({ args }: MethodRequest): SlackResponse {
    if (asString(args.channel) === undefined) return failure('channel_not_found')
    if (asString(args.user) === undefined) return failure('user_not_in_channel')
    const invalid = this.#checkMessageContent(args)
    if (invalid) return invalid
    return { ok: true, message_ts: newMessageTs() }
  }

  #update({ args, tokenType }: MethodRequest): SlackResponse {
    const channel = asString(args.channel)
    const ts = asString(args.ts)
    if (channel === undefined) return failure('channel_not_found')
    if (ts === undefined) return failure('message_not_found')
    const invalid = this.#checkMessageContent(args)
    if (invalid) return invalid
    // Slack keeps the previous blocks/attachments when an update omits them, and the thread.
    const stored = this.messages(channel).find((m) => m.ts === ts)
    const message: StoredMessage = { ...stored, ...buildMessage(args, ts, tokenType) }
    if (stored?.thread_ts !== undefined) message.thread_ts = stored.thread_ts
    this.#replace(channel, message)
    return { ok: true, channel, ts, text: message.text, message }
  }

  #delete({ args }: MethodRequest): SlackResponse {
    const channel = asString(args.channel)
    const ts = asString(args.ts)
    if (channel === undefined) return failure('channel_not_found')
    if (ts === undefined) return failure('message_not_found')
    this.#channels.set(
      channel,
      this.messages(channel).filter((m) => m.ts !== ts),
    )
    return { ok: true, channel, ts }
  }

  #conversationReplies({ args }: MethodRequest): SlackResponse {
    const channel = asString(args.channel)
    const ts = asString(args.ts)
    if (channel === undefined) return failure('channel_not_found')
    if (ts === undefined) return failure('thread_not_found')
    const configured = this.#configuredReplies.get(threadKey(channel, ts))
    const messages = configured ?? this.messages(channel).filter((m) => m.ts === ts || m.thread_ts === ts)
    return { ok: true, messages, has_more: false, response_metadata: { next_cursor: '' } }
  }

  #view({ args }: MethodRequest, required: string, type: 'modal' | 'home'): SlackResponse {
    if (asString(args[required]) === undefined) return failure('invalid_arguments')
    const view = args.view
    if (!isObject(view) || !Array.isArray(view.blocks)) return failure('invalid_arguments')
    const problems = this.#options.validateBlocks ? checkBlocks(view.blocks, MAX_BLOCKS_IN_VIEW, '/view/blocks') : []
    if (problems.length > 0) {
      return failure('invalid_arguments', {
        response_metadata: { messages: problems.map((p) => `[ERROR] ${formatProblem(p)}`) },
      })
    }
    return { ok: true, view: buildView(view, type, asString(args.view_id)) }
  }

  #userInfo({ args }: MethodRequest): SlackResponse {
    const id = asString(args.user)
    if (id === undefined) return failure('user_not_found')
    return { ok: true, user: this.#users.get(id) ?? inventUser(id) }
  }

  #connectionsOpen(): SlackResponse {
    if (this.socket === undefined) return failure('fake_socket_mode_not_started')
    return { ok: true, url: this.socket.issueUrl() }
  }

  /** no_text / invalid_blocks_format / invalid_blocks, as chat.* methods answer them. */
  #checkMessageContent(args: Record<string, unknown>): SlackResponse | undefined {
    const { text, blocks, attachments } = args
    if (asString(text) === undefined && blocks === undefined && attachments === undefined) return failure('no_text')
    if (blocks === undefined) return undefined
    if (!Array.isArray(blocks)) return failure('invalid_blocks_format')
    if (!this.#options.validateBlocks) return undefined
    const problems = checkBlocks(blocks, MAX_BLOCKS_IN_MESSAGE, '/blocks')
    if (problems.length === 0) return undefined
    const errors = problems.map(formatProblem)
    return failure('invalid_blocks', { errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } })
  }

  #store(channel: string, message: StoredMessage): void {
    this.#channels.set(channel, [...this.messages(channel), message])
  }

  #replace(channel: string, message: StoredMessage): void {
    const others = this.messages(channel).filter((m) => m.ts !== message.ts)
    this.#channels.set(
      channel,
      [...others, message].sort((a, b) => a.ts.localeCompare(b.ts)),
    )
  }
}

function authTest(tokenType: TokenType): SlackResponse {
  const common = { ok: true, url: `https://${FAKE.teamDomain}.slack.com/`, team: FAKE.teamName, team_id: FAKE.teamId }
  if (tokenType === 'user')
    return { ...common, user: FAKE.userName, user_id: FAKE.userId, is_enterprise_install: false }
  return {
    ...common,
    user: FAKE.botUserName,
    user_id: FAKE.botUserId,
    bot_id: FAKE.botId,
    is_enterprise_install: false,
  }
}

function buildMessage(args: Record<string, unknown>, ts: string, tokenType: TokenType): StoredMessage {
  const author =
    tokenType === 'user' ? { user: FAKE.userId } : { user: FAKE.botUserId, bot_id: FAKE.botId, app_id: FAKE.appId }
  const message: StoredMessage = { type: 'message', ts, text: asString(args.text) ?? '', ...author, team: FAKE.teamId }
  const threadTs = asString(args.thread_ts)
  if (threadTs !== undefined) message.thread_ts = threadTs
  if (Array.isArray(args.blocks)) message.blocks = args.blocks
  if (Array.isArray(args.attachments)) message.attachments = args.attachments
  return message
}

function buildView(
  view: Record<string, unknown>,
  type: 'modal' | 'home',
  viewId: string | undefined,
): Record<string, unknown> {
  const id = viewId ?? newViewId()
  return {
    id,
    team_id: FAKE.teamId,
    type,
    private_metadata: '',
    callback_id: '',
    external_id: '',
    state: { values: {} },
    hash: `${Date.now()}.fakehash`,
    clear_on_close: false,
    notify_on_close: false,
    root_view_id: id,
    previous_view_id: null,
    app_id: FAKE.appId,
    app_installed_team_id: FAKE.teamId,
    bot_id: FAKE.botId,
    ...view,
  }
}

function inventUser(id: string): FakeUser {
  const name = `user-${id.toLowerCase()}`
  return {
    id,
    team_id: FAKE.teamId,
    name,
    real_name: `Test User ${id}`,
    tz: 'Europe/London',
    is_bot: false,
    profile: { real_name: `Test User ${id}`, display_name: name },
  }
}

export function failure(error: string, extra: Record<string, unknown> = {}): SlackResponse {
  return { ok: false, error, ...extra }
}

function threadKey(channel: string, ts: string): string {
  return `${channel}/${ts}`
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
