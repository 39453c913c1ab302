import type { Article } from '../corpus/types.ts'
import { fnv1a } from '../search/syndication.ts'
import { ChunkedMap, type MapDraft } from './chunkedMap.ts'
import { DisjointSets } from './disjointSets.ts'
import { comparePersons, type NameKey, organisationKey, surnameKey } from './names.ts'
import {
  clusterPersons,
  type Form,
  formKey,
  formWith,
  related,
  type SpeakerGroup,
  speakerGroup,
  surnameVariants,
} from './speakers.ts'
import type { Quotation, QuotationKind, SpeakerKind } from './types.ts'
import {
  commonWords,
  contentWords,
  ELLIPSIS_WORD,
  isExcerpt,
  MAX_COMPARED_WORDS,
  queryWords,
  wordingKey,
  wordingTokens,
} from './wording.ts'
import { defaultSpeechWords, type SpeechWords } from './words.ts'

/**
 * Every quotation of the coverage, grouped into statements: the same words from the same speaker in several outlets,
 * or a rewrite of them, are one statement with one version per distinct wording. Immutable: `withChanges` returns the
 * next index after a live change, and costs what the change touches, not the size of the coverage.
 *
 * How the next index stays cheap and equal to a fresh build: every table is a persistent map (chunkedMap.ts), and
 * the grouping is local. Speakers are grouped per neighbourhood of forms that could name one person (speakers.ts);
 * quotations become nodes (one per wording and speaker); nodes are linked by edges found through word pairs that few
 * nodes share; a statement is what the linking makes of one connected set of nodes, whatever lies outside it. A
 * change re-links the nodes it creates, removes or changes (and the holders of a word pair that crosses from rare to
 * common or back), and regroups only the connected sets they are in. `build` is the same change applied to an empty
 * index, so the two cannot drift apart (test/quotes/quotationIndex.test.ts compares them over random changes).
 */

/** What the index needs of an article: its text (quotations are slices of it) and its attribution. */
export type QuotedArticle = Pick<Article, 'file' | 'text' | 'outlet' | 'wire' | 'published' | 'title' | 'url'>

/** One article's quotations, as `extractQuotations` found them. */
export interface ArticleQuotations {
  article: QuotedArticle
  quotations: readonly Quotation[]
}

/** A quotation where it was printed. */
export interface Occurrence {
  quotation: Quotation
  article: QuotedArticle
  /** `article.text.slice(quotation.start, quotation.end)`: the words exactly as printed. */
  words: string
}

/** One wording of a statement and every outlet that printed it. */
export interface Version {
  /** The words as the first outlet (earliest published) printed them. */
  words: string
  /** Folded words, ellipses kept: the wording this version stands for. */
  key: readonly string[]
  /** Every printing, earliest published first. */
  occurrences: readonly Occurrence[]
  /** Distinct outlets, in the order of `occurrences`. */
  outlets: readonly string[]
}

/** One statement (or one scare-quoted term) and its versions. */
export interface Statement {
  /**
   * The id of its first printing in file order (`Quotation.id`, "file#start-end"): the same statement has the same
   * id in every index that holds the same articles, however the index was reached.
   */
  id: string
  kind: QuotationKind
  /** The fullest name the coverage gives; else a description of the speaker ("a Syrian rebel …"); else null. */
  speaker: string | null
  speakerKind: SpeakerKind | null
  /** Most outlets first. */
  versions: readonly Version[]
  /** True when outlets disagree on the words (a version quoting only part of another does not differ from it). */
  differs: boolean
  /** Latest publication date of any printing (YYYY-MM-DD), or null. */
  newest: string | null
}

/** A statement found by a lookup. */
export interface QuotationMatch {
  statement: Statement
  /** `check`: the versions that print the asked words exactly (case, quotes, ellipsis style aside). */
  exact: readonly Version[]
  /** `check`: share of the asked words the best version holds in order (1 for an exact match). */
  coverage: number
}

export interface QuotationLookup {
  query: string
  /** 'speaker': matched a speaker's name; 'words': matched quoted words. */
  by: 'speaker' | 'words'
  /** The speakers a name matched (fullest names). */
  speakers: readonly string[]
  matches: readonly QuotationMatch[]
}

/** A passage's quotation printed in other words elsewhere. */
export interface QuoteWarning {
  statement: Statement
  /** The version this passage prints. */
  own: Version
  /** The other wordings, most outlets first. */
  others: readonly Version[]
}

export interface QuotationIndexOptions {
  /** Default: the speech words of src/search/vocabulary.json. */
  speech?: SpeechWords
  /**
   * Word pairs held by more wordings than this ("of the") are too common to find wordings to compare with. Default
   * COMMON_PAIRS (32). Kept by every next index.
   */
  commonPairs?: number
}

/**
 * Link two quotations of one speaker when this share of the longer one's words stands in the other, in order: one
 * word in nine changed ("a good position" / "a strong position") or a rewritten ending ("will decide who will rule
 * Syria" / "will determine Syria’s ruler", 0.81) links; two different sentences sharing a few words ("America is great
 * because it is good" / "America is not good because it is great", 0.63) do not.
 */
export const SAME_SPEAKER_SIMILARITY = 0.7
/** Without a shared known speaker, the bar is higher: the words of a rewrite that are clearly the same statement. */
export const UNKNOWN_SPEAKER_SIMILARITY = 0.8
/** A shorter quotation of the same speaker that stands word for word in a longer one (a partial quotation). */
const EXCERPT_CONTAINMENT = 0.9
/** Shortest quotation (in words) linked without a known speaker, and shortest partial quotation linked at all. */
const MIN_UNKNOWN_WORDS = 8
const MIN_EXCERPT_WORDS = 3
/** Word pairs held by more wordings than this ("of the") are too common to find candidates with. */
export const COMMON_PAIRS = 32
/** Least share of the shorter wording's word pairs two wordings must share to be compared at all. */
const MIN_SHARED_PAIRS = 0.4
/** Least share of the asked words a quotation must hold, in order, to be offered by `check`. */
export const CHECK_MIN_COVERAGE = 0.6

/** Per quotation, computed once and reused by every index built from it. */
interface Derived {
  words: string[]
  content: string[]
  key: string
  /** Hashes of the consecutive word pairs of `content` (the word itself for a one word quotation), distinct. */
  pairs: readonly number[]
  /** A hash of `key`, so wordings are found without hashing long strings again at every change. */
  keyHash: number
}

const derivedCache = new WeakMap<Quotation, Derived>()

function derive(article: QuotedArticle, quotation: Quotation): Derived {
  let derived = derivedCache.get(quotation)
  if (!derived) {
    const words = wordingTokens(article.text, quotation.parts).map((t) => t.word)
    // Most quotations have no ellipsis: their content words are their words (one array, not two).
    const content = words.includes(ELLIPSIS_WORD) ? contentWords(words) : words
    const key = wordingKey(words)
    derived = { words, content, key, pairs: pairHashes(content), keyHash: fnv1a(key) }
    derivedCache.set(quotation, derived)
  }
  return derived
}

/** A quotation where it was printed, with its words worked out. */
interface Printing {
  occurrence: Occurrence
  derived: Derived
}

const printingsCache = new WeakMap<ArticleQuotations, readonly Printing[]>()

/** An article's quotations as printings, computed once per ArticleQuotations object and reused by every next index. */
function printingsOf(entry: ArticleQuotations): readonly Printing[] {
  let printings = printingsCache.get(entry)
  if (!printings) {
    const { article, quotations } = entry
    printings = quotations.map((quotation) => ({
      occurrence: { quotation, article, words: article.text.slice(quotation.start, quotation.end) },
      derived: derive(article, quotation),
    }))
    printingsCache.set(entry, printings)
  }
  return printings
}

/** A link between two nodes and how strongly they are one statement. */
interface Edge {
  node: number
  score: number
}

/** One wording of one speaker (or of no known speaker), and every printing of it. */
interface Node {
  id: number
  kind: QuotationKind
  key: string
  keyHash: number
  content: readonly string[]
  pairs: readonly number[]
  /** The speaker group's key, or null. */
  group: string | null
  /** Earliest in file order first: the node's place among nodes is its first printing's. */
  entries: Printing[]
  /** Its word pairs that are rare (held by `commonPairs` nodes or fewer). */
  rare: number
  edges: Edge[]
  /** The statement it is part of. */
  statement: number
}

interface StatementRecord {
  id: number
  statement: Statement
  /** Its nodes, in order. */
  nodes: readonly number[]
  group: string | null
  /** Its versions by wording key (`Derived.key`): the version of a printing. */
  versionOf: ReadonlyMap<string, Version>
  /** Distinct content words of its versions: what `check` finds it by. */
  words: readonly string[]
}

/** Everything an index holds; every table is persistent, so the next index shares what a change did not touch. */
interface State {
  articles: ChunkedMap<string, ArticleQuotations>
  /** Form key → the form (speakers.ts). */
  forms: ChunkedMap<string, Form>
  /** Form key → its speaker group's key. */
  formGroup: ChunkedMap<string, string>
  groups: ChunkedMap<string, SpeakerGroup>
  /** A person form's surname with letters deleted (surnameVariants) → form keys: finds names by spelling. */
  variants: ChunkedMap<string, readonly string[]>
  /** A word of an organisation's name → organisation form keys. */
  organisationWords: ChunkedMap<string, readonly string[]>
  nodes: ChunkedMap<number, Node>
  /** identity(kind, group, key hash) → node ids (several only when two wordings' hashes collide). */
  nodeIds: ChunkedMap<string, readonly number[]>
  /** Group key → its nodes. */
  groupNodes: ChunkedMap<string, readonly number[]>
  /** A term's key hash → the term nodes of that wording. */
  termNodes: ChunkedMap<number, readonly number[]>
  /** A word pair's hash → the statement nodes holding it. */
  pairs: ChunkedMap<number, readonly number[]>
  statements: ChunkedMap<number, StatementRecord>
  /** Group key → its statements. */
  bySpeaker: ChunkedMap<string, readonly number[]>
  /** Content word → statements with a version holding it. */
  byWord: ChunkedMap<string, readonly number[]>
  nextId: number
  size: number
  /** QuotationIndexOptions.commonPairs. */
  commonPairs: number
}

function emptyState(commonPairs: number): State {
  return {
    articles: ChunkedMap.empty(),
    forms: ChunkedMap.empty(),
    formGroup: ChunkedMap.empty(),
    groups: ChunkedMap.empty(),
    variants: ChunkedMap.empty(),
    organisationWords: ChunkedMap.empty(),
    nodes: ChunkedMap.empty(),
    nodeIds: ChunkedMap.empty(),
    groupNodes: ChunkedMap.empty(),
    termNodes: ChunkedMap.empty(),
    pairs: ChunkedMap.empty(),
    statements: ChunkedMap.empty(),
    bySpeaker: ChunkedMap.empty(),
    byWord: ChunkedMap.empty(),
    nextId: 0,
    size: 0,
    commonPairs,
  }
}

/** A printing of a file, with the statement and version it is part of (warnings, statementOf). */
interface FileEntry {
  occurrence: Occurrence
  statement: Statement
  version: Version
}

export class QuotationIndex {
  /** Quotations in all. */
  readonly size: number
  private sortedStatements: readonly Statement[] | null = null
  /** Per file, built on the first lookup that asks (a pure memo of this immutable index). */
  private readonly fileEntries = new Map<string, readonly FileEntry[]>()

  private constructor(
    private readonly state: State,
    private readonly speech: SpeechWords,
  ) {
    this.size = state.size
  }

  /**
   * Builds the index from every article's quotations.
   *
   * @example
   * const index = QuotationIndex.build(articles.map((article) => ({ article, quotations: extractQuotations(article) })))
   * index.lookup('Abdulrahman').matches[0]?.statement.versions.map((v) => v.outlets)
   */
  static build(perArticle: Iterable<ArticleQuotations>, options: QuotationIndexOptions = {}): QuotationIndex {
    const empty = emptyState(options.commonPairs ?? COMMON_PAIRS)
    return new QuotationIndex(applyChange(empty, [], [...perArticle]), options.speech ?? defaultSpeechWords())
  }

  /** The next index with `file`'s quotations replaced (or added), or removed when `next` is null. This one is unchanged. */
  withArticle(file: string, next: ArticleQuotations | null): QuotationIndex {
    return next ? this.withChanges([{ file }], [next]) : this.withChanges([{ file }], [])
  }

  /**
   * The next index after a live change (the snapshot's `Change`: articles removed, articles added; a replaced file is
   * in both). It costs what the changed articles touch: their quotations, the speakers they name, and the statements
   * these are part of, never a regrouping of the coverage; and it equals `build` of the same articles. This index is
   * unchanged.
   *
   * @example
   * const next = previous.withChanges(change.removed, change.added.map((a) => ({ article: a, quotations: quotationsOf(a) })))
   */
  withChanges(removed: readonly { file: string }[], added: readonly ArticleQuotations[]): QuotationIndex {
    return new QuotationIndex(
      applyChange(
        this.state,
        removed.map((r) => r.file),
        added,
      ),
      this.speech,
    )
  }

  /** Every statement and term, in the order of their first printing (files by name): built on first use. */
  get statements(): readonly Statement[] {
    this.sortedStatements ??= [...this.state.statements.values()]
      .map((record) => ({ record, first: firstPrinting(this.state, record) }))
      .sort((a, b) => comparePrintings(a.first, b.first))
      .map(({ record }) => record.statement)
    return this.sortedStatements
  }

  /** The quotations of one article, as indexed. */
  quotationsOf(file: string): readonly Quotation[] {
    return this.state.articles.get(file)?.quotations ?? []
  }

  /**
   * A name or quoted words, as a reporter types them. Words in quotation marks are checked as words; otherwise a
   * speaker's name is tried first, then the words.
   */
  lookup(query: string): QuotationLookup {
    const trimmed = query.trim()
    if (!/^["“”'‘’«„]/.test(trimmed)) {
      const bySpeaker = this.bySpeaker(trimmed)
      if (bySpeaker.matches.length > 0) return bySpeaker
    }
    return this.check(trimmed)
  }

  /** A lookup as the command table asks for it (src/commands/router.ts): a speaker's statements, or a check of words. */
  run(command: { by: 'speaker' | 'words'; query: string }): QuotationLookup {
    return command.by === 'speaker' ? this.bySpeaker(command.query) : this.check(command.query)
  }

  /** Every statement of the speakers a name matches, newest first (`/syria quotes <name>`). */
  bySpeaker(name: string): QuotationLookup {
    const groups = this.speakersNamed(name)
    const seen = new Set<number>()
    const found: { record: StatementRecord; group: number; first: Printing }[] = []
    groups.forEach((group, g) => {
      for (const id of this.state.bySpeaker.get(group.key) ?? []) {
        const record = this.state.statements.get(id)!
        if (record.statement.kind !== 'statement' || seen.has(id)) continue
        seen.add(id)
        found.push({ record, group: g, first: firstPrinting(this.state, record) })
      }
    })
    found.sort(
      (a, b) =>
        compareText(b.record.statement.newest ?? '', a.record.statement.newest ?? '') ||
        outletCount(b.record.statement) - outletCount(a.record.statement) ||
        firstStart(a.record.statement) - firstStart(b.record.statement) ||
        a.group - b.group ||
        comparePrintings(a.first, b.first),
    )
    return {
      query: name,
      by: 'speaker',
      speakers: groups.map((g) => g.name),
      matches: found.map(({ record }) => ({ statement: record.statement, exact: [], coverage: 1 })),
    }
  }

  /**
   * Which statements hold these words (`/syria check "<words>"`): exactly (case, quotation marks and ellipsis style
   * aside), or nearly (small wording changes), best first.
   */
  check(words: string): QuotationLookup {
    const asked = queryWords(words)
    const content = contentWords(asked)
    if (content.length === 0) return { query: words, by: 'words', speakers: [], matches: [] }
    // Candidates: the statements holding one of the rarest asked words, enough of them that a statement holding none
    // of them cannot hold CHECK_MIN_COVERAGE of the asked words (nor all of them, in order).
    const occurrences = new Map<string, number>()
    for (const word of content) occurrences.set(word, (occurrences.get(word) ?? 0) + 1)
    const rarest = [...occurrences.keys()]
      .map((word) => ({ word, list: this.state.byWord.get(word) ?? [] }))
      .sort((a, b) => a.list.length - b.list.length || compareText(a.word, b.word))
    const candidates = new Set<number>()
    let covered = 0
    for (const { word, list } of rarest) {
      for (const id of list) candidates.add(id)
      covered += occurrences.get(word)!
      if (content.length - covered < CHECK_MIN_COVERAGE * content.length) break
    }
    const matches: (QuotationMatch & { first: Printing })[] = []
    for (const id of candidates) {
      const record = this.state.statements.get(id)!
      const exact: Version[] = []
      let coverage = 0
      for (const version of record.statement.versions) {
        const isExact = isExcerpt(asked, version.key)
        const share = isExact ? 1 : commonWords(content, contentWords(version.key)) / content.length
        if (share < CHECK_MIN_COVERAGE) continue
        if (isExact) exact.push(version)
        coverage = Math.max(coverage, share)
      }
      if (coverage >= CHECK_MIN_COVERAGE)
        matches.push({ statement: record.statement, exact, coverage, first: firstPrinting(this.state, record) })
    }
    matches.sort(
      (a, b) =>
        Number(b.exact.length > 0) - Number(a.exact.length > 0) ||
        b.coverage - a.coverage ||
        Number(a.statement.kind === 'term') - Number(b.statement.kind === 'term') ||
        outletCount(b.statement) - outletCount(a.statement) ||
        comparePrintings(a.first, b.first),
    )
    return {
      query: words,
      by: 'words',
      speakers: [],
      matches: matches.map(({ statement, exact, coverage }) => ({ statement, exact, coverage })),
    }
  }

  /** The quotations inside a passage of `file` ([start, end)) that other outlets print in other words. */
  warningsFor(file: string, start: number, end: number): QuoteWarning[] {
    const warnings: QuoteWarning[] = []
    for (const { occurrence, statement, version } of this.entriesOf(file)) {
      const q = occurrence.quotation
      if (q.start >= end) break
      if (!statement.differs || !q.parts.some((part) => part.start < end && start < part.end)) continue
      const others = statement.versions.filter(
        (other) => other !== version && !isExcerpt(other.key, version.key) && !isExcerpt(version.key, other.key),
      )
      if (others.length > 0 && !warnings.some((w) => w.statement === statement))
        warnings.push({ statement, own: version, others })
    }
    return warnings
  }

  /** The statement and version of one quotation. */
  statementOf(quotation: Quotation): { statement: Statement; version: Version } | null {
    const found = this.entriesOf(quotation.file).find((e) => e.occurrence.quotation.id === quotation.id)
    return found ? { statement: found.statement, version: found.version } : null
  }

  /** The printings of one file with their statements and versions, in text order. */
  private entriesOf(file: string): readonly FileEntry[] {
    let entries = this.fileEntries.get(file)
    if (entries) return entries
    const article = this.state.articles.get(file)
    entries = article
      ? printingsOf(article).map((printing) => {
          const node = findNode(this.state.nodes, this.state.nodeIds, printing, groupOf(this.state, printing))!
          const record = this.state.statements.get(node.statement)!
          const version = record.versionOf.get(printing.derived.key)!
          return { occurrence: printing.occurrence, statement: record.statement, version }
        })
      : []
    if (this.fileEntries.size >= 4096) this.fileEntries.clear()
    this.fileEntries.set(file, entries)
    return entries
  }

  private speakersNamed(name: string): SpeakerGroup[] {
    const words = queryWords(name).filter((w) => w !== ELLIPSIS_WORD)
    // A gendered title asked for ("Mrs Assad") leaves out the speakers of the other gender ("Mr Assad").
    let gender: NameKey['gender'] = null
    while (words.length > 1 && this.speech.titles.has(words[0]!.replace(/\.$/, ''))) {
      const title = words.shift()!.replace(/\.$/, '')
      if (this.speech.maleTitles.has(title)) gender = 'male'
      else if (this.speech.femaleTitles.has(title)) gender = 'female'
    }
    if (words.length === 0) return []
    const asked: NameKey = { given: words.slice(0, -1), surname: surnameKey(words.at(-1)!), gender }
    const { variants, formGroup, groups, organisationWords } = this.state
    const found = new Map<string, SpeakerGroup>()
    for (const variant of surnameVariants(asked.surname))
      for (const form of variants.get(variant) ?? []) {
        const group = groups.get(formGroup.get(form)!)!
        if (
          !found.has(group.key) &&
          group.keys.some((key) => comparePersons(asked, key) !== 'different') &&
          !group.keys.some((key) => gender && key.gender && key.gender !== gender)
        )
          found.set(group.key, group)
      }
    const organisation = organisationKey(name).split(' ')
    const lists = organisation.map((word) => organisationWords.get(word) ?? [])
    for (const form of lists[0] ?? [])
      if (lists.every((list) => list.includes(form))) {
        const group = groups.get(formGroup.get(form)!)!
        found.set(group.key, group)
      }
    return [...found.values()].sort((a, b) => compareText(a.key, b.key))
  }
}

function outletCount(statement: Statement): number {
  return new Set(statement.versions.flatMap((v) => v.outlets)).size
}

function firstStart(statement: Statement): number {
  return statement.versions[0]?.occurrences[0]?.quotation.start ?? 0
}

/** Code-unit order: stable across machines and locales, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** File order: files by name, then place in the file. The order nodes and statements are numbered in a fresh build. */
function comparePrintings(a: Printing, b: Printing): number {
  return (
    compareText(a.occurrence.article.file, b.occurrence.article.file) ||
    a.occurrence.quotation.start - b.occurrence.quotation.start
  )
}

function firstPrinting(state: State, record: StatementRecord): Printing {
  return state.nodes.get(record.nodes[0]!)!.entries[0]!
}

/** The speaker group of a printing's speaker in `state`, or null (no speaker, or an unnamed one). */
function groupOf(state: { formGroup: { get(key: string): string | undefined } }, printing: Printing): string | null {
  const speaker = printing.occurrence.quotation.speaker
  const key = speaker ? formKey(speaker) : null
  return key ? (state.formGroup.get(key) ?? null) : null
}

function identity(kind: QuotationKind, group: string | null, keyHash: number): string {
  return `${kind === 'term' ? 't' : 's'}${keyHash}|${group ?? ''}`
}

function findNode(
  nodes: { get(id: number): Node | undefined },
  nodeIds: { get(key: string): readonly number[] | undefined },
  printing: Printing,
  group: string | null,
): Node | undefined {
  const kind = printing.occurrence.quotation.kind
  for (const id of nodeIds.get(identity(kind, group, printing.derived.keyHash)) ?? []) {
    const node = nodes.get(id)!
    if (node.key === printing.derived.key && node.kind === kind && node.group === group) return node
  }
  return undefined
}

// -----------------------------------------------------------------------------------------------------------------
// Applying a change: build is a change applied to the empty index, so the two give the same index.

/**
 * A draft of a map of lists. The lists a change touches are copied once and changed in place in `pending`; the map's
 * chunks are written once, when the change is done.
 */
class ListsDraft<K extends string | number, V> {
  private readonly pending = new Map<K, V[]>()

  constructor(private readonly base: ChunkedMap<K, readonly V[]>) {}

  get(key: K): readonly V[] {
    return this.pending.get(key) ?? this.base.get(key) ?? []
  }

  add(key: K, value: V): void {
    this.writable(key).push(value)
  }

  remove(key: K, value: V): void {
    const list = this.writable(key)
    const at = list.indexOf(value)
    if (at < 0) return
    // Order within a list means nothing (every reader sorts what it shows): the last one takes the gap.
    list[at] = list[list.length - 1]!
    list.pop()
  }

  done(): ChunkedMap<K, readonly V[]> {
    if (this.pending.size === 0) return this.base
    return this.base.edit((draft) => {
      for (const [key, list] of this.pending) {
        if (list.length > 0) draft.set(key, list)
        else draft.delete(key)
      }
    })
  }

  private writable(key: K): V[] {
    let list = this.pending.get(key)
    if (!list) {
      list = [...(this.base.get(key) ?? [])]
      this.pending.set(key, list)
    }
    return list
  }
}

function applyChange(base: State, removedFiles: readonly string[], added: readonly ArticleQuotations[]): State {
  return new Change(base).apply(removedFiles, added)
}

/** One change in the making: drafts of every table, and what the change has touched so far. */
class Change {
  private readonly articles: MapDraft<string, ArticleQuotations>
  private readonly forms: MapDraft<string, Form>
  private readonly formGroup: MapDraft<string, string>
  private readonly groups: MapDraft<string, SpeakerGroup>
  private readonly variants: ListsDraft<string, string>
  private readonly organisationWords: ListsDraft<string, string>
  private readonly nodes: MapDraft<number, Node>
  private readonly nodeIds: ListsDraft<string, number>
  private readonly groupNodes: ListsDraft<string, number>
  private readonly termNodes: ListsDraft<number, number>
  private readonly pairs: ListsDraft<number, number>
  private readonly statements: MapDraft<number, StatementRecord>
  private readonly bySpeaker: ListsDraft<string, number>
  private readonly byWord: ListsDraft<string, number>
  private nextId: number
  /** Nodes copied for this change (changed in place until the change is done). */
  private readonly edited = new Map<number, Node>()
  private readonly created = new Set<number>()
  private readonly destroyed = new Map<number, Node>()
  /** Nodes whose printings, links or speaker's name changed: their statements are made again. */
  private readonly touched = new Set<number>()

  constructor(private readonly base: State) {
    this.articles = base.articles.draft()
    this.forms = base.forms.draft()
    this.formGroup = base.formGroup.draft()
    this.groups = base.groups.draft()
    this.variants = new ListsDraft(base.variants)
    this.organisationWords = new ListsDraft(base.organisationWords)
    this.nodes = base.nodes.draft()
    this.nodeIds = new ListsDraft(base.nodeIds)
    this.groupNodes = new ListsDraft(base.groupNodes)
    this.termNodes = new ListsDraft(base.termNodes)
    this.pairs = new ListsDraft(base.pairs)
    this.statements = base.statements.draft()
    this.bySpeaker = new ListsDraft(base.bySpeaker)
    this.byWord = new ListsDraft(base.byWord)
    this.nextId = base.nextId
  }

  apply(removedFiles: readonly string[], added: readonly ArticleQuotations[]): State {
    // Articles: the printings that go and the printings that come (a replaced file's old ones go).
    const going: Printing[] = []
    const coming: Printing[] = []
    for (const file of removedFiles) {
      const old = this.articles.get(file)
      if (!old) continue
      going.push(...printingsOf(old))
      this.articles.delete(file)
    }
    for (const entry of added) {
      const old = this.articles.get(entry.article.file)
      if (old === entry) continue
      if (old) going.push(...printingsOf(old))
      coming.push(...printingsOf(entry))
      this.articles.set(entry.article.file, entry)
    }
    const goingSet = new Set(going)
    const comingSet = new Set(coming)
    const gone = going.filter((p) => !comingSet.has(p))
    const come = coming.filter((p) => !goingSet.has(p))
    const size = this.base.size - gone.length + come.length

    const regrouped = this.updateSpeakers(gone, come)
    this.updateNodes(gone, come, regrouped)
    this.link()
    this.regroup()

    for (const [id, node] of this.edited) if (!this.destroyed.has(id)) this.nodes.set(id, node)
    return {
      articles: this.articles.done(),
      forms: this.forms.done(),
      formGroup: this.formGroup.done(),
      groups: this.groups.done(),
      variants: this.variants.done(),
      organisationWords: this.organisationWords.done(),
      nodes: this.nodes.done(),
      nodeIds: this.nodeIds.done(),
      groupNodes: this.groupNodes.done(),
      termNodes: this.termNodes.done(),
      pairs: this.pairs.done(),
      statements: this.statements.done(),
      bySpeaker: this.bySpeaker.done(),
      byWord: this.byWord.done(),
      nextId: this.nextId,
      size,
      commonPairs: this.base.commonPairs,
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Speakers: forms counted, and the neighbourhoods of forms that appeared or disappeared grouped again.

  /** Returns the groups (keys before the change) whose members changed: their quotations move to new nodes. */
  private updateSpeakers(gone: readonly Printing[], come: readonly Printing[]): Set<string> {
    const touchedForms = new Set<string>()
    const count = (printing: Printing, delta: 1 | -1) => {
      const speaker = printing.occurrence.quotation.speaker
      const key = speaker ? formKey(speaker) : null
      if (!speaker || !key || !speaker.name) return
      const next = formWith(this.forms.get(key), speaker, delta)
      if (next) this.forms.set(key, next)
      else this.forms.delete(key)
      touchedForms.add(key)
    }
    for (const printing of gone) count(printing, -1)
    for (const printing of come) count(printing, 1)

    const appeared: Form[] = []
    const disappeared: Form[] = []
    for (const key of touchedForms) {
      const before = this.base.forms.get(key)
      const after = this.forms.get(key)
      if (!before && after) appeared.push(after)
      if (before && !after) disappeared.push(before)
    }
    for (const form of appeared) this.indexForm(form, 1)
    for (const form of disappeared) this.indexForm(form, -1)

    // The groups before the change that lose their place: every group of a regrouped neighbourhood.
    const dissolved = new Set<string>()
    const made: SpeakerGroup[] = []
    for (const form of disappeared) {
      dissolved.add(this.base.formGroup.get(form.key)!)
      this.formGroup.delete(form.key)
    }
    for (const form of appeared.filter((f) => f.kind === 'organisation')) made.push(speakerGroup([form]))
    // Persons: the neighbourhoods of forms that appeared, and of the neighbours of forms that disappeared.
    const seeds = [
      ...appeared.filter((f) => f.kind === 'person').map((f) => f.key),
      ...disappeared.filter((f) => f.kind === 'person').flatMap((f) => this.neighbours(f)),
    ]
    const visited = new Set<string>()
    for (const seed of seeds) {
      if (visited.has(seed)) continue
      const component: string[] = []
      const queue = [seed]
      visited.add(seed)
      while (queue.length > 0) {
        const key = queue.pop()!
        component.push(key)
        for (const next of this.neighbours(this.forms.get(key)!))
          if (!visited.has(next)) {
            visited.add(next)
            queue.push(next)
          }
      }
      component.sort(compareText)
      const forms = component.map((key) => this.forms.get(key)!)
      const at = new Map(component.map((key, i) => [key, i]))
      const neighbours = forms.map((form) => this.neighbours(form).map((key) => at.get(key)!))
      for (const key of component) {
        const old = this.base.formGroup.get(key)
        if (old !== undefined) dissolved.add(old)
      }
      for (const members of clusterPersons(forms, neighbours)) made.push(speakerGroup(members.map((i) => forms[i]!)))
    }

    // A group made again with the same members is the same group (its name may still change with its counts).
    const unchanged = new Set<string>()
    for (const group of made) {
      const before = this.base.groups.get(group.key)
      if (before && dissolved.has(group.key) && sameList(before.forms, group.forms)) unchanged.add(group.key)
    }
    for (const key of dissolved) if (!unchanged.has(key)) this.groups.delete(key)
    for (const group of made) {
      for (const form of group.forms) this.formGroup.set(form, group.key)
      this.groups.set(group.key, group)
    }
    for (const key of unchanged) dissolved.delete(key)

    // Groups whose members stayed but whose counts changed: the fullest name may be another spelling now.
    for (const key of touchedForms) {
      const groupKey = this.formGroup.get(key)
      if (groupKey === undefined || dissolved.has(groupKey)) continue
      const group = this.groups.get(groupKey)!
      const next = speakerGroup(group.forms.map((form) => this.forms.get(form)!))
      this.groups.set(groupKey, next)
      if (next.name !== this.base.groups.get(groupKey)?.name)
        for (const id of this.groupNodes.get(groupKey)) this.touched.add(id)
    }
    return dissolved
  }

  private indexForm(form: Form, delta: 1 | -1): void {
    if (form.name) {
      for (const variant of surnameVariants(form.name.surname))
        delta > 0 ? this.variants.add(variant, form.key) : this.variants.remove(variant, form.key)
    } else if (form.organisation !== null) {
      for (const word of new Set(form.organisation.split(' ')))
        delta > 0 ? this.organisationWords.add(word, form.key) : this.organisationWords.remove(word, form.key)
    }
  }

  /** The person forms present now that could name the same person as `form`. */
  private neighbours(form: Form): string[] {
    if (!form.name) return []
    const found = new Set<string>()
    for (const variant of surnameVariants(form.name.surname))
      for (const key of this.variants.get(variant)) {
        if (key === form.key || found.has(key)) continue
        const other = this.forms.get(key)
        if (other?.name && related(form.name, other.name)) found.add(key)
      }
    return [...found]
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Nodes: each printing in the node of its wording and speaker group.

  private updateNodes(gone: readonly Printing[], come: readonly Printing[], dissolved: ReadonlySet<string>): void {
    const goneSet = new Set(gone)
    const moving: Printing[] = []
    // The nodes of a regrouped speaker go whole; their printings that stay come back under the new groups.
    for (const group of dissolved) {
      for (const id of [...this.groupNodes.get(group)]) {
        const node = this.node(id)
        for (const printing of node.entries) if (!goneSet.has(printing)) moving.push(printing)
        this.destroy(node)
      }
    }
    for (const printing of gone) {
      const group = groupOf(this.base, printing)
      if (group !== null && dissolved.has(group)) continue
      const node = findNode({ get: (id) => this.node(id) }, this.nodeIds, printing, group)!
      const at = node.entries.indexOf(printing)
      node.entries.splice(at, 1)
      if (node.entries.length === 0) this.destroy(node)
      else this.touched.add(node.id)
    }
    for (const printing of [...moving, ...come]) {
      const group = groupOf({ formGroup: this.formGroup }, printing)
      const found = findNode({ get: (id) => this.node(id) }, this.nodeIds, printing, group)
      if (found) {
        const at = upperBound(found.entries, printing)
        found.entries.splice(at, 0, printing)
        this.touched.add(found.id)
      } else this.create(printing, group)
    }
  }

  /** The node, copied for this change the first time it is asked for. */
  private node(id: number): Node {
    let node = this.edited.get(id)
    if (!node) {
      const base = this.nodes.get(id)!
      node = { ...base, entries: [...base.entries], edges: [...base.edges] }
      this.edited.set(id, node)
    }
    return node
  }

  private create(printing: Printing, group: string | null): void {
    const kind = printing.occurrence.quotation.kind
    const { key, keyHash, content, pairs } = printing.derived
    const id = this.nextId++
    const node: Node = {
      id,
      kind,
      key,
      keyHash,
      content,
      pairs,
      group,
      entries: [printing],
      rare: 0,
      edges: [],
      statement: -1,
    }
    this.edited.set(id, node)
    this.created.add(id)
    this.touched.add(id)
    this.nodeIds.add(identity(kind, group, keyHash), id)
    if (group !== null) this.groupNodes.add(group, id)
    if (kind === 'term') this.termNodes.add(keyHash, id)
    else for (const pair of pairs) this.pairs.add(pair, id)
  }

  private destroy(node: Node): void {
    if (this.destroyed.has(node.id)) return
    this.destroyed.set(node.id, node)
    this.touched.delete(node.id)
    this.nodes.delete(node.id)
    this.nodeIds.remove(identity(node.kind, node.group, node.keyHash), node.id)
    if (node.group !== null) this.groupNodes.remove(node.group, node.id)
    if (node.kind === 'term') this.termNodes.remove(node.keyHash, node.id)
    else for (const pair of node.pairs) this.pairs.remove(pair, node.id)
    // Its neighbours lose their link to it.
    for (const edge of node.edges) {
      if (this.destroyed.has(edge.node)) continue
      const other = this.node(edge.node)
      other.edges = other.edges.filter((e) => e.node !== node.id)
      this.touched.add(other.id)
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Links: the edges of the nodes created, and of the holders of a word pair that became rare or common.

  private link(): void {
    const dirty = new Set<number>()
    for (const id of this.created) if (!this.destroyed.has(id) && this.node(id).kind === 'statement') dirty.add(id)
    // A word pair crossing `commonPairs` changes which links its holders can have.
    const crossed = new Set<number>()
    const pairsOf = (node: Node) => (node.kind === 'statement' ? node.pairs : [])
    for (const node of [...this.destroyed.values(), ...[...this.created].map((id) => this.edited.get(id)!)])
      for (const pair of pairsOf(node)) {
        if (crossed.has(pair)) continue
        const before = this.base.pairs.get(pair)?.length ?? 0
        const after = this.pairs.get(pair).length
        if (before <= this.base.commonPairs !== after <= this.base.commonPairs) crossed.add(pair)
      }
    for (const pair of crossed) for (const id of this.pairs.get(pair)) dirty.add(id)
    for (const id of dirty) {
      const node = this.node(id)
      node.rare = node.pairs.reduce((n, pair) => n + (this.pairs.get(pair).length <= this.base.commonPairs ? 1 : 0), 0)
    }
    for (const id of dirty) {
      const node = this.node(id)
      const next = this.edgesOf(node)
      const before = new Map(node.edges.map((e) => [e.node, e]))
      const after = new Map(next.map((e) => [e.node, e]))
      for (const [other] of before)
        if (!after.has(other) && !dirty.has(other)) {
          const neighbour = this.node(other)
          neighbour.edges = neighbour.edges.filter((e) => e.node !== id)
          this.touched.add(other)
        }
      for (const [other, edge] of after)
        if (!before.has(other) && !dirty.has(other)) {
          this.node(other).edges.push({ node: id, score: edge.score })
          this.touched.add(other)
        }
      if (before.size !== after.size || [...after.keys()].some((other) => !before.has(other))) this.touched.add(id)
      node.edges = next
    }
  }

  /** The links of a statement node: candidates share rare word pairs; the comparison decides. */
  private edgesOf(node: Node): Edge[] {
    if (node.content.length === 0) return []
    const shared = new Map<number, number>()
    for (const pair of node.pairs) {
      const holders = this.pairs.get(pair)
      if (holders.length > this.base.commonPairs) continue
      for (const id of holders) if (id !== node.id) shared.set(id, (shared.get(id) ?? 0) + 1)
    }
    const edges: Edge[] = []
    for (const [id, count] of shared) {
      const other = this.edited.get(id) ?? this.nodes.get(id)!
      // Linked wordings share most of the shorter one's word pairs (a changed word costs two).
      const fewer = Math.min(node.rare, other.rare)
      if (count < Math.max(Math.min(2, fewer), Math.ceil(fewer * MIN_SHARED_PAIRS))) continue
      if (node.group !== null && other.group !== null && node.group !== other.group) continue
      const score = linkScore(node, other)
      if (score > 0) edges.push({ node: id, score })
    }
    return edges
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Statements: the connected sets of nodes the change touched, grouped again.

  private regroup(): void {
    const oldStatements = new Set<number>()
    for (const node of this.destroyed.values()) if (node.statement >= 0) oldStatements.add(node.statement)
    const visited = new Set<number>()
    const statementNodes: number[] = []
    const termKeys = new Set<number>()
    const queue: number[] = []
    const visit = (id: number) => {
      if (!visited.has(id) && !this.destroyed.has(id)) {
        visited.add(id)
        queue.push(id)
      }
    }
    for (const id of this.touched) visit(id)
    for (const statement of oldStatements) for (const id of this.base.statements.get(statement)!.nodes) visit(id)
    while (queue.length > 0) {
      const id = queue.pop()!
      const node = this.edited.get(id) ?? this.nodes.get(id)!
      if (node.statement >= 0 && !oldStatements.has(node.statement)) {
        oldStatements.add(node.statement)
        for (const mate of this.base.statements.get(node.statement)!.nodes) visit(mate)
      }
      if (node.kind === 'term') termKeys.add(node.keyHash)
      else {
        statementNodes.push(id)
        for (const edge of node.edges) visit(edge.node)
      }
    }
    // A term statement holds terms of one wording only, and every term of a wording touched is regrouped below.
    for (const keyHash of termKeys)
      for (const id of this.termNodes.get(keyHash)) {
        const node = this.edited.get(id) ?? this.nodes.get(id)!
        if (node.statement >= 0) oldStatements.add(node.statement)
      }

    for (const id of oldStatements) {
      const record = this.base.statements.get(id)
      if (!record) continue
      this.statements.delete(id)
      if (record.group !== null) this.bySpeaker.remove(record.group, id)
      for (const word of record.words) this.byWord.remove(word, id)
    }

    // Statements: one connected set at a time.
    const done = new Set<number>()
    for (const start of statementNodes) {
      if (done.has(start)) continue
      const members: Node[] = []
      const queue = [start]
      done.add(start)
      while (queue.length > 0) {
        const node = this.node(queue.pop()!)
        members.push(node)
        for (const edge of node.edges)
          if (!done.has(edge.node)) {
            done.add(edge.node)
            queue.push(edge.node)
          }
      }
      this.makeStatements(linkedSets(members))
    }
    // Terms: every wording touched, all its terms.
    for (const keyHash of termKeys) {
      const byKey = new Map<string, Node[]>()
      for (const id of this.termNodes.get(keyHash)) {
        const node = this.node(id)
        const list = byKey.get(node.key)
        if (list) list.push(node)
        else byKey.set(node.key, [node])
      }
      for (const members of byKey.values()) this.makeStatements(termSets(members))
    }
  }

  private makeStatements(sets: { nodes: Node[]; group: string | null }[]): void {
    for (const { nodes, group } of sets) {
      const id = this.nextId++
      const { statement, versionOf } = makeStatement(nodes, group === null ? null : this.groups.get(group)!)
      const words = new Set<string>()
      for (const version of statement.versions) for (const word of contentWords(version.key)) words.add(word)
      const record: StatementRecord = {
        id,
        statement,
        nodes: nodes.map((n) => n.id),
        group,
        versionOf,
        words: [...words],
      }
      this.statements.set(id, record)
      if (group !== null) this.bySpeaker.add(group, id)
      for (const word of record.words) this.byWord.add(word, id)
      for (const node of nodes) node.statement = id
    }
  }
}

/** `b` has the same strings as `a`, in the same order. */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** Where `printing` goes in `entries` (file order). */
function upperBound(entries: readonly Printing[], printing: Printing): number {
  let low = 0
  let high = entries.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (comparePrintings(entries[mid]!, printing) <= 0) low = mid + 1
    else high = mid
  }
  return low
}

/**
 * The statements of one connected set of statement nodes: links taken strongest first (then in node order), two known
 * speakers never joined: a rewrite does not turn one person's words into another's.
 */
function linkedSets(members: Node[]): { nodes: Node[]; group: string | null }[] {
  members.sort((a, b) => comparePrintings(a.entries[0]!, b.entries[0]!))
  const at = new Map(members.map((node, i) => [node.id, i]))
  const edges: { a: number; b: number; score: number }[] = []
  members.forEach((node, i) => {
    for (const edge of node.edges) {
      const j = at.get(edge.node)!
      if (j > i) edges.push({ a: i, b: j, score: edge.score })
    }
  })
  edges.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b)
  return unite(members, (union) => {
    for (const edge of edges) union(edge.a, edge.b)
  })
}

/** The statements of the terms of one wording: the same word(s) are one term; its speaker, when one is known. */
function termSets(members: Node[]): { nodes: Node[]; group: string | null }[] {
  members.sort((a, b) => comparePrintings(a.entries[0]!, b.entries[0]!))
  return unite(members, (union) => {
    for (let i = 1; i < members.length; i++) union(0, i)
  })
}

/** Joins `members` (in node order) as `join` says, never two known speakers; the sets in order of their first node. */
function unite(
  members: readonly Node[],
  join: (union: (a: number, b: number) => void) => void,
): { nodes: Node[]; group: string | null }[] {
  const sets = new DisjointSets(members.length)
  const speakerOf = members.map((n) => n.group)
  const sameOrUnknown = (ra: number, rb: number) =>
    speakerOf[ra] === null || speakerOf[rb] === null || speakerOf[ra] === speakerOf[rb]
  join((a, b) => {
    const ra = sets.find(a)
    const rb = sets.find(b)
    const root = sets.union(ra, rb, sameOrUnknown)
    if (root !== null) speakerOf[root] = speakerOf[ra] ?? speakerOf[rb] ?? null
  })
  const byRoot = new Map<number, Node[]>()
  members.forEach((node, i) => {
    const root = sets.find(i)
    const list = byRoot.get(root)
    if (list) list.push(node)
    else byRoot.set(root, [node])
  })
  return [...byRoot].map(([root, nodes]) => ({ nodes, group: speakerOf[root]! }))
}

/** How strongly two wordings are one statement (0: not linked). Long wordings are compared on their first words. */
function linkScore(a: Node, b: Node): number {
  const x = a.content.length > MAX_COMPARED_WORDS ? a.content.slice(0, MAX_COMPARED_WORDS) : a.content
  const y = b.content.length > MAX_COMPARED_WORDS ? b.content.slice(0, MAX_COMPARED_WORDS) : b.content
  const shorter = Math.min(x.length, y.length)
  const longer = Math.max(x.length, y.length)
  const sameSpeaker = a.group !== null && a.group === b.group
  if (a.group !== null && b.group !== null && !sameSpeaker) return 0
  // The same words (another speaker reading of them, or none): no comparison needed.
  if (a.key === b.key) return sameSpeaker || shorter >= MIN_UNKNOWN_WORDS ? 1 : 0
  // The least number of words in common that could link them; the words shared in any order bound it from above.
  const needed = sameSpeaker
    ? Math.min(
        SAME_SPEAKER_SIMILARITY * longer,
        shorter >= MIN_EXCERPT_WORDS ? EXCERPT_CONTAINMENT * shorter : Number.POSITIVE_INFINITY,
      )
    : shorter >= MIN_UNKNOWN_WORDS
      ? UNKNOWN_SPEAKER_SIMILARITY * longer
      : Number.POSITIVE_INFINITY
  if (sharedWords(x, y) < needed) return 0
  const common = commonWords(x, y)
  const similarity = common / longer
  if (sameSpeaker) {
    if (similarity >= SAME_SPEAKER_SIMILARITY) return similarity
    // A partial quotation of the same speaker's longer statement.
    if (
      shorter >= MIN_EXCERPT_WORDS &&
      common / shorter >= EXCERPT_CONTAINMENT &&
      isExcerpt(x.length <= y.length ? x : y, x.length <= y.length ? y : x)
    )
      return (common / shorter) * 0.5
    return 0
  }
  return similarity >= UNKNOWN_SPEAKER_SIMILARITY ? similarity : 0
}

/** Words two lists share, counted with repetition and in any order: an upper bound of their common subsequence. */
function sharedWords(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>()
  for (const word of a) counts.set(word, (counts.get(word) ?? 0) + 1)
  let shared = 0
  for (const word of b) {
    const n = counts.get(word)
    if (n) {
      shared++
      counts.set(word, n - 1)
    }
  }
  return shared
}

/**
 * Distinct hashes of the consecutive word pairs (the one word of a one-word list). A collision only makes two wordings
 * candidates, which the comparison then tells apart.
 */
function pairHashes(words: readonly string[]): number[] {
  const out = new Set<number>()
  if (words.length === 1) out.add(fnv1a(words[0]!))
  for (let i = 1; i < words.length; i++) out.add(fnv1a(`${words[i - 1]} ${words[i]}`))
  return [...out]
}

/** Earliest published first, then by file and place: the order printings are listed in. */
function byPublication(a: Printing, b: Printing): number {
  return (
    compareText(a.occurrence.article.published ?? '9999', b.occurrence.article.published ?? '9999') ||
    comparePrintings(a, b)
  )
}

/** The statement of `members` (in node order), spoken by `group` (or by no known speaker). */
function makeStatement(
  members: readonly Node[],
  group: SpeakerGroup | null,
): { statement: Statement; versionOf: Map<string, Version> } {
  const byKey = new Map<string, Printing[]>()
  for (const node of members)
    for (const entry of node.entries) {
      const list = byKey.get(entry.derived.key)
      if (list) list.push(entry)
      else byKey.set(entry.derived.key, [entry])
    }
  const versionOf = new Map<string, Version>()
  const versions: Version[] = [...byKey].map(([key, list]) => {
    const sorted = list.length === 1 ? list : [...list].sort(byPublication)
    const version: Version = {
      words: sorted[0]!.occurrence.words,
      key: sorted[0]!.derived.words,
      occurrences: sorted.map((e) => e.occurrence),
      outlets: [...new Set(sorted.map((e) => e.occurrence.article.outlet))],
    }
    versionOf.set(key, version)
    return version
  })
  if (versions.length > 1)
    versions.sort(
      (a, b) =>
        b.outlets.length - a.outlets.length ||
        b.occurrences.length - a.occurrences.length ||
        compareText(a.occurrences[0]!.article.published ?? '9999', b.occurrences[0]!.article.published ?? '9999') ||
        compareText(wordingKey(a.key), wordingKey(b.key)),
    )
  const differs = versions.some((a, i) =>
    versions.some((b, j) => j > i && !isExcerpt(a.key, b.key) && !isExcerpt(b.key, a.key)),
  )
  const all = members.flatMap((n) => n.entries)
  let newest: string | null = null
  for (const entry of all) {
    const published = entry.occurrence.article.published
    if (published && (newest === null || published > newest)) newest = published
  }
  let speaker: string | null = null
  let speakerKind: SpeakerKind | null = null
  if (group) {
    speaker = group.name
    speakerKind = group.kind
  } else {
    const described = all.find((e) => e.occurrence.quotation.speaker?.description)
    if (described) {
      speaker = described.occurrence.quotation.speaker!.description
      speakerKind = 'unnamed'
    }
  }
  const id = members[0]!.entries[0]!.occurrence.quotation.id
  return { statement: { id, kind: members[0]!.kind, speaker, speakerKind, versions, differs, newest }, versionOf }
}
