/**
 * The desk's query set: real questions over the five seed articles, each with the sources that
 * must answer it and the junk that must never be returned. Runs in `npm test`.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { loadSnapshot, type Snapshot } from '../../src/snapshot/snapshot.ts'
import type { Answer } from '../../src/search/types.ts'

const JK = '000_c3b600c57a1722b1.txt'
const EXPRESS = '001_3ce3e84cd5227a78.txt'
const SKY = '002_bac5b52dfc34d39a.txt'
const NOVINITE = '003_0b5465d82192f9ae.txt'
const INDEPENDENT = '004_71443e73fbfc48f7.txt'

interface Case {
  query: string
  /** Why the case is here. */
  why: string
  /** Files that must be among the results (as a result or as "also in"). */
  sources?: string[]
  /** Outlets that must be credited among the results. */
  outlets?: string[]
  /** The first result's quote contains one of these. */
  top?: string[]
  /** Every result's quote contains one of these. */
  every?: string[]
  /** Every result comes from these files only. */
  only?: string[]
  /** No result quote contains any of these (the query must return results, so the check means something). */
  never?: string[]
  /** Expect no results at all. */
  none?: boolean
  limit?: number
}

// Text that is not reporting: none of it may ever be quoted.
const JUNK = [
  'Magzter',
  'Sign In',
  'Please use Chrome',
  '2:18',
  'Read more',
  'Pic: AP',
  'Ghaith Alsayed',
  'Hogir El Abdo',
  'Source : Sky News',
  'Sources:',
  'Thames Water',
  'Netanyahu',
  'Farage',
  'Okolie',
  ' views',
  'date 2024-12',
  'This story is from',
]

const CASES: Case[] = [
  {
    query: 'homs distance',
    why: 'the newsroom example: "distance" is in no article',
    sources: [JK, EXPRESS, SKY, NOVINITE],
    top: ['kilomet', 'km', 'miles'],
  },
  {
    query: 'homs distnce',
    why: 'a typo in a concept word',
    sources: [EXPRESS, SKY, NOVINITE],
    top: ['kilomet', 'km', 'miles'],
  },
  {
    query: 'how far are the rebels from Homs',
    why: 'a natural question',
    sources: [EXPRESS, SKY, NOVINITE],
    top: ['kilomet', 'km', 'miles'],
  },
  {
    query: 'who leads the offensive',
    why: 'question words must not drown "leads"',
    sources: [JK, EXPRESS, SKY],
    top: ['led by', 'spearheaded'],
  },
  {
    query: 'Abdurrahman',
    why: 'a name, and its other spelling (Abdulrahman) must match',
    sources: [JK, EXPRESS, SKY, INDEPENDENT],
    every: ['Abdurrahman', 'Abdulrahman'],
  },
  {
    query: 'Abdulrahman',
    why: 'the other spelling finds the first',
    sources: [JK, SKY],
    every: ['Abdurrahman', 'Abdulrahman'],
  },
  {
    query: 'Talbiseh',
    why: 'a place, and its variant Talbisseh',
    sources: [JK, NOVINITE],
    every: ['Talbiseh', 'Talbisseh'],
    limit: 10,
  },
  {
    query: 'Talbisseh',
    why: 'the variant finds the usual spelling',
    sources: [NOVINITE, EXPRESS],
    every: ['Talbiseh', 'Talbisseh'],
    limit: 10,
  },
  {
    query: '"mother of all battles"',
    why: 'an exact phrase',
    sources: [JK, EXPRESS, SKY, INDEPENDENT],
    every: ['mother of all battles'],
  },
  {
    query: '"will decide who will rule Syria"',
    why: 'a phrase only the wire copy has, not the rewrite',
    sources: [EXPRESS, SKY, INDEPENDENT],
    every: ['will decide who will rule Syria'],
    never: ['determine'],
  },
  { query: 'outlet:sky hezbollah', why: 'an outlet filter', only: [SKY], every: ['Hezbollah'] },
  {
    query: 'outlet:INDEP homs',
    why: 'filters are prefixes and ignore case',
    only: [INDEPENDENT],
    sources: [INDEPENDENT],
  },
  { query: 'outlet:novinite bridge', why: 'filter plus a word', only: [NOVINITE], top: ['Rustan bridge'] },
  {
    query: 'fled',
    why: 'inflections meet: fled / flee / fleeing',
    sources: [EXPRESS, NOVINITE],
    every: ['flee', 'fleeing', 'exodus', 'leave'],
  },
  {
    query: 'troops',
    why: 'a concept word reaches forces / soldiers',
    every: ['forces', 'army', 'military', 'soldiers', 'troops'],
  },
  {
    query: 'defense minister',
    why: 'defence / defense spellings',
    sources: [JK, EXPRESS, SKY],
    every: ['defence minister', 'defense minister'],
    limit: 3,
  },
  {
    query: 'insurgents Rastan',
    why: 'rebels / insurgents / gunmen are one thing',
    sources: [JK, EXPRESS, SKY, NOVINITE, INDEPENDENT],
    limit: 10,
  },
  {
    query: '5 km',
    why: 'numbers and units: 5km, 5 km, five kilometres',
    sources: [SKY, NOVINITE],
    top: ['5 km', '5km', '5 kilometers', 'five kilometres'],
  },
  {
    query: 'Sham FM',
    why: 'a cited source is searchable (and never the outlet)',
    sources: [JK, EXPRESS, SKY],
    every: ['Sham FM'],
    limit: 3,
  },
  {
    query: 'Russian air forces Hama',
    why: 'several terms: more matched terms rank first',
    sources: [JK, EXPRESS],
    top: ['air forces'],
  },
  {
    query: 'Hezbollah crossed from Lebanon',
    why: 'a paragraph only one outlet has',
    sources: [SKY],
    top: ['Elite forces from the Tehran-backed group Hezbollah'],
  },
  { query: 'Rustan bridge', why: 'a detail only one outlet has', sources: [NOVINITE], top: ['Rustan bridge'] },
  { query: 'Alawite minority', why: 'a lede kept after its glued metadata', sources: [NOVINITE] },
  {
    query: 'Islamist faction',
    why: 'the lede glued to "World | … views" is kept',
    sources: [NOVINITE],
    top: ['Rebels, led by the Islamist faction'],
    never: ['views'],
  },
  { query: 'takfiri', why: 'a quoted word', sources: [JK, EXPRESS, SKY], every: ['takfiri'] },
  { query: 'Russian embassy nationals', why: 'the print edition', sources: [INDEPENDENT], top: ['embassy'] },
  { query: 'Islamic State mercenaries Deir el Zor', why: 'a long quotation', sources: [SKY], top: ['Islamic State'] },
  {
    query: 'Syrian insurgents entered two central towns',
    why: 'the lede glued to "date 2024-12" is kept',
    sources: [EXPRESS],
    never: ['date 2024-12'],
  },
  { query: 'Magzter GOLD free trial', why: 'paywall promos are never quoted', none: true },
  { query: 'Chrome browser video player', why: 'player notices are never quoted', none: true },
  { query: 'Thames Water debt', why: 'teaser headlines after the edition trailer are never quoted', none: true },
  { query: 'Netanyahu corruption trial', why: 'teasers of unrelated stories', none: true },
  { query: 'Read more who are the Syrian rebels', why: '"Read more:" links are never quoted', never: JUNK },
  { query: 'Ghaith Alsayed AP armoured vehicle', why: 'photo captions are never quoted', none: true },
  { query: 'Sources Telegram Anadolu DW', why: 'a "Sources:" list is never quoted', none: true },
]

let snapshot: Snapshot

beforeAll(async () => {
  snapshot = await loadSnapshot('seeds')
})

function filesOf(answer: Answer): Set<string> {
  return new Set(answer.hits.flatMap((hit) => [hit.passage.file, ...hit.alsoIn.map((p) => p.file)]))
}

describe('query set over the seeds', () => {
  for (const c of CASES) {
    it(`${c.query} — ${c.why}`, () => {
      const answer = snapshot.index.search(c.query, { limit: c.limit ?? 5 })
      const quotes = answer.hits.map((hit) => hit.passage.text)
      if (c.none) {
        expect(quotes).toEqual([])
        expect(answer.notices.join(' ')).toMatch(/No passages match/)
        return
      }
      // A case that says what must never be quoted proves it only on an answer with quotes in it.
      if (c.sources || c.top || c.only || c.never || c.every) expect(answer.hits.length, 'results').toBeGreaterThan(0)
      const files = filesOf(answer)
      for (const source of c.sources ?? []) expect([...files], `sources for ${c.query}`).toContain(source)
      const outlets = new Set(answer.hits.flatMap((hit) => [hit.passage.outlet, ...hit.alsoIn.map((p) => p.outlet)]))
      for (const outlet of c.outlets ?? []) expect([...outlets]).toContain(outlet)
      if (c.top)
        expect(
          c.top.some((t) => quotes[0]!.includes(t)),
          `top result: ${quotes[0]}`,
        ).toBe(true)
      for (const quote of quotes) {
        if (c.every)
          expect(
            c.every.some((t) => quote.toLowerCase().includes(t.toLowerCase())),
            `result: ${quote}`,
          ).toBe(true)
        for (const junk of [...JUNK, ...(c.never ?? [])]) expect(quote, `junk "${junk}"`).not.toContain(junk)
      }
      if (c.only) for (const file of files) expect(c.only).toContain(file)
    })
  }
})

describe('ranking', () => {
  it('ranks a passage matching more distinct terms above one matching fewer', () => {
    const answer = snapshot.index.search('Hezbollah Lebanon Homs', { limit: 20 })
    const coverage = answer.hits.map((hit) => hit.coverage)
    expect(coverage).toEqual([...coverage].sort((a, b) => b - a))
    expect(coverage[0]).toBe(3)
  })

  it('spreads the top results across outlets', () => {
    const answer = snapshot.index.search('Homs')
    const files = answer.hits.map((hit) => hit.passage.file)
    expect(new Set(files).size).toBeGreaterThanOrEqual(4)
  })

  it('shows wire copy run by several outlets once, with the others as "also in"', () => {
    const answer = snapshot.index.search('"mother of all battles"')
    const wire = answer.hits.find((hit) => hit.passage.text.includes('will decide who will rule Syria'))!
    const copies = [wire.passage.file, ...wire.alsoIn.map((p) => p.file)].sort()
    expect(copies).toEqual([EXPRESS, SKY, INDEPENDENT])
    // The rewrite in other words ("will determine Syria's ruler") stays a result of its own.
    expect(answer.hits.some((hit) => hit.passage.file === JK && hit.passage.text.includes('determine'))).toBe(true)
  })

  it('knows which words matched, for highlighting', () => {
    const [hit] = snapshot.index.search('homs distance').hits
    expect(hit!.matched).toContain('Homs')
    for (const span of hit!.highlights)
      expect(hit!.passage.text.slice(span.start, span.end)).toMatch(/^[\p{L}\p{N}]+$/u)
    expect(hit!.highlights.map((s) => hit!.passage.text.slice(s.start, s.end))).toEqual(
      expect.arrayContaining(hit!.matched),
    )
  })

  it('pages through results without repeating one', () => {
    const first = snapshot.index.search('Homs', { limit: 5 })
    const second = snapshot.index.search('Homs', { limit: 5, offset: 5 })
    const ids = [...first.hits, ...second.hits].map((hit) => hit.passage.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(second.offset).toBe(5)
    expect(first.total).toBe(second.total)
  })
})

describe('odd queries get a sensible answer, never a crash', () => {
  const odd: [string, RegExp][] = [
    ['', /No words to search/],
    ['   ', /No words to search/],
    ['?!…,,;', /No words to search/],
    ['the of and who', /Only common words/],
    ['🙂🔥🇸🇾', /No words to search/],
  ]
  for (const [query, notice] of odd) {
    it(JSON.stringify(query), () => {
      const answer = snapshot.index.search(query)
      expect(answer.hits).toEqual([])
      expect(answer.notices.join(' ')).toMatch(notice)
    })
  }

  it('a 10,000-character query is searched by its first words, with a notice', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ')
    const answer = snapshot.index.search(`Homs ${words}`.slice(0, 10_000))
    expect(answer.notices.join(' ')).toMatch(/first 32 distinct words/)
    expect(answer.hits.length).toBeGreaterThan(0)
  })

  it('keeps a phrase as a requirement when the query has more words than are searched', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ')
    const answer = snapshot.index.search(`${words} "mother of all battles" Homs`, { limit: 10 })
    expect(answer.notices.join(' ')).toMatch(/first 32 distinct words and phrases/)
    expect(answer.parsed.phrases).toEqual([['mother', 'of', 'all', 'battles']])
    expect(answer.parsed.terms.length + answer.parsed.phrases.length).toBe(32)
    expect(answer.hits.length).toBeGreaterThan(0)
    for (const hit of answer.hits) expect(hit.passage.text).toContain('mother of all battles')
  })

  it('a phrase of common words only is said to be unsearchable; the rest of the query still answers', () => {
    const answer = snapshot.index.search('"of the" Rastan')
    expect(answer.notices.join(' ')).toMatch(/"of the" has only common words/)
    expect(answer.hits.length).toBeGreaterThan(0)
    for (const hit of answer.hits) expect(hit.passage.text).toContain('Rastan')
  })

  it("an outlet filter alone lists that outlet's passages, lede first", () => {
    const answer = snapshot.index.search('outlet:novinite')
    expect(answer.hits.length).toBe(5)
    expect(answer.hits[0]!.passage.text).toMatch(/^Rebels, led by/)
    expect(new Set(answer.hits.map((h) => h.passage.file))).toEqual(new Set([NOVINITE]))
  })
})
