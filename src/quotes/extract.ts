import type { Article, Span } from '../corpus/types.ts'
import { splitSentences } from '../passages/sentences.ts'
import { normalizeWord } from '../search/tokenize.ts'
import { findQuoteMarks, type QuoteMarks } from './marks.ts'
import {
  comparePersons,
  type NameContext,
  type NameKey,
  type NameRun,
  nameRuns,
  splitPersonName,
  surnameKey,
} from './names.ts'
import {
  headRange,
  readSubject,
  skipPunctuation,
  type Subject,
  subjectAfter,
  subjectBefore,
  type WordRange,
} from './phrases.ts'
import type { AttributionRule, Quotation, QuotationKind, SpeakerRef } from './types.ts'
import {
  AUXILIARIES,
  DETERMINERS,
  defaultSpeechWords,
  titleKey,
  foldWord,
  isBlockingVerb,
  isSpeechVerb,
  SENTENCE_ADVERBS,
  type SpeechWords,
  type Word,
  wordsIn,
} from './words.ts'

/** What extraction reads of an article. */
export type QuotationSource = Pick<Article, 'file' | 'text' | 'paragraphs'>

/** Scare quotes: a quotation of this many words or fewer is a term ("takfiri"), unless it is a spoken reply. */
export const TERM_MAX_WORDS = 2

/**
 * Every direct quotation in an article's paragraphs, in text order, each an exact slice of `article.text` with the
 * speaker the text gives (or null). Pure and deterministic: the same article always gives the same quotations, so a
 * snapshot can keep them per article and re-extract only a changed file.
 *
 * @example
 * const quotations = extractQuotations(article)
 * for (const q of quotations) console.log(article.text.slice(q.start, q.end), '—', q.speaker?.name ?? 'unknown')
 */
export function extractQuotations(article: QuotationSource, speech: SpeechWords = defaultSpeechWords()): Quotation[] {
  const marks = findQuoteMarks(article.text, article.paragraphs)
  return marks.length === 0 ? [] : new ArticleReader(article, speech, marks).quotations()
}

/** A speaker as the article gives it, before it is written out as a SpeakerRef. */
type Speaker =
  | { kind: 'person' | 'organisation'; run: NameRun; role: Span | null }
  | { kind: 'unnamed'; description: Span; plural: boolean }

/** A speech act the text gives for a quotation, or BLOCKED: the text says who spoke, or wrote, in a way we cannot read. */
type Found<Rule extends AttributionRule> = { subject: Subject; verbAt: number; rule: Rule } | typeof BLOCKED
/** The nearest speech verb's subject cannot be read, or a chanting-type verb quotes the words: no speaker, never a guess. */
const BLOCKED = 'blocked'

interface SpeechAct {
  /** Where the verb (or "according to") is: pronouns are resolved from here back. */
  at: number
  subject: Subject
}

interface Sentence extends Span {
  paragraph: number
}

/** One way the article names a person (given names, surname, gender), with its fullest mention. */
interface PersonEntry {
  run: NameRun
  key: NameKey
}

interface RolePair {
  /** Folded content words of the role ("defence", "minister"), and its head word normalized. */
  words: ReadonlySet<string>
  head: string
  person: NameRun
}

// A capitalised word after a lower-case word, a digit or a comma: inside a sentence, so a name ("told Sky News").
const MID_SENTENCE_CAPITAL = /(?<=[\p{Ll}\p{N},;] )\p{Lu}[\p{L}\p{N}]*(?:[-'’][\p{L}\p{N}]+)*/gu
const LOWER_CASE_WORD = /(?<![\p{L}\p{N}'’-])\p{Ll}[\p{L}\p{N}]*(?:[-'’][\p{L}\p{N}]+)*/gu
const MAX_PRONOUN_SENTENCES = 4
/** Paragraphs before a quotation read sentence by sentence (its speaker, or the antecedent of "he", is named there). */
const CONTEXT_PARAGRAPHS = 3
// A sentence starts after terminal punctuation (and closing quotes or brackets) and space, at a capital or a digit.
const SENTENCE_START = /(?<=[.?!…]["'”’)\]]*\s+)(?=[\p{Lu}\p{N}“"‘'(])/gu
/** Most words between a speech verb and the quotation it introduces ("… said the withdrawal from Hama was a “…”"). */
const MAX_REPORTED_WORDS = 14
const BREAKS = new Set([';', '(', ')', '[', ']'])
const MAX_RESOLUTION_DEPTH = 3

class ArticleReader {
  private readonly text: string
  private readonly marks: QuoteMarks[]
  /** The paragraphs read for names, roles and common words. */
  private readonly reading: readonly Span[]
  /** Spans covered by quotations (marks included): their words are never read as attribution. */
  private readonly hidden: Span[]
  private readonly sentences: Sentence[]
  private readonly names: NameContext
  private readonly acts = new Map<number, SpeechAct[]>()
  private readonly resolved = new Map<Subject, Speaker | null>()
  private persons: Map<string, PersonEntry[]> | null = null
  private roles: RolePair[] | null = null
  private readonly fullestOf = new Map<string, NameRun>()

  constructor(
    private readonly article: QuotationSource,
    private readonly speech: SpeechWords,
    marks: QuoteMarks[],
  ) {
    this.text = article.text
    this.marks = marks
    // Who is who is read up to the last paragraph with a quotation: what comes after cannot name its speaker.
    this.reading = article.paragraphs.slice(0, marks.reduce((last, m) => Math.max(last, m.lastParagraph), 0) + 1)
    this.hidden = this.marks.map((m) => ({
      start: m.open,
      end: (m.close ?? m.parts.at(-1)!.end) + 1,
    }))
    this.sentences = this.readSentences()
    const lowerCase = new Set<string>()
    const midSentence = new Set<string>()
    // Where sentences start: exactly (splitSentences) near quotations, by a quick pattern elsewhere (name evidence only).
    const sentenceStarts = new Set(this.sentences.map((s) => s.start))
    for (const paragraph of this.reading) {
      const text = this.text.slice(paragraph.start, paragraph.end)
      const first = text.search(/\S/)
      if (first >= 0) sentenceStarts.add(paragraph.start + first)
      for (const match of text.matchAll(SENTENCE_START)) sentenceStarts.add(paragraph.start + match.index)
      for (const match of text.matchAll(LOWER_CASE_WORD)) lowerCase.add(foldWord(match[0]))
      for (const match of text.matchAll(MID_SENTENCE_CAPITAL)) midSentence.add(foldWord(match[0]))
    }
    this.names = { speech, sentenceStarts, lowerCase, midSentence }
  }

  quotations(): Quotation[] {
    const out: Quotation[] = []
    const speakers: (Speaker | null)[] = []
    this.marks.forEach((mark, index) => {
      const found = this.attribute(mark, index, speakers)
      speakers.push(found?.speaker ?? null)
      const first = mark.parts[0]!
      const last = mark.parts.at(-1)!
      out.push({
        id: `${this.article.file}#${first.start}-${last.end}`,
        file: this.article.file,
        start: first.start,
        end: last.end,
        parts: mark.parts.map((p) => ({ start: p.start, end: p.end })),
        paragraph: mark.firstParagraph,
        kind: this.kindOf(mark, found?.rule ?? null),
        speaker: found?.speaker ? this.speakerRef(found.speaker, found.at, found.rule) : null,
      })
    })
    return out
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Sentences and words.

  /**
   * Sentences of the paragraphs around quotations (a quotation's own and the few before it, where its speaker may be
   * named), never ending inside a quotation ("“We won. We are strong,” he said." is one).
   */
  private readSentences(): Sentence[] {
    const sentences: Sentence[] = []
    const near = new Set<number>()
    for (const mark of this.marks)
      for (let p = Math.max(0, mark.firstParagraph - CONTEXT_PARAGRAPHS); p <= mark.lastParagraph; p++) near.add(p)
    const partsOf = new Map<number, Span[]>()
    for (const mark of this.marks)
      mark.parts.forEach((part, i) => {
        const paragraph = mark.firstParagraph + i
        const list = partsOf.get(paragraph)
        if (list) list.push(part)
        else partsOf.set(paragraph, [part])
      })
    this.article.paragraphs.forEach((paragraph, index) => {
      if (!near.has(index)) return
      // The quotations' words in this paragraph, in order: a sentence boundary inside one is no boundary.
      const inside = partsOf.get(index) ?? []
      let k = 0
      for (const s of splitSentences(this.text, paragraph)) {
        const previous = sentences.at(-1)
        while (k < inside.length && inside[k]!.end <= s.start) k++
        const cutInside = previous?.paragraph === index && k < inside.length && inside[k]!.start < previous.end
        if (previous && cutInside) previous.end = s.end
        else sentences.push({ start: s.start, end: s.end, paragraph: index })
      }
    })
    return sentences
  }

  private sentenceAt(offset: number): number {
    let low = 0
    let high = this.sentences.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (this.sentences[mid]!.start <= offset) low = mid
      else high = mid - 1
    }
    return low
  }

  /** The words of [from, to) outside every quotation (`hidden` is sorted and its spans do not overlap). */
  private wordsOutside(from: number, to: number): Word[] {
    const hidden = this.hidden
    let low = 0
    let high = hidden.length
    while (low < high) {
      const mid = (low + high) >> 1
      if (hidden[mid]!.end <= from) low = mid + 1
      else high = mid
    }
    const out: Word[] = []
    let h = low
    for (const word of wordsIn(this.text, from, to)) {
      while (h < hidden.length && hidden[h]!.end <= word.start) h++
      if (h < hidden.length && word.start >= hidden[h]!.start) continue
      out.push(word)
    }
    return out
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Attribution.

  private attribute(
    mark: QuoteMarks,
    index: number,
    earlier: readonly (Speaker | null)[],
  ): { speaker: Speaker | null; at: Span; rule: AttributionRule } | null {
    const openSentence = this.sentences[this.sentenceAt(mark.open)]!
    const previous = this.marks[index - 1]
    const next = this.marks[index + 1]

    // “…,” said X / “…,” X said / “…,” according to X
    if (mark.close !== null) {
      const closeSentence = this.sentences[this.sentenceAt(mark.close)]!
      const end = next && next.open < closeSentence.end ? next.open : closeSentence.end
      const after = wordsIn(this.text, mark.close + 1, end)
      const found = this.attributionAfter(after)
      if (found === BLOCKED) return null
      if (found) return { ...this.resolveFound(found.subject, found.verbAt), rule: found.rule }
    }

    // X said: “…” / X told Sky News “…” / X described them as “…” / according to X, “…”
    const beforeStart =
      previous?.close != null && previous.close >= openSentence.start ? previous.close + 1 : openSentence.start
    const before = wordsIn(this.text, beforeStart, mark.open)
    const found = this.attributionBefore(before)
    if (found === BLOCKED) return null
    if (found) return { ...this.resolveFound(found.subject, found.verbAt), rule: found.rule }

    // “…,” he said. “…” — a later quotation of the same paragraph, no other person named in between.
    if (previous && previous.lastParagraph === mark.firstParagraph && earlier[index - 1]) {
      const between = this.wordsOutside(previous.close ?? previous.open, mark.open)
      const speaker = earlier[index - 1]!
      const own = speaker.kind === 'unnamed' ? null : speaker.run
      const others = nameRuns(between, this.names).filter(
        (run) => run.kind === 'person' && !(own && this.fullest(run).start === own.start),
      )
      if (others.length === 0) return { speaker, at: this.spanOfSpeaker(speaker), rule: 'same-speaker' }
    }

    // A paragraph that opens with the quotation, after one that ends "X said:".
    const paragraph = this.article.paragraphs[mark.firstParagraph]!
    if (mark.firstParagraph > 0 && this.text.slice(paragraph.start, mark.open).trim() === '') {
      const before = this.article.paragraphs[mark.firstParagraph - 1]!
      const last = this.sentences[this.sentenceAt(before.end - 1)]!
      const words = this.wordsOutside(last.start, last.end)
      if (words.at(-1)?.text === ':') {
        const intro = this.attributionBefore(words.slice(0, -1))
        if (intro && intro !== BLOCKED) return { ...this.resolveFound(intro.subject, intro.verbAt), rule: 'introduced' }
      }
    }
    return null
  }

  /**
   * The attribution right after a closing mark, if the words there are one: the first speech verb (or source phrase)
   * of the clause. When it says someone spoke but not who we can read ("…,” he was told), or a blocking verb quotes
   * the words ("…,” the crowd chanted), BLOCKED: no earlier speaker may claim them.
   */
  private attributionAfter(words: Word[]): Found<'said-after' | 'according-to'> | null {
    const start = skipPunctuation(words, 0)
    if (start >= words.length) return null
    const phrase = this.sourcePhraseAt(words, start)
    if (phrase !== null) {
      const range = subjectAfter(words, phrase, words.length)
      const subject = range && readSubject(words, range, this.names)
      return subject ? { subject, verbAt: words[start]!.start, rule: 'according-to' } : BLOCKED
    }
    if (isBlockingVerb(words, start, this.speech)) return BLOCKED
    if (isSpeechVerb(words, start, this.speech)) {
      const range = subjectAfter(words, start, words.length)
      const subject = range && readSubject(words, range, this.names)
      return subject ? { subject, verbAt: words[start]!.start, rule: 'said-after' } : BLOCKED
    }
    for (let k = start + 1; k < words.length; k++) {
      if (words[k]!.punctuation && words[k]!.text !== ',') break
      const blocking = isBlockingVerb(words, k, this.speech)
      if (!blocking && !isSpeechVerb(words, k, this.speech)) continue
      // The verb's subject must stand right after the quotation ("…,” the crowd chanted); a verb of another clause
      // (“…” and emphasising that …) says nothing about these words.
      const range = subjectBefore(words, k, start, this.speech)
      if (!range || range.from !== start) return null
      if (blocking || isPassive(words, k)) return BLOCKED
      const subject = readSubject(words, range, this.names)
      return subject ? { subject, verbAt: words[k]!.start, rule: 'said-after' } : BLOCKED
    }
    return null
  }

  /**
   * The speech act nearest before an opening mark in its sentence (reported speech: "X said the move was a “…”").
   * Only the nearest: when its subject cannot be read ("…, which warned that “…”"), or the words are chanted, read
   * or dubbed rather than said ("X said protesters chanted “…”"), BLOCKED, never the speaker of an earlier verb.
   */
  private attributionBefore(words: Word[]): Found<'said-before' | 'according-to'> | null {
    // Reported speech reaches a quotation over a few words ("X said the withdrawal was a “…”"), not across a clause.
    let reach = 0
    let floor = words.length
    while (floor > 0 && reach < MAX_REPORTED_WORDS && !BREAKS.has(words[floor - 1]!.text)) {
      floor--
      if (!words[floor]!.punctuation) reach++
    }
    for (let k = words.length - 1; k >= floor; k--) {
      const phrase = this.sourcePhraseAt(words, k)
      if (phrase !== null) {
        const range = subjectAfter(words, phrase, words.length)
        const subject = range && readSubject(words, range, this.names)
        return subject ? { subject, verbAt: words[k]!.start, rule: 'according-to' } : BLOCKED
      }
      if (isBlockingVerb(words, k, this.speech)) {
        // "X said, reading from a statement: “…”": the manner of X's own speech, not another source.
        if (words[k - 1]?.text === ',' && k >= 2 && isSpeechVerb(words, k - 2, this.speech)) continue
        return BLOCKED
      }
      if (!isSpeechVerb(words, k, this.speech)) continue
      if (isPassive(words, k)) return BLOCKED
      const range = subjectBefore(words, k, 0, this.speech)
      const subject = range && readSubject(words, range, this.names)
      if (subject) return { subject, verbAt: words[k]!.start, rule: 'said-before' }
      // "X said claims of “…”", "X said that reports of “…”": a noun after a verb or a preposition, not a verb.
      if (isNounPlace(words, k - 1, this.speech)) continue
      return this.coordinatedSubject(words, k)
    }
    return null
  }

  /**
   * The speaker of a speech verb whose subject is left out, or BLOCKED. “…,” said Wilson, “…” and “…,” Quist said,
   * and added: “…”: the verb carries on from the quotation before (null: rule 3 decides). "One woman wrote to me and
   * said": the subject of the speech verb it is joined to, when only an object stands between them ("to me", "us for
   * help"), never across a clause of its own ("X said the union protested and warned").
   */
  private coordinatedSubject(words: readonly Word[], verb: number): Found<'said-before'> | null {
    let k = verb - 1
    while (k >= 0 && isAuxiliaryWord(words[k]!)) k--
    const coordinated = k >= 0 && COORDINATORS.has(words[k]!.folded)
    const from = coordinated ? k - 1 : k
    let first = from
    while (first >= 0 && words[first]!.punctuation) first--
    if (first < 0) return null
    if (!coordinated) return BLOCKED
    const between: Word[] = []
    for (let i = from; i >= 0; i--) {
      if (!isSpeechVerb(words, i, this.speech)) {
        if (words[i]!.punctuation && words[i]!.text !== ',') return BLOCKED
        if (!words[i]!.punctuation) between.push(words[i]!)
        continue
      }
      if (between.length > MAX_OBJECT_WORDS || between.some(mayBeVerbOrSubject) || isPassive(words, i)) return BLOCKED
      const range = subjectBefore(words, i, 0, this.speech)
      const subject = range && readSubject(words, range, this.names)
      return subject ? { subject, verbAt: words[i]!.start, rule: 'said-before' } : BLOCKED
    }
    return BLOCKED
  }

  /** Index of the last word of a source phrase ("according to") starting at `at`, or null. */
  private sourcePhraseAt(words: readonly Word[], at: number): number | null {
    for (const phrase of this.speech.sourcePhrases) {
      if (phrase.every((word, i) => words[at + i]?.folded === word)) return at + phrase.length - 1
    }
    return null
  }

  private resolveFound(subject: Subject, verbAt: number): { speaker: Speaker | null; at: Span } {
    const at = subject.kind === 'pronoun' ? { start: subject.word.start, end: subject.word.end } : subject.at
    return { speaker: this.resolve(subject, verbAt, 0), at }
  }

  private resolve(subject: Subject, at: number, depth: number): Speaker | null {
    if (this.resolved.has(subject)) return this.resolved.get(subject)!
    let speaker: Speaker | null
    switch (subject.kind) {
      case 'named':
        speaker =
          subject.run.kind === 'person'
            ? { kind: 'person', run: this.fullest(subject.run), role: subject.role }
            : { kind: 'organisation', run: subject.run, role: subject.role }
        break
      case 'pronoun':
        speaker = this.resolvePronoun(subject.word, at, depth)
        break
      case 'description': {
        const person = subject.definite ? this.resolveRole(subject.words) : null
        speaker = person
          ? { kind: 'person', run: this.fullest(person), role: subject.at }
          : { kind: 'unnamed', description: subject.at, plural: subject.plural }
        break
      }
    }
    this.resolved.set(subject, speaker)
    return speaker
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Pronouns: the nearest speaker before them, else the one person named nearest before them.

  private speechActs(sentence: number): SpeechAct[] {
    let acts = this.acts.get(sentence)
    if (acts) return acts
    acts = []
    const s = this.sentences[sentence]!
    const words = this.wordsOutside(s.start, s.end)
    for (let k = 0; k < words.length; k++) {
      const phrase = this.sourcePhraseAt(words, k)
      let range: WordRange | null = null
      if (phrase !== null) range = subjectAfter(words, phrase, words.length)
      else if (isSpeechVerb(words, k, this.speech) && !isPassive(words, k)) {
        range = subjectBefore(words, k, 0, this.speech)
        // "…,” said X: the verb right after a quotation, its subject after it.
        if (!range && this.followsQuotation(words, k)) range = subjectAfter(words, k, words.length)
      }
      const subject = range && readSubject(words, range, this.names)
      if (subject) acts.push({ at: words[k]!.start, subject })
    }
    this.acts.set(sentence, acts)
    return acts
  }

  private followsQuotation(words: readonly Word[], k: number): boolean {
    const from = k > 0 ? words[k - 1]!.end : this.sentences[this.sentenceAt(words[k]!.start)]!.start
    return this.hidden.some((h) => h.end > from && h.end <= words[k]!.start)
  }

  private resolvePronoun(word: Word, at: number, depth: number): Speaker | null {
    const pronoun = word.folded
    if (pronoun === 'i' || pronoun === 'we' || depth > MAX_RESOLUTION_DEPTH) return null
    const here = this.sentenceAt(at)
    const paragraph = this.sentences[here]!.paragraph
    for (let s = here; s >= 0 && here - s < MAX_PRONOUN_SENTENCES; s--) {
      if (this.sentences[s]!.paragraph < paragraph - 1) break
      const limit = s === here ? word.start : Number.POSITIVE_INFINITY
      // Someone who speaks in that sentence: the pronoun carries their words on ("A rebel told Sky News … “…,” he said").
      const speakers = this.speechActs(s)
        .filter((act) => act.at < limit && !(act.subject.kind === 'pronoun' && act.subject.word.start === word.start))
        .map((act) => this.resolve(act.subject, act.at, depth + 1))
        .filter((speaker): speaker is Speaker => speaker !== null && this.fits(pronoun, speaker))
      if (speakers.length > 0) return speakers.at(-1)!
      if (pronoun !== 'he' && pronoun !== 'she') continue
      // Else the one person named there; two people there who could both be "he": unknown, never a guess.
      const sentence = this.sentences[s]!
      const people = nameRuns(this.wordsOutside(sentence.start, Math.min(sentence.end, limit)), this.names)
        .filter((run) => run.kind === 'person' && fitsGender(pronoun, this.genderOf(run)))
        .map((run) => this.fullest(run))
      const distinct = [...new Map(people.map((run) => [run.start, run])).values()]
      if (distinct.length === 1) return { kind: 'person', run: distinct[0]!, role: null }
      if (distinct.length > 1) return null
    }
    return null
  }

  /** Whether a pronoun can stand for a speaker: he/she for one person, it for an organisation, they for several. */
  private fits(pronoun: string, speaker: Speaker): boolean {
    const single = speaker.kind === 'unnamed' && !speaker.plural
    switch (pronoun) {
      case 'he':
      case 'she':
        return speaker.kind === 'person' ? fitsGender(pronoun, this.genderOf(speaker.run)) : single
      case 'it':
        return speaker.kind === 'organisation' || single
      case 'they':
        return speaker.kind === 'organisation' || (speaker.kind === 'unnamed' && speaker.plural)
      default:
        return false
    }
  }

  /** A person's gender from any mention of them in the article with a gendered title (Mr Brandvik, Ms Marwood). */
  private genderOf(run: NameRun): 'male' | 'female' | null {
    if (run.gender) return run.gender
    const key = nameKeyOf(run)
    if (!key) return null
    const full = this.fullest(run)
    for (const entry of this.personIndex().get(key.surname) ?? [])
      if (entry.run.gender && this.fullest(entry.run).start === full.start) return entry.run.gender
    return null
  }

  /** The words outside quotations of the paragraphs read, sentence by sentence (by `names.sentenceStarts`). */
  private *sentenceWords(): Generator<Word[]> {
    for (const paragraph of this.reading) {
      let sentence: Word[] = []
      for (const word of this.wordsOutside(paragraph.start, paragraph.end)) {
        if (sentence.length > 0 && this.names.sentenceStarts.has(word.start)) {
          yield sentence
          sentence = []
        }
        sentence.push(word)
      }
      if (sentence.length > 0) yield sentence
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // One person, several mentions: "General Ali Mahmoud Abbas" … "Mr Abbas" … "Abbas".

  private personIndex(): Map<string, PersonEntry[]> {
    if (this.persons) return this.persons
    // One entry per way of naming (an article repeating "Mr Abbas" a hundred times has one "Mr Abbas"), so looking a
    // name up costs the number of distinct forms, not of mentions.
    const forms = new Map<string, PersonEntry>()
    for (const words of this.sentenceWords()) {
      for (const run of nameRuns(words, this.names)) {
        if (run.kind !== 'person') continue
        const key = nameKeyOf(run)
        if (!key) continue
        const id = `${key.given.join(' ').toLowerCase()}|${key.surname}|${key.gender ?? ''}`
        const known = forms.get(id)
        if (!known || wordCount(run) > wordCount(known.run)) forms.set(id, { run, key })
      }
    }
    const persons = new Map<string, PersonEntry[]>()
    for (const entry of forms.values()) {
      const list = persons.get(entry.key.surname)
      if (list) list.push(entry)
      else persons.set(entry.key.surname, [entry])
    }
    this.persons = persons
    return persons
  }

  /**
   * The fullest mention in the article of the person `run` names: the same surname with the same given names, or,
   * for a surname alone ("Mr Abbas"), the one person of that surname the article names in full. Two people of that
   * surname: the mention stays as it is.
   */
  private fullest(run: NameRun): NameRun {
    const id = `${run.start}:${run.end}`
    let found = this.fullestOf.get(id)
    if (!found) {
      found = this.findFullest(run)
      this.fullestOf.set(id, found)
    }
    return found
  }

  private findFullest(run: NameRun): NameRun {
    const key = nameKeyOf(run)
    if (!key) return run
    const entries = this.personIndex().get(key.surname) ?? []
    let pool = entries.filter((e) => comparePersons(key, e.key) === 'same')
    if (key.given.length === 0) {
      const full = entries.filter((e) => e.key.given.length > 0 && comparePersons(key, e.key) === 'partial')
      if (full.length > 0 && full.every((e) => full.every((f) => comparePersons(e.key, f.key) === 'same'))) pool = full
    }
    let best = run
    for (const entry of pool) if (wordCount(entry.run) > wordCount(best)) best = entry.run
    return best
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Roles: "the minister said" → the one person the article names as a minister.

  private rolePairs(): RolePair[] {
    if (this.roles) return this.roles
    const pairs: RolePair[] = []
    const add = (role: readonly Word[], person: NameRun) => {
      const words = contentWords(role)
      const head = [...role].reverse().find((w) => !w.punctuation && !DETERMINERS.has(w.folded))
      if (words.size > 0 && head) pairs.push({ words, head: normalizeWord(head.text), person })
    }
    for (const words of this.sentenceWords()) {
      // A title that says more than Mr or Ms: "Transport Minister Ilse Marwood", "General Ali Mahmoud Abbas".
      for (const run of nameRuns(words, this.names)) {
        if (run.kind !== 'person') continue
        const title = run.title.filter(
          (w) => !this.speech.maleTitles.has(titleKey(w)) && !this.speech.femaleTitles.has(titleKey(w)),
        )
        if (title.length > 0) add(title, run)
      }
      // Appositives: "Ilse Marwood, the transport minister," and "the port's chief executive, Henrik Sollen".
      const phrases: WordRange[] = []
      let start = 0
      for (let i = 0; i <= words.length; i++) {
        if (i === words.length || words[i]!.punctuation) {
          if (i > start) phrases.push({ from: start, to: i })
          start = i + 1
        }
      }
      const read = phrases.map((range) => ({ range, subject: readSubject(words, range, this.names) }))
      read.forEach(({ subject }, i) => {
        if (subject?.kind !== 'named' || subject.run.kind !== 'person') return
        if (subject.role)
          add(
            words.filter((w) => w.start >= subject.role!.start && w.end <= subject.role!.end),
            subject.run,
          )
        const after = read[i + 1]
        if (after?.subject?.kind === 'description' && after.subject.definite) add(after.subject.words, subject.run)
        const before = read[i - 1]
        if (before) {
          // The role ends the phrase before: "… met the port's chief executive, Henrik Sollen".
          const role = words.slice(before.range.from, before.range.to)
          let from = role.length - 1
          while (from >= 0 && !(role[from]!.folded === 'the' || /['’]s$/.test(role[from]!.text))) from--
          if (from >= 0 && from < role.length - 1) add(role.slice(from), subject.run)
        }
      })
    }
    this.roles = pairs
    return pairs
  }

  private resolveRole(description: readonly Word[]): NameRun | null {
    const head = headRange(description, { from: 0, to: description.length }, this.names)
    const headWord = description
      .slice(head.from, head.to)
      .filter((w) => !w.punctuation)
      .at(-1)
    if (!headWord) return null
    const wanted = normalizeWord(headWord.text)
    const modifiers = contentWords(description.slice(head.from, head.to))
    const matches = this.rolePairs().filter(
      (pair) => pair.head === wanted && [...modifiers].every((word) => pair.words.has(word)),
    )
    const people = new Map<string, NameRun>()
    for (const pair of matches) {
      const full = this.fullest(pair.person)
      people.set(this.text.slice(full.start, full.end), full)
    }
    return people.size === 1 ? [...people.values()][0]! : null
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Output.

  private kindOf(mark: QuoteMarks, rule: AttributionRule | null): QuotationKind {
    const words = mark.parts.flatMap((p) => wordsIn(this.text, p.start, p.end)).filter((w) => !w.punctuation)
    if (words.length > TERM_MAX_WORDS) return 'statement'
    // “No,” he said. — a reply, not a scare quote.
    const reply = words[0]?.capital === true && (rule === 'said-after' || rule === 'introduced')
    return reply ? 'statement' : 'term'
  }

  private spanOfSpeaker(speaker: Speaker): Span {
    return speaker.kind === 'unnamed' ? speaker.description : { start: speaker.run.start, end: speaker.run.end }
  }

  private speakerRef(speaker: Speaker, at: Span, rule: AttributionRule): SpeakerRef {
    if (speaker.kind === 'unnamed') {
      return {
        kind: 'unnamed',
        name: null,
        title: null,
        given: [],
        surname: null,
        gender: null,
        description: this.text.slice(speaker.description.start, speaker.description.end),
        at,
        rule,
      }
    }
    const run = speaker.run
    const person = speaker.kind === 'person' ? splitPersonName(run.name) : { given: [], surname: null }
    return {
      kind: speaker.kind,
      name: this.text.slice(run.start, run.end).replace(/['’]s$/, ''),
      title: run.title.length > 0 ? this.text.slice(run.title[0]!.start, run.title.at(-1)!.end) : null,
      given: person.given,
      surname: person.surname,
      gender: run.gender,
      description: speaker.role ? this.text.slice(speaker.role.start, speaker.role.end) : null,
      at,
      rule,
    }
  }
}

// Words after which a speech verb's form is a noun ("said claims of", "that reports of", "despite warnings").
const BEFORE_NOUNS = new Set([
  'that',
  'of',
  'in',
  'on',
  'at',
  'from',
  'with',
  'for',
  'by',
  'about',
  'over',
  'despite',
  'after',
  'before',
  'amid',
  'against',
  'among',
  'into',
  'like',
  'than',
])

/** Whether the word at `at` makes the word after it a noun: a preposition, "that", or a speech verb (its object). */
function isNounPlace(words: readonly Word[], at: number, speech: SpeechWords): boolean {
  const word = words[at]
  if (!word || word.punctuation || word.capital) return false
  return BEFORE_NOUNS.has(word.folded) || isSpeechVerb(words, at, speech)
}

// Words that join a verb to the one before it, sharing its subject: "… and added", "… but warned".
const COORDINATORS = new Set(['and', 'but', 'then', 'or'])

/** Most words of an object between two joined speech verbs ("wrote to me and said", "asks us for help and says"). */
const MAX_OBJECT_WORDS = 5
const SUBJECT_PRONOUNS = new Set(['he', 'she', 'they', 'we', 'i'])

/** "has", "then", "also": words that may stand between a subject (or a coordinator) and its verb. */
function isAuxiliaryWord(word: Word): boolean {
  return !word.punctuation && !word.capital && (AUXILIARIES.has(word.folded) || SENTENCE_ADVERBS.has(word.folded))
}

/** A word that may be a verb or a subject of its own: an auxiliary, a past tense, a subject pronoun. */
function mayBeVerbOrSubject(word: Word): boolean {
  return (
    AUXILIARIES.has(word.folded) ||
    SUBJECT_PRONOUNS.has(word.folded) ||
    (!word.capital && /ed$/.test(word.folded)) ||
    /n['’]t$/.test(word.folded)
  )
}

// Forms of "be" and "get" that make a following participle passive: "he was told", "they were asked".
const PASSIVE_AUXILIARIES = new Set([
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'being',
  'get',
  'gets',
  'got',
  'getting',
])

/**
 * A speech verb in the passive ("he was told “…”", "they had been warned"): its subject heard the words, someone
 * else spoke them. "was saying" is no passive.
 */
function isPassive(words: readonly Word[], verb: number): boolean {
  if (/ing$/.test(words[verb]!.folded)) return false
  let k = verb - 1
  while (k >= 0 && !words[k]!.punctuation && (SENTENCE_ADVERBS.has(words[k]!.folded) || words[k]!.folded === 'not')) k--
  const before = words[k]
  return before !== undefined && !before.capital && PASSIVE_AUXILIARIES.has(before.folded)
}

function nameKeyOf(run: NameRun): NameKey | null {
  const { given, surname } = splitPersonName(run.name)
  return surname ? { given, surname: surnameKey(surname), gender: run.gender } : null
}

/** How full a mention is: words of the name first (Tomas Brandvik over Mr Brandvik), then of the title. */
function wordCount(run: NameRun): number {
  return run.name.length * 16 + run.title.length
}

/** Whether "he" or "she" can stand for a person of this gender (unknown fits both). */
function fitsGender(pronoun: string, gender: 'male' | 'female' | null): boolean {
  return gender === null || (pronoun === 'he' ? gender === 'male' : pronoun === 'she' ? gender === 'female' : false)
}

/** Folded content words of a role, possessives plain: "Syria’s defence minister" → syria, defence, minister. */
function contentWords(words: readonly Word[]): Set<string> {
  return new Set(
    words
      .filter((w) => !w.punctuation && !DETERMINERS.has(w.folded))
      .map((w) => normalizeWord(w.text.replace(/['’]s$/, ''))),
  )
}
