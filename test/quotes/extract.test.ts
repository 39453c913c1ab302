// Quotations of real articles (the seeds) and of articles written for the hard shapes (test/quotes/articles: invented
// people and outlets): exact slices of the file, and the speaker the text gives, or none.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCorpus } from '../../src/corpus/load.ts'
import { parseArticle } from '../../src/corpus/parse.ts'
import type { Article } from '../../src/corpus/types.ts'
import { extractQuotations, type Quotation } from '../../src/quotes/index.ts'

const FIXTURES = 'test/quotes/articles'

interface Read {
  article: Article
  dir: string
  quotations: Quotation[]
}

const corpora: Record<string, Read[]> = {}

beforeAll(async () => {
  for (const dir of ['seeds', FIXTURES]) {
    const { articles, problems } = await loadCorpus(dir)
    expect(problems).toEqual([])
    corpora[dir] = articles.map((article) => ({ article, dir, quotations: extractQuotations(article) }))
  }
})

/** The quotation of `file` whose words start with `opening`. */
function find(dir: string, file: string, opening: string): { q: Quotation; words: string; text: string } {
  const read = corpora[dir]!.find((r) => r.article.file.startsWith(file))!
  const q = read.quotations.find((x) => read.article.text.slice(x.start, x.end).startsWith(opening))
  expect(q, `no quotation opening "${opening}" in ${file}`).toBeDefined()
  return { q: q!, words: read.article.text.slice(q!.start, q!.end), text: read.article.text }
}

const said = (text: string, q: Quotation) => (q.speaker ? text.slice(q.speaker.at.start, q.speaker.at.end) : null)

describe('every quotation is an exact slice of its file', () => {
  it.each(['seeds', FIXTURES])('%s', (dir) => {
    let count = 0
    for (const { article, quotations } of corpora[dir]!) {
      // Read the file afresh: the check must not trust the text the pipeline carried along.
      const onDisk = readFileSync(join(dir, article.file), 'utf8')
      for (const q of quotations) {
        count++
        expect(q.id).toBe(`${article.file}#${q.start}-${q.end}`)
        expect(q.parts[0]!.start).toBe(q.start)
        expect(q.parts.at(-1)!.end).toBe(q.end)
        for (const part of q.parts) {
          const words = onDisk.slice(part.start, part.end)
          expect(words).toBe(words.trim())
          // The marks stand just outside the words: an opening mark before the first part, a closing one after the last.
          if (part === q.parts[0]) expect(onDisk[part.start - 1]).toMatch(/["'“‘«„‹]/)
        }
        expect(onDisk.slice(q.start, q.end)).not.toMatch(/^["“‘'«]|["”’'»]$/)
        if (q.speaker) expect(onDisk.slice(q.speaker.at.start, q.speaker.at.end).length).toBeGreaterThan(0)
      }
    }
    expect(count).toBeGreaterThan(10)
  })

  it('is deterministic: the same article gives the same quotations', () => {
    for (const { article, quotations } of corpora.seeds!) expect(extractQuotations(article)).toEqual(quotations)
  })
})

describe('broken or hostile text', () => {
  const parsed = (text: string) => {
    const { article } = parseArticle('hostile.txt', `A line of reporting comes first.\n\n${text}`, { outlet: 'Test' })
    return { article: article!, quotations: extractQuotations(article!) }
  }

  it('a paragraph of stray opening marks has no quotations, and is read a bounded number of times', () => {
    expect(parsed('He said “a '.repeat(20_000)).quotations).toEqual([])
    expect(parsed('x" y" z" '.repeat(20_000)).quotations).toEqual([])
  })

  it('thousands of quotations in one paragraph are each found and attributed', () => {
    const { article, quotations } = parsed('“We are ready,” Governor Anneke Dalsgaard said. '.repeat(5_000))
    expect(quotations).toHaveLength(5_000)
    for (const q of quotations) {
      expect(article.text.slice(q.start, q.end)).toBe('We are ready,')
      expect(q.speaker?.name).toBe('Governor Anneke Dalsgaard')
    }
  })
})

describe('the seeds', () => {
  it('finds every quotation of the five articles, and nothing in the one without quotation marks', () => {
    const counts = Object.fromEntries(corpora.seeds!.map((r) => [r.article.outlet, r.quotations.length]))
    expect(counts).toEqual({ 'JK Active': 4, 'Express & Star': 4, 'Sky News': 6, Novinite: 0, 'The Independent': 1 })
  })

  it('gives Rami Abdurrahman his statement in every outlet, however his name is spelt', () => {
    for (const [file, name, at] of [
      ['000', 'Rami Abdurrahman', 'Rami Abdurrahman, the Observatory’s director'],
      ['001', 'Rami Abdurrahman', 'Rami Abdurrahman, the Observatory’s chief'],
      ['002', 'Rami Abdulrahman', 'the monitor’s chief, Rami Abdulrahman'],
      ['004', 'Rami Abdurrahman', 'Rami Abdurrahman, chief of the Britain-based Syrian Observatory for Human Rights'],
    ] as const) {
      const { q, text } = find('seeds', file, 'The battle of Homs is the mother of all battles')
      expect(q.kind).toBe('statement')
      expect(q.speaker).toMatchObject({ kind: 'person', name, given: ['Rami'], rule: 'said-after' })
      expect(said(text, q)).toBe(at)
    }
  })

  it('resolves "Mr Abbas", "General Abbas" and "Abbas" to the full name the article gives', () => {
    for (const [file, opening, at] of [
      ['000', 'We are in a strong position', 'Abbas'],
      ['001', 'We are in a good position', 'Mr Abbas'],
      ['002', 'We are in a good position', 'General Abbas'],
    ] as const) {
      const { q, text } = find('seeds', file, opening)
      expect(q.speaker).toMatchObject({ name: 'General Ali Mahmoud Abbas', title: 'General', surname: 'Abbas' })
      expect(said(text, q)).toBe(at)
    }
  })

  it('gives the "temporary tactical measure" to the speaker of the sentence it stands in', () => {
    const jk = find('seeds', '000', 'temporary tactical measure')
    expect(jk.words).toBe('temporary tactical measure')
    expect(jk.q.kind).toBe('statement')
    expect(jk.q.speaker).toMatchObject({ name: 'General Ali Mahmoud Abbas', rule: 'said-before' })
    const es = find('seeds', '001', 'a temporary tactical measure')
    expect(es.words).toBe('a temporary tactical measure and our forces are at the gates of Hama')
    expect(es.q.speaker?.name).toBe('General Ali Mahmoud Abbas')
  })

  it('marks "takfiri" as a term, still with the person who used it', () => {
    for (const file of ['000', '001', '002']) {
      const { q } = find('seeds', file, 'takfiri')
      expect(q.kind).toBe('term')
      expect(q.speaker?.name).toBe('General Ali Mahmoud Abbas')
    }
  })

  it('never names the Syrian rebel who spoke to Sky News: "he said" carries the description, not Mr Assad', () => {
    const { q, text } = find('seeds', '002', 'Just as we liberated Aleppo')
    expect(q.speaker).toMatchObject({
      kind: 'unnamed',
      name: null,
      description: 'A Syrian rebel who took part in the offensive on Hama',
    })
    expect(said(text, q)).toBe('he')
  })

  it('gives Mazloum Abdi his statement, with his role', () => {
    const { q } = find('seeds', '002', 'Due to the recent developments')
    expect(q.speaker).toMatchObject({ name: 'Mazloum Abdi', description: 'the head of the force', rule: 'said-after' })
  })
})

describe('articles written for the hard shapes', () => {
  const harbour = 'a_harbour'
  const larkhaven = 'b_larkhaven'
  const quillmere = 'c_quillmere'

  it('reads wire copy that uses straight quotes as apostrophes', () => {
    const { q, words } = find(FIXTURES, harbour, 'We won')
    expect(words).toBe("We won't go back until they're serious about safety,")
    expect(q.speaker).toMatchObject({ name: 'Tomas Brandvik', description: "the union's chief negotiator" })
  })

  it('keeps a quotation that runs over two paragraphs as one, with the speaker of the paragraph it opens in', () => {
    const { q, words, text } = find(FIXTURES, harbour, "It's been three years")
    expect(q.parts).toHaveLength(2)
    expect(q.parts.map((p) => text.slice(p.start, p.end))).toEqual([
      "It's been three years of promises and we've seen nothing.",
      "Every one of my members knows someone who's been hurt on those cranes since the '90s.",
    ])
    expect(words).toContain('\n\n"Every one')
    expect(q.speaker).toMatchObject({ name: 'Tomas Brandvik', rule: 'same-speaker' })
  })

  it('resolves "the minister said" to the one person the article names as minister', () => {
    const { q, text } = find(FIXTURES, harbour, 'The government will not impose')
    expect(said(text, q)).toBe('the minister')
    expect(q.speaker).toMatchObject({ kind: 'person', name: 'Transport Minister Ilse Marwood', given: ['Ilse'] })
  })

  it('keeps an ellipsis inside the words', () => {
    const { q, words } = find(FIXTURES, harbour, 'tens of millions')
    expect(words).toBe("tens of millions ... we simply don't have.")
    // "He told reporters" follows "Sollen said …": the speaker of the sentence before.
    expect(q.speaker?.name).toBe('Henrik Sollen')
  })

  it('"he said" after two people named in the sentence before is unknown, unless one is speaking or only one can be "he"', () => {
    expect(find(FIXTURES, harbour, 'We agreed on nothing').q.speaker).toBeNull()
    const gendered = find(FIXTURES, harbour, 'She listened')
    expect(gendered.q.speaker?.name).toBe('Tomas Brandvik')
    // "Varn said …, when Odegaard's shift ends. “…,” she said": the one speaking, not the one named last.
    expect(find(FIXTURES, quillmere, 'Nobody is going home').q.speaker?.name).toBe('Lisbet Varn')
  })

  it('keeps nested quotations inside the words, in either quotation style', () => {
    expect(find(FIXTURES, harbour, 'He told us').words).toBe(
      "He told us, 'Your jobs are safe,' and then he cut 40 posts,",
    )
    expect(find(FIXTURES, larkhaven, 'He told us').words).toBe(
      'He told us “your jobs are safe” and then he cut 40 posts,',
    )
  })

  it('reads British single quotes and their apostrophes', () => {
    const { q, words } = find(FIXTURES, larkhaven, 'The rebels')
    expect(words).toBe('The rebels’ strike fund is running low,')
    expect(q.speaker?.name).toBe('Tomas Brandvick')
    const rest = find(FIXTURES, larkhaven, 'but we are not finished')
    expect(rest.q.speaker?.name).toBe('Tomas Brandvick')
  })

  it('marks a scare quote as a term and leaves words nobody is said to have spoken without a speaker', () => {
    const term = find(FIXTURES, harbour, 'insulting')
    expect(term.q.kind).toBe('term')
    const banner = find(FIXTURES, harbour, 'Safety first')
    expect(banner.q.kind).toBe('statement')
    expect(banner.q.speaker).toBeNull()
  })

  it('reads "according to X", "X told the Post:" and a paragraph introduced by "X said:"', () => {
    expect(find(FIXTURES, quillmere, 'Every day of this strike').q.speaker).toMatchObject({
      name: 'Henrik Sollen',
      rule: 'according-to',
    })
    expect(find(FIXTURES, quillmere, 'Nobody on the docks').q.speaker).toMatchObject({
      name: 'Brandvik',
      rule: 'said-before',
    })
    const introduced = find(FIXTURES, quillmere, 'Operations will resume')
    expect(introduced.q.speaker).toMatchObject({
      kind: 'unnamed',
      description: 'the port authority',
      rule: 'introduced',
    })
  })

  it('reads wire copy: a title before the name, an age in the appositive, a split quotation, an office that is not its head', () => {
    const ledger = 'd_ledger'
    expect(find(FIXTURES, ledger, 'We are not going').q.speaker).toMatchObject({
      name: 'Prime Minister Halvard Quist',
      title: 'Prime Minister',
      given: ['Halvard'],
    })
    expect(find(FIXTURES, ledger, 'act decisively').q).toMatchObject({ kind: 'term' })
    expect(find(FIXTURES, ledger, 'Nobody is above').q.speaker?.name).toBe('Prime Minister Halvard Quist')
    expect(find(FIXTURES, ledger, "It's a disaster").q.speaker).toMatchObject({
      name: 'Maria Ortega',
      description: 'a nurse who has worked at the hospital for 20 years',
    })
    expect(find(FIXTURES, ledger, 'but it will take years').q.speaker?.name).toBe('Prime Minister Halvard Quist')
    // "Police said" opens a sentence: a common word, not a person called Police.
    expect(find(FIXTURES, ledger, 'Two officers').q.speaker).toMatchObject({ kind: 'unnamed', description: 'Police' })
    expect(find(FIXTURES, ledger, 'deeply concerned').q.speaker).toMatchObject({
      kind: 'unnamed',
      description: "Quist's office",
    })
    expect(find(FIXTURES, ledger, 'There is nothing left').q.speaker?.name).toBe('Maria Ortega')
  })

  it('gives an unnamed speaker a description, never a name', () => {
    expect(find(FIXTURES, quillmere, 'We won').q.speaker).toMatchObject({
      kind: 'unnamed',
      name: null,
      description: 'one union official',
    })
  })
})

/** The quotations of a short invented article (a line of reporting first, then `text`), with their speakers. */
function read(text: string): { words: string; speaker: string | null }[] {
  const { article } = parseArticle('invented.txt', `A line of reporting comes first.\n\n${text}`, { outlet: 'Test' })
  return extractQuotations(article!).map((q) => ({
    words: article!.text.slice(q.start, q.end),
    speaker: q.speaker ? (q.speaker.name ?? q.speaker.description) : null,
  }))
}

/** The speaker of the one quotation opening with `opening` in `text`. */
function speakerOf(text: string, opening: string): string | null {
  const found = read(text).filter((q) => q.words.startsWith(opening))
  expect(found, opening).toHaveLength(1)
  return found[0]!.speaker
}

describe('a name ends where a preposition begins (never "Henrik Sollen on Monday")', () => {
  it('leaves a day or a date after the name out of it', () => {
    expect(speakerOf('"We will not back down," said Henrik Sollen on Monday.', 'We will not')).toBe('Henrik Sollen')
    expect(speakerOf('Union leader Kari Holm on Tuesday said: "We are ready to talk."', 'We are ready')).toBe(
      'Kari Holm',
    )
    expect(speakerOf('"No," said Erik Lund on Friday, March 3.', 'No')).toBe('Erik Lund')
  })

  it('reads "X of Org" as a name and an affiliation: one speaker with the plain "X" elsewhere', () => {
    const quotations = read(
      '"The crossing is safe," said Jon Berge of Nordic Ferries.\n\nLater Jon Berge said: "We sail on Friday."',
    )
    expect(quotations.map((q) => q.speaker)).toEqual(['Jon Berge', 'Jon Berge'])
  })

  it('does not take the second name of "met Y on Monday" for an organisation, so "he" stays unknown', () => {
    for (const meeting of ['Erik Lund met Henrik Sollen on Monday.', 'Erik Lund met Henrik Sollen.'])
      expect(speakerOf(`${meeting} "We will not back down," he said.`, 'We will not'), meeting).toBeNull()
    // One person named, and a day: "he" is that person.
    expect(speakerOf('Erik Lund spoke to reporters on Monday. "We will not back down," he said.', 'We')).toBe(
      'Erik Lund',
    )
    // The affiliation is no second person either.
    expect(speakerOf('Jon Berge of Nordic Ferries met reporters. "We are safe," he said.', 'We are safe')).toBe(
      'Jon Berge',
    )
  })

  it('still joins the words of an organisation, a title, and names that are also months or modals', () => {
    expect(speakerOf('"Rates will hold," the Bank of Narwick said on Monday.', 'Rates')).toBe('Bank of Narwick')
    expect(speakerOf('Secretary of State Ada Lind said: "We will talk."', 'We will talk')).toBe(
      'Secretary of State Ada Lind',
    )
    expect(speakerOf('Agnes May said: "The ferry is late."', 'The ferry')).toBe('Agnes May')
    expect(speakerOf('April Holm said: "Ask again."', 'Ask again')).toBe('April Holm')
  })
})

describe('the nearest speech act decides, or nobody does (never whoever reports it)', () => {
  it('gives chanted, read or dubbed words no speaker, not the one who reports them', () => {
    expect(
      speakerOf('Henrik Sollen said protesters chanted "no more cuts, no more lies" outside.', 'no more'),
    ).toBeNull()
    expect(speakerOf('Witnesses said protesters chanted "no more cuts" all night.', 'no more')).toBeNull()
    expect(speakerOf('Ilse Marwood said a banner read "Save our ferries".', 'Save')).toBeNull()
    expect(speakerOf('Henrik Sollen said critics dubbed the plan "a ferry fiasco".', 'a ferry')).toBeNull()
    // After the quotation too, and the speaker of the paragraph's last quotation does not claim it.
    expect(read('"We will not back down," Sollen said. "No more cuts," the crowd chanted.')).toEqual([
      { words: 'We will not back down,', speaker: 'Sollen' },
      { words: 'No more cuts,', speaker: null },
    ])
  })

  it('gives no speaker when the nearest speech verb’s subject cannot be read', () => {
    const letter =
      'Ilse Marwood said she had read the union’s letter, which warned that "the islands will be cut off for weeks".'
    expect(speakerOf(letter, 'the islands')).toBeNull()
    // Told, asked, warned in the passive: the one who heard the words did not speak them.
    expect(speakerOf('Henrik Sollen said he was told "the ferry is cancelled".', 'the ferry')).toBeNull()
  })

  it('still gives reported speech, a relative clause and joined verbs to their speaker', () => {
    expect(speakerOf('Sollen said the cuts would leave the islands "cut off for weeks".', 'cut off')).toBe('Sollen')
    expect(speakerOf('Ilse Marwood said the union, which has warned of "chaos", would meet.', 'chaos')).toBe(
      'the union',
    )
    expect(speakerOf('Henrik Sollen said, reading from a statement: "We will not back down."', 'We')).toBe(
      'Henrik Sollen',
    )
    expect(speakerOf('One ferry worker wrote to me and said: "We are tired but hopeful."', 'We are')).toBe(
      'One ferry worker',
    )
    expect(speakerOf('Sollen said claims of "sabotage" were false.', 'sabotage')).toBe('Sollen')
    // "reporters" is no form of "report".
    expect(speakerOf('Kari Holm told reporters the cuts would cost "tens of millions".', 'tens')).toBe('Kari Holm')
    expect(
      speakerOf('When the ferry came, thousands wrote to thank what one woman called "our lifeline".', 'our'),
    ).toBe('one woman')
  })
})
