/**
 * Work that must not hold the event loop for long, run one job per turn of the event loop: I/O (a request arriving,
 * an acknowledgement to send, a timer) is handled between any two jobs. Used for answers (search and rendering,
 * answering.ts) and for handing acknowledged HTTP requests to Bolt (httpReceiver.ts).
 *
 * @example
 * const queue = new TurnQueue()
 * const message = await queue.run(() => render(search(query)))   // a job that throws rejects its own promise only
 */
export class TurnQueue {
  private readonly jobs: (() => void)[] = []
  private running = false
  private readonly idleWaiters: (() => void)[] = []

  /** Runs `job` in its turn, after the jobs queued before it; resolves with what it returns. */
  run<T>(job: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push(() => {
        try {
          resolve(job())
        } catch (error) {
          reject(error)
        }
      })
      if (!this.running) {
        this.running = true
        setImmediate(() => this.next())
      }
    })
  }

  /** Resolves once the queue is empty: every job queued so far has run, and any queued meanwhile. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private next(): void {
    if (this.jobs.length === 0) {
      this.running = false
      for (const wake of this.idleWaiters.splice(0)) wake()
      return
    }
    const job = this.jobs.shift()!
    job()
    // Scheduled from inside the check phase, the next job runs on the next turn of the event loop, after pending I/O.
    setImmediate(() => this.next())
  }
}
