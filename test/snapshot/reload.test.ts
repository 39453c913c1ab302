/**
 * Live reload against real files and the real fs.watch: a temp copy of the seeds, changed the way producers
 * change SEEDS_DIR (drop, overwrite, delete, edit sources.json), with the index checked after each change and
 * at every snapshot swap (a query must never see half of a change).
 */
import { mkdir, mkdtemp, open, readFile, readdir, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cutPassages } from '../../src/passages/passages.ts'
import type { Passage } from '../../src/passages/types.ts'
import { type LiveReload, watchSeeds } from '../../src/snapshot/reload/liveReload.ts'
import { loadSnapshot, type Snapshot } from '../../src/snapshot/snapshot.ts'
import { SnapshotStore } from '../../src/snapshot/store.ts'
import { until as waitUntil } from '../support/until.ts'

const REPLACED = '004_71443e73fbfc48f7.txt'
const OLD_SENTENCE = "Russia's embassy in Syria has urged Russian nationals to leave the country."
const NEW_PARAGRAPH = 'Residents of Zarqawiyah said the road north had been closed since dawn on Friday.'
const NEW_ARTICLE =
  'Storm over the valley\nHeavy rain flooded the village of Qaryatayn on Saturday, residents said. The water reached the main square by noon.\nSource : Example Times\n'

interface Fixture {
  dir: string
  store: SnapshotStore
  live: LiveReload
  logs: { level: 'info' | 'warn' | 'error'; text: string }[]
  /** Every snapshot swapped in, with what was wrong with it at the moment it was swapped in. */
  swaps: { snapshot: Snapshot; violations: string[] }[]
}

let fx: Fixture
/** Short, so tests run quickly; the default is 2 s. */
const SETTLE_MS = 60

/** A writable copy of seeds/ (the seeds themselves are read-only). */
async function copySeeds(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'storydesk-live-'))
  for (const name of await readdir('seeds')) await writeFile(join(dir, name), await readFile(join('seeds', name)))
  return dir
}

async function startFixture(dir: string): Promise<Fixture> {
  const store = new SnapshotStore()
  store.replace(await loadSnapshot(dir))
  const logs: Fixture['logs'] = []
  const log =
    (level: 'info' | 'warn' | 'error') =>
    (...args: unknown[]) =>
      logs.push({ level, text: args.map(String).join(' ') })
  const swaps: Fixture['swaps'] = []
  // Checked synchronously inside replace(): exactly the state any query after the swap sees.
  store.onReplace((snapshot) => swaps.push({ snapshot, violations: violations(snapshot) }))
  const live = watchSeeds(dir, store, {
    settleMs: SETTLE_MS,
    pollMs: 15,
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
  })
  await live.settled()
  return { dir, store, live, logs, swaps }
}

beforeEach(async () => {
  fx = await startFixture(await copySeeds())
})
afterEach(async () => {
  await fx.live.close()
  expect(fx.swaps.flatMap((s) => s.violations)).toEqual([])
  await rm(fx.dir, { recursive: true, force: true })
  await rm(`${fx.dir}-moved`, { recursive: true, force: true })
})

/**
 * What makes a snapshot inconsistent: a passage whose article is missing or says something else at its offsets,
 * or an article whose passages are not all in the index (a half-applied change would show one of these).
 */
function violations(snapshot: Snapshot): string[] {
  const found: string[] = []
  const byFile = new Map(snapshot.articles.map((a) => [a.file, a]))
  const indexed = new Set<string>()
  for (const passage of snapshot.index.allPassages()) {
    indexed.add(passage.id)
    const article = byFile.get(passage.file)
    if (!article) found.push(`${passage.id}: no article ${passage.file}`)
    else if (article.text.slice(passage.start, passage.end) !== passage.text || article.outlet !== passage.outlet)
      found.push(`${passage.id}: not this article's version`)
  }
  let expected = 0
  for (const article of snapshot.articles) {
    for (const passage of cutPassages(article)) {
      expected++
      if (!indexed.has(passage.id)) found.push(`${passage.id}: missing from the index`)
    }
  }
  if (expected !== snapshot.index.size || snapshot.stats.passages !== snapshot.index.size)
    found.push(
      `passage counts differ: ${expected} cut, ${snapshot.index.size} indexed, ${snapshot.stats.passages} in stats`,
    )
  if (snapshot.stats.articles !== snapshot.articles.length) found.push('stats.articles differs')
  return found
}

function current(): Snapshot {
  const snapshot = fx.store.current()
  if (!snapshot) throw new Error('no snapshot')
  return snapshot
}

function quotes(query: string, snapshot: Snapshot = current()): Passage[] {
  return snapshot.index.search(query, { limit: 50 }).hits.flatMap((hit) => [hit.passage, ...hit.alsoIn])
}

function passagesOf(file: string): Passage[] {
  return [...current().index.allPassages()].filter((p) => p.file === file)
}

/** Waits until `check` holds (the watcher is asynchronous); on a timeout the error carries the watcher's log. */
async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  await waitUntil(what, check, { timeoutMs, everyMs: 10 }).catch((error: Error) => {
    throw new Error(`${error.message}\nlog:\n${fx.logs.map((l) => `${l.level} ${l.text}`).join('\n')}`)
  })
}

const warnings = () => fx.logs.filter((l) => l.level === 'warn')

describe('article files', () => {
  it('a new file is added: searchable, counted, logged', async () => {
    const before = current()
    await writeFile(join(fx.dir, '005_new.txt'), NEW_ARTICLE)
    await until('the new article', () => quotes('Qaryatayn').length > 0)
    const [hit] = quotes('Qaryatayn')
    expect(hit).toMatchObject({ file: '005_new.txt', outlet: 'Example Times' })
    expect(current().stats).toMatchObject({
      articles: before.stats.articles + 1,
      outlets: before.stats.outlets + 1,
      loadMs: before.stats.loadMs,
    })
    // The previous snapshot is untouched: a query still holding it sees the corpus as it was.
    expect(current().index).not.toBe(before.index)
    expect(quotes('Qaryatayn', before)).toEqual([])
    expect(current().articles.map((a) => a.file)).toEqual([...before.articles.map((a) => a.file), '005_new.txt'])
    expect(fx.logs).toContainEqual({ level: 'info', text: 'added 005_new.txt: 1 passages (Example Times)' })
  })

  it('a replaced file: the new words are found, the removed sentence is not, other files are untouched', async () => {
    const others = new Map([...current().index.allPassages()].filter((p) => p.file !== REPLACED).map((p) => [p.id, p]))
    expect(quotes('"Russian nationals"').map((p) => p.file)).toEqual([REPLACED])
    const original = await readFile(join(fx.dir, REPLACED), 'utf8')
    expect(original).toContain(OLD_SENTENCE)
    // A query at any moment sees the old version or the new one, never parts of both.
    const seen = new Set<string>()
    const mismatches: string[] = []
    let querying = true
    const probe = async () => {
      while (querying) {
        const snapshot = current()
        const article = snapshot.articles.find((a) => a.file === REPLACED)!
        const hasNew = quotes('Zarqawiyah', snapshot).length > 0
        const hasOld = quotes('"Russian nationals"', snapshot).length > 0
        seen.add(`${hasOld ? 'old' : ''}${hasNew ? 'new' : ''}`)
        if (hasNew !== article.text.includes('Zarqawiyah') || hasOld !== article.text.includes(OLD_SENTENCE))
          mismatches.push(`old ${hasOld}, new ${hasNew}`)
        await new Promise(setImmediate)
      }
    }
    const probing = probe()
    await writeFile(join(fx.dir, REPLACED), original.replace(OLD_SENTENCE, NEW_PARAGRAPH))
    await until('the new version', () => quotes('Zarqawiyah').length > 0)
    querying = false
    await probing
    expect(mismatches).toEqual([])
    expect([...seen].sort()).toEqual(['new', 'old'])

    expect(quotes('Zarqawiyah').map((p) => p.file)).toEqual([REPLACED])
    expect(quotes('"Russian nationals"')).toEqual([])
    const after = new Map([...current().index.allPassages()].filter((p) => p.file !== REPLACED).map((p) => [p.id, p]))
    expect(after.size).toBe(others.size)
    for (const [id, passage] of others) expect(after.get(id)).toEqual(passage)
    expect(fx.logs.filter((l) => l.level === 'info').map((l) => l.text)).toEqual([
      expect.stringMatching(new RegExp(`^reloaded ${REPLACED}: \\d+ passages \\(was \\d+\\)$`)),
    ])
  })

  it('a deleted file: its passages and article are gone', async () => {
    const before = current().stats
    await unlink(join(fx.dir, REPLACED))
    await until('the delete', () => passagesOf(REPLACED).length === 0)
    expect(current().articles.map((a) => a.file)).not.toContain(REPLACED)
    expect(quotes('"mother of all battles"').map((p) => p.file)).not.toContain(REPLACED)
    expect(current().stats).toMatchObject({
      articles: before.articles - 1,
      outlets: before.outlets - 1,
      to: '2024-12-06',
    })
    expect(fx.logs).toContainEqual({
      level: 'info',
      text: expect.stringMatching(new RegExp(`^removed ${REPLACED}: \\d+ passages$`)),
    })
  })

  const BROKEN: [string, Uint8Array | string, string][] = [
    ['binary bytes', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]), 'FILE_BINARY'],
    ['bytes that are not UTF-8', new Uint8Array([0x48, 0x6f, 0x6d, 0x73, 0xe9, 0x0a]), 'FILE_NOT_UTF8'],
    ['nothing (a truncated write)', '', 'FILE_EMPTY'],
    [
      'only boilerplate',
      'Start your 7-day Magzter GOLD free trial to access thousands of curated premium stories, and 9,000+ magazines and newspapers.\n',
      'FILE_NO_REPORTING',
    ],
  ]

  it.each(BROKEN)(
    'a good file overwritten with %s keeps answering from the previous version, with one warning',
    async (_what, content, code) => {
      const before = passagesOf(REPLACED)
      const original = await readFile(join(fx.dir, REPLACED))
      await writeFile(join(fx.dir, REPLACED), content)
      await until('the problem', () => current().problems.some((p) => p.where === REPLACED))
      await fx.live.settled()
      expect(current().problems).toEqual([
        { where: REPLACED, code, message: expect.stringMatching(/kept the previous version/i) },
      ])
      expect(passagesOf(REPLACED)).toEqual(before)
      expect(quotes('"mother of all battles"').map((p) => p.file)).toContain(REPLACED)
      expect(warnings()).toHaveLength(1)
      expect(warnings()[0]!.text).toMatch(new RegExp(`${REPLACED}: .*kept the previous version`, 'i'))

      // Fixed: the problem goes, the same passages stay.
      await writeFile(join(fx.dir, REPLACED), original)
      await until('the problem cleared', () => current().problems.length === 0)
      expect(passagesOf(REPLACED)).toEqual(before)
    },
  )

  it('a new broken file is a problem, and nothing is added', async () => {
    const before = current()
    await writeFile(join(fx.dir, '006_broken.txt'), new Uint8Array([0x00, 0xff, 0x00, 0xfe]))
    await until('the problem', () => current().problems.length > 0)
    expect(current().problems).toEqual([
      { where: '006_broken.txt', code: 'FILE_BINARY', message: expect.not.stringContaining('previous') },
    ])
    expect(current().articles).toEqual(before.articles)
    expect(current().stats.passages).toBe(before.stats.passages)
    expect(warnings().map((w) => w.text)).toEqual([expect.stringContaining('006_broken.txt: is not a text file')])

    // Deleting the broken file clears its problem.
    await unlink(join(fx.dir, '006_broken.txt'))
    await until('the problem cleared', () => current().problems.length === 0)
  })

  it('a file written in chunks is never quoted half-written: applied once, whole, after it settles', async () => {
    await fx.live.close()
    fx = { ...fx, live: watchSeeds(fx.dir, fx.store, { settleMs: 400, pollMs: 20, logger: quietLogger(fx) }) }
    await fx.live.settled()
    const swapsBefore = fx.swaps.length
    const handle = await open(join(fx.dir, '005_new.txt'), 'w')
    try {
      // Chunks 150 ms apart: each pause is shorter than the settle time, so no partial version is ever read.
      for (const chunk of NEW_ARTICLE.match(/[\s\S]{1,40}/g)!) {
        await handle.write(chunk)
        await handle.sync()
        await new Promise((r) => setTimeout(r, 150))
        expect(current().articles.some((a) => a.file === '005_new.txt')).toBe(false)
      }
    } finally {
      await handle.close()
    }
    await until('the new article', () => quotes('Qaryatayn').length > 0)
    await fx.live.settled()
    expect(fx.swaps.length - swapsBefore).toBe(1)
    expect(current().articles.find((a) => a.file === '005_new.txt')).toMatchObject({
      text: NEW_ARTICLE,
      outlet: 'Example Times',
    })
  })

  it('a replacement that loses most of an article is applied, with a warning naming the file and both counts', async () => {
    const before = passagesOf(REPLACED).length
    const original = await readFile(join(fx.dir, REPLACED), 'utf8')
    // A copy cut short: the first paragraph only.
    await writeFile(join(fx.dir, REPLACED), original.split('\n')[0]!)
    await until('the cut version', () => passagesOf(REPLACED).length < before)
    const now = passagesOf(REPLACED).length
    expect(warnings().map((w) => w.text)).toEqual([
      `reloaded ${REPLACED}: only ${now} of its ${before} passages remain; if the file was cut short, put the whole article back`,
    ])
  })

  it('ignores dotfiles and other names, and a file gone before it is read', async () => {
    const before = current()
    for (const name of [
      '.005_new.txt.swp',
      'notes.md',
      '005_new.txt~',
      '005.txt.tmp',
      '005.txt.part',
      '005.txt.crdownload',
    ]) {
      await writeFile(join(fx.dir, name), NEW_ARTICLE)
    }
    await fx.live.applyFile('ghost.txt')
    await writeFile(join(fx.dir, '007_real.txt'), NEW_ARTICLE)
    await until('the real file', () => current().articles.length === before.articles.length + 1)
    await fx.live.settled()
    expect(fx.swaps).toHaveLength(1)
    expect(current().articles.map((a) => a.file)).toEqual([...before.articles.map((a) => a.file), '007_real.txt'])
    // Publishing safely: written under a temporary name, then renamed into place.
    await rename(join(fx.dir, '005.txt.part'), join(fx.dir, '005_published.txt'))
    await until('the published file', () => current().articles.some((a) => a.file === '005_published.txt'))
    expect(current().problems).toEqual([])
    expect(fx.logs.filter((l) => l.level !== 'info')).toEqual([])
  })

  it('applies 30 files dropped at once, one at a time', async () => {
    const seeds = (await readdir('seeds')).filter((f) => f.endsWith('.txt'))
    const texts = await Promise.all(seeds.map((f) => readFile(join('seeds', f), 'utf8')))
    // How long the event loop is held while they are applied is measured by the benchmark (npm run bench), not here.
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        writeFile(join(fx.dir, `1${String(i).padStart(2, '0')}_copy.txt`), texts[i % texts.length]!),
      ),
    )
    await until('30 articles added', () => current().stats.articles === 35, 15_000)
    await fx.live.settled()
    // One swap per file: applied one at a time, not as one big rebuild.
    expect(fx.swaps).toHaveLength(30)
    const fresh = await loadSnapshot(fx.dir)
    expect(current().stats).toEqual({ ...fresh.stats, loadMs: current().stats.loadMs })
  })

  it('a symbolic link is refused, never followed, wherever it points', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'storydesk-outside-'))
    try {
      await writeFile(join(outside, 'secret.txt'), NEW_ARTICLE.replace('Qaryatayn', 'Secretville'))
      await symlink(join(outside, 'secret.txt'), join(fx.dir, '008_link.txt'))
      await symlink(join(fx.dir, REPLACED), join(fx.dir, '009_inside_link.txt'))
      await until('both refused', () => current().problems.length === 2)
      expect(current().problems).toEqual([
        { where: '008_link.txt', code: 'FILE_UNREADABLE', message: expect.stringMatching(/^is a symbolic link; /) },
        {
          where: '009_inside_link.txt',
          code: 'FILE_UNREADABLE',
          message: expect.stringMatching(/^is a symbolic link; /),
        },
      ])
      expect(quotes('Secretville')).toEqual([])
    } finally {
      await rm(outside, { recursive: true, force: true })
    }
  })

  it('a file name cannot write a log line of its own: names are escaped', async () => {
    await writeFile(join(fx.dir, 'evil\nadded fake.txt'), NEW_ARTICLE)
    await until('the article', () => quotes('Qaryatayn').length > 0)
    expect(fx.logs.map((l) => l.text)).toContainEqual('added "evil\\nadded fake.txt": 1 passages (Example Times)')
    expect(fx.logs.every((l) => !l.text.includes('\n'))).toBe(true)
  })
})

describe('compaction', () => {
  it('compacts the index in the background once passages are dead, and answers exactly as before', async () => {
    await fx.live.close()
    fx = {
      ...fx,
      live: watchSeeds(fx.dir, fx.store, {
        settleMs: SETTLE_MS,
        pollMs: 15,
        logger: quietLogger(fx),
        compactAt: { minDead: 1, share: 0, maxSegments: 8 },
      }),
    }
    await fx.live.settled()
    const original = await readFile(join(fx.dir, REPLACED), 'utf8')
    await writeFile(join(fx.dir, REPLACED), original.replace(OLD_SENTENCE, NEW_PARAGRAPH))
    await until('the new version', () => quotes('Zarqawiyah').length > 0)
    await until(
      'compacted',
      () => current().index.overhead.segments === 1 && current().index.overhead.deadPassages === 0,
    )
    expect(fx.logs.map((l) => l.text)).toContainEqual(expect.stringMatching(/^live reload: index compacted/))
    const fresh = await loadSnapshot(fx.dir)
    for (const query of ['Zarqawiyah', 'homs distance', '"Russian nationals"', 'outlet:independent', 'Talbiseh']) {
      const seen = (s: Snapshot) =>
        s.index.search(query).hits.map((h) => [h.passage.id, h.score, h.alsoIn.map((p) => p.id)])
      expect(seen(current()), query).toEqual(seen(fresh))
    }
  })
})

describe('sources.json', () => {
  async function editSources(edit: (json: { files: Record<string, { outlet: string }> }) => void): Promise<void> {
    const json = JSON.parse(await readFile(join(fx.dir, 'sources.json'), 'utf8')) as {
      files: Record<string, { outlet: string }>
    }
    edit(json)
    await writeFile(join(fx.dir, 'sources.json'), JSON.stringify(json, null, 2))
  }

  it('a changed outlet re-attributes that file’s passages, and only that file', async () => {
    const sky = '002_bac5b52dfc34d39a.txt'
    const others = [...current().index.allPassages()].filter((p) => p.file !== sky)
    await editSources((json) => (json.files[sky]!.outlet = 'Sky News Arabia'))
    await until('the new outlet', () => passagesOf(sky).every((p) => p.outlet === 'Sky News Arabia'))
    await fx.live.settled()
    expect(current().articles.find((a) => a.file === sky)).toMatchObject({
      outlet: 'Sky News Arabia',
      outletBasis: 'metadata',
    })
    expect(quotes('outlet:arabia').length).toBeGreaterThan(0)
    const now = new Map([...current().index.allPassages()].map((p) => [p.id, p]))
    for (const passage of others) expect(now.get(passage.id)).toEqual(passage)
    expect(fx.logs.map((l) => l.text)).toEqual(['reloaded sources.json: 1 article(s) re-attributed'])
    // Only the credit changed: the article keeps its passages in place (no new segment, nothing dead).
    expect(current().index.overhead).toMatchObject({ segments: 1, deadPassages: 0, deltaPassages: 0 })
  })

  it('invalid JSON: one warning, the previous outlets are kept; fixing it applies the new ones', async () => {
    const outlets = () => new Set([...current().index.allPassages()].map((p) => p.outlet))
    const before = outlets()
    await writeFile(join(fx.dir, 'sources.json'), '{ "files": { "002_bac5b52dfc34d39a.txt": { "outlet": "Half-saved')
    await until('the problem', () => current().problems.length > 0)
    await fx.live.settled()
    expect(current().problems).toEqual([
      {
        where: 'sources.json',
        code: 'SOURCES_JSON_INVALID',
        message: expect.stringMatching(/^is not valid JSON: .* at line 1, column \d+; kept the previous metadata$/),
      },
    ])
    expect(warnings()).toHaveLength(1)
    expect(outlets()).toEqual(before)

    await writeFile(join(fx.dir, 'sources.json'), await readFile(join('seeds', 'sources.json')))
    await until('the problem cleared', () => current().problems.length === 0)
    await editSources((json) => (json.files['003_0b5465d82192f9ae.txt']!.outlet = 'Novinite.com'))
    await until('the new outlet', () => outlets().has('Novinite.com'))
  })

  it('after any mix of changes the live snapshot equals a fresh load of the folder', async () => {
    await writeFile(join(fx.dir, '005_new.txt'), NEW_ARTICLE)
    await unlink(join(fx.dir, '000_c3b600c57a1722b1.txt'))
    await editSources((json) => {
      json.files['001_3ce3e84cd5227a78.txt']!.outlet = 'Express and Star'
      // An entry for a file that is not there yet, then the file: the entry applies once it arrives.
      json.files['008_later.txt'] = { outlet: 'Later Times' }
    })
    await until(
      'the edits',
      () =>
        current().articles.some((a) => a.outlet === 'Express and Star') &&
        current().articles.some((a) => a.file === '005_new.txt'),
    )
    await fx.live.settled()
    expect(current().problems.map((p) => p.code)).toEqual(['SOURCES_UNKNOWN_FILE', 'SOURCES_UNKNOWN_FILE'])
    await writeFile(join(fx.dir, '008_later.txt'), NEW_ARTICLE.replace('Qaryatayn', 'Palmyra'))
    await until('the late file', () => current().articles.some((a) => a.file === '008_later.txt'))
    await fx.live.settled()

    const fresh = await loadSnapshot(fx.dir)
    const summary = (s: Snapshot) => ({
      articles: s.articles.map((a) => [a.file, a.outlet, a.outletBasis, a.published, a.title]),
      passages: [...s.index.allPassages()].map((p) => `${p.id} ${p.outlet}`).sort(),
      problems: s.problems,
      stats: { ...s.stats, loadMs: 0 },
    })
    expect(summary(current())).toEqual(summary(fresh))
    expect(current().articles.find((a) => a.file === '008_later.txt')?.outlet).toBe('Later Times')
  })
})

describe('the folder itself', () => {
  it('moved away: one warning, everything loaded keeps answering; moved back: catches up and watches again', async () => {
    const before = current()
    await rename(fx.dir, `${fx.dir}-moved`)
    await until('the warning', () => fx.store.folder().state === 'missing')
    // While it is away, everything loaded keeps answering; a change made there is applied once it is back.
    await unlink(join(`${fx.dir}-moved`, '000_c3b600c57a1722b1.txt'))
    expect(current().articles).toEqual(before.articles)
    expect(quotes('Rastan').length).toBeGreaterThan(0)
    expect(fx.store.folder()).toMatchObject({
      state: 'missing',
      message: expect.stringMatching(/ is missing; still serving the last 5 articles loaded$/),
    })
    expect(warnings().map((w) => w.text)).toEqual([
      expect.stringMatching(/is missing; still serving the last 5 articles/),
    ])

    // ...until it is back: then what changed is applied, and new changes are watched again.
    await rename(`${fx.dir}-moved`, fx.dir)
    await until('the catch-up', () => !current().articles.some((a) => a.file === '000_c3b600c57a1722b1.txt'))
    expect(fx.store.folder()).toEqual({ state: 'ok' })
    await writeFile(join(fx.dir, '005_new.txt'), NEW_ARTICLE)
    await until('a new file', () => quotes('Qaryatayn').length > 0)
    expect(current().articles).toHaveLength(5)
  })

  it('deleted: keeps serving, no crash, and the store says since when it is missing', async () => {
    const before = current()
    await rm(fx.dir, { recursive: true })
    await until('the warning', () => fx.store.folder().state === 'missing')
    await fx.live.settled()
    expect(current().articles).toEqual(before.articles)
    expect(quotes('Rastan').length).toBeGreaterThan(0)
    const health = fx.store.folder()
    expect(health.state === 'missing' && Date.parse(health.since) <= Date.now()).toBe(true)
  })

  it('deleted and recreated empty: the last good corpus is kept until articles reappear', async () => {
    const before = current()
    await rm(fx.dir, { recursive: true })
    await mkdir(fx.dir)
    await until('the empty folder noticed', () => fx.store.folder().state === 'empty')
    await fx.live.settled()
    expect(current().articles).toEqual(before.articles)
    expect(quotes('Rastan').length).toBeGreaterThan(0)
    expect(fx.store.folder()).toMatchObject({
      message: expect.stringMatching(/has no article files; still serving the last 5/),
    })

    // Articles come back: the folder is what it holds again.
    await writeFile(join(fx.dir, '005_new.txt'), NEW_ARTICLE)
    await until('the new folder applied', () => current().articles.length === 1)
    expect(fx.store.folder()).toEqual({ state: 'ok' })
    expect(quotes('Qaryatayn').map((p) => p.file)).toEqual(['005_new.txt'])
  })

  it('a folder that does not exist at start: a warning and a missing folder, not an exception', async () => {
    const store = new SnapshotStore()
    const warned: unknown[] = []
    const live = watchSeeds(join(fx.dir, 'no-such-folder'), store, {
      logger: { info() {}, warn: (...a: unknown[]) => warned.push(a), error() {} },
    })
    await live.settled()
    await live.close()
    expect(warned).toHaveLength(1)
    expect(store.folder().state).toBe('missing')
  })
})

function quietLogger(fixture: Fixture) {
  return {
    info: (...a: unknown[]) => fixture.logs.push({ level: 'info' as const, text: a.join(' ') }),
    warn: (...a: unknown[]) => fixture.logs.push({ level: 'warn' as const, text: a.join(' ') }),
    error: (...a: unknown[]) => fixture.logs.push({ level: 'error' as const, text: a.join(' ') }),
  }
}
