import { beforeAll, describe, expect, it } from 'vitest'
import {
  answerMessage,
  escapeText,
  helpMessage,
  homeView,
  LIMITS,
  quoteSection,
  sourcesMessage,
  withQuotationMarks,
} from '../../src/render/blocks.ts'
import { blocksToText } from '../../src/render/blocksText.ts'
import { fitQuote } from '../../src/render/quote.ts'
import { buildSnapshot, loadSnapshot, type Snapshot } from '../../src/snapshot/snapshot.ts'
import type { Answer } from '../../src/search/types.ts'
import { checkBlocks, formatProblem, MAX_BLOCKS_IN_MESSAGE, MAX_BLOCKS_IN_VIEW } from '../support/blockKitChecks.ts'

let seeds: Snapshot

beforeAll(async () => {
  seeds = await loadSnapshot('seeds')
})

function problems(blocks: unknown[], max = MAX_BLOCKS_IN_MESSAGE): string[] {
  return checkBlocks(blocks, max, '').map(formatProblem)
}

describe('Block Kit limits on the largest answers the seeds can produce', () => {
  it('every passage of every seed, 25 to a message, stays within Slack’s limits', () => {
    const all = [...seeds.index.allPassages()]
    for (let i = 0; i < all.length; i += 25) {
      const page = all.slice(i, i + 25)
      const answer: Answer = {
        query: 'x'.repeat(300),
        parsed: { text: 'x'.repeat(300), terms: [], phrases: [], outlets: [], stopWords: [], notices: [] },
        hits: page.map((passage) => ({
          passage,
          score: 1,
          coverage: 1,
          matched: [],
          highlights: [],
          alsoIn: all.slice(0, 5),
        })),
        total: all.length,
        approximate: false,
        offset: i,
        notices: ['a notice'],
      }
      const message = answerMessage(answer)
      expect(problems(message.blocks)).toEqual([])
      expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocks)
      expect(message.text.length).toBeGreaterThan(0)
    }
  })

  it('a broad query with a large page stays within limits, buttons last', () => {
    const answer = seeds.index.search('Syria Homs Hama Aleppo rebels', { limit: 40 })
    const message = answerMessage(answer)
    expect(problems(message.blocks)).toEqual([])
    expect(message.blocks.at(-1)!.type).toBe('actions')
  })

  it('sources and App Home stay within limits', () => {
    expect(problems(sourcesMessage(seeds.articles).blocks)).toEqual([])
    expect(problems(homeView(seeds.stats, seeds.articles).blocks, MAX_BLOCKS_IN_VIEW)).toEqual([])
    expect(problems(helpMessage().blocks)).toEqual([])
  })
})

describe('long quotes are cut, still verbatim', () => {
  it('cuts at a sentence end when one fits, else at a word boundary, never mid-word', () => {
    const text = 'The first sentence is here. The second sentence goes on and on without stopping for a long while'
    expect(fitQuote(text, 40)).toMatchObject({ text: 'The first sentence is here. …', cut: true })
    const words = 'Insurgents are now five kilometres (three miles) away from Homs'
    const fitted = fitQuote(words, 30)
    expect(fitted.text.endsWith('…')).toBe(true)
    expect(words.startsWith(fitted.text.slice(0, -1).trimEnd())).toBe(true)
    expect(words[fitted.kept]).toMatch(/\s|[(]/)
  })

  it('a quote over the section limit is cut and the section stays within 3,000 characters', () => {
    const passage = [...seeds.index.allPassages()][0]!
    const huge = { ...passage, text: `${passage.text} `.repeat(40).trim() }
    const mrkdwn = quoteSection(huge.text, []).text!.text
    expect(mrkdwn.length).toBeLessThanOrEqual(3000)
    const shown = mrkdwn.slice(2, -1).replace(/ ?…$/, '')
    expect(huge.text.startsWith(shown)).toBe(true)
  })
})

describe('escaping', () => {
  it('escapes & < > so article text and queries cannot become mentions, broadcasts or links', () => {
    expect(escapeText('a & b <!channel> <@U1> <https://x|y>')).toBe(
      'a &amp; b &lt;!channel&gt; &lt;@U1&gt; &lt;https://x|y&gt;',
    )
  })

  it('an article holding Slack markup is shown as text', () => {
    const load = {
      articles: [
        {
          ...seeds.articles[0]!,
          file: 'markup.txt',
          text: 'Officials said <!channel> and <@U999> & <https://evil.example|this link> were seen near Homs today.',
          paragraphs: [{ start: 0, end: 98 }],
          headings: [],
          removed: [],
          title: 'A <b> headline & more',
        },
      ],
      problems: [],
    }
    const snapshot = buildSnapshot(load)
    const message = answerMessage(snapshot.index.search('officials Homs'))
    const json = JSON.stringify(message)
    for (const markup of ['<!channel>', '<@U999>', '<https://evil', '<b>']) expect(json).not.toContain(markup)
    expect(json).toContain('&lt;!channel&gt;')
    expect(blocksToText(message)).toContain('Officials said <!channel> and <@U999> &')
  })
})

describe('our quotation marks around a quote', () => {
  it('wrap a quote unless it opens or closes with double quotation marks of its own (never ““…” or …””)', () => {
    expect(withQuotationMarks('“We hold the town,” the commander said.')).toBe(
      '“We hold the town,” the commander said.',
    )
    expect(withQuotationMarks('The commander said: “We hold the town.”')).toBe(
      'The commander said: “We hold the town.”',
    )
    expect(withQuotationMarks('"We hold the town," he said.')).toBe('"We hold the town," he said.')
  })

  it('wrap a quote opening with a single mark or an apostrophe: single marks nest inside ours', () => {
    expect(withQuotationMarks('‘We hold the town,’ the commander said.')).toBe(
      '“‘We hold the town,’ the commander said.”',
    )
    expect(withQuotationMarks("'90s music filled the square.")).toBe("“'90s music filled the square.”")
    expect(withQuotationMarks('The plan was reckless.')).toBe('“The plan was reckless.”')
  })
})
