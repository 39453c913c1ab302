/**
 * npm start: load the configuration, check the bot token with Slack, start serving (Socket Mode or HTTP, /healthz on
 * PORT in both), load the corpus and build the index, then watch SEEDS_DIR for changes.
 *
 * Exit codes (one clear log line says why, never a raw stack trace):
 *   0  stopped by SIGTERM or SIGINT: no new requests taken, answers in flight finished (up to 10 s), socket and
 *      watcher closed
 *   1  a failure while running or starting: port in use, Slack unreachable at start, an unhandled error
 *   2  fix the setup: a bad setting, a token Slack rejects, a missing or empty SEEDS_DIR
 */
import { config as loadDotenv } from 'dotenv'
import { type Config, ConfigError, loadConfig } from '../config.ts'
import { StorydeskError, describeProblem } from '../errors.ts'
import { progressLine } from '../render/progress.ts'
import { loadSnapshotCached } from '../snapshot/cache.ts'
import { watchSeeds } from '../snapshot/reload/liveReload.ts'
import { SnapshotStore } from '../snapshot/store.ts'
import { SHUTDOWN_GRACE_MS, startStorydesk, type Storydesk } from './app.ts'
import { boltLogger, createLogger, reasonOf, type Logger } from './logger.ts'

const EXIT = { ok: 0, failure: 1, setup: 2 } as const

/** Problems a person fixes in the setup (exit 2); every other fatal problem exits 1. */
const SETUP_PROBLEMS = new Set(['CONFIG_INVALID', 'SLACK_TOKEN_REJECTED', 'SEEDS_DIR_MISSING', 'SEEDS_DIR_EMPTY'])

async function main(): Promise<void> {
  loadDotenv({ quiet: true })
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(error.message)
    process.exit(EXIT.setup)
  }
  const log = createLogger({ level: config.logLevel, format: config.logFormat })
  const fatal = (message: string, error: unknown, code: number = EXIT.failure): never => {
    log.fatal({ event: 'fatal', err: error instanceof StorydeskError ? undefined : error }, message)
    process.exit(code)
  }
  // A bug that escaped every handler: say so once and exit non-zero, so a supervisor restarts the bot.
  process.on('unhandledRejection', (reason) =>
    fatal(`Storydesk stopped: unhandled promise rejection: ${reasonOf(reason)}`, reason),
  )
  process.on('uncaughtException', (error) => fatal(`Storydesk stopped: uncaught exception: ${reasonOf(error)}`, error))

  const store = new SnapshotStore()
  let storydesk: Storydesk
  try {
    storydesk = await startStorydesk(config, store, { log })
  } catch (error) {
    if (!(error instanceof StorydeskError)) throw error
    return fatal(
      `Storydesk cannot start: ${error.describe()}`,
      error,
      SETUP_PROBLEMS.has(error.code) ? EXIT.setup : EXIT.failure,
    )
  }
  log.info(
    { event: 'serving', mode: config.mode, port: storydesk.port },
    config.mode === 'socket'
      ? `Storydesk serving GET /healthz on port ${storydesk.port}; connecting to Slack in Socket Mode`
      : `Storydesk listening on port ${storydesk.port} (POST /slack/events, GET /healthz)`,
  )

  try {
    await Promise.all([
      storydesk.ready.then(() => {
        if (config.mode === 'socket') log.info({ event: 'socket.ready' }, 'Storydesk connected to Slack in Socket Mode')
      }),
      loadIndex(config, store, log),
    ])
  } catch (error) {
    if (!(error instanceof StorydeskError)) throw error
    await storydesk.stop(0)
    return fatal(
      `Storydesk cannot start: ${error.describe()}`,
      error,
      SETUP_PROBLEMS.has(error.code) ? EXIT.setup : EXIT.failure,
    )
  }

  const liveReload = startLiveReload(config, store, log)

  let stopping = false
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ event: 'shutdown.forced', signal }, `${signal} again: stopping now`)
      process.exit(EXIT.failure)
    }
    stopping = true
    const inFlight = storydesk.deps.inFlight.size
    log.info(
      { event: 'shutdown', signal, inFlight },
      `${signal}: taking no new requests; finishing ${inFlight} ${inFlight === 1 ? 'answer' : 'answers'} in flight (up to ${SHUTDOWN_GRACE_MS / 1000} s)`,
    )
    // Whatever happens below, the process ends within the bound.
    setTimeout(() => fatal('Storydesk could not stop in time', undefined), SHUTDOWN_GRACE_MS + 5_000).unref()
    const finished = await storydesk.stop(SHUTDOWN_GRACE_MS)
    await liveReload.close().catch(() => undefined)
    log.info(
      { event: 'stopped', finished },
      finished
        ? 'Storydesk stopped'
        : `Storydesk stopped with answers still in flight after ${SHUTDOWN_GRACE_MS / 1000} s`,
    )
    process.exit(EXIT.ok)
  }
  process.on('SIGTERM', (signal) => void shutdown(signal))
  process.on('SIGINT', (signal) => void shutdown(signal))
}

/** Loads SEEDS_DIR (through the index cache) into the store and logs what was loaded. */
async function loadIndex(config: Config, store: SnapshotStore, log: Logger): Promise<void> {
  const { snapshot, cache } = await loadSnapshotCached(config.seedsDir, {
    cacheDir: config.indexCacheDir,
    warn: (message) => log.warn({ event: 'index.cache' }, message),
    onProgress: progressLine('indexing articles'),
  })
  for (const problem of snapshot.problems)
    log.warn(
      { event: 'corpus.skipped', file: problem.where, code: problem.code },
      `skipped: ${describeProblem(problem)}`,
    )
  store.replace(snapshot)
  const s = snapshot.stats
  const from = {
    hit: 'from the index cache',
    partial: 'from the index cache and changed files',
    miss: 'built',
    off: 'built (no index cache)',
  }[cache]
  log.info(
    { event: 'index.loaded', articles: s.articles, outlets: s.outlets, passages: s.passages, ms: s.loadMs, cache },
    `Loaded ${s.articles} articles from ${s.outlets} outlets, ${s.passages} passages in ${s.loadMs} ms (${config.seedsDir}, ${from})`,
  )
}

/**
 * Live reload: producers' changes to SEEDS_DIR are applied while serving. The one place the watcher is created, so
 * its API can change here alone; shutdown calls the `close()` it returns.
 */
function startLiveReload(config: Config, store: SnapshotStore, log: Logger): { close(): Promise<void> } {
  return watchSeeds(config.seedsDir, store, {
    logger: boltLogger(log, 'live-reload'),
    catchUp: true,
    settleMs: config.settleMs,
  })
}

await main()
