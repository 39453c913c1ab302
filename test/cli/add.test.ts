/** `npm run add` as a producer runs it: a real process, a real page server on 127.0.0.1, a real articles folder. */
import { execFile } from 'node:child_process'
import { copyFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPageServer, type PageServer } from '../support/pageServer.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SEEDS = join(ROOT, 'seeds')

function add(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/add.ts', ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
  })
}

let server: PageServer
let dir: string
beforeAll(async () => {
  server = await startPageServer()
  dir = await mkdtemp(join(tmpdir(), 'storydesk-cli-add-'))
  for (const name of await readdir(SEEDS)) await copyFile(join(SEEDS, name), join(dir, name))
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

describe('npm run add', () => {
  const env = () => ({ SEEDS_DIR: dir, ALLOW_PRIVATE_ADDRESSES: '127.0.0.1' })

  it('adds a page by link and prints what the bot will quote', async () => {
    const { code, stdout } = await add([`${server.origin}/own/jsonld-graph.html`], env())
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Added 2024-03-02_ferry-strike-ends-after-pay-deal-[0-9a-f]{6}\.txt to /)
    expect(stdout).toMatch(/outlet\s+Harbour Gazette\s+\[from the page's JSON-LD: publisher\.name\]/)
    expect(stdout).toMatch(/\n\s+1 {2}Harbour ferry crews voted on Saturday/)
    expect(stdout).toMatch(/\d+ passages the bot can quote, credited to Harbour Gazette\./)
    const sources = JSON.parse(await readFile(join(dir, 'sources.json'), 'utf8'))
    expect(Object.values(sources.files)).toContainEqual(expect.objectContaining({ outlet: 'Harbour Gazette' }))
  })

  it('refuses the same link again: exit 1, one clear line naming the link', async () => {
    const { code, stdout, stderr } = await add([`${server.origin}/own/jsonld-graph.html`], env())
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr.trim()).toMatch(
      /^add: not added\. http:\/\/127\.0\.0\.1:\d+\/own\/jsonld-graph\.html: is already in the folder as 2024-03-02_ferry-strike-ends-after-pay-deal-[0-9a-f]{6}\.txt \(same URL\); not added again$/,
    )
  })

  it('a link that redirects to a missing page: the message names where it was redirected to', async () => {
    const { code, stdout, stderr } = await add([`${server.origin}/hop/1/status/404`], env())
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toContain(
      `${server.origin}/hop/1/status/404: the server answered 404 Not Found (after a redirect to ${server.origin}/status/404)`,
    )
  })

  it('refuses a link to a private address unless the setting allows it', async () => {
    const { code, stderr } = await add([`${server.origin}/pages/wordpress`], { SEEDS_DIR: dir })
    expect(code).toBe(1)
    expect(stderr).toMatch(
      /leads to 127\.0\.0\.1, a loopback address \(this machine\); not fetched \(Storydesk only fetches pages on the public internet\)/,
    )
  })

  it('bad arguments and bad settings: exit 2', async () => {
    const none = await add([], env())
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/give exactly one link or file/)
    const settings = await add([`${server.origin}/pages/wordpress`], { ...env(), ADD_TIMEOUT_MS: 'soon' })
    expect(settings.code).toBe(2)
    expect(settings.stderr).toMatch(/ADD_TIMEOUT_MS must be a number of milliseconds/)
    const folder = await add([`${server.origin}/pages/wordpress`], { ...env(), SEEDS_DIR: join(dir, 'missing') })
    expect(folder.code).toBe(2)
    expect(folder.stderr).toMatch(/does not exist/)
  })
})
