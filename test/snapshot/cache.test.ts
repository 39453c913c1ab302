// The index cache: a restart serves exactly what a fresh load would, and never a word the files on disk do not hold.
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseVocabulary } from '../../src/search/vocabulary.ts'
import { cacheFileFor, loadSnapshotCached } from '../../src/snapshot/cache.ts'
import { type Snapshot, loadSnapshot } from '../../src/snapshot/snapshot.ts'

let seeds: string
let cacheDir: string
let warnings: string[]
const warn = (message: string) => warnings.push(message)

beforeEach(() => {
  seeds = mkdtempSync(join(tmpdir(), 'storydesk-seeds-'))
  for (const f of readdirSync('seeds')) copyFileSync(join('seeds', f), join(seeds, f))
  cacheDir = mkdtempSync(join(tmpdir(), 'storydesk-cache-'))
  warnings = []
})

afterEach(() => {
  for (const dir of [seeds, cacheDir]) rmSync(dir, { recursive: true, force: true })
})

const QUERIES = [
  'homs distance',
  'Talbisseh',
  '"mother of all battles"',
  'who leads the offensive',
  'outlet:sky',
  'Zarqawiyah',
]

/** Everything a reader could see in the answers to the query set, scores exact. */
function answers(snapshot: Snapshot): unknown {
  return QUERIES.map((q) => {
    const answer = snapshot.index.search(q)
    return [
      answer.total,
      answer.hits.map((h) => [
        h.passage.id,
        h.passage.text,
        h.passage.outlet,
        h.coverage,
        h.score,
        h.alsoIn.map((p) => p.id),
      ]),
    ]
  })
}

async function load() {
  const loaded = await loadSnapshotCached(seeds, { cacheDir, warn })
  await loaded.saved
  return loaded
}

function cacheFile(): string {
  return cacheFileFor(cacheDir, seeds)
}

describe('index cache', () => {
  it('builds and saves on the first load, then serves the same answers, scores and problems from the cache', async () => {
    const first = await load()
    expect(first.cache).toBe('miss')
    expect(readdirSync(cacheDir)).toEqual([cacheFile().split('/').pop()])
    const second = await load()
    expect(second.cache).toBe('hit')
    expect(answers(second.snapshot)).toEqual(answers(first.snapshot))
    expect(second.snapshot.articles).toEqual(first.snapshot.articles)
    expect({ ...second.snapshot.stats, loadMs: 0 }).toEqual({ ...first.snapshot.stats, loadMs: 0 })
    expect(second.snapshot.problems).toEqual(first.snapshot.problems)
    expect(warnings).toEqual([])
  })

  it('serves passages that are exact slices of the files on disk', async () => {
    await load()
    const { snapshot, cache } = await load()
    expect(cache).toBe('hit')
    let passages = 0
    for (const p of snapshot.index.allPassages()) {
      expect(readFileSync(join(seeds, p.file), 'utf8').slice(p.start, p.end)).toBe(p.text)
      passages++
    }
    expect(passages).toBe(snapshot.stats.passages)
  })

  it('a changed article or sources.json is parsed afresh on top of the cache: answers equal a fresh load', async () => {
    await load()
    const file = join(seeds, '003_0b5465d82192f9ae.txt')
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nThe Zarqawiyah checkpoint was abandoned on Saturday.`)
    const changed = await load()
    expect(changed.cache).toBe('partial')
    expect(changed.snapshot.index.search('Zarqawiyah').hits).toHaveLength(1)
    expect(answers(changed.snapshot)).toEqual(answers(await loadSnapshot(seeds)))
    expect((await load()).cache).toBe('hit')

    const sources = join(seeds, 'sources.json')
    writeFileSync(sources, readFileSync(sources, 'utf8').replace('"Novinite"', '"Novinite Daily"'))
    const relabelled = await load()
    expect(relabelled.cache).toBe('partial')
    expect(relabelled.snapshot.index.search('Zarqawiyah').hits[0]!.passage.outlet).toBe('Novinite Daily')
    expect(answers(relabelled.snapshot)).toEqual(answers(await loadSnapshot(seeds)))
  })

  it('never quotes text from the cache file: an article edited inside the cache is ignored, the file is quoted', async () => {
    await load()
    const bytes = readFileSync(cacheFile())
    const original = Buffer.from('Insurgents are now five kilometres')
    const at = bytes.indexOf(original)
    expect(at).toBeGreaterThan(0)
    Buffer.from('Insurgents are now nine kilometres').copy(bytes, at)
    writeFileSync(cacheFile(), bytes)
    const { snapshot, cache } = await load()
    expect(cache).toBe('hit')
    const quote = snapshot.index
      .search('homs distance')
      .hits.map((h) => h.passage.text)
      .join(' ')
    expect(quote).toContain('five kilometres')
    expect(quote).not.toContain('nine kilometres')
  })

  it('a file changed on disk without changing its length is caught by its digest', async () => {
    await load()
    const file = join(seeds, '001_3ce3e84cd5227a78.txt')
    writeFileSync(file, readFileSync(file, 'utf8').replace('five kilometres', 'nine kilometres'))
    const { snapshot, cache } = await load()
    expect(cache).toBe('partial')
    expect(snapshot.index.search('"nine kilometres"').hits).toHaveLength(1)
    expect(snapshot.index.search('"five kilometres"').hits).toHaveLength(0)
  })

  it('rebuilds a cut-short cache with a warning, and answers as before', async () => {
    const built = await load()
    const bytes = readFileSync(cacheFile())
    writeFileSync(cacheFile(), bytes.subarray(0, Math.floor(bytes.length / 3)))
    const rebuilt = await load()
    expect(rebuilt.cache).toBe('miss')
    expect(warnings.join('\n')).toMatch(/unusable \(.*\); rebuilding/)
    expect(answers(rebuilt.snapshot)).toEqual(answers(built.snapshot))
    expect((await load()).cache).toBe('hit')
  })

  it('rebuilds a cache whose arrays disagree (a posting past the passages), with a warning', async () => {
    await load()
    const bytes = readFileSync(cacheFile())
    // The header says where each array is; point one posting far past the last passage.
    const headerLength = bytes.readUInt32LE(16)
    const header = JSON.parse(bytes.toString('utf8', 20, 20 + headerLength)) as {
      sections: Record<string, [number, number]>
    }
    const dataStart = Math.ceil((20 + headerLength) / 8) * 8
    bytes.writeUInt32LE(10 ** 7, dataStart + header.sections.postingDoc![0])
    writeFileSync(cacheFile(), bytes)
    expect((await load()).cache).toBe('miss')
    expect(warnings.join('\n')).toMatch(/a posting points past the passages/)
  })

  it('a cache built with another vocabulary is not used (another key), without a warning', async () => {
    await load()
    const vocabulary = parseVocabulary({ equivalents: [], concepts: {}, stopWords: ['the', 'of'] })
    const other = await loadSnapshotCached(seeds, { cacheDir, warn, vocabulary })
    expect(other.cache).toBe('miss')
    expect(warnings).toEqual([])
  })

  it("removes temporary files left by a writer that died, and keeps a live writer's", async () => {
    const dead = `${cacheFile()}.999999999.1.tmp`
    const old = `${cacheFile()}.${process.pid}.2.tmp`
    const live = `${cacheFile()}.${process.pid}.3.tmp`
    for (const f of [dead, old, live]) writeFileSync(f, 'half a cache')
    utimesSync(old, new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000))
    await load()
    const left = readdirSync(cacheDir)
    expect(left).not.toContain(dead.split('/').pop())
    expect(left).not.toContain(old.split('/').pop())
    expect(left).toContain(live.split('/').pop())
  })

  it('keeps web pages: a page unchanged is served from the cache with the text and facts it was extracted with', async () => {
    copyFileSync('test/fixtures/pages/seattletimes-1/source.html', join(seeds, '005_page.html'))
    const first = await load()
    const page = first.snapshot.articles.find((a) => a.file === '005_page.html')!
    expect(page.outletBasis).toBe('page')
    const second = await load()
    expect(second.cache).toBe('hit')
    expect(second.snapshot.articles.find((a) => a.file === '005_page.html')).toEqual(page)
    expect(answers(second.snapshot)).toEqual(answers(first.snapshot))
    const fresh = await loadSnapshot(seeds)
    expect(second.snapshot.articles).toEqual(fresh.articles)
  })

  it('can be turned off', async () => {
    expect((await loadSnapshotCached(seeds, { cacheDir: null, warn })).cache).toBe('off')
  })
})
