/** `npm run ask` as a person (or another tool) runs it: a real process, real seed files. */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

function ask(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/ask.ts', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('npm run ask', () => {
  it('prints quoted, attributed passages, best first', () => {
    const { code, stdout } = ask(['homs distance'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^1\. “.*(kilomet|km|miles).*”$/m)
    expect(stdout).toContain('— Express & Star (AP), 6 Dec 2024')
    expect(stdout).toContain('— Novinite, 6 Dec 2024')
  })

  it('--json prints exactly one JSON object with the documented fields; quotes are verbatim', () => {
    const { code, stdout } = ask(['--json', '--limit', '3', '"mother of all battles"'])
    expect(code).toBe(0)
    expect(stdout.trim().split('\n')).toHaveLength(1)
    const json = JSON.parse(stdout) as { query: string; results: Record<string, unknown>[] }
    expect(json.query).toBe('"mother of all battles"')
    expect(json.results.length).toBeGreaterThan(0)
    for (const r of json.results) {
      expect(Object.keys(r).sort()).toEqual([
        'alsoIn',
        'matched',
        'outlet',
        'published',
        'quote',
        'score',
        'source',
        'title',
        'url',
      ])
      expect(readFileSync(join('seeds', r.source as string), 'utf8')).toContain(r.quote as string)
      for (const copy of r.alsoIn as { source: string; quote: string; outlet: string }[]) {
        expect(readFileSync(join('seeds', copy.source), 'utf8')).toContain(copy.quote)
      }
    }
    expect(json.results.some((r) => (r.alsoIn as unknown[]).length > 0)).toBe(true)
  })

  it('no results: a clear message and exit 0', () => {
    const { code, stdout } = ask(['Magzter GOLD'])
    expect(code).toBe(0)
    expect(stdout).toContain('No passages match')
  })

  it('no query: usage and exit 2; a bad --limit: exit 2', () => {
    const none = ask([])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('Usage: npm run ask')
    expect(ask(['--limit', 'ten', 'homs']).code).toBe(2)
  })

  it('a missing SEEDS_DIR: a clear error, exit 2', () => {
    const { code, stderr } = ask(['homs'], { SEEDS_DIR: '/no/such/seeds' })
    expect(code).toBe(2)
    expect(stderr).toContain('/no/such/seeds')
  })

  it('a bad file is reported on stderr and the rest still answers; --json stays one object', () => {
    const dir = mkdtempSync(join(tmpdir(), 'storydesk-ask-'))
    for (const f of readdirSync('seeds')) copyFileSync(join('seeds', f), join(dir, f))
    writeFileSync(join(dir, 'zzz_broken.txt'), Buffer.from([0xff, 0xfe, 0x00, 0x41]))
    mkdirSync(join(dir, 'sub'))
    const { code, stdout, stderr } = ask(['--json', 'Talbiseh'], { SEEDS_DIR: dir, INDEX_CACHE_DIR: '' })
    rmSync(dir, { recursive: true, force: true })
    expect(code).toBe(0)
    expect(stderr).toMatch(/zzz_broken\.txt/)
    expect(JSON.parse(stdout).results.length).toBeGreaterThan(0)
  })
})
