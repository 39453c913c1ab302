import { fnv1a } from '../search/syndication.ts'

/**
 * A persistent map: each edit gives a new map that shares everything but the chunks it touched, and leaves the old
 * one as it was. Keys are spread over CHUNKS small Maps by a hash, so an edit of a few keys costs copying a few small
 * Maps and one array of CHUNKS pointers, whatever the size of the map. The quotation index keeps its tables in these,
 * so the next index after a live change costs what the change touches (quotationIndex.ts).
 *
 * Iteration order is not defined: whatever a reader sees must not depend on it (sort what is shown).
 *
 * @example
 * const a = ChunkedMap.empty<string, number>()
 * const b = a.edit((draft) => draft.set('x', 1))
 * a.get('x') // undefined
 * b.get('x') // 1
 */
export class ChunkedMap<K extends string | number, V> {
  private constructor(
    private readonly chunks: readonly (ReadonlyMap<K, V> | undefined)[],
    /** Entries in all. */
    readonly size: number,
  ) {}

  static empty<K extends string | number, V>(): ChunkedMap<K, V> {
    return new ChunkedMap<K, V>(new Array(CHUNKS).fill(undefined), 0)
  }

  get(key: K): V | undefined {
    return this.chunks[chunkOf(key)]?.get(key)
  }

  has(key: K): boolean {
    return this.chunks[chunkOf(key)]?.has(key) ?? false
  }

  /** The map after `change` has set and deleted entries through the draft; this map is unchanged. */
  edit(change: (draft: MapDraft<K, V>) => void): ChunkedMap<K, V> {
    const draft = this.draft()
    change(draft)
    return draft.done()
  }

  /** A draft to make the next map with (`draft.done()`), for edits spread over several steps. */
  draft(): MapDraft<K, V> {
    return new MapDraft(this.chunks, this.size)
  }

  /** Every entry, in no defined order. */
  *entries(): IterableIterator<[K, V]> {
    for (const chunk of this.chunks) if (chunk) yield* chunk
  }

  *values(): IterableIterator<V> {
    for (const chunk of this.chunks) if (chunk) yield* chunk.values()
  }
}

/** The edits of one `ChunkedMap.edit`: reads see the edits made so far. */
export class MapDraft<K extends string | number, V> {
  private chunks: (ReadonlyMap<K, V> | undefined)[] | null = null
  private readonly copied = new Set<number>()

  constructor(
    private readonly base: readonly (ReadonlyMap<K, V> | undefined)[],
    private size: number,
  ) {}

  get(key: K): V | undefined {
    return (this.chunks ?? this.base)[chunkOf(key)]?.get(key)
  }

  has(key: K): boolean {
    return (this.chunks ?? this.base)[chunkOf(key)]?.has(key) ?? false
  }

  set(key: K, value: V): void {
    const chunk = this.writable(chunkOf(key))
    if (!chunk.has(key)) this.size++
    chunk.set(key, value)
  }

  delete(key: K): void {
    const index = chunkOf(key)
    if (!(this.chunks ?? this.base)[index]?.has(key)) return
    const chunk = this.writable(index)
    chunk.delete(key)
    this.size--
    if (chunk.size === 0) {
      this.chunks![index] = undefined
      this.copied.delete(index)
    }
  }

  done(): ChunkedMap<K, V> {
    const Constructor = ChunkedMap as unknown as new (
      chunks: readonly (ReadonlyMap<K, V> | undefined)[],
      size: number,
    ) => ChunkedMap<K, V>
    return new Constructor(this.chunks ?? this.base, this.size)
  }

  private writable(index: number): Map<K, V> {
    this.chunks ??= [...this.base]
    let chunk = this.chunks[index] as Map<K, V> | undefined
    if (!chunk || !this.copied.has(index)) {
      chunk = new Map(chunk)
      this.chunks[index] = chunk
      this.copied.add(index)
    }
    return chunk
  }
}

/** Chunks per map: an edit copies one array of this many pointers, and the chunks it touches. */
const CHUNKS = 1024

function chunkOf(key: string | number): number {
  if (typeof key === 'number') return (Math.imul(key | 0, 0x9e3779b1) >>> 0) % CHUNKS
  return fnv1a(key) % CHUNKS
}
