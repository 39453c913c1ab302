/**
 * Benchmark queries drawn from the corpus' own passages, so every query has answers and the mix looks like what a
 * desk types: a few content words, the same with a typo, a question, a name, an exact phrase. Deterministic for a
 * given seed and passage list.
 */
import { Random, mixSeed } from './random.ts'

export type BenchQueryKind = 'words' | 'typo' | 'question' | 'phrase' | 'name'

export interface BenchQuery {
  query: string
  kind: BenchQueryKind
  /** For a typo query: the same query spelt right (typo tolerance is measured against it). */
  original?: string
}

export interface BenchQueryOptions {
  count: number
  /** Default 1. */
  seed?: number
}

/** Share of each kind; counts are rounded by largest remainder, so they always add up to `count`. */
export const QUERY_MIX: Readonly<Record<BenchQueryKind, number>> = {
  words: 0.5,
  typo: 0.2,
  question: 0.15,
  name: 0.1,
  phrase: 0.05,
}
const KINDS = Object.keys(QUERY_MIX) as BenchQueryKind[]

/** Words too common to make a query (function words, and the speeches' filler: "upon", "shall"). */
export const QUERY_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also am among an and any are as at be because been before being below ' +
    'between both but by can cannot could did do does doing down during each either every few for from further had ' +
    'has have having he her here hers herself him himself his how however i if in into is it its itself just less ' +
    'let like made make many may me might more most much must my myself neither no nor not now of off on once one ' +
    'only or other others our ours ourselves out over own per same shall she should since so some such than that ' +
    'the their theirs them themselves then there therefore these they this those though through thus to too under ' +
    'until up upon us very was we well were what when where whether which while who whom whose why will with within ' +
    'without would yet you your yours yourself yourselves mr mrs ms tonight today year years new great'
  ).split(' '),
)

const PLURAL_DETERMINERS: ReadonlySet<string> = new Set(
  'the these those our their your its all many more most some several few other such both any no of two three four five six seven eight nine ten hundred thousand million'.split(
    ' ',
  ),
)

/** How many content words a words query has: 1, 2, 3 or 4 (two-word queries are the most common). */
const WORD_COUNT_WEIGHTS = [0.2, 0.4, 0.28, 0.12]
/** Tries to find a passage that suits a kind before falling back (tiny corpora, passages without names). */
const ATTEMPTS = 64

export function benchQueries(texts: readonly string[], options: BenchQueryOptions): BenchQuery[] {
  const { count, seed = 1 } = options
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a whole number, not ${count}`)
  if (count === 0) return []
  if (texts.length === 0) throw new RangeError('benchQueries needs at least one passage text')

  const rng = new Random(mixSeed(seed, 0x71))
  const kinds = rng.shuffle(kindCounts(count).flatMap(([kind, n]) => Array<BenchQueryKind>(n).fill(kind)))
  const seen = new Set<string>()
  const queries: BenchQuery[] = []
  for (const kind of kinds) {
    let made: BenchQuery | null = null
    // Prefer a query not asked yet (repeats would measure a cache); accept a repeat only when the corpus is tiny.
    for (let attempt = 0; attempt < ATTEMPTS && made === null; attempt++) {
      const result = MAKERS[kind](words(rng.pick(texts)), rng)
      const query = typeof result === 'string' ? result : (result?.query ?? null)
      if (query !== null && (!seen.has(query) || attempt === ATTEMPTS - 1)) {
        made =
          typeof result === 'object' && result !== null ? { query, kind, original: result.original } : { query, kind }
      }
    }
    made ??= fallback(texts, rng)
    seen.add(made.query)
    queries.push(made)
  }
  return queries
}

/** Kind counts by largest remainder, ties broken in QUERY_MIX order. */
function kindCounts(count: number): [BenchQueryKind, number][] {
  const exact = KINDS.map((kind) => ({ kind, exact: QUERY_MIX[kind] * count }))
  const counts = exact.map((e) => ({ kind: e.kind, n: Math.floor(e.exact), rest: e.exact - Math.floor(e.exact) }))
  let left = count - counts.reduce((sum, c) => sum + c.n, 0)
  for (const c of [...counts].sort((a, b) => b.rest - a.rest)) {
    if (left-- <= 0) break
    c.n++
  }
  return counts.map((c) => [c.kind, c.n])
}

/** When a kind cannot be made from this corpus: a plain words query, labelled as such. */
function fallback(texts: readonly string[], rng: Random): BenchQuery {
  for (const text of texts) {
    const query = wordsQuery(words(text), rng)
    if (query !== null) return { query, kind: 'words' }
  }
  throw new RangeError('no passage text has a content word to build a query from')
}

// ---------------------------------------------------------------------------------------------------------------
// Words of a passage.

interface Word {
  /** Exactly as in the text. */
  raw: string
  /** As in the text, possessive "’s" dropped ("Nation’s" → "Nation"). */
  text: string
  /** Lower case, for stop words and comparisons. */
  lower: string
  /** First word of a sentence (after start, . ? ! : and any opening quote): its capital says nothing. */
  sentenceStart: boolean
  /** Capitalized mid-sentence: a name (person, place, institution). */
  name: boolean
  content: boolean
  /** The source text between this word and the next ('' for the last word). */
  gap: string
}

// Same shape as the search tokenizer's words: letters/digits with inner apostrophes.
const WORD = /[\p{L}\p{N}]+(?:['’]\p{L}+)*/gu
const OPENERS = new Set(['"', '“', '‘', "'", '(', '['])
const SENTENCE_END = new Set(['.', '?', '!', '…', ':'])

function words(text: string): Word[] {
  const out: Word[] = []
  const matches = [...text.matchAll(WORD)]
  matches.forEach((match, i) => {
    const raw = match[0]
    const bare = raw.replace(/['’]s$/i, '')
    let k = match.index - 1
    while (k >= 0 && (/\s/.test(text[k]!) || OPENERS.has(text[k]!))) k--
    const sentenceStart = k < 0 || SENTENCE_END.has(text[k]!)
    const lower = bare.toLowerCase()
    const isNumber = /^\p{N}+$/u.test(bare)
    // Contractions ("don't", "we'll") are function words; single letters are initials or list marks.
    const plain = !/['’]/.test(bare) && (isNumber ? bare.length >= 2 : bare.length >= 3)
    const content = plain && !QUERY_STOP_WORDS.has(lower)
    const name = content && !sentenceStart && /^\p{Lu}/u.test(bare) && !isNumber
    const next = matches[i + 1]
    const gap = next ? text.slice(match.index + match[0].length, next.index) : ''
    out.push({ raw, text: bare, lower, sentenceStart, name, content, gap })
  })
  return out
}

/** Heuristic noun-ness: names and numbers first, then words with noun endings, then long words. */
function weight(word: Word): number {
  if (word.name) return 3
  if (/^\p{N}+$/u.test(word.text)) return 2
  if (/(?:tion|sion|ment|ness|ity|ance|ence|ship|ism|ure|ist|ary|ery)s?$/.test(word.lower)) return 2
  return word.lower.length >= 7 ? 1.5 : 1
}

/** `n` distinct content words, weighted, in passage order; names keep their capital, the rest is lower case. */
function pickWords(ws: readonly Word[], n: number, rng: Random): Word[] {
  const pool: { word: Word; at: number }[] = []
  const taken = new Set<string>()
  ws.forEach((word, at) => {
    if (word.content && !taken.has(word.lower)) {
      taken.add(word.lower)
      pool.push({ word, at })
    }
  })
  const chosen: { word: Word; at: number }[] = []
  while (chosen.length < n && pool.length > 0) {
    const i = rng.weighted(pool.map((p) => weight(p.word)))
    chosen.push(pool.splice(i, 1)[0]!)
  }
  return chosen.sort((a, b) => a.at - b.at).map((c) => c.word)
}

function surface(word: Word): string {
  return word.name ? word.text : word.lower
}

// ---------------------------------------------------------------------------------------------------------------
// One maker per kind: a query from one passage's words, or null when the passage does not suit.

const MAKERS: Record<BenchQueryKind, (ws: Word[], rng: Random) => string | { query: string; original: string } | null> =
  {
    words: wordsQuery,
    typo: typoQuery,
    question: questionQuery,
    name: nameQuery,
    phrase: phraseQuery,
  }

function wordsQuery(ws: Word[], rng: Random): string | null {
  const chosen = pickWords(ws, 1 + rng.weighted(WORD_COUNT_WEIGHTS), rng)
  return chosen.length > 0 ? chosen.map(surface).join(' ') : null
}

/** A words query with one edit (substitution, deletion or transposition) in one word of five letters or more. */
function typoQuery(ws: Word[], rng: Random): { query: string; original: string } | null {
  const chosen = pickWords(ws, 1 + rng.weighted(WORD_COUNT_WEIGHTS.slice(0, 3)), rng)
  const editable = chosen.map((w, i) => ({ w, i })).filter(({ w }) => /^\p{L}{5,}$/u.test(w.text))
  if (editable.length === 0) return null
  const { w, i } = rng.pick(editable)
  const typo = misspell(surface(w), rng)
  if (typo.toLowerCase() === w.lower) return null
  return {
    query: chosen.map((c, k) => (k === i ? typo : surface(c))).join(' '),
    original: chosen.map(surface).join(' '),
  }
}

/** Keys next to each key on a QWERTY keyboard: substitutions people actually make. */
const NEIGHBOURS: Readonly<Record<string, string>> = {
  a: 'qwsz',
  b: 'vghn',
  c: 'xdfv',
  d: 'serfcx',
  e: 'wsdr',
  f: 'drtgvc',
  g: 'ftyhbv',
  h: 'gyujnb',
  i: 'ujko',
  j: 'huikmn',
  k: 'jiolm',
  l: 'kop',
  m: 'njk',
  n: 'bhjm',
  o: 'iklp',
  p: 'ol',
  q: 'wa',
  r: 'edft',
  s: 'awedxz',
  t: 'rfgy',
  u: 'yhji',
  v: 'cfgb',
  w: 'qase',
  x: 'zsdc',
  y: 'tghu',
  z: 'asx',
}

/** One edit, never on the first letter (people rarely mistype it, and search fuzziness often anchors on it). */
function misspell(word: string, rng: Random): string {
  const chars = [...word]
  const edit = rng.pick(['substitution', 'deletion', 'transposition'] as const)
  if (edit === 'deletion') {
    chars.splice(rng.between(1, chars.length - 1), 1)
  } else if (edit === 'transposition') {
    const candidates = chars.map((_, i) => i).filter((i) => i >= 1 && i + 1 < chars.length && chars[i] !== chars[i + 1])
    if (candidates.length === 0) return word
    const i = rng.pick(candidates)
    ;[chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!]
  } else {
    const i = rng.between(1, chars.length - 1)
    const original = chars[i]!
    const options = [...(NEIGHBOURS[original.toLowerCase()] ?? 'etaoinshr')].filter((c) => c !== original.toLowerCase())
    const replacement = rng.pick(options)
    chars[i] = original === original.toLowerCase() ? replacement : replacement.toUpperCase()
  }
  return chars.join('')
}

/** "who …", "how many …", "what did X say about Y": the forms a reporter asks in. */
function questionQuery(ws: Word[], rng: Random): string | null {
  const content = ws.filter((w) => w.content)
  const names = nameRuns(ws)
  const others = content.filter((w) => !w.name && !/^\p{N}+$/u.test(w.text))
  // A plural noun, not a verb in -s: it must follow a determiner, a number or another content word ("the ships",
  // "12 vessels", "protected cruisers"), never a pronoun or name ("he represents", "Congress resolves").
  const plurals = ws.filter((w, i) => {
    const before = ws[i - 1]
    const nounSlot =
      before !== undefined &&
      before.gap.trim() === '' &&
      (PLURAL_DETERMINERS.has(before.lower) ||
        /^\p{N}+$/u.test(before.text) ||
        (before.content && !before.name && !/ly$/.test(before.lower)))
    return (
      nounSlot &&
      w.content &&
      !w.name &&
      w.lower.length >= 5 &&
      /[^su]s$/.test(w.lower) &&
      !/(?:ness|ous|ics)$/.test(w.lower)
    )
  })
  const pastTense = others.filter((w) => w.lower.length >= 5 && /ed$/.test(w.lower))
  const forms: (() => string | null)[] = []
  if (names.length > 0 && others.length > 0)
    forms.push(() => `what did ${rng.pick(names)} say about ${rng.pick(others).lower}`)
  if (plurals.length > 0) forms.push(() => `how many ${rng.pick(plurals).lower}`)
  if (pastTense.length > 0 && others.length > 1) {
    forms.push(() => {
      const verb = rng.pick(pastTense)
      const objects = others.filter((w) => w.lower !== verb.lower && !/ly$/.test(w.lower))
      if (objects.length === 0) return null
      const object = rng.pick(objects)
      return `who ${verb.lower} ${surface(object)}`
    })
  }
  if (names.length > 0) forms.push(() => `what about ${rng.pick(names)}`)
  if (others.length > 1) {
    forms.push(() => {
      const [a, b] = pickWords(
        ws.filter((w) => !w.name),
        2,
        rng,
      )
      return a && b ? `who said ${a.lower} ${b.lower}` : null
    })
  }
  if (forms.length === 0) return null
  const question = rng.pick(forms)()
  return question === null ? null : rng.chance(0.5) ? `${question}?` : question
}

/** A name as it stands in the passage. */
function nameQuery(ws: Word[], rng: Random): string | null {
  const runs = nameRuns(ws)
  return runs.length > 0 ? rng.pick(runs) : null
}

/** Names: one capitalized mid-sentence word, or a run of up to three separated by single spaces ("United States"). */
function nameRuns(ws: readonly Word[]): string[] {
  const runs: string[] = []
  for (let i = 0; i < ws.length; i++) {
    if (!ws[i]!.name) continue
    const run = [ws[i]!.text]
    while (run.length < 3 && ws[i]!.gap === ' ' && ws[i]!.raw === ws[i]!.text && ws[i + 1]?.name)
      run.push(ws[++i]!.text)
    runs.push(run.join(' '))
  }
  return runs
}

/** Three consecutive words exactly as printed (single spaces between them), in double quotes. */
function phraseQuery(ws: Word[], rng: Random): string | null {
  const starts: number[] = []
  for (let i = 0; i + 2 < ws.length; i++) {
    const [a, b, c] = [ws[i]!, ws[i + 1]!, ws[i + 2]!]
    // Whole words only: no contractions, no stray initials ("P" of "P.L.").
    const plain = [a, b, c].every((w) => !/['’]/.test(w.raw) && (w.raw.length >= 2 || /^[aAI]$/.test(w.raw)))
    if (plain && a.gap === ' ' && b.gap === ' ' && (a.content || b.content || c.content)) starts.push(i)
  }
  if (starts.length === 0) return null
  const i = rng.pick(starts)
  return `"${ws[i]!.raw} ${ws[i + 1]!.raw} ${ws[i + 2]!.raw}"`
}
