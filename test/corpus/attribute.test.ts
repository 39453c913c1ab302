// Attribution on the real seeds: with sources.json (the desk's facts), and without it (only what each text says
// about itself; never a source the reporting cites).
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCorpus } from '../../src/corpus/load.ts'
import { parseArticle } from '../../src/corpus/parse.ts'
import { UNKNOWN_OUTLET, type Article, type CorpusLoad } from '../../src/corpus/types.ts'

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url))
const byPrefix = (load: CorpusLoad, prefix: string): Article => {
  const article = load.articles.find((a) => a.file.startsWith(prefix))
  if (!article) throw new Error(`no article ${prefix}`)
  return article
}
const facts = (a: Article) => ({
  outlet: a.outlet,
  outletBasis: a.outletBasis,
  wire: a.wire,
  published: a.published,
  title: a.title,
  url: a.url,
})

describe('with seeds/sources.json', () => {
  let load: CorpusLoad
  beforeAll(async () => {
    load = await loadCorpus(SEEDS)
  })

  it('loads all five with no problems', () => {
    expect(load.problems).toEqual([])
    expect(load.articles.map((a) => a.file.slice(0, 3))).toEqual(['000', '001', '002', '003', '004'])
  })

  it.each([
    [
      '000',
      {
        outlet: 'JK Active',
        outletBasis: 'metadata',
        wire: 'AP',
        published: '2024-12-06',
        title: null,
        url: 'https://jkactive.in/syrian-rebels-capture-two-central-towns-advancing-towards-homs-city',
      },
    ],
    [
      '001',
      {
        outlet: 'Express & Star',
        outletBasis: 'metadata',
        wire: 'AP',
        published: '2024-12-06',
        title: null,
        url: 'https://www.expressandstar.com/news/world-news/2024/12/06/syrian-insurgents-enter-two-central-towns-close-to-city-of-homs/',
      },
    ],
    [
      '002',
      {
        outlet: 'Sky News',
        outletBasis: 'metadata',
        wire: null,
        published: '2024-12-06',
        title: 'Syrian rebels close in on central city as thousands flee lightning advance',
        url: null,
      },
    ],
    [
      '003',
      {
        outlet: 'Novinite',
        outletBasis: 'metadata',
        wire: null,
        published: '2024-12-06',
        title: "Syrian Opposition Forces Make Gains in Homs, Threatening Regime's Control",
        url: 'https://www.novinite.com/view_news.php?id=229761',
      },
    ],
    // No headline in metadata or text: null, not a sentence of the lede.
    [
      '004',
      {
        outlet: 'The Independent',
        outletBasis: 'metadata',
        wire: null,
        published: '2024-12-07',
        title: null,
        url: null,
      },
    ],
  ])('%s', (prefix, expected) => {
    expect(facts(byPrefix(load, prefix))).toEqual(expected)
  })
})

describe("without sources.json: only the text's own credits", () => {
  let dir: string
  let load: CorpusLoad
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storydesk-attr-'))
    for (const f of await readdir(SEEDS)) if (f.endsWith('.txt')) await copyFile(join(SEEDS, f), join(dir, f))
    load = await loadCorpus(dir)
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('loads all five, no problems (no metadata file is normal)', () => {
    expect(load.problems).toEqual([])
    expect(load.articles).toHaveLength(5)
  })

  it('002: "Source : Sky News" → Sky News; no date in the text', () => {
    expect(facts(byPrefix(load, '002'))).toEqual({
      outlet: 'Sky News',
      outletBasis: 'credit-line',
      wire: null,
      published: null,
      title: 'Syrian rebels close in on central city as thousands flee lightning advance',
      url: null,
    })
  })

  it('004: the edition trailer → The Independent, 2024-12-07', () => {
    expect(facts(byPrefix(load, '004'))).toEqual({
      outlet: 'The Independent',
      outletBasis: 'credit-line',
      wire: null,
      published: '2024-12-07',
      title: null,
      url: null,
    })
  })

  it('003: the Sources: list names cited sources, not the outlet → Unknown outlet; date from the page stamp', () => {
    const a = byPrefix(load, '003')
    expect(facts(a)).toEqual({
      outlet: UNKNOWN_OUTLET,
      outletBasis: 'none',
      wire: null,
      published: '2024-12-06',
      title: "Syrian Opposition Forces Make Gains in Homs, Threatening Regime's Control",
      url: null,
    })
  })

  it('000: "(AP)" credit → wire AP, but the outlet stays unknown (a rewrite is not AP\'s words); "Dec 6" has no year → no date', () => {
    expect(facts(byPrefix(load, '000'))).toEqual({
      outlet: UNKNOWN_OUTLET,
      outletBasis: 'none',
      wire: 'AP',
      published: null,
      title: null,
      url: null,
    })
  })

  it('001: "date 2024-12" has no day → no date; photo credits "(Name/AP)" do not make the copy AP\'s', () => {
    expect(facts(byPrefix(load, '001'))).toEqual({
      outlet: UNKNOWN_OUTLET,
      outletBasis: 'none',
      wire: null,
      published: null,
      title: null,
      url: null,
    })
  })

  it('never names a source the reporting cites', () => {
    const cited = /Observatory|SANA|Sham FM|Reuters|Anadolu|DW|Telegram|^X$|"X"/
    for (const a of load.articles) {
      expect(a.outlet).not.toMatch(cited)
      expect(a.wire ?? '').not.toMatch(cited)
    }
  })
})

describe('a closing "Source:" line', () => {
  const story = (source: string): Article => {
    const text = `Port workers walked out on Monday, the port authority said.\nThe union said the strike would last two days.\n${source}\n`
    const { article } = parseArticle('story.txt', text)
    expect(article?.removed.map((r) => [r.rule, text.slice(r.start, r.end)])).toEqual([['source-credit', source]])
    return article!
  }

  it.each([
    ['Source: Reuters', 'Reuters'],
    ['Source: AP', 'AP'],
    ['Source: The Associated Press', 'AP'],
    ['SOURCE: AFP.', 'AFP'],
    ['Source: AFP News', 'AFP'],
    ['Source: Reuters.com', 'Reuters'],
    ['Source: Reuters Wire', 'Reuters'],
    ['Source: AP Wire', 'AP'],
    ['Source: Bloomberg News', 'Bloomberg'],
  ])('%j names the wire the copy came from, never the outlet', (line, wire) => {
    expect(facts(story(line))).toMatchObject({ outlet: UNKNOWN_OUTLET, outletBasis: 'none', wire })
  })

  it.each([
    'Source: wire',
    'Source: Wire',
    'Source: wires',
    'Source: Agencies',
    'Source: News agencies',
    'Source: Web Desk',
    'Source: AFP, Reuters',
    'Source: Reuters/AP',
    'Source: AP and agencies',
    'Source: Staff and wires',
    'Source: Reuters - Sky News',
    'Source: Reuters – Harbour Times',
    'Source: AFP — Harbour Times',
    'Source: Harbour Times - Bay Herald',
    'Source: online edition',
    'Source: !',
  ])('%j is generic or several sources: it credits nothing', (line) => {
    expect(facts(story(line))).toMatchObject({ outlet: UNKNOWN_OUTLET, outletBasis: 'none', wire: null })
  })

  it('a publisher is the outlet (as "Source : Sky News" on seed 002)', () => {
    expect(facts(story('Source: Harbour Times'))).toMatchObject({ outlet: 'Harbour Times', outletBasis: 'credit-line' })
  })

  it.each([
    ['Source: Harbour News', 'Harbour News'],
    ['Source: Harbour-Bay Times', 'Harbour-Bay Times'],
    ['Source: Harbourtimes.com', 'Harbourtimes.com'],
  ])('%j: "News", ".com" or a hyphen after a name that is no wire is still the outlet', (line, outlet) => {
    expect(facts(story(line))).toMatchObject({ outlet, outletBasis: 'credit-line', wire: null })
  })

  it('the desk’s outlet in sources.json stays the outlet; the wire from the line is added', () => {
    const text = 'Port workers walked out on Monday, the port authority said.\nSource: Reuters\n'
    expect(parseArticle('story.txt', text, { outlet: 'Desk Daily' }).article).toMatchObject({
      outlet: 'Desk Daily',
      wire: 'Reuters',
    })
  })
})

describe('wire trailers credit the wire, never the outlet', () => {
  it.each([
    ['— The Associated Press contributed to this report', 'AP'],
    ['(Reuters contributed reporting.)', 'Reuters'],
    ['© 2024 AFP. All rights reserved.', 'AFP'],
  ])('%j', (line, wire) => {
    const text = `Port workers walked out on Monday, the port authority said.\nThe union said the strike would last two days.\n${line}\n`
    const { article } = parseArticle('story.txt', text)
    expect(article?.paragraphs).toHaveLength(2)
    expect(facts(article!)).toMatchObject({ outlet: UNKNOWN_OUTLET, outletBasis: 'none', wire })
  })
})
