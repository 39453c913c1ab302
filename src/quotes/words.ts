import type { Span } from '../corpus/types.ts'
import { fold, normalizeWord } from '../search/tokenize.ts'
import { parseVocabulary, type Vocabulary } from '../search/vocabulary.ts'
import vocabularyFile from '../search/vocabulary.json' with { type: 'json' }
import lemmatizer from 'wink-lemmatizer'
import lexicon from 'wink-lexicon/src/lexicon.js'

/**
 * The words around a quotation, and the desk's lists that say how to read them (speech verbs and titles, from the
 * "quotations" key of src/search/vocabulary.json).
 */

/** A word or a punctuation mark that matters for reading an attribution (commas, colons, dashes, brackets). */
export interface Word extends Span {
  text: string
  /** Case and accents folded, typographic apostrophes made plain. */
  folded: string
  /** Starts with a capital letter. */
  capital: boolean
  punctuation: boolean
}

// A word keeps inner hyphens, apostrophes, dots and ampersands (al-Sham, O'Neil, Observatory’s, U.S, AT&T).
const WORD = /[\p{L}\p{N}]+(?:[-'’.&][\p{L}\p{N}]+)*|[,;:()[\]—–]|(?<=\s)-(?=\s)/gu

/** The words and attribution punctuation of `text[from, to)`, with offsets into `text`. */
export function wordsIn(text: string, from: number, to: number): Word[] {
  const out: Word[] = []
  const slice = text.slice(from, to)
  for (const match of slice.matchAll(WORD)) {
    const word = match[0]
    const start = from + match.index
    const punctuation = !/[\p{L}\p{N}]/u.test(word)
    out.push({
      text: word,
      start,
      end: start + word.length,
      folded: punctuation ? word : foldWord(word),
      capital: /^\p{Lu}/u.test(word),
      punctuation,
    })
  }
  return out
}

/** `fold` from search, with a fast path for plain ASCII words (most of English copy). */
export function foldWord(word: string): string {
  return /^[\x00-\x7f]*$/.test(word) ? word.toLowerCase() : fold(word)
}

/**
 * True when a folded word is a common English word (wink-lexicon's 13,000 words: "police", "witnesses", "officials"),
 * so a capital at the start of a sentence does not make it a name. Names are not in it (Brandvik, Abbas, Assad).
 */
export function isEnglishWord(folded: string): boolean {
  return Object.hasOwn(lexicon, folded)
}

/** The desk's attribution vocabulary, compiled for lookups. */
export interface SpeechWords {
  /** Speech verbs, normalized like the search index's words (said, says, saying → one entry). */
  speechVerbs: ReadonlySet<string>
  /** Verbs that quote words no one named is said to have spoken (chanted, read, dubbed), normalized likewise. */
  blockingVerbs: ReadonlySet<string>
  /** The base forms of both lists ("say", "chant"): a form the lemmatizer leaves as it is must be one of these. */
  baseVerbs: ReadonlySet<string>
  /** Phrases after which the speaker is named ("according to"), as folded words. */
  sourcePhrases: readonly (readonly string[])[]
  /** Title words (folded, without a final full stop); multi-word titles contribute their last word. */
  titles: ReadonlySet<string>
  maleTitles: ReadonlySet<string>
  femaleTitles: ReadonlySet<string>
  /** Folded stop words: never a name, even with a capital at the start of a sentence. */
  stopWords: ReadonlySet<string>
}

/** Compiles the quotation words of a loaded vocabulary; a vocabulary without them reads no attributions but "according to". */
export function speechWordsFrom(vocabulary: Vocabulary): SpeechWords {
  const file = vocabulary.quotations
  const lastWords = (entries: readonly string[]) =>
    new Set(entries.map((entry) => fold(entry.trim().split(/\s+/).at(-1)!.replace(/\.$/, ''))))
  const male = lastWords(file?.maleTitles ?? [])
  const female = lastWords(file?.femaleTitles ?? [])
  const verbs = [...(file?.speechVerbs ?? []), ...(file?.blockingVerbs ?? [])].map((verb) => fold(verb.trim()))
  return {
    speechVerbs: new Set((file?.speechVerbs ?? []).map((verb) => normalizeWord(verb.trim()))),
    blockingVerbs: new Set((file?.blockingVerbs ?? []).map((verb) => normalizeWord(verb.trim()))),
    baseVerbs: new Set(verbs.flatMap((verb) => [verb, lemmatizer.verb(verb)])),
    sourcePhrases: (file?.sourcePhrases ?? ['according to']).map((phrase) =>
      phrase
        .trim()
        .split(/\s+/)
        .map((word) => fold(word)),
    ),
    titles: new Set([...lastWords(file?.titles ?? []), ...male, ...female]),
    maleTitles: male,
    femaleTitles: female,
    stopWords: vocabulary.stopWords,
  }
}

let defaults: SpeechWords | null = null

/** The speech words of the vocabulary file shipped with Storydesk (src/search/vocabulary.json), compiled once. */
export function defaultSpeechWords(): SpeechWords {
  defaults ??= speechWordsFrom(parseVocabulary(vocabularyFile, 'src/search/vocabulary.json'))
  return defaults
}

/** A word as a title is compared: folded, without a final full stop ("Gen." → "gen"). */
export function titleKey(word: Word): string {
  return word.folded.replace(/\.$/, '')
}

/**
 * True when `word` reports speech in this position: a speech verb in lower case, not a noun after a determiner
 * ("his remarks") and not after a modal or "to" ("the fight will continue", "declined to say"): those do not say
 * that anyone spoke.
 */
export function isSpeechVerb(words: readonly Word[], index: number, speech: SpeechWords): boolean {
  if (!isVerbOf(words, index, speech.speechVerbs, speech)) return false
  const before = words[index - 1]
  return !(before && !before.capital && (MODALS.has(before.folded) || before.folded === 'to'))
}

/**
 * True when `word` is a blocking verb in this position ("protesters chanted", "a banner reading", "critics dubbed
 * it"), in any tense or mood ("began to chant"), but not a noun ("the headline", "his label").
 */
export function isBlockingVerb(words: readonly Word[], index: number, speech: SpeechWords): boolean {
  return isVerbOf(words, index, speech.blockingVerbs, speech)
}

/**
 * A lower-case form of a verb of `verbs` (normalized) that no determiner or possessive makes a noun. The stemmer
 * alone would take nouns made from the verb ("reporters", "warnings") for it: a form must be the verb itself or one
 * the lemmatizer reads as an inflection of a verb (said, tells, warning, chanted).
 */
function isVerbOf(words: readonly Word[], index: number, verbs: ReadonlySet<string>, speech: SpeechWords): boolean {
  const word = words[index]!
  if (word.punctuation || word.capital || verbs.size === 0) return false
  if (!verbs.has(normalizeWord(word.text))) return false
  if (
    /^[a-z]{3,}$/.test(word.folded) &&
    lemmatizer.verb(word.folded) === word.folded &&
    !speech.baseVerbs.has(word.folded)
  )
    return false
  const before = words[index - 1]
  return !(before && (DETERMINERS.has(before.folded) || /['’]s$/.test(before.text)))
}

/** Modal verbs: a speech verb after one ("will continue", "could say") reports nothing that was said. */
export const MODALS: ReadonlySet<string> = new Set([
  'will',
  'would',
  'shall',
  'should',
  'can',
  'could',
  'may',
  'might',
  'must',
])

/** Auxiliaries: never part of a speaker's name or description ("may in its opinion" is a misreading). */
export const AUXILIARIES: ReadonlySet<string> = new Set([
  ...MODALS,
  'has',
  'have',
  'had',
  'was',
  'were',
  'is',
  'are',
  'be',
  'been',
  'being',
  'did',
  'does',
  'do',
])

/**
 * Adverbs that open a sentence or stand between a subject and its verb ("Meanwhile the head of the force said",
 * "Abbas also said"): capitalised at the start of a sentence without being a name, and never part of a subject.
 */
export const SENTENCE_ADVERBS: ReadonlySet<string> = new Set([
  'meanwhile',
  'however',
  'separately',
  'earlier',
  'later',
  'also',
  'still',
  'instead',
  'elsewhere',
  'nevertheless',
  'moreover',
  'furthermore',
  'today',
  'yesterday',
  'tonight',
  'overnight',
  'now',
  'then',
  'there',
  'here',
  'again',
  'previously',
  'further',
  'once',
  'first',
  'last',
  'next',
])

/** Words that make the next word a noun: "the statement", "his remarks". */
export const DETERMINERS: ReadonlySet<string> = new Set([
  'the',
  'a',
  'an',
  'his',
  'her',
  'its',
  'their',
  'our',
  'my',
  'your',
  'this',
  'these',
  'those',
  'such',
  'whose',
  'any',
  'no',
  'every',
  'each',
])

export const PRONOUNS: ReadonlySet<string> = new Set(['he', 'she', 'they', 'it', 'i', 'we'])
