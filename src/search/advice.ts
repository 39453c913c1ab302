/**
 * What to tell a person whose query found nothing: advice built from the loaded coverage (its names and places, its
 * outlets), never from one story's words written into code.
 */
import { monthNumber } from '../corpus/dates.ts'
import { type Article, UNKNOWN_OUTLET } from '../corpus/types.ts'
import type { ParsedQuery } from './query.ts'
import type { SearchIndex } from './searchIndex.ts'
import { compareCodeUnits } from '../corpus/order.ts'
import { fold, tokenize } from './tokenize.ts'
import type { Vocabulary } from './vocabulary.ts'
import { wordHash } from './wordPairs.ts'

/** How many example names and outlets advice offers. */
export const ADVICE_EXAMPLES = 3
const OUTLET_EXAMPLES = 8

/**
 * What to try when a query found nothing: fewer words, names from the coverage, no quotes, no outlet filter.
 *
 * @example noResultsAdvice(parsed, index) // 'No passages match. Try fewer or different words, or a name or place …'
 */
export function noResultsAdvice(parsed: ParsedQuery, index: SearchIndex): string {
  const examples = exampleNames(index)
  const tips = [
    'fewer or different words',
    examples.length > 0
      ? `a name or place from the coverage (${examples.join(', ')})`
      : 'a name or place from the coverage',
  ]
  if (parsed.phrases.length > 0) tips.unshift('the words without quotes')
  if (parsed.outlets.length > 0) tips.unshift('without the outlet: filter')
  return `No passages match. Try ${tips.join(', or ')}.`
}

/** What to say when `outlet:` matched no outlet: the outlets there are (the first few, sorted). */
export function noOutletAdvice(parsed: ParsedQuery, index: SearchIndex): string {
  const outlets = [...new Set([...index.articles()].map((a) => a.outlet))].sort(compareCodeUnits)
  const listed = outlets.slice(0, OUTLET_EXAMPLES).join(', ')
  const more = outlets.length > OUTLET_EXAMPLES ? ', …' : ''
  return `No outlet matches ${parsed.outlets.map((o) => `outlet:${o}`).join(' ')}.${outlets.length > 0 ? ` Outlets: ${listed}${more}.` : ''}`
}

/**
 * Example queries for help and App Home, made from the loaded coverage: two names it mentions most, another name,
 * and an outlet filter with a name. Empty for an empty index (help then shows the syntax alone).
 *
 * @example exampleQueries(snapshot.index) // ['Homs Hama', 'Aleppo', 'outlet:sky Homs']
 */
export function exampleQueries(index: SearchIndex): string[] {
  const names = exampleNames(index, 3)
  if (names.length === 0) return []
  const counts = new Map<string, number>()
  for (const article of index.articles()) counts.set(article.outlet, (counts.get(article.outlet) ?? 0) + 1)
  const outlet = [...counts]
    .filter(([name]) => name !== UNKNOWN_OUTLET)
    .sort(([a, x], [b, y]) => y - x || compareCodeUnits(a, b))[0]?.[0]
  const prefix = outlet ? fold(outlet.split(/[^\p{L}\p{N}&]+/u).find((word) => word.length >= 3) ?? '') : ''
  return [
    names.slice(0, 2).join(' '),
    ...(names[2] ? [names[2]] : []),
    ...(prefix ? [`outlet:${prefix} ${names[0]}`] : []),
  ]
}

const namesByIndex = new WeakMap<SearchIndex, Map<number, string[]>>()
/**
 * Per segment (keyed by its passages, its docStart array: a relabelled segment has the same texts, so the same names)
 * and per sampling rate, the names its sampled articles' ledes hold.
 */
const countsBySegment = new WeakMap<Uint32Array, Map<number, Map<string, number>>>()

/** Articles whose ledes are read for example names, at most about this many (a sample past it: see sampleBits). */
export const EXAMPLE_SAMPLE = 4096

/**
 * The sample of articles read for names: those whose file name hashes to 0 in its high `bits` bits, with `bits` the
 * least that brings the live articles down to EXAMPLE_SAMPLE or so. It depends on the live articles only, never on
 * how the index was put together, and changes only when their number crosses a power of two. Why: reading every lede
 * took 0.65 s of a cold start at a million passages, for three names that a sample of thousands finds as well.
 */
function sampleBits(liveArticles: number, sample: number): number {
  return Math.max(0, Math.ceil(Math.log2(liveArticles / sample)))
}

function liveArticleCount(index: SearchIndex): number {
  let count = 0
  for (const { segment, live } of index.parts) {
    if (!live) count += segment.articles.length
    else for (const flag of live) count += flag
  }
  return count
}

function inSample(article: Article, bits: number): boolean {
  // Mixed, then the high bits: FNV-1a's low bits follow the names' last characters too closely.
  return bits === 0 || Math.imul(wordHash(article.file), 0x9e3779b1) >>> (32 - bits) === 0
}

/**
 * The names the coverage mentions most: capitalised words inside the articles' first paragraphs (not at a sentence
 * start), counted once per article, most articles first, over a sample of the articles when they are many
 * (EXAMPLE_SAMPLE). Counted per segment once, so a new index after a live edit only subtracts its dead articles; the
 * result does not depend on how the index was put together.
 */
export function exampleNames(index: SearchIndex, n = ADVICE_EXAMPLES, sample = EXAMPLE_SAMPLE): string[] {
  const bits = sampleBits(liveArticleCount(index), sample)
  let names = namesByIndex.get(index)?.get(bits)
  if (!names) {
    const counts = new Map<string, number>()
    const add = (name: string, by: number) => counts.set(name, (counts.get(name) ?? 0) + by)
    for (const part of index.parts) {
      let perRate = countsBySegment.get(part.segment.docStart)
      if (!perRate) {
        perRate = new Map()
        countsBySegment.set(part.segment.docStart, perRate)
      }
      let perSegment = perRate.get(bits)
      if (!perSegment) {
        const segmentCounts = new Map<string, number>()
        for (const article of part.segment.articles) {
          if (!inSample(article, bits)) continue
          for (const name of ledeNames(article, index.vocabulary))
            segmentCounts.set(name, (segmentCounts.get(name) ?? 0) + 1)
        }
        perRate.set(bits, segmentCounts)
        perSegment = segmentCounts
      }
      for (const [name, count] of perSegment) add(name, count)
      const { live, segment } = part
      if (!live) continue
      segment.articles.forEach((article, a) => {
        if (live[a] !== 1 && inSample(article, bits))
          for (const name of ledeNames(article, index.vocabulary)) add(name, -1)
      })
    }
    names = [...counts]
      .filter(([, count]) => count > 0)
      .sort(([a, x], [b, y]) => y - x || compareCodeUnits(a, b))
      .map(([name]) => name)
    const byRate = namesByIndex.get(index) ?? new Map<number, string[]>()
    byRate.set(bits, names)
    namesByIndex.set(index, byRate)
  }
  return names.slice(0, n)
}

const CALENDAR_WORDS = /^(?:mon|tues|wednes|thurs|fri|satur|sun)day$/

/** Capitalised words of an article's first paragraph that do not start a sentence, each once, as written. */
function ledeNames(article: Article, vocabulary: Vocabulary): Set<string> {
  const names = new Set<string>()
  const lede = article.paragraphs[0]
  if (!lede) return names
  const text = article.text.slice(lede.start, lede.end)
  for (const token of tokenize(text)) {
    if (token.word.length < 3 || !/^\p{Lu}/u.test(token.word)) continue
    // The character before the word, skipping spaces and opening quotes: none, or a sentence end, means it starts one.
    let at = token.start - 1
    while (at >= 0 && /[\s"“‘'(]/u.test(text[at]!)) at--
    if (at < 0 || /[.?!:…]/.test(text[at]!)) continue
    const folded = fold(token.word)
    // Days and months are capitalised but name nothing a reader would search for.
    if (vocabulary.stopWords.has(folded) || CALENDAR_WORDS.test(folded) || monthNumber(folded) !== null) continue
    names.add(token.word)
  }
  return names
}
