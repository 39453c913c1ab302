// Settings from the environment: defaults, and one message per bad value naming its variable, all at once.
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.ts'

const SLACK = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' }

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...SLACK, ...env })
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

describe('configuration', () => {
  it('live reload waits 2 s for a file to settle unless told otherwise', () => {
    expect(loadConfig(SLACK).settleMs).toBe(2000)
    expect(loadConfig({ ...SLACK, SETTLE_MS: '500' }).settleMs).toBe(500)
    expect(loadConfig({ ...SLACK, SETTLE_MS: ' ' }).settleMs).toBe(2000)
  })

  it('reports every bad value with its variable, in one error with the code CONFIG_INVALID', () => {
    expect(problems({ SETTLE_MS: 'soon', PORT: '99999', LOG_LEVEL: 'loud' })).toEqual([
      expect.stringMatching(/^PORT must be 0 to 65535/),
      expect.stringMatching(/^SETTLE_MS must be a number of milliseconds/),
      expect.stringMatching(/^LOG_LEVEL must be one of debug, info, warn, error/),
    ])
    expect(problems({ SETTLE_MS: '10' })).toEqual([expect.stringMatching(/^SETTLE_MS must be at least 50/)])
    try {
      loadConfig({})
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      expect((error as ConfigError).code).toBe('CONFIG_INVALID')
      expect((error as ConfigError).message).toMatch(/SLACK_BOT_TOKEN is missing/)
    }
    expect.assertions(5)
  })
})
