/**
 * npm run bench -- --service [--passages N]: the production service's figures (issue 9), each against a baseline
 * measured in the same run.
 *
 * - Ack latency with bursts of 50 concurrent signed /syria commands (ackClient.ts, its own process): one compiled
 *   replica with everything in process (baseline), then two compiled replicas sharing a real redis-server, the
 *   commands alternating between them.
 * - The Redis round trip added per event: what the request wrapper asks the shared state for each request
 *   (de-duplication of its keys, then the person's limit), in Redis against in process.
 * - Memory of `npm start` at rest after loading: the tsx start (`npm run dev`, what `npm start` was) against the
 *   compiled start (`npm start`), RSS of the whole process tree (npm, sh, node, tsx's child).
 */
import { spawn, spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createSharedState } from '../src/slack/sharedState.ts'
import { createLogger } from '../src/slack/logger.ts'
import { BOT_ENTRY, botEnv, startBot, type BotProcess } from '../test/support/botProcess.ts'
import { startFakeSlack, type FakeSlack } from '../test/support/fakeSlack.ts'
import { startRedis } from '../test/support/redisServer.ts'
import { startClient } from './ack.ts'
import { distribution, round, type Distribution } from './stats.ts'

export interface ServiceFigures {
  corpus: string
  ack: {
    oneReplica: Summary & { answered: number; sent: number }
    twoReplicasInProcess: Summary & { answered: number; sent: number }
    twoReplicasRedis: Summary & { answered: number; sent: number }
    p99Ratio: number
    p99RatioToTwoInProcess: number
  }
  sharedStatePerEvent: { inProcess: Summary; redis: Summary; addedP50Ms: number; addedP99Ms: number }
  startRss: {
    tsxMiB: number
    tsxProcesses: number
    tsxBotMiB: number
    compiledMiB: number
    compiledProcesses: number
    compiledBotMiB: number
    ratio: number
  }
}

type Summary = { p50: number; p99: number; max: number; count: number }

const summary = (d: Distribution): Summary => ({
  p50: round(d.p50),
  p99: round(d.p99),
  max: round(d.max),
  count: d.count,
})

export async function serviceBench(
  options: { seedsDir: string; corpus: string; queries: readonly string[]; rounds: number },
  log: (line: string) => void,
): Promise<ServiceFigures> {
  const build = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`)
  const fake = await startFakeSlack()
  const redis = await startRedis()
  try {
    const env = {
      SLACK_API_URL: fake.apiUrl,
      SEEDS_DIR: options.seedsDir,
      QUERIES_PER_MINUTE: '1000000',
      LOG_LEVEL: 'warn',
    }
    const concurrency = 50
    const texts = Array.from({ length: (Math.ceil(options.rounds / 2) + 1) * concurrency }, (_, n) =>
      options.queries[n % options.queries.length]!.slice(0, 200),
    )

    // The machine is shared: the three set-ups take turns, twice, so a busy minute weighs on all of them alike.
    const setups = {
      one: { count: 1, env },
      twoLocal: { count: 2, env },
      two: { count: 2, env: { ...env, REDIS_URL: redis.url } },
    }
    const results = {
      one: { times: [] as number[], answered: 0 },
      twoLocal: { times: [] as number[], answered: 0 },
      two: { times: [] as number[], answered: 0 },
    }
    for (let pass = 0; pass < 2; pass++) {
      for (const [name, setup] of Object.entries(setups) as [keyof typeof setups, (typeof setups)['one']][]) {
        const client = await startClient(fake.apiUrl, concurrency)
        const run = await withReplicas(setup.count, { ...setup.env, SLACK_API_URL: client.apiUrl }, (urls) =>
          client.run(urls.join(','), texts),
        )
        results[name].times.push(...run.times)
        results[name].answered += run.answered
      }
    }
    const one = results.one
    const twoLocal = results.twoLocal
    const two = results.two
    const sent = 2 * texts.length
    const oneAck = distribution(one.times)
    const twoLocalAck = distribution(twoLocal.times)
    const twoAck = distribution(two.times)
    log(
      `ack, one replica in process: p50 ${round(oneAck.p50)} ms · p99 ${round(oneAck.p99)} ms (answered ${one.answered}/${sent})`,
    )
    log(
      `ack, two replicas, each in process: p50 ${round(twoLocalAck.p50)} ms · p99 ${round(twoLocalAck.p99)} ms (answered ${twoLocal.answered}/${sent})`,
    )
    log(
      `ack, two replicas sharing Redis: p50 ${round(twoAck.p50)} ms · p99 ${round(twoAck.p99)} ms (answered ${two.answered}/${sent}); p99 ratio to one replica ${round(twoAck.p99 / oneAck.p99, 2)}, to two in process ${round(twoAck.p99 / twoLocalAck.p99, 2)}`,
    )

    const perEvent = await sharedStateRoundTrip(redis.url)
    log(
      `shared state per event (dedup of 2 keys + the limit): in process p50 ${perEvent.inProcess.p50} ms · p99 ${perEvent.inProcess.p99} ms; Redis p50 ${perEvent.redis.p50} ms · p99 ${perEvent.redis.p99} ms`,
    )

    const tsx = await startRss(['run', 'dev'], env, fake)
    const compiled = await startRss(['start'], env, fake)
    log(
      `RSS of npm start after loading: tsx ${tsx.mib} MiB in ${tsx.processes} processes (the bot's ${tsx.botMiB}); compiled ${compiled.mib} MiB in ${compiled.processes} processes (the bot's ${compiled.botMiB})`,
    )
    return {
      corpus: options.corpus,
      ack: {
        oneReplica: { ...summary(oneAck), answered: one.answered, sent },
        twoReplicasInProcess: { ...summary(twoLocalAck), answered: twoLocal.answered, sent },
        twoReplicasRedis: { ...summary(twoAck), answered: two.answered, sent },
        p99Ratio: round(twoAck.p99 / oneAck.p99, 3),
        p99RatioToTwoInProcess: round(twoAck.p99 / twoLocalAck.p99, 3),
      },
      sharedStatePerEvent: perEvent,
      startRss: {
        tsxMiB: tsx.mib,
        tsxProcesses: tsx.processes,
        tsxBotMiB: tsx.botMiB,
        compiledMiB: compiled.mib,
        compiledProcesses: compiled.processes,
        compiledBotMiB: compiled.botMiB,
        ratio: round(compiled.mib / tsx.mib, 3),
      },
    }
  } finally {
    await Promise.all([fake.close(), redis.stop()])
  }
}

/** Starts `count` compiled replicas, runs `work` with their URLs, stops them. */
async function withReplicas<T>(
  count: number,
  env: Record<string, string>,
  work: (urls: string[]) => Promise<T>,
): Promise<T> {
  const bots: BotProcess[] = Array.from({ length: count }, () =>
    startBot({ ...env, LOG_LEVEL: 'info' }, BOT_ENTRY.compiled),
  )
  try {
    const urls = await Promise.all(
      bots.map(async (bot) => {
        const serving = JSON.parse(await bot.waitForLog(/"event":"serving"/, 120_000)) as { port: number }
        await bot.waitForLog(/"event":"index.loaded"/, 120_000)
        if (env.REDIS_URL) await bot.waitForLog(/"event":"redis.ready"/)
        return `http://127.0.0.1:${serving.port}`
      }),
    )
    return await work(urls)
  } finally {
    await Promise.all(bots.map((bot) => bot.stop('SIGTERM')))
  }
}

/** What the request wrapper asks the shared state per request, timed 2,000 times, in process and in Redis. */
async function sharedStateRoundTrip(redisUrl: string): Promise<ServiceFigures['sharedStatePerEvent']> {
  const log = createLogger({ level: 'error', format: 'json' })
  const time = async (url: string | undefined) => {
    const shared = await createSharedState({ redisUrl: url, queriesPerMinute: 1_000_000 }, log)
    const times: number[] = []
    for (let i = 0; i < 2_200; i++) {
      const started = performance.now()
      await shared.dedup.firstTime([`event:Ev${i}`, `signature:v0=${i}`])
      await shared.limiter.take(`U${i % 50}`)
      if (i >= 200) times.push(performance.now() - started) // the first 200 warm up
    }
    await shared.close()
    return summary(distribution(times))
  }
  const inProcess = await time(undefined)
  const redis = await time(redisUrl)
  return {
    inProcess,
    redis,
    addedP50Ms: round(redis.p50 - inProcess.p50),
    addedP99Ms: round(redis.p99 - inProcess.p99),
  }
}

/** Starts `npm <args>` (HTTP mode), waits until the articles are loaded and idle, sums the RSS of its process tree. */
async function startRss(
  args: string[],
  env: Record<string, string>,
  fake: FakeSlack,
): Promise<{ mib: number; processes: number; botMiB: number }> {
  const child = spawn('npm', args, {
    env: botEnv({ ...env, SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'info' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  try {
    const deadline = Date.now() + 120_000
    while (!/"event":"index.loaded"/.test(output)) {
      if (Date.now() > deadline || child.exitCode !== null)
        throw new Error(`npm ${args.join(' ')} did not load:\n${output}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000)) // settle: the heap after start-up garbage
    const sizes = processTree(child.pid!).map(rssBytes)
    const mib = (bytes: number) => Math.round(bytes / 2 ** 20)
    return { mib: mib(sizes.reduce((a, b) => a + b, 0)), processes: sizes.length, botMiB: mib(Math.max(...sizes)) }
  } finally {
    for (const pid of processTree(child.pid!).reverse()) {
      try {
        process.kill(pid, 'SIGTERM')
      } catch {}
    }
  }
}

/** `root` and all its descendants (Linux /proc). */
function processTree(root: number): number[] {
  const parents = new Map<number, number>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {}
  }
  const tree = [root]
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid)
  return tree.filter((pid) => parents.has(pid))
}

function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) * 1024 : 0
  } catch {
    return 0
  }
}
