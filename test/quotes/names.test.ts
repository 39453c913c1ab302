// Name variants are one speaker by general rules (edit distance on the surname, agreement of given names), never a list.
import { describe, expect, it } from 'vitest'
import { comparePersons, similarNamePart, surnameKey, withinEdits } from '../../src/quotes/names.ts'

const person = (given: string[], surname: string, gender: 'male' | 'female' | null = null) => ({
  given: given.map((g) => g.toLowerCase()),
  surname: surnameKey(surname),
  gender,
})

describe('name variants', () => {
  it('folds transliteration noise out of surnames: doubled letters, an Arabic article, accents, hyphens', () => {
    expect(surnameKey('Abdurrahman')).toBe('abdurahman')
    expect(surnameKey('al-Assad')).toBe(surnameKey('Assad'))
    expect(surnameKey('Çelik')).toBe('celik')
    expect(surnameKey("O'Neil")).toBe('oneil')
  })

  it('counts edits as the search counts spelling, a swap of neighbours being one', () => {
    expect(withinEdits('abdurahman', 'abdulrahman', 1)).toBe(true)
    expect(withinEdits('natoin', 'nation', 1)).toBe(true)
    expect(withinEdits('abdi', 'assad', 1)).toBe(false)
    expect(withinEdits('abbas', 'abbs', 0)).toBe(false)
  })

  it('accepts spellings of one name part within a small budget, none for short names', () => {
    expect(similarNamePart('Abdurrahman', 'Abdulrahman')).toBe(true)
    expect(similarNamePart('Mahmoud', 'Mahmud')).toBe(true)
    expect(similarNamePart('R.', 'Rami')).toBe(true)
    expect(similarNamePart('Ali', 'Eli')).toBe(false)
    expect(similarNamePart('Abbas', 'Abdi')).toBe(false)
  })

  it('compares persons: the same given names, a surname alone, a different person', () => {
    expect(comparePersons(person(['Rami'], 'Abdurrahman'), person(['Rami'], 'Abdulrahman'))).toBe('same')
    expect(comparePersons(person(['Ali', 'Mahmoud'], 'Abbas'), person(['Ali'], 'Abbas'))).toBe('same')
    expect(comparePersons(person([], 'Abbas', 'male'), person(['Ali', 'Mahmoud'], 'Abbas'))).toBe('partial')
    // Another first name is another person, whatever the surname: Mahmoud Abbas is not Ali Mahmoud Abbas.
    expect(comparePersons(person(['Mahmoud'], 'Abbas'), person(['Ali', 'Mahmoud'], 'Abbas'))).toBe('different')
    expect(comparePersons(person([], 'Marwood', 'female'), person([], 'Marwood', 'male'))).toBe('different')
  })
})
