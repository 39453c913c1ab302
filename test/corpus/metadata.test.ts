// sources.json problems: each is one clear problem naming sources.json, the entry and the field; bad metadata
// never stops the corpus loading, and a bad entry costs only that entry.
import { copyFile, mkdtemp, readdir, rm, writeFile, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { loadCorpus } from '../../src/corpus/load.ts'
import { parseSources } from '../../src/corpus/metadata.ts'
import type { Article } from '../../src/corpus/types.ts'

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url))
const S002 = '002_bac5b52dfc34d39a.txt'
const S003 = '003_0b5465d82192f9ae.txt'
const dirs: string[] = []

/** A temp copy of the seeds with the given sources.json text (or the real one). */
async function seedsWith(sources: string | null): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'storydesk-meta-'))
  dirs.push(dir)
  for (const f of await readdir(SEEDS)) if (f.endsWith('.txt')) await copyFile(join(SEEDS, f), join(dir, f))
  if (sources !== null) await writeFile(join(dir, 'sources.json'), sources)
  return dir
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

const realSources = async (): Promise<{ files: Record<string, Record<string, unknown>> }> =>
  JSON.parse(await readFile(join(SEEDS, 'sources.json'), 'utf8'))
const find = (articles: Article[], file: string): Article => articles.find((a) => a.file === file)!

describe('the real seeds/sources.json', () => {
  it('is valid and names only files that exist', async () => {
    const files = (await readdir(SEEDS)).filter((f) => f.endsWith('.txt'))
    const { entries, problems } = parseSources(await readFile(join(SEEDS, 'sources.json'), 'utf8'), files)
    expect(problems).toEqual([])
    expect([...entries.keys()].sort()).toEqual(files.sort())
  })
})

describe('malformed JSON', () => {
  it('one problem naming sources.json with line and column; all articles load from their own credits', async () => {
    const dir = await seedsWith('{\n  "files": {\n    "002_bac5b52dfc34d39a.txt": { "outlet": "Sky News", }\n  }\n}\n')
    const load = await loadCorpus(dir)
    expect(load.problems).toHaveLength(1)
    expect(load.problems[0]).toMatchObject({ where: 'sources.json', code: 'SOURCES_JSON_INVALID' })
    expect(load.problems[0]!.message).toMatch(/line 3, column 57/)
    expect(load.articles).toHaveLength(5)
    expect(find(load.articles, S002)).toMatchObject({ outlet: 'Sky News', outletBasis: 'credit-line' })
  })

  it('truncated file: end of input located', () => {
    const { problems } = parseSources('{\n "files": {', [])
    expect(problems).toHaveLength(1)
    expect(problems[0]!.message).toMatch(/line 2, column/)
  })

  it('wrong shape (an array, or no "files") is one problem; nothing used', () => {
    for (const text of ['[]', '{"file": {}}', '{"files": []}']) {
      const { entries, problems } = parseSources(text, [])
      expect(entries.size).toBe(0)
      expect(problems).toHaveLength(1)
      expect(problems[0]).toMatchObject({ where: 'sources.json', code: 'SOURCES_SHAPE' })
    }
  })
})

describe('bad entries: one problem naming the entry and field; that entry ignored, the others used', () => {
  it.each([
    ['outlet is a number', { outlet: 5 }, /entry "002_bac5b52dfc34d39a\.txt".*field "outlet".*\(got 5\)/],
    [
      'date in the wrong format',
      { outlet: 'Sky News', published: '06/12/2024' },
      /entry "002_bac5b52dfc34d39a\.txt".*field "published".*YYYY-MM-DD.*"06\/12\/2024"/,
    ],
    ['impossible date', { outlet: 'Sky News', published: '2024-02-30' }, /field "published"/],
    ['empty outlet', { outlet: '  ' }, /field "outlet"/],
    ['missing outlet', { wire: null }, /field "outlet" is required/],
    ['unknown key (typo)', { outlett: 'Sky News', outlet: 'Sky News' }, /unknown field "outlett"/],
    ['not an object', 'Sky News', /must be an object/],
    ['url not http', { outlet: 'Sky News', url: 'news.sky.com/story' }, /field "url"/],
  ])('%s', async (_name, entry, message) => {
    const sources = await realSources()
    sources.files[S002] = entry as Record<string, unknown>
    const load = await loadCorpus(await seedsWith(JSON.stringify(sources, null, 2)))
    expect(load.problems).toHaveLength(1)
    expect(load.problems[0]).toMatchObject({ where: 'sources.json', code: 'SOURCES_ENTRY_INVALID' })
    expect(load.problems[0]!.message).toMatch(message)
    expect(load.articles).toHaveLength(5)
    // The bad entry is ignored: 002 falls back to its credit line; the others keep their metadata.
    expect(find(load.articles, S002)).toMatchObject({ outlet: 'Sky News', outletBasis: 'credit-line', published: null })
    expect(find(load.articles, S003)).toMatchObject({ outlet: 'Novinite', outletBasis: 'metadata' })
  })

  it('an entry for a file that does not exist: one problem naming it', async () => {
    const sources = await realSources()
    sources.files['005_missing.txt'] = { outlet: 'Reuters' }
    const load = await loadCorpus(await seedsWith(JSON.stringify(sources)))
    expect(load.problems).toHaveLength(1)
    expect(load.problems[0]).toMatchObject({ where: 'sources.json', code: 'SOURCES_UNKNOWN_FILE' })
    expect(load.problems[0]!.message).toContain('"005_missing.txt"')
    expect(load.articles.every((a) => a.outletBasis === 'metadata')).toBe(true)
  })

  it('an unknown top-level key: one problem, the files still used', async () => {
    const sources = { ...(await realSources()), fils: {} }
    const load = await loadCorpus(await seedsWith(JSON.stringify(sources)))
    expect(load.problems).toHaveLength(1)
    expect(load.problems[0]).toMatchObject({ where: 'sources.json', code: 'SOURCES_UNKNOWN_KEY' })
    expect(load.articles.every((a) => a.outletBasis === 'metadata')).toBe(true)
  })

  it('null fields let the text speak; metadata values win over the text', () => {
    const { entries, problems } = parseSources(
      JSON.stringify({ files: { 'a.txt': { outlet: ' Sky News ', wire: null, published: null } } }),
      ['a.txt'],
    )
    expect(problems).toEqual([])
    expect(entries.get('a.txt')).toEqual({ outlet: 'Sky News', wire: null, published: null })
  })

  it('sources.json that is a folder: one problem, articles still load', async () => {
    const dir = await seedsWith(null)
    const { mkdir } = await import('node:fs/promises')
    await mkdir(join(dir, 'sources.json'))
    const load = await loadCorpus(dir)
    expect(load.problems).toHaveLength(1)
    expect(load.problems[0]).toMatchObject({ where: 'sources.json', code: 'SOURCES_UNREADABLE' })
    expect(load.articles).toHaveLength(5)
  })
})
