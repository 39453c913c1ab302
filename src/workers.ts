/**
 * Starting a worker thread whose module sits in this source tree: its .js file once compiled; in development its .ts
 * source, through a small bootstrap (tsWorker.mjs) that registers tsx in the worker thread (a worker does not
 * inherit the loader). Like errors.ts, a base every stage may use; it imports no stage.
 */
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'

/** .ts under tsx (src/), .js once compiled (dist/): every module of one tree has the same. */
const EXTENSION = extname(fileURLToPath(import.meta.url))

/**
 * Starts the worker module `entry` (a URL without its extension), handing it `data` as workerData.
 *
 * @example startWorker(new URL('./buildWorker', import.meta.url), request)
 */
export function startWorker(entry: URL, data: object): Worker {
  const module = new URL(`${entry.href}${EXTENSION}`)
  if (EXTENSION === '.js') return new Worker(module, { workerData: data })
  return new Worker(new URL('./tsWorker.mjs', import.meta.url), { workerData: { ...data, entry: module.href } })
}
