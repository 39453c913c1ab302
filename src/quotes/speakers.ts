import { TermDictionary } from '../search/termDictionary.ts'
import { DisjointSets } from './disjointSets.ts'
import { comparePersons, type NameKey, nameEditBudget, organisationKey, surnameKey } from './names.ts'
import type { SpeakerRef } from './types.ts'
import { foldWord } from './words.ts'

/**
 * Speakers across articles: the names several articles give one person ("Rami Abdurrahman" / "Rami Abdulrahman";
 * "Mr Abbas" / "General Ali Mahmoud Abbas") become one speaker. Person names meet when their surnames are within a
 * small edit distance (after transliteration noise is folded away: doubled letters, an Arabic article) and their given
 * names agree; a surname alone joins the one person of that surname the coverage names in full, and stays apart
 * when several could be meant. Organisations meet on their folded name.
 */

export interface SpeakerGroup {
  id: number
  kind: 'person' | 'organisation'
  /** The fullest name the coverage gives (most words; then the spelling most articles print). */
  name: string
  /** Every spelling printed, with how many quotations carry it. */
  spellings: ReadonlyMap<string, number>
  /** Person: the name keys of its spellings; organisation: its folded key. */
  keys: readonly NameKey[]
  organisation: string | null
}

/** Speaker groups, and which group each speaker reference belongs to. */
export interface SpeakerGroups {
  groups: readonly SpeakerGroup[]
  /** The group of a named SpeakerRef, by its form key (see `formKey`). */
  groupOf: ReadonlyMap<string, number>
}

/** One printed form of a name, as the clustering sees it. */
interface Form {
  key: string
  kind: 'person' | 'organisation'
  name: NameKey | null
  organisation: string | null
  spellings: Map<string, number>
  /** Words of the name proper (given names and surname) and of the title, for choosing the fullest spelling. */
  weight: Map<string, number>
}

/** The key of a named speaker's form: same key, same printed identity (given names, surname, gender, or organisation). */
export function formKey(speaker: SpeakerRef): string | null {
  if (speaker.kind === 'organisation' && speaker.name) return `o:${organisationKey(speaker.name)}`
  if (speaker.kind === 'person' && speaker.surname)
    return `p:${speaker.given.map(foldWord).join(' ')}|${surnameKey(speaker.surname)}|${speaker.gender ?? ''}`
  return null
}

function nameKeyOf(speaker: SpeakerRef): NameKey {
  return {
    given: speaker.given.map(foldWord),
    surname: surnameKey(speaker.surname ?? ''),
    gender: speaker.gender,
  }
}

/** Groups the named speakers of `speakers` (unnamed ones are never grouped: "a rebel" in two stories is not one man). */
export function groupSpeakers(speakers: Iterable<SpeakerRef>): SpeakerGroups {
  const forms = new Map<string, Form>()
  for (const speaker of speakers) {
    const key = formKey(speaker)
    if (!key || !speaker.name) continue
    let form = forms.get(key)
    if (!form) {
      form = {
        key,
        kind: speaker.kind === 'organisation' ? 'organisation' : 'person',
        name: speaker.kind === 'person' ? nameKeyOf(speaker) : null,
        organisation: speaker.kind === 'organisation' ? organisationKey(speaker.name) : null,
        spellings: new Map(),
        weight: new Map(),
      }
      forms.set(key, form)
    }
    form.spellings.set(speaker.name, (form.spellings.get(speaker.name) ?? 0) + 1)
    const titleWords = speaker.title ? speaker.title.split(/\s+/).length : 0
    const nameWords = speaker.kind === 'person' ? speaker.given.length + 1 : speaker.name.split(/\s+/).length
    form.weight.set(speaker.name, nameWords * 16 + titleWords)
  }
  const list = [...forms.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  const sets = new DisjointSets(list.length)
  const find = (i: number) => sets.find(i)
  const union = (a: number, b: number) => sets.union(a, b)

  // Persons: candidates have surnames within the edit budget (the search's spelling dictionary finds them), then the
  // full comparison decides.
  const persons = list.map((form, i) => ({ form, i })).filter(({ form }) => form.name !== null)
  const surnames = new SurnameDictionary(persons.map(({ form, i }) => [form.name!.surname, i]))
  const candidatesOf = (form: Form): number[] => surnames.near(form.name!.surname)
  for (const { form, i } of persons) {
    if (form.name!.given.length === 0) continue
    for (const j of candidatesOf(form)) {
      const other = list[j]!
      if (j !== i && other.name!.given.length > 0 && comparePersons(form.name!, other.name!) === 'same') union(i, j)
    }
  }
  // A surname alone ("Abbas"): the one person of that surname named in full, else with its own kind.
  for (const { form, i } of persons) {
    if (form.name!.given.length > 0) continue
    const full = new Set<number>()
    for (const j of candidatesOf(form)) {
      const other = list[j]!
      if (other.name!.given.length > 0 && comparePersons(form.name!, other.name!) === 'partial') full.add(find(j))
      else if (j !== i && other.name!.given.length === 0 && comparePersons(form.name!, other.name!) === 'same')
        union(i, j)
    }
    if (full.size === 1) union(i, [...full][0]!)
  }
  // Organisations: the same folded name.
  const byOrganisation = new Map<string, number>()
  list.forEach((form, i) => {
    if (form.organisation === null) return
    const first = byOrganisation.get(form.organisation)
    if (first === undefined) byOrganisation.set(form.organisation, i)
    else union(first, i)
  })

  const members = new Map<number, Form[]>()
  list.forEach((form, i) => {
    const root = find(i)
    members.set(root, [...(members.get(root) ?? []), form])
  })
  const groups: SpeakerGroup[] = []
  const groupOf = new Map<string, number>()
  for (const forms of members.values()) {
    const id = groups.length
    const spellings = new Map<string, number>()
    const weight = new Map<string, number>()
    for (const form of forms) {
      for (const [name, n] of form.spellings) spellings.set(name, (spellings.get(name) ?? 0) + n)
      for (const [name, w] of form.weight) weight.set(name, w)
    }
    groups.push({
      id,
      kind: forms[0]!.kind,
      name: fullestName(spellings, weight),
      spellings,
      keys: forms.flatMap((f) => (f.name ? [f.name] : [])),
      organisation: forms[0]!.organisation,
    })
    for (const form of forms) groupOf.set(form.key, id)
  }
  return { groups, groupOf }
}

/**
 * The spelling with the most words of name (then of title): "General Ali Mahmoud Abbas" over "Mr Abbas"; then the one
 * printed most often (Abdurrahman in three outlets over Abdulrahman in one); then the first in alphabetical order.
 */
function fullestName(spellings: ReadonlyMap<string, number>, weight: ReadonlyMap<string, number>): string {
  return [...spellings].sort(
    ([a, na], [b, nb]) => (weight.get(b) ?? 0) - (weight.get(a) ?? 0) || nb - na || (a < b ? -1 : a > b ? 1 : 0),
  )[0]![0]
}

/**
 * Surname keys and what carries each, found by spelling: every key within the name edit budget of the one asked
 * (Abdulrahman finds Abdurrahman). Built on the search's TermDictionary, so spelling distance means one thing.
 */
export class SurnameDictionary<T> {
  private readonly dictionary: TermDictionary
  private readonly owners: T[][]

  constructor(entries: Iterable<[surname: string, owner: T]>) {
    const bySurname = new Map<string, T[]>()
    for (const [surname, owner] of entries) {
      const list = bySurname.get(surname)
      if (!list) bySurname.set(surname, [owner])
      else if (!list.includes(owner)) list.push(owner)
    }
    this.dictionary = TermDictionary.from(bySurname.keys())
    this.owners = this.dictionary.terms.map((term) => bySurname.get(term)!)
  }

  /** Owners of every surname key within the edit budget of `surname` (a key from surnameKey). */
  near(surname: string): T[] {
    const out: T[] = []
    for (const [index] of this.dictionary.near(surname, nameEditBudget(surname))) out.push(...this.owners[index]!)
    return out
  }
}
