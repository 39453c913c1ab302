// The settings for adding articles, checked in config.ts with every other setting: defaults, valid values, and one
// message per bad value naming its variable.
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, loadIntakeConfig } from '../../src/config.ts'

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

describe('intake settings', () => {
  it('defaults: 5 MB, 10 s, public addresses only, no producers', () => {
    expect(loadIntakeConfig({})).toEqual({ maxBytes: 5 * 1024 * 1024, timeoutMs: 10_000, allowPrivateAddresses: false })
    expect(loadConfig(SLACK)).toMatchObject({ producers: [], intake: { allowPrivateAddresses: false } })
  })

  it('reads sizes, times, the private-address switch or list, and producers', () => {
    expect(loadIntakeConfig({ ADD_MAX_BYTES: '2048', ADD_TIMEOUT_MS: '500', ALLOW_PRIVATE_ADDRESSES: 'TRUE' })).toEqual(
      {
        maxBytes: 2048,
        timeoutMs: 500,
        allowPrivateAddresses: true,
      },
    )
    expect(loadIntakeConfig({ ALLOW_PRIVATE_ADDRESSES: '127.0.0.1, 10.1.2.3' }).allowPrivateAddresses).toEqual([
      '127.0.0.1',
      '10.1.2.3',
    ])
    expect(loadConfig({ ...SLACK, PRODUCERS: 'U0123ABC, W0456DEF U789' }).producers).toEqual([
      'U0123ABC',
      'W0456DEF',
      'U789',
    ])
  })

  it('every bad value is reported with its variable, all at once', () => {
    const found = problems({
      ADD_MAX_BYTES: 'lots',
      ADD_TIMEOUT_MS: '5',
      ALLOW_PRIVATE_ADDRESSES: 'intranet',
      PRODUCERS: '@jane, U0123ABC',
    })
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ADD_MAX_BYTES must be a number of bytes/),
        expect.stringMatching(/^ADD_TIMEOUT_MS must be at least 100 ms/),
        expect.stringMatching(
          /^ALLOW_PRIVATE_ADDRESSES must be true, false, or a comma-separated list of IP addresses/,
        ),
        expect.stringMatching(/^PRODUCERS must be Slack user IDs/),
      ]),
    )
  })
})
