// Hostile text: every cleaning rule gets lines that open like the lines it looks for and go on with a long run of what
// its patterns repeat or could read two ways (bench/hostileText.ts), and the answer of every rule is asserted.
//
// Why this cannot pass slowly by accident: the lines are 2^18 characters long. A pattern that backtracks
// exponentially never finishes on them, and one that backtracks polynomially takes minutes (the old date-stamp
// pattern, quadratic, took 2.6 s on 40,000 characters, so about 110 s here; the old section-stamp pattern took 490 s).
// A rule runs synchronously, so vitest's timer cannot interrupt it, but vitest fails any test that ran longer than
// its timeout (20 s, vitest.config.ts) when it returns: a rule that has become super-linear fails here, slowly.
// How long the rules take is never asserted here.
import { describe, expect, it } from 'vitest'
import { FILLERS, OPENERS, hostileLine } from '../../bench/hostileText.ts'
import { cleanText } from '../../src/corpus/clean.ts'
import { parseArticle } from '../../src/corpus/parse.ts'
import {
  LINE_RULES,
  PREFIX_RULES,
  SUFFIX_RULES,
  bylineAffiliation,
  isByline,
  lineBoundary,
  matchDateline,
} from '../../src/corpus/rules.ts'
import { articleReport } from '../../src/cli/report.ts'

const LONG = 2 ** 18

/** Every rule's answer on one line: the line rules that remove it, the prefix cut, the suffix cut, its boundary. */
function outcome(line: string): string {
  const context = { content: line, previousRule: null, previousContent: '', beforeBody: true, afterTrailer: false }
  const removed = LINE_RULES.filter((rule) => rule.matches(context)).map((rule) => rule.id)
  const cut = PREFIX_RULES.flatMap((rule) => {
    const length = rule.prefixLength(line)
    return length > 0 ? [`${rule.id}:${length}`] : []
  })
  const suffix = SUFFIX_RULES.filter((rule) => rule.suffixStart(line) >= 0).map((rule) => rule.id)
  const boundary = `${lineBoundary(line, false)}/${lineBoundary(line, true)}`
  return [...removed, ...cut, ...suffix, boundary].join(' ')
}

const NOTHING = 'null/null'
const OPENS = 'opens/opens'
/** Fillers that read as names (or dates) after an opener. */
const NAME_LIKE = [
  'capitals and AND',
  'names and "and"',
  '"and" glued to a name',
  'names and commas',
  'names and semicolons',
  'initials',
  'job titles',
  'wire names',
  'months and days',
]
const WHITE_SPACE = ['spaces', 'tabs', 'no-break spaces']

/**
 * The answer expected for every filler after an opener, and the fillers that give another answer. Each hostile line
 * ends in " x", so no credit, byline, copyright line or dateline can match it whole; what remains is what a line
 * starting this way is, whatever follows (a caption label, a "Read more:" link, a line that opens a new paragraph).
 */
const EXPECTED: Record<string, { all: string; except?: Record<string, string> }> = {
  'By ': { all: NOTHING },
  'BY ': { all: NOTHING },
  'By Jane Doe': { all: NOTHING },
  'BY THURSDAY, SAUDI ARABIA': { all: NOTHING },
  'Reporting by Jane Doe': { all: NOTHING, except: { 'names and semicolons': OPENS } },
  '(Reporting by ': { all: NOTHING, except: Object.fromEntries(NAME_LIKE.map((name) => [name, OPENS])) },
  'Additional reporting by Jane Doe in London; Editing by ': { all: OPENS },
  'Research by ': { all: NOTHING, except: { 'names and semicolons': OPENS } },
  'Contributing: ': { all: NOTHING },
  'Associated Press writer ': { all: OPENS },
  'The Associated Press ': { all: NOTHING },
  'Copyright ': { all: NOTHING, except: { 'years and commas': OPENS, 'copyright signs': OPENS } },
  'Copyright © ': { all: OPENS },
  '© 2024 ': { all: OPENS },
  '©': { all: OPENS },
  '(Copyright 1991 ': { all: OPENS },
  'All rights reserved. ': { all: OPENS },
  // "Source:", white space, "x": a credit naming "x".
  'Source: ': {
    all: NOTHING,
    except: Object.fromEntries(WHITE_SPACE.map((name) => [name, 'source-credit alone/alone'])),
  },
  date: { all: NOTHING },
  'Date: ': { all: NOTHING },
  'World | ': { all: NOTHING },
  'December 6, 2024': { all: NOTHING, except: { pipes: 'section-stamp:19 opens/opens' } },
  BEIRUT: { all: NOTHING },
  'NEW YORK, Feb 26': { all: NOTHING, except: { dashes: 'dateline:19 opens/opens' } },
  'SAN FRANCISCO, Calif., Dec. 6, 2024': { all: NOTHING, except: { dashes: 'dateline:38 opens/opens' } },
  'Paris (AFP)': { all: NOTHING, except: { dashes: 'dateline:14 opens/opens' } },
  'This story is from the ': { all: OPENS },
  'Sign up for our ': { all: NOTHING },
  'Start your ': { all: NOTHING },
  'Image: ': { all: 'image-caption opens/opens' },
  'Read more: ': { all: 'read-more opens/opens' },
  'Analysis: ': { all: OPENS },
  'Please use Chrome browser ': { all: OPENS },
  '-- ': { all: NOTHING },
  ___: { all: NOTHING },
  '&#3;': { all: NOTHING },
  'AP-NY-02-26-87': { all: NOTHING },
  '(': { all: NOTHING, except: { 'copyright signs': OPENS } },
  'Sources:': { all: NOTHING },
  'Rebels entered the town.': { all: NOTHING },
}

describe('every rule on long hostile lines: the answer, in one pass', () => {
  it('every opener has its expected answers', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...OPENERS].sort())
  })

  it.each(OPENERS)('%j followed by every filler', (opener) => {
    const expected = EXPECTED[opener]!
    const answers = FILLERS.map((filler) => [filler.name, outcome(hostileLine(opener, filler.unit, LONG))])
    const wanted = FILLERS.map((filler) => [filler.name, expected.except?.[filler.name] ?? expected.all])
    expect(answers).toEqual(wanted)
  })
})

describe('the adversarial lines of the review, through every rule', () => {
  // Each of these took seconds to minutes (or never finished) with an earlier pattern; the answer is asserted, the
  // time is vitest's timeout.
  it.each([
    ['a byline of 20,000 capitalised words ending "!"', `By ${'Aa '.repeat(20_000)}!`, NOTHING],
    ['the same in capitals', `BY ${'AA '.repeat(20_000)}!`, NOTHING],
    ['a byline with a run of spaces inside the name', `By Jane${' '.repeat(60_000)}Doe!`, NOTHING],
    ['a byline and a run of commas', `By Jane Doe${', '.repeat(30_000)}!`, NOTHING],
    ['a byline and a run of dashes', `By Jane Doe ${'- '.repeat(30_000)}!`, NOTHING],
    ['a credit and a run of names and commas', `Reporting by ${'Jane Doe, '.repeat(8_000)}!`, NOTHING],
    ['"Contributing:" and a run of names', `Contributing: ${'Jane Doe, '.repeat(8_000)}!`, NOTHING],
    ['a wire and "contributed" again and again', `The Associated Press ${'contributed '.repeat(8_000)}!`, NOTHING],
    // Too long for a copyright line; it still starts one, so it is never glued to the line before.
    ['a copyright sign and a run of spaces', `©${' '.repeat(60_000)}(`, OPENS],
  ])('%s', (_name, line, expected) => {
    expect(outcome(line)).toBe(expected)
  })

  // Credit lines are read only up to 500 characters, so the patterns themselves get lines just under that.
  it('a credit naming a person and a place again and again: a credit, or none when it ends in lower case', () => {
    const credit = `Reporting by Jane Doe in Gaza City${', Sam Poe in Gaza City'.repeat(20)}`
    expect(credit.length).toBeLessThan(500)
    expect(outcome(credit)).toBe('reporting-credit opens/opens')
    expect(outcome(`${credit} x`)).toBe(NOTHING)
  })

  it('credits run together with full stops (a name may hold one too): read one way', () => {
    const credits = `Reporting by Jane Doe in Gaza City${'. editing by staff Sam Poe'.repeat(17)}`
    expect(credits.length).toBeLessThan(500)
    expect(outcome(`${credits}.`)).toBe('reporting-credit opens/opens')
    expect(outcome(`${credits} x`)).toBe(NOTHING)
  })

  it('a credit in parentheses: names, "and agencies" and a note after a semicolon, up to the length limit', () => {
    const credit = `(Reporting by the Gaza City bureau${' and Sam Poe in Gaza City'.repeat(14)} and agencies; ${'a note '.repeat(12)}`
    expect(credit.length).toBeLessThan(499)
    expect(outcome(`${credit})`)).toBe('reporting-credit opens/opens')
    expect(outcome(`${credit}said:)`)).toBe(OPENS)
    expect(outcome(`${credit} x`)).toBe(OPENS)
  })

  it('a copyright sign, spaces up to the length limit, and a bracket: not a copyright line', () => {
    expect(outcome(`©${' '.repeat(497)}(`)).toBe(OPENS)
    expect(outcome(`© 2024${' '.repeat(470)}Example News.`)).toBe('copyright opens/opens')
  })

  it('a byline of names, commas and spaces up to the length limit: no affiliation', () => {
    const line = `By\tJane\tDoe${' ,Sam Poe'.repeat(50)}\u0000`
    expect(line.length).toBeLessThan(500)
    expect(isByline(line)).toBe(false)
    expect(bylineAffiliation(line)).toBeNull()
  })
})

describe('bylines: "AND" joins names, it is never one', () => {
  it('the review’s line and the teletype paragraph are not bylines (exponential before)', () => {
    expect(isByline(`BY ${'AB AND '.repeat(25)}x`)).toBe(false)
    expect(isByline(`BY ${'AB AND '.repeat(60)}x`)).toBe(false)
    const teletype = `BY THURSDAY, SAUDI ARABIA ${'AND KUWAIT AND '.repeat(60)}OTHER PRODUCERS HAD CUT OUTPUT BY 2 PCT.`
    expect(isByline(teletype)).toBe(false)
    expect(bylineAffiliation(`By ${'Ab And '.repeat(60)}x`)).toBeNull()
  })

  it.each([
    ['By JANE DOE', null],
    ['BY JANE DOE AND JOHN ROE', null],
    ['By Jane Doe and John Roe, Reuters', 'Reuters'],
    ['By JANE DOE, Associated Press Writer', 'Associated Press'],
    ['By Jane Doe | CNN', 'CNN'],
    ['By Jane Doe of The Associated Press', 'The Associated Press'],
    ['By Jane Doe, John Roe and Sam Poe', 'John Roe and Sam Poe'],
    ['By Ali bin Hassan and Ursula von Loe - Bloomberg', 'Bloomberg'],
  ])('%j is a byline; its affiliation: %j', (line, affiliation) => {
    expect(isByline(line)).toBe(true)
    expect(bylineAffiliation(line)).toBe(affiliation)
  })

  it.each([
    'By Sunday, rebels had taken the town.',
    'BY THURSDAY, SAUDI ARABIA AND KUWAIT HAD CUT OUTPUT BY 2 PCT.',
    'By then the road was closed',
  ])('%j is not a byline', (line) => {
    expect(isByline(line)).toBe(false)
  })

  it('a dateline is matched in one pass on a line of capitals and commas', () => {
    expect(matchDateline(`${'NEW YORK, '.repeat(50_000)}x`)).toBeNull()
  })
})

describe('whole files of hostile text', () => {
  it('an all-capitals teletype story whose paragraphs start "BY": read and shown as reporting', () => {
    const paragraph = `BY THURSDAY, SAUDI ARABIA ${'AND KUWAIT AND QATAR '.repeat(23)}HAD CUT OUTPUT BY 2 PCT.`
    const text = `OIL OUTPUT FALLS\n\n${Array.from({ length: 40 }, () => paragraph).join('\n\n')}\n`
    const { article } = parseArticle('teletype.txt', text)
    expect(article?.paragraphs).toHaveLength(40)
    expect(article?.removed).toEqual([])
    const report = articleReport(article!, null)
    expect(report).toContain('ARTICLE  40 paragraphs')
    expect(report).toContain('REMOVED  0 spans')
  })

  it('a file of every hostile line, hard-wrapped and one per line: every character accounted for once', () => {
    const lines = OPENERS.flatMap((opener) => FILLERS.map((filler) => hostileLine(opener, filler.unit, 2_000)))
    for (const separator of ['\n', '\n\n']) {
      const text = lines.join(separator)
      const c = cleanText(text)
      const owner = new Uint8Array(text.length)
      for (const s of [...c.paragraphs, ...c.headings, ...c.removed]) for (let i = s.start; i < s.end; i++) owner[i]!++
      const wrong: number[] = []
      for (let i = 0; i < text.length; i++) if (owner[i] !== (/\s/.test(text[i]!) ? owner[i]! & 1 : 1)) wrong.push(i)
      expect(wrong).toEqual([])
      // Blank lines between them: each line is at least one block of its own.
      if (separator === '\n\n') {
        expect(c.paragraphs.length + c.headings.length + c.removed.length).toBeGreaterThanOrEqual(lines.length)
      }
    }
  })

  it('one line of a megabyte of mixed hostile runs is one paragraph', () => {
    const line = FILLERS.map((filler) => filler.unit.repeat(Math.ceil(50_000 / filler.unit.length))).join('')
    const text = `Rebels entered the town. ${line} The end.`
    const c = cleanText(text)
    expect(c.paragraphs).toEqual([{ start: 0, end: text.length }])
  })
})
