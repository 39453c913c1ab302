import type { Span } from '../corpus/types.ts'
import { type NameContext, type NameRun, nameRuns } from './names.ts'
import {
  AUXILIARIES,
  DETERMINERS,
  isSpeechVerb,
  PRONOUNS,
  SENTENCE_ADVERBS,
  type SpeechWords,
  titleKey,
  type Word,
} from './words.ts'

/**
 * The grammar of attributions, as far as Storydesk reads it: who is the subject of a speech verb ("Mr Abbas said",
 * "said the monitor’s chief, Rami Abdulrahman", "a rebel who took part in the offensive told Sky News"), and what
 * kind of phrase that subject is (a name, a pronoun, a role or description).
 */

/** Half-open range of indexes into a word list. */
export interface WordRange {
  from: number
  to: number
}

/** The subject of a speech verb, read. */
export type Subject =
  | { kind: 'pronoun'; word: Word }
  | { kind: 'named'; run: NameRun; role: Span | null; at: Span }
  | { kind: 'description'; at: Span; plural: boolean; definite: boolean; words: Word[] }

// Words that begin a clause: a subject never reaches back past them.
const CLAUSE_WORDS = new Set([
  'and',
  'but',
  'or',
  'nor',
  'yet',
  'so',
  'while',
  'whereas',
  'because',
  'although',
  'though',
  'after',
  'before',
  'when',
  'whenever',
  'as',
  'since',
  'if',
  'unless',
  'than',
  'until',
  'where',
  'that',
  'what',
  'once',
])
const RELATIVES = new Set(['who', 'whom', 'which', 'whose'])
// Words after which the rest of a phrase only qualifies its head: "the head | of the force", "a rebel | who fought".
const QUALIFIERS = new Set([
  'of',
  'in',
  'on',
  'at',
  'from',
  'with',
  'for',
  'to',
  'by',
  'near',
  'who',
  'whom',
  'whose',
  'which',
  'that',
  'during',
  'after',
  'before',
  'since',
  'until',
  'among',
  'inside',
  'outside',
  'within',
  'without',
])

const MAX_SUBJECT_WORDS = 20
const QUANTIFIERS = new Set([
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'some',
  'many',
  'several',
  'most',
  'all',
  'both',
  'few',
  'other',
  'another',
  'two',
])

// Conjunctions that open a sentence without being part of its subject: "But he said".
const CONJUNCTIONS = new Set(['and', 'but', 'or', 'so', 'yet'])
const isOpener = (word: Word) => CONJUNCTIONS.has(word.folded) || SENTENCE_ADVERBS.has(word.folded)

/** Words between a subject and its verb: "has said", "also told", "reportedly added". */
const isAuxiliary = (word: Word) =>
  !word.punctuation &&
  !word.capital &&
  (AUXILIARIES.has(word.folded) ||
    SENTENCE_ADVERBS.has(word.folded) ||
    ['not', 'never', 'only', 'just', 'simply', 'well'].includes(word.folded) ||
    (/ly$/.test(word.folded) && word.folded.length > 4))

/** Index of the first non-punctuation word at or after `from`. */
export function skipPunctuation(words: readonly Word[], from: number, to = words.length): number {
  let i = from
  while (i < to && words[i]!.punctuation) i++
  return i
}

/**
 * The subject of the speech verb at `verb`, read leftwards no further than `floor`: "Mr Abbas [also] said",
 * "Rami Abdurrahman, the Observatory’s director, said", "a rebel who took part in the offensive told",
 * "[X] said, adding" (the subject of "said"), "quoted an unnamed official as saying" (the official).
 */
export function subjectBefore(
  words: readonly Word[],
  verb: number,
  floor: number,
  speech: SpeechWords,
): WordRange | null {
  let j = verb - 1
  while (j >= floor && isAuxiliary(words[j]!)) j--
  if (j < floor) return null
  const word = words[j]!
  // "said, adding that …": a participle after a comma shares the subject of the verb before it.
  if (word.text === ',' && j - 1 >= floor && isSpeechVerb(words, j - 1, speech))
    return subjectBefore(words, j - 1, floor, speech)
  // "quoted an unnamed official as saying": the speaker is the object of the first verb.
  if (word.folded === 'as') {
    let start = j
    while (start - 1 >= floor && !words[start - 1]!.punctuation && !isSpeechVerb(words, start - 1, speech)) start--
    return start < j ? { from: start, to: j } : null
  }
  let end = j + 1
  let commas = 0
  if (word.text === ',') {
    // "X, the director, said": an appositive closed by this comma; one more comma may open it.
    end = j
    j--
    commas = 1
  }
  let start = end
  for (let i = j; i >= floor; i--) {
    const w = words[i]!
    if (w.punctuation) {
      if (w.text === ',' && commas === 1) {
        commas = 2
        continue
      }
      break
    }
    if (!w.capital && (CLAUSE_WORDS.has(w.folded) || isSpeechVerb(words, i, speech))) break
    if (RELATIVES.has(w.folded)) {
      // "whom he described": the subject is what follows the relative; "a rebel who took part … told": the relative
      // clause belongs to the subject, which reaches back to its head.
      const next = words[i + 1]
      if (next && (PRONOUNS.has(next.folded) || DETERMINERS.has(next.folded) || next.capital)) break
    }
    start = i
  }
  if (words[start]?.text === ',') start++
  if (start >= end) return null
  // "…, who said": the subject is the phrase the relative stands for.
  if (end - start === 1 && RELATIVES.has(words[start]!.folded)) {
    let k = start - 1
    if (words[k]?.text === ',') k--
    const antecedent = k >= floor ? subjectBefore(words, k + 1, floor, speech) : null
    // The agent of a passive: "admitted by one of the statesmen, who said …".
    if (antecedent && words[antecedent.from]!.folded === 'by' && antecedent.to - antecedent.from > 1)
      return { from: antecedent.from + 1, to: antecedent.to }
    return antecedent
  }
  return wellFormed(words, { from: start, to: end })
}

/**
 * A subject phrase as a speaker can be named, or null: "In his annual message he" → "he"; a phrase holding an
 * auxiliary or a modal ("may in its opinion", "It has been well") or ending in a word that cannot end a noun phrase
 * ("funds which", "the") is not a subject but a misreading.
 */
function wellFormed(words: readonly Word[], range: WordRange): WordRange | null {
  const last = words[range.to - 1]!
  if (range.to - range.from > 1 && PRONOUNS.has(last.folded)) return { from: range.to - 1, to: range.to }
  if (range.to - range.from > MAX_SUBJECT_WORDS) return null
  let relative = false
  for (let i = range.from; i < range.to; i++) {
    const w = words[i]!
    if (RELATIVES.has(w.folded)) relative = true
    // In lower case only: "May" and "Will" in a name are not modals ("Theresa May said").
    if (!relative && ((AUXILIARIES.has(w.folded) && !w.capital) || /n['’]t$|['’](?:re|ve|ll|d|m)$/.test(w.folded)))
      return null
  }
  if (DETERMINERS.has(last.folded) || RELATIVES.has(last.folded) || QUALIFIERS.has(last.folded)) return null
  return range
}

/**
 * The subject after an inverted speech verb ("…,” said the monitor’s chief, Rami Abdulrahman, making reference …"):
 * up to two comma-separated phrases, stopping where a clause or a qualifying phrase begins.
 */
export function subjectAfter(words: readonly Word[], verb: number, ceiling: number): WordRange | null {
  const from = verb + 1
  let to = from
  let phrases = 0
  let i = from
  while (i < ceiling && phrases < 2) {
    let j = i
    while (
      j < ceiling &&
      !words[j]!.punctuation &&
      !(j > i && !words[j]!.capital && CLAUSE_WORDS.has(words[j]!.folded))
    )
      j++
    if (j === i) break
    const first = words[i]!
    // A phrase that starts a new clause ("making reference to …", "who leads …", "in Beirut") is not the subject.
    if (phrases > 0 && (/ing$/.test(first.folded) || RELATIVES.has(first.folded) || QUALIFIERS.has(first.folded))) break
    to = j
    // An age ("Maria Ortega, 54, a nurse …") does not count as one of the two phrases.
    if (!isNumberPhrase(words, { from: i, to: j })) phrases++
    if (j >= ceiling || words[j]!.text !== ',') break
    i = j + 1
  }
  return to > from && to - from <= MAX_SUBJECT_WORDS ? { from, to } : null
}

/** Reads a subject phrase: a pronoun, a name (with its role, if an appositive gives one), or a description. */
export function readSubject(words: readonly Word[], range: WordRange, names: NameContext): Subject | null {
  let from = range.from
  while (from < range.to && isOpener(words[from]!) && from + 1 < range.to) from++
  const to = range.to
  if (from >= to) return null
  if (to - from === 1 && PRONOUNS.has(words[from]!.folded)) return { kind: 'pronoun', word: words[from]! }
  // Comma-separated phrases: "Rami Abdurrahman" / "the Observatory’s director".
  const phrases: WordRange[] = []
  let start = from
  for (let i = from; i <= to; i++) {
    if (i === to || words[i]!.text === ',') {
      // An age ("Maria Ortega, 54, a nurse") is neither a name nor a role.
      if (i > start && !isNumberPhrase(words, { from: start, to: i })) phrases.push({ from: start, to: i })
      start = i + 1
    }
  }
  if (phrases.length === 0) return null
  let named: { run: NameRun; phrase: WordRange } | null = null
  let role: WordRange | null = null
  for (const phrase of phrases) {
    const run = namedHead(words, phrase, names)
    if (run && !named) named = { run, phrase }
    else if (!run && !role) role = phrase
  }
  if (named) {
    const roleSpan = role ? spanOf(words, role) : leadingRole(words, named.phrase, named.run)
    return { kind: 'named', run: named.run, role: roleSpan, at: spanOf(words, { from, to }) }
  }
  const head = headRange(words, phrases[0]!, names)
  const headWords = words.slice(head.from, head.to).filter((w) => !w.punctuation)
  const first = headWords[0]
  const last = headWords.at(-1)
  if (!first || !last) return null
  // A description names someone: "a Syrian rebel …", "the minister", "Syria’s defence minister", "officials",
  // "opposition activists". Longer phrases that open with anything else are misreadings of the sentence.
  const opensAsNoun =
    DETERMINERS.has(first.folded) ||
    QUANTIFIERS.has(first.folded) ||
    /^\p{N}/u.test(first.text) ||
    /['’]s$/.test(first.text) ||
    first.capital
  if (!opensAsNoun && headWords.length > 3) return null
  // A phrase opening with a preposition is no subject ("…,” announced in June, 1979): a misreading of the sentence.
  if (!first.capital && QUALIFIERS.has(first.folded)) return null
  const indefinite = ['a', 'an', 'one'].includes(first.folded)
  return {
    kind: 'description',
    at: spanOf(words, { from, to }),
    plural: !indefinite && /[^s]s$/.test(last.folded),
    definite: first.folded === 'the' || /['’]s$/.test(first.text),
    words: words.slice(from, to),
  }
}

/** The part of a phrase before what only qualifies it: "the head" of "the head of the force". */
export function headRange(words: readonly Word[], phrase: WordRange, names: NameContext): WordRange {
  const runs = nameRuns(words, names, phrase.from, phrase.to)
  for (let i = phrase.from + 1; i < phrase.to; i++) {
    const inRun = runs.some((run) => words[i]!.start > run.start && words[i]!.end <= run.end)
    if (!inRun && !words[i]!.capital && QUALIFIERS.has(words[i]!.folded)) return { from: phrase.from, to: i }
  }
  return phrase
}

/** The name run a phrase is headed by ("General Ali Mahmoud Abbas", "defence minister Ali Abbas"), if any. */
function namedHead(words: readonly Word[], phrase: WordRange, names: NameContext): NameRun | null {
  const head = headRange(words, phrase, names)
  const runs = nameRuns(words, names, head.from, head.to)
  const last = runs.at(-1)
  if (!last || last.possessive || last.end !== words[head.to - 1]!.end || last.name.length === 0) return null
  // "the Chief Justice", "the President": an office, not a name (the role is resolved to a name if the text gives one).
  const before = words[words.findIndex((w) => w.start === last.start) - 1]
  if (before?.folded === 'the' && [...last.title, ...last.name].every((w) => names.speech.titles.has(titleKey(w))))
    return null
  return last
}

/** "defence minister Ali Abbas": lower-case words before the name in its own phrase are its role. */
function leadingRole(words: readonly Word[], phrase: WordRange, run: NameRun): Span | null {
  const before = words.slice(phrase.from, phrase.to).filter((w) => w.end <= run.start && !w.punctuation)
  const role = before.filter((w) => !isOpener(w))
  if (role.length === 0 || !role.some((w) => !w.capital && !DETERMINERS.has(w.folded))) return null
  return { start: role[0]!.start, end: role.at(-1)!.end }
}

/** A phrase of numbers only: an age, a count. */
function isNumberPhrase(words: readonly Word[], range: WordRange): boolean {
  for (let i = range.from; i < range.to; i++) if (!/^\p{N}+$/u.test(words[i]!.text)) return false
  return true
}

export function spanOf(words: readonly Word[], range: WordRange): Span {
  return { start: words[range.from]!.start, end: words[range.to - 1]!.end }
}
