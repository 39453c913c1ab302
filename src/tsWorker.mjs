// Development only: runs a TypeScript worker module (src/**/*.ts) by registering tsx in the worker thread first.
// Compiled code (dist/) starts its .js workers directly and never loads this file (see workers.ts).
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData.entry)
