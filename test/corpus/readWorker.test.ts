/**
 * Many article files are read on a worker thread (corpus/readWorker.ts) while the main thread opens the index cache.
 * What comes back must be exactly what reading them on the main thread gives: the same bytes and digests in the same
 * order, and the same refusals (a symbolic link, a folder, a file too large, a file gone).
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeReads, readRawArticleFiles } from '../../src/corpus/files.ts'
import type { RawRead } from '../../src/corpus/rawFile.ts'

let dir: string
let names: string[]

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'storydesk-readworker-'))
  const seeds = (await readdir('seeds')).filter((name) => name.endsWith('.txt'))
  // Enough files for several of the worker's batches (2,000 files each), each seed copied under many names.
  // Most as plain ASCII (typographic characters made plain), the last 500 as the seeds are (curly quotes, dashes).
  for (let i = 0; i < 4_500; i++) {
    const seed = seeds[i % seeds.length]!
    const target = join(dir, `${String(i).padStart(5, '0')}_${seed}`)
    if (i >= 4_000) await copyFile(join('seeds', seed), target)
    else await writeFile(target, (await readFile(join('seeds', seed), 'utf8')).replace(/[^\x00-\x7f]/g, "'"))
  }
  await symlink(resolve('seeds', seeds[0]!), join(dir, '10000_link.txt'))
  await mkdir(join(dir, '10001_folder.txt'))
  await writeFile(join(dir, '10002_large.txt'), 'x'.repeat(70_000))
  await writeFile(join(dir, '10003_empty.txt'), '')
  names = (await readdir(dir)).sort()
  // A name listed but gone by the time it is read.
  names.push('10004_gone.txt')
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A read as plain data (a view's bytes as an array of numbers would be slow to compare: as text instead). */
function plain(read: RawRead): unknown {
  return read.kind === 'bytes' ? { ...read, bytes: Buffer.from(read.bytes).toString('latin1') } : read
}

describe('readRawArticleFiles', () => {
  it('reads on workers exactly what the main thread reads, in order, refusals included', async () => {
    const options = { maxBytes: 64_000 }
    const failures: string[] = []
    const onWorker = await readRawArticleFiles(dir, names, {
      ...options,
      workerMinFiles: 1,
      onWorkerFailure: (reason) => failures.push(reason),
    })
    // Read by the worker to the end: a failed worker's files would be read on this thread, hiding a broken worker.
    expect(failures).toEqual([])
    // Three workers, three contiguous shares: put back together in order.
    const onThree = await readRawArticleFiles(dir, names, {
      ...options,
      workerMinFiles: 1,
      maxWorkers: 3,
      onWorkerFailure: (reason) => failures.push(reason),
    })
    expect(failures).toEqual([])
    expect(onThree.map(plain)).toEqual(onWorker.map(plain))
    const onMain = await readRawArticleFiles(dir, names, { ...options, workerMinFiles: Number.POSITIVE_INFINITY })
    expect(onWorker.length).toBe(names.length)
    expect(onWorker.map((read) => read.file)).toEqual(names)
    expect(onWorker.map(plain)).toEqual(onMain.map(plain))
    const kinds = (file: string) => onWorker.find((read) => read.file === file)
    expect(kinds('10000_link.txt')).toMatchObject({ kind: 'problem', problem: { message: /symbolic link/ } })
    expect(kinds('10001_folder.txt')).toMatchObject({ kind: 'problem', problem: { message: /is a folder/ } })
    expect(kinds('10002_large.txt')).toMatchObject({ kind: 'problem', problem: { code: 'FILE_TOO_LARGE' } })
    expect(kinds('10004_gone.txt')).toEqual({ file: '10004_gone.txt', kind: 'missing' })
    expect(await decodeReads(onWorker)).toEqual(await decodeReads(onMain))
    const decoded = await decodeReads(onWorker)
    expect(decoded.filter((read) => read.kind === 'text').length).toBe(4_500)
    expect(decoded.find((read) => read.file === '10003_empty.txt')).toMatchObject({
      kind: 'problem',
      problem: { code: 'FILE_EMPTY' },
    })
  })

  it('loses nothing when a reading worker fails part-way: the files it did not send are read on this thread', async () => {
    const options = { maxBytes: 64_000 }
    const onMain = await readRawArticleFiles(dir, names, { ...options, workerMinFiles: Number.POSITIVE_INFINITY })
    // Each of two workers fails after 2,100 of its ~2,253 files: after one full batch of 2,000 and part of the next.
    for (const failAfter of [0, 2_100]) {
      const failures: string[] = []
      const read = await readRawArticleFiles(dir, names, {
        ...options,
        workerMinFiles: 1,
        maxWorkers: 2,
        workersFailAfterFiles: failAfter,
        onWorkerFailure: (reason) => failures.push(reason),
      })
      expect(failures).toHaveLength(2)
      for (const failure of failures) expect(failure).toMatch(/failing on purpose after \d+ files.*files left to read/)
      expect(read.map((r) => r.file)).toEqual(names)
      expect(read.map(plain)).toEqual(onMain.map(plain))
    }
  })
})
