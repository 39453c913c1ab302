/** `npm run quotes` as a reporter (or another tool) runs it: a real process, real seed files. */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, INDEX_CACHE_DIR: '', ...env },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}
const quotes = (args: string[], env: Record<string, string> = {}) => run('src/cli/quotes.ts', args, env)

interface QuotesJson {
  query: string
  quotations: {
    speaker: string | null
    differs: boolean
    versions: { words: string; outlets: { outlet: string; source: string; start: number; end: number }[] }[]
  }[]
}

describe('npm run quotes', () => {
  it('a name in any spelling: the speaker’s statements with every version and its outlets', () => {
    const { code, stdout } = quotes(['Abdulrahman'])
    expect(code).toBe(0)
    expect(stdout).toContain('Quotations of Rami Abdurrahman — 1 statement')
    expect(stdout).toContain('“The battle of Homs is the mother of all battles and will decide who will rule Syria,”')
    expect(stdout).toContain('— Express & Star (AP), 6 Dec 2024; Sky News, 6 Dec 2024; The Independent, 7 Dec 2024')
    expect(stdout).toContain('differs: “determine Syria’s ruler” where Express & Star (AP), Sky News, The Independent')
  })

  it('quoted words: who printed exactly these words and who printed others', () => {
    const { code, stdout } = quotes(['"We are in a strong position on the ground"'])
    expect(code).toBe(0)
    expect(stdout).toContain('Exactly these words: JK Active (AP)')
    expect(stdout).toContain('In other words: Express & Star (AP), Sky News')
    expect(stdout).toContain('1. General Ali Mahmoud Abbas')
    const none = quotes(['"we will never surrender"'])
    expect(none.code).toBe(0)
    expect(none.stdout).toContain('No outlet printed “we will never surrender” as a quotation.')
  })

  it('--json prints exactly the documented shape; every version’s offsets point at its words in its file', () => {
    for (const query of ['General Abbas', '"the mother of all battles"']) {
      const { code, stdout } = quotes(['--json', query])
      expect(code).toBe(0)
      expect(stdout.trim().split('\n')).toHaveLength(1)
      const json = JSON.parse(stdout) as QuotesJson
      expect(Object.keys(json).sort()).toEqual(['query', 'quotations'])
      expect(json.query).toBe(query)
      expect(json.quotations.length).toBeGreaterThan(0)
      for (const q of json.quotations) {
        expect(Object.keys(q).sort()).toEqual(['differs', 'speaker', 'versions'])
        for (const version of q.versions) {
          expect(Object.keys(version).sort()).toEqual(['outlets', 'words'])
          for (const o of version.outlets) {
            expect(Object.keys(o).sort()).toEqual(['end', 'outlet', 'source', 'start'])
            // The seeds print each version identically in every outlet: the offsets give the words exactly.
            expect(readFileSync(join('seeds', o.source), 'utf8').slice(o.start, o.end)).toBe(version.words)
          }
        }
      }
    }
    const abbas = JSON.parse(quotes(['--json', 'General Abbas']).stdout) as QuotesJson
    expect(abbas.quotations.map((q) => [q.speaker, q.differs, q.versions.length])).toEqual([
      ['General Ali Mahmoud Abbas', true, 2],
      ['General Ali Mahmoud Abbas', false, 2],
    ])
    expect(abbas.quotations[0]!.versions.map((v) => v.outlets.map((o) => o.outlet))).toEqual([
      ['Express & Star', 'Sky News'],
      ['JK Active'],
    ])
  })

  it('no query: usage and exit 2; a bad --limit: exit 2; a missing SEEDS_DIR: exit 2', () => {
    const none = quotes([])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('Usage: npm run quotes')
    expect(quotes(['--limit', '0', 'Abbas']).code).toBe(2)
    const missing = quotes(['Abbas'], { SEEDS_DIR: '/no/such/seeds' })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('/no/such/seeds')
  })

  it('ask shows the warning under a passage whose quotation other outlets print in other words', () => {
    const { code, stdout } = run('src/cli/ask.ts', ['--limit', '2', 'mother of all battles'])
    expect(code).toBe(0)
    expect(stdout).toContain('⚠ Express & Star, Sky News, The Independent quote this as: …decide who will rule Syria')
    expect(stdout).toContain('⚠ JK Active quotes this as: …determine Syria’s ruler')
  })
})
