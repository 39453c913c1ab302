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
import type { SnapshotStore } from '../snapshot/store.ts'
import type { SlackCalls } from './delivery.ts'
import type { Logger } from './logger.ts'
import { stripSlackMarkup } from './markup.ts'
import type { InFlight } from './requests.ts'
import type { SharedState } from './sharedState.ts'
import type { SlackIntake } from './listeners/add.ts'

/** What every listener needs, built once in app.ts. */
export interface SlackDeps {
  store: SnapshotStore
  maxQueryChars: number
  log: Logger
  /** The slash command's name, for help texts. */
  command: string
  /** Where searches wait their turn (see AnswerQueue). */
  queue: AnswerQueue
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

/** The first `max` characters of a text, ending at a word boundary. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text
  const head = text.slice(0, max + 1)
  const space = head.lastIndexOf(' ')
  return (space > max / 2 ? head.slice(0, space) : text.slice(0, max)).trimEnd()
}

/**
 * Requests Slack is waiting on an acknowledgement for (an HTTP request not yet answered): the answer queue lets them
 * through before its next job. Why: a request goes through several turns of the event loop before Bolt acks it
 * (body, signature, middleware), and a search ran at each of those turns; with 50 commands at once on a million
 * passages the last acks came after 70–140 ms of other people's searches.
 */
export class PendingAcks {
  private count = 0
  private waiters: (() => void)[] = []

  /** A request arrived (its body read: see app.ts). */
  begin(): void {
    this.count++
  }

  /** Its acknowledgement was sent (or the connection closed). */
  end(): void {
    this.count = Math.max(0, this.count - 1)
    if (this.count > 0) return
    const waiters = this.waiters
    this.waiters = []
    for (const wake of waiters) wake()
  }

  get pending(): number {
    return this.count
  }

  /** Resolves once no request waits for its ack, or after `maxWaitMs` (answers are never held up for longer). */
  settled(maxWaitMs: number): Promise<void> {
    if (this.count === 0) return Promise.resolve()
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(() => {
        // Timed out while requests are still pending: no longer waiting, so no longer listed.
        this.waiters = this.waiters.filter((waiter) => waiter !== wake)
        resolve()
      }, maxWaitMs)
      this.waiters.push(wake)
    })
  }
}

export const ANSWER_QUEUE_DEFAULTS = {
  /**
   * The longest a job waits for pending acks before it runs anyway: under a constant stream of requests, answers
   * still go out. Slack allows 3 s for an ack; 50 concurrent commands are acked within about 50 ms.
   */
  maxAckWaitMs: 100,
} as const

/**
 * Runs CPU work (search and rendering) one job at a time, going back to the event loop between jobs, and letting
 * requests waiting for their ack through first (PendingAcks). Slack expects every request acknowledged within 3
 * seconds: with a burst of commands, a request that arrives while answers are being computed is read and acked after
 * the current job, not after all of them.
 *
 * @example const queue = new AnswerQueue(acks); const message = await queue.run(() => render(search(query)))
 */
export class AnswerQueue {
  private readonly jobs: (() => void)[] = []
  private running = false
  /** True once the next job has waited for pending acks: it then runs, whatever arrived meanwhile. */
  private waited = false

  constructor(
    private readonly acks: PendingAcks | null = null,
    private readonly maxAckWaitMs: number = ANSWER_QUEUE_DEFAULTS.maxAckWaitMs,
  ) {}

  run<T>(job: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push(() => {
        try {
          resolve(job())
        } catch (error) {
          reject(error)
        }
      })
      if (!this.running) {
        this.running = true
        setImmediate(() => this.next())
      }
    })
  }

  private next(): void {
    if (this.jobs.length === 0) {
      this.running = false
      return
    }
    if (this.acks && this.acks.pending > 0 && !this.waited) {
      this.waited = true
      void this.acks.settled(this.maxAckWaitMs).then(() => setImmediate(() => this.next()))
      return
    }
    this.waited = false
    const job = this.jobs.shift()!
    job()
    // Scheduled from inside the check phase, the next job runs on the next turn of the event loop, after pending I/O.
    setImmediate(() => this.next())
  }
}
