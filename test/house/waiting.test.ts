import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Tests wait for conditions through one helper, test/support/until.ts: a polling loop of its own in a test file (a
 * `while` that sleeps with setTimeout) is a copy of it, and each copy drifts (its own timeout, its own message).
 */
const HELPER = join('test', 'support', 'until.ts')
const POLLING_LOOP = /while\s*\([^;{]*\)\s*\{[\s\S]{0,300}?setTimeout\(/

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(path)
    return path.endsWith('.ts') ? [path] : []
  })
}

describe('waiting', () => {
  it('one polling helper: no test file polls in a loop of its own', () => {
    const files = testFiles('test')
    expect(files).toContain(HELPER)
    expect(POLLING_LOOP.test(readFileSync(HELPER, 'utf8'))).toBe(true)
    const copies = files.filter((file) => file !== HELPER && POLLING_LOOP.test(readFileSync(file, 'utf8')))
    expect(copies).toEqual([])
  })
})
