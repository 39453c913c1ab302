/**
 * What the bot logs at LOG_LEVEL=info, through the real app in HTTP mode: the request's kind, ids, lengths and timings,
 * never what a person typed or a message held (queries, button values, mentions, DMs, messages searched by the
 * shortcut), a token, or a response_url (its path is a secret that lets anyone answer in the person's name). Every
 * kind of request is sent, with words that appear nowhere else, and every log record is searched for them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTION_IDS } from '../../src/render/blocks.ts'
import { FIND_COVERAGE_CALLBACK_ID } from '../../src/slack/listeners/shortcuts.ts'
import { FAKE } from '../support/fakeSlack.ts'
import {
  appMentionEvent,
  blockActionsPayload,
  eventCallback,
  messageEvent,
  messageShortcutPayload,
  postToApp,
  type PostToAppOptions,
  slashCommandBody,
} from '../support/slackRequests.ts'
import { startHarness, type Harness } from './harness.ts'

let h: Harness
const secret = FAKE.signingSecret
/** Words no article holds and no message of ours says: wherever they show up in a log, a person's text leaked. */
const PRIVATE = ['quokka', 'marmalade', 'zeppelin', 'gazebo', 'walrus', 'kazoo']

beforeAll(async () => {
  h = await startHarness({ mode: 'http', env: { LOG_LEVEL: 'info' } })
})
afterAll(async () => {
  await h.close()
})

/** Every log record as written, one JSON line each. */
const logText = () => h.logs().map((r) => JSON.stringify(r))

async function signed(delivery: Omit<PostToAppOptions, 'secret'>) {
  expect((await postToApp(h.appUrl, { ...delivery, secret })).status).toBe(200)
}

describe('LOG_LEVEL=info: no text a person typed, no token, no response_url', () => {
  it('a query, a forged button, a mention, a DM, a shortcut, and a failed answer', async () => {
    const urls: string[] = []
    const responseUrl = () => {
      const url = h.fake.responses.newUrl()
      urls.push(url)
      return url
    }
    const command = responseUrl()
    await signed(slashCommandBody({ text: `homs ${PRIVATE[0]}`, response_url: command }))
    await h.fake.responses.waitFor(command)

    // A button whose value cannot be used (a page past the last): its value holds the query.
    const button = responseUrl()
    const value = JSON.stringify({ q: `homs ${PRIVATE[1]}`, offset: 10_000 })
    await signed(blockActionsPayload({ action_id: ACTION_IDS.more, value, response_url: button, ephemeral: true }))
    await h.fake.responses.waitFor(button)
    const [unreadable] = await h.waitForLogs('action.unreadable')
    expect(unreadable).toMatchObject({ level: 'warn', valueLength: value.length, offset: 10_000 })

    await signed(eventCallback(appMentionEvent({ text: `<@${FAKE.botUserId}> homs ${PRIVATE[2]}`, channel: 'C0LOGS' })))
    await h.fake.api.waitFor('chat.postMessage', (c) => c.delivered && c.body.channel === 'C0LOGS')
    await signed(eventCallback(messageEvent({ text: `homs ${PRIVATE[3]}`, channel: 'D0LOGS' })))
    await h.fake.api.waitFor('chat.postMessage', (c) => c.delivered && c.body.channel === 'D0LOGS')

    const shortcut = responseUrl()
    const message = {
      type: 'message',
      user: FAKE.userId,
      text: `What about homs ${PRIVATE[4]}?`,
      ts: '1733480000.000200',
    }
    await signed(messageShortcutPayload({ callback_id: FIND_COVERAGE_CALLBACK_ID, message, response_url: shortcut }))
    await h.fake.responses.waitFor(shortcut)

    // An answer Slack refuses: logged at error with the request's context, and apologised for.
    h.fake.api.failNext('chat.postMessage', { ok: false, error: 'invalid_blocks' })
    const failedBefore = h.logs().filter((r) => r.event === 'request.failed').length
    await signed(eventCallback(appMentionEvent({ text: `<@${FAKE.botUserId}> homs ${PRIVATE[5]}`, channel: 'C0FAIL' })))
    await h.waitForLogs('request.failed', failedBefore + 1)
    await h.fake.api.waitFor('chat.postMessage', (c) => c.delivered && c.body.channel === 'C0FAIL')

    const answered = h.logs().filter((r) => r.event === 'request.answered')
    expect(answered.length).toBeGreaterThanOrEqual(5)
    for (const record of answered) expect(record).not.toHaveProperty('query')
    const lines = logText()
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) {
      for (const word of PRIVATE) expect(line, `a log record holds "${word}"`).not.toContain(word)
      for (const url of urls) expect(line).not.toContain(new URL(url).pathname)
      for (const token of [FAKE.botToken, FAKE.appToken, FAKE.signingSecret]) expect(line).not.toContain(token)
    }
  })

  it('a response_url that is not Slack’s gets nothing; the log names its host, never its path', async () => {
    // Another server on 127.0.0.1: the fake Slack's own URL with another port.
    const foreign = new URL(h.fake.responses.newUrl())
    foreign.port = String(Number(new URL(h.fake.apiUrl).port) === 1 ? 2 : 1)
    const failedBefore = h.logs().filter((r) => r.event === 'request.failed').length
    await signed(slashCommandBody({ text: 'homs', response_url: foreign.href, user_id: 'U0FOREIGN' }))
    const [failed] = (await h.waitForLogs('request.failed', failedBefore + 1)).slice(failedBefore)
    expect(failed).toMatchObject({ level: 'error', kind: 'command', user: 'U0FOREIGN', where: 'response_url' })
    expect(String(failed!.msg)).toContain(`response_url is not on Slack's host (${foreign.origin})`)
    expect(JSON.stringify(failed)).not.toContain(foreign.pathname)
    // Refused before any attempt: no apology tried there either (the failure is logged once).
    expect(h.logs().filter((r) => r.event === 'request.apology_failed' && r.user === 'U0FOREIGN')).toEqual([])
  })
})
