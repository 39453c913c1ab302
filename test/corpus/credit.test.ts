// Credit lines ("Reporting by …; Editing by …") against reporting that starts like one. A paragraph of reporting
// mistaken for a credit is removed, and then the quotation after it is given to the speaker before it. Every text
// here is invented, written for one shape.
import { describe, expect, it } from 'vitest'
import { cleanText } from '../../src/corpus/clean.ts'
import { parseArticle } from '../../src/corpus/parse.ts'
import type { Span } from '../../src/corpus/types.ts'
import { extractQuotations } from '../../src/quotes/index.ts'

const flat = (text: string, span: Span): string => text.slice(span.start, span.end).replace(/\s+/g, ' ')

/** The rules that removed something from `text`, with what they removed, and the paragraphs and headings kept. */
function cleaned(text: string): { removed: [string, string][]; paragraphs: string[]; headings: string[] } {
  const c = cleanText(text)
  return {
    removed: c.removed.map((r) => [r.rule, flat(text, r)]),
    paragraphs: c.paragraphs.map((p) => flat(text, p)),
    headings: c.headings.map((h) => flat(text, h)),
  }
}

const OPENING = 'The rebel commander Omar Saleh said: "We hold the town."'
const REPORTING_THEN_SECOND_ROLE =
  'Research by Amnesty International shows the killings were ordered from Damascus. Reporting by Reuters found the same, and the interior minister, Ali Hassan, said:'
const IN_PARENTHESES = '(Research by the UN found that the interior minister, Ali Hassan, ordered the raids. He said:)'
const LAST = '"We will investigate every case."'

describe('reporting that starts like a credit stays a paragraph, and its quotation keeps its speaker', () => {
  it.each([
    ['a sentence before a second role', REPORTING_THEN_SECOND_ROLE],
    ['reporting in parentheses', IN_PARENTHESES],
  ])('%s', (_, middle) => {
    const text = `${OPENING}\n\n${middle}\n\n${LAST}\n`
    const { removed, paragraphs } = cleaned(text)
    expect(removed).toEqual([])
    expect(paragraphs).toEqual([OPENING, middle, LAST])

    const { article } = parseArticle('invented.txt', text, { outlet: 'Test' })
    const quotations = extractQuotations(article!)
    const last = quotations.find((q) => text.slice(q.start, q.end) === 'We will investigate every case.')
    expect(last).toBeDefined()
    const speaker = last!.speaker ? text.slice(last!.speaker.at.start, last!.speaker.at.end) : null
    // The interior minister (or nobody the text lets us name), never the commander two paragraphs up.
    expect(speaker ?? '').not.toContain('Omar Saleh')
    if (speaker !== null) expect(speaker).toMatch(/interior minister|Ali Hassan/)
  })

  it('the minister of the first shape is read as the speaker', () => {
    const text = `${OPENING}\n\n${REPORTING_THEN_SECOND_ROLE}\n\n${LAST}\n`
    const { article } = parseArticle('invented.txt', text, { outlet: 'Test' })
    const last = extractQuotations(article!).find((q) => text.slice(q.start, q.end).startsWith('We will'))
    expect(last?.speaker && text.slice(last.speaker.at.start, last.speaker.at.end)).toContain('Ali Hassan')
  })
})

/**
 * What cleaning makes of `line` between two paragraphs of reporting: the rule that removes it, or 'kept' (a short
 * line without a closing full stop is kept as a heading: the layout's call, not a credit rule's).
 */
function midArticle(line: string): string {
  const text = `Rescuers reached the village on Sunday, officials said.\n\n${line}\n\nThe road reopened on Monday.\n`
  const { removed, paragraphs, headings } = cleaned(text)
  expect(paragraphs).toContain('Rescuers reached the village on Sunday, officials said.')
  expect(paragraphs).toContain('The road reopened on Monday.')
  if (removed.length === 0) {
    expect([...paragraphs, ...headings]).toContain(line)
    return 'kept'
  }
  expect(removed).toHaveLength(1)
  expect(removed[0]![1]).toBe(line)
  return removed[0]![0]
}

describe('real credits are still removed, closing the copy or between paragraphs', () => {
  it.each([
    '(Reporting by Jane Roe; Editing by John Doe)',
    'Reporting by Jane Roe in Beirut; Additional reporting by Sam Poe; Editing by Ann Lee',
    '(Reporting by Jane Roe and Sam Poe; Writing by Ann Lee; Editing by Tom Fox)',
    'Additional reporting by Jane Roe in Amman',
    'Research by Jane Roe; Editing by Sam Poe',
    'Research by Jane Roe. Editing by Sam Poe.',
    'Reporting by Jane Roe; Editing by Sam Poe and agencies',
    'Reporting by the Cairo bureau, other wires; Editing by Ann Lee',
    '(Reporting by the Amman bureau and agencies; an earlier version misspelt a name)',
  ])('%j is a credit', (line) => {
    expect(midArticle(line)).toBe('reporting-credit')
    const closing = cleaned(`Rescuers reached the village on Sunday, officials said.\n${line}\n`)
    expect(closing.removed).toEqual([['reporting-credit', line]])
  })
})

describe('a block that starts with a role but is not only names is reporting', () => {
  it.each([
    // The text before a second role is a sentence.
    'Research by Harbour Analytics shows rents rose. Reporting by Reuters found the same.',
    'Research by Harbour Analytics shows rents rose; Editing by Sam Poe',
    'Reporting by Jane Roe Research by Harbour Analytics shows rents rose.',
    // A second role that is followed by a sentence.
    'Research by Jane Roe; Reporting by Reuters found the same.',
    // In parentheses, the first credit is a sentence.
    '(Research by the port authority showed delays doubled.)',
    '(Reporting by Reuters confirmed the figures; officials declined to comment)',
    // A lead-in to a quotation, or a quotation: a credit does neither.
    'Research by Jane Roe; Editing by Sam Poe, who said:',
    '(Reporting by Jane Roe; the mayor said:)',
    '(Reporting by Jane Roe; the mayor called it "a disgrace")',
    'Reporting by Jane Roe and “Sam Poe”',
  ])('%j', (line) => {
    expect(midArticle(line)).toBe('kept')
  })
})
