/**
 * One DOM library's cost, measured in a fresh process (run by bench/pages.ts): memory before the library is loaded,
 * then the speed of extracting every page of a folder with it, then memory after (garbage collected, results kept as
 * the texts only). Prints one JSON object on stdout.
 *   node --expose-gc --import tsx bench/domWorker.ts <storydesk|jsdom> <folder of .html pages>
 *
 * "storydesk" is what Storydesk ships (parse5 → linkedom → Readability, src/corpus/page.ts); "jsdom" is the same
 * Readability on jsdom, the DOM Readability's own documentation uses.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const [library, dir] = process.argv.slice(2)
if ((library !== 'storydesk' && library !== 'jsdom') || !dir) {
  console.error('usage: domWorker.ts <storydesk|jsdom> <folder>')
  process.exit(2)
}
const gc = (globalThis as { gc?: () => void }).gc
const settle = (): NodeJS.MemoryUsage => {
  gc?.()
  gc?.()
  return process.memoryUsage()
}

const pages = readdirSync(dir)
  .filter((name) => name.endsWith('.html'))
  .sort()
  .map((name) => readFileSync(join(dir, name), 'utf8'))
const before = settle()

let extract: (html: string) => string
if (library === 'storydesk') {
  const { extractPage } = await import('../src/corpus/page.ts')
  extract = (html) => {
    const page = extractPage('page.html', html)
    return page.ok ? page.text : ''
  }
} else {
  const { JSDOM, VirtualConsole } = await import('jsdom')
  const { Readability } = await import('@mozilla/readability')
  const virtualConsole = new VirtualConsole() // the pages' CSS errors are not the benchmark's output
  extract = (html) => {
    const dom = new JSDOM(html, { virtualConsole })
    const text = new Readability(dom.window.document).parse()?.textContent ?? ''
    dom.window.close()
    return text
  }
}

// One pass to warm up, then the measured pass.
for (const html of pages.slice(0, 5)) extract(html)
const texts: string[] = []
let peakRss = process.memoryUsage().rss
const started = performance.now()
for (const html of pages) {
  texts.push(extract(html))
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
}
const seconds = (performance.now() - started) / 1000
const after = settle()

const mib = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10
console.log(
  JSON.stringify({
    library,
    pages: pages.length,
    extracted: texts.filter((t) => t.length > 0).length,
    pagesPerSecond: Math.round((pages.length / seconds) * 10) / 10,
    rssBeforeMiB: mib(before.rss),
    rssAfterMiB: mib(after.rss),
    rssAddedMiB: mib(after.rss - before.rss),
    peakRssAddedMiB: mib(peakRss - before.rss),
    heapAddedMiB: mib(after.heapUsed - before.heapUsed),
  }),
)
