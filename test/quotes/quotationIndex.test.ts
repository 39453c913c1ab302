// Statements across outlets: versions, differences, speakers as one across spellings, lookups by name and by words,
// warnings for passages, and the next index after one article changes.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCorpus } from '../../src/corpus/load.ts'
import { parseArticle } from '../../src/corpus/parse.ts'
import type { Article } from '../../src/corpus/types.ts'
import {
  type ArticleQuotations,
  differingStretch,
  extractQuotations,
  QuotationIndex,
  type Statement,
} from '../../src/quotes/index.ts'

let seeds: Article[]
let fixtures: Article[]
let index: QuotationIndex
let strike: QuotationIndex

const perArticle = (articles: readonly Article[]): ArticleQuotations[] =>
  articles.map((article) => ({ article, quotations: extractQuotations(article) }))

beforeAll(async () => {
  seeds = (await loadCorpus('seeds')).articles
  fixtures = (await loadCorpus('test/quotes/articles')).articles
  index = QuotationIndex.build(perArticle(seeds))
  strike = QuotationIndex.build(perArticle(fixtures))
})

/** The statement whose first version opens with `opening`. */
function statement(of: QuotationIndex, opening: string): Statement {
  const found = of.statements.find((s) => s.versions.some((v) => v.words.startsWith(opening)))
  expect(found, opening).toBeDefined()
  return found!
}

/** A statement as a reporter reads it: speaker, differs, and each version's words with its outlets. */
function summary(s: Statement) {
  return { speaker: s.speaker, differs: s.differs, versions: s.versions.map((v) => [v.words, v.outlets]) }
}

describe('versions of one statement (the seeds)', () => {
  it('Rami Abdurrahman: three outlets print one wording, JK Active another', () => {
    const s = statement(index, 'The battle of Homs')
    expect(summary(s)).toEqual({
      speaker: 'Rami Abdurrahman',
      differs: true,
      versions: [
        [
          'The battle of Homs is the mother of all battles and will decide who will rule Syria,',
          ['Express & Star', 'Sky News', 'The Independent'],
        ],
        ['The battle of Homs is the mother of all battles and will determine Syria’s ruler,', ['JK Active']],
      ],
    })
    // Each printing is an exact slice of its own article.
    for (const version of s.versions)
      for (const o of version.occurrences)
        expect(o.article.text.slice(o.quotation.start, o.quotation.end)).toBe(o.words)
  })

  it('General Abbas: "good" in two outlets, "strong" in JK Active', () => {
    expect(summary(statement(index, 'We are in a'))).toEqual({
      speaker: 'General Ali Mahmoud Abbas',
      differs: true,
      versions: [
        ['We are in a good position on the ground,', ['Express & Star', 'Sky News']],
        ['We are in a strong position on the ground,', ['JK Active']],
      ],
    })
  })

  it('a partial quotation ("temporary tactical measure") is a version that does not differ', () => {
    expect(summary(statement(index, 'a temporary tactical measure'))).toEqual({
      speaker: 'General Ali Mahmoud Abbas',
      differs: false,
      versions: [
        ['a temporary tactical measure and our forces are at the gates of Hama', ['Express & Star', 'Sky News']],
        ['temporary tactical measure', ['JK Active']],
      ],
    })
  })

  it('keeps the rebel unnamed and Mazloum Abdi named, each with one version', () => {
    expect(statement(index, 'Just as we liberated Aleppo')).toMatchObject({
      speaker: 'A Syrian rebel who took part in the offensive on Hama',
      speakerKind: 'unnamed',
      differs: false,
    })
    expect(statement(index, 'Due to the recent developments')).toMatchObject({
      speaker: 'Mazloum Abdi',
      differs: false,
    })
  })

  it('keeps "takfiri" as one term in three outlets', () => {
    const term = statement(index, 'takfiri')
    expect(term.kind).toBe('term')
    expect(term.versions.map((v) => v.outlets)).toEqual([['JK Active', 'Express & Star', 'Sky News']])
  })
})

describe('speakers and versions across spellings (invented articles)', () => {
  it('joins Brandvik and Brandvick, and the unnamed official who repeats his words', () => {
    expect(summary(statement(strike, 'We won'))).toEqual({
      speaker: 'Tomas Brandvik',
      differs: false,
      // Straight or curly apostrophes, a comma or a full stop inside the marks: one wording.
      versions: [
        [
          "We won't go back until they're serious about safety,",
          ['Harbour Times', 'Larkhaven Courier', 'Quillmere Post'],
        ],
      ],
    })
  })

  it('tells the minister\'s "impose" from "force" word by word', () => {
    const s = statement(strike, 'The government will not')
    expect(s.speaker).toBe('Transport Minister Ilse Marwood')
    expect(s.differs).toBe(true)
    const [impose, force] = s.versions
    const stretch = differingStretch(impose!, force!)!
    expect(force!.words.slice(stretch.from, stretch.to)).toBe('not force a')
  })

  it('treats an ellipsis as words left out, not words changed', () => {
    const s = statement(strike, 'tens of millions')
    expect(s.versions.map((v) => v.words)).toEqual([
      "tens of millions ... we simply don't have.",
      'tens of millions of pounds we simply don’t have',
    ])
    expect(s.differs).toBe(false)
  })

  it('never joins the same words from two different people', () => {
    const fair = strike.statements.filter((s) => s.versions.some((v) => v.words.startsWith('We need a fair deal')))
    expect(fair.map((s) => s.speaker).sort()).toEqual(['Henrik Sollen', 'Tomas Brandvik'])
  })
})

describe('a man and a woman of one surname are never one speaker (invented articles)', () => {
  /** An index of one article per text, each from its own outlet. */
  const build = (texts: readonly string[]) =>
    QuotationIndex.build(
      texts.map((text, i) => {
        const { article } = parseArticle(`${i}.txt`, `Council news\n\n${text}\n`, {
          outlet: `Outlet ${i}`,
          published: '2026-03-01',
        })
        return { article: article!, quotations: extractQuotations(article!) }
      }),
    )
  const speakers = (of: QuotationIndex) =>
    of.statements.map((s) => [s.speaker, s.versions.map((v) => v.words)] as const)

  it('Mr Assad, Mrs Assad, Assad and President Bashar al-Assad: Mrs Assad is never shown as Mr Assad', () => {
    const assad = build([
      'Mr Assad told state television: "We will rebuild every city."',
      'Mrs Assad said at the hospital: "Every child deserves a school and a doctor."',
      'Assad said: "We will rebuild every city."',
      'President Bashar al-Assad said: "We will rebuild every city."',
    ])
    // "Assad" could be either of them, and so could the full name (no title gives its gender): nobody guesses.
    expect(speakers(assad)).toEqual([
      ['Mr Assad', ['We will rebuild every city.']],
      ['Mrs Assad', ['Every child deserves a school and a doctor.']],
      ['Assad', ['We will rebuild every city.']],
      ['President Bashar al-Assad', ['We will rebuild every city.']],
    ])
    expect(statement(assad, 'Every child').speaker).toBe('Mrs Assad')
    expect(assad.lookup('Mrs Assad').speakers).not.toContain('Mr Assad')
    expect(assad.lookup('Mrs Assad').speakers).toContain('Mrs Assad')
    expect(assad.lookup('Mr Assad').speakers).not.toContain('Mrs Assad')
  })

  it('Mr Velander, Ms Velander and Velander: three speakers', () => {
    const velander = build([
      'Mr Velander told the council: "The bridge will open in May."',
      'Ms Velander said: "The library stays open on Sundays."',
      'Velander said: "The bridge will open in May."',
    ])
    expect(speakers(velander)).toEqual([
      ['Mr Velander', ['The bridge will open in May.']],
      ['Ms Velander', ['The library stays open on Sundays.']],
      ['Velander', ['The bridge will open in May.']],
    ])
    expect(velander.lookup('Ms Velander').speakers).toEqual(['Velander', 'Ms Velander'])
  })

  it('a surname alone joins the one gendered form there is, and the one full name it fits', () => {
    const two = build([
      'Mr Velander told the council: "The bridge will open in May."',
      'Velander said: "The bridge will open in May."',
    ])
    expect(speakers(two)).toEqual([['Mr Velander', ['The bridge will open in May.']]])
    expect(statement(two, 'The bridge').versions[0]!.outlets).toEqual(['Outlet 0', 'Outlet 1'])
    const three = build([
      'Mrs Assad said at the hospital: "Every child deserves a school and a doctor."',
      'Assad said: "Every child deserves a school and a doctor."',
      'Asma Assad, the patron of the charity, said: "Every child deserves a school and a doctor."',
    ])
    expect(speakers(three)).toEqual([['Asma Assad', ['Every child deserves a school and a doctor.']]])
    // A woman named in full with a title never joins a man of the surname, nor he her.
    const apart = build([
      'Mr Velander told the council: "The bridge will open in May."',
      'Dame Ingrid Velander said: "The library stays open on Sundays."',
    ])
    expect(speakers(apart).map(([speaker]) => speaker)).toEqual(['Mr Velander', 'Dame Ingrid Velander'])
  })
})

describe('lookups', () => {
  it('finds a speaker by any spelling, title or part of the name', () => {
    const battle = statement(index, 'The battle of Homs')
    for (const name of ['Abdulrahman', 'Abdurrahman', 'Rami Abdurrahman', 'rami abdulrahman']) {
      const found = index.bySpeaker(name)
      expect(found.speakers, name).toEqual(['Rami Abdurrahman'])
      expect(found.matches.map((m) => m.statement)).toEqual([battle])
    }
    for (const name of ['Abbas', 'General Abbas', 'Mr Abbas', 'Ali Mahmoud Abbas']) {
      const found = index.bySpeaker(name)
      expect(found.speakers, name).toEqual(['General Ali Mahmoud Abbas'])
      // Statements only: the term "takfiri" is not a statement.
      expect(found.matches.map((m) => m.statement.versions[0]!.words).sort()).toEqual([
        'We are in a good position on the ground,',
        'a temporary tactical measure and our forces are at the gates of Hama',
      ])
    }
    expect(index.bySpeaker('Bashar Assad').matches).toEqual([])
    expect(index.bySpeaker('Ali Abdurrahman').matches).toEqual([])
  })

  it('checks quoted words: which outlets printed exactly these, which printed others', () => {
    const found = index.check('“We are in a strong position on the ground”')
    expect(found.matches).toHaveLength(1)
    const [match] = found.matches
    expect(match!.exact.map((v) => v.outlets)).toEqual([['JK Active']])
    expect(match!.statement.speaker).toBe('General Ali Mahmoud Abbas')
  })

  it('ignores case, quotation marks and ellipsis style, and tolerates a changed word', () => {
    const battle = index.check('"the battle of homs ... will decide who will rule syria"')
    expect(battle.matches[0]!.exact.map((v) => v.outlets)).toEqual([['Express & Star', 'Sky News', 'The Independent']])
    const changed = index.check('We are in a solid position on the ground')
    expect(changed.matches[0]!.exact).toEqual([])
    expect(changed.matches[0]!.coverage).toBeCloseTo(8 / 9)
    expect(changed.matches[0]!.statement.speaker).toBe('General Ali Mahmoud Abbas')
  })

  it('says when no outlet printed the words', () => {
    expect(index.check('"We will never surrender"').matches).toEqual([])
    expect(index.check('""').matches).toEqual([])
  })

  it('lookup tries a name first and words otherwise; words in quotation marks are always words', () => {
    expect(index.lookup('Abdulrahman').by).toBe('speaker')
    expect(index.lookup('mother of all battles')).toMatchObject({ by: 'words' })
    expect(index.lookup('mother of all battles').matches[0]!.exact).toHaveLength(2)
    expect(index.lookup('"Abbas"').by).toBe('words')
  })
})

describe('warnings for passages', () => {
  it('warns on a passage whose quotation other outlets print differently, with their words', () => {
    const jk = seeds.find((a) => a.outlet === 'JK Active')!
    const start = jk.text.indexOf('“The battle of Homs')
    const warnings = index.warningsFor(jk.file, start, start + 120)
    expect(warnings).toHaveLength(1)
    const [warning] = warnings
    expect(warning!.own.outlets).toEqual(['JK Active'])
    const other = warning!.others[0]!
    const stretch = differingStretch(warning!.own, other)!
    expect(other.outlets).toEqual(['Express & Star', 'Sky News', 'The Independent'])
    expect(other.words.slice(stretch.from, stretch.to)).toBe('decide who will rule Syria')
    expect([stretch.cutBefore, stretch.cutAfter]).toEqual([true, false])
  })

  it('warns the other way round too, and not for a partial quotation or a passage without quotations', () => {
    const sky = seeds.find((a) => a.outlet === 'Sky News')!
    const good = sky.text.indexOf('“We are in a good position')
    const [warning] = index.warningsFor(sky.file, good, good + 50)
    expect(warning!.others.map((v) => v.outlets)).toEqual([['JK Active']])
    const stretch = differingStretch(warning!.own, warning!.others[0]!)!
    expect(warning!.others[0]!.words.slice(stretch.from, stretch.to)).toBe('a strong position')
    const jk = seeds.find((a) => a.outlet === 'JK Active')!
    const measure = jk.text.indexOf('“temporary tactical measure')
    expect(index.warningsFor(jk.file, measure, measure + 40)).toEqual([])
    expect(index.warningsFor(jk.file, 0, 100)).toEqual([])
  })
})

describe('the next index after a change', () => {
  /** Everything a reader sees of an index, for comparing two built differently. */
  const view = (i: QuotationIndex) => i.statements.map(summary)

  it('removing, replacing and adding one article equals building from scratch', () => {
    const all = perArticle(seeds)
    const jk = all.find((a) => a.article.outlet === 'JK Active')!
    const without = index.withArticle(jk.article.file, null)
    expect(view(without)).toEqual(view(QuotationIndex.build(all.filter((a) => a !== jk))))
    expect(statement(without, 'The battle of Homs').differs).toBe(false)
    // The index it came from is unchanged.
    expect(statement(index, 'The battle of Homs').differs).toBe(true)
    const back = without.withArticle(jk.article.file, jk)
    expect(view(back)).toEqual(view(index))
    expect(back.size).toBe(index.size)
  })
})

describe('the next index equals a fresh build, whatever the changes (property)', () => {
  // Invented articles for the hard cases: one speaker in several spellings and forms, a surname alone that could be
  // two people, a man and a woman of one surname (Mr / Mrs / Ms / Sir / Dame / Lady / Miss), the same words from two speakers and from nobody named, rewrites, terms, and pairs of words many
  // quotations share (with `commonPairs: 2`, adding and removing articles moves word pairs between rare and common).
  const TEXTS = [
    '"We will not back down from this fight over the ferries," said Henrik Sollen of Nordic Ferries on Monday.',
    'Mr Sollen told reporters: "We will not back down from this fight over ferries." He called the plan "reckless".',
    'Henrik Solen said: "We will not back down from the fight over the ferries, and we will win it."',
    '"We will not back down from this fight over the ferries," Kari Holm said. She called the plan "reckless".',
    'A union official said: "We will not back down from this fight over the ferries, whatever it costs the islands."',
    'General Ali Mahmoud Aster said: "The harbour is closed until further notice for every ship."\n\nAster added: "We are in a good position."',
    'Mahmoud Aster, the mayor, said: "The harbour is closed until further notice for all ships."',
    'Aster said: "We are in a strong position." Protesters chanted "no more cuts" at the gates.',
    'Kari Holm said the cuts would leave the islands "cut off for weeks" and "without a lifeline".',
    '"The islands will be cut off for weeks without a lifeline," Holm warned on Tuesday.',
    'Ilse Marwood, the transport minister, said: "The harbour is closed until further notice for every ship."',
    // Gendered titles on one surname: a man and a woman never become one speaker, however the articles come and go.
    'Mrs Sollen said at the school: "We will not back down from this fight over the ferries."',
    'Mr Holm told the council: "The islands will be cut off for weeks without a lifeline."',
    'Ms Holm said: "The islands will be cut off for weeks," and called the plan "reckless".',
    'Sir Henrik Sollen said: "We will not back down from this fight over the ferries."',
    'Dame Kari Holm said: "The islands will be cut off for weeks without a lifeline."',
    'Lady Aster said: "We are in a good position." Miss Aster added: "The harbour is closed."',
  ]
  const FILES = ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt', 'f.txt']
  const OUTLETS = ['Harbour Times', 'Quillmere Post', 'Larkhaven Courier']
  const made = new Map<string, ArticleQuotations>()
  /** The article `file` holding text `text` (one object per pair, as a snapshot keeps one per unchanged file). */
  function article(file: string, text: number, outlet: number): ArticleQuotations {
    const id = `${file}|${text}|${outlet}`
    let entry = made.get(id)
    if (!entry) {
      const { article } = parseArticle(file, `Ferry strike\n\n${TEXTS[text]}\n`, {
        outlet: OUTLETS[outlet]!,
        published: `2026-03-0${1 + ((text + outlet) % 9)}`,
      })
      entry = { article: article!, quotations: extractQuotations(article!) }
      made.set(id, entry)
    }
    return entry
  }

  /** Everything a reader can see of an index: statements with their ids, lookups by name and words, warnings. */
  function seen(index: QuotationIndex, files: readonly string[]) {
    const words = index.statements.flatMap((s) => s.versions.map((v) => `"${v.words}"`))
    const names = index.statements.flatMap((s) => (s.speaker ? [s.speaker, s.speaker.split(' ').at(-1)!] : []))
    const lookups = [
      ...new Set([
        ...names,
        ...words,
        'Sollen',
        'Aster',
        'Mrs Sollen',
        'Mr Holm',
        'Ms Holm',
        'Lady Aster',
        'Nordic Ferries',
        '"back down"',
      ]),
    ]
    const occurrence = (o: { quotation: { id: string } }) => o.quotation.id
    return JSON.stringify({
      size: index.size,
      statements: index.statements.map((s) => ({
        ...s,
        versions: s.versions.map((v) => ({ ...v, occurrences: v.occurrences.map(occurrence) })),
      })),
      lookups: lookups.map((query) => {
        const found = index.lookup(query)
        return {
          ...found,
          matches: found.matches.map((m) => [m.statement.id, m.exact.map((v) => v.words), m.coverage]),
        }
      }),
      warnings: files.map((file) =>
        index.warningsFor(file, 0, 1e9).map((w) => [w.statement.id, w.own.words, w.others.map((v) => v.words)]),
      ),
      quotations: files.map((file) => index.quotationsOf(file).map((q) => q.id)),
    })
  }

  const edit = fc.record({
    file: fc.constantFrom(...FILES),
    // null: remove the file.
    text: fc.option(fc.nat(TEXTS.length - 1), { nil: null }),
    outlet: fc.nat(OUTLETS.length - 1),
  })

  it('after any sequence of additions, replacements and removals, in batches', () => {
    const options = { commonPairs: 2 }
    fc.assert(
      fc.property(
        fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
        (batches) => {
          const model = new Map<string, ArticleQuotations>()
          let live = QuotationIndex.build([], options)
          for (const batch of batches) {
            const removed: { file: string }[] = []
            const added = new Map<string, ArticleQuotations>()
            for (const { file, text, outlet } of batch) {
              if (text === null) {
                if (model.has(file) || added.has(file)) removed.push({ file })
                model.delete(file)
                added.delete(file)
              } else {
                const entry = article(file, text, outlet)
                if (model.has(file)) removed.push({ file })
                model.set(file, entry)
                added.set(file, entry)
              }
            }
            live = live.withChanges(removed, [...added.values()])
            expect(seen(live, FILES)).toBe(seen(QuotationIndex.build(model.values(), options), FILES))
            // No statement is a man's and a woman's: its printings' speakers have one gender at most.
            for (const s of live.statements) {
              const genders = new Set(
                s.versions.flatMap((v) => v.occurrences.flatMap((o) => o.quotation.speaker?.gender ?? [])),
              )
              expect(genders.size, s.speaker ?? '').toBeLessThanOrEqual(1)
            }
          }
        },
      ),
      { numRuns: 150 },
    )
  })

  it('after any sequence of additions, replacements and removals of the seeds, whole and in halves', async () => {
    // The seeds print one story's quotations in several outlets and spellings (Abdurrahman, Abdulrahman): each file
    // holds a seed, or its first or second half (a speaker named in full in one half, by surname in the other).
    const raw = (await readdir('seeds')).filter((f) => f.endsWith('.txt')).sort()
    const texts: string[] = []
    for (const name of raw) {
      const lines = (await readFile(join('seeds', name), 'utf8')).split('\n')
      const half = Math.ceil(lines.length / 2)
      texts.push(lines.join('\n'), lines.slice(0, half).join('\n'), `${lines[0]}\n${lines.slice(half).join('\n')}`)
    }
    // Only texts that make an article (a half can be too short to be one).
    for (let i = texts.length - 1; i >= 0; i--) if (!parseArticle('x.txt', texts[i]!).article) texts.splice(i, 1)
    expect(texts.length).toBeGreaterThan(raw.length * 2)
    const made = new Map<string, ArticleQuotations>()
    const seedArticle = (file: string, text: number, outlet: number) => {
      const id = `${file}|${text}|${outlet}`
      let entry = made.get(id)
      if (!entry) {
        const { article } = parseArticle(file, texts[text]!, { outlet: OUTLETS[outlet]!, published: '2024-12-06' })
        entry = { article: article!, quotations: extractQuotations(article!) }
        made.set(id, entry)
      }
      return entry
    }
    const files = FILES.slice(0, 4)
    const seedEdit = fc.record({
      file: fc.constantFrom(...files),
      text: fc.option(fc.nat(texts.length - 1), { nil: null }),
      outlet: fc.nat(OUTLETS.length - 1),
    })
    fc.assert(
      fc.property(fc.array(seedEdit, { minLength: 1, maxLength: 10 }), (edits) => {
        const model = new Map<string, ArticleQuotations>()
        let live = QuotationIndex.build([])
        for (const { file, text, outlet } of edits) {
          const removed = model.has(file) ? [{ file }] : []
          const added = text === null ? [] : [seedArticle(file, text, outlet)]
          if (text === null) model.delete(file)
          else model.set(file, added[0]!)
          live = live.withChanges(removed, added)
          expect(seen(live, files)).toBe(seen(QuotationIndex.build(model.values()), files))
        }
      }),
      { numRuns: 40 },
    )
  })

  it('on the seeds and the invented articles, one article at a time, both ways', () => {
    const all = [...perArticle(seeds), ...perArticle(fixtures)]
    const files = all.map((a) => a.article.file)
    let live = QuotationIndex.build([])
    for (const [i, entry] of all.entries()) {
      live = live.withChanges([], [entry])
      expect(seen(live, files)).toBe(seen(QuotationIndex.build(all.slice(0, i + 1)), files))
    }
    for (const [i, entry] of all.entries()) {
      live = live.withChanges([entry.article], [])
      expect(seen(live, files)).toBe(seen(QuotationIndex.build(all.slice(i + 1)), files))
    }
  })
})
