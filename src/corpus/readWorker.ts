/**
 * A worker thread that reads article files' bytes (rawFile.ts: the same safe read the main thread does) and sends
 * them back in batches, packed into one transferred buffer per batch, with each file's sha256. Decoding and parsing
 * stay on the main thread; this thread only saves it the system calls and the hashing (see files.ts
 * readRawArticleFiles: at a million passages, reading and hashing the files took a quarter of a cold start).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { ARTICLE_REFUSALS, type RawRead, readRegularFile } from './rawFile.ts'

export interface ReadRequest {
  dir: string
  files: string[]
  maxBytes: number
  /**
   * Fault injection (tests): after reading this many files the worker sends what it has and then fails, as a worker
   * that crashes part-way would. The caller must read the rest itself and lose nothing.
   */
  failAfterFiles?: number
}

/** A read as sent: bytes are [offset, offset + length) of the batch's buffer. */
export type SentRead =
  | { file: string; kind: 'bytes'; offset: number; length: number; digest: string }
  | Exclude<RawRead, { kind: 'bytes' }>

export type ReadMessage = { reads: SentRead[]; buffer: ArrayBuffer } | { done: true }

/** Bytes gathered before a batch is sent: large enough that messages are few, small enough to decode as they come. */
const BATCH_BYTES = 8 * 2 ** 20

const { dir, files, maxBytes, failAfterFiles } = workerData as ReadRequest
let pending: { read: RawRead; offset: number }[] = []
let pendingBytes = 0

function send(): void {
  const buffer = new ArrayBuffer(pendingBytes)
  const view = new Uint8Array(buffer)
  const reads = pending.map(({ read, offset }): SentRead => {
    if (read.kind !== 'bytes') return read
    view.set(read.bytes, offset)
    return { file: read.file, kind: 'bytes', offset, length: read.bytes.length, digest: read.digest }
  })
  parentPort!.postMessage({ reads, buffer } satisfies ReadMessage, [buffer])
  pending = []
  pendingBytes = 0
}

for (const [n, file] of files.entries()) {
  if (n === failAfterFiles) {
    if (pending.length > 0) send()
    throw new Error(`failing on purpose after ${n} files (fault injection)`)
  }
  const read = readRegularFile(dir, file, maxBytes, ARTICLE_REFUSALS)
  pending.push({ read, offset: pendingBytes })
  if (read.kind === 'bytes') pendingBytes += read.bytes.length
  if (pendingBytes >= BATCH_BYTES || pending.length >= 2_000) send()
}
if (pending.length > 0) send()
parentPort!.postMessage({ done: true } satisfies ReadMessage)
