/**
 * Storydesk's log: pino, one JSON object a line (time, level, what happened, ids, timings) for log collectors, or
 * readable lines on a terminal. Bolt and the Socket Mode client log through the same logger (`boltLogger`), so every
 * line of the process has one format.
 *
 * Fields every line may carry (named once here, so searches in a log store find them all):
 *   event     what happened, e.g. "request.answered", "slack.call_failed", "socket.reconnecting"
 *   kind      command | event | action | shortcut (a request from Slack)
 *   name      the command, event type, action id or callback id
 *   user, channel   Slack ids (never names)
 *   queryLength     length of the text asked; the text itself (`query`) only at LOG_LEVEL=debug
 *   ms        how long it took
 *   err       an error (pino's serializer: type, message, stack)
 * Tokens are never logged: the fields that could carry one are redacted.
 *
 * @example
 * const log = createLogger({ level: 'info' })
 * log.info({ event: 'request.answered', kind: 'command', user: 'U1', ms: 12 }, 'answered /syria')
 */
import { LogLevel as BoltLogLevel, type Logger as BoltLogger } from '@slack/bolt'
import { pino, stdSerializers, stdTimeFunctions, type DestinationStream, type Logger } from 'pino'
import pretty from 'pino-pretty'
import type { LogFormat, LogLevel } from '../config.ts'

export type { Logger } from 'pino'

export interface LoggerOptions {
  level: LogLevel
  /** Default: pretty when stdout is a terminal, JSON lines otherwise. */
  format?: LogFormat | undefined
  /** Where lines go (default stdout); for tests. */
  destination?: DestinationStream
}

/** Paths that could hold a secret in anything logged; their values are replaced by "[redacted]". */
const REDACT = [
  'token',
  '*.token',
  'headers.authorization',
  '*.headers.authorization',
  'appToken',
  'botToken',
  'signingSecret',
]

export function createLogger(options: LoggerOptions): Logger {
  const format = options.format ?? (process.stdout.isTTY ? 'pretty' : 'json')
  const settings = {
    level: options.level,
    base: { pid: process.pid },
    timestamp: stdTimeFunctions.isoTime,
    // Level as a word ("info"), which every log store reads, rather than pino's number.
    formatters: { level: (label: string) => ({ level: label }) },
    serializers: { err: stdSerializers.err },
    redact: { paths: REDACT, censor: '[redacted]' },
  }
  if (format === 'pretty') {
    const stream =
      options.destination ?? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid', sync: true })
    return pino(settings, stream)
  }
  return options.destination ? pino(settings, options.destination) : pino(settings)
}

const TO_BOLT: Record<string, BoltLogLevel> = {
  trace: BoltLogLevel.DEBUG,
  debug: BoltLogLevel.DEBUG,
  info: BoltLogLevel.INFO,
  warn: BoltLogLevel.WARN,
  error: BoltLogLevel.ERROR,
  fatal: BoltLogLevel.ERROR,
}

/**
 * The logger as Bolt's `Logger` (the interface of @slack/logger): Bolt's and the Socket Mode client's messages
 * become lines of our log with `component`, their Error arguments pino's `err`. Bolt's `setLevel` is ignored:
 * LOG_LEVEL decides.
 */
export function boltLogger(log: Logger, component = 'bolt'): BoltLogger {
  let child = log.child({ component })
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]): void => {
      if (!child.isLevelEnabled(level)) return
      const err = args.find((a) => a instanceof Error)
      const text = args
        .filter((a) => a !== err)
        .map((a) => (typeof a === 'string' ? a : safeStringify(a)))
        .join(' ')
      if (err) child[level]({ err }, text || (err as Error).message)
      else child[level](text)
    }
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: () => undefined,
    getLevel: () => TO_BOLT[log.level] ?? BoltLogLevel.INFO,
    setName: (name: string) => {
      child = log.child({ component: name })
    },
  }
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** A short, one-line reason for an error, for a log message or a health report: "slack_webapi_platform_error: invalid_auth". */
export function reasonOf(error: unknown): string {
  if (error === undefined || error === null) return 'unknown error'
  const e = error as { code?: unknown; data?: { error?: unknown }; statusCode?: unknown; message?: unknown }
  const slackError = typeof e.data?.error === 'string' ? e.data.error : undefined
  if (slackError) return slackError
  if (typeof e.statusCode === 'number') return `HTTP ${e.statusCode}`
  const message = typeof e.message === 'string' && e.message ? e.message : String(error)
  return message.split('\n')[0]!.slice(0, 300)
}
