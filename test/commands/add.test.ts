// `add <link>` in the command table: a link goes to the front end's add, words that are no link are a question, and a
// front end that does not add (the console) says where articles are added.
import { describe, expect, it } from 'vitest'
import { type CommandContext, runCommand } from '../../src/commands/router.ts'
import { noticeMessage } from '../../src/render/blocks.ts'
import { blocksToText } from '../../src/render/blocksText.ts'

function context(withAdd: boolean): { context: CommandContext; calls: string[] } {
  const calls: string[] = []
  const base: CommandContext = {
    command: '/syria',
    articles: () => [],
    answer: async (query) => {
      calls.push(`answer:${query}`)
      return noticeMessage('answered')
    },
    loading: () => noticeMessage('loading'),
    examples: () => [],
  }
  const add = async (link: string) => {
    calls.push(`add:${link}`)
    return noticeMessage('added')
  }
  return { context: withAdd ? { ...base, add } : base, calls }
}

describe('add <link>', () => {
  it.each([
    ['add https://example.org/story', 'add:https://example.org/story'],
    ['ADD <https://example.org/story|example.org>', 'add:<https://example.org/story|example.org>'],
    ['add www.example.org/story', 'add:www.example.org/story'],
    ['add example.org/news/story', 'add:example.org/news/story'],
    ['add /etc/passwd', 'add:/etc/passwd'],
    ['add', 'add:'],
    ['add troops near homs', 'answer:add troops near homs'],
    ['added troops', 'answer:added troops'],
  ])('%j → %s', async (text, expected) => {
    const { context: c, calls } = context(true)
    await runCommand(c, text)
    expect(calls).toEqual([expected])
  })

  it('a front end that does not add says where articles are added', async () => {
    const { context: c, calls } = context(false)
    const text = blocksToText(await runCommand(c, 'add https://example.org/story'))
    expect(text).toMatch(/npm run add/)
    expect(calls).toEqual([])
  })
})
