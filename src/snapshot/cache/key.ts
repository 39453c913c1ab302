/**
 * The cache key: a hash of everything that shapes what a cache file holds, other than the articles themselves. A
 * cache file with another key was written by other code or settings and is rebuilt (silently: that is an upgrade,
 * not damage).
 *
 * The code is found, not listed: starting from the cache's own entry point and the index build's worker, every module
 * they import, directly or not, is hashed (the corpus, passages, search and quotation stages, the snapshot code that
 * decides what is saved, the cache itself), with the installed version of every package those modules import. A
 * new stage the snapshot comes to depend on is covered without anyone remembering to add it here.
 *
 * The same key whether the code runs as TypeScript (tsx: `npm run ask`, tests) or compiled (`npm start`): the build
 * copies the .ts sources next to the .js it compiles from them (dist/ then holds both, and source maps point at
 * them), and the modules hashed are the .ts files in both cases. So the CLI and the bot share one cache file
 * instead of rebuilding it in turn.
 */
import { createHash } from 'node:crypto'
import { access, readFile } from 'node:fs/promises'
import { dirname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SnapshotOptions } from '../snapshot.ts'
import type { Vocabulary } from '../../search/vocabulary.ts'
import { CACHE_FORMAT } from './format.ts'

/** The root of the source tree this module runs from: src/ under tsx, dist/ once compiled. */
const SOURCE_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Where the code that shapes a cache file starts (paths from the source root, without extension): the cache (which
 * imports the snapshot, corpus state, parallel build and, through them, every stage), and the build worker, which
 * is started by file name rather than imported.
 */
const ENTRY_POINTS = ['snapshot/cache', 'snapshot/buildWorker'] as const

/**
 * The key of the code and settings that shape an index: the cache format, the code fingerprint, the vocabulary's
 * stop words and alternatives, and the passage options.
 *
 * @example const key = await cacheKey(loadVocabulary(), {})
 */
export async function cacheKey(vocabulary: Vocabulary, options: SnapshotOptions): Promise<string> {
  const hash = createHash('sha256')
  hash.update(`format ${CACHE_FORMAT}\n${await codeFingerprint()}\n`)
  hash.update(JSON.stringify([[...vocabulary.stopWords].sort(), [...vocabulary.alternatives].sort()]))
  hash.update(JSON.stringify(options.index?.passages ?? {}))
  return hash.digest('hex')
}

const fingerprints = new Map<string, Promise<string>>()

/**
 * A hash of the modules reachable from ENTRY_POINTS under `root` (their paths and bytes) and of the versions of the
 * packages they import. Computed once per process and root.
 *
 * @example await codeFingerprint() // the running code's; codeFingerprint('/tmp/copy/src') for another tree
 */
export function codeFingerprint(root: string = SOURCE_ROOT): Promise<string> {
  let memo = fingerprints.get(root)
  if (!memo) {
    memo = fingerprintOf(root)
    // A failure (a source file unreadable) is not remembered: the next load tries again.
    memo.catch(() => fingerprints.delete(root))
    fingerprints.set(root, memo)
  }
  return memo
}

async function fingerprintOf(root: string): Promise<string> {
  const { modules, packages } = await reachableModules(root)
  const hash = createHash('sha256')
  for (const [path, bytes] of [...modules].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    hash.update(`${path} ${bytes.length}\n`).update(bytes)
  }
  for (const name of [...packages].sort()) hash.update(`${name}@${await packageVersion(root, name)}\n`)
  return hash.digest('hex')
}

/**
 * Every module reachable from ENTRY_POINTS by relative imports (path from `root` → bytes), and every package they
 * import. The .ts sources when they are there (src/, and dist/ as the build leaves it), else the compiled .js.
 */
export async function reachableModules(root: string): Promise<{ modules: Map<string, Buffer>; packages: Set<string> }> {
  const extension = (await exists(join(root, `${ENTRY_POINTS[0]}.ts`))) ? '.ts' : '.js'
  const modules = new Map<string, Buffer>()
  const packages = new Set<string>()
  const queue: string[] = ENTRY_POINTS.map((entry) => `${entry}${extension}`)
  if (!(await exists(join(root, queue[0]!)))) throw new Error(`no ${queue[0]} under ${root}`)
  while (queue.length > 0) {
    const path = queue.pop()!
    if (modules.has(path)) continue
    // A specifier that names no file was text in a comment (a real import names a file that exists).
    const bytes = await readFile(join(root, path)).catch(() => null)
    if (bytes === null) continue
    modules.set(path, bytes)
    if (!/\.(?:ts|js|mjs)$/.test(path)) continue
    for (const specifier of importSpecifiers(bytes.toString('utf8'))) {
      if (specifier.startsWith('.')) {
        const target = normalize(join(dirname(path), specifier))
        if (!target.startsWith('..')) queue.push(target)
      } else if (!specifier.startsWith('node:')) {
        packages.add(packageName(specifier))
      }
    }
  }
  return { modules, packages }
}

/** The specifiers of a module's imports and re-exports: `from '…'`, `import '…'` and `import('…')`. */
function importSpecifiers(source: string): string[] {
  return [...source.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"\n]+)['"]/g)].map((m) => m[1]!)
}

/** "@scope/name/sub/path" → "@scope/name"; "name/sub/path" → "name". */
function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/')
}

/** A package's installed version, found as Node finds the package: node_modules folders from `root` upwards. */
async function packageVersion(root: string, name: string): Promise<string> {
  for (let folder = root; ; folder = dirname(folder)) {
    const manifest = await readFile(join(folder, 'node_modules', name, 'package.json'), 'utf8').then(
      (text) => JSON.parse(text) as { version?: unknown },
      () => null,
    )
    if (manifest) return String(manifest.version ?? 'unknown')
    if (dirname(folder) === folder) return 'not installed'
  }
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}
