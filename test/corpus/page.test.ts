// Web pages in the articles folder: the article text extracted with Readability, the facts read from the page in
// order (sources.json, JSON-LD, Open Graph / meta / canonical, the text's credit lines, else Unknown outlet), and every
// kind of bad page reported with its name while every good article still loads. Real pages from Mozilla's Readability
// test suite (test/fixtures/pages/*/source.html) and pages written for the cases they lack (test/fixtures/pages/own).
import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodePageBytes } from '../../src/corpus/html.ts'
import { loadCorpus } from '../../src/corpus/load.ts'
import { EXTRACTION_LIBRARIES, extractPage } from '../../src/corpus/page.ts'
import { readArticleFile, isArticleName } from '../../src/corpus/files.ts'
import type { Article, CorpusLoad } from '../../src/corpus/types.ts'
import { cutPassages } from '../../src/passages/passages.ts'
import { loadSnapshot } from '../../src/snapshot/snapshot.ts'

const PAGES = fileURLToPath(new URL('../fixtures/pages/', import.meta.url))
const OWN = join(PAGES, 'own')
const REAL = ['article-author-tag', 'herald-sun-1', 'lemonde-1', 'seattletimes-1', 'wordpress']

interface ExpectedMetadata {
  title: string
  siteName: string | null
  publishedTime: string | null
  lang: string | null
  excerpt: string
}
const expectedOf = (page: string): ExpectedMetadata =>
  JSON.parse(readFileSync(join(PAGES, page, 'expected-metadata.json'), 'utf8')) as ExpectedMetadata

describe('names', () => {
  it('.html and .htm are articles; temporary names never are', () => {
    for (const name of ['page.html', 'PAGE.HTM', 'a.htm', 'b.txt']) expect(isArticleName(name)).toBe(true)
    for (const name of ['page.html.tmp', '.page.html', 'page.html.part', 'page.html~', 'page.xhtml.bak'])
      expect(isArticleName(name)).toBe(false)
  })
})

describe('the five real pages', () => {
  let dir: string
  let load: CorpusLoad
  const byPage = (page: string): Article => load.articles.find((a) => a.file === `${page}.html`)!
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storydesk-pages-'))
    for (const page of REAL) await copyFile(join(PAGES, page, 'source.html'), join(dir, `${page}.html`))
    load = await loadCorpus(dir)
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('all load as articles; the French page loads with a notice, nothing else is reported', () => {
    expect(load.articles.map((a) => a.file).sort()).toEqual(REAL.map((p) => `${p}.html`))
    expect(load.problems).toEqual([
      { where: 'lemonde-1.html', code: 'PAGE_OTHER_LANGUAGE', message: expect.stringMatching(/"fr", not English/) },
    ])
  })

  it.each(REAL)('%s: outlet, title and date are the ones a reader sees on the page', (page) => {
    const expected = expectedOf(page)
    const article = byPage(page)
    expect(article.outlet).toBe(expected.siteName ?? 'Unknown outlet')
    expect(article.outletBasis).toBe('page')
    expect(article.title).toBe(expected.title)
    // The date as the page writes it, in its own time zone: never shifted to UTC, never invented.
    expect(article.published).toBe(expected.publishedTime?.slice(0, 10) ?? null)
    expect(article.origins.outlet?.source).toMatch(/^(json-ld|page-meta)$/)
  })

  it.each(REAL)(
    '%s: the text starts with the headline, holds the article, and every passage is a slice of it',
    (page) => {
      const article = byPage(page)
      const expected = expectedOf(page)
      expect(article.text.startsWith(`${expected.title}\n\n`)).toBe(true)
      // The page's own summary opens its first paragraph (Readability's expected excerpt).
      const opening = expected.excerpt.slice(0, 40)
      if (page !== 'lemonde-1' && page !== 'seattletimes-1') expect(article.text).toContain(opening)
      expect(article.paragraphs.length).toBeGreaterThan(5)
      for (const passage of cutPassages(article))
        expect(article.text.slice(passage.start, passage.end)).toBe(passage.text)
      // No markup, no script, no style survives into the text.
      expect(article.text).not.toMatch(/<\/?[a-z][^>]*>|function\s*\(|\{\s*[a-z-]+\s*:/i)
    },
  )

  it('the same bytes always give the same text (live reload and the index cache key on it)', async () => {
    for (const page of REAL) {
      const a = await readArticleFile(dir, `${page}.html`)
      const b = await readArticleFile(dir, `${page}.html`)
      expect(a.kind).toBe('text')
      expect(b).toEqual(a)
    }
  })

  it('a quote from a page is found by search and is its exact text', async () => {
    const snapshot = await loadSnapshot(dir)
    const hit = snapshot.index.search('halibut schooner', { limit: 1 }).hits[0]!
    expect(hit.passage.file).toBe('seattletimes-1.html')
    expect(hit.passage.outlet).toBe('The Seattle Times')
    const article = snapshot.articles.find((a) => a.file === hit.passage.file)!
    expect(article.text.slice(hit.passage.start, hit.passage.end)).toBe(hit.passage.text)
  })
})

describe('pages written for the cases the real ones lack', () => {
  const extract = async (name: string, url?: string) => {
    const decoded = decodePageBytes(name, await readFile(join(OWN, name)))
    if (!decoded.ok) return decoded
    return extractPage(name, decoded.html, { url })
  }

  it('JSON-LD first: the publisher by @id reference, the headline, the date in the page’s own time zone', async () => {
    const page = await extract('jsonld-graph.html')
    if (!page.ok) throw new Error(page.problem.message)
    expect(page.facts).toMatchObject({
      outlet: { value: 'Harbour Gazette', origin: { source: 'json-ld', detail: 'publisher.name' } },
      title: { value: 'Ferry strike ends after pay deal', origin: { source: 'json-ld' } },
      // datePublished is 2024-03-02T08:15+11:00; article:published_time (21:15Z on the 1st) comes second.
      published: { value: '2024-03-02', origin: { source: 'json-ld', detail: 'datePublished' } },
      url: { value: 'https://example.org/news/ferry-strike-ends', origin: { source: 'json-ld' } },
      byline: 'Jane Doe',
      lang: 'en-AU',
    })
    // Navigation, the "Most read" box, the caption, the footer and scripts are not the article.
    expect(page.text).not.toMatch(/Most read|Storm warning|Photo: Example|Privacy|analytics|Home/)
    expect(page.text).toContain('SYDNEY (AAP) - Harbour ferry crews voted on Saturday')
  })

  it('<q> keeps the quotation marks a browser shows (‘ ’ inside another); a relative canonical link is resolved', async () => {
    const page = await extract('inline-quotes.html', 'https://example.org/archive/2024/port.html?from=home')
    if (!page.ok) throw new Error(page.problem.message)
    expect(page.text).toContain('told reporters that “the port will be rebuilt stronger than before” and that')
    expect(page.text).toContain(
      'told “to expect a busy week, or as the manager put it, ‘all hands’ from Thursday”, and',
    )
    expect(page.facts.url).toMatchObject({ value: 'https://example.org/archive/news/port-reopens' })
  })

  it('a page saved with a UTF-8 byte-order mark reads as the same page without it', async () => {
    const bytes = await readFile(join(OWN, 'inline-quotes.html'))
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes])
    const decoded = decodePageBytes('bom.html', withBom)
    if (!decoded.ok) throw new Error(decoded.problem.message)
    expect(decoded.html.startsWith('<!doctype html>')).toBe(true)
    const plain = await extract('inline-quotes.html')
    expect(extractPage('bom.html', decoded.html)).toEqual(plain)
  })

  it('a byline is a person, never the outlet; nothing else on the page names one: Unknown outlet', async () => {
    const page = await extract('author-meta-only.html')
    if (!page.ok) throw new Error(page.problem.message)
    expect(page.facts.outlet).toBeNull()
    expect(page.facts.byline).toBe('Jane Doe')
  })

  it('a wire story on a local site: the site is the outlet, the wire comes from the text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'storydesk-pages-own-'))
    try {
      for (const name of await readdir(OWN)) await copyFile(join(OWN, name), join(dir, name))
      const { articles } = await loadCorpus(dir)
      const article = (file: string) => articles.find((a) => a.file === file)
      expect(article('wire-on-local-site.html')).toMatchObject({
        outlet: 'Valley Herald',
        outletBasis: 'page',
        wire: 'AP',
        published: '2024-11-19',
        origins: { wire: { source: 'text' }, outlet: { source: 'page-meta', detail: 'og:site_name' } },
      })
      expect(article('wire-on-local-site.html')!.removed.map((r) => r.rule)).toEqual(['dateline', 'copyright'])
      expect(article('no-metadata.html')).toMatchObject({
        outlet: 'Unknown outlet',
        outletBasis: 'none',
        title: 'Council approves new library budget',
        origins: { title: { source: 'page-meta', detail: '<title>' } },
      })
      expect(article('author-meta-only.html')).toMatchObject({ outlet: 'Unknown outlet', outletBasis: 'none' })
      expect(article('broken-markup.html')).toMatchObject({
        outlet: 'Riverside Courier',
        title: 'Bridge closed for repairs',
      })
      expect(article('windows-1252.html')!.text).toContain('“We are not against rules, we are against rules written')
      expect(article('windows-1252.html')!.text).toContain('forty cafés')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('sources.json wins over everything the page says', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'storydesk-pages-meta-'))
    try {
      await copyFile(join(OWN, 'jsonld-graph.html'), join(dir, 'ferry.html'))
      await writeFile(
        join(dir, 'sources.json'),
        JSON.stringify({ files: { 'ferry.html': { outlet: 'Desk copy', published: '2024-03-03' } } }),
      )
      const { articles, problems } = await loadCorpus(dir)
      expect(problems).toEqual([])
      expect(articles[0]).toMatchObject({
        outlet: 'Desk copy',
        outletBasis: 'metadata',
        published: '2024-03-03',
        title: 'Ferry strike ends after pay deal',
        origins: { outlet: { source: 'sources.json' }, title: { source: 'json-ld' } },
      })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('bad pages: one clear message naming the file, every good article still loads', () => {
  let dir: string
  let load: CorpusLoad
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storydesk-pages-bad-'))
    for (const name of await readdir(OWN)) await copyFile(join(OWN, name), join(dir, name))
    await copyFile(join(PAGES, 'wordpress', 'source.html'), join(dir, 'wordpress.html'))
    await writeFile(join(dir, 'plain-text.html'), 'Just a note someone saved with the wrong name. No markup at all.\n')
    await writeFile(join(dir, 'empty.htm'), '')
    await writeFile(join(dir, 'pdf.html'), Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'))
    await writeFile(join(dir, 'nul.html'), Buffer.from('<html><body>\u0000\u0001\u0002</body></html>'))
    await writeFile(join(dir, 'seed.txt'), 'Rebels entered the town on Friday, residents said.\n')
    load = await loadCorpus(dir)
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it.each([
    ['binary.html', 'FILE_BINARY', /is a PNG image, not a web page/],
    ['pdf.html', 'FILE_BINARY', /is a PDF document/],
    ['nul.html', 'FILE_BINARY', /binary data/],
    ['empty.htm', 'FILE_EMPTY', /is empty/],
    ['plain-text.html', 'PAGE_NOT_HTML', /is not HTML/],
    ['not-an-article.html', 'PAGE_NOT_ARTICLE', /not an article: the page reads as headlines and links/],
    ['no-text.html', 'PAGE_NOT_ARTICLE', /not an article: no article text/],
  ])('%s: %s', (file, code, message) => {
    const problems = load.problems.filter((p) => p.where === file)
    expect(problems).toEqual([{ where: file, code, message: expect.stringMatching(message) }])
    expect(load.articles.some((a) => a.file === file)).toBe(false)
  })

  it('every good page and text file loads', () => {
    expect(load.articles.map((a) => a.file).sort()).toEqual([
      'author-meta-only.html',
      'broken-markup.html',
      'inline-quotes.html',
      'jsonld-graph.html',
      'no-metadata.html',
      'seed.txt',
      'windows-1252.html',
      'wire-on-local-site.html',
      'wordpress.html',
    ])
  })
})

describe('a page extracted before', () => {
  it('is not extracted again when the caller kept its text for the same bytes (the index cache can)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'storydesk-pages-known-'))
    try {
      await copyFile(join(PAGES, 'wordpress', 'source.html'), join(dir, 'tavern.html'))
      const first = await readArticleFile(dir, 'tavern.html')
      if (first.kind !== 'text') throw new Error('not read')
      const asked: string[] = []
      const again = await readArticleFile(dir, 'tavern.html', {
        extractedPage: (file, digest) => {
          asked.push(`${file} ${digest}`)
          return digest === first.digest ? { text: first.text, page: first.page! } : undefined
        },
      })
      expect(asked).toEqual([`tavern.html ${first.digest}`])
      expect(again).toEqual(first)
      // Other bytes under the same name: extracted afresh.
      await writeFile(
        join(dir, 'tavern.html'),
        (await readFile(join(dir, 'tavern.html'), 'utf8')).replace('WordPress Tavern', 'Tavern'),
      )
      const changed = await readArticleFile(dir, 'tavern.html', { extractedPage: () => undefined })
      expect(changed.kind === 'text' && changed.digest).not.toBe(first.digest)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('the extraction libraries', () => {
  it.each(Object.entries(EXTRACTION_LIBRARIES))(
    '%s is the version page.ts names (upgrading it changes the index cache key through that line)',
    (name, version) => {
      const manifest = JSON.parse(
        readFileSync(join(PAGES, '..', '..', '..', 'node_modules', name, 'package.json'), 'utf8'),
      )
      expect(manifest.version).toBe(version)
    },
  )
})
