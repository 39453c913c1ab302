/**
 * npm start: load the configuration, start serving Slack (Socket Mode or HTTP), load the corpus
 * and build the index, then log one line of what was loaded. Exit 2 on bad configuration or a
 * missing SEEDS_DIR, with a message saying what to fix.
 */
import { config as loadDotenv } from 'dotenv'
import { type Config, ConfigError, loadConfig } from '../config.ts'
import { StorydeskError, describeProblem } from '../errors.ts'
import { loadSnapshotCached } from '../snapshot/cache.ts'
import { SnapshotStore } from '../snapshot/store.ts'
import { watchSeeds } from '../snapshot/reload/liveReload.ts'
import { progressLine } from '../render/progress.ts'
import { createStorydeskApp } from './app.ts'

async function main(): Promise<number> {
  loadDotenv({ quiet: true })
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(error.message)
    return 2
  }

  const store = new SnapshotStore()
  const storydesk = createStorydeskApp(config, store)
  const logger = storydesk.app.logger
  // A listener must never take the process down; log what escaped and keep serving.
  process.on('unhandledRejection', (reason) => logger.error('unhandled promise rejection:', reason))

  const { port } = await storydesk.start()
  logger.info(
    config.mode === 'socket'
      ? 'Storydesk connected to Slack in Socket Mode'
      : `Storydesk listening on port ${port} (POST /slack/events, GET /healthz)`,
  )

  try {
    const { snapshot, cache } = await loadSnapshotCached(config.seedsDir, {
      cacheDir: config.indexCacheDir,
      warn: (message) => logger.warn(message),
      onProgress: progressLine('indexing articles'),
    })
    for (const problem of snapshot.problems) logger.warn(`skipped: ${describeProblem(problem)}`)
    store.replace(snapshot)
    const s = snapshot.stats
    const from = {
      hit: 'from the index cache',
      partial: 'from the index cache and changed files',
      miss: 'built',
      off: 'built (no index cache)',
    }[cache]
    logger.info(
      `Loaded ${s.articles} articles from ${s.outlets} outlets, ${s.passages} passages in ${s.loadMs} ms (${config.seedsDir}, ${from})`,
    )
  } catch (error) {
    if (!(error instanceof StorydeskError)) throw error
    logger.error(`Storydesk cannot load the coverage: ${error.describe()}`)
    await storydesk.stop()
    return 2
  }

  // Live reload: producers' changes to SEEDS_DIR are applied file by file while serving.
  const liveReload = watchSeeds(config.seedsDir, store, { logger, catchUp: true })

  const shutdown = async (signal: string) => {
    logger.info(`${signal}: stopping`)
    await liveReload.close().catch(() => undefined)
    await storydesk.stop().catch(() => undefined)
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  return 0
}

const code = await main()
if (code !== 0) process.exit(code)
