/**
 * Identities and id formats of the fake Slack workspace.
 *
 * Real Slack ids have recognisable shapes that Bolt and our app sometimes rely on:
 * team ids start with `T`, users with `U`, bots with `B`, apps with `A`, public
 * channels with `C`, views with `V`, events with `Ev`; message timestamps (`ts`) are
 * strings `"<epoch seconds>.<6 digits>"` that are unique per channel and sort in time
 * order; tokens are `xoxb-` (bot), `xoxp-` (user) and `xapp-` (app-level, Socket Mode).
 * See https://docs.slack.dev/authentication/tokens and
 * https://docs.slack.dev/messaging/retrieving-messages (ts as message id).
 *
 * Everything in the fake workspace uses these constants unless a test overrides them,
 * so a test can write `expect(call.body.channel).toBe(FAKE.channelId)`.
 */
import { randomBytes, randomUUID } from 'node:crypto'

/** The fake workspace, app and bot. Stable across runs, so assertions can name them. */
export const FAKE = {
  teamId: 'T0FAKETEAM',
  teamDomain: 'storydesk-test',
  teamName: 'Storydesk Test Newsroom',
  appId: 'A0FAKEAPP',
  botId: 'B0FAKEBOT',
  botUserId: 'U0FAKEBOT',
  botUserName: 'storydesk',
  userId: 'U0REPORTER',
  userName: 'reporter',
  channelId: 'C0NEWSDESK',
  channelName: 'newsdesk',
  /** Bot token the app is configured with (`token`); any well-formed xoxb- token is accepted unless restricted. */
  botToken: 'xoxb-0000000000-1111111111-fakebottoken',
  /** App-level token for Socket Mode (`appToken`). */
  appToken: 'xapp-1-A0FAKEAPP-0000000000-fakeapptoken',
  /** Signing secret shared by the app and the request builders (HTTP mode). */
  signingSecret: 'fake-signing-secret-0123456789abcdef',
  /** The deprecated verification token Slack still puts in payloads (`token` field). */
  verificationToken: 'fakeVerificationToken000',
} as const

let tsCounter = 0
let lastTsSeconds = 0

/**
 * A fresh message timestamp like Slack's: `"1718000000.000123"`. Strictly increasing
 * within a process, so messages posted later sort later (as in real channels).
 */
export function newMessageTs(): string {
  const seconds = Math.floor(Date.now() / 1000)
  if (seconds > lastTsSeconds) {
    lastTsSeconds = seconds
    tsCounter = 0
  }
  tsCounter += 1
  if (tsCounter > 999_999) {
    lastTsSeconds += 1
    tsCounter = 1
  }
  return `${lastTsSeconds}.${String(tsCounter).padStart(6, '0')}`
}

/** A trigger id shaped like Slack's (`"13345224609.738474920.8088930838d88f008e0"`). */
export function newTriggerId(): string {
  const digits = (n: number): string => String(Math.floor(Math.random() * 10 ** n)).padStart(n, '1')
  return `${digits(11)}.${digits(9)}.${randomBytes(10).toString('hex')}`
}

/** An Events API event id (`"Ev0123ABCD"`). */
export function newEventId(): string {
  return `Ev${randomBytes(5).toString('hex').toUpperCase()}`
}

/** A view id (`"V0123ABCD"`). */
export function newViewId(): string {
  return `V${randomBytes(5).toString('hex').toUpperCase()}`
}

/** A Socket Mode envelope id: Slack uses UUIDs. */
export function newEnvelopeId(): string {
  return randomUUID()
}

/** A short random id for URLs and tickets. */
export function newOpaqueId(): string {
  return randomBytes(12).toString('hex')
}

/** Current time in whole epoch seconds (the unit of Slack's request timestamps and `event_time`). */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000)
}
