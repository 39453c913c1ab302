import { z } from 'zod'
import { StorydeskError } from '../errors.ts'
import { TermDictionary } from './termDictionary.ts'
import { fold, normalizeWord, words } from './tokenize.ts'

/**
 * The desk's news vocabulary (src/search/vocabulary.json by default): equivalent spellings,
 * concept words and stop words. It is data so that a desk can extend it for the next story
 * without touching code; this module validates it and compiles it into lookup tables. Reading
 * the file is the snapshot layer's job (src/snapshot/vocabularyFile.ts): search does no I/O.
 */

const nonEmptyString = z.string().trim().min(1)

/** Words the quotation stage (src/quotes) reads attributions with; see the "about" field of this key in vocabulary.json. */
const QuotationWordsSchema = z.strictObject({
  about: z.string().optional(),
  speechVerbs: z.array(nonEmptyString).min(1, 'list at least one speech verb'),
  sourcePhrases: z.array(nonEmptyString),
  titles: z.array(nonEmptyString),
  maleTitles: z.array(nonEmptyString),
  femaleTitles: z.array(nonEmptyString),
  blockingVerbs: z.array(nonEmptyString).optional(),
})

const VocabularyFileSchema = z.strictObject({
  about: z.string().optional(),
  equivalents: z.array(z.array(nonEmptyString).min(2, 'an equivalents group needs two or more entries')),
  concepts: z.record(nonEmptyString, z.array(nonEmptyString).min(1)),
  stopWords: z.array(nonEmptyString),
  quotations: QuotationWordsSchema.optional(),
})

export type VocabularyFile = z.infer<typeof VocabularyFileSchema>
export type QuotationWordsFile = z.infer<typeof QuotationWordsSchema>

/** Another way to say a query word: `terms` (normalized; several = a phrase, all must match) at `weight`. */
export interface Alternative {
  terms: string[]
  weight: number
}

export interface Vocabulary {
  /** Folded stop words ("the", "who"). */
  stopWords: ReadonlySet<string>
  /** Normalized term (or space-joined normalized phrase) → its alternatives, strongest first. */
  alternatives: ReadonlyMap<string, readonly Alternative[]>
  /** Longest phrase (in words) that has alternatives, so the query parser knows how far to look ahead. */
  longestPhrase: number
  /** The one-word keys of `alternatives`, for correcting a misspelt vocabulary word ("distnce"). */
  words: TermDictionary
  /** The "quotations" key as written (speech verbs, titles), or null when the file has none. */
  quotations: QuotationWordsFile | null
}

/** How much a match on an equivalent spelling or a concept word counts against the asked word itself (1). */
export const EQUIVALENT_WEIGHT = 0.9
export const CONCEPT_WEIGHT = 0.5

/** Checks a parsed vocabulary file; throws StorydeskError naming the field that is wrong. */
export function parseVocabulary(data: unknown, where = 'vocabulary'): Vocabulary {
  const parsed = VocabularyFileSchema.safeParse(data)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`)
    throw new StorydeskError('VOCABULARY_INVALID', `the vocabulary file is not valid: ${issues.join('; ')}`, {
      where,
      hint: 'see the "about" field of src/search/vocabulary.json for the format',
    })
  }
  return compileVocabulary(parsed.data)
}

export function compileVocabulary(file: VocabularyFile): Vocabulary {
  const stopWords = new Set(file.stopWords.map(fold))
  const table = new Map<string, Alternative[]>()
  // Stop words are not indexed, so an alternative never asks for one.
  const toTerms = (entry: string) =>
    words(entry)
      .filter((w) => !stopWords.has(fold(w)))
      .map(normalizeWord)
  const add = (key: string[], alternative: Alternative) => {
    const id = key.join(' ')
    if (id === '' || alternative.terms.length === 0 || alternative.terms.join(' ') === id) return
    const list = table.get(id) ?? []
    const existing = list.find((a) => a.terms.join(' ') === alternative.terms.join(' '))
    if (existing) existing.weight = Math.max(existing.weight, alternative.weight)
    else list.push(alternative)
    table.set(id, list)
  }
  const equivalentsOf = new Map<string, string[][]>()
  for (const group of file.equivalents) {
    const members = group.map(toTerms)
    for (const member of members) {
      equivalentsOf.set(member.join(' '), members)
      for (const other of members) add(member, { terms: other, weight: EQUIVALENT_WEIGHT })
    }
  }
  for (const [word, answers] of Object.entries(file.concepts)) {
    const key = toTerms(word)
    for (const answer of answers) {
      // A concept's answer brings its own equivalent spellings: "distance" → "km" → "kilometers".
      const terms = toTerms(answer)
      for (const spelling of equivalentsOf.get(terms.join(' ')) ?? [terms])
        add(key, { terms: spelling, weight: CONCEPT_WEIGHT })
    }
  }
  for (const list of table.values()) list.sort((a, b) => b.weight - a.weight)
  const longestPhrase = Math.max(1, ...[...table.keys()].map((key) => key.split(' ').length))
  const single = [...table.keys()].filter((key) => !key.includes(' '))
  return {
    stopWords,
    alternatives: table,
    longestPhrase,
    words: TermDictionary.from(single),
    quotations: file.quotations ?? null,
  }
}
