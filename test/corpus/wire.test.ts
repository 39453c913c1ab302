// Wire copy in every shape (test/fixtures/wire, invented stories): hard-wrapped lines joined into paragraphs,
// paragraphs marked by blank lines, indents or nothing, headlines in capitals or above a blank line, and the wire
// conventions (datelines, bylines, sign-offs, credits, copyright, transmission codes) removed and used for attribution.
// Then every seed re-wrapped as wire copy must read as the seed does.
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { type Cleaned, cleanText } from '../../src/corpus/clean.ts'
import { parseArticle } from '../../src/corpus/parse.ts'
import { RULES } from '../../src/corpus/rules.ts'
import type { Span } from '../../src/corpus/types.ts'
import { cutPassages } from '../../src/passages/passages.ts'

const WIRE = fileURLToPath(new URL('../fixtures/wire/', import.meta.url))
const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url))
const read = (dir: string, file: string): string => readFileSync(dir + file, 'utf8')
/** A span's text with its line breaks read as spaces, as a reader sees it. */
const flat = (text: string, span: Span): string => text.slice(span.start, span.end).replace(/\s+/g, ' ')

interface Expected {
  layout: Partial<Cleaned['layout']>
  headings: string[]
  paragraphs: string[]
  removed: [string, string][]
  attribution: { wire: string | null; published: string | null; title: string | null }
}

const EXPECTED: Record<string, Expected> = {
  'reuters-1987-indented.txt': {
    layout: { wrapped: true, indentMarked: true, blankSeparated: false },
    headings: [
      'COPPER FIRMS AS CHILEAN STRIKE ENTERS SECOND WEEK',
      'Shr 1.20 dlrs vs 1.05 dlrs',
      'Net 24.5 mln vs 21.3 mln',
    ],
    paragraphs: [
      'Copper futures rose for a third session on Thursday as a strike at two Chilean mines entered its second week, cutting shipments to smelters in Asia, traders said.',
      'The March contract settled 1.50 cents higher at 68.20 cents a pound on the Commodity Exchange, its best close since early January.',
      '"The market is worried that the strike will run into March," a dealer at a New York brokerage said. "Stocks are already thin."',
      'Union leaders said talks with the mine owners would resume on Monday. The owners said output had fallen by about 40 pct since the strike began.',
    ],
    removed: [
      ['dateline', 'NEW YORK, Feb 26 -'],
      ['sign-off', 'Reuter'],
      ['transmission', '&#3;'],
    ],
    // "Feb 26" has no year: no date, never a guessed one.
    attribution: { wire: 'Reuters', published: null, title: 'COPPER FIRMS AS CHILEAN STRIKE ENTERS SECOND WEEK' },
  },
  'reuters-modern-blank.txt': {
    layout: { wrapped: true, indentMarked: false, blankSeparated: true },
    headings: ['Oil slips as OPEC ministers weigh output deal'],
    paragraphs: [
      'Oil prices slipped on Monday as ministers from the Organization of the Petroleum Exporting Countries gathered in Vienna to discuss extending output cuts, with traders doubting that all members would comply.',
      'Brent crude futures fell 42 cents, or 0.6%, to $71.18 a barrel by 1030 GMT. U.S. West Texas Intermediate crude was down 38 cents.',
      '"Compliance has been patchy, and the market knows it," said an analyst at a London consultancy. "A deal on paper is not a deal in the tanks."',
      'Two delegates said a decision was unlikely before Wednesday.',
    ],
    removed: [
      ['dateline', 'LONDON, March 2 (Reuters) -'],
      [
        'reporting-credit',
        '(Reporting by Jane Doe in London; Additional reporting by John Roe in Vienna; Editing by Sam Poe)',
      ],
      ['reporting-credit', 'Our Standards: The Thomson Reuters Trust Principles.'],
    ],
    attribution: { wire: 'Reuters', published: null, title: 'Oil slips as OPEC ministers weigh output deal' },
  },
  'ap-byline-copyright.txt': {
    layout: { wrapped: true, blankSeparated: true },
    headings: ['Flooding forces thousands from homes in northern Italy'],
    paragraphs: [
      'Floodwaters forced thousands of people from their homes in northern Italy on Saturday after two days of torrential rain swelled rivers across the Po valley, officials said.',
      'Civil protection officials said more than 4,000 people had been evacuated in the provinces of Parma and Modena, and that rescuers had pulled dozens of residents from rooftops by helicopter.',
      '“We have never seen the river this high in March,” the mayor of a small town near Parma told reporters. “Everyone is helping.”',
      'Forecasters said the rain would ease by Monday.',
    ],
    removed: [
      ['byline', 'By JANE DOE'],
      ['byline', 'Associated Press Writer'],
      ['dateline', 'MILAN (AP) —'],
      ['contributor-line', 'Associated Press writer John Roe in Rome contributed to this report.'],
      [
        'copyright',
        '© 2024 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.',
      ],
    ],
    // The copyright year is not the publication date.
    attribution: { wire: 'AP', published: null, title: 'Flooding forces thousands from homes in northern Italy' },
  },
  'cnn-mixed.txt': {
    layout: { wrapped: true, blankSeparated: true },
    headings: ['Can the ceasefire in the north hold?'],
    paragraphs: [
      'A fragile ceasefire between the army and rebel groups in the country’s north held for a third day on Tuesday, even as both sides accused each other of moving heavy weapons closer to the front line.',
      'Residents of the border town said shops had reopened and that the main road to the coast was open for the first time in a month.',
      '“People are tired,” a teacher in the town said by phone. “They want to believe it, but nobody is unpacking yet.”',
      'Diplomats said a second round of talks was planned for next week in Geneva, although neither side has confirmed that it will send a delegation. A United Nations official said the organization was ready to deploy monitors within days if asked.',
    ],
    removed: [
      ['byline', 'By Jane Doe | CNN'],
      ['dateline', 'BEIRUT (CNN) —'],
      ['contributor-line', 'CNN’s John Roe contributed reporting.'],
    ],
    attribution: { wire: 'CNN', published: null, title: 'Can the ceasefire in the north hold?' },
  },
  'upi-email-wrapped.txt': {
    layout: { wrapped: true, blankSeparated: true },
    headings: [],
    paragraphs: [
      // A sentence that ends a short line is a paragraph end as far as the layout can tell: split there, never inside.
      'The Senate on Thursday approved a bill that would raise the federal minimum wage over three years, sending the measure to the House. The vote was 61 to 38.',
      'Supporters said the increase was overdue. Opponents said it would cost jobs in small businesses, especially in rural states.',
      'The House is expected to take up the bill next month. A spokesman for the House leadership said no date had been set.',
    ],
    removed: [
      ['dateline', 'WASHINGTON, Feb. 26 (UPI) --'],
      ['sign-off', 'UPI'],
      ['transmission', '-0-'],
    ],
    attribution: { wire: 'UPI', published: null, title: null },
  },
  'ap-teletype-capitals.txt': {
    layout: { wrapped: true, indentMarked: true, capitals: true },
    headings: [],
    paragraphs: [
      'THE SENATE VOTED 71-29 TUESDAY TO CONFIRM THE NOMINEE AS SECRETARY OF THE INTERIOR, ENDING A MONTH-LONG FIGHT OVER HIS RECORD ON PUBLIC LANDS.',
      'THE NOMINEE, A FORMER GOVERNOR, SAID HE WOULD MEET WITH CONSERVATION GROUPS IN HIS FIRST WEEK IN OFFICE.',
      "``I INTEND TO LISTEN,'' HE TOLD REPORTERS AFTER THE VOTE.",
    ],
    removed: [
      ['dateline', 'WASHINGTON (AP) _'],
      ['transmission', 'AP-NY-02-26-87 1432EST'],
    ],
    attribution: { wire: 'AP', published: null, title: null },
  },
  'afp-tab-indented.txt': {
    layout: { wrapped: true, indentMarked: true },
    headings: ['Harbour reopens after storm'],
    paragraphs: [
      'The port of Colombo reopened on Friday after a storm closed it for two days, port officials said, and ships queued outside the harbour began to move in.',
      'More than 30 vessels had waited at anchor, an official said.',
      'The storm damaged cranes at two terminals.',
    ],
    removed: [
      ['dateline', 'COLOMBO, Sri Lanka, Jan 9 (AFP) -'],
      ['sign-off', 'AFP'],
    ],
    attribution: { wire: 'AFP', published: null, title: 'Harbour reopens after storm' },
  },
  'ap-1991-trailers.txt': {
    layout: { wrapped: true, blankSeparated: true },
    headings: ['Ferry crews end strike after pay deal'],
    paragraphs: [
      'Ferry crews on the west coast ended a five-day strike on Tuesday after their union accepted a new pay offer, the operator said.',
      'Services between the islands and the mainland will return to the normal timetable by Wednesday morning, a spokesman for the operator said.',
      "``We are glad it is over,'' a commuter waiting at the harbor said.",
    ],
    removed: [
      ['byline', 'By JANE DOE, Associated Press Writer'],
      ['dateline', 'BERGEN, Norway (AP) _'],
      // No "to this report": the writers named after the wire make it a credit.
      ['contributor-line', 'Associated Press writers John Roe in Oslo and Sam Poe in Tromso contributed.'],
      ['transmission', '___'],
      ['copyright', '(Copyright 1991 by The Associated Press. All Rights Reserved.)'],
    ],
    attribution: { wire: 'AP', published: null, title: 'Ferry crews end strike after pay deal' },
  },
  'aggregator-source.txt': {
    layout: { wrapped: false, blankSeparated: false },
    headings: ['Port workers walk out over pay'],
    paragraphs: [
      "Dock workers at the country's largest container port walked out on Monday, halting loading at three terminals, the port authority said.",
      'The union said the strike would last 48 hours unless talks with the port operators resumed.',
      // Sentences that start like credits and copyright lines, but are reporting.
      'Research by Harbour Analytics shows that delays at the port already cost importers millions a week.',
      'Reporting by Reuters and the BBC in 2019 first exposed safety failures at the terminals.',
      "Copyright Office officials rejected the port authority's claim to the terminal designs in 2023.",
    ],
    removed: [
      ['paywall-promo', 'Sign up for our daily newsletter.'],
      ['source-credit', 'Source: Reuters'],
    ],
    // An aggregator's "Source: Reuters" names the wire the copy came from, not the outlet.
    attribution: { wire: 'Reuters', published: null, title: 'Port workers walk out over pay' },
  },
  'afp-web-copyright.txt': {
    layout: { wrapped: false, blankSeparated: true },
    headings: ['Volcano erupts on remote island'],
    paragraphs: [
      'A volcano on a remote island erupted on Sunday, sending ash two kilometres into the sky, the weather agency said.',
      "No injuries were reported, and the island's few residents were not told to leave.",
      '"The eruption is small for now," an agency official told reporters.',
    ],
    removed: [
      ['dateline', 'TOKYO (AFP) -'],
      ['paywall-promo', 'Follow us on Facebook and X for the latest updates.'],
      ['copyright', '© Copyright 2024 AFP. All rights reserved.'],
    ],
    attribution: { wire: 'AFP', published: null, title: 'Volcano erupts on remote island' },
  },
}

const FILES = readdirSync(WIRE)
  .filter((f) => f.endsWith('.txt'))
  .sort()

describe('wire copy in every shape', () => {
  it('every fixture is pinned', () => {
    expect(FILES).toEqual(Object.keys(EXPECTED).sort())
  })

  it.each(FILES)('%s: layout, headings, paragraphs and removals', (file) => {
    const text = read(WIRE, file)
    const c = cleanText(text)
    const expected = EXPECTED[file]!
    expect(c.layout).toMatchObject(expected.layout)
    expect(c.headings.map((s) => flat(text, s))).toEqual(expected.headings)
    expect(c.paragraphs.map((s) => flat(text, s))).toEqual(expected.paragraphs)
    expect(c.removed.map((r) => [r.rule, flat(text, r)])).toEqual(expected.removed)
  })

  it.each(FILES)('%s: attribution from the wire conventions, never the outlet, never a guessed date', (file) => {
    const { article } = parseArticle(file, read(WIRE, file))
    expect(article).toMatchObject({ outlet: 'Unknown outlet', outletBasis: 'none', ...EXPECTED[file]!.attribution })
  })

  it.each(FILES)('%s: every character in exactly one span; passages are whole sentences, exact slices', (file) => {
    const text = read(WIRE, file)
    const c = cleanText(text)
    const owner = new Array<number>(text.length).fill(0)
    for (const s of [...c.paragraphs, ...c.headings, ...c.removed]) for (let i = s.start; i < s.end; i++) owner[i]!++
    for (let i = 0; i < text.length; i++) expect(owner[i], `at ${i}`).toBe(/\s/.test(text[i]!) ? owner[i] : 1)
    const { article } = parseArticle(file, text)
    for (const passage of cutPassages(article!)) {
      expect(passage.text).toBe(text.slice(passage.start, passage.end))
      expect(passage.text).toMatch(/^["“`'\p{Lu}\p{N}]/u)
      expect(passage.text).toMatch(/[.?!]["”’']*$/)
    }
  })

  it('a dateline day becomes a date only with the year the desk states in sources.json', () => {
    const text = read(WIRE, 'reuters-1987-indented.txt')
    expect(parseArticle('r.txt', text, { outlet: 'Desk archive', published: '1987' }).article).toMatchObject({
      published: '1987-02-26',
      origins: { published: { source: 'combined' } },
    })
    expect(parseArticle('r.txt', text, { outlet: 'Desk archive', published: '1987-02' }).article?.published).toBe(
      '1987-02-26',
    )
    // A month that disagrees with the dateline gives nothing.
    expect(parseArticle('r.txt', text, { outlet: 'Desk archive', published: '1987-03' }).article?.published).toBeNull()
    // A full date in sources.json is the date.
    expect(parseArticle('r.txt', text, { outlet: 'Desk archive', published: '1987-02-27' }).article?.published).toBe(
      '1987-02-27',
    )
  })

  it('a dateline with a year is a full date; the metadata still wins when it has one', () => {
    const text = 'BEIRUT, Dec. 6, 2024 (AP) — Rebels entered the town, residents said.\n'
    expect(parseArticle('a.txt', text).article).toMatchObject({ published: '2024-12-06', wire: 'AP' })
  })

  it('every cleaning rule is pinned on a seed or on wire copy', () => {
    const fired = new Set<string>()
    for (const dir of [WIRE, SEEDS]) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
        for (const r of cleanText(read(dir, file)).removed) fired.add(r.rule)
      }
    }
    const inline = ['photo-caption-inline', 'reporting-credit-inline'] // pinned below, on text made for them
    expect([...fired, ...inline].sort()).toEqual(RULES.map((r) => r.id).sort())
  })

  it('credits glued after the last sentence are cut from the paragraph', () => {
    const text =
      'Talks will resume next week, officials said. (Reporting by Jane Doe; Editing by Sam Poe)\n' +
      'Rescuers reached the village on Sunday. Residents waited by the road (Jane Doe/AP)\n'
    const c = cleanText(text)
    expect(c.removed.map((r) => [r.rule, flat(text, r)])).toEqual([
      ['reporting-credit-inline', '(Reporting by Jane Doe; Editing by Sam Poe)'],
      ['photo-caption-inline', 'Residents waited by the road (Jane Doe/AP)'],
    ])
    expect(c.paragraphs.map((s) => flat(text, s))).toEqual([
      'Talks will resume next week, officials said.',
      'Rescuers reached the village on Sunday.',
    ])
  })
})

/** What cleaning makes of one closing line under a paragraph of reporting: the rule that removes it, or 'kept'. */
function closingLine(line: string): string {
  const text = `Rescuers reached the village on Sunday, officials said.\n${line}\n`
  const c = cleanText(text)
  const removed = c.removed.find((r) => r.start > text.indexOf('\n'))
  if (removed) {
    expect(flat(text, removed)).toBe(line.trim())
    return removed.rule
  }
  expect(c.paragraphs.map((s) => flat(text, s))).toContain(line.trim())
  return 'kept'
}

describe('credit lines by their shape, never by their first words', () => {
  it.each([
    'Reporting by Jane Doe',
    'Reporting by Jane Doe in London; Editing by Sam Poe',
    'Reporting by Jane Doe and John Roe in Gaza City; Writing by Sam Poe; Editing by Ann Loe.',
    'Additional reporting by John Roe in Vienna',
    'Additional reporting by the Beijing bureau',
    'Reporting by Jane Doe, John Roe and Sam Poe; editing by Ann Loe',
    '(Reporting by the Cairo newsroom and agencies; this version corrects the date)',
    'Writing by Jane Doe Editing by Sam Poe',
    'Reporting and writing by Jane Doe in Nairobi.',
    'Writing by Jane Doe',
    'Compiled by Jane Doe',
    'Compiled by the Gulf desk',
    '(Reporting by Jane Doe)',
    '(Reporting by Jane Doe; Editing by Sam Poe and Ann Loe)',
    'Editing by Sam Poe and Ann Loe',
    'Editing by Sam Poe, Ann Loe and Jo Bee',
    'Contributing: Jane Doe in Oslo',
    'Contributing: Jane Doe in Oslo and John Roe in Bergen.',
    'Contributing: Jane Doe, Harbour Times Network; The Associated Press',
    'Contributing reporters: Jane Doe, John Roe',
  ])('%j is a credit', (line) => {
    expect(closingLine(line)).toBe('reporting-credit')
  })

  it.each([
    'Research by Amnesty International shows that at least 300 people died in the crackdown.',
    'Reporting by Reuters and the BBC in 2019 first exposed the scheme, which ran for a decade.',
    'Research by Harbour Analytics found the delays cost importers millions.',
    'Reporting by local media suggested the toll was higher.',
    'Research by the institute showed that rents rose by a third.',
    'Compiled by hand, the list named 40 firms.',
    'Writing by candlelight, she finished the book in a week.',
    'Editing by committee slowed the report, officials said.',
    'Contributing: a rise in rents, the report said.',
    'Contributing to the rise was a shortage of homes.',
  ])('%j is reporting', (line) => {
    expect(closingLine(line)).toBe('kept')
  })

  it.each([
    '© 2024 The Associated Press. All rights reserved.',
    '(Copyright 1991 by The Associated Press. All Rights Reserved.)',
    '© Copyright 2024 AFP. All rights reserved.',
    'Copyright © 2024 Example News Ltd.',
    'Copyright 1987 Reuters',
    'COPYRIGHT 1987 REUTERS',
    '© Thomson Reuters 2024',
    'Copyright (c) 2024 Example News',
  ])('%j is a copyright line', (line) => {
    expect(closingLine(line)).toBe('copyright')
  })

  it.each([
    'Copyright Office officials rejected the claim in 2023.',
    'Copyright Office officials said the claim was rejected.',
    'Copyright lawyers for the studio said the case would go to trial.',
    '(c) The ministry shall publish the figures every month.',
  ])('%j is reporting, not a copyright line', (line) => {
    expect(closingLine(line)).toBe('kept')
  })

  it.each([
    'Associated Press writer John Roe in Rome contributed to this report.',
    'Associated Press writers Jane Doe in Oslo and John Roe in Bergen contributed.',
    'CNN’s John Roe contributed reporting.',
    'Reuters reporter Jane Doe contributed reporting from Cairo.',
    'The Associated Press contributed to this story.',
    'The Associated Press contributed to this report.',
    '— The Associated Press contributed to this report',
    '— Associated Press contributed to this report.',
    '-- Reuters contributed to this report',
    '(The Associated Press contributed to this report.)',
  ])('%j is a contributor line', (line) => {
    expect(closingLine(line)).toBe('contributor-line')
  })

  it.each([
    'The Associated Press said the agency had contributed.',
    'The Associated Press contributed to the fund, the charity said.',
  ])('%j, a sentence about a wire that contributed, is reporting', (line) => {
    expect(closingLine(line)).toBe('kept')
  })

  it.each(['___', '-----', '* * *', '=====', '###', '-0-'])('%j is a separator or end mark', (line) => {
    expect(closingLine(line)).toBe('transmission')
  })

  it.each([
    'Sign up for our daily newsletter.',
    'Sign up for the Morning Briefing newsletter to get the news in your inbox',
    'Get our free weekly newsletter!',
    'Subscribe to our newsletters',
    'Download our app for breaking news alerts.',
    'Follow us on Facebook and X for the latest updates.',
  ])('%j is a promotion', (line) => {
    expect(closingLine(line)).toBe('paywall-promo')
  })

  it.each([
    'Follow the money, investigators said, and the podcasts will tell you who paid.',
    'Sign-ups for the draft opened on Monday, the ministry said.',
    'Get-out-the-vote drives relied on email alerts this year.',
  ])('%j is reporting, not a promotion', (line) => {
    expect(closingLine(line)).toBe('kept')
  })
})

// ---------------------------------------------------------------------------------------------------------------

/** The seeds as wire copy: each paragraph line hard-wrapped (greedy, as mail and wire software do). */
function rewrap(text: string, width: number, marks: 'blank' | 'indent' | 'none'): string {
  const wrapLine = (line: string, room: number): string[] => {
    const out: string[] = []
    let current = ''
    for (const word of line.split(/\s+/).filter(Boolean)) {
      if (current && current.length + 1 + word.length > room) {
        out.push(current)
        current = word
      } else current = current ? `${current} ${word}` : word
    }
    if (current) out.push(current)
    return out
  }
  const paragraphs = text.split(/\r?\n/).filter((line) => line.trim() !== '')
  const wrapped = paragraphs.map((p) => {
    const lines = wrapLine(p.trim(), width - (marks === 'indent' ? 4 : 0))
    if (marks === 'indent') lines[0] = `    ${lines[0]}`
    return lines.join('\n')
  })
  return `${wrapped.join(marks === 'blank' ? '\n\n' : '\n')}\n`
}

/** What a reading makes of the text, with white space and paragraph splits set aside: reporting, headings, junk. */
function reading(text: string): { reporting: string; headings: string[]; removed: string[] } {
  const c = cleanText(text)
  // A credit alone on its line is a sign-off, glued to a sentence it is a wire credit: the same credit.
  const family = (rule: string): string =>
    rule === 'sign-off' ? 'wire-credit' : rule === 'photo-caption-inline' ? 'photo-caption' : rule
  const removed: string[] = []
  for (const r of c.removed) {
    const item = `${family(r.rule)}: ${flat(text, r)}`
    const last = removed.at(-1)
    // One caption wrapped so that its credit ("Pic: AP") starts a line is cut in two pieces by the same rule.
    if (last?.startsWith(`${family(r.rule)}: `) && family(r.rule) === 'image-caption' && /^Pics?:/.test(flat(text, r)))
      removed[removed.length - 1] = `${last} ${flat(text, r)}`
    else removed.push(item)
  }
  return {
    reporting: c.paragraphs.map((s) => flat(text, s)).join(' '),
    headings: c.headings.map((s) => flat(text, s)),
    removed,
  }
}

const SEED_FILES = readdirSync(SEEDS)
  .filter((f) => f.endsWith('.txt'))
  .sort()
const CASES = SEED_FILES.flatMap((file) =>
  [60, 65, 72, 80].flatMap((width) => (['blank', 'indent'] as const).map((marks) => ({ file, width, marks }))),
)

describe('the seeds re-wrapped as wire copy read as the seeds do', () => {
  it.each(CASES)('$file wrapped at $width, paragraphs marked by $marks', ({ file, width, marks }) => {
    const original = read(SEEDS, file)
    const wrapped = rewrap(original, width, marks)
    expect(cleanText(wrapped).layout).toMatchObject({ wrapped: true })
    expect(reading(wrapped)).toEqual(reading(original))
  })

  it.each(SEED_FILES)('%s with no paragraph marks at all: no reporting lost, no sentence cut in two', (file) => {
    const original = read(SEEDS, file)
    const kept = reading(original).reporting
    for (const width of [60, 65, 72, 80]) {
      const wrapped = rewrap(original, width, 'none')
      const c = cleanText(wrapped)
      const reporting = c.paragraphs.map((s) => flat(wrapped, s))
      // Every sentence of the seed's reporting is still reporting (nothing wrapped into a removal or a heading).
      for (const sentence of kept.split(/(?<=[.?!]["”’]?) (?=[“"\p{Lu}])/u)) {
        expect(reporting.join(' '), `${file} at ${width}: ${sentence}`).toContain(sentence)
      }
      // No paragraph is a fragment of a sentence.
      for (const p of reporting) expect(p, `${file} at ${width}`).toMatch(/[.?!]["”’]?$/)
    }
  })
})
