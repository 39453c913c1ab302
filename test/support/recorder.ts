/**
 * An append-only log with event-based waiting, shared by the fakes.
 *
 * Not a Slack behaviour: it is how the fakes let tests say "wait until the app has
 * called chat.postMessage" without fixed sleeps. `waitFor` looks at what is already
 * recorded first, then listens for new records, and fails with a summary of what *was*
 * recorded when it times out, so a failing test says what the app did instead.
 */
import { EventEmitter } from 'node:events'

export const DEFAULT_WAIT_MS = 5_000

export class Recorder<T> {
  readonly #items: T[] = []
  readonly #events = new EventEmitter()
  readonly #describe: (item: T) => string

  /** @param describe one-line summary of an item, used in timeout messages. */
  constructor(describe: (item: T) => string) {
    this.#describe = describe
    this.#events.setMaxListeners(0)
  }

  add(item: T): void {
    this.#items.push(item)
    this.#events.emit('add', item)
  }

  /** A copy of everything recorded so far, oldest first. */
  all(): T[] {
    return [...this.#items]
  }

  clear(): void {
    this.#items.length = 0
  }

  /**
   * Resolves with the first record (already recorded or future) that satisfies `predicate`.
   * Rejects after `timeoutMs` with `what` and a summary of the records seen.
   */
  waitFor(predicate: (item: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    const existing = this.#items.find(predicate)
    if (existing !== undefined) return Promise.resolve(existing)
    return new Promise<T>((resolve, reject) => {
      const onAdd = (item: T): void => {
        if (!predicate(item)) return
        cleanup()
        resolve(item)
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.\n${this.summary()}`))
      }, timeoutMs)
      const cleanup = (): void => {
        clearTimeout(timer)
        this.#events.off('add', onAdd)
      }
      this.#events.on('add', onAdd)
    })
  }

  /** Human-readable list of the records, for error messages. */
  summary(): string {
    if (this.#items.length === 0) return 'Nothing was recorded.'
    return `Recorded (${this.#items.length}):\n${this.#items.map((item) => `  - ${this.#describe(item)}`).join('\n')}`
  }
}
