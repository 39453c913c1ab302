import { describe, expect, it } from 'vitest'
import { splitSentences } from '../../src/passages/sentences.ts'

function sentencesOf(text: string): string[] {
  return splitSentences(text, { start: 0, end: text.length }).map((s) => text.slice(s.start, s.end))
}

describe('splitSentences', () => {
  it('keeps a quotation with its attribution', () => {
    expect(sentencesOf('“We are in a good position on the ground,” Mr Abbas said. He left.')).toEqual([
      '“We are in a good position on the ground,” Mr Abbas said.',
      'He left.',
    ])
  })

  it('ends a sentence after a closing quote', () => {
    expect(sentencesOf('He said it was “a temporary measure.” Then he left.')).toEqual([
      'He said it was “a temporary measure.”',
      'Then he left.',
    ])
    expect(sentencesOf('It was “a temporary tactical measure and our forces are at the gates of Hama”. Next.')).toEqual(
      ['It was “a temporary tactical measure and our forces are at the gates of Hama”.', 'Next.'],
    )
  })

  it('does not split after titles, ranks, months or dotted acronyms', () => {
    expect(sentencesOf('Gen. Abbas spoke on Dec. 5 in the U.S. capital. Mr. Smith agreed.')).toEqual([
      'Gen. Abbas spoke on Dec. 5 in the U.S. capital.',
      'Mr. Smith agreed.',
    ])
  })

  it('keeps decimals and unit-glued numbers inside the sentence', () => {
    expect(sentencesOf('The rebels were 3.1 miles (5km) away. It was 2.5 hours later.')).toEqual([
      'The rebels were 3.1 miles (5km) away.',
      'It was 2.5 hours later.',
    ])
  })

  it('does not split a question followed by a lower-case attribution', () => {
    expect(sentencesOf('“Where are they?” he asked. Nobody knew!')).toEqual([
      '“Where are they?” he asked.',
      'Nobody knew!',
    ])
  })

  it('keeps a final sentence without terminal punctuation', () => {
    expect(sentencesOf('One. Two without a stop')).toEqual(['One.', 'Two without a stop'])
  })

  it('returns spans into the original text, trimmed', () => {
    const text = 'xx  First one.   Second one.  yy'
    const spans = splitSentences(text, { start: 2, end: text.length - 2 })
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['First one.', 'Second one.'])
  })
})
