// Slack markup in what a person sends is reduced to the text they read before anything is searched: search itself
// never sees markup (it knows nothing of Slack).
import { beforeAll, describe, expect, it } from 'vitest'
import { loadSnapshot } from '../../src/snapshot/snapshot.ts'
import { SnapshotStore } from '../../src/snapshot/store.ts'
import { answerQuery, type SlackDeps } from '../../src/slack/answering.ts'
import { TurnQueue } from '../../src/slack/turnQueue.ts'
import { stripSlackMarkup } from '../../src/slack/markup.ts'

let deps: SlackDeps

beforeAll(async () => {
  const store = new SnapshotStore()
  store.replace(await loadSnapshot('seeds'))
  // answerQuery uses the store, the queue and the length limit only.
  deps = { store, maxQueryChars: 300, command: '/syria', queue: new TurnQueue() } as SlackDeps
})

describe('stripSlackMarkup', () => {
  it.each([
    ['<@U123> <!channel> homs distance', 'homs distance'],
    ['<https://example.com/x|Hezbollah> forces', 'Hezbollah forces'],
    ['see <https://example.com/x> now', 'see now'],
    ['<#C123|general> Homs', 'Homs'],
    ['AT&amp;T &lt;b&gt;', 'AT&T <b>'],
  ])('%j → %j', (input, expected) => {
    expect(stripSlackMarkup(input).replace(/\s+/g, ' ').trim()).toBe(expected)
  })
})

describe('answers search the text a person reads, never the markup', () => {
  const quotesOf = (message: Awaited<ReturnType<typeof answerQuery>>) =>
    message.blocks.flatMap((b) => (b.type === 'section' && b.text?.text.startsWith('>') ? [b.text.text] : []))

  it('mentions and broadcasts are dropped: the distance passages answer', async () => {
    const message = await answerQuery(deps, { query: '<@U123> <!channel> homs distance', user: 'U1' })
    const quotes = quotesOf(message)
    expect(quotes.length).toBeGreaterThan(0)
    expect(quotes[0]).toMatch(/kilomet|km|miles/)
    expect(message.text).not.toMatch(/U123|channel/)
  })

  it('a link searches its label', async () => {
    const message = await answerQuery(deps, { query: '<https://example.com/x|Hezbollah> forces', user: 'U1' })
    const quotes = quotesOf(message)
    expect(quotes.length).toBeGreaterThan(0)
    expect(quotes.some((q) => /Hezbollah/.test(q))).toBe(true)
  })

  it('markup alone leaves nothing to search, and says so', async () => {
    const message = await answerQuery(deps, { query: '<!channel> <!here> <@U123>', user: 'U1' })
    expect(quotesOf(message)).toEqual([])
    expect(message.text).toMatch(/No words to search/)
  })
})
