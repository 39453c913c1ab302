// parseArticle in memory: the rules are general (line endings, BOM, variants of the seeds' junk), one-sentence
// paragraphs are never lost, and the work is linear even on large or hostile input.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseArticle } from '../../src/corpus/parse.ts'
import { cleanText } from '../../src/corpus/clean.ts'
import { UNKNOWN_OUTLET, type Article, type Span } from '../../src/corpus/types.ts'

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url))
const seedText = (file: string): string => readFileSync(SEEDS + file, 'utf8')
const slices = (text: string, spans: Span[]): string[] => spans.map((s) => text.slice(s.start, s.end))

function parsed(text: string): Article {
  const { article, problems } = parseArticle('mem.txt', text)
  expect(problems).toEqual([])
  return article!
}

describe('line endings and BOM', () => {
  it.each(['001_3ce3e84cd5227a78.txt', '002_bac5b52dfc34d39a.txt', '004_71443e73fbfc48f7.txt'])(
    '%s with \\r\\n line breaks gives the same paragraphs, headings and removals',
    (file) => {
      const lf = seedText(file)
      const crlf = lf.replace(/\n/g, '\r\n')
      const a = cleanText(lf)
      const b = cleanText(crlf)
      expect(slices(crlf, b.paragraphs)).toEqual(slices(lf, a.paragraphs))
      expect(slices(crlf, b.headings)).toEqual(slices(lf, a.headings))
      expect(b.removed.map((r) => [r.rule, crlf.slice(r.start, r.end)])).toEqual(
        a.removed.map((r) => [r.rule, lf.slice(r.start, r.end)]),
      )
      expect(slices(crlf, b.paragraphs).some((p) => p.includes('\r'))).toBe(false)
    },
  )

  it('keeps the text exactly as given, \\r\\n included', () => {
    const text = 'Title line here\r\n\r\nRebels entered the town on Friday.\r\n'
    const article = parsed(text)
    expect(article.text).toBe(text)
    expect(slices(text, article.paragraphs)).toEqual(['Rebels entered the town on Friday.'])
  })

  it('never includes a leading BOM in a span', () => {
    const text = `\uFEFF${seedText('002_bac5b52dfc34d39a.txt')}`
    const article = parsed(text)
    const all = [...article.paragraphs, ...article.headings, ...article.removed]
    expect(all.every((s) => s.start >= 1)).toBe(true)
    expect(article.title).toBe('Syrian rebels close in on central city as thousands flee lightning advance')
  })
})

describe('headings and one-sentence paragraphs', () => {
  it('a short line with terminal punctuation is a paragraph, however short', () => {
    const text = [
      'Rebels advance on Homs',
      'They did.',
      'Why now?',
      '“We will win!”',
      'It was “a temporary measure”.',
      'He said:',
    ].join('\n')
    const article = parsed(text)
    expect(slices(text, article.headings)).toEqual(['Rebels advance on Homs'])
    expect(slices(text, article.paragraphs)).toEqual([
      'They did.',
      'Why now?',
      '“We will win!”',
      'It was “a temporary measure”.',
      'He said:',
    ])
  })

  it('the title is the first heading above the body, even after junk; none when reporting comes first', () => {
    expect(parsed('Advertisement\nRebels advance on Homs\nThey did.').title).toBe('Rebels advance on Homs')
    expect(parsed('They did.\nRebels advance on Homs\nThey did again.').title).toBeNull()
  })

  it('a long line without terminal punctuation stays reporting, not a heading', () => {
    const line =
      'Deeply in debt and proposing huge price hikes the company said it would hold customers to ransom for years to come'
    const article = parsed(`${line}\nAnother sentence.`)
    expect(slices(article.text, article.paragraphs)[0]).toBe(line)
    expect(article.headings).toEqual([])
  })

  it('a heading right after a video player is the video title; the next one is a section head', () => {
    const text =
      'First sentence.\nPlease use Chrome browser for a more accessible video player\n1:02:10\n\nRebels parade in square\n\nThe road to Damascus\nSecond sentence.'
    const c = cleanText(text)
    expect(c.removed.map((r) => [r.rule, text.slice(r.start, r.end)])).toEqual([
      ['video-player', 'Please use Chrome browser for a more accessible video player'],
      ['video-duration', '1:02:10'],
      ['video-title', 'Rebels parade in square'],
    ])
    expect(slices(text, c.headings)).toEqual(['The road to Damascus'])
  })

  it('a video with no title: the paragraph after the player is kept', () => {
    const text = 'First sentence.\n0:38\nThe army withdrew.'
    expect(slices(text, cleanText(text).paragraphs)).toEqual(['First sentence.', 'The army withdrew.'])
  })

  it('a bare "Read more:" takes the headline on the next line with it', () => {
    const text = 'First sentence.\nRead more:\nWho are the Syrian rebels\nSecond sentence.'
    const c = cleanText(text)
    expect(c.removed.map((r) => [r.rule, text.slice(r.start, r.end)])).toEqual([
      ['read-more', 'Read more:'],
      ['read-more', 'Who are the Syrian rebels'],
    ])
    expect(slices(text, c.paragraphs)).toEqual(['First sentence.', 'Second sentence.'])
  })

  it('a labelled sentence of reporting ("Analysis: …." with a full stop) is kept', () => {
    const text = 'Analysis: the offensive has changed the war.'
    expect(slices(text, cleanText(text).paragraphs)).toEqual([text])
  })

  it('list items are removed only under a Sources: header', () => {
    const text = 'The rebels listed demands.\n- a ceasefire.\n- talks.\nSources:\n- Telegram'
    const c = cleanText(text)
    expect(slices(text, c.paragraphs)).toEqual(['The rebels listed demands.', '- a ceasefire.', '- talks.'])
    expect(c.removed.map((r) => r.rule)).toEqual(['sources-list', 'sources-list'])
  })
})

describe('stamps, datelines and credits', () => {
  it('a dateline with a wire credit gives the wire; with a year, the date', () => {
    const a = parsed('BEIRUT (AP) — Rebels entered two towns on Friday.')
    expect(a.wire).toBe('AP')
    expect(a.outlet).toBe(UNKNOWN_OUTLET)
    expect(slices(a.text, a.paragraphs)).toEqual(['Rebels entered two towns on Friday.'])
    const b = parsed('UNITED NATIONS, Dec 6, 2024: Diplomats met on Friday.')
    expect(b.published).toBe('2024-12-06')
    expect(b.removed.map((r) => r.rule)).toEqual(['dateline'])
  })

  it('a dateline needs a date or wire: a capitalised word and a colon is reporting', () => {
    const text = 'HTS: the group said it would march on Damascus.'
    expect(slices(text, cleanText(text).paragraphs)).toEqual([text])
  })

  it('a bracketed abbreviation that is not a wire is never a credit', () => {
    const a = parsed('The rebels are led by Hayat Tahrir al-Sham. (HTS)')
    expect(a.removed).toEqual([])
    // It holds a full sentence, so it is reporting (with a ragged end), not a heading.
    expect(slices(a.text, a.paragraphs)).toEqual([a.text])
    expect(a.wire).toBeNull()
  })

  it('a dated stamp with a day gives the date; without one it gives none', () => {
    expect(parsed('date 2024-12-06 Rebels advanced.').published).toBe('2024-12-06')
    expect(parsed('date 2024-12 Rebels advanced.').published).toBeNull()
    expect(parsed('date 2024-02-30 Rebels advanced.').published).toBeNull()
  })

  it('stamps are cut only above the lede, never from the middle of the article', () => {
    const text = 'Rebels advanced.\ndate 2024-12 was the heading of a form, the official said.'
    expect(slices(text, cleanText(text).paragraphs)).toEqual([
      'Rebels advanced.',
      'date 2024-12 was the heading of a form, the official said.',
    ])
  })

  it('"Source :" mid-article (reporting follows) does not name the outlet', () => {
    const a = parsed('Rebels advanced.\nSource: Syrian Observatory for Human Rights\nThe army withdrew.')
    expect(a.outlet).toBe(UNKNOWN_OUTLET)
    expect(a.removed.map((r) => r.rule)).toEqual(['source-credit'])
  })

  it('two credit lines naming different outlets: Unknown outlet', () => {
    const a = parsed(
      'Rebels advanced.\nThis story is from the December 07, 2024 edition of The Independent.\nSource : Sky News',
    )
    // Both are credit lines after the last paragraph, and they disagree: the text does not say who published it.
    expect(a.outlet).toBe(UNKNOWN_OUTLET)
    expect(a.outletBasis).toBe('none')
  })

  it('photo credits credit the picture, not the copy: no wire from them', () => {
    const a = parsed(seedText('001_3ce3e84cd5227a78.txt'))
    expect(a.wire).toBeNull()
    expect(a.outlet).toBe(UNKNOWN_OUTLET)
  })
})

describe('bad input to parseArticle', () => {
  it.each([
    ['', 'FILE_EMPTY'],
    [' \n\t\n', 'FILE_EMPTY'],
    ['abc\u0000def', 'FILE_BINARY'],
    [
      'Start your 7-day Magzter GOLD free trial to access thousands of curated premium stories.\nAlready a subscriber ? Sign In\n',
      'FILE_NO_REPORTING',
    ],
    ['Just a heading\n', 'FILE_NO_REPORTING'],
  ])('%j → one %s problem naming the file', (text, code) => {
    const { article, problems } = parseArticle('bad.txt', text)
    expect(article).toBeNull()
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ where: 'bad.txt', code })
    expect(problems[0]!.message.length).toBeGreaterThan(10)
  })
})

describe('speed', () => {
  it('is linear: a 2 MB article and a 1 MB single hostile line both clean quickly', () => {
    const big = Array.from({ length: 150 }, () => seedText('002_bac5b52dfc34d39a.txt')).join('\n') // ~700 KB
    const hostile = '('.repeat(200_000) + 'a/'.repeat(200_000) + ' BEIRUT'.repeat(50_000) + ' |'.repeat(100_000)
    const t0 = performance.now()
    const a = cleanText(big + big + big)
    const b = cleanText(hostile)
    const elapsed = performance.now() - t0
    expect(a.paragraphs.length).toBe(22 * 450)
    expect(b.paragraphs.length + b.headings.length).toBe(1)
    expect(elapsed).toBeLessThan(3000)
  })
})
