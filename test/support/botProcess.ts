/**
 * Storydesk's `npm start` as a child process, the way production runs it, for tests that need a real process: exit
 * codes, signals, logs, two replicas. The environment is only what the test gives (a developer's .env or Slack
 * variables cannot leak in), with the fake Slack's settings filled in.
 *
 *   const bot = startBot({ SLACK_API_URL: fake.apiUrl, SLACK_APP_TOKEN: FAKE.appToken })
 *   await bot.waitForLog(/Loaded \d+ articles/)
 *   expect(await bot.stop('SIGTERM')).toBe(0)
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { FAKE } from './slackIds.ts'

/** How the bot is started: the TypeScript entry point through tsx (as `npm run dev`), or the compiled one. */
export const BOT_ENTRY = { dev: ['--import', 'tsx', 'src/slack/main.ts'], compiled: ['dist/slack/main.js'] } as const

export interface BotProcess {
  child: ChildProcess
  /** Everything the process wrote to stdout and stderr so far. */
  log(): string
  /** Log lines that are JSON objects (pino's), parsed. */
  records(): Record<string, unknown>[]
  /** Resolves with the first log line matching `pattern` (already written or future). */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string>
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | string>
}

/** The environment a bot gets: nothing from this process but PATH and HOME, the fake's tokens, then `env`. */
export function botEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_OPTIONS: '',
    // Set (even empty) so that a developer's .env cannot fill them in: dotenv never overrides a variable that is set.
    SLACK_APP_TOKEN: '',
    SLACK_SIGNING_SECRET: FAKE.signingSecret,
    SLACK_BOT_TOKEN: FAKE.botToken,
    SEEDS_DIR: 'seeds',
    INDEX_CACHE_DIR: '',
    REDIS_URL: '',
    PORT: '0',
    LOG_LEVEL: 'info',
    ...env,
  }
}

export function startBot(env: Record<string, string>, entry: readonly string[] = BOT_ENTRY.dev): BotProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', ...entry], {
    env: botEnv(env),
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  const waiters = new Set<() => void>()
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8')
    for (const wake of waiters) wake()
  }
  child.stdout!.on('data', append)
  child.stderr!.on('data', append)
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      resolve(code ?? signal ?? 'unknown')
      for (const wake of waiters) wake()
    }),
  )
  return {
    child,
    log: () => text,
    records: () =>
      text.split('\n').flatMap((line) => {
        if (!line.startsWith('{')) return []
        try {
          return [JSON.parse(line) as Record<string, unknown>]
        } catch {
          return []
        }
      }),
    waitForLog(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = text.split('\n').find((l) => pattern.test(l))
          if (line !== undefined) return done(() => resolve(line))
          if (child.exitCode !== null || child.signalCode !== null)
            done(() =>
              reject(
                new Error(`the bot exited (${child.exitCode ?? child.signalCode}) before logging ${pattern}:\n${text}`),
              ),
            )
        }
        const timer = setTimeout(
          () => done(() => reject(new Error(`no log line matching ${pattern} within ${timeoutMs} ms:\n${text}`))),
          timeoutMs,
        )
        const done = (settle: () => void) => {
          clearTimeout(timer)
          waiters.delete(check)
          settle()
        }
        waiters.add(check)
        check()
      })
    },
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}
