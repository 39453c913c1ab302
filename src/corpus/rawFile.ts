/**
 * Reading one file's bytes safely: only a regular file directly inside the folder, never through a symbolic link,
 * never more than a size limit, with the sha256 of what was read. Nothing here decodes or parses: that is files.ts's
 * job, on whichever thread. Kept apart (and light: no parser is imported) so a reading worker thread loads only this.
 */
import { createHash } from 'node:crypto'
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import { join } from 'node:path'
import { errorCode, type Problem, type ProblemCode } from '../errors.ts'

/** sha256 of some bytes, hex: the digest every FileRead and the index cache use. */
export function digestBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * What reading one file's bytes gave: its bytes and their sha256; or that it is not there (deleted between a listing
 * and the read); or why it cannot be read (a link, a folder, too large, an I/O error), as a problem naming the file.
 */
export type RawRead =
  | { file: string; kind: 'bytes'; bytes: Uint8Array; digest: string }
  | { file: string; kind: 'missing' }
  | { file: string; kind: 'problem'; problem: Problem }

/** The problem codes of a refused read, and what the refusal means for the file ("skipped", "no metadata used"). */
export interface RefusalWording {
  unreadable: ProblemCode
  tooLarge: ProblemCode
  skipped: string
}

/** How an article file's refused read is reported. */
export const ARTICLE_REFUSALS: RefusalWording = {
  unreadable: 'FILE_UNREADABLE',
  tooLarge: 'FILE_TOO_LARGE',
  skipped: 'skipped',
}

/** How sources.json's refused read is reported (the articles load without metadata). */
export const SOURCES_REFUSALS: RefusalWording = {
  unreadable: 'SOURCES_UNREADABLE',
  tooLarge: 'SOURCES_UNREADABLE',
  skipped: 'no metadata used',
}

/**
 * One file's bytes, through one file descriptor: opened without following a link, checked (regular file, size),
 * read, closed. Synchronous system calls: an article is a few kilobytes (at most `maxBytes`), and four round trips
 * through the event loop per file cost more than reading it (a first load reads tens of thousands of files).
 */
export function readRegularFile(dir: string, file: string, maxBytes: number, wording: RefusalWording): RawRead {
  const { unreadable, tooLarge, skipped } = wording
  let fd: number
  try {
    // O_NOFOLLOW: opening a symbolic link fails (ELOOP) instead of reading whatever it points at. O_NONBLOCK: a named
    // pipe opens at once instead of waiting for a writer (and is then refused as not a regular file).
    fd = openSync(join(dir, file), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (error) {
    const code = errorCode(error)
    if (code === 'ENOENT' || code === 'ENOTDIR') return { file, kind: 'missing' }
    if (code === 'ELOOP') {
      return problemRead(
        file,
        unreadable,
        `is a symbolic link; Storydesk reads only regular files inside the articles folder (copy the file in instead); ${skipped}`,
      )
    }
    return problemRead(file, unreadable, `cannot be read (${describeErrno(code)}); ${skipped}`)
  }
  try {
    const info = fstatSync(fd)
    if (info.isDirectory()) return problemRead(file, unreadable, `is a folder, not a file; ${skipped}`)
    if (!info.isFile()) return problemRead(file, unreadable, `is not a regular file; ${skipped}`)
    if (info.size > maxBytes) {
      return problemRead(file, tooLarge, `is ${info.size} bytes, more than the ${maxBytes}-byte limit; ${skipped}`)
    }
    // One byte more than the size: a file that grew since fstat is noticed (and read again once it settles).
    const buffer = Buffer.allocUnsafe(info.size + 1)
    let length = 0
    for (;;) {
      const asked = buffer.length - length
      const n = readSync(fd, buffer, length, asked, length)
      if (n === 0) break
      length += n
      if (length > maxBytes) return problemRead(file, tooLarge, `is more than the ${maxBytes}-byte limit; ${skipped}`)
      // A short read that reached the size fstat gave is the end: no second system call to learn it (system calls
      // cost ~50 µs each on a VM). Short of that size (a network file system may read in pieces), read on.
      if (length === buffer.length || (n < asked && length >= info.size)) break
    }
    const bytes = buffer.subarray(0, length)
    return { file, kind: 'bytes', bytes, digest: digestBytes(bytes) }
  } catch (error) {
    return problemRead(file, unreadable, `cannot be read (${describeErrno(errorCode(error))}); ${skipped}`)
  } finally {
    try {
      closeSync(fd)
    } catch {
      // Closing a descriptor that was read cannot lose anything.
    }
  }
}

/** A read refused for `message` (a problem with `code`, naming the file). */
export function problemRead(file: string, code: ProblemCode, message: string): RawRead & { kind: 'problem' } {
  return { file, kind: 'problem', problem: { where: file, code, message } }
}

function describeErrno(code: string): string {
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code
}
