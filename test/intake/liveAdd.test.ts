// An added article reaches a running bot through live reload: `add` (by link) and a page saved into the folder, with
// the real watcher on a real folder. The store never shows an added article without its attribution.
import { copyFile, mkdtemp, readdir, rename, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeAll, afterAll, beforeEach, describe, expect, it } from 'vitest'
import { addArticle } from '../../src/intake/add.ts'
import { type LiveReload, watchSeeds } from '../../src/snapshot/reload/liveReload.ts'
import { loadSnapshot, type Snapshot } from '../../src/snapshot/snapshot.ts'
import { SnapshotStore } from '../../src/snapshot/store.ts'
import { startPageServer, type PageServer } from '../support/pageServer.ts'
import { until } from '../support/until.ts'

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url))
const PAGES = fileURLToPath(new URL('../fixtures/pages/', import.meta.url))

let server: PageServer
let dir: string
let store: SnapshotStore
let live: LiveReload
const swaps: Snapshot[] = []

beforeAll(async () => {
  server = await startPageServer()
})
afterAll(() => server.close())
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'storydesk-live-add-'))
  for (const name of await readdir(SEEDS)) await copyFile(join(SEEDS, name), join(dir, name))
  store = new SnapshotStore()
  store.replace(await loadSnapshot(dir))
  swaps.length = 0
  store.onReplace((snapshot) => swaps.push(snapshot))
  live = watchSeeds(dir, store, { settleMs: 60, pollMs: 15, logger: { info() {}, warn() {}, error() {} } })
  await live.settled()
})
afterEach(async () => {
  await live.close()
  await rm(dir, { recursive: true, force: true })
})

const article = (file: string) => store.current()?.articles.find((a) => a.file === file)

describe('live reload of added articles', () => {
  it('an article added by link is searchable and credited as add said', async () => {
    const added = await addArticle(`${server.origin}/own/jsonld-graph.html`, {
      dir,
      allowPrivateAddresses: ['127.0.0.1'],
    })
    // The entry is written before the text; live reload applies what settled together in name order, so the text
    // can come a moment before its entry: wait for the credited article.
    await until('the added article, credited', () => article(added.file)?.outlet === 'Harbour Gazette', {
      timeoutMs: 10_000,
    })
    expect(article(added.file)).toMatchObject({ outlet: 'Harbour Gazette', wire: 'AAP', published: '2024-03-02' })
    const hit = store.current()!.index.search('ferry crews pay offer', { limit: 1 }).hits[0]!
    expect(hit.passage.file).toBe(added.file)
    // Never credited to anyone else on the way.
    for (const snapshot of swaps) {
      const seen = snapshot.articles.find((a) => a.file === added.file)
      if (seen) expect(['Harbour Gazette', 'Unknown outlet']).toContain(seen.outlet)
    }
  })

  it('a page saved into the folder is extracted and credited from its own metadata', async () => {
    // Saved the safe way: under a name the watcher ignores, then renamed into place.
    await copyFile(join(PAGES, 'wordpress', 'source.html'), join(dir, '.saving.html.part'))
    await rename(join(dir, '.saving.html.part'), join(dir, 'tavern.html'))
    await until('the saved page', () => article('tavern.html') !== undefined, { timeoutMs: 10_000 })
    expect(article('tavern.html')).toMatchObject({
      outlet: 'WordPress Tavern',
      outletBasis: 'page',
      published: '2017-03-09',
    })
    const hit = store.current()!.index.search('ReactJS demand', { limit: 1 }).hits[0]!
    expect(hit.passage.file).toBe('tavern.html')
  })
})
