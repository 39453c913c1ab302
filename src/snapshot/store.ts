import { displayName } from '../errors.ts'
import type { Snapshot } from './snapshot.ts'

/** Whether the articles folder is there to be watched. While it is not, the last good corpus keeps being served. */
export type FolderHealth =
  | { state: 'ok' }
  | {
      state: 'missing' | 'empty'
      /** ISO time the folder was found missing or empty. */
      since: string
      /** For a person: what is wrong and what Storydesk does meanwhile. */
      message: string
    }

/**
 * Holds the snapshot that queries run against: the one place the app's corpus state lives. Null until the first load
 * finishes, so the Slack app can start (and answer health checks with 503) while a large corpus is still indexing.
 *
 * @example
 * const store = new SnapshotStore()
 * store.replace(await loadSnapshot('seeds'))
 * store.current()?.index.search('homs distance')
 */
export class SnapshotStore {
  private snapshot: Snapshot | null = null
  private folderHealth: FolderHealth = { state: 'ok' }
  private readonly listeners = new Set<(snapshot: Snapshot) => void>()

  current(): Snapshot | null {
    return this.snapshot
  }

  /** Swaps in a whole new snapshot; queries already running finish on the old one (snapshots never change). */
  replace(snapshot: Snapshot): void {
    this.snapshot = snapshot
    for (const listener of this.listeners) listener(snapshot)
  }

  /** Called after every replace (e.g. to refresh App Home). Returns an unsubscribe function. */
  onReplace(listener: (snapshot: Snapshot) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The articles folder's health, for /healthz (live reload keeps it up to date). */
  folder(): FolderHealth {
    return this.folderHealth
  }

  /** Records that the folder is missing or empty (keeping the first time it was seen so), or there again. */
  setFolder(state: FolderHealth['state'], dir: string): FolderHealth {
    if (state === 'ok') this.folderHealth = { state }
    else if (this.folderHealth.state !== state) {
      const articles = this.snapshot?.stats.articles ?? 0
      const what = state === 'missing' ? 'is missing' : 'has no article files'
      this.folderHealth = {
        state,
        since: new Date().toISOString(),
        message: `articles folder ${displayName(dir)} ${what}; still serving the last ${articles} articles loaded`,
      }
    }
    return this.folderHealth
  }
}
