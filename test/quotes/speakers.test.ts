// Grouping one neighbourhood of person forms: a man and a woman never in one group, and the grouping does not depend
// on the order the neighbours are listed in (the live index lists them in another order than a fresh build).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { NameKey } from '../../src/quotes/names.ts'
import { clusterPersons, type Form, related } from '../../src/quotes/speakers.ts'

/** A person form printed once as `printed`. */
function form(printed: string, given: string[], surname: string, gender: NameKey['gender']): Form {
  return {
    key: `p:${given.join(' ')}|${surname}|${gender ?? ''}`,
    kind: 'person',
    name: { given, surname, gender },
    organisation: null,
    spellings: new Map([[printed, 1]]),
    weight: new Map([[printed, 16]]),
    count: 1,
  }
}

/** The groups of `forms` as printed names (forms in key order: full names first), with each form's neighbours listed in the order `order` gives. */
function groups(forms: Form[], order: (list: number[]) => number[] = (list) => list): string[][] {
  const sorted = [...forms].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  const neighbours = sorted.map((f, i) =>
    order(sorted.flatMap((g, j) => (j !== i && related(f.name!, g.name!) ? [j] : []))),
  )
  return clusterPersons(sorted, neighbours).map((members) => members.map((i) => [...sorted[i]!.spellings.keys()][0]!))
}

const ASSAD = [
  form('Mr Assad', [], 'asad', 'male'),
  form('Mrs Assad', [], 'asad', 'female'),
  form('Assad', [], 'asad', null),
  form('Bashar al-Assad', ['bashar'], 'asad', null),
]

describe('clusterPersons', () => {
  it('keeps Mr and Mrs apart, and the surname alone and the untitled full name that could be either', () => {
    expect(groups(ASSAD)).toEqual([['Bashar al-Assad'], ['Assad'], ['Mrs Assad'], ['Mr Assad']])
  })

  it('joins them all when only one gender is printed', () => {
    expect(groups(ASSAD.filter((f) => f.name!.gender !== 'female'))).toEqual([['Bashar al-Assad', 'Assad', 'Mr Assad']])
    expect(groups([ASSAD[1]!, ASSAD[2]!, form('Asma Assad', ['asma'], 'asad', null)])).toEqual([
      ['Asma Assad', 'Assad', 'Mrs Assad'],
    ])
  })

  it('a titled full name gives the untitled one its gender; the other gender stays apart', () => {
    const forms = [
      form('Dame Ingrid Velander', ['ingrid'], 'velander', 'female'),
      form('Ingrid Velander', ['ingrid'], 'velander', null),
      form('Mr Velander', [], 'velander', 'male'),
      form('Ms Velander', [], 'velander', 'female'),
      form('Velander', [], 'velander', null),
    ]
    expect(groups(forms)).toEqual([
      ['Ingrid Velander', 'Dame Ingrid Velander', 'Ms Velander'],
      ['Velander'],
      ['Mr Velander'],
    ])
  })

  it('does not depend on the order of the neighbours (property)', () => {
    const pool = [
      ...ASSAD,
      form('Asma Assad', ['asma'], 'asad', null),
      form('Sir Bashar Assad', ['bashar'], 'asad', 'male'),
      form('Lady Asma Assad', ['asma'], 'asad', 'female'),
      form('Miss Asad', [], 'asad', 'female'),
    ]
    fc.assert(
      fc.property(fc.subarray(pool, { minLength: 1 }), fc.infiniteStream(fc.nat()), (forms, seeds) => {
        const shuffle = (list: number[]) =>
          list
            .map((x) => [x, seeds.next().value as number] as const)
            .sort((a, b) => a[1] - b[1])
            .map(([x]) => x)
        const grouped = groups(forms, shuffle)
        expect(grouped).toEqual(groups(forms))
        const gender = new Map(forms.map((f) => [[...f.spellings.keys()][0]!, f.name!.gender]))
        for (const group of grouped) expect(new Set(group.flatMap((n) => gender.get(n) ?? [])).size).toBeLessThan(2)
      }),
      { numRuns: 300 },
    )
  })
})
