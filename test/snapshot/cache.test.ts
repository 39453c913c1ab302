import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadSnapshotCached } from '../../src/snapshot/cache.ts'
import type { Snapshot } from '../../src/snapshot/snapshot.ts'

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

function answers(snapshot: Snapshot): unknown {
  return ['homs distance', 'Talbisseh', '"mother of all battles"', 'who leads the offensive', 'outlet:sky'].map((q) =>
    snapshot.index
      .search(q)
      .hits.map((h) => [
        h.passage.id,
        h.passage.text,
        h.passage.outlet,
        h.coverage,
        h.score.toFixed(6),
        h.alsoIn.map((p) => p.id),
      ]),
  )
}

describe('index cache', () => {
  it('builds and saves on the first load, serves the same answers from the cache on the next', async () => {
    const first = await loadSnapshotCached(seeds, { cacheDir, warn })
    expect(first.cache).toBe('miss')
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.json'))).toHaveLength(1)
    const second = await loadSnapshotCached(seeds, { cacheDir, warn })
    expect(second.cache).toBe('hit')
    expect(answers(second.snapshot)).toEqual(answers(first.snapshot))
    expect(second.snapshot.stats).toMatchObject({ articles: 5, outlets: 5, passages: first.snapshot.stats.passages })
    expect(second.snapshot.problems).toEqual(first.snapshot.problems)
    expect(warnings).toEqual([])
  })

  it('restores passages as exact slices of the files on disk', async () => {
    await loadSnapshotCached(seeds, { cacheDir, warn })
    const { snapshot } = await loadSnapshotCached(seeds, { cacheDir, warn })
    for (const p of snapshot.index.allPassages())
      expect(readFileSync(join(seeds, p.file), 'utf8').slice(p.start, p.end)).toBe(p.text)
  })

  it('never serves a stale index: a changed article or sources.json gives a new key and a rebuild', async () => {
    await loadSnapshotCached(seeds, { cacheDir, warn })
    const file = join(seeds, '003_0b5465d82192f9ae.txt')
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nThe Zarqawiyah checkpoint was abandoned on Saturday.`)
    const changed = await loadSnapshotCached(seeds, { cacheDir, warn })
    expect(changed.cache).toBe('miss')
    expect(changed.snapshot.index.search('Zarqawiyah').hits).toHaveLength(1)

    const sources = join(seeds, 'sources.json')
    writeFileSync(sources, readFileSync(sources, 'utf8').replace('"Novinite"', '"Novinite Daily"'))
    const relabelled = await loadSnapshotCached(seeds, { cacheDir, warn })
    expect(relabelled.cache).toBe('miss')
    expect(relabelled.snapshot.index.search('Zarqawiyah').hits[0]!.passage.outlet).toBe('Novinite Daily')
  })

  it('rebuilds a corrupt cache with a warning, and answers as before', async () => {
    const built = await loadSnapshotCached(seeds, { cacheDir, warn })
    const [name] = readdirSync(cacheDir).filter((f) => f.endsWith('.json'))
    writeFileSync(join(cacheDir, name!), '{"format": 1, "key": "trunc')
    const rebuilt = await loadSnapshotCached(seeds, { cacheDir, warn })
    expect(rebuilt.cache).toBe('miss')
    expect(warnings.join('\n')).toMatch(/unusable .*rebuilding/)
    expect(answers(rebuilt.snapshot)).toEqual(answers(built.snapshot))
    expect((await loadSnapshotCached(seeds, { cacheDir, warn })).cache).toBe('hit')
  })

  it('rebuilds a cache whose passages do not fit its articles', async () => {
    await loadSnapshotCached(seeds, { cacheDir, warn })
    const [name] = readdirSync(cacheDir).filter((f) => f.endsWith('.json'))
    const data = JSON.parse(readFileSync(join(cacheDir, name!), 'utf8'))
    data.passages[0][2] = 10 ** 7
    writeFileSync(join(cacheDir, name!), JSON.stringify(data))
    expect((await loadSnapshotCached(seeds, { cacheDir, warn })).cache).toBe('miss')
    expect(warnings.join('\n')).toMatch(/outside its article/)
  })

  it('can be turned off', async () => {
    expect((await loadSnapshotCached(seeds, { cacheDir: null, warn })).cache).toBe('off')
  })
})
