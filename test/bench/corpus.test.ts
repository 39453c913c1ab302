import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BENCH_OUTLETS, MANIFEST_FILE, benchCorpus, type BenchCorpus } from '../../bench/corpus.ts'
import { QUERY_MIX, benchQueries, type BenchQuery } from '../../bench/queries.ts'
import { loadCorpus } from '../../src/corpus/load.ts'
import type { CorpusLoad } from '../../src/corpus/types.ts'
import { cutPassages } from '../../src/passages/passages.ts'

const TARGET = 600
let root: string
let first: BenchCorpus
let firstHash: string
let load: CorpusLoad
let texts: string[]
const progress: [number, number][] = []

/** sha256 over every file name and its bytes, in name order: equal hashes mean byte-identical folders. */
async function folderHash(dir: string): Promise<string> {
  const hash = createHash('sha256')
  for (const name of (await readdir(dir)).sort()) {
    hash.update(`${name}\0`)
    hash.update(await readFile(join(dir, name)))
    hash.update('\0')
  }
  return hash.digest('hex')
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'storydesk-bench-'))
  first = await benchCorpus({
    passages: TARGET,
    seed: 7,
    cacheDir: join(root, 'a'),
    onProgress: (done, total) => progress.push([done, total]),
  })
  firstHash = await folderHash(first.dir)
  load = await loadCorpus(first.dir)
  texts = load.articles.flatMap((article) => cutPassages(article)).map((p) => p.text)
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('benchCorpus', () => {
  it('writes a folder the real loader reads without a single problem', () => {
    expect(first.cached).toBe(false)
    expect(load.problems).toEqual([])
    expect(load.articles).toHaveLength(first.files)
  })

  it('yields at least the target number of passages, and not many more', () => {
    expect(texts.length).toBe(first.passages)
    expect(texts.length).toBeGreaterThanOrEqual(TARGET)
    expect(texts.length).toBeLessThanOrEqual(TARGET * 1.05)
  })

  it('attributes every article from sources.json, to a fictional outlet, with a date, headline and URL', () => {
    for (const article of load.articles) {
      expect(article.outletBasis).toBe('metadata')
      expect(BENCH_OUTLETS).toContain(article.outlet)
      expect(article.published).toMatch(/^20\d\d-\d\d-\d\d$/)
      expect(article.title).toMatch(/^\d{4} address/)
      expect(article.url).toMatch(/^https:\/\/example\.org\//)
    }
  })

  it('shapes articles like news copy: a headline, then 6–20 paragraphs (the last article may be cut short)', async () => {
    const names = (await readdir(first.dir)).filter((n) => n.endsWith('.txt'))
    expect(names).toEqual([...names].sort())
    for (const name of names) expect(name).toMatch(/^\d{5}_[a-z0-9-]+-\d{4}\.txt$/)
    load.articles.forEach((article, i) => {
      // The headline, and only the speeches' own section heads in capitals: no sentence of a speech is a heading.
      expect(article.headings[0]).toEqual({ start: 0, end: article.title!.length })
      for (const h of article.headings.slice(1)) expect(article.text.slice(h.start, h.end)).not.toMatch(/\p{Ll}/u)
      expect(article.removed).toEqual([])
      expect(article.paragraphs.length).toBeLessThanOrEqual(20)
      if (i < load.articles.length - 1) expect(article.paragraphs.length).toBeGreaterThanOrEqual(6)
    })
  })

  it('reports progress up to (total, total)', () => {
    expect(progress.at(-1)).toEqual([TARGET, TARGET])
    for (const [done, total] of progress) expect(done).toBeLessThanOrEqual(total)
  })

  it('reuses a complete folder', async () => {
    const again = await benchCorpus({ passages: TARGET, seed: 7, cacheDir: first.dir })
    expect(again).toEqual({ ...first, cached: true })
    expect(await folderHash(first.dir)).toBe(firstHash)
  })

  it('is byte-identical for the same seed and differs for another', async () => {
    const same = await benchCorpus({ passages: TARGET, seed: 7, cacheDir: join(root, 'b') })
    expect(same.cached).toBe(false)
    expect(await folderHash(same.dir)).toBe(firstHash)
    const other = await benchCorpus({ passages: TARGET, seed: 8, cacheDir: join(root, 'c') })
    expect(other.passages).toBeGreaterThanOrEqual(TARGET)
    expect(await folderHash(other.dir)).not.toBe(firstHash)
  })

  it('regenerates a folder with a corrupt manifest or a missing file', async () => {
    const dir = join(root, 'd')
    await benchCorpus({ passages: TARGET, seed: 7, cacheDir: dir })
    await writeFile(join(dir, MANIFEST_FILE), '{"generatorVersion": 1, "seed": ')
    const repaired = await benchCorpus({ passages: TARGET, seed: 7, cacheDir: dir })
    expect(repaired.cached).toBe(false)
    expect(await folderHash(dir)).toBe(firstHash)

    const txt = (await readdir(dir)).find((n) => n.endsWith('.txt'))!
    await unlink(join(dir, txt))
    expect((await benchCorpus({ passages: TARGET, seed: 7, cacheDir: dir })).cached).toBe(false)
    expect(await folderHash(dir)).toBe(firstHash)
  })

  it('never deletes a folder it did not make', async () => {
    const dir = join(root, 'mine')
    await mkdir(dir)
    await writeFile(join(dir, 'notes.txt'), 'keep me')
    await expect(benchCorpus({ passages: TARGET, seed: 7, cacheDir: dir })).rejects.toThrow(/refusing to replace/)
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('keep me')
  })

  it('rejects a target that is not a positive integer', async () => {
    await expect(benchCorpus({ passages: 0, cacheDir: join(root, 'zero') })).rejects.toThrow(RangeError)
  })
})

// ---------------------------------------------------------------------------------------------------------------

const WORD = /[\p{L}\p{N}]+(?:['’]\p{L}+)*/gu
const wordsOf = (s: string): string[] => [...s.matchAll(WORD)].map((m) => m[0].replace(/['’]s$/i, '').toLowerCase())

describe('benchQueries', () => {
  let queries: BenchQuery[]
  let vocabulary: Set<string>
  beforeAll(() => {
    queries = benchQueries(texts, { count: 200, seed: 3 })
    vocabulary = new Set(texts.flatMap(wordsOf))
  })

  it('is deterministic for a seed and differs across seeds', () => {
    expect(benchQueries(texts, { count: 200, seed: 3 })).toEqual(queries)
    expect(benchQueries(texts, { count: 200, seed: 4 })).not.toEqual(queries)
  })

  it('has the fixed mix of kinds, and no repeats', () => {
    const counts: Record<string, number> = {}
    for (const q of queries) counts[q.kind] = (counts[q.kind] ?? 0) + 1
    expect(counts).toEqual(Object.fromEntries(Object.entries(QUERY_MIX).map(([kind, share]) => [kind, share * 200])))
    expect(new Set(queries.map((q) => q.query)).size).toBe(queries.length)
    expect(benchQueries(texts, { count: 7 })).toHaveLength(7)
    expect(benchQueries(texts, { count: 0 })).toEqual([])
  })

  it('words queries are 1–4 words that all occur in the corpus', () => {
    for (const { query } of queries.filter((q) => q.kind === 'words')) {
      const words = wordsOf(query)
      expect(words.length).toBeGreaterThanOrEqual(1)
      expect(words.length).toBeLessThanOrEqual(4)
      for (const word of words) expect(vocabulary, query).toContain(word)
    }
  })

  it('typo queries misspell one word (almost always into a word the corpus lacks)', () => {
    const typos = queries.filter((q) => q.kind === 'typo')
    let unknown = 0
    for (const { query } of typos) {
      const missing = wordsOf(query).filter((w) => !vocabulary.has(w))
      expect(missing.length, query).toBeLessThanOrEqual(1)
      if (missing.length === 1) unknown++
    }
    expect(unknown / typos.length).toBeGreaterThan(0.8)
  })

  it('names and phrases stand verbatim in a passage; questions ask', () => {
    for (const { query, kind } of queries) {
      if (kind === 'name') {
        expect(query).toMatch(/^\p{Lu}/u)
        expect(
          texts.some((t) => t.includes(query)),
          query,
        ).toBe(true)
      } else if (kind === 'phrase') {
        const inner = /^"([^"]+)"$/.exec(query)?.[1]
        expect(inner?.split(' '), query).toHaveLength(3)
        expect(
          texts.some((t) => t.includes(inner!)),
          query,
        ).toBe(true)
      } else if (kind === 'question') {
        expect(query).toMatch(/^(?:who|how many|what) /)
      }
    }
  })
})
