/**
 * The one way the Slack layer reaches search: a query in, the Block Kit message out, computed in its turn on the
 * answer queue. Nothing else in src/slack calls the index (so search can move to a worker thread by changing only
 * this module).
 */
import {
  answerMessage,
  MAX_OFFSET,
  noticeMessage,
  PAGING,
  type AnswerMessageOptions,
  type SlackMessage,
} from '../render/blocks.ts'
import { quotesMessage } from '../render/quoteBlocks.ts'
import { quoteNotes } from '../render/quoteParts.ts'
import { warmUpSteps } from '../search/warm.ts'
import type { Snapshot } from '../snapshot/snapshot.ts'
import type { SnapshotStore } from '../snapshot/store.ts'
import type { SlackCalls } from './delivery.ts'
import { type Logger, reasonOf } from './logger.ts'
import { stripSlackMarkup } from './markup.ts'
import type { InFlight } from './requests.ts'
import type { SharedState } from './sharedState.ts'
import type { TurnQueue } from './turnQueue.ts'
import type { SlackIntake } from './listeners/add.ts'

/** What every listener needs, built once in app.ts. */
export interface SlackDeps {
  store: SnapshotStore
  maxQueryChars: number
  log: Logger
  /** The slash command's name, for help texts. */
  command: string
  /** Where searches wait their turn, one per turn of the event loop so that requests are acked between them. */
  queue: TurnQueue
  /** Everything sent to Slack (delivery.ts). */
  calls: SlackCalls
  /** De-duplication and the per-person limit, shared between replicas when REDIS_URL is set. */
  shared: SharedState
  /** Requests being answered (for graceful shutdown). */
  inFlight: InFlight
  /** `/syria add <link>`: where articles go, who may add, how links are fetched (listeners/add.ts). */
  intake?: SlackIntake | null
}

export const LOADING_TEXT = 'Storydesk is still loading the coverage. Try again in a few seconds.'
export const APOLOGY_TEXT =
  'Sorry, something went wrong while answering. The team has the details in the log; please try again.'

export interface QueryRequest {
  query: string
  user: string
  /** Where the page starts; clamped to the last page paging allows (PAGING in render/blocks.ts). */
  offset?: number
  /** A query taken from a message (shortcut, thread parent) is cut to the limit instead of refused. */
  fromMessage?: boolean
  render?: AnswerMessageOptions
}

/**
 * Turns a query into the message to send, in its turn on the answer queue: checks the query length, runs the search
 * on the current snapshot (one page, never past PAGING's last page) and renders Block Kit. Never throws for bad input.
 *
 * @example
 * const message = await answerQuery(deps, { query: 'homs distance', user: 'U123' })
 */
export function answerQuery(deps: SlackDeps, request: QueryRequest): Promise<SlackMessage> {
  return deps.queue.run(() => answerNow(deps, request))
}

function answerNow(deps: SlackDeps, request: QueryRequest): SlackMessage {
  const snapshot = deps.store.current()
  if (!snapshot) return noticeMessage(LOADING_TEXT)
  // A query pasted from Slack searches its words, never its markup (<@U123>, <!channel>, <https://x|label>).
  let query = stripSlackMarkup(request.query).replace(/\s+/g, ' ').trim()
  let searched = request.render?.searched
  if (query.length > deps.maxQueryChars) {
    if (!request.fromMessage) {
      return noticeMessage(
        `Your query is ${query.length} characters long; the limit is ${deps.maxQueryChars}. Ask with the few words that matter, e.g. "homs distance".`,
      )
    }
    query = cutAtWord(query, deps.maxQueryChars)
    searched = query
  }
  const offset = Math.min(Math.max(0, Math.floor(request.offset ?? 0)), MAX_OFFSET)
  const answer = snapshot.index.search(query, { limit: PAGING.pageSize, offset })
  // A passage whose quotation other outlets print in other words carries a warning (issue 10).
  const passageNotes = quoteNotes(snapshot.quotations)
  return answerMessage(answer, { passageNotes, ...request.render, ...(searched ? { searched } : {}) })
}

export interface QuotationRequest {
  /** 'speaker': `quotes <name>`; 'words': `check "<words>"` or the quotation in a message. */
  by: 'speaker' | 'words'
  query: string
  /** Words taken from a message (the shortcut): cut to the length limit instead of refused, and shown as checked. */
  fromMessage?: boolean
}

/**
 * A quotation lookup (issue 10) in its turn on the answer queue, with the same length limit as a query: a speaker's
 * statements, or which outlets printed exactly these words. Never throws for bad input.
 *
 * @example
 * const message = await answerQuotation(deps, { by: 'words', query: '"we are in a good position"' })
 */
export function answerQuotation(deps: SlackDeps, request: QuotationRequest): Promise<SlackMessage> {
  return deps.queue.run(() => {
    const snapshot = deps.store.current()
    if (!snapshot) return noticeMessage(LOADING_TEXT)
    let query = stripSlackMarkup(request.query).replace(/\s+/g, ' ').trim()
    if (query.length > deps.maxQueryChars) {
      if (!request.fromMessage)
        return noticeMessage(
          `Your words are ${query.length} characters long; the limit is ${deps.maxQueryChars}. Check a shorter stretch of the quotation.`,
        )
      query = cutAtWord(query, deps.maxQueryChars)
    }
    const lookup = snapshot.quotations.run({ by: request.by, query })
    return quotesMessage(lookup, request.fromMessage ? { searched: query } : {})
  })
}

/**
 * Warms up the first non-empty index the service answers from (search/warm.ts), one step per job on the answer queue,
 * so requests are acked between the steps. It blocks the event loop about as long as the first question would have
 * (the first query step, 0.4–0.6 s at a million passages), once, right after loading instead of in a person's answer.
 * Later snapshots share the compiled search code and build their small tries as needed.
 *
 * @example warmUpFirstIndex(deps)   // once, when the app starts; the index may still be loading
 */
export function warmUpFirstIndex(deps: SlackDeps): void {
  const warm = (snapshot: Snapshot): boolean => {
    const steps = warmUpSteps(snapshot.index)
    if (steps.length < 2) return false // no query to run (an empty index): wait for the next snapshot
    const started = performance.now()
    const done = steps.map((step) => deps.queue.run(step.run))
    Promise.all(done).then(
      () =>
        deps.log.debug(
          { event: 'index.warmed', queries: steps.length - 1, ms: Math.round(performance.now() - started) },
          'search warmed up',
        ),
      (error: unknown) =>
        deps.log.warn({ event: 'index.warm_failed', err: error }, `search warm-up failed: ${reasonOf(error)}`),
    )
    return true
  }
  const current = deps.store.current()
  if (current && warm(current)) return
  const stop = deps.store.onReplace((snapshot) => {
    if (warm(snapshot)) stop()
  })
}

/** The first `max` characters of a text, ending at a word boundary. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text
  const head = text.slice(0, max + 1)
  const space = head.lastIndexOf(' ')
  return (space > max / 2 ? head.slice(0, space) : text.slice(0, max)).trimEnd()
}
