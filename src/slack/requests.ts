/**
 * The one wrapper every listener runs in (registered in one place, listeners/index.ts): it does the cross-cutting
 * work so that a listener only reads its request and computes its answer.
 *
 *   ack at once (Slack's 3 s) → ignore what is not for us → answer once (de-duplication by event id, Socket Mode
 *   envelope id and HTTP signature, shared between replicas) → the person's query limit (buttons count too) →
 *   the listener's answer → delivered to the request's reply target → one log line with timings
 *   on failure: one log line with the request's context, and one apology where it can still be delivered
 *
 * It also counts requests in flight, so a graceful shutdown can wait for them.
 */
import { exampleQueries } from '../search/advice.ts'
import type { AllMiddlewareArgs } from '@slack/bolt'
import { noticeMessage } from '../render/blocks.ts'
import type { CommandContext } from '../commands/router.ts'
import { APOLOGY_TEXT, LOADING_TEXT, answerQuery, answerQuotation, type SlackDeps } from './answering.ts'
import { canApologise, type Outgoing, type ReplyTarget } from './delivery.ts'
import { reasonOf } from './logger.ts'
import { answerAdd } from './listeners/add.ts'

export type RequestKind = 'command' | 'event' | 'action' | 'shortcut' | 'view'

/** What the wrapper needs to know about a request, read by the listener. */
export interface RequestInfo {
  user: string
  channel?: string
  /** The text asked (the log records its length; the text itself only at debug). */
  text?: string
  /** Where the answer and an apology go; null when the listener delivers itself (App Home). */
  reply: ReplyTarget | null
}

/** A listener: what it answers, and how. */
export interface ListenerSpec<A> {
  kind: RequestKind
  /** For logs: the command, event type, action or callback id. */
  name: string
  /** Counts against the person's query limit. */
  limited: boolean
  /** Reads the request; null when it is not for us (a bot's message, an edit, another tab): ignored. */
  read(args: A, deps: SlackDeps): RequestInfo | null
  /** The message(s) to send to the reply target, in order; null for none. */
  answer(args: A, request: RequestInfo, deps: SlackDeps): Promise<Outgoing | Outgoing[] | null>
}

type ListenerArgs = AllMiddlewareArgs & { body: unknown; ack?: (response?: never) => Promise<void> }

/** Wraps a listener spec into a Bolt listener. */
export function listener<A extends ListenerArgs>(deps: SlackDeps, spec: ListenerSpec<A>): (args: A) => Promise<void> {
  return async (args: A) => {
    const started = performance.now()
    if (args.ack) await args.ack()
    // Counted from the ack on, so a graceful shutdown waits for every request it has already taken. Over HTTP the
    // receiver counts it from its ack already (httpReceiver.ts), before Bolt runs it.
    const done = args.context.inFlightTracked === true ? () => undefined : deps.inFlight.track()
    try {
      await handle(deps, spec, args, started)
    } finally {
      done()
    }
  }
}

async function handle<A extends ListenerArgs>(deps: SlackDeps, spec: ListenerSpec<A>, args: A, started: number) {
  const log = deps.log
  const request = spec.read(args, deps)
  if (!request) {
    log.debug({ event: 'request.ignored', kind: spec.kind, name: spec.name }, `not for us: ${spec.name}`)
    return
  }
  const fields = {
    kind: spec.kind,
    name: spec.name,
    user: request.user,
    channel: request.channel,
    ...(request.text === undefined ? {} : { queryLength: request.text.length }),
    ...(request.text !== undefined && log.isLevelEnabled('debug') ? { query: request.text } : {}),
  }
  const keys = deliveryKeys(args)
  if (!(await deps.shared.dedup.firstTime(keys))) {
    log.info({ event: 'request.duplicate', ...fields, keys }, `ignoring a repeat delivery of ${spec.name}`)
    return
  }
  try {
    if (spec.limited) {
      const verdict = await deps.shared.limiter.take(request.user)
      if (!verdict.allowed) {
        await request.reply?.send(
          noticeMessage(
            `You have asked a lot in the last minute. Please wait ${verdict.retryInSeconds} seconds and ask again.`,
          ),
        )
        log.info({ event: 'request.limited', ...fields }, `${request.user} is over the query limit`)
        return
      }
    }
    const outgoing = await spec.answer(args, request, deps)
    for (const message of outgoing === null ? [] : [outgoing].flat()) await request.reply?.send(message)
    log.info({ event: 'request.answered', ...fields, ms: elapsed(started) }, `answered ${spec.name}`)
  } catch (error) {
    log.error(
      { event: 'request.failed', ...fields, where: request.reply?.where, ms: elapsed(started), err: error },
      `${spec.name} failed for ${request.user}${request.channel ? ` in ${request.channel}` : ''}: ${reasonOf(error)}`,
    )
    if (request.reply && canApologise(error)) {
      await request.reply
        .send(noticeMessage(APOLOGY_TEXT))
        .catch((e: unknown) =>
          log.error(
            { event: 'request.apology_failed', ...fields, err: e },
            `could not apologise for ${spec.name}: ${reasonOf(e)}`,
          ),
        )
    }
  }
}

/**
 * What identifies a delivery from Slack: the event id (the same on a retry and on a redelivery), the Socket Mode
 * envelope id, and the HTTP request signature (the same when a signed request is replayed).
 */
export function deliveryKeys(args: { body: unknown; context: Record<string, unknown> }): string[] {
  const keys: string[] = []
  const eventId = (args.body as { event_id?: unknown } | null)?.event_id
  if (typeof eventId === 'string') keys.push(`event:${eventId}`)
  if (typeof args.context.envelopeId === 'string') keys.push(`envelope:${args.context.envelopeId}`)
  if (typeof args.context.requestSignature === 'string') keys.push(`signature:${args.context.requestSignature}`)
  return keys
}

/** What a front end offers through the router (`commandContext`). */
export interface FrontEndOptions {
  /** Offer "Share in channel" and "More results" under answers (private answers only). Default true. */
  buttons?: boolean
  /**
   * `add <link>` adds the article here. Only the slash command does: its reply is private (response_url, ephemeral),
   * while a mention or a DM is answered with a message in the conversation, and a refusal can name what a link leads
   * to inside the network ("leads to 10.1.2.3"). Elsewhere `add` only says to use the slash command. Default false.
   */
  adds?: boolean
}

/** The reply to `add <link>` where the front end does not add (a mention, a DM). */
function addBySlashCommand(command: string): string {
  return `Articles are added with the slash command, which answers only you: ${command} add <link> (producers only).`
}

/** The router's context for one request: answers through answering.ts, as this person. */
export function commandContext(deps: SlackDeps, user: string, options: FrontEndOptions = {}): CommandContext {
  const render = { buttons: options.buttons ?? true }
  return {
    command: deps.command,
    articles: () => deps.store.current()?.articles ?? null,
    answer: (query) => answerQuery(deps, { query, user, render }),
    loading: () => noticeMessage(LOADING_TEXT),
    examples: () => {
      const snapshot = deps.store.current()
      return snapshot ? exampleQueries(snapshot.index) : []
    },
    add: options.adds
      ? (link) => answerAdd(deps.intake ?? null, deps.store, { text: link, user, command: deps.command })
      : async () => noticeMessage(addBySlashCommand(deps.command)),
    quotations: (lookup) => answerQuotation(deps, lookup),
  }
}

/** Counts requests being answered, so shutdown can wait for them. */
export class InFlight {
  private count = 0
  private readonly waiters = new Set<() => void>()

  /** Marks one request started; call the returned function when it is done. */
  track(): () => void {
    this.count += 1
    let done = false
    return () => {
      if (done) return
      done = true
      this.count -= 1
      if (this.count === 0) for (const wake of this.waiters) wake()
    }
  }

  get size(): number {
    return this.count
  }

  /** Resolves true when nothing is in flight, or false after `timeoutMs` with requests still running. */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true)
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        this.waiters.delete(wake)
        resolve(true)
      }
      const timer = setTimeout(() => {
        this.waiters.delete(wake)
        resolve(false)
      }, timeoutMs)
      this.waiters.add(wake)
    })
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started)
}
