import type { Article } from '../corpus/types.ts'
import { comparePersons, type NameKey, organisationKey, surnameKey } from './names.ts'
import { DisjointSets } from './disjointSets.ts'
import { formKey, groupSpeakers, type SpeakerGroup, SurnameDictionary } from './speakers.ts'
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
 * or a rewrite of them, are one statement with one version per distinct wording. Immutable: `withArticle` returns the
 * next index when one article is added, replaced or removed.
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
  id: number
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
  speech?: SpeechWords
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
const COMMON_BIGRAM = 32
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
  /** A hash of `key`, so wordings are grouped without hashing long strings again at every build. */
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
    derived = { words, content, key, pairs: pairHashes(content), keyHash: hashText(key) }
    derivedCache.set(quotation, derived)
  }
  return derived
}

const printingsCache = new WeakMap<ArticleQuotations, { occurrence: Occurrence; derived: Derived }[]>()

/** An article's quotations as printings, computed once per ArticleQuotations object and reused by every next index. */
function printingsOf(entry: ArticleQuotations): { occurrence: Occurrence; derived: Derived }[] {
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

interface Entry {
  occurrence: Occurrence
  derived: Derived
  speakerGroup: number
}

/** What lookups read, built on the first lookup that needs them (a snapshot that is never asked pays nothing). */
interface LookupTables {
  statementsBySpeaker: ReadonlyMap<number, Statement[]>
  surnames: SurnameDictionary<number>
  organisationWords: ReadonlyMap<string, number[]>
  versionsByWord: ReadonlyMap<string, Version[]>
  statementOfVersion: ReadonlyMap<Version, Statement>
  byFile: ReadonlyMap<string, { occurrence: Occurrence; statement: Statement; version: Version }[]>
}

export class QuotationIndex {
  /** Every statement and term, in a stable order. */
  readonly statements: readonly Statement[]
  /** Quotations in all. */
  readonly size: number
  private readonly perArticle: ReadonlyMap<string, ArticleQuotations>
  private readonly speech: SpeechWords
  private readonly speakerGroups: readonly SpeakerGroup[]
  private readonly groupOfQuotation: ReadonlyMap<Quotation, number>
  private lookupTables: LookupTables | null = null

  private constructor(perArticle: ReadonlyMap<string, ArticleQuotations>, speech: SpeechWords) {
    this.perArticle = perArticle
    this.speech = speech
    const files = [...perArticle.keys()].sort()
    const entries: Entry[] = []
    for (const file of files)
      for (const { occurrence, derived } of printingsOf(perArticle.get(file)!))
        entries.push({ occurrence, derived, speakerGroup: -1 })
    this.size = entries.length
    const speakers = groupSpeakers(
      entries.flatMap((e) => (e.occurrence.quotation.speaker ? [e.occurrence.quotation.speaker] : [])),
    )
    this.speakerGroups = speakers.groups
    const groupOfQuotation = new Map<Quotation, number>()
    for (const entry of entries) {
      const ref = entry.occurrence.quotation.speaker
      const key = ref ? formKey(ref) : null
      entry.speakerGroup = key ? (speakers.groupOf.get(key) ?? -1) : -1
      if (entry.speakerGroup >= 0) groupOfQuotation.set(entry.occurrence.quotation, entry.speakerGroup)
    }
    this.groupOfQuotation = groupOfQuotation
    this.statements = buildStatements(entries, this.speakerGroups)
  }

  private get tables(): LookupTables {
    this.lookupTables ??= this.buildTables()
    return this.lookupTables
  }

  private buildTables(): LookupTables {
    const bySpeaker = new Map<number, Statement[]>()
    const statementOfVersion = new Map<Version, Statement>()
    const byWord = new Map<string, Version[]>()
    const byFile = new Map<string, { occurrence: Occurrence; statement: Statement; version: Version }[]>()
    for (const statement of this.statements) {
      const groups = new Set<number>()
      for (const version of statement.versions) {
        statementOfVersion.set(version, statement)
        for (const word of new Set(contentWords(version.key))) {
          const list = byWord.get(word)
          if (list) list.push(version)
          else byWord.set(word, [version])
        }
        for (const occurrence of version.occurrences) {
          const group = this.groupOfQuotation.get(occurrence.quotation)
          if (group !== undefined) groups.add(group)
          const list = byFile.get(occurrence.article.file)
          if (list) list.push({ occurrence, statement, version })
          else byFile.set(occurrence.article.file, [{ occurrence, statement, version }])
        }
      }
      for (const group of groups) {
        const list = bySpeaker.get(group)
        if (list) list.push(statement)
        else bySpeaker.set(group, [statement])
      }
    }
    for (const list of byFile.values()) list.sort((a, b) => a.occurrence.quotation.start - b.occurrence.quotation.start)
    const organisationWords = new Map<string, number[]>()
    for (const group of this.speakerGroups) {
      if (!group.organisation) continue
      for (const word of new Set(group.organisation.split(' '))) {
        const list = organisationWords.get(word)
        if (list) list.push(group.id)
        else organisationWords.set(word, [group.id])
      }
    }
    const surnames = new SurnameDictionary(
      this.speakerGroups.flatMap((g) => g.keys.map((k) => [k.surname, g.id] as [string, number])),
    )
    return {
      statementsBySpeaker: bySpeaker,
      surnames,
      organisationWords,
      versionsByWord: byWord,
      statementOfVersion,
      byFile,
    }
  }

  /**
   * Builds the index from every article's quotations.
   *
   * @example
   * const index = QuotationIndex.build(articles.map((article) => ({ article, quotations: extractQuotations(article) })))
   * index.lookup('Abdulrahman').matches[0]?.statement.versions.map((v) => v.outlets)
   */
  static build(perArticle: Iterable<ArticleQuotations>, options: QuotationIndexOptions = {}): QuotationIndex {
    const map = new Map<string, ArticleQuotations>()
    for (const entry of perArticle) map.set(entry.article.file, entry)
    return new QuotationIndex(map, options.speech ?? defaultSpeechWords())
  }

  /** The next index with `file`'s quotations replaced (or added), or removed when `next` is null. This one is unchanged. */
  withArticle(file: string, next: ArticleQuotations | null): QuotationIndex {
    return next ? this.withChanges([{ file }], [next]) : this.withChanges([{ file }], [])
  }

  /**
   * The next index after a live change (the snapshot's `Change`: articles removed, articles added; a replaced file is
   * in both). Per-quotation work (words, keys) is reused from this index; the grouping is redone, which measured a
   * few tens of milliseconds at 100,000 passages (BENCHMARKS.md). This index is unchanged.
   *
   * @example
   * const next = previous.withChanges(change.removed, change.added.map((a) => ({ article: a, quotations: quotationsOf(a) })))
   */
  withChanges(removed: readonly { file: string }[], added: readonly ArticleQuotations[]): QuotationIndex {
    const map = new Map(this.perArticle)
    for (const { file } of removed) map.delete(file)
    for (const entry of added) map.set(entry.article.file, entry)
    return new QuotationIndex(map, this.speech)
  }

  /** The quotations of one article, as indexed. */
  quotationsOf(file: string): readonly Quotation[] {
    return this.perArticle.get(file)?.quotations ?? []
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
    const seen = new Set<Statement>()
    const statements: Statement[] = []
    for (const group of groups)
      for (const statement of this.tables.statementsBySpeaker.get(group.id) ?? [])
        if (statement.kind === 'statement' && !seen.has(statement)) {
          seen.add(statement)
          statements.push(statement)
        }
    statements.sort(
      (a, b) =>
        compareText(b.newest ?? '', a.newest ?? '') || outletCount(b) - outletCount(a) || firstStart(a) - firstStart(b),
    )
    return {
      query: name,
      by: 'speaker',
      speakers: groups.map((g) => g.name),
      matches: statements.map((statement) => ({ statement, exact: [], coverage: 1 })),
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
    // A version holding enough of the asked words holds at least one of any (n - needed + 1) of them: the rarest.
    const distinct = [...new Set(content)]
    const rarest = distinct
      .map((word) => this.tables.versionsByWord.get(word) ?? [])
      .sort((a, b) => a.length - b.length)
    const needed = Math.max(1, Math.ceil(distinct.length * CHECK_MIN_COVERAGE))
    const candidates = new Set<Version>()
    for (const list of rarest.slice(0, distinct.length - needed + 1))
      for (const version of list) candidates.add(version)
    const byStatement = new Map<Statement, { exact: Version[]; coverage: number }>()
    for (const version of candidates) {
      const exact = isExcerpt(asked, version.key)
      const coverage = exact ? 1 : commonWords(content, contentWords(version.key)) / content.length
      if (coverage < CHECK_MIN_COVERAGE) continue
      const statement = this.tables.statementOfVersion.get(version)!
      const found = byStatement.get(statement) ?? { exact: [], coverage: 0 }
      if (exact) found.exact.push(version)
      found.coverage = Math.max(found.coverage, coverage)
      byStatement.set(statement, found)
    }
    const matches = [...byStatement].map(([statement, found]) => ({
      statement,
      exact: statement.versions.filter((v) => found.exact.includes(v)),
      coverage: found.coverage,
    }))
    matches.sort(
      (a, b) =>
        Number(b.exact.length > 0) - Number(a.exact.length > 0) ||
        b.coverage - a.coverage ||
        Number(a.statement.kind === 'term') - Number(b.statement.kind === 'term') ||
        outletCount(b.statement) - outletCount(a.statement) ||
        a.statement.id - b.statement.id,
    )
    return { query: words, by: 'words', speakers: [], matches }
  }

  /** The quotations inside a passage of `file` ([start, end)) that other outlets print in other words. */
  warningsFor(file: string, start: number, end: number): QuoteWarning[] {
    const warnings: QuoteWarning[] = []
    for (const { occurrence, statement, version } of this.tables.byFile.get(file) ?? []) {
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
    const found = (this.tables.byFile.get(quotation.file) ?? []).find((e) => e.occurrence.quotation.id === quotation.id)
    return found ? { statement: found.statement, version: found.version } : null
  }

  private speakersNamed(name: string): SpeakerGroup[] {
    const words = queryWords(name).filter((w) => w !== ELLIPSIS_WORD)
    while (words.length > 1 && this.speech.titles.has(words[0]!.replace(/\.$/, ''))) words.shift()
    if (words.length === 0) return []
    const asked: NameKey = { given: words.slice(0, -1), surname: surnameKey(words.at(-1)!), gender: null }
    const found = new Set<number>()
    for (const id of this.tables.surnames.near(asked.surname))
      if (this.speakerGroups[id]!.keys.some((key) => comparePersons(asked, key) !== 'different')) found.add(id)
    const organisation = organisationKey(name).split(' ')
    const lists = organisation.map((word) => this.tables.organisationWords.get(word) ?? [])
    for (const id of lists[0] ?? []) if (lists.every((list) => list.includes(id))) found.add(id)
    return [...found].sort((a, b) => a - b).map((id) => this.speakerGroups[id]!)
  }
}

function outletCount(statement: Statement): number {
  return new Set(statement.versions.flatMap((v) => v.outlets)).size
}

function firstStart(statement: Statement): number {
  return statement.versions[0]?.occurrences[0]?.quotation.start ?? 0
}

// -----------------------------------------------------------------------------------------------------------------
// Grouping quotations into statements.

interface Node {
  /** Entries with this wording and speaker group. */
  entries: Entry[]
  kind: QuotationKind
  key: string
  content: string[]
  pairs: readonly number[]
  speakerGroup: number
}

function buildStatements(entries: readonly Entry[], groups: readonly SpeakerGroup[]): Statement[] {
  // One node per (kind, wording, speaker): identical printings are one node before any comparison.
  const nodesByHash = new Map<number, Node[]>()
  const nodes: Node[] = []
  for (const entry of entries) {
    const kind = entry.occurrence.quotation.kind
    const { keyHash, key } = entry.derived
    const list = nodesByHash.get(keyHash)
    const node = list?.find((n) => n.kind === kind && n.speakerGroup === entry.speakerGroup && n.key === key)
    if (node) {
      node.entries.push(entry)
      continue
    }
    const created: Node = {
      entries: [entry],
      kind,
      key,
      content: entry.derived.content,
      pairs: entry.derived.pairs,
      speakerGroup: entry.speakerGroup,
    }
    nodes.push(created)
    if (list) list.push(created)
    else nodesByHash.set(keyHash, [created])
  }
  const sets = new DisjointSets(nodes.length)
  const speakerOf = nodes.map((n) => n.speakerGroup)
  // Never join two known speakers: a rewrite does not turn one person's words into another's.
  const sameOrUnknown = (ra: number, rb: number) =>
    speakerOf[ra]! < 0 || speakerOf[rb]! < 0 || speakerOf[ra] === speakerOf[rb]
  const union = (a: number, b: number) => {
    const ra = sets.find(a)
    const rb = sets.find(b)
    const root = sets.union(ra, rb, sameOrUnknown)
    if (root !== null) speakerOf[root] = Math.max(speakerOf[ra]!, speakerOf[rb]!)
  }
  const find = (i: number) => sets.find(i)

  // Terms: the same word(s) are one term; its speaker, when one is known.
  const termsByKey = new Map<string, number[]>()
  nodes.forEach((node, i) => {
    if (node.kind !== 'term') return
    const list = termsByKey.get(node.key)
    if (list) list.push(i)
    else termsByKey.set(node.key, [i])
  })
  for (const list of termsByKey.values()) for (const i of list.slice(1)) union(list[0]!, i)

  // Statements: candidates share word pairs that few quotations hold; the comparison decides.
  const frequency = new Map<number, number>()
  for (const node of nodes)
    if (node.kind === 'statement') for (const pair of node.pairs) frequency.set(pair, (frequency.get(pair) ?? 0) + 1)
  const edges: { a: number; b: number; score: number }[] = []
  const postings = new Map<number, number[]>()
  const rarePairs = new Int32Array(nodes.length)
  const shared = new Int32Array(nodes.length)
  const touched: number[] = []
  nodes.forEach((node, i) => {
    if (node.kind !== 'statement' || node.content.length === 0) return
    for (const pair of node.pairs) {
      if (frequency.get(pair)! > COMMON_BIGRAM) continue
      rarePairs[i] = rarePairs[i]! + 1
      const list = postings.get(pair)
      if (!list) {
        postings.set(pair, [i])
        continue
      }
      for (const j of list) {
        if (shared[j] === 0) touched.push(j)
        shared[j] = shared[j]! + 1
      }
      list.push(i)
    }
    for (const j of touched) {
      const count = shared[j]!
      shared[j] = 0
      // Linked wordings share most of the shorter one's word pairs (a changed word costs two).
      const fewer = Math.min(rarePairs[i]!, rarePairs[j]!)
      if (count < Math.max(Math.min(2, fewer), Math.ceil(fewer * MIN_SHARED_PAIRS))) continue
      const other = nodes[j]!
      if (node.speakerGroup >= 0 && other.speakerGroup >= 0 && node.speakerGroup !== other.speakerGroup) continue
      const score = linkScore(node, other)
      if (score > 0) edges.push({ a: j, b: i, score })
    }
    touched.length = 0
  })
  edges.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b)
  for (const edge of edges) union(edge.a, edge.b)

  const components = new Map<number, Node[]>()
  nodes.forEach((node, i) => {
    const root = find(i)
    const list = components.get(root)
    if (list) list.push(node)
    else components.set(root, [node])
  })
  const statements: Statement[] = []
  for (const [root, members] of [...components].sort(([a], [b]) => a - b)) {
    statements.push(makeStatement(statements.length, members, speakerOf[root]!, groups))
  }
  return statements
}

/** How strongly two wordings are one statement (0: not linked). Long wordings are compared on their first words. */
function linkScore(a: Node, b: Node): number {
  const x = a.content.length > MAX_COMPARED_WORDS ? a.content.slice(0, MAX_COMPARED_WORDS) : a.content
  const y = b.content.length > MAX_COMPARED_WORDS ? b.content.slice(0, MAX_COMPARED_WORDS) : b.content
  const shorter = Math.min(x.length, y.length)
  const longer = Math.max(x.length, y.length)
  const sameSpeaker = a.speakerGroup >= 0 && a.speakerGroup === b.speakerGroup
  if (a.speakerGroup >= 0 && b.speakerGroup >= 0 && !sameSpeaker) return 0
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

/** Distinct hashes of the consecutive word pairs (the one word of a one-word list). */
function pairHashes(words: readonly string[]): number[] {
  const out = new Set<number>()
  if (words.length === 1) out.add(hashText(words[0]!))
  for (let i = 1; i < words.length; i++) out.add(hashText(`${words[i - 1]} ${words[i]}`))
  return [...out]
}

/** FNV-1a, 32 bits: a hash collision only makes two wordings candidates, which the comparison then tells apart. */
function hashText(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** Earliest published first, then by file and place: the order printings are listed in. */
function byPrinting(a: Entry, b: Entry): number {
  return (
    compareText(a.occurrence.article.published ?? '9999', b.occurrence.article.published ?? '9999') ||
    compareText(a.occurrence.article.file, b.occurrence.article.file) ||
    a.occurrence.quotation.start - b.occurrence.quotation.start
  )
}

/** Code-unit order: stable across machines and locales, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function makeStatement(id: number, members: Node[], speakerGroup: number, groups: readonly SpeakerGroup[]): Statement {
  const byKey = new Map<string, Entry[]>()
  for (const node of members)
    for (const entry of node.entries) {
      const list = byKey.get(entry.derived.key)
      if (list) list.push(entry)
      else byKey.set(entry.derived.key, [entry])
    }
  const versions: Version[] = [...byKey.values()].map((list) => {
    const sorted = list.length === 1 ? list : [...list].sort(byPrinting)
    return {
      words: sorted[0]!.occurrence.words,
      key: sorted[0]!.derived.words,
      occurrences: sorted.map((e) => e.occurrence),
      outlets: [...new Set(sorted.map((e) => e.occurrence.article.outlet))],
    }
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
  if (speakerGroup >= 0) {
    speaker = groups[speakerGroup]!.name
    speakerKind = groups[speakerGroup]!.kind
  } else {
    const described = all.find((e) => e.occurrence.quotation.speaker?.description)
    if (described) {
      speaker = described.occurrence.quotation.speaker!.description
      speakerKind = 'unnamed'
    }
  }
  return { id, kind: members[0]!.kind, speaker, speakerKind, versions, differs, newest }
}
