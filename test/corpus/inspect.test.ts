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
    expect(stdout).toMatch(/outlet\s+Sky News\s+\[from sources\.json\]/)
    expect(stdout).toMatch(/published\s+2024-12-06/)
    expect(stdout).toContain('22 paragraphs, 3 headings')
    expect(stdout).toMatch(/#\s+Elite Hezbollah forces cross into Syria/)
    expect(stdout).toMatch(/\n\s+1 {2}Syrian rebel forces are closing in/)
    expect(stdout).toMatch(/line\s+25\s+video-title\s+"Celebrations in Syrian city as govt driven out"/)
    expect(stdout).toMatch(/video-title\s+Title of an embedded video/)
    expect(stdout).toContain('PROBLEMS  none')
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
