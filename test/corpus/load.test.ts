// Loading a folder: every bad file is exactly one clear problem naming it, and every good article still loads;
// an unusable folder throws the code callers exit 2 on.
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { execFileSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { loadArticleFile, loadCorpus } from '../../src/corpus/load.ts'
import { decodeArticleBytes } from '../../src/corpus/decode.ts'
import { StorydeskError } from '../../src/errors.ts'

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url))
const isRoot = process.getuid?.() === 0
const dirs: string[] = []
/** A named pipe: opening one to read would wait for a writer forever if the loader did not check first. */
const mkfifo = async (path: string): Promise<void> => {
  execFileSync('mkfifo', [path])
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'storydesk-load-'))
  dirs.push(dir)
  return dir
}
async function seedsCopy(): Promise<string> {
  const dir = await tempDir()
  for (const f of await readdir(SEEDS)) await copyFile(join(SEEDS, f), join(dir, f))
  return dir
}
afterEach(async () => {
  for (const d of dirs.splice(0)) {
    await chmod(join(d, 'locked.txt'), 0o644).catch(() => undefined)
    await rm(d, { recursive: true, force: true })
  }
})

/** Each bad file, how to make it, and the problem it must give. */
const BAD_FILES: { name: string; make: (path: string) => Promise<void>; code: string; message: RegExp }[] = [
  { name: 'empty.txt', make: (p) => writeFile(p, ''), code: 'FILE_EMPTY', message: /is empty/ },
  { name: 'blank.txt', make: (p) => writeFile(p, '\n \n\t\n'), code: 'FILE_EMPTY', message: /only whitespace/ },
  {
    name: 'binary.txt',
    make: (p) => writeFile(p, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00])),
    code: 'FILE_BINARY',
    message: /not a text file/,
  },
  {
    name: 'latin1.txt',
    make: (p) => writeFile(p, Buffer.from('Rebels entered the caf\xe9 on Friday.\n', 'latin1')),
    code: 'FILE_NOT_UTF8',
    message: /not valid UTF-8.*byte 22, line 1/,
  },
  {
    name: 'utf16.txt',
    make: (p) => writeFile(p, Buffer.from('\ufeffRebels entered Homs.', 'utf16le')),
    code: 'FILE_NOT_UTF8',
    message: /UTF-16/,
  },
  {
    name: 'boilerplate.txt',
    make: (p) =>
      writeFile(
        p,
        'Start your 7-day Magzter GOLD free trial to access thousands of curated premium stories.\nAlready a subscriber ? Sign In\nBack\n',
      ),
    code: 'FILE_NO_REPORTING',
    message: /no reporting left after cleaning.*paywall-promo/,
  },
  { name: 'folder.txt', make: (p) => mkdir(p), code: 'FILE_UNREADABLE', message: /is a folder/ },
  {
    name: 'dangling.txt',
    make: (p) => symlink(join(p, '..', 'nowhere', 'gone.txt'), p),
    code: 'FILE_UNREADABLE',
    message: /is a symbolic link/,
  },
  {
    // A link to a real file outside the folder: never followed, whatever it points at.
    name: 'outside.txt',
    make: (p) => symlink(resolve(SEEDS, '003_0b5465d82192f9ae.txt'), p),
    code: 'FILE_UNREADABLE',
    message: /is a symbolic link; Storydesk reads only regular files inside the articles folder/,
  },
  { name: 'pipe.txt', make: (p) => mkfifo(p), code: 'FILE_UNREADABLE', message: /is not a regular file/ },
]

describe('bad files: one problem each, naming the file; the five seeds still load', () => {
  it.each(BAD_FILES)('$name → $code', async ({ name, make, code, message }) => {
    const dir = await seedsCopy()
    await make(join(dir, name))
    const load = await loadCorpus(dir)
    expect(load.problems).toHaveLength(1)
    expect(load.problems[0]).toMatchObject({ where: name, code })
    expect(load.problems[0]!.message).toMatch(message)
    expect(load.articles.map((a) => a.file.slice(0, 3))).toEqual(['000', '001', '002', '003', '004'])
  })

  it.skipIf(isRoot)(
    'a file without read permission → FILE_UNREADABLE (skipped as root, who can read anything)',
    async () => {
      const dir = await seedsCopy()
      await writeFile(join(dir, 'locked.txt'), 'Rebels advanced.')
      await chmod(join(dir, 'locked.txt'), 0o000)
      const load = await loadCorpus(dir)
      expect(load.problems).toEqual([
        { where: 'locked.txt', code: 'FILE_UNREADABLE', message: expect.stringMatching(/permission denied/) },
      ])
      expect(load.articles).toHaveLength(5)
    },
  )

  it('all of them at once: one problem per bad file, in file-name order', async () => {
    const dir = await seedsCopy()
    for (const bad of BAD_FILES) await bad.make(join(dir, bad.name))
    const load = await loadCorpus(dir)
    expect(load.articles).toHaveLength(5)
    expect(load.problems.map((p) => p.where)).toEqual(BAD_FILES.map((b) => b.name).sort())
  })

  it('a file over the size limit is skipped with a problem', async () => {
    const dir = await seedsCopy()
    await writeFile(join(dir, 'huge.txt'), 'Rebels advanced. '.repeat(1000))
    const load = await loadCorpus(dir, { maxFileBytes: 10_000 })
    expect(load.problems).toEqual([
      { where: 'huge.txt', code: 'FILE_TOO_LARGE', message: expect.stringContaining('10000-byte limit') },
    ])
  })
})

describe('the folder', () => {
  it('reads every .txt sorted by name, text exactly as in the file; other files and dotfiles ignored', async () => {
    const dir = await seedsCopy()
    await writeFile(join(dir, 'README.md'), '# not an article')
    await writeFile(join(dir, '.~lock.000.txt'), '')
    const load = await loadCorpus(dir)
    expect(load.problems).toEqual([])
    for (const a of load.articles) expect(a.text).toBe(await readFile(join(SEEDS, a.file), 'utf8'))
    expect(load.articles.map((a) => a.file)).toEqual([...load.articles.map((a) => a.file)].sort())
  })

  it('missing → SEEDS_DIR_MISSING', async () => {
    const missing = join(await tempDir(), 'no-such-folder')
    await expect(loadCorpus(missing)).rejects.toMatchObject({
      name: 'StorydeskError',
      code: 'SEEDS_DIR_MISSING',
      where: missing,
    })
  })

  it('a file, not a folder → SEEDS_DIR_MISSING', async () => {
    const error = await loadCorpus(join(SEEDS, '000_c3b600c57a1722b1.txt')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StorydeskError)
    expect((error as StorydeskError).code).toBe('SEEDS_DIR_MISSING')
    expect((error as StorydeskError).describe()).toMatch(/is not a folder/)
  })

  it('no .txt files → SEEDS_DIR_EMPTY', async () => {
    const dir = await tempDir()
    await expect(loadCorpus(dir)).rejects.toMatchObject({ code: 'SEEDS_DIR_EMPTY' })
    await writeFile(join(dir, 'sources.json'), '{"files": {}}')
    await writeFile(join(dir, 'notes.md'), 'hello')
    await expect(loadCorpus(dir)).rejects.toMatchObject({ code: 'SEEDS_DIR_EMPTY' })
  })

  it("loadArticleFile: one file with its folder's metadata", async () => {
    const { article, problems } = await loadArticleFile(join(SEEDS, '003_0b5465d82192f9ae.txt'))
    expect(problems).toEqual([])
    expect(article).toMatchObject({ file: '003_0b5465d82192f9ae.txt', outlet: 'Novinite', outletBasis: 'metadata' })
  })
})

describe('decodeArticleBytes', () => {
  it('drops a BOM, keeps \\r\\n', () => {
    const decoded = decodeArticleBytes('a.txt', new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0x0d, 0x0a, 0x42]))
    expect(decoded).toEqual({ ok: true, text: 'A\r\nB' })
  })

  it('locates the first bad byte on its line', () => {
    const bytes = new Uint8Array([...Buffer.from('ok\nstill ok\nbad '), 0xc3, 0x28])
    const decoded = decodeArticleBytes('a.txt', bytes)
    expect(decoded.ok).toBe(false)
    if (!decoded.ok) expect(decoded.problem.message).toMatch(/byte 16, line 3/)
  })
})
