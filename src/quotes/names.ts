import type { Span } from '../corpus/types.ts'
import { fold } from '../search/tokenize.ts'
import { defaultSpeechWords, isEnglishWord, SENTENCE_ADVERBS, type SpeechWords, titleKey, type Word } from './words.ts'

/**
 * Names in news copy: runs of capitalised words ("General Ali Mahmoud Abbas", "the Syrian Observatory for Human
 * Rights", "Bashar al-Assad"), split into title and name, told apart as a person or an organisation, and compared
 * across spellings (Abdurrahman / Abdulrahman) by general rules, never by a list of names.
 */

/** A run of capitalised words naming a person or an organisation. */
export interface NameRun extends Span {
  /** Leading title words ("General", "Defence Minister", "Mr"): not part of the name. */
  title: Word[]
  /** The name's own words (particles such as "al" included). */
  name: Word[]
  kind: 'person' | 'organisation'
  /** Ends in ’s: a possessor ("the Observatory’s director"), not the head of its phrase. */
  possessive: boolean
  gender: 'male' | 'female' | null
}

/** What a name run needs to know about the article around it. */
export interface NameContext {
  speech: SpeechWords
  /** Offsets where sentences start: a capital there proves nothing. */
  sentenceStarts: ReadonlySet<number>
  /** Folded words the article also prints in lower case ("news", "insurgents"): common words, not names. */
  lowerCase: ReadonlySet<string>
  /** Folded words the article prints with a capital inside a sentence: names, whatever opens a sentence. */
  midSentence: ReadonlySet<string>
}

// Lower-case particles inside names: Bashar al Assad, Ludwig van Beethoven, Osama bin Laden.
const PARTICLES = new Set([
  'al',
  'el',
  'ul',
  'bin',
  'ibn',
  'bint',
  'abu',
  'ben',
  'de',
  'da',
  'di',
  'du',
  'del',
  'della',
  'der',
  'den',
  'van',
  'von',
  'le',
  'la',
  'dos',
  'das',
  'y',
  'zu',
])
// Lower-case words inside organisations' names: Syrian Observatory for Human Rights, Bank of England. Never inside a
// person's name: "Henrik Sollen on Monday" is a name and a day, "Jon Berge of Nordic Ferries" a name and an affiliation.
const CONNECTORS = new Set(['of', 'for', 'on', 'the', 'and'])
// Words after a person's name that introduce where they work: "Jon Berge of Nordic Ferries", "Kari Holm at the union".
const AFFILIATIONS = new Set(['of', 'for', 'at', 'from', 'with'])
// Days and months name no one: "on Monday", "in March" (a month can be a name after a given name: "Theresa May").
const WEEKDAYS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'])
const MONTHS = new Set([
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
])
const PREFIXED_PARTICLE = /^(?:al|el|ul|ad|ar|as|ash|at|az|an|bin|ibn|abu|bint|ben|de|da|di|du|van|von|le|la)-\p{Lu}/u

/** A capitalised word that can be part of a name here. */
export function isNameWord(word: Word, context: NameContext, next?: Word): boolean {
  if (word.punctuation) return false
  if (PREFIXED_PARTICLE.test(word.text)) return true
  if (!word.capital || word.folded === 'i') return false
  if (!context.sentenceStarts.has(word.start)) return true
  // A capital at the start of a sentence proves nothing ("Police said", "Witnesses told"): a name only if the article
  // does not print the word in lower case, and it is no common English word, or the article also capitalises it inside
  // a sentence, or a name follows it ("Rami Abdurrahman said", "Brown said" after "Gordon Brown").
  if (isCommonWord(word, context)) return false
  return (
    !isEnglishWord(word.folded) ||
    context.midSentence.has(word.folded) ||
    (next !== undefined && isNameWord(next, context))
  )
}

function isCommonWord(word: Word, context: NameContext): boolean {
  return (
    context.speech.stopWords.has(word.folded) ||
    context.lowerCase.has(word.folded) ||
    SENTENCE_ADVERBS.has(word.folded) ||
    (/ly$/.test(word.folded) && word.folded.length > 4)
  )
}

/** The name runs in `words[from, to)`, in order. */
export function nameRuns(words: readonly Word[], context: NameContext, from = 0, to = words.length): NameRun[] {
  const runs: NameRun[] = []
  let i = from
  while (i < to) {
    // "Transport Minister Ilse Marwood" opening a sentence: a common word before a title is part of the title; so is
    // "of" after one ("Secretary of State Ada Lind").
    const titled =
      words[i]!.capital &&
      !words[i]!.punctuation &&
      i + 1 < to &&
      ((words[i + 1]!.capital &&
        context.speech.titles.has(titleKey(words[i + 1]!)) &&
        !context.speech.stopWords.has(words[i]!.folded)) ||
        (context.speech.titles.has(titleKey(words[i]!)) &&
          words[i + 1]!.folded === 'of' &&
          i + 2 < to &&
          isNameWord(words[i + 2]!, context)))
    if (!titled && !isNameWord(words[i]!, context, i + 1 < to ? words[i + 1] : undefined)) {
      i++
      continue
    }
    let j = i + 1
    let connected = false
    while (j < to) {
      const word = words[j]!
      if (/['’]s$/.test(words[j - 1]!.text)) break
      if (isNameWord(word, context, j + 1 < to ? words[j + 1] : undefined) && !WEEKDAYS.has(word.folded)) {
        j++
        continue
      }
      const next = words[j + 1]
      if (!word.capital && !word.punctuation && next && j + 1 < to && isNameWord(next, context) && !isDate(next)) {
        if (PARTICLES.has(word.folded)) {
          j += 2
          continue
        }
        // A connector joins only inside an organisation's name (the Bank of England, the Department of Health and
        // Human Services: "and" only after another connector) or a title ("Secretary of State Ada Lind"); never
        // inside a person's name.
        const joins =
          CONNECTORS.has(word.folded) &&
          (word.folded !== 'and' || connected) &&
          (organisationSoFar(words, i, j) ||
            (word.folded === 'of' && context.speech.titles.has(titleKey(words[j - 1]!))))
        if (joins) {
          connected = true
          j += 2
          continue
        }
      }
      break
    }
    // Days and months alone are a date, not a name ("on Monday", "in March", "Friday March"; but "Theresa May").
    if (!words.slice(i, j).every(isDate)) {
      const run = makeRun(words, i, j, context)
      // "Jon Berge of Nordic Ferries": the name after a person's "of" is where they work, not a second person.
      const previous = runs.at(-1)
      if (
        previous?.kind === 'person' &&
        i >= 2 &&
        previous.end === words[i - 2]!.end &&
        AFFILIATIONS.has(words[i - 1]!.folded)
      )
        run.kind = 'organisation'
      runs.push(run)
    }
    i = j
  }
  return runs
}

/** A weekday, or a month written alone: part of a date, never of a name. */
function isDate(word: Word): boolean {
  return WEEKDAYS.has(word.folded) || MONTHS.has(word.folded.replace(/\.$/, ''))
}

/**
 * Whether the run words[from, to) names an organisation before any connector is read: "the" before it ("the Syrian
 * Observatory", "The Bank") or an acronym in it ("UN Office"). Anything else may be a person's name, which a
 * preposition ends.
 */
function organisationSoFar(words: readonly Word[], from: number, to: number): boolean {
  if (words[from - 1]?.folded === 'the' || words[from]!.folded === 'the') return true
  for (let k = from; k < to; k++) if (isAcronym(words[k]!)) return true
  return false
}

function isAcronym(word: Word): boolean {
  return /^\p{Lu}{2,}$/u.test(word.text)
}

function makeRun(words: readonly Word[], from: number, to: number, context: NameContext): NameRun {
  const all = words.slice(from, to)
  const titles = context.speech.titles
  // The title: the longest run of leading words ending in a title word ("Syrian Defence Minister"), with "of X" after
  // it ("Secretary of State"), that leaves at least one word of name.
  let titleEnd = 0
  for (let k = 0; k < all.length - 1; k++) {
    if (!titles.has(titleKey(all[k]!))) continue
    titleEnd = k + 1
    if (all[k + 1]?.folded === 'of' && k + 3 < all.length) titleEnd = k + 3
  }
  while (titleEnd < all.length && CONNECTORS.has(all[titleEnd]!.folded)) titleEnd++
  const title = all.slice(0, titleEnd)
  const name = all.slice(titleEnd)
  const last = all.at(-1)!
  const before = words[from - 1]
  const hasConnector = name.some((w) => CONNECTORS.has(w.folded))
  const acronym = name.some(isAcronym)
  const commonEnd = isCommonWord(last, { ...context, sentenceStarts: new Set() })
  const organisation = before?.folded === 'the' || hasConnector || acronym || commonEnd
  const titleWords = title.map(titleKey)
  const gender = titleWords.some((t) => context.speech.maleTitles.has(t))
    ? 'male'
    : titleWords.some((t) => context.speech.femaleTitles.has(t))
      ? 'female'
      : null
  return {
    start: all[0]!.start,
    end: last.end,
    title,
    name,
    kind: organisation ? 'organisation' : 'person',
    possessive: /['’]s$/.test(last.text),
    gender,
  }
}

/** Most words a name typed to look up has ("General Ali Mahmoud Abbas" has four). */
const MAX_NAME_WORDS = 6
// Prepositions that the stop words leave out: a text holding one in lower case is a question, not a name.
const PREPOSITIONS = new Set([
  'near',
  'around',
  'across',
  'along',
  'amid',
  'among',
  'behind',
  'beside',
  'beyond',
  'inside',
  'outside',
  'toward',
  'towards',
  'via',
  'within',
  'without',
  'since',
  'like',
  'per',
  'despite',
  'upon',
  'onto',
  'versus',
])

/**
 * Whether text a reporter typed can be a name to look up: "Abdulrahman", "general abbas", "Mr. Sollen", "al-Assad",
 * "Bashar al Assad". One to six words of letters (inner hyphens and apostrophes, a final full stop), none a digit nor,
 * in lower case, a function word or a preposition ("points near homs", "from the front line" are questions).
 *
 * @example looksLikeName('rami abdulrahman') // true
 * @example looksLikeName('points near homs') // false
 */
export function looksLikeName(text: string, speech: SpeechWords = defaultSpeechWords()): boolean {
  const words = text.trim().split(/\s+/)
  if (words[0] === '' || words.length > MAX_NAME_WORDS) return false
  return words.every((word) => {
    if (!/^\p{L}+(?:[-'’.]\p{L}+)*\.?$/u.test(word)) return false
    const folded = fold(word)
    if (/^\p{Lu}/u.test(word) || PARTICLES.has(folded)) return true
    return !speech.stopWords.has(folded) && !PREPOSITIONS.has(folded)
  })
}

/** A person's name reduced to what tells names apart: folded given names and the surname's key. */
export interface NameKey {
  given: string[]
  surname: string
  gender: 'male' | 'female' | null
}

/** The given names (particles dropped) and surname of a person's name words, as printed. */
export function splitPersonName(name: readonly Word[]): { given: string[]; surname: string | null } {
  const words = name.filter((w) => !PARTICLES.has(w.folded)).map((w) => w.text.replace(/['’]s$/, ''))
  return { given: words.slice(0, -1), surname: words.at(-1) ?? null }
}

/**
 * The form a surname is compared in: folded, an Arabic article dropped (al-Assad = Assad), letters only, doubled
 * letters made single (Abdurrahman → abdurahman), so transliterations meet within a small edit distance.
 */
export function surnameKey(surname: string): string {
  return fold(surname)
    .replace(/^(?:al|el|ul|ad|ar|as|ash|at|az|an)[-\s]/, '')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .replace(/(\p{L})\1+/gu, '$1')
}

/** Edits allowed between two spellings of one name: none for short names, one from 4 letters, two from 9. */
export function nameEditBudget(key: string): number {
  return key.length >= 9 ? 2 : key.length >= 4 ? 1 : 0
}

/** Two spellings of one name part (Abdurrahman / Abdulrahman, Mahmoud / Mahmud), or an initial (R. / Rami). */
export function similarNamePart(a: string, b: string): boolean {
  const x = surnameKey(a)
  const y = surnameKey(b)
  if (x === y) return true
  if (x.length === 1 || y.length === 1) return x[0] === y[0]
  const budget = Math.min(nameEditBudget(x), nameEditBudget(y))
  return budget > 0 && x[0] === y[0] && withinEdits(x, y, budget)
}

/**
 * Whether `a` is within `max` edits of `b`, counted as the search counts spelling (src/search/termDictionary.ts):
 * insertions, deletions, substitutions, and a swap of neighbouring letters as one edit. Two short names, so the
 * table is tiny; it stops as soon as a row exceeds `max`.
 */
export function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false
  let before = new Array<number>(b.length + 1).fill(0)
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  let previousBest = 0
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1)
      current.push(value)
      best = Math.min(best, value)
    }
    // A swap reaches back two rows: give up only when two rows in a row are over budget.
    if (best > max && previousBest > max) return false
    previousBest = best
    before = previous
    previous = current
  }
  return previous[b.length]! <= max
}

/**
 * How two person names relate: 'same' (both give the same given names, or neither gives any), 'partial' (one is only
 * a surname that matches: the same person if nothing else matches it), 'different'.
 */
export function comparePersons(a: NameKey, b: NameKey): 'same' | 'partial' | 'different' {
  if (!similarNamePart(a.surname, b.surname)) return 'different'
  if (a.gender && b.gender && a.gender !== b.gender) return 'different'
  if (a.given.length === 0 || b.given.length === 0) return a.given.length === b.given.length ? 'same' : 'partial'
  // Given names: the first must agree, and every one of the shorter list must stand in the longer.
  if (!similarNamePart(a.given[0]!, b.given[0]!)) return 'different'
  const [shorter, longer] = a.given.length <= b.given.length ? [a.given, b.given] : [b.given, a.given]
  return shorter.every((g) => longer.some((h) => similarNamePart(g, h))) ? 'same' : 'different'
}

/** Folded words of an organisation's name, without "the": the key organisations are compared by. */
export function organisationKey(name: string): string {
  return fold(name)
    .replace(/^the\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}
