/**
 * Quotation checks through the real app (HTTP mode, signed requests, the fake Slack on 127.0.0.1): /syria quotes,
 * /syria check, "Find coverage" on a message that holds a quotation, and the warning on an ordinary answer.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FAKE } from '../support/fakeSlack.ts'
import {
  eventCallback,
  messageEvent,
  messageShortcutPayload,
  postToApp,
  slashCommandBody,
} from '../support/slackRequests.ts'
import { allText, startHarness, type Harness, unmrkdwn } from './harness.ts'

let h: Harness
const secret = FAKE.signingSecret

beforeAll(async () => {
  h = await startHarness({ mode: 'http' })
})
afterAll(async () => {
  await h.close()
})
beforeEach(() => {
  h.fake.reset()
})

async function slash(text: string) {
  const responseUrl = h.fake.responses.newUrl()
  const response = await postToApp(h.appUrl, { ...slashCommandBody({ text, response_url: responseUrl }), secret })
  expect(response.status).toBe(200)
  return (await h.fake.responses.waitFor(responseUrl)).body
}

/** The block-quoted versions of a quotation message, as a reader sees them. */
function versionsOf(blocks: unknown): string[] {
  return (blocks as { type: string; text?: { text: string } }[])
    .filter((b) => b.type === 'section' && b.text?.text.startsWith('>“'))
    .map((b) => unmrkdwn(b.text!.text.slice(2, -1)))
}

describe('/syria quotes and /syria check', () => {
  it('quotes <name>: the speaker’s statements, each version with its outlets, privately', async () => {
    const body = await slash('quotes Abdulrahman')
    expect(body.response_type).toBe('ephemeral')
    expect(versionsOf(body.blocks)).toEqual([
      'The battle of Homs is the mother of all battles and will decide who will rule Syria,',
      'The battle of Homs is the mother of all battles and will determine Syria’s ruler,',
    ])
    const text = allText(body)
    expect(text).toContain('Quotations of Rami Abdurrahman')
    expect(text).toContain('Express &amp; Star (AP), 6 Dec 2024; Sky News, 6 Dec 2024; The Independent, 7 Dec 2024')
    expect(text).toContain('will *determine Syria’s ruler*,')
    expect(typeof body.text).toBe('string')
  })

  it('check "<words>": who printed exactly these words, who printed others, and who said them', async () => {
    const body = await slash('check “We are in a strong position on the ground”')
    const text = allText(body)
    expect(text).toContain('✓ Exactly these words: JK Active (AP)')
    expect(text).toContain('≠ In other words: Express &amp; Star (AP), Sky News')
    expect(text).toContain('General Ali Mahmoud Abbas')
    const none = await slash('check "we will never surrender"')
    expect(allText(none)).toContain('No outlet printed “we will never surrender” as a quotation.')
  })

  it('never echoes markup, and refuses words over the length limit with a message', async () => {
    const body = await slash('check "<!channel> we are in a good position <@U123>"')
    const text = allText(body)
    for (const markup of ['<!channel>', '<@U123>']) expect(text).not.toContain(markup)
    expect(text).toContain('Exactly these words: Express &amp; Star (AP), Sky News')
    const long = await slash(`check "${'word '.repeat(100)}"`)
    expect(allText(long)).toContain('the limit is 300')
  })
})

describe('the same subcommands in a DM (one command table)', () => {
  it('"quotes General Abbas" in a DM answers with his statements', async () => {
    await postToApp(h.appUrl, { ...eventCallback(messageEvent({ text: 'quotes General Abbas' })), secret })
    const call = await h.fake.api.waitFor('chat.postMessage', (c) => c.delivered)
    const text = allText(call.body)
    expect(text).toContain('Quotations of General Ali Mahmoud Abbas — 2 statements')
    expect(versionsOf(call.body.blocks)).toContain('We are in a strong position on the ground,')
  })
})

describe('Find coverage on a message that holds a quotation', () => {
  it('checks the quotation: the outlets that printed exactly it and the ones that printed other words', async () => {
    const responseUrl = h.fake.responses.newUrl()
    const delivery = messageShortcutPayload({
      callback_id: 'find_coverage',
      response_url: responseUrl,
      message: {
        type: 'message',
        user: FAKE.userId,
        ts: '1733480000.000700',
        text: 'Draft lede: Abbas said “We are in a strong position on the ground” — can we use this?',
      },
    })
    expect((await postToApp(h.appUrl, { ...delivery, secret })).status).toBe(200)
    const body = (await h.fake.responses.waitFor(responseUrl)).body
    expect(body.response_type).toBe('ephemeral')
    const text = allText(body)
    expect(text).toContain('Checked the quotation in the message: “We are in a strong position on the ground”')
    expect(text).toContain('✓ Exactly these words: JK Active (AP)')
    expect(text).toContain('≠ In other words: Express &amp; Star (AP), Sky News')
  })
})

describe('the warning on an ordinary answer', () => {
  it('a passage whose quotation other outlets print in other words says so, under its credit', async () => {
    const body = await slash('mother of all battles')
    const text = allText(body)
    expect(text).toContain('⚠ Express &amp; Star, Sky News, The Independent quote this as: …decide who will rule Syria')
    expect(text).toContain('⚠ JK Active quotes this as: …determine Syria’s ruler')
  })
})
