import { beforeAll, describe, expect, it } from 'vitest'
import { consoleReply } from '../../src/cli/console.ts'
import { blocksToText } from '../../src/render/blocksText.ts'
import { loadSnapshot, type Snapshot } from '../../src/snapshot/snapshot.ts'

let seeds: Snapshot
beforeAll(async () => {
  seeds = await loadSnapshot('seeds')
})

describe('npm run console', () => {
  it('answers from the same Block Kit message Slack gets, as text', async () => {
    const { message, last } = await consoleReply(seeds, 'homs distance', null)
    const text = blocksToText(message)
    expect(text).toContain('Coverage for “homs distance” — 1–5 of')
    expect(text).toMatch(/“Insurgents are now five kilometres \(three miles\) away from Homs/)
    expect(text).toContain('Express & Star (AP) · 6 Dec 2024')
    expect(last).toEqual({ query: 'homs distance', offset: 0 })
  })

  it('"more" pages on; "sources" and "help" answer like /syria', async () => {
    const first = await consoleReply(seeds, 'Homs', null)
    const second = await consoleReply(seeds, 'more', first.last)
    expect(blocksToText(second.message)).toMatch(/6–10 of/)
    expect(blocksToText((await consoleReply(seeds, 'sources', null)).message)).toContain('5 articles from 5 outlets')
    // Help's examples come from the coverage loaded: names it mentions most, and one of its outlets.
    const help = blocksToText((await consoleReply(seeds, 'help', null)).message)
    expect(help).toMatch(/Try: .*Homs.*outlet:express/)
  })

  it('"quotes <name>" and "check <words>" answer like /syria, and answers carry the quotation warnings', async () => {
    const quotes = blocksToText((await consoleReply(seeds, 'quotes Abdulrahman', null)).message)
    expect(quotes).toContain('Quotations of Rami Abdurrahman — 1 statement')
    const check = blocksToText((await consoleReply(seeds, 'check "We are in a strong position"', null)).message)
    expect(check).toContain('✓ Exactly these words: JK Active (AP)')
    const answer = blocksToText((await consoleReply(seeds, 'mother of all battles', null)).message)
    expect(answer).toContain('⚠ JK Active quotes this as: …determine Syria’s ruler')
  })

  it('"more" stops at the last page paging allows', async () => {
    let reply = await consoleReply(seeds, 'Homs', null)
    for (let page = 2; page <= 10 && reply.last; page++) reply = await consoleReply(seeds, 'more', reply.last)
    const past = await consoleReply(seeds, 'more', reply.last)
    expect(blocksToText(past.message)).toContain('last page')
  })
})
