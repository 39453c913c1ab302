// Pairing quotation marks in one paragraph or across paragraphs: only the text is read, no speakers.
import { describe, expect, it } from 'vitest'
import { findQuoteMarks } from '../../src/quotes/marks.ts'

/** The quoted words of each quotation found in `paragraphs` (joined with '\n\n'), parts joined with " | ". */
function quoted(...paragraphs: string[]): string[] {
  const text = paragraphs.join('\n\n')
  const spans = paragraphs.map((p, i) => {
    const start = paragraphs.slice(0, i).reduce((n, q) => n + q.length + 2, 0)
    return { start, end: start + p.length }
  })
  return findQuoteMarks(text, spans).map((q) => q.parts.map((part) => text.slice(part.start, part.end)).join(' | '))
}

describe('quotation marks', () => {
  it('pairs curly and straight double quotes, several sentences inside one quotation', () => {
    expect(quoted('“We are strong. We will win,” he said. "Not now," she replied.')).toEqual([
      'We are strong. We will win,',
      'Not now,',
    ])
  })

  it('reads straight single quotes as apostrophes in wire copy', () => {
    expect(quoted(`"We won't stop," said Ali O'Neil, the rebels' commander, who's led them since the '90s.`)).toEqual([
      "We won't stop,",
    ])
    expect(quoted(`Rock 'n' roll in the '90s, 'til dawn; the workers' union's offices.`)).toEqual([])
  })

  it('reads British single quotes, with plural possessives inside them', () => {
    expect(quoted('‘The rebels’ progress is slow,’ he said, ‘but sure.’')).toEqual([
      'The rebels’ progress is slow,',
      'but sure.',
    ])
    expect(quoted(`'The rebels' advance is slow,' he said.`)).toEqual(["The rebels' advance is slow,"])
  })

  it('keeps a nested quotation inside the outer one', () => {
    expect(quoted(`"He told me 'never again,' and left," she said.`)).toEqual(["He told me 'never again,' and left,"])
    expect(quoted('‘He told us “your jobs are safe” and then cut 40 posts,’ he said.')).toEqual([
      'He told us “your jobs are safe” and then cut 40 posts,',
    ])
    expect(quoted('"He said "no" to me," she said.')).toEqual(['He said "no" to me,'])
  })

  it('follows a quotation into the next paragraph when that paragraph reopens it', () => {
    expect(quoted('He said: “We will fight.', '“We will win. We are strong.”', 'Other “text” here.')).toEqual([
      'We will fight. | We will win. We are strong.',
      'text',
    ])
  })

  it('keeps a quotation reopened over paragraphs even when its last closing mark is missing', () => {
    expect(quoted('“We will fight.', '“We will win.', 'He left.')).toEqual(['We will fight. | We will win.'])
  })

  it('drops a stray opening mark and still reads the rest of its paragraph', () => {
    expect(quoted('He was 6\'2" tall. "We won," he said.')).toEqual(['We won,'])
    expect(quoted('“We will win, he said. “And we will rebuild.”', 'Next paragraph.')).toEqual(['And we will rebuild.'])
  })

  it('finds guillemets and German low-high quotes', () => {
    expect(quoted('Il a dit «nous gagnerons» hier, und „wir gewinnen“ auch.')).toEqual([
      'nous gagnerons',
      'wir gewinnen',
    ])
  })

  it('finds nothing in a paragraph without quotations, and ignores empty ones', () => {
    expect(quoted('Insurgents are now 5km from Homs.')).toEqual([])
    expect(quoted('An empty pair “” proves nothing.')).toEqual([])
  })
})
