/**
 * Web pages in the articles folder, measured (npm run bench -- --pages N):
 * - pages loaded per second through the loader's own path (read, decode, extract with Readability, clean,
 *   attribute), against the same articles saved as .txt (the ratio is what extraction costs);
 * - the start-up time N pages add to a folder (fresh processes, without and with the index cache);
 * - the memory and speed of the DOM library: what Storydesk ships (parse5 → linkedom) against jsdom, each in a
 *   fresh process (bench/domWorker.ts).
 * The pages are the five real pages of test/fixtures/pages and the article pages of test/fixtures/pages/own,
 * repeated (each copy's bytes made unique) up to N.
 */
import { spawnSync } from 'node:child_process'
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readArticleFile } from '../src/corpus/files.ts'
import { articleFromRead } from '../src/corpus/load.ts'
import { round } from './stats.ts'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const FIXTURES = join(ROOT, 'test', 'fixtures', 'pages')
const WORK = join(ROOT, '.cache', 'bench-pages')
const OWN_ARTICLES = ['jsonld-graph.html', 'wire-on-local-site.html', 'no-metadata.html', 'windows-1252.html']

export interface PagesFigures {
  pages: number
  pagesPerSecond: number
  textArticlesPerSecond: number
  extractionCostRatio: number
  startupMs: { seedsOnly: number; withPages: number; added: number; addedWithCache: number }
  dom: Record<string, unknown>[]
}

export async function pagesBench(count: number, log: (line: string) => void): Promise<PagesFigures> {
  const pagesDir = join(WORK, 'pages')
  const textDir = join(WORK, 'texts')
  const seedsDir = join(WORK, 'seeds')
  const withPagesDir = join(WORK, 'seeds-and-pages')
  await rm(WORK, { recursive: true, force: true })
  for (const d of [pagesDir, textDir, seedsDir, withPagesDir]) await mkdir(d, { recursive: true })

  const sources: Buffer[] = []
  for (const folder of (await readdir(FIXTURES, { withFileTypes: true })).filter((e) => e.isDirectory())) {
    if (folder.name !== 'own') sources.push(await readFile(join(FIXTURES, folder.name, 'source.html')))
  }
  for (const name of OWN_ARTICLES) sources.push(await readFile(join(FIXTURES, 'own', name)))
  for (let i = 0; i < count; i++) {
    // A comment makes each copy's bytes (and so its cache digest) its own; the text extracted is the source's.
    const bytes = Buffer.concat([sources[i % sources.length]!, Buffer.from(`\n<!-- copy ${i} -->\n`)])
    const name = `page-${String(i).padStart(4, '0')}.html`
    await writeFile(join(pagesDir, name), bytes)
    await writeFile(join(withPagesDir, name), bytes)
  }
  for (const name of await readdir(join(ROOT, 'seeds'))) {
    await copyFile(join(ROOT, 'seeds', name), join(seedsDir, name))
    await copyFile(join(ROOT, 'seeds', name), join(withPagesDir, name))
  }

  // Pages through the loader's path, then the same articles as text files.
  const names = (await readdir(pagesDir)).sort()
  for (const name of names.slice(0, 5)) articleFromRead(await readArticleFile(pagesDir, name), undefined)
  let started = performance.now()
  for (const name of names) {
    const read = await readArticleFile(pagesDir, name)
    if (read.kind === 'text') await writeFile(join(textDir, name.replace(/\.html$/, '.txt')), read.text)
  }
  // Timed apart from the writes above: read + extract + clean + attribute, as start-up does.
  started = performance.now()
  for (const name of names) articleFromRead(await readArticleFile(pagesDir, name), undefined)
  const pagesSeconds = (performance.now() - started) / 1000
  const texts = (await readdir(textDir)).sort()
  started = performance.now()
  for (const name of texts) articleFromRead(await readArticleFile(textDir, name), undefined)
  const textSeconds = (performance.now() - started) / 1000
  const pagesPerSecond = round(names.length / pagesSeconds, 1)
  const textArticlesPerSecond = round(texts.length / textSeconds, 1)
  log(
    `pages: ${names.length} pages loaded at ${pagesPerSecond}/s (read, extract, clean, attribute); the same articles as .txt: ${textArticlesPerSecond}/s; extraction costs ${round(textArticlesPerSecond / pagesPerSecond, 1)}x`,
  )

  // Start-up in fresh processes: seeds alone, then seeds and the pages; each without a cache, then from it.
  const start = (dir: string, cacheDir: string) => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/coldStart.mjs', dir, cacheDir], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    if (child.status !== 0) throw new Error(`coldStart.mjs exited with ${child.status}`)
    return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { readyMs: number; cache: string }
  }
  const seedsOnly = start(seedsDir, join(WORK, 'cache-seeds')).readyMs
  const withPages = start(withPagesDir, join(WORK, 'cache-pages')).readyMs
  const withPagesCached = start(withPagesDir, join(WORK, 'cache-pages')).readyMs
  const seedsCached = start(seedsDir, join(WORK, 'cache-seeds')).readyMs
  const startupMs = {
    seedsOnly,
    withPages,
    added: withPages - seedsOnly,
    addedWithCache: withPagesCached - seedsCached,
  }
  log(
    `start-up (fresh process, start to ready): seeds ${seedsOnly} ms, seeds + ${count} pages ${withPages} ms: +${startupMs.added} ms without the index cache, +${startupMs.addedWithCache} ms with it`,
  )

  // The DOM library: speed and memory, each in a fresh process.
  const dom = ['storydesk', 'jsdom'].map((library) => {
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'bench/domWorker.ts', library, pagesDir],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    )
    if (child.status !== 0) throw new Error(`domWorker.ts ${library} exited with ${child.status}`)
    return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Record<string, number | string>
  })
  for (const d of dom) {
    log(
      `DOM ${d.library}: ${d.pagesPerSecond} pages/s; memory added after ${d.pages} pages: RSS +${d.rssAddedMiB} MiB (peak +${d.peakRssAddedMiB} MiB), heap +${d.heapAddedMiB} MiB`,
    )
  }
  const [ours, jsdom] = dom as { pagesPerSecond: number; peakRssAddedMiB: number }[]
  log(
    `linkedom (with parse5) against jsdom: ${round(ours!.pagesPerSecond / jsdom!.pagesPerSecond, 2)}x the speed, ${round(ours!.peakRssAddedMiB / jsdom!.peakRssAddedMiB, 2)}x the peak memory`,
  )
  return {
    pages: names.length,
    pagesPerSecond,
    textArticlesPerSecond,
    extractionCostRatio: round(textArticlesPerSecond / pagesPerSecond, 1),
    startupMs,
    dom,
  }
}
