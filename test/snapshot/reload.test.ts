/**
 * Live reload against real files and the real fs.watch: a temp copy of the seeds, changed the way producers
 * change SEEDS_DIR (drop, overwrite, delete, edit sources.json), with the index checked after each change and
 * at every snapshot swap (a query must never see half of a change).
 */
import { mkdtemp, open, readFile, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cutPassages } from '../../src/passages/passages.ts'
import type { Passage } from '../../src/passages/types.ts'
import { watchSeeds, type LiveReload } from '../../src/snapshot/reload/watcher.ts'
import { loadSnapshot, type Snapshot } from '../../src/snapshot/snapshot.ts'
import { SnapshotStore } from '../../src/snapshot/store.ts'

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
    debounceMs: 30,
    retryMs: 50,
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
  })
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
  for (const passage of snapshot.index.allPassages()) {
    const article = byFile.get(passage.file)
    if (!article) found.push(`${passage.id}: no article ${passage.file}`)
    else if (article.text.slice(passage.start, passage.end) !== passage.text || article.outlet !== passage.outlet)
      found.push(`${passage.id}: not this article's version`)
  }
  let expected = 0
  for (const article of snapshot.articles) {
    for (const passage of cutPassages(article)) {
      expected++
      if (!snapshot.index.passage(passage.id)) found.push(`${passage.id}: missing from the index`)
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

/** Polls until `check` holds (the watcher is asynchronous); fails with `what` after the timeout. */
async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for: ${what}\nlog:\n${fx.logs.map((l) => `${l.level} ${l.text}`).join('\n')}`)
    await new Promise((r) => setTimeout(r, 10))
  }
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
    expect(current().index).toBe(before.index)
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
    for (const [id, passage] of others) expect(after.get(id)).toBe(passage)
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

  it('a file written in several chunks is applied once, whole', async () => {
    await fx.live.close()
    fx = {
      ...fx,
      live: watchSeeds(fx.dir, fx.store, {
        debounceMs: 300,
        logger: {
          info: (...a: unknown[]) => fx.logs.push({ level: 'info', text: a.join(' ') }),
          warn() {},
          error() {},
        },
      }),
    }
    await fx.live.settled()
    const handle = await open(join(fx.dir, '005_new.txt'), 'w')
    try {
      for (const line of NEW_ARTICLE.split(/(?<=\n)/)) {
        await handle.write(line)
        await new Promise((r) => setTimeout(r, 20))
      }
    } finally {
      await handle.close()
    }
    await until('the new article', () => quotes('Qaryatayn').length > 0)
    await fx.live.settled()
    expect(fx.swaps).toHaveLength(1)
    expect(current().articles.find((a) => a.file === '005_new.txt')?.text).toBe(NEW_ARTICLE)
  })

  it('ignores dotfiles and other names, and a file gone before it is read', async () => {
    const before = current()
    await writeFile(join(fx.dir, '.005_new.txt.swp'), NEW_ARTICLE)
    await writeFile(join(fx.dir, 'notes.md'), NEW_ARTICLE)
    await writeFile(join(fx.dir, '005_new.txt~'), NEW_ARTICLE)
    await fx.live.applyFile('ghost.txt')
    await writeFile(join(fx.dir, '007_real.txt'), NEW_ARTICLE)
    await until('the real file', () => current().articles.length === before.articles.length + 1)
    await fx.live.settled()
    expect(fx.swaps).toHaveLength(1)
    expect(current().articles.map((a) => a.file)).toEqual([...before.articles.map((a) => a.file), '007_real.txt'])
    expect(current().problems).toEqual([])
    expect(fx.logs.filter((l) => l.level !== 'info')).toEqual([])
  })

  it('applies 30 files dropped at once, one at a time, without blocking the event loop', async () => {
    const seeds = (await readdir('seeds')).filter((f) => f.endsWith('.txt'))
    const texts = await Promise.all(seeds.map((f) => readFile(join('seeds', f), 'utf8')))
    let last = performance.now()
    let maxGap = 0
    const ticker = setInterval(() => {
      const now = performance.now()
      maxGap = Math.max(maxGap, now - last)
      last = now
    }, 10)
    try {
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          writeFile(join(fx.dir, `1${String(i).padStart(2, '0')}_copy.txt`), texts[i % texts.length]!),
        ),
      )
      await until('30 articles added', () => current().stats.articles === 35, 15_000)
      await fx.live.settled()
    } finally {
      clearInterval(ticker)
    }
    console.info(
      `live reload: max event-loop gap while applying 30 files: ${maxGap.toFixed(1)} ms (${fx.swaps.length} swaps)`,
    )
    expect(maxGap).toBeLessThan(1000)
    // One swap per file: applied one at a time, not as one big rebuild.
    expect(fx.swaps).toHaveLength(30)
    const fresh = await loadSnapshot(fx.dir)
    expect(current().stats).toEqual({ ...fresh.stats, loadMs: current().stats.loadMs })
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
    for (const passage of others) expect(current().index.passage(passage.id)).toBe(passage)
    expect(fx.logs.map((l) => l.text)).toEqual([
      'reloaded sources.json: 5 entries, 1 article(s) to re-attribute',
      expect.stringMatching(
        new RegExp(`^reloaded ${sky}: (\\d+) passages \\(was \\1\\), outlet Sky News → Sky News Arabia$`),
      ),
    ])
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
  it('moved away: one error, everything loaded keeps answering; moved back: catches up and watches again', async () => {
    const before = current()
    await rename(fx.dir, `${fx.dir}-moved`)
    await until('the error', () => fx.logs.some((l) => l.level === 'error'))
    // Changes made while it is away are not seen...
    await unlink(join(`${fx.dir}-moved`, '000_c3b600c57a1722b1.txt'))
    await fx.live.settled()
    expect(current()).toBe(before)
    expect(quotes('Rastan').length).toBeGreaterThan(0)
    expect(fx.logs.filter((l) => l.level === 'error')).toEqual([
      { level: 'error', text: expect.stringMatching(/SEEDS_DIR .* is gone .*still serving the 5 articles loaded/) },
    ])

    // ...until it is back: then what changed is applied, and new changes are watched again.
    await rename(`${fx.dir}-moved`, fx.dir)
    await until('the catch-up', () => !current().articles.some((a) => a.file === '000_c3b600c57a1722b1.txt'))
    await writeFile(join(fx.dir, '005_new.txt'), NEW_ARTICLE)
    await until('a new file', () => quotes('Qaryatayn').length > 0)
    expect(current().articles).toHaveLength(5)
  })

  it('deleted: keeps serving, no crash, no unhandled rejection', async () => {
    const before = current()
    await rm(fx.dir, { recursive: true })
    await until('the error', () => fx.logs.some((l) => l.level === 'error'))
    await fx.live.settled()
    expect(current().articles).toEqual(before.articles)
    expect(quotes('Rastan').length).toBeGreaterThan(0)
  })

  it('a folder that does not exist at start: an error, not an exception', async () => {
    const store = new SnapshotStore()
    const errors: unknown[] = []
    const live = watchSeeds(join(fx.dir, 'no-such-folder'), store, {
      logger: { info() {}, warn() {}, error: (...a: unknown[]) => errors.push(a) },
    })
    await live.settled()
    await live.close()
    expect(errors).toHaveLength(1)
  })
})
