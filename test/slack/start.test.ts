/**
 * `npm start` as a process, the way production runs it: bad configuration stops it with one
 * message and exit code 2; a good one serves /healthz and answers Slack through the fake.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAKE, startFakeSlack, type FakeSlack } from '../support/fakeSlack.ts'
import { postToApp, slashCommandBody } from '../support/slackRequests.ts'
import { quotesOf } from './harness.ts'

const MAIN = ['--import', 'tsx', 'src/slack/main.ts']

// Only what the test gives: the developer's own .env or Slack variables must not leak in.
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // Set (even empty) so that a developer's .env cannot fill them in: dotenv never overrides a variable that is set.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_OPTIONS: '',
    SLACK_APP_TOKEN: '',
    SLACK_SIGNING_SECRET: '',
    SEEDS_DIR: 'seeds',
  }
  return { ...env, ...extra }
}

function run(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, MAIN, { env: cleanEnv(env), cwd: process.cwd() })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('npm start with a bad configuration', () => {
  it('lists every problem and how to fix it, exit 2, no stack trace', async () => {
    const { code, stderr, stdout } = await run({
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      DOTENV_CONFIG_PATH: '/nonexistent',
    })
    expect(code).toBe(2)
    const out = stderr + stdout
    expect(out).toContain('SLACK_BOT_TOKEN must be a bot token starting with xoxb-')
    expect(out).toContain('SLACK_SIGNING_SECRET is missing')
    expect(out).toContain('PORT must be a port number')
    expect(out).toContain('LOG_LEVEL must be one of debug, info, warn, error')
    expect(out).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/)
  })

  it('a missing SEEDS_DIR is a clear error, exit 2', async () => {
    const fake = await startFakeSlack()
    try {
      const { code, stderr, stdout } = await run({
        SLACK_BOT_TOKEN: FAKE.botToken,
        SLACK_SIGNING_SECRET: FAKE.signingSecret,
        PORT: '0',
        SLACK_API_URL: fake.apiUrl,
        SEEDS_DIR: 'no-such-folder',
      })
      expect(code).toBe(2)
      expect(stderr + stdout).toMatch(/no-such-folder.*does not exist/)
    } finally {
      await fake.close()
    }
  })
})

describe('npm start in HTTP mode', () => {
  let fake: FakeSlack
  let child: ChildProcess
  let log = ''
  let appUrl = ''

  beforeAll(async () => {
    fake = await startFakeSlack()
    child = spawn(process.execPath, MAIN, {
      env: cleanEnv({
        SLACK_BOT_TOKEN: FAKE.botToken,
        SLACK_SIGNING_SECRET: FAKE.signingSecret,
        PORT: '0',
        SLACK_API_URL: fake.apiUrl,
        LOG_LEVEL: 'info',
      }),
    })
    child.stdout!.on('data', (d) => (log += d))
    child.stderr!.on('data', (d) => (log += d))
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start-up line:\n${log}`)), 15_000)
      const check = () => {
        const port = /listening on port (\d+)/.exec(log)?.[1]
        if (port && /Loaded \d+ articles/.test(log)) {
          clearTimeout(timer)
          appUrl = `http://127.0.0.1:${port}`
          resolve()
        } else setTimeout(check, 50)
      }
      check()
    })
  })

  afterAll(async () => {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('close', r))
    await fake.close()
  })

  it('logs one line of what it loaded', () => {
    expect(log).toMatch(/Loaded 5 articles from 5 outlets, \d+ passages in \d+ ms/)
  })

  it('serves /healthz with corpus figures', async () => {
    const response = await fetch(`${appUrl}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'ok', articles: 5, outlets: 5 })
  })

  it('answers a signed /syria command', async () => {
    const responseUrl = fake.responses.newUrl()
    const response = await postToApp(appUrl, {
      ...slashCommandBody({ text: 'homs distance', response_url: responseUrl }),
      secret: FAKE.signingSecret,
    })
    expect(response.status).toBe(200)
    const post = await fake.responses.waitFor(responseUrl)
    expect(quotesOf(post.body.blocks).length).toBeGreaterThan(0)
  })
})
