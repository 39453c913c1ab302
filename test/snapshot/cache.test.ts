// The index cache: a restart serves exactly what a fresh load would (answers, scores, quotations, problems), never a
// word or a credit the files on disk do not hold, and a cache that cannot be used is rebuilt with a warning.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parseVocabulary } from '../../src/search/vocabulary.ts'
import { cacheFileFor, loadSnapshotCached } from '../../src/snapshot/cache.ts'
import { codeFingerprint, reachableModules } from '../../src/snapshot/cache/key.ts'
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

/** Quotation lookups by speaker and by words, as `npm run quotes` and Slack make them. */
const LOOKUPS = ['Abdurrahman', 'General Abbas', '"mother of all battles"', '"temporary tactical measure"']

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

/** Every quotation of every article, the lookups' answers (speakers, versions, outlets), and the problems. */
function quotationsAndProblems(snapshot: Snapshot): unknown {
  return {
    quotations: snapshot.articles.map((a) => [a.file, snapshot.quotations.quotationsOf(a.file)]),
    // Hashed: a lookup's JSON holds whole articles, and a difference shows as a different hash of that lookup.
    lookups: LOOKUPS.map((lookup) => [lookup, sha256(JSON.stringify(snapshot.quotations.lookup(lookup)))]),
    problems: snapshot.problems,
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** A cached load equals a fresh load of the same folder in everything a reader or a producer sees. */
async function expectSameAsFresh(snapshot: Snapshot): Promise<void> {
  const fresh = await loadSnapshot(seeds)
  expect(snapshot.articles).toEqual(fresh.articles)
  expect(answers(snapshot)).toEqual(answers(fresh))
  expect(quotationsAndProblems(snapshot)).toEqual(quotationsAndProblems(fresh))
  expect({ ...snapshot.stats, loadMs: 0 }).toEqual({ ...fresh.stats, loadMs: 0 })
}

async function load(options: Partial<Parameters<typeof loadSnapshotCached>[1]> = {}) {
  const loaded = await loadSnapshotCached(seeds, { cacheDir, warn, ...options })
  await loaded.saved
  return loaded
}

function cacheFile(): string {
  return cacheFileFor(cacheDir, seeds)
}

/** Open file descriptors of this process on `path` (Linux; 0 where /proc is not there). */
function handlesOn(path: string): number {
  if (!existsSync('/proc/self/fd')) return 0
  let count = 0
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === resolve(path)) count++
    } catch {
      // The descriptor of the listing itself, closed by now.
    }
  }
  return count
}

// The layout (src/snapshot/cache/format.ts): MAGIC (16 bytes), format (u32), header length (u32), the header's sha256
// (32 bytes), the arrays' length (u64), the header (JSON), padding to 8, then the sections at the offsets the header
// gives.
const PREFIX = 64

interface Layout {
  header: {
    totalLength: number
    sections: Record<string, [number, number, string | null]>
    origins: unknown[]
    articles: {
      article: { file: string; paragraphs: number[]; origins: number }
      text: [number, number, string]
      quotations: { end: number }[]
    }[]
  }
  headerLength: number
  dataStart: number
}

function layoutOf(bytes: Buffer): Layout {
  const headerLength = bytes.readUInt32LE(20)
  const header = JSON.parse(bytes.toString('utf8', PREFIX, PREFIX + headerLength)) as Layout['header']
  return { header, headerLength, dataStart: Math.ceil((PREFIX + headerLength) / 8) * 8 }
}

/** Edits the header and writes the file again with a matching checksum: what a buggy writer (or a forger) would do. */
function rewriteHeader(file: string, edit: (header: Layout['header']) => void): void {
  const bytes = readFileSync(file)
  const { header, dataStart } = layoutOf(bytes)
  edit(header)
  const json = Buffer.from(JSON.stringify(header), 'utf8')
  const prefix = Buffer.alloc(Math.ceil((PREFIX + json.length) / 8) * 8)
  bytes.copy(prefix, 0, 0, 20)
  prefix.writeUInt32LE(json.length, 20)
  createHash('sha256').update(json).digest().copy(prefix, 24)
  bytes.copy(prefix, 56, 56, 64)
  json.copy(prefix, PREFIX)
  writeFileSync(file, Buffer.concat([prefix, bytes.subarray(dataStart)]))
}

describe('index cache', () => {
  it('builds and saves on the first load, then serves the same answers, quotations and problems from the cache', async () => {
    const first = await load()
    expect(first.cache).toBe('miss')
    expect(readdirSync(cacheDir)).toEqual([cacheFile().split('/').pop()])
    const second = await load()
    expect(second.cache).toBe('hit')
    expect(answers(second.snapshot)).toEqual(answers(first.snapshot))
    await expectSameAsFresh(second.snapshot)
    // The lookups find something: a comparison of two empty answers would prove nothing.
    expect(second.snapshot.quotations.lookup('General Abbas').matches.length).toBeGreaterThan(0)
    expect(warnings).toEqual([])
    // The header is written all-ASCII, typographic characters as \u escapes (read back exact: the answers above).
    const bytes = readFileSync(cacheFile())
    const header = bytes.subarray(PREFIX, PREFIX + layoutOf(bytes).headerLength)
    expect(header.every((byte) => byte < 0x80)).toBe(true)
    expect(header.toString('latin1')).toMatch(/\\u20(?:1[89cd]|14)/)
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

  it('a changed article or sources.json is parsed afresh on top of the cache: everything equals a fresh load', async () => {
    await load()
    const file = join(seeds, '003_0b5465d82192f9ae.txt')
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nThe Zarqawiyah checkpoint was abandoned on Saturday.`)
    const changed = await load()
    expect(changed.cache).toBe('partial')
    expect(changed.snapshot.index.search('Zarqawiyah').hits).toHaveLength(1)
    await expectSameAsFresh(changed.snapshot)
    const again = await load()
    expect(again.cache).toBe('hit')
    await expectSameAsFresh(again.snapshot)

    const sources = join(seeds, 'sources.json')
    writeFileSync(sources, readFileSync(sources, 'utf8').replace('"Novinite"', '"Novinite Daily"'))
    const relabelled = await load()
    expect(relabelled.cache).toBe('partial')
    expect(relabelled.snapshot.index.search('Zarqawiyah').hits[0]!.passage.outlet).toBe('Novinite Daily')
    await expectSameAsFresh(relabelled.snapshot)
    expect(warnings).toEqual([])
  })

  it('a partial start builds its changed articles on worker threads when they are many, and shows its progress', async () => {
    await load()
    const names = readdirSync(seeds).filter((f) => f.endsWith('.txt'))
    for (const [i, name] of names.entries()) {
      const text = readFileSync(join(seeds, name), 'utf8')
      writeFileSync(join(seeds, `9${i}_again.txt`), text.replace(/Homs/g, 'Hama'))
    }
    const progress: [number, number][] = []
    const loaded = await load({
      parallel: { minChars: 0, workers: 2 },
      onProgress: (done, total) => progress.push([done, total]),
    })
    expect(loaded.cache).toBe('partial')
    expect(progress.at(-1)).toEqual([names.length, names.length])
    await expectSameAsFresh(loaded.snapshot)
    expect((await load()).cache).toBe('hit')
  })

  it('saves a text longer than one write of the texts (1 MiB) whole: read back and checked when its file changes', async () => {
    // Reporting without quotations (so the quotation stage stays small), with non-ASCII letters and punctuation.
    let long = 'Rebels near Homs: a day-by-day account\n'
    for (let n = 1; long.length < 1.3 * 2 ** 20; n++) {
      long += `\nOn day ${n} the column moved ${n % 9} km towards Talbīseh, residents’ accounts said.\n`
    }
    writeFileSync(join(seeds, '500_long.txt'), long)
    expect((await load()).cache).toBe('miss')
    expect((await load()).cache).toBe('hit')
    // Taking the old article out of the saved index reads its old text from the cache, checked against its sha256.
    writeFileSync(join(seeds, '500_long.txt'), `${long}\nOn the last day the column reached Homs, residents said.\n`)
    const loaded = await load({ rebuildAfterRemovedPassages: Number.POSITIVE_INFINITY })
    expect(loaded.cache).toBe('partial')
    expect(warnings).toEqual([])
    const fresh = await loadSnapshot(seeds)
    expect(loaded.snapshot.articles).toEqual(fresh.articles)
    expect(loaded.snapshot.articles.find((a) => a.file === '500_long.txt')!.text.length).toBeGreaterThan(2 ** 20)
    expect(answers(loaded.snapshot)).toEqual(answers(fresh))
    expect(loaded.snapshot.index.search('"the column reached Homs"').total).toBe(1)
  })

  it('when much of the saved index is gone, builds it afresh with the saved articles: equals a fresh load', async () => {
    await load()
    const file = join(seeds, '001_3ce3e84cd5227a78.txt')
    writeFileSync(file, readFileSync(file, 'utf8').replace('five kilometres', 'nine kilometres'))
    rmSync(join(seeds, '004_71443e73fbfc48f7.txt'))
    const loaded = await load({ rebuildAfterRemovedPassages: 0 })
    expect(loaded.cache).toBe('partial')
    await expectSameAsFresh(loaded.snapshot)
    const again = await load()
    expect(again.cache).toBe('hit')
    await expectSameAsFresh(again.snapshot)
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

  it('a cache cut short inside its texts, with an article changed, is rebuilt with a warning (not a crash)', async () => {
    await load()
    // The last article's text is the last thing in the file: its old text is what the partial start must read.
    const file = join(seeds, '004_71443e73fbfc48f7.txt')
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nThe Zarqawiyah checkpoint was abandoned on Saturday.`)
    const bytes = readFileSync(cacheFile())
    writeFileSync(cacheFile(), bytes.subarray(0, bytes.length - 2_000))
    const rebuilt = await load()
    expect(rebuilt.cache).toBe('miss')
    expect(warnings.join('\n')).toMatch(/is unusable \(it is cut short.*\); rebuilding/)
    expect(handlesOn(cacheFile())).toBe(0)
    await expectSameAsFresh(rebuilt.snapshot)
    expect((await load()).cache).toBe('hit')
  })

  it('a cache cut short or grown anywhere is rebuilt with a warning, its file closed, and answers as before', async () => {
    await load()
    const whole = readFileSync(cacheFile())
    const { header, headerLength, dataStart } = layoutOf(whole)
    const textsStart = dataStart + header.sections.texts![0]
    const cuts = {
      'in the prefix': 30,
      'in the header': PREFIX + Math.floor(headerLength / 2),
      'after the header': dataStart,
      'in the arrays': dataStart + header.sections.postingDoc![0] + 12,
      'before the texts': textsStart,
      'in the texts': textsStart + 100,
      'one byte short': whole.length - 1,
    }
    for (const [where, length] of Object.entries(cuts)) {
      warnings = []
      writeFileSync(cacheFile(), whole.subarray(0, length))
      const rebuilt = await load()
      expect(rebuilt.cache, where).toBe('miss')
      expect(warnings.join('\n'), where).toMatch(/is unusable \(.*cut short.*\); rebuilding/)
      expect(handlesOn(cacheFile()), where).toBe(0)
      expect(answers(rebuilt.snapshot), where).toEqual(answers(await loadSnapshot(seeds)))
    }
    warnings = []
    writeFileSync(cacheFile(), Buffer.concat([whole, Buffer.from('appended')]))
    expect((await load()).cache).toBe('miss')
    expect(warnings.join('\n')).toMatch(/it has 8 bytes past its end/)
    expect((await load()).cache).toBe('hit')
  })

  it("a cache whose header was edited (an outlet's name, same length) is rebuilt: the credit is the file's", async () => {
    await load()
    const bytes = readFileSync(cacheFile())
    // The article's own credit (its metadata, saved before it, still says Sky News, as sources.json does).
    const at = bytes.indexOf('"outlet":"Sky News"', bytes.indexOf('"article":{"file":"002_bac5b52dfc34d39a.txt"'))
    expect(at).toBeGreaterThan(0)
    Buffer.from('"outlet":"Fox News"').copy(bytes, at)
    writeFileSync(cacheFile(), bytes)
    const loaded = await load()
    expect(loaded.cache).toBe('miss')
    expect(warnings.join('\n')).toMatch(/its header does not match its checksum/)
    const outlets = new Set(loaded.snapshot.articles.map((a) => a.outlet))
    expect(outlets).toContain('Sky News')
    expect(outlets).not.toContain('Fox News')
    await expectSameAsFresh(loaded.snapshot)
  })

  it("saves each article's spans as numbers and each distinct origins once, and reads them back as they were", async () => {
    const built = await load()
    const { header } = layoutOf(readFileSync(cacheFile()))
    const articles = built.snapshot.articles
    const distinct = new Set(articles.map((article) => JSON.stringify(article.origins)))
    expect(header.origins).toHaveLength(distinct.size)
    for (const entry of header.articles) {
      const article = articles.find((a) => a.file === entry.article.file)!
      expect(entry.article.paragraphs).toEqual(article.paragraphs.flatMap((span) => [span.start, span.end]))
      expect(header.origins[entry.article.origins]).toEqual(article.origins)
    }
    const loaded = await load()
    expect(loaded.cache).toBe('hit')
    await expectSameAsFresh(loaded.snapshot)
  })

  it.each([
    [
      'origins past their table',
      (h: Layout['header']) => {
        h.articles[1]!.article.origins = h.origins.length
      },
      /the origins of "001_3ce3e84cd5227a78.txt" are missing/,
    ],
    [
      'origins that are no place in the table',
      (h: Layout['header']) => {
        h.articles[1]!.article.origins = 0.5
      },
      /the origins of "001_3ce3e84cd5227a78.txt" are missing/,
    ],
    [
      'an odd list of spans',
      (h: Layout['header']) => void h.articles[1]!.article.paragraphs.push(3),
      /a list of spans has an odd length/,
    ],
  ])('rebuilds a cache whose header holds %s, even with matching checksums', async (_, edit, message) => {
    await load()
    rewriteHeader(cacheFile(), edit)
    const loaded = await load()
    expect(loaded.cache).toBe('miss')
    expect(warnings.join('\n')).toMatch(message)
    await expectSameAsFresh(loaded.snapshot)
  })

  it('reads back a header written in many pieces (its articles past half a megabyte of JSON)', async () => {
    // 80 copies of the seeds under other names: their saved articles (quotations included) make 1.3 MB of JSON.
    for (const name of readdirSync(seeds).filter((f) => f.endsWith('.txt'))) {
      const text = readFileSync(join(seeds, name), 'utf8')
      for (let copy = 0; copy < 80; copy++) writeFileSync(join(seeds, `${copy}${name}`), text)
    }
    expect((await load()).cache).toBe('miss')
    expect(layoutOf(readFileSync(cacheFile())).headerLength).toBeGreaterThan(2 * 512 * 1024)
    const loaded = await load()
    expect(loaded.cache).toBe('hit')
    expect(warnings).toEqual([])
    await expectSameAsFresh(loaded.snapshot)
  })

  it('a cache whose prefix misplaces the arrays (read while the header is parsed) is rebuilt with a warning', async () => {
    await load()
    const bytes = readFileSync(cacheFile())
    bytes.writeBigUInt64LE(bytes.readBigUInt64LE(56) - 8n, 56)
    writeFileSync(cacheFile(), bytes)
    const shorter = await load()
    expect(shorter.cache).toBe('miss')
    expect(warnings.join('\n')).toMatch(/its prefix and its header disagree on where the texts are/)
    await expectSameAsFresh(shorter.snapshot)
    const again = readFileSync(cacheFile())
    again.writeBigUInt64LE(BigInt(again.length), 56)
    writeFileSync(cacheFile(), again)
    expect((await load()).cache).toBe('miss')
    expect(warnings.join('\n')).toMatch(/it is cut short \(in its arrays\)/)
  })

  it('a cache with one bit flipped in an array (where a passage ends) is rebuilt with a warning', async () => {
    await load()
    const bytes = readFileSync(cacheFile())
    const { header, dataStart } = layoutOf(bytes)
    const [offset, length] = header.sections.docEnd!
    // A passage end that is odd: one less still ends after the passage starts and inside the text.
    let at = -1
    for (let i = dataStart + offset; i < dataStart + offset + length; i += 4) {
      if (bytes.readUInt32LE(i) % 2 === 1) {
        at = i
        break
      }
    }
    expect(at).toBeGreaterThan(0)
    bytes[at]! ^= 1
    writeFileSync(cacheFile(), bytes)
    const loaded = await load()
    expect(loaded.cache).toBe('miss')
    expect(warnings.join('\n')).toMatch(/its section docEnd does not match its checksum/)
    await expectSameAsFresh(loaded.snapshot)
  })

  it('rebuilds a cache whose arrays disagree (a posting past the passages), even with matching checksums', async () => {
    await load()
    const bytes = readFileSync(cacheFile())
    const { header, dataStart } = layoutOf(bytes)
    const [offset, length] = header.sections.postingDoc!
    bytes.writeUInt32LE(10 ** 7, dataStart + offset)
    writeFileSync(cacheFile(), bytes)
    rewriteHeader(cacheFile(), (h) => {
      h.sections.postingDoc![2] = createHash('sha256')
        .update(bytes.subarray(dataStart + offset, dataStart + offset + length))
        .digest('hex')
    })
    expect((await load()).cache).toBe('miss')
    expect(warnings.join('\n')).toMatch(/a posting points past the passages/)
  })

  it('rebuilds a cache whose first passages belong to no article, even with matching checksums', async () => {
    await load()
    const bytes = readFileSync(cacheFile())
    const { header, dataStart } = layoutOf(bytes)
    const [first, firstLength] = header.sections.articleFirstDoc!
    const [docArticle, docArticleLength] = header.sections.docArticle!
    // Passage 0 before the first article, pointing at an article that does not exist: a query would read past them.
    bytes.writeUInt32LE(1, dataStart + first)
    bytes.writeUInt32LE(999, dataStart + docArticle)
    writeFileSync(cacheFile(), bytes)
    const sha = (offset: number, length: number) =>
      createHash('sha256')
        .update(bytes.subarray(dataStart + offset, dataStart + offset + length))
        .digest('hex')
    rewriteHeader(cacheFile(), (h) => {
      h.sections.articleFirstDoc![2] = sha(first, firstLength)
      h.sections.docArticle![2] = sha(docArticle, docArticleLength)
    })
    const loaded = await load()
    expect(loaded.cache).toBe('miss')
    expect(warnings.join('\n')).toMatch(/its articles and passages disagree/)
    await expectSameAsFresh(loaded.snapshot)
  })

  it('rebuilds a cache whose total passage length was edited, so no score can turn NaN', async () => {
    await load()
    rewriteHeader(cacheFile(), (h) => {
      h.totalLength = 0
    })
    const loaded = await load()
    expect(loaded.cache).toBe('miss')
    expect(warnings.join('\n')).toMatch(/its passages' lengths disagree with their total/)
    await expectSameAsFresh(loaded.snapshot)
  })

  it('rebuilds a cache whose quotation lies outside its text, even with matching checksums', async () => {
    await load()
    rewriteHeader(cacheFile(), (h) => {
      const entry = h.articles.find((a) => a.quotations.length > 0)!
      entry.quotations[0]!.end = entry.text[1] + 1_000
    })
    const loaded = await load()
    expect(loaded.cache).toBe('miss')
    expect(warnings.join('\n')).toMatch(/does not fit its file: a quotation lies outside its text/)
    await expectSameAsFresh(loaded.snapshot)
  })

  it('a saved web page whose text was damaged in the cache is rebuilt with a warning, never quoted', async () => {
    copyFileSync('test/fixtures/pages/seattletimes-1/source.html', join(seeds, '005_page.html'))
    await load()
    const bytes = readFileSync(cacheFile())
    const { header, dataStart } = layoutOf(bytes)
    const page = header.articles.find((a) => a.article.file === '005_page.html')!
    const at = dataStart + header.sections.texts![0] + page.text[0] + 40
    bytes[at] = bytes[at] === 0x58 ? 0x59 : 0x58
    writeFileSync(cacheFile(), bytes)
    const loaded = await load()
    expect(loaded.cache).toBe('miss')
    expect(warnings.join('\n')).toMatch(/the saved text of "005_page.html" does not match its checksum/)
    expect(handlesOn(cacheFile())).toBe(0)
    await expectSameAsFresh(loaded.snapshot)
  })

  it('a cache in an older layout is rebuilt without a warning (an upgrade is not damage)', async () => {
    await load()
    const bytes = readFileSync(cacheFile())
    bytes.writeUInt32LE(bytes.readUInt32LE(16) - 1, 16)
    writeFileSync(cacheFile(), bytes)
    expect((await load()).cache).toBe('miss')
    expect(warnings).toEqual([])
    expect((await load()).cache).toBe('hit')
  })

  it('a cache built with another vocabulary is not used (another key), without a warning', async () => {
    await load()
    const vocabulary = parseVocabulary({ equivalents: [], concepts: {}, stopWords: ['the', 'of'] })
    const other = await loadSnapshotCached(seeds, { cacheDir, warn, vocabulary })
    expect(other.cache).toBe('miss')
    expect(warnings).toEqual([])
  })

  it('writes the cache file readable and writable by its owner alone', async () => {
    await load()
    expect(statSync(cacheFile()).mode & 0o777).toBe(0o600)
  })

  it("a cache file other users could have written is not used (rebuilt with a warning, then the bot's own)", async () => {
    await load()
    chmodSync(cacheFile(), 0o666)
    expect((await load()).cache).toBe('miss')
    expect(warnings.join('\n')).toMatch(/other users than the bot can write it/)
    expect(statSync(cacheFile()).mode & 0o777).toBe(0o600)
    expect((await load()).cache).toBe('hit')
  })

  it('a write that fails leaves no temporary file, and says so', async () => {
    // The cache file's name taken by a folder: the rename into place fails.
    mkdirSync(cacheFile())
    const loaded = await load()
    expect(loaded.cache).toBe('miss')
    expect(warnings.join('\n')).toMatch(/could not save .*; the next start will rebuild/)
    expect(readdirSync(cacheDir).filter((name) => name.endsWith('.tmp'))).toEqual([])
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
    await expectSameAsFresh(second.snapshot)
  })

  it("keeps an article's problems: a page in another language says so from the cache as it did when built", async () => {
    copyFileSync('test/fixtures/pages/lemonde-1/source.html', join(seeds, '005_page.html'))
    const first = await load()
    expect(first.snapshot.problems.map((p) => [p.where, p.code])).toContainEqual([
      '005_page.html',
      'PAGE_OTHER_LANGUAGE',
    ])
    const second = await load()
    expect(second.cache).toBe('hit')
    expect(second.snapshot.problems).toEqual(first.snapshot.problems)
    await expectSameAsFresh(second.snapshot)
  })

  it('can be turned off', async () => {
    expect((await loadSnapshotCached(seeds, { cacheDir: null, warn })).cache).toBe('off')
  })
})

describe('the cache key', () => {
  /** A copy of the project (its sources, build settings and installed packages): built and edited freely. */
  let project: string

  /** Loads a folder through the cache with the code under `entry` (TypeScript through tsx, or compiled). */
  function probe(entry: string): { cache: string; warnings: string[] } {
    const compiled = entry.endsWith('.js')
    const child = spawnSync(
      process.execPath,
      [...(compiled ? [] : ['--import', 'tsx']), 'probe.mjs', entry, seeds, cacheDir],
      { cwd: project, encoding: 'utf8' },
    )
    expect(child.status, child.stderr).toBe(0)
    return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { cache: string; warnings: string[] }
  }

  const PROBE = `import { pathToFileURL } from 'node:url'
const [entry, seeds, cacheDir] = process.argv.slice(2)
const { loadSnapshotCached } = await import(pathToFileURL(entry).href)
const warnings = []
const { cache, saved } = await loadSnapshotCached(seeds, { cacheDir, warn: (m) => warnings.push(m) })
await saved
console.log(JSON.stringify({ cache, warnings }))
`

  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'storydesk-project-'))
    for (const f of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) copyFileSync(f, join(project, f))
    cpSync('src', join(project, 'src'), { recursive: true })
    symlinkSync(resolve('node_modules'), join(project, 'node_modules'))
    writeFileSync(join(project, 'probe.mjs'), PROBE)
    const build = spawnSync('npm', ['run', 'build'], { cwd: project, encoding: 'utf8' })
    expect(build.status, build.stdout + build.stderr).toBe(0)
  }, 180_000)

  afterAll(() => {
    rmSync(project, { recursive: true, force: true })
  })

  it('is the same compiled (npm start) as under tsx (npm run ask): the bot and the CLI share one cache file', () => {
    const compiled = join(project, 'dist/snapshot/cache.js')
    const typescript = join(project, 'src/snapshot/cache.ts')
    expect(probe(compiled)).toEqual({ cache: 'miss', warnings: [] })
    expect(probe(typescript)).toEqual({ cache: 'hit', warnings: [] })
    const file = join(seeds, '003_0b5465d82192f9ae.txt')
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nThe Zarqawiyah checkpoint was abandoned on Saturday.`)
    expect(probe(typescript)).toEqual({ cache: 'partial', warnings: [] })
    expect(probe(compiled)).toEqual({ cache: 'hit', warnings: [] })
  }, 60_000)

  it('covers every stage whose output is saved: after an upgrade of the quotation code the cache is rebuilt', () => {
    const typescript = join(project, 'src/snapshot/cache.ts')
    expect(probe(typescript).cache).toBe('miss')
    expect(probe(typescript).cache).toBe('hit')
    const speakers = join(project, 'src/quotes/speakers.ts')
    const before = readFileSync(speakers)
    try {
      appendFileSync(speakers, '\n// an upgrade\n')
      expect(probe(typescript)).toEqual({ cache: 'miss', warnings: [] })
    } finally {
      writeFileSync(speakers, before)
    }
  }, 60_000)

  it('hashes the quotation stage and the snapshot code that decides what is saved, not the rendering', async () => {
    const { modules, packages } = await reachableModules(join(project, 'src'))
    for (const path of [
      'quotes/speakers.ts',
      'corpus/clean.ts',
      'passages/passages.ts',
      'search/segment.ts',
      'search/vocabulary.json',
      'snapshot/snapshot.ts',
      'snapshot/corpusState.ts',
      'snapshot/buildWorker.ts',
      'snapshot/cache/format.ts',
    ]) {
      expect([...modules.keys()], path).toContain(path)
    }
    expect([...modules.keys()].filter((path) => /^(?:render|slack|cli)\//.test(path))).toEqual([])
    expect([...packages].sort()).toEqual(expect.arrayContaining(['minisearch', 'stemmer', 'wink-lexicon', 'linkedom']))

    /** The fingerprint of a fresh copy of the sources with `path` changed (a copy: fingerprints are memoized). */
    const changed = async (path: string | null) => {
      const copy = mkdtempSync(join(tmpdir(), 'storydesk-src-'))
      try {
        cpSync(join(project, 'src'), copy, { recursive: true })
        if (path) appendFileSync(join(copy, path), '\n// changed\n')
        return await codeFingerprint(copy)
      } finally {
        rmSync(copy, { recursive: true, force: true })
      }
    }
    const base = await changed(null)
    expect(await changed('quotes/speakers.ts')).not.toBe(base)
    expect(await changed('snapshot/snapshot.ts')).not.toBe(base)
    expect(await changed('snapshot/cache/save.ts')).not.toBe(base)
    expect(await changed('render/text.ts')).toBe(base)
  }, 30_000)
})
