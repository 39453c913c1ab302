import { spawnSync } from 'node:child_process'
import { copyFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const PAGES = fileURLToPath(new URL('../fixtures/pages/', import.meta.url))

/**
 * In a fresh process (modules load once per process): every module URL Node loads is recorded by a module hook, so
 * the probe sees which libraries a start really loaded. The DOM libraries of page extraction (linkedom, parse5,
 * Readability) cost 0.25–0.35 s to load; they must load when a page is extracted and not before.
 */
const PROBE = `
import { register } from 'node:module'
import { MessageChannel } from 'node:worker_threads'
const [textDir, pageDir, root] = process.argv.slice(1)
const loaded = []
const { port1, port2 } = new MessageChannel()
port1.on('message', (url) => loaded.push(url))
const hooks = 'let port; export function initialize(data) { port = data.port }' +
  ' export async function load(url, context, next) { port.postMessage(url); return next(url, context) }'
register('data:text/javascript,' + encodeURIComponent(hooks), { data: { port: port2 }, transferList: [port2] })
// The hook reports from its own thread: a module imported last is reported last, so once it is in, all are.
async function settled() {
  const marker = 'data:text/javascript,export default ' + loaded.length
  await import(marker)
  while (!loaded.includes(marker)) await new Promise((resolve) => setImmediate(resolve))
}
const domLibraries = () => loaded.filter((url) => /node_modules\\/(linkedom|parse5|@mozilla\\/readability)\\//.test(url))
await import(root + '/src/slack/app.ts')
const { loadSnapshot } = await import(root + '/src/snapshot/snapshot.ts')
const texts = await loadSnapshot(textDir)
await settled()
const beforePage = domLibraries().length
const pages = await loadSnapshot(pageDir)
await settled()
console.log(JSON.stringify({
  beforePage,
  afterPage: domLibraries().length,
  textArticles: texts.stats.articles,
  pageOutlets: pages.articles.map((article) => article.outlet),
}))
port1.close()
`

describe('page extraction is loaded on first use', () => {
  it('a start with no web page never loads the DOM libraries; the first page to extract loads them', async () => {
    const pageDir = await mkdtemp(join(tmpdir(), 'storydesk-lazy-page-'))
    try {
      await copyFile(join(PAGES, 'wordpress', 'source.html'), join(pageDir, 'tavern.html'))
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', PROBE, 'seeds', pageDir, resolve('.')],
        { encoding: 'utf8', timeout: 50_000 },
      )
      expect(result.stderr).toBe('')
      expect(result.status).toBe(0)
      const probe = JSON.parse(result.stdout) as {
        beforePage: number
        afterPage: number
        textArticles: number
        pageOutlets: string[]
      }
      // The bot's modules and a folder of text files loaded, and no DOM library among them.
      expect(probe.textArticles).toBe(5)
      expect(probe.beforePage).toBe(0)
      // The page was extracted (an article credited from the page itself), which loaded them.
      expect(probe.pageOutlets).toHaveLength(1)
      expect(probe.afterPage).toBeGreaterThanOrEqual(3)
    } finally {
      await rm(pageDir, { recursive: true, force: true })
    }
  }, 60_000)
})
