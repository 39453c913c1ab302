// A passage cut from hard-wrapped copy holds line breaks: every renderer shows them as single spaces (white space is
// the only thing that changes), the highlights stay on the same words, and --json keeps the exact slice.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { answerMessage } from '../../src/render/blocks.ts'
import { blocksToText } from '../../src/render/blocksText.ts'
import { toAskJson } from '../../src/render/json.ts'
import { displayQuote } from '../../src/render/quote.ts'
import { renderText } from '../../src/render/text.ts'
import type { Answer } from '../../src/search/types.ts'
import { loadSnapshot, type Snapshot } from '../../src/snapshot/snapshot.ts'

/** Everything but white space, in order: what a display must never change. */
const ink = (s: string): string => s.replace(/\s+/g, '')

describe('displayQuote', () => {
  it('turns each run of white space holding a line break into one space, and nothing else', () => {
    const stored = 'Oil prices rose  on Monday as\n    ministers met in\r\nVienna, traders said.'
    const { text } = displayQuote(stored)
    expect(text).toBe('Oil prices rose  on Monday as ministers met in Vienna, traders said.')
    expect(ink(text)).toBe(ink(stored))
  })

  it('moves highlights to the same words', () => {
    const stored = 'the rebels\n  reached Homs\nand Hama'
    const words = ['rebels', 'Homs', 'Hama']
    const highlights = words.map((w) => ({ start: stored.indexOf(w), end: stored.indexOf(w) + w.length }))
    const shown = displayQuote(stored, highlights)
    expect(shown.highlights.map((s) => shown.text.slice(s.start, s.end))).toEqual(words)
  })

  it('leaves a quote without line breaks as it is', () => {
    const stored = 'Tabs\tand  double spaces stay.'
    expect(displayQuote(stored, [{ start: 0, end: 4 }])).toEqual({ text: stored, highlights: [{ start: 0, end: 4 }] })
  })
})

describe('renderers on a hard-wrapped article', () => {
  let dir: string
  let snapshot: Snapshot
  let answer: Answer
  const file = 'wrapped.txt'
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'storydesk-linebreaks-'))
    writeFileSync(
      join(dir, file),
      [
        'LONDON, March 2 (Reuters) - Copper prices climbed to a two-month',
        'high on Monday as warehouse stocks fell for a fifth straight week,',
        'traders said, and smelters in the region cut their output.',
        '',
        'Reuters',
        '',
      ].join('\n'),
    )
    snapshot = await loadSnapshot(dir)
    answer = snapshot.index.search('copper warehouse smelters', { limit: 3 })
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('finds a passage that runs across the line breaks', () => {
    expect(answer.hits.length).toBe(1)
    expect(answer.hits[0]!.passage.text).toContain('\n')
  })

  it('terminal text shows one line per quote, with single spaces', () => {
    const out = renderText(answer)
    expect(out).toContain(
      '“Copper prices climbed to a two-month high on Monday as warehouse stocks fell for a fifth straight week, traders said, and smelters in the region cut their output.”',
    )
  })

  it('Slack blocks and the console show the same, bold on the right words', () => {
    const message = answerMessage(answer)
    const section = JSON.stringify(message.blocks)
    expect(section).not.toContain('\\n')
    expect(section).toContain('*warehouse*')
    expect(section).toContain('*smelters*')
    expect(message.text).not.toMatch(/two-month\n/)
    expect(blocksToText(message)).toContain('two-month high on Monday')
  })

  it('--json keeps the exact slice of the file', () => {
    const json = toAskJson(answer)
    const text = readFileSync(join(dir, file), 'utf8')
    const hit = answer.hits[0]!.passage
    expect(json.results[0]!.quote).toBe(text.slice(hit.start, hit.end))
    expect(json.results[0]!.quote).toContain('\n')
  })
})
