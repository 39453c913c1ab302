// `npm run inspect -- FILE` end to end (a real process): what a producer sees, and the exit codes.
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

function inspect(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/inspect.ts', ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
      },
    )
  })
}

describe('inspect', () => {
  it('shows attribution with its basis, numbered paragraphs, headings, and each removal with its rule and reason', async () => {
    const { code, stdout } = await inspect('seeds/002_bac5b52dfc34d39a.txt')
    expect(code).toBe(0)
    expect(stdout).toMatch(/outlet\s+Sky News\s+\[from sources\.json: outlet\]/)
    expect(stdout).toMatch(/published\s+2024-12-06/)
    expect(stdout).toContain('22 paragraphs, 3 headings')
    expect(stdout).toMatch(/#\s+Elite Hezbollah forces cross into Syria/)
    expect(stdout).toMatch(/\n\s+1 {2}Syrian rebel forces are closing in/)
    expect(stdout).toMatch(/line\s+25\s+video-title\s+"Celebrations in Syrian city as govt driven out"/)
    expect(stdout).toMatch(/video-title\s+Title of an embedded video/)
    expect(stdout).toContain('PROBLEMS  none')
  })

  it('a web page: the extracted text line by line, each fact with where it came from, the byline as a person', async () => {
    const { code, stdout } = await inspect('test/fixtures/pages/own/jsonld-graph.html')
    expect(code).toBe(0)
    expect(stdout).toMatch(/outlet\s+Harbour Gazette\s+\[from the page's JSON-LD: publisher\.name\]/)
    expect(stdout).toMatch(/wire\s+AAP\s+\[from the text: dateline, line 5\]/)
    expect(stdout).toMatch(/published\s+2024-03-02\s+\[from the page's JSON-LD: datePublished\]/)
    expect(stdout).toMatch(/byline\s+Jane Doe\s+\[a person: never the outlet\]/)
    expect(stdout).toMatch(/TEXT {2}extracted from the page with Readability, \d+ characters, 13 lines/)
    expect(stdout).toMatch(/\n\s+5 \| SYDNEY \(AAP\) - Harbour ferry crews voted/)
    expect(stdout).toMatch(/line\s+5\s+dateline\s+"SYDNEY \(AAP\) -"/)
    expect(stdout).toContain('PROBLEMS  none')
  })

  it('hard-wrapped wire copy: the layout, and paragraphs joined across lines', async () => {
    const { code, stdout } = await inspect('test/fixtures/wire/reuters-1987-indented.txt')
    expect(code).toBe(0)
    expect(stdout).toMatch(/layout\s+hard-wrapped at 66 columns, lines joined into paragraphs;/)
    expect(stdout).toMatch(/paragraphs marked by\s+indented\s+first lines/)
    expect(stdout).toMatch(/wire\s+Reuters\s+\[from the text: sign-off, line 15\]/)
    expect(stdout).toMatch(/date without a day\/year "Feb 26" \(dateline, line 2\)/)
    expect(stdout).toMatch(
      /\n\s+1 {2}Copper futures rose for a third session on Thursday as a strike at two Chilean mines/,
    )
    expect(stdout).toMatch(/line\s+15\s+sign-off\s+"Reuter"/)
  })

  it('a page that is not an article is reported and exits 1', async () => {
    const { code, stdout } = await inspect('test/fixtures/pages/own/not-an-article.html')
    expect(code).toBe(1)
    expect(stdout).toMatch(/not-an-article\.html: is not an article/)
  })

  it('a skipped file prints its problem and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'storydesk-inspect-'))
    try {
      await writeFile(join(dir, 'empty.txt'), '')
      const { code, stdout } = await inspect(join(dir, 'empty.txt'))
      expect(code).toBe(1)
      expect(stdout).toMatch(/empty\.txt: is empty/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('missing file, a folder, or no argument: a clear message and exit 2', async () => {
    const missing = await inspect('seeds/nope.txt')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/no such file: seeds\/nope\.txt/)
    const folder = await inspect('seeds')
    expect(folder.code).toBe(2)
    expect(folder.stderr).toMatch(/is a folder/)
    const none = await inspect()
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/usage:/)
  })
})
