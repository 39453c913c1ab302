// Adding an article by link or file: real pages served over HTTP on 127.0.0.1, a real articles folder, and the
// real loader reading the result back. A refused add leaves the folder exactly as it was.
import { watch } from 'node:fs'
import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { isArticleName, isTemporaryName, readArticleFile } from '../../src/corpus/files.ts'
import { loadCorpus } from '../../src/corpus/load.ts'
import { StorydeskError } from '../../src/errors.ts'
import { type AddOptions, addArticle, sameUrlKey } from '../../src/intake/add.ts'
import { startPageServer, type PageServer } from '../support/pageServer.ts'

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url))
const PAGES = fileURLToPath(new URL('../fixtures/pages/', import.meta.url))
const WIRE = fileURLToPath(new URL('../fixtures/wire/', import.meta.url))

let server: PageServer
let dir: string
const options = (): AddOptions => ({ dir, allowPrivateAddresses: ['127.0.0.1'], timeoutMs: 5_000 })

beforeAll(async () => {
  server = await startPageServer()
})
afterAll(() => server.close())
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'storydesk-add-'))
  for (const name of await readdir(SEEDS)) await copyFile(join(SEEDS, name), join(dir, name))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

/** Every file in the folder with its content: a refused add must leave this unchanged. */
async function snapshotOf(folder: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  for (const name of (await readdir(folder)).sort()) files[name] = await readFile(join(folder, name), 'utf8')
  return files
}

async function refusal(source: string, extra: Partial<AddOptions> = {}): Promise<StorydeskError> {
  try {
    await addArticle(source, { ...options(), ...extra })
  } catch (error) {
    if (error instanceof StorydeskError) return error
    throw error
  }
  throw new Error(`${source} was added`)
}

describe('adding a page by link', () => {
  it('writes the extracted text and its sources.json entry; the loader reads it back as add said', async () => {
    const link = `${server.origin}/pages/seattletimes-1`
    const added = await addArticle(link, { ...options(), now: new Date('2025-01-02T03:04:05Z') })

    expect(added.file).toMatch(
      /^2019-04-28_alaskan-halibut-caught-by-a-century-old-seattle-boat-provide-[0-9a-f]{6}\.txt$/,
    )
    // The file holds exactly the text the page gives when it sits in the folder as .html.
    await writeFile(join(dir, 'copy.html'), await readFile(join(PAGES, 'seattletimes-1', 'source.html')))
    const asPage = await readArticleFile(dir, 'copy.html')
    await rm(join(dir, 'copy.html'))
    expect(asPage.kind === 'text' && asPage.text).toBe(await readFile(join(dir, added.file), 'utf8'))

    const sources = JSON.parse(await readFile(join(dir, 'sources.json'), 'utf8'))
    expect(Object.keys(sources.files)).toHaveLength(6) // the five seeds' entries are kept
    expect(sources.files[added.file]).toEqual({
      outlet: 'The Seattle Times',
      published: '2019-04-28',
      headline: added.article.title,
      url: 'https://www.seattletimes.com/business/amazon/alaskan-halibut-caught-by-a-century-old-seattle-boat-provides-a-glimpse-of-amazons-strategy-with-whole-foods/',
      note: expect.stringMatching(
        /^Added by Storydesk from http:\/\/127\.0\.0\.1:\d+\/pages\/seattletimes-1 on 2025-01-02; outlet from meta og:site_name/,
      ),
    })

    const load = await loadCorpus(dir)
    expect(load.problems).toEqual([])
    const loaded = load.articles.find((a) => a.file === added.file)!
    expect(loaded).toMatchObject({
      outlet: 'The Seattle Times',
      outletBasis: 'metadata',
      published: '2019-04-28',
      title: added.article.title,
      paragraphs: added.article.paragraphs,
    })
    expect(added.passages).toBeGreaterThan(20)
    // Nothing temporary is left behind.
    expect((await readdir(dir)).filter((name) => name.startsWith('.'))).toEqual([])
  })

  it('a page in another language is added, with a notice', async () => {
    const added = await addArticle(`${server.origin}/pages/lemonde-1`, options())
    expect(added.notices).toEqual([expect.objectContaining({ code: 'PAGE_OTHER_LANGUAGE' })])
    expect(added.article.outlet).toBe('Le Monde.fr')
  })

  it('a page whose facts the page does not give: outlet null in the entry, the text’s own credits speak', async () => {
    const added = await addArticle(`${server.origin}/own/no-metadata.html`, options())
    const sources = JSON.parse(await readFile(join(dir, 'sources.json'), 'utf8'))
    expect(sources.files[added.file]).toMatchObject({ outlet: null, url: `${server.origin}/own/no-metadata.html` })
    const loaded = (await loadCorpus(dir)).articles.find((a) => a.file === added.file)!
    expect(loaded).toMatchObject({ outlet: 'Unknown outlet', outletBasis: 'none' })
  })
})

describe('adding a file', () => {
  it('a saved page (.html) and a wire story (.txt)', async () => {
    const page = await addArticle(join(PAGES, 'own', 'wire-on-local-site.html'), options())
    expect(page.article).toMatchObject({ outlet: 'Valley Herald', wire: 'AP', published: '2024-11-19' })
    const wire = await addArticle(join(WIRE, 'reuters-modern-blank.txt'), options())
    expect(await readFile(join(dir, wire.file), 'utf8')).toBe(
      await readFile(join(WIRE, 'reuters-modern-blank.txt'), 'utf8'),
    )
    expect(wire.entry).toMatchObject({ outlet: null })
    expect(wire.article).toMatchObject({ outlet: 'Unknown outlet', wire: 'Reuters' })
    expect((await loadCorpus(dir)).problems).toEqual([])
  })

  it('refuses a file that is neither a page nor text', async () => {
    const error = await refusal(join(PAGES, 'README.md'))
    expect(error.code).toBe('ADD_BAD_SOURCE')
  })
})

describe('refusals leave the folder as it was', () => {
  it.each([
    ['/own/not-an-article.html', 'PAGE_NOT_ARTICLE', /not an article/],
    ['/own/no-text.html', 'PAGE_NOT_ARTICLE', /not an article/],
    ['/status/500', 'ADD_HTTP_STATUS', /answered 500/],
    ['/pdf', 'PAGE_NOT_HTML', /not a web page/],
    ['/big', 'ADD_TOO_LARGE', /more than the 1000000-byte limit/],
    ['/slow', 'ADD_TIMEOUT', /took longer than 0.5 s/],
    ['/to?url=http%3A%2F%2F169.254.169.254%2F', 'ADD_BLOCKED_ADDRESS', /link-local/],
    ['/hop/4/pages/wordpress', 'ADD_TOO_MANY_REDIRECTS', /more than 3 times/],
  ])('%s: %s', async (path, code, message) => {
    const before = await snapshotOf(dir)
    const error = await refusal(`${server.origin}${path}`, { maxBytes: 1_000_000, timeoutMs: 500 })
    expect(error.code).toBe(code)
    expect(error.describe()).toMatch(message)
    expect(error.describe()).toContain(`${server.origin}${path}`)
    expect(await snapshotOf(dir)).toEqual(before)
  })

  it('the same URL again (also behind a redirect or with tracking parameters)', async () => {
    const first = await addArticle(`${server.origin}/pages/wordpress`, options())
    const before = await snapshotOf(dir)
    for (const link of [
      `${server.origin}/pages/wordpress`,
      `${server.origin}/hop/2/pages/wordpress`,
      `${server.origin}/pages/wordpress?utm_source=newsletter#comments`,
    ]) {
      const error = await refusal(link)
      expect(error.code).toBe('ADD_DUPLICATE')
      expect(error.message).toBe(`is already in the folder as ${first.file} (same URL); not added again`)
    }
    expect(await snapshotOf(dir)).toEqual(before)
  })

  it('the same text under another name (a saved copy of a page already added)', async () => {
    const first = await addArticle(`${server.origin}/pages/herald-sun-1`, options())
    const copy = join(dir, '..', `herald-copy-${Date.now()}.html`)
    // The saved copy carries no canonical link, so only its text can tell it is the same article.
    const html = (await readFile(join(PAGES, 'herald-sun-1', 'source.html'), 'utf8'))
      .replace(/<link rel="canonical"[^>]*>/g, '')
      .replace(/og:url/g, 'og:x')
    await writeFile(copy, html)
    try {
      const error = await refusal(copy)
      expect(error.code).toBe('ADD_DUPLICATE')
      expect(error.message).toBe(`is already in the folder as ${first.file} (same text); not added again`)
    } finally {
      await rm(copy, { force: true })
    }
  })

  it('a seed’s own text, re-wrapped, is the same text', async () => {
    const seed = await readFile(join(SEEDS, '000_c3b600c57a1722b1.txt'), 'utf8')
    const path = join(dir, '..', `rewrapped-${Date.now()}.txt`)
    await writeFile(path, seed.split('\n').join('\n\n'))
    try {
      const error = await refusal(path)
      expect(error.message).toMatch(/already in the folder as 000_c3b600c57a1722b1\.txt \(same text\)/)
    } finally {
      await rm(path, { force: true })
    }
  })

  it('a broken sources.json is not overwritten: nothing is added', async () => {
    await writeFile(join(dir, 'sources.json'), '{ "files": { broken')
    const before = await snapshotOf(dir)
    const error = await refusal(`${server.origin}/pages/wordpress`)
    expect(error.code).toBe('ADD_WRITE_FAILED')
    expect(error.describe()).toMatch(/sources\.json: is not valid JSON.*fix it first, nothing added/)
    expect(await snapshotOf(dir)).toEqual(before)
  })

  it('a folder that does not exist', async () => {
    const error = await refusal(`${server.origin}/pages/wordpress`, { dir: join(dir, 'nope') })
    expect(error.code).toBe('SEEDS_DIR_MISSING')
  })
})

describe('writing', () => {
  it('two adds at once both land in sources.json', async () => {
    const [a, b] = await Promise.all([
      addArticle(`${server.origin}/pages/wordpress`, options()),
      addArticle(`${server.origin}/pages/article-author-tag`, options()),
    ])
    const sources = JSON.parse(await readFile(join(dir, 'sources.json'), 'utf8'))
    expect(Object.keys(sources.files)).toEqual(expect.arrayContaining([a.file, b.file]))
    expect((await loadCorpus(dir)).problems).toEqual([])
  })

  it('a watcher of the folder only ever sees whole files under their real names', async () => {
    const seen: { name: string; content: string | null }[] = []
    const reads: Promise<void>[] = []
    const watcher = watch(dir, (_event, name) => {
      if (!name || isTemporaryName(name) || !(isArticleName(name) || name === 'sources.json')) return
      reads.push(
        readFile(join(dir, name), 'utf8').then(
          (content) => void seen.push({ name, content }),
          () => void seen.push({ name, content: null }),
        ),
      )
    })
    try {
      const added = await addArticle(`${server.origin}/pages/wordpress`, options())
      await Promise.all(reads)
      const text = await readFile(join(dir, added.file), 'utf8')
      expect(seen.map((s) => s.name)).toEqual(expect.arrayContaining([added.file, 'sources.json']))
      for (const { name, content } of seen) {
        if (content === null) continue
        if (name === 'sources.json') expect(() => JSON.parse(content)).not.toThrow()
        else expect(content).toBe(text)
      }
    } finally {
      watcher.close()
    }
  })
})

describe('same URL', () => {
  it.each([
    ['https://example.org/a/b/', 'http://www.example.org/a/b'],
    ['https://example.org/a?id=3&utm_source=x', 'https://EXAMPLE.org/a?id=3#top'],
  ])('%s is %s', (a, b) => {
    expect(sameUrlKey(a)).toBe(sameUrlKey(b))
  })

  it('different paths or queries are different pages', () => {
    expect(sameUrlKey('https://example.org/a?id=3')).not.toBe(sameUrlKey('https://example.org/a?id=4'))
    expect(sameUrlKey('https://example.org/a')).not.toBe(sameUrlKey('https://example.org/b'))
  })
})
