/**
 * Live equals fresh: after any sequence of producer edits applied live, every query's results, their order and
 * their scores equal those of a fresh load of the same folder.
 *
 * fast-check generates sequences of edits to a real folder (add, replace, delete, rename, a broken file, a broken and
 * a mended sources.json, and background compaction of the index). Each edit is applied the way live reload applies
 * it (read the file, applyRead, nextSnapshot). A model tracks what the folder holds as live reload sees it: a broken
 * replacement keeps the previous version and a sources.json that cannot be used keeps the previous metadata (the
 * README's documented difference from a fresh load), so the model's folder is written out and loaded fresh, and the
 * two snapshots must answer every query identically.
 */
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { readArticleFile, readSourcesFile } from '../../src/corpus/files.ts'
import { SOURCES_FILE } from '../../src/corpus/metadata.ts'
import { search } from '../../src/search/search.ts'
import type { SearchIndex } from '../../src/search/searchIndex.ts'
import type { Answer } from '../../src/search/types.ts'
import { applyRead, stateFromReads } from '../../src/snapshot/corpusState.ts'
import { type Snapshot, loadSnapshot, nextSnapshot, snapshotOf, withIndex } from '../../src/snapshot/snapshot.ts'
import { loadVocabulary } from '../../src/snapshot/vocabularyFile.ts'

const SEEDS = new URL('../../seeds/', import.meta.url)
const NAMES = ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt']
const QUERIES = [
  'homs distance',
  'rebels',
  'Abdulrahman',
  'distnce',
  'Talbiseh',
  '"mother of all battles"',
  'outlet:sky',
  'outlet:express hezbollah',
  'fled troops Hama',
  'what did the defence minister say',
  'russian air forces syria aleppo damascus hama',
  'helicoptr',
  'helicopters Orontes',
  'zzzqx vorpal',
  'the of and',
]
const vocabulary = loadVocabulary()
// Small enough that delta segments are merged during a run.
const INDEX = { maxDeltaSegments: 2 }

/** Article texts: the five seeds and shapes made from them (shorter, longer, reordered, a near copy). */
let TEXTS: string[] = []
/** Broken contents: each must keep the previous version of a file. */
const BROKEN = ['', '\u0000\u0001binary', 'Advertisement\nShare\n']

/** sources.json versions: metadata for some names, an unknown file, and two that cannot be used at all. */
const SOURCES: (string | null)[] = [
  null,
  JSON.stringify({ files: { 'a.txt': { outlet: 'Sky News' }, 'b.txt': { outlet: 'Express & Star', wire: 'AP' } } }),
  JSON.stringify({
    files: { 'a.txt': { outlet: 'The Independent', published: '2024-12-07' }, 'zz.txt': { outlet: 'Nobody' } },
  }),
  JSON.stringify({ files: { 'c.txt': { outlet: 'Novinite', headline: 'Rebels near Homs' }, 'd.txt': { outlet: 3 } } }),
  '{ "files": { "a.txt": ',
  '[1, 2, 3]',
]

type Op =
  | { kind: 'write'; name: string; text: number }
  | { kind: 'broken'; name: string; content: number }
  | { kind: 'delete'; name: string }
  | { kind: 'rename'; from: string; to: string }
  | { kind: 'sources'; version: number }
  | { kind: 'compact' }
  | { kind: 'compactStart' }
  | { kind: 'compactEnd' }

const name = fc.constantFrom(...NAMES)
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('write' as const), name, text: fc.nat(99) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('broken' as const), name, content: fc.nat(BROKEN.length - 1) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), name }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), from: name, to: name }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sources' as const), version: fc.nat(SOURCES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('compact' as const) }) },
  // A compaction in the background: started from the index of the moment, finished after more edits, caught up.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('compactStart' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('compactEnd' as const) }) },
)

/** What live reload should be serving: per name the last good text, and the sources.json in force. */
interface Model {
  files: Map<string, string>
  sources: string | null
}

const dirs: string[] = []
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'storydesk-live-'))
  dirs.push(dir)
  return dir
}

function isGood(text: string): boolean {
  return !BROKEN.includes(text)
}

function usable(sources: string): boolean {
  try {
    const parsed = JSON.parse(sources) as unknown
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'files' in parsed
  } catch {
    return false
  }
}

/** Applies one edit to the folder and to the model; returns the names live reload would read. */
async function perform(dir: string, model: Model, edit: Op): Promise<string[]> {
  switch (edit.kind) {
    case 'write': {
      const text = TEXTS[edit.text % TEXTS.length]!
      await writeFile(join(dir, edit.name), text)
      model.files.set(edit.name, text)
      return [edit.name]
    }
    case 'broken':
      await writeFile(join(dir, edit.name), BROKEN[edit.content]!)
      return [edit.name]
    case 'delete':
      await rm(join(dir, edit.name), { force: true })
      model.files.delete(edit.name)
      return [edit.name]
    case 'rename': {
      if (edit.from === edit.to) return []
      const text = await readFile(join(dir, edit.from), 'utf8').catch(() => null)
      if (text === null) return []
      await rm(join(dir, edit.from))
      await writeFile(join(dir, edit.to), text)
      // The old name is gone; the new name gets the content, or keeps its previous version if the content is broken.
      model.files.delete(edit.from)
      if (isGood(text)) model.files.set(edit.to, text)
      return [edit.from, edit.to]
    }
    case 'sources': {
      const text = SOURCES[edit.version]!
      if (text === null) {
        await rm(join(dir, SOURCES_FILE), { force: true })
        model.sources = null
      } else {
        await writeFile(join(dir, SOURCES_FILE), text)
        if (usable(text)) model.sources = text
      }
      return [SOURCES_FILE]
    }
    case 'compact':
    case 'compactStart':
    case 'compactEnd':
      return []
  }
}

/** Everything a person can see in an answer. */
function visible(answer: Answer) {
  return {
    hits: answer.hits.map((hit) => ({
      id: hit.passage.id,
      quote: hit.passage.text,
      outlet: hit.passage.outlet,
      wire: hit.passage.wire,
      published: hit.passage.published,
      title: hit.passage.title,
      score: hit.score,
      coverage: hit.coverage,
      highlights: hit.highlights,
      alsoIn: hit.alsoIn.map((p) => p.id),
    })),
    total: answer.total,
    notices: answer.notices,
  }
}

async function freshOf(model: Model): Promise<Snapshot | null> {
  if (model.files.size === 0) return null
  const dir = await tempDir()
  for (const [file, text] of model.files) await writeFile(join(dir, file), text)
  if (model.sources !== null) await writeFile(join(dir, SOURCES_FILE), model.sources)
  const snapshot = await loadSnapshot(dir, { vocabulary, index: INDEX })
  await rm(dir, { recursive: true, force: true })
  return snapshot
}

describe('live equals fresh', () => {
  it('after any sequence of edits, every query answers as a fresh load of the same folder does', async () => {
    const seedNames = (await readdir(SEEDS)).filter((n) => n.endsWith('.txt')).sort()
    const seeds = await Promise.all(seedNames.map((n) => readFile(new URL(n, SEEDS), 'utf8')))
    TEXTS = [
      ...seeds,
      ...seeds.map((t) =>
        t
          .split('\n')
          .filter((_, i) => i % 2 === 0)
          .join('\n'),
      ),
      `${seeds[1]}\n${seeds[2]}`,
      seeds[3]!.split('\n').reverse().join('\n'),
      seeds[0]!.replace(/rebels/g, 'insurgents'),
      // Two forms of one rare word in different files: typo tolerance must forget a form whose file is gone.
      'Witnesses counted three helicopters over the Orontes river near Hama on Tuesday.\nThe helicopters flew north.\n',
      'A helicopter landed outside Homs after the fighting.\nOfficials said the helicopter carried wounded soldiers.\n',
    ]
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        const dir = await tempDir()
        const model: Model = { files: new Map(), sources: null }
        // A folder to start from: two articles, no metadata.
        await perform(dir, model, { kind: 'write', name: 'a.txt', text: 1 })
        await perform(dir, model, { kind: 'write', name: 'b.txt', text: 2 })
        let live = snapshotOf(
          stateFromReads(await readSourcesFile(dir), [
            await readArticleFile(dir, 'a.txt'),
            await readArticleFile(dir, 'b.txt'),
          ]),
          { vocabulary, index: INDEX },
        )
        let compaction: { steps: Generator<void, SearchIndex>; done: SearchIndex | null } | null = null
        const finishCompaction = () => {
          if (!compaction) return
          let result = compaction.done
          while (result === null) {
            const step = compaction.steps.next()
            if (step.done) result = step.value
          }
          live = withIndex(live, result.caughtUpWith(live.index))
          compaction = null
        }
        for (const edit of ops) {
          if (edit.kind === 'compact') {
            live = withIndex(live, live.index.compacted())
            continue
          }
          if (edit.kind === 'compactStart') {
            if (!compaction) {
              const steps = live.index.compactedInSteps()
              const first = steps.next()
              compaction = { steps, done: first.done ? first.value : null }
            }
            continue
          }
          if (edit.kind === 'compactEnd') {
            finishCompaction()
            continue
          }
          for (const changed of await perform(dir, model, edit)) {
            const read = changed === SOURCES_FILE ? await readSourcesFile(dir) : await readArticleFile(dir, changed)
            const { state, change } = applyRead(live.state, read)
            if (state !== live.state) live = nextSnapshot(live, state, change)
          }
        }
        finishCompaction()
        const fresh = await freshOf(model)
        await rm(dir, { recursive: true, force: true })
        if (!fresh) {
          expect(live.articles).toEqual([])
          return
        }
        expect(live.articles.map((a) => ({ ...a, text: hash(a.text) }))).toEqual(
          fresh.articles.map((a) => ({ ...a, text: hash(a.text) })),
        )
        expect({ ...live.stats, loadMs: 0 }).toEqual({ ...fresh.stats, loadMs: 0 })
        // Quotations too: the same statements, versions and outlets as a fresh load's.
        for (const lookup of [
          'Abdurrahman',
          'General Abbas',
          '"mother of all battles"',
          '"temporary tactical measure"',
        ]) {
          expect(JSON.stringify(live.quotations.lookup(lookup)), lookup).toBe(
            JSON.stringify(fresh.quotations.lookup(lookup)),
          )
        }
        for (const query of QUERIES) {
          for (const offset of [0, 5]) {
            expect(visible(search(live.index, query, { offset })), `${query} @${offset}`).toEqual(
              visible(search(fresh.index, query, { offset })),
            )
          }
        }
      }),
      { numRuns: 60 },
    )
  }, 120_000)
})

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12)
}
