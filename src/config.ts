import { isIP } from 'node:net'
import { z } from 'zod'
import { StorydeskError } from './errors.ts'

/**
 * Storydesk's configuration: read from the environment (and .env through dotenv) and checked
 * here, in one place. A bad value is reported with every other problem at once, with how to fix it.
 */

/** Where the built index is cached when INDEX_CACHE_DIR is not set (git-ignored). */
export const DEFAULT_CACHE_DIR = '.cache/index'

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const
const LOG_FORMATS = ['json', 'pretty'] as const

/** A Slack member ID: U… (or W… on Enterprise Grid). */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional())

const ConfigSchema = z.object({
  SLACK_BOT_TOKEN: z
    .string({ error: 'is missing: set it to the Bot User OAuth Token (OAuth & Permissions page, starts with xoxb-)' })
    .regex(/^xoxb-\S+$/, 'must be a bot token starting with xoxb- (OAuth & Permissions page)'),
  SLACK_SIGNING_SECRET: optional(
    z.string().regex(/^\S+$/, 'must be the Signing Secret from the Basic Information page, without spaces'),
  ),
  SLACK_APP_TOKEN: optional(
    z
      .string()
      .regex(
        /^xapp-\S+$/,
        'must be an app-level token starting with xapp- (Basic Information → App-Level Tokens, scope connections:write)',
      ),
  ),
  PORT: optional(
    z.coerce
      .number({ error: 'must be a port number' })
      .int('must be a whole number')
      .min(0, 'must be 0 to 65535')
      .max(65535, 'must be 0 to 65535'),
  ).default(3000),
  SLACK_API_URL: optional(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' }),
  ),
  SEEDS_DIR: optional(z.string()).default('seeds'),
  INDEX_CACHE_DIR: z.string().optional(),
  SETTLE_MS: optional(
    z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(50, 'must be at least 50 (ms)')
      .max(600_000, 'must be at most 600000 (ten minutes)'),
  ).default(2000),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })).default('info'),
  QUERIES_PER_MINUTE: optional(z.coerce.number().int('must be a whole number').min(1, 'must be at least 1')).default(
    20,
  ),
  PRODUCERS: optional(
    z
      .string()
      .refine(
        (v) => v.split(/[\s,]+/).every((id) => id === '' || SLACK_USER_ID.test(id)),
        'must be Slack user IDs (like U0123ABCD) separated by commas or spaces (profile → ⋯ → Copy member ID)',
      ),
  ),
  MAX_QUERY_CHARS: optional(
    z.coerce.number().int('must be a whole number').min(20, 'must be at least 20').max(1000, 'must be at most 1000'),
  ).default(300),
  LOG_FORMAT: optional(z.enum(LOG_FORMATS, { error: `must be one of ${LOG_FORMATS.join(', ')}` })),
  REDIS_URL: optional(
    z.url({
      protocol: /^rediss?$/,
      error: 'must be a Redis URL such as redis://localhost:6379 (rediss:// for TLS, redis://:password@host:port/db)',
    }),
  ),
})

/** Settings for adding articles by link or file (`npm run add`, `/syria add`). */
const IntakeSchema = z.object({
  ADD_MAX_BYTES: optional(
    z.coerce
      .number({ error: 'must be a number of bytes' })
      .int('must be a whole number of bytes')
      .min(1024, 'must be at least 1024 bytes'),
  ).default(5 * 1024 * 1024),
  ADD_TIMEOUT_MS: optional(
    z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(100, 'must be at least 100 ms')
      .max(300_000, 'must be at most 300000 ms'),
  ).default(10_000),
  ALLOW_PRIVATE_ADDRESSES: optional(
    z
      .string()
      .trim()
      .refine(
        (v) => /^(?:true|false|1|0|yes|no|on|off)$/i.test(v) || v.split(',').every((a) => isIP(a.trim()) !== 0),
        'must be true, false, or a comma-separated list of IP addresses',
      )
      .transform((v): boolean | string[] =>
        /^(?:true|false|1|0|yes|no|on|off)$/i.test(v)
          ? /^(?:true|1|yes|on)$/i.test(v)
          : v.split(',').map((a) => a.trim()),
      ),
  ).default(false),
})

/** How links are fetched when an article is added. */
export interface IntakeConfig {
  /** Largest page accepted, in bytes (ADD_MAX_BYTES, default 5 MB). */
  maxBytes: number
  /** Time for a whole fetch, redirects included (ADD_TIMEOUT_MS, default 10 s). */
  timeoutMs: number
  /**
   * Fetch links that lead to loopback, private or link-local addresses (ALLOW_PRIVATE_ADDRESSES, default false):
   * true for any, or the exact addresses allowed. Only for tests and intranets: it lets a link reach what the bot's
   * machine can reach.
   */
  allowPrivateAddresses: boolean | string[]
}

/**
 * The intake settings alone (for `npm run add`, which needs no Slack settings). Throws ConfigError listing every
 * problem.
 */
export function loadIntakeConfig(env: NodeJS.ProcessEnv = process.env): IntakeConfig {
  const parsed = IntakeSchema.safeParse(env)
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')} ${issue.message}`),
    )
  }
  return {
    maxBytes: parsed.data.ADD_MAX_BYTES,
    timeoutMs: parsed.data.ADD_TIMEOUT_MS,
    allowPrivateAddresses: parsed.data.ALLOW_PRIVATE_ADDRESSES,
  }
}

export type LogLevel = (typeof LOG_LEVELS)[number]
export type LogFormat = (typeof LOG_FORMATS)[number]

export interface Config {
  botToken: string
  signingSecret: string | undefined
  appToken: string | undefined
  /** Socket Mode when an app token is set, HTTP otherwise. */
  mode: 'socket' | 'http'
  /** HTTP port: Slack's requests and /healthz in HTTP mode, /healthz alone in Socket Mode; 0 picks any free port. */
  port: number
  /** Base URL of Slack's Web API, with a trailing slash, or undefined for Slack's own. */
  slackApiUrl: string | undefined
  seedsDir: string
  /** Where the built index is cached (default .cache/index); null when INDEX_CACHE_DIR is set empty. */
  indexCacheDir: string | null
  /** Live reload applies a changed file once its size and time have not changed for this long (ms). */
  settleMs: number
  logLevel: LogLevel
  /** JSON lines, or human-readable lines; undefined: pretty on a terminal, JSON otherwise. */
  logFormat: LogFormat | undefined
  queriesPerMinute: number
  maxQueryChars: number
  /**
   * Redis shared by every replica (de-duplication of Slack's deliveries, the per-person query limit); undefined: one
   * replica, all of it kept in process.
   */
  redisUrl: string | undefined
  /** Slack user IDs allowed to add articles with `/syria add <link>` (PRODUCERS); empty: nobody. */
  producers: string[]
  /** How links are fetched when an article is added. */
  intake: IntakeConfig
}

/** Every problem with the environment, each naming its variable. */
export class ConfigError extends StorydeskError {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(
      'CONFIG_INVALID',
      `Storydesk cannot start: the configuration has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSet these in the environment or in .env (see .env.example and the README's configuration table).`,
    )
    this.name = 'ConfigError'
    this.problems = problems
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env)
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')} ${issue.message}`)
  let intake: IntakeConfig | null = null
  try {
    intake = loadIntakeConfig(env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    problems.push(...error.problems)
  }
  // Checked apart from the schema so that it is reported together with every other problem.
  if (!env.SLACK_APP_TOKEN?.trim() && !env.SLACK_SIGNING_SECRET?.trim()) {
    problems.push(
      'SLACK_SIGNING_SECRET is missing: HTTP mode (no SLACK_APP_TOKEN) needs the Signing Secret from the Basic Information page',
    )
  }
  if (!parsed.success || problems.length > 0 || !intake) throw new ConfigError(problems)
  const c = parsed.data
  return {
    botToken: c.SLACK_BOT_TOKEN,
    signingSecret: c.SLACK_SIGNING_SECRET,
    appToken: c.SLACK_APP_TOKEN,
    mode: c.SLACK_APP_TOKEN ? 'socket' : 'http',
    port: c.PORT,
    slackApiUrl: c.SLACK_API_URL
      ? c.SLACK_API_URL.endsWith('/')
        ? c.SLACK_API_URL
        : `${c.SLACK_API_URL}/`
      : undefined,
    seedsDir: c.SEEDS_DIR,
    indexCacheDir: indexCacheDir(c.INDEX_CACHE_DIR),
    settleMs: c.SETTLE_MS,
    logLevel: c.LOG_LEVEL,
    logFormat: c.LOG_FORMAT,
    queriesPerMinute: c.QUERIES_PER_MINUTE,
    maxQueryChars: c.MAX_QUERY_CHARS,
    redisUrl: c.REDIS_URL,
    producers: (c.PRODUCERS ?? '').split(/[\s,]+/).filter(Boolean),
    intake,
  }
}

/** INDEX_CACHE_DIR: unset → the default folder; set empty → no cache; else that folder. */
export function indexCacheDir(value: string | undefined): string | null {
  if (value === undefined) return DEFAULT_CACHE_DIR
  return value.trim() === '' ? null : value.trim()
}
