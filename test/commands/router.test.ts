import { describe, expect, it } from 'vitest'
import { type CommandContext, route, runCommand, SUBCOMMANDS } from '../../src/commands/router.ts'
import { noticeMessage } from '../../src/render/blocks.ts'
import { blocksToText } from '../../src/render/blocksText.ts'

const name = (text: string | undefined | null) => {
  const routed = route(text)
  return 'query' in routed ? `query:${routed.query}` : routed.subcommand.name
}

describe('route: what a text asks for', () => {
  it.each([
    [undefined, 'help'],
    [null, 'help'],
    ['', 'help'],
    ['   ', 'help'],
    ['?', 'help'],
    ['help', 'help'],
    ['Help?', 'help'],
    ['sources', 'sources'],
    [' SOURCES ', 'sources'],
    ['homs distance', 'query:homs distance'],
    ['sources of the fighting near Homs', 'query:sources of the fighting near Homs'],
    ['help the wounded in Homs', 'query:help the wounded in Homs'],
    ['quotes Abdulrahman', 'quotes'],
    ['Quote General Abbas', 'quotes'],
    ['check "we are in a good position"', 'check'],
    ['quotes', 'quotes'],
    ['check', 'check'],
  ])('%j → %s', (text, expected) => {
    expect(name(text)).toBe(expected)
  })

  it.each([
    // check needs quoted words: straight, curly, guillemets, or single quotes around words.
    ['check points near homs', 'query:check points near homs'],
    ['Check the road to Damascus', 'query:Check the road to Damascus'],
    ["check homs' defences", "query:check homs' defences"],
    ['check “we are in a good position”', 'check'],
    ['check the words "mother of all battles"', 'check'],
    ["check 'temporary tactical measure'", 'check'],
    ['check «nous sommes prêts»', 'check'],
    // quotes needs a name: any case, titles, particles, initials.
    ['quotes from the front line', 'query:quotes from the front line'],
    ['quotes near homs', 'query:quotes near homs'],
    ['quote of the day', 'query:quote of the day'],
    ['quotes 2024 offensive', 'query:quotes 2024 offensive'],
    ['quotes rami abdulrahman', 'quotes'],
    ['quotes Mr. Abbas', 'quotes'],
    ['quotes Bashar al-Assad', 'quotes'],
    ['quotes bashar al assad', 'quotes'],
    ["quotes O'Neil", 'quotes'],
  ])('quotation subcommands only with their kind of argument: %j → %s', (text, expected) => {
    expect(name(text)).toBe(expected)
  })

  it('has one entry per name, each with what help shows', () => {
    const names = SUBCOMMANDS.flatMap((s) => [s.name, ...(s.aliases ?? [])])
    expect(new Set(names).size).toBe(names.length)
    for (const subcommand of SUBCOMMANDS) expect(subcommand.summary.length).toBeGreaterThan(0)
  })
})

describe('runCommand', () => {
  const asked: string[] = []
  const context: CommandContext = {
    command: '/news',
    articles: () => null,
    answer: async (query) => {
      asked.push(query)
      return noticeMessage(`answer to ${query}`)
    },
    loading: () => noticeMessage('loading'),
    examples: () => [],
    quotations: async (lookup) => {
      asked.push(`${lookup.by}:${lookup.query}`)
      return noticeMessage(`quotations of ${lookup.query}`)
    },
  }

  it('help names the configured command and lists every subcommand', async () => {
    const text = blocksToText(await runCommand(context, 'help'))
    expect(text).toContain('/news <words>')
    for (const subcommand of SUBCOMMANDS) expect(text).toContain(`/news ${subcommand.usage}`)
  })

  it('quotes and check go to the front end’s quotation lookup with their words; without words, how to ask', async () => {
    asked.length = 0
    await runCommand(context, 'quotes General Abbas')
    await runCommand(context, 'check “we are in a good position”')
    expect(asked).toEqual(['speaker:General Abbas', 'words:“we are in a good position”'])
    expect(blocksToText(await runCommand(context, 'quotes'))).toContain('/news quotes <a name from the coverage>')
    expect(blocksToText(await runCommand(context, 'check'))).toContain('/news check "the words as printed"')
    asked.length = 0
  })

  it('a query goes to the front end’s answer; sources while loading says so', async () => {
    expect(blocksToText(await runCommand(context, 'homs distance'))).toContain('answer to homs distance')
    expect(asked).toEqual(['homs distance'])
    expect(blocksToText(await runCommand(context, 'sources'))).toContain('loading')
  })
})
