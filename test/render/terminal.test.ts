// Terminal output: an article's own control characters (escape sequences, carriage returns, C1 controls, bidi
// overrides) are shown escaped, never sent to the terminal; a quote with quotation marks of its own gets no second pair.
// Real rendering of articles parsed from text written here; every terminal renderer (ask, quotes, console).
import { describe, expect, it } from 'vitest'
import { parseArticle } from '../../src/corpus/parse.ts'
import type { Article } from '../../src/corpus/types.ts'
import { answerMessage } from '../../src/render/blocks.ts'
import { blocksToText } from '../../src/render/blocksText.ts'
import { renderQuotesText } from '../../src/render/quoteText.ts'
import { renderText, terminalSafe } from '../../src/render/text.ts'
import { buildSnapshot, type Snapshot } from '../../src/snapshot/snapshot.ts'

/** Our own bold on and off; anything else that could drive a terminal is a failure. */
const OWN_BOLD = /\u001b\[(?:1|22)m/g
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/

function snapshotOf(texts: Record<string, string>): Snapshot {
  const articles = Object.entries(texts).map(([file, text]) => {
    const { article } = parseArticle(file, text, { outlet: 'Harbour\u001b[8m Times' })
    return article as Article
  })
  return buildSnapshot({ articles, problems: [] })
}

const HOSTILE = snapshotOf({
  'escape.txt':
    'Ferry strike\u001b]0;owned\u0007 ends\n\n' +
    'Ferry crews ended the strike\u001b[2J on Tuesday after the union accepted the pay offer, the operator said.\n\n' +
    'Harbour officials said the timetable\u0008 would be normal by Wednesday, and\u009b6n the islands would be served.\n\n' +
    'A spokesman for the operator said the\u202e ferries\u202c would sail from Thursday, officials said.\n',
  'quoted.txt':
    'Ferry union statement\n\n' +
    '“The ferry strike is over and the crews\u001b[5m will sail on Wednesday,” the union leader said.\n\n' +
    '"We are glad the ferry dispute is settled and the timetable holds"\n',
})

function expectSafe(output: string): void {
  expect(output.replace(OWN_BOLD, '')).not.toMatch(CONTROLS)
}

describe('terminal output cannot be driven by an article', () => {
  it('terminalSafe shows each control character as its escape and leaves the rest as written', () => {
    expect(terminalSafe('a\u001b[2Jb\rc\u009bd\u202ee\u0007f\tg\nh “ok” é')).toBe(
      'a\\u001b[2Jb\\u000dc\\u009bd\\u202ee\\u0007f\tg\nh “ok” é',
    )
  })

  it.each([false, true])('ask (renderText, colour %s): text, title and outlet escaped', (color) => {
    const answer = HOSTILE.index.search('ferry', { limit: 10 })
    expect(answer.hits.length).toBeGreaterThanOrEqual(3)
    const output = renderText(answer, { color })
    expectSafe(output)
    const shown = output.replace(OWN_BOLD, '')
    expect(shown).toContain('strike\\u001b[2J on')
    expect(shown).toContain('\\u202e ferries\\u202c')
    expect(shown).toContain('Harbour\\u001b[8m Times')
    expect(shown).toContain('Ferry strike\\u001b]0;owned\\u0007 ends')
  })

  it.each([false, true])('console (blocksToText, colour %s): the Slack answer as the terminal shows it', (color) => {
    const answer = HOSTILE.index.search('ferry', { limit: 10 })
    const output = blocksToText(answerMessage(answer), { color })
    expectSafe(output)
    expect(output.replace(OWN_BOLD, '')).toContain('strike\\u001b[2J on')
  })

  it.each([false, true])('quotes (renderQuotesText, colour %s)', (color) => {
    const lookup = HOSTILE.quotations.lookup('ferry strike is over')
    expect(lookup.matches.length).toBeGreaterThan(0)
    const output = renderQuotesText(lookup, { color })
    expectSafe(output)
    expect(output.replace(OWN_BOLD, '')).toContain('“The ferry strike is over and the crews\\u001b[5m will sail')
  })
})

describe('a quote with quotation marks of its own is not wrapped again in the terminal', () => {
  it('ask: “…” once, never ““…”” (as on Slack, withQuotationMarks)', () => {
    const answer = HOSTILE.index.search('ferry strike over crews', { limit: 10 })
    const output = renderText(answer)
    expect(output).toContain(
      '1. “The ferry strike is over and the crews\\u001b[5m will sail on Wednesday,” the union leader said.',
    )
    expect(output).not.toMatch(/[“"]{2}|[”"]{2}/)
  })

  it('ask: a quote without marks of its own is put in “ ”', () => {
    const output = renderText(HOSTILE.index.search('timetable normal wednesday', { limit: 1 }))
    expect(output).toMatch(/^1\. “Harbour officials said the timetable\\u0008 would be normal/m)
  })

  it('quotes: each version in “ ” once', () => {
    const output = renderQuotesText(HOSTILE.quotations.lookup('ferry strike is over'))
    expect(output).toContain('   “The ferry strike is over and the crews')
    expect(output).not.toMatch(/[“"]{2}|[”"]{2}/)
  })
})
