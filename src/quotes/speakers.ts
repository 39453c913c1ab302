import { DisjointSets } from './disjointSets.ts'
import { comparePersons, type NameKey, nameEditBudget, organisationKey, surnameKey, withinEdits } from './names.ts'
import type { SpeakerRef } from './types.ts'
import { foldWord } from './words.ts'

/**
 * Speakers across articles: the names several articles give one person ("Rami Abdurrahman" / "Rami Abdulrahman";
 * "Mr Abbas" / "General Ali Mahmoud Abbas") become one speaker. Person names meet when their surnames are within a
 * small edit distance (after transliteration noise is folded away: doubled letters, an Arabic article) and their given
 * names agree; a surname alone joins the one person of that surname the coverage names in full, and stays apart
 * when several could be meant. A man and a woman (Mr / Mrs Assad) are never one speaker, and a name that could be
 * either stays apart. Organisations meet on their folded name.
 *
 * The unit is a **form**: one printed identity (given names, surname, gender; or an organisation's folded name) with
 * the spellings printed for it. Forms that could be one person (`related`) make a neighbourhood; the grouping of a
 * neighbourhood depends on nothing outside it, so the quotation index regroups only the neighbourhoods a change
 * touches (quotationIndex.ts).
 */

/** One printed identity of a named speaker, and how often each spelling of it is printed. */
export interface Form {
  /** See `formKey`. */
  key: string
  kind: 'person' | 'organisation'
  name: NameKey | null
  organisation: string | null
  /** Spelling as printed (title included) → quotations printing it. */
  spellings: ReadonlyMap<string, number>
  /** Spelling → words of name proper (×16) and of title, for choosing the fullest spelling. */
  weight: ReadonlyMap<string, number>
  /** Quotations with this form. */
  count: number
}

export interface SpeakerGroup {
  /** The smallest key of its forms: a group is the same group in every index that has the same forms. */
  key: string
  kind: 'person' | 'organisation'
  /** The fullest name the coverage gives (most words; then the spelling most quotations print). */
  name: string
  /** Every spelling printed, with how many quotations carry it. */
  spellings: ReadonlyMap<string, number>
  /** Person: the name keys of its forms; organisation: none. */
  keys: readonly NameKey[]
  organisation: string | null
  /** Its forms' keys, sorted. */
  forms: readonly string[]
}

/** The key of a named speaker's form: same key, same printed identity (given names, surname, gender, or organisation). */
export function formKey(speaker: SpeakerRef): string | null {
  if (speaker.kind === 'organisation' && speaker.name) return `o:${organisationKey(speaker.name)}`
  if (speaker.kind === 'person' && speaker.surname)
    return `p:${speaker.given.map(foldWord).join(' ')}|${surnameKey(speaker.surname)}|${speaker.gender ?? ''}`
  return null
}

/** `form` with one quotation of `speaker` more (delta 1) or fewer (-1); null when none is left. */
export function formWith(form: Form | undefined, speaker: SpeakerRef, delta: 1 | -1): Form | null {
  const key = formKey(speaker)
  const name = speaker.name
  if (!key || !name) return form ?? null
  const spellings = new Map(form?.spellings)
  const weight = new Map(form?.weight)
  const count = (spellings.get(name) ?? 0) + delta
  if (count > 0) {
    spellings.set(name, count)
    const titleWords = speaker.title ? speaker.title.split(/\s+/).length : 0
    const nameWords = speaker.kind === 'person' ? speaker.given.length + 1 : name.split(/\s+/).length
    weight.set(name, nameWords * 16 + titleWords)
  } else {
    spellings.delete(name)
    weight.delete(name)
  }
  const total = (form?.count ?? 0) + delta
  if (total <= 0) return null
  return {
    key,
    kind: speaker.kind === 'organisation' ? 'organisation' : 'person',
    name:
      speaker.kind === 'person'
        ? { given: speaker.given.map(foldWord), surname: surnameKey(speaker.surname ?? ''), gender: speaker.gender }
        : null,
    organisation: speaker.kind === 'organisation' ? organisationKey(name) : null,
    spellings,
    weight,
    count: total,
  }
}

/**
 * Whether two person forms could name one person: surnames within the name edit budget and given names that do not
 * disagree (comparePersons). Forms not related never join, directly or through a surname alone.
 */
export function related(a: NameKey, b: NameKey): boolean {
  return similarSurnames(a.surname, b.surname) && comparePersons(a, b) !== 'different'
}

/** Two surname keys one edit budget apart (the smaller budget of the two), with the same first letter. */
export function similarSurnames(a: string, b: string): boolean {
  if (a === b) return true
  const budget = Math.min(nameEditBudget(a), nameEditBudget(b))
  return budget > 0 && a[0] === b[0] && withinEdits(a, b, budget)
}

/**
 * The strings `key` becomes with up to its edit budget of letters deleted (itself included). Two keys within the
 * smaller of their budgets share one: every edit (a substitution, an insertion, a swap) is undone by deleting a
 * letter on one side or both, so candidates are found by looking these up, never by comparing every pair.
 */
export function surnameVariants(key: string): string[] {
  const out = new Set([key])
  let level = [key]
  for (let d = 0; d < nameEditBudget(key); d++) {
    const next: string[] = []
    for (const word of level)
      for (let i = 0; i < word.length; i++) {
        const shorter = word.slice(0, i) + word.slice(i + 1)
        if (!out.has(shorter)) {
          out.add(shorter)
          next.push(shorter)
        }
      }
    level = next
  }
  return [...out]
}

/**
 * Groups one neighbourhood of person forms (`forms` sorted by key; `neighbours[i]`: the indexes of the forms related
 * to form i). Full names join when they are the same person; a surname alone ("Abbas") joins the one person of that
 * surname named in full, and other mentions of the surname alone; when two people could be meant it stays apart.
 *
 * A group never holds a man and a woman: each set carries the gender its titles give (Mr, Mrs, Ms, Sir, Dame …), as
 * `unite` in quotationIndex.ts carries a speaker. Joins come in stages, each decided on the groups the stage before
 * left: same-gender joins first (they cannot clash), then joins that give a genderless name a gender. When the joins
 * of one stage would put a man and a woman into one group ("Assad" between "Mr Assad" and "Mrs Assad"; "Bashar
 * al-Assad" claimed by both), none of the joins of that would-be group is made: the names stay apart rather than
 * guess. Neither the order of the forms' neighbours nor the order of the joins changes the result, so a neighbourhood
 * regrouped after a change groups as a fresh build does.
 *
 * Returns the groups as lists of indexes, each sorted, in order of their first index.
 */
export function clusterPersons(forms: readonly Form[], neighbours: readonly (readonly number[])[]): number[][] {
  const sets = new DisjointSets(forms.length)
  const genderOf: Gender[] = forms.map((form) => form.name!.gender)
  const name = (i: number) => forms[i]!.name!
  const isFull = (i: number) => name(i).given.length > 0

  // Stage 1: full names that are the same person, of the same gender (or both without one).
  applyJoins(
    sets,
    genderOf,
    pairs(forms, neighbours, (i, j) => isFull(i) && isFull(j) && equalGender(i, j) && same(i, j)),
  )
  // Stage 2: a genderless full name joins the same person named with a gendered title.
  applyJoins(
    sets,
    genderOf,
    pairs(forms, neighbours, (i, j) => isFull(i) && isFull(j) && !equalGender(i, j) && same(i, j)),
  )
  // Stage 3: surnames alone of the same gender (or both without one) join each other.
  applyJoins(
    sets,
    genderOf,
    pairs(forms, neighbours, (i, j) => !isFull(i) && !isFull(j) && equalGender(i, j) && same(i, j)),
  )
  // Stage 4: a gendered surname alone joins the one compatible person of that surname named in full.
  applyJoins(sets, genderOf, surnameJoins(true))
  // Stage 5: a genderless surname alone joins the gendered surnames alone it matches, and the one person named in full.
  applyJoins(sets, genderOf, surnameJoins(false))

  const groups = new Map<number, number[]>()
  forms.forEach((_, i) => {
    const root = sets.find(i)
    const list = groups.get(root)
    if (list) list.push(i)
    else groups.set(root, [i])
  })
  return [...groups.values()]

  function equalGender(i: number, j: number): boolean {
    return name(i).gender === name(j).gender
  }
  function same(i: number, j: number): boolean {
    return comparePersons(name(i), name(j)) === 'same'
  }
  function compatible(a: Gender, b: Gender): boolean {
    return a === null || b === null || a === b
  }
  /** The joins of every surname alone (`gendered`: those with a gender; else those without), from the sets as now. */
  function surnameJoins(gendered: boolean): [number, number][] {
    const withFull = new Set(forms.flatMap((_, i) => (isFull(i) ? [sets.find(i)] : [])))
    const byRoot = new Map<number, { full: Set<number>; bare: Set<number> }>()
    forms.forEach((_, i) => {
      if (isFull(i) || (name(i).gender !== null) !== gendered) return
      const root = sets.find(i)
      const entry = byRoot.get(root) ?? { full: new Set<number>(), bare: new Set<number>() }
      byRoot.set(root, entry)
      for (const j of neighbours[i]!) {
        const other = sets.find(j)
        if (other === root || !compatible(genderOf[root]!, genderOf[other]!)) continue
        const relation = comparePersons(name(i), name(j))
        if (isFull(j) && relation === 'partial') entry.full.add(other)
        else if (!gendered && !isFull(j) && name(j).gender !== null && relation === 'same') entry.bare.add(other)
      }
    })
    const joins: [number, number][] = []
    for (const [root, { full, bare }] of byRoot) {
      // A gendered surname alone may have joined a full name in the stage before: count every full name reached.
      const reached = new Set([...full, ...[...bare].filter((r) => withFull.has(r))])
      if (reached.size === 1) joins.push([root, [...reached][0]!])
      for (const r of bare) if (!withFull.has(r)) joins.push([root, r])
    }
    return joins
  }
}

type Gender = 'male' | 'female' | null

/** Each pair of related forms that `joins` accepts. */
function pairs(
  forms: readonly Form[],
  neighbours: readonly (readonly number[])[],
  joins: (i: number, j: number) => boolean,
): [number, number][] {
  const out: [number, number][] = []
  forms.forEach((_, i) => {
    for (const j of neighbours[i]!) if (joins(i, j)) out.push([i, j])
  })
  return out
}

/**
 * Makes the joins of one stage, except within a would-be group that would hold a man and a woman: there none is made.
 * Decided on the groups as they stand, so the order of `joins` does not matter.
 */
function applyJoins(sets: DisjointSets, genderOf: Gender[], joins: readonly [number, number][]): void {
  const trial = new Map<number, number>()
  const find = (r: number): number => {
    let x = r
    while (trial.has(x) && trial.get(x) !== x) x = trial.get(x)!
    return x
  }
  const roots = joins.map(([a, b]) => [sets.find(a), sets.find(b)] as const)
  for (const [a, b] of roots) {
    const ra = find(a)
    const rb = find(b)
    if (ra !== rb) trial.set(Math.max(ra, rb), Math.min(ra, rb))
  }
  const genders = new Map<number, Set<Gender>>()
  for (const [a, b] of roots)
    for (const r of [a, b]) {
      const g = genderOf[r]!
      if (g === null) continue
      const top = find(r)
      const seen = genders.get(top)
      if (seen) seen.add(g)
      else genders.set(top, new Set([g]))
    }
  for (const [a, b] of roots) {
    if ((genders.get(find(a))?.size ?? 0) > 1) continue
    const ra = sets.find(a)
    const rb = sets.find(b)
    const root = sets.union(ra, rb)
    if (root !== null) genderOf[root] = genderOf[ra] ?? genderOf[rb] ?? null
  }
}

/** The speaker group of `forms` (sorted by key): the fullest name, every spelling. */
export function speakerGroup(forms: readonly Form[]): SpeakerGroup {
  const spellings = new Map<string, number>()
  const weight = new Map<string, number>()
  for (const form of forms) {
    for (const [name, n] of form.spellings) spellings.set(name, (spellings.get(name) ?? 0) + n)
    for (const [name, w] of form.weight) weight.set(name, Math.max(weight.get(name) ?? 0, w))
  }
  return {
    key: forms[0]!.key,
    kind: forms[0]!.kind,
    name: fullestName(spellings, weight),
    spellings,
    keys: forms.flatMap((f) => (f.name ? [f.name] : [])),
    organisation: forms[0]!.organisation,
    forms: forms.map((f) => f.key),
  }
}

/**
 * The spelling with the most words of name (then of title): "General Ali Mahmoud Abbas" over "Mr Abbas"; then the one
 * printed most often (Abdurrahman in three outlets over Abdulrahman in one); then the first in code-unit order.
 */
function fullestName(spellings: ReadonlyMap<string, number>, weight: ReadonlyMap<string, number>): string {
  return [...spellings].sort(
    ([a, na], [b, nb]) => (weight.get(b) ?? 0) - (weight.get(a) ?? 0) || nb - na || (a < b ? -1 : a > b ? 1 : 0),
  )[0]![0]
}
