import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * The import direction between stages (README, Architecture) is enforced by Biome's noRestrictedImports in
 * biome.json. These tests lint a wrong-way import placed in a stage's folder and check that Biome refuses it,
 * so the rule cannot silently stop applying (a renamed folder, a mistyped pattern).
 */
const biome = join('node_modules', '.bin', 'biome')
const probes: string[] = []

function lintProbe(folder: string, source: string): { status: number | null; output: string } {
  // A file inside the stage's folder, so the folder's override applies; removed after the run.
  const dir = mkdtempSync(join(folder, 'zz-import-probe-'))
  probes.push(dir)
  const file = join(dir, 'probe.ts')
  writeFileSync(file, source)
  const result = spawnSync(biome, ['lint', '--colors=off', file], { encoding: 'utf8' })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

afterAll(() => {
  for (const dir of probes) rmSync(dir, { recursive: true, force: true })
})

describe('import direction', () => {
  it.each([
    ['src/search', "import { x } from '../../slack/app.ts'\nexport const y = x\n"],
    ['src/search', "import { x } from '../../config.ts'\nexport const y = x\n"],
    ['src/corpus', "import { x } from '../../passages/passages.ts'\nexport const y = x\n"],
    ['src/snapshot', "import { x } from '../../render/blocks.ts'\nexport const y = x\n"],
    ['src/render', "import { x } from '../../../test/support/fakeSlack.ts'\nexport const y = x\n"],
    ['src/cli', "import { x } from '../../slack/app.ts'\nexport const y = x\n"],
    ['src/commands', "import { x } from '../../slack/app.ts'\nexport const y = x\n"],
    ['src/render', "import { x } from '../../commands/router.ts'\nexport const y = x\n"],
    ['src/intake', "import { x } from '../../snapshot/store.ts'\nexport const y = x\n"],
    ['src/intake', "import { x } from '../../config.ts'\nexport const y = x\n"],
    ['src/intake', "import { x } from '../../render/blocks.ts'\nexport const y = x\n"],
    ['src/corpus', "import { x } from '../../intake/add.ts'\nexport const y = x\n"],
    ['src/quotes', "import { x } from '../../snapshot/snapshot.ts'\nexport const y = x\n"],
    ['src/quotes', "import { x } from '../../render/blocks.ts'\nexport const y = x\n"],
    ['src/quotes', "import { x } from '../../config.ts'\nexport const y = x\n"],
    ['src/passages', "import { x } from '../../quotes/extract.ts'\nexport const y = x\n"],
    ['src/search', "import { x } from '../../quotes/extract.ts'\nexport const y = x\n"],
  ])('%s refuses %j', (folder, source) => {
    const { status, output } = lintProbe(folder, source)
    expect(output).toContain('noRestrictedImports')
    expect(status).not.toBe(0)
  })

  it('intake may use corpus and passages', () => {
    const { status, output } = lintProbe(
      'src/intake',
      "import { x } from '../../corpus/page.ts'\nimport { z } from '../../passages/passages.ts'\nexport const y = [x, z]\n",
    )
    expect(output).not.toContain('noRestrictedImports')
    expect(status).toBe(0)
  })

  it.each([
    ['src/slack', "import { x } from '../../search/query.ts'\nexport const y = x\n"],
    ['src/quotes', "import { x } from '../../search/tokenize.ts'\nexport const y = x\n"],
    ['src/render', "import { x } from '../../quotes/index.ts'\nexport const y = x\n"],
  ])('%s allows %j, which runs the right way', (folder, source) => {
    const { status, output } = lintProbe(folder, source)
    expect(output).not.toContain('noRestrictedImports')
    expect(status).toBe(0)
  })
})
