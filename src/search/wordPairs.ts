/**
 * Word-pair signatures: per passage, a small Bloom filter of the pairs of consecutive words it holds (folded, stop
 * words included), so a phrase query can rule out most passages without reading their text.
 *
 * Why: the index holds no positions and no stop words, so "this nation will" finds every passage holding "nation"
 * (a tenth of a year of wire copy) and each had to be tokenized to look for the phrase. The signature answers
 * "cannot hold it" for most of them in a few nanoseconds; the rest are checked against the text as before. A Bloom
 * filter never says no to a passage that holds the pair, so no match is lost: it only saves work.
 *
 * Sizing: SIGNATURE_BITS_PER_PAIR bits per pair of the passage (rounded up to whole 32-bit words), SIGNATURE_HASHES
 * bits set per pair. Measured on the bench's wire copy (38 words a passage): 2.7% of the passages lacking a two-word
 * phrase pass anyway, 0.16% for three words; ~38 bytes a passage, ~38 MB at a million passages.
 */

/** Bits of signature per pair of consecutive words in the passage (at least one 32-bit word per passage). */
export const SIGNATURE_BITS_PER_PAIR = 8
/** Bits set per pair (near the best for 8 bits per pair: 8·ln 2 ≈ 5.5, but each costs a look-up). */
export const SIGNATURE_HASHES = 3

/** A 32-bit hash of a folded word (FNV-1a over its UTF-16 code units). */
export function wordHash(word: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** The hash of the pair (first, second) from the two words' hashes; order matters. */
export function pairHash(first: number, second: number): number {
  let h = Math.imul(first ^ 0x5bd1e995, 0x9e3779b1) ^ second
  // A finalizer (murmur3's) so that both bit positions below depend on every bit of both words.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** The hashes of consecutive pairs of `words` (folded): n − 1 of them. */
export function pairHashes(words: readonly string[]): number[] {
  const hashes: number[] = []
  for (let i = 1; i < words.length; i++) hashes.push(pairHash(wordHash(words[i - 1]!), wordHash(words[i]!)))
  return hashes
}

/** How many 32-bit words the signature of a passage with `pairs` pairs takes. */
export function signatureWords(pairs: number): number {
  return Math.max(1, Math.ceil((pairs * SIGNATURE_BITS_PER_PAIR) / 32))
}

/** The second hash of a pair, for double hashing: bit i of a pair is (h + i·second(h)) mod size. */
function second(h: number): number {
  return (Math.imul(h, 0x27d4eb2d) ^ (h >>> 15)) >>> 0
}

/** Sets each pair's SIGNATURE_HASHES bits in `bits[start, start + words)`. */
export function writeSignature(pairs: readonly number[], bits: Uint32Array, start: number, words: number): void {
  const size = words * 32
  for (const h of pairs) {
    const step = second(h)
    for (let i = 0; i < SIGNATURE_HASHES; i++) {
      const bit = (h + i * step) % size
      bits[start + (bit >>> 5)]! |= 1 << (bit & 31)
    }
  }
}

/**
 * False only when the signature `bits[start, end)` proves the passage lacks one of the pairs; true when it may hold
 * them all (an empty range proves nothing).
 */
export function mayHoldPairs(pairs: readonly number[], bits: Uint32Array, start: number, end: number): boolean {
  const size = (end - start) * 32
  if (size <= 0) return true
  for (const h of pairs) {
    const step = second(h)
    for (let i = 0; i < SIGNATURE_HASHES; i++) {
      const bit = (h + i * step) % size
      if ((bits[start + (bit >>> 5)]! & (1 << (bit & 31))) === 0) return false
    }
  }
  return true
}
