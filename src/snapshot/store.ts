import type { Snapshot } from './snapshot.ts'

/**
 * Holds the snapshot that queries run against. Null until the first load finishes, so the Slack
 * app can start (and answer health checks with 503) while a large corpus is still indexing.
 */
export class SnapshotStore {
  private snapshot: Snapshot | null = null
  private readonly listeners = new Set<(snapshot: Snapshot) => void>()

  current(): Snapshot | null {
    return this.snapshot
  }

  /** Swaps in a whole new snapshot; queries already running finish on the old one. */
  replace(snapshot: Snapshot): void {
    this.snapshot = snapshot
    for (const listener of this.listeners) listener(snapshot)
  }

  /** Called after every replace (e.g. to refresh App Home). Returns an unsubscribe function. */
  onReplace(listener: (snapshot: Snapshot) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
