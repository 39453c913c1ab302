// Quotation lookups in Block Kit: Slack's limits on the largest lookups, escaping, and the warning under a passage.
import { beforeAll, describe, expect, it } from 'vitest'
import { parseArticle } from '../../src/corpus/parse.ts'
import type { Article } from '../../src/corpus/types.ts'
import { extractQuotations, QuotationIndex } from '../../src/quotes/index.ts'
import { answerMessage, LIMITS } from '../../src/render/blocks.ts'
import { blocksToText } from '../../src/render/blocksText.ts'
import { quotesMessage } from '../../src/render/quoteBlocks.ts'
import { quoteNotes } from '../../src/render/quoteParts.ts'
import { loadSnapshot, type Snapshot } from '../../src/snapshot/snapshot.ts'
import { checkBlocks, formatProblem, MAX_BLOCKS_IN_MESSAGE } from '../support/blockKitChecks.ts'
import { render, type TextObject } from '../support/slackRendering.ts'

let seeds: Snapshot
let index: QuotationIndex

beforeAll(async () => {
  seeds = await loadSnapshot('seeds')
  index = QuotationIndex.build(seeds.articles.map((article) => ({ article, quotations: extractQuotations(article) })))
})

const problems = (blocks: unknown[]) => checkBlocks(blocks, MAX_BLOCKS_IN_MESSAGE, '').map(formatProblem)

function article(file: string, outlet: string, text: string): Article {
  const { article, problems } = parseArticle(file, text, { outlet, published: '2025-05-01' })
  expect(problems).toEqual([])
  return article!
}

describe('quotation messages', () => {
  it('every lookup on the seeds stays within Slack’s limits, with a plain-text fallback', () => {
    for (const query of ['Abdulrahman', 'General Abbas', '"mother of all battles"', 'takfiri', 'nobody', '"no such"']) {
      const message = quotesMessage(index.lookup(query))
      expect(problems(message.blocks), query).toEqual([])
      expect(message.text.length).toBeGreaterThan(0)
    }
  })

  it('marks the differing words in bold inside the verbatim quote', () => {
    const message = quotesMessage(index.lookup('Abdulrahman'))
    const sections = message.blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []))
    expect(sections).toContain('>“The battle of Homs is the mother of all battles and will *determine Syria’s ruler*,”')
    expect(sections).toContain(
      '>“The battle of Homs is the mother of all battles and will decide who will rule Syria,”',
    )
  })

  it('a speaker with sixty long statements in many wordings: within 50 blocks and 3,000 characters a section', () => {
    // Sixty different statements of 600 words each (made-up words, so no two are alike), printed by three outlets,
    // the third with one word changed in each.
    const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'de', 'po']
    const word = (i: number, k: number) => {
      let h = Math.imul(i * 1000 + k + 1, 0x9e3779b1) >>> 0
      h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> 0
      return [0, 1, 2, 3].map((d) => syllables[Math.floor(h / 10 ** d) % 10]).join('')
    }
    const statement = (i: number, changed: boolean) =>
      Array.from({ length: 600 }, (_, k) => (changed && k === 5 ? 'changed' : word(i, k))).join(' ')
    const articles = ['Harbour Times', 'Quillmere Post', 'Larkhaven Courier'].map((outlet, o) =>
      article(
        `long_${o}.txt`,
        outlet,
        Array.from({ length: 60 }, (_, i) => `“${statement(i, o === 2)},” said Governor Anneke Dalsgaard.`).join(
          '\n\n',
        ),
      ),
    )
    const big = QuotationIndex.build(articles.map((a) => ({ article: a, quotations: extractQuotations(a) })))
    const lookup = big.bySpeaker('Dalsgaard')
    expect(lookup.matches).toHaveLength(60)
    expect(lookup.matches.every((m) => m.statement.differs && m.statement.versions.length === 2)).toBe(true)
    const message = quotesMessage(lookup)
    expect(problems(message.blocks)).toEqual([])
    expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocks)
    expect(blocksToText(message)).toMatch(/\d+ more not shown/)
  })

  it('escapes quotation text, so nothing in it becomes a mention, a broadcast or a link', () => {
    const tricky = article(
      'tricky.txt',
      'Harbour Times',
      '“Tell <!channel> and <@U123> to read <https://evil.example|this> & act,” said Governor Anneke Dalsgaard.',
    )
    const small = QuotationIndex.build([{ article: tricky, quotations: extractQuotations(tricky) }])
    const message = quotesMessage(small.lookup('Dalsgaard'))
    const all = JSON.stringify(message)
    for (const markup of ['<!channel>', '<@U123>', '<https://evil']) expect(all).not.toContain(markup)
    expect(all).toContain('&lt;!channel&gt;')
    expect(blocksToText(message)).toContain('Tell <!channel> and <@U123> to read <https://evil.example|this> & act,')
  })
})

describe('what a reader sees (a model of Slack’s mrkdwn rules, test/support/slackRendering.ts)', () => {
  /** Every text object of a message. */
  const objects = (blocks: unknown[]): TextObject[] =>
    (blocks as { type: string; text?: TextObject; elements?: TextObject[] }[]).flatMap((b) => [
      ...(b.text ? [b.text] : []),
      ...(b.type === 'context' ? (b.elements ?? []) : []),
    ])

  it('shows every version exactly as printed, the differing words bold, and nothing that would format or link', () => {
    const tricky = article(
      'formatting.txt',
      'Harbour Times',
      [
        '“Prices rose *sharply* in the_north and ~5 km away, see https://x.example #ops @here,” said Governor Anneke Dalsgaard.',
        '“We will keep the clinic open,” said Governor Anneke Dalsgaard.',
      ].join('\n\n'),
    )
    const other = article(
      'other.txt',
      'Quillmere Post',
      '“We will keep the school open,” said Governor Anneke Dalsgaard.',
    )
    const mixed = QuotationIndex.build([tricky, other].map((a) => ({ article: a, quotations: extractQuotations(a) })))
    for (const [lookups, source] of [
      [['Abdulrahman', 'General Abbas', '"we are in a strong position"', 'takfiri'], index],
      [['Dalsgaard', '"the_north and ~5 km"'], mixed],
    ] as const) {
      for (const query of lookups) {
        const lookup = source.lookup(query)
        const message = quotesMessage(lookup)
        for (const object of objects(message.blocks)) expect(render(object).problems, query).toEqual([])
        const shown = message.blocks
          .filter((b) => b.type === 'section' && b.text)
          .map((b) => render((b as { text: TextObject }).text))
          .filter((r) => r.text.startsWith('“'))
        const versions = lookup.matches.flatMap((m) => m.statement.versions)
        expect(shown.map((r) => r.text)).toEqual(versions.map((v) => `“${v.words}”`))
      }
    }
    const school = quotesMessage(mixed.lookup('"we will keep the"'))
    const bold = school.blocks
      .filter((b) => b.type === 'section' && b.text)
      .map((b) => render((b as { text: TextObject }).text))
      .filter((r) => r.text.startsWith('“'))
      .flatMap((r) => r.bold.map((span) => r.text.slice(span.start, span.end)))
    expect(bold).toEqual(['school'])
  })
})

describe('the warning on an ordinary answer', () => {
  it('sits under the credit of a passage whose quotation other outlets print differently, escaped', () => {
    const answer = seeds.index.search('"mother of all battles"', { limit: 5 })
    const message = answerMessage(answer, { passageNotes: quoteNotes(index) })
    expect(problems(message.blocks)).toEqual([])
    const text = blocksToText(message)
    expect(text).toContain(
      '⚠ Express &amp; Star, Sky News, The Independent quote this as: …decide who will rule Syria'.replace(
        '&amp;',
        '&',
      ),
    )
    expect(JSON.stringify(message.blocks)).toContain('Express &amp; Star, Sky News, The Independent quote this as')
    // Without notes, the answer is as before.
    expect(JSON.stringify(answerMessage(answer).blocks)).not.toContain('⚠')
  })
})
