/**
 * Hostile lines for the cleaning rules: the opening of every kind of line a rule looks for, followed by a long run of
 * what patterns repeat or could read two ways (names and "AND", white space, commas, job titles, years…), ended by a
 * character no rule accepts there. A pattern that backtracks takes time exponential or polynomial in the length of the
 * run on such a line; one written to be linear rejects it in one pass.
 *
 * Used by test/corpus/hostile.test.ts, which asserts every rule's answer on lines long enough that a backtracking
 * pattern would take minutes.
 */

/** How each kind of line opens (general shapes: a byline, a credit, a copyright line, a dateline, a promo…). */
export const OPENERS: readonly string[] = [
  'By ',
  'BY ',
  'By Jane Doe',
  'BY THURSDAY, SAUDI ARABIA',
  'Reporting by Jane Doe',
  '(Reporting by ',
  'Additional reporting by Jane Doe in London; Editing by ',
  'Research by ',
  'Contributing: ',
  'Associated Press writer ',
  'The Associated Press ',
  'Copyright ',
  'Copyright © ',
  '© 2024 ',
  '©',
  '(Copyright 1991 ',
  'All rights reserved. ',
  'Source: ',
  'date',
  'Date: ',
  'World | ',
  'December 6, 2024',
  'BEIRUT',
  'NEW YORK, Feb 26',
  'SAN FRANCISCO, Calif., Dec. 6, 2024',
  'Paris (AFP)',
  'This story is from the ',
  'Sign up for our ',
  'Start your ',
  'Image: ',
  'Read more: ',
  'Analysis: ',
  'Please use Chrome browser ',
  '-- ',
  '___',
  '&#3;',
  'AP-NY-02-26-87',
  '(',
  'Sources:',
  'Rebels entered the town.',
]

/** Runs that patterns repeat, or could split two ways (a word as a name or a joiner, white space between two parts). */
export const FILLERS: readonly { name: string; unit: string }[] = [
  { name: 'capitals and AND', unit: ' AB AND' },
  { name: 'names and "and"', unit: ' Ab and' },
  { name: '"and" glued to a name', unit: 'Aand\t' },
  { name: 'names and commas', unit: ' Jane Doe,' },
  { name: 'names and semicolons', unit: ' Jane Doe;' },
  { name: 'initials', unit: ' J.' },
  { name: 'spaces', unit: ' ' },
  { name: 'tabs', unit: '\t' },
  { name: 'no-break spaces', unit: '\u00a0' },
  { name: 'job titles', unit: ' Senior Staff Writer' },
  { name: 'wire names', unit: ' Associated Press Reuters' },
  { name: 'years and commas', unit: ' 2024,' },
  { name: 'copyright signs', unit: ' © 2024' },
  { name: 'months and days', unit: ' Dec 6,' },
  { name: 'dashes', unit: ' -' },
  { name: 'underscores', unit: '_' },
  { name: 'pipes', unit: ' |' },
  { name: 'parentheses', unit: '(' },
  { name: 'picture credits', unit: 'a/' },
  { name: 'sentence ends and quotes', unit: '."' },
]

/** What ends every hostile line: a lower-case word and nothing a credit, name or date allows. */
export const TERMINATOR = ' x'

/** `opener`, then `unit` repeated to about `chars` characters, then the terminator. */
export function hostileLine(opener: string, unit: string, chars: number): string {
  return `${opener}${unit.repeat(Math.max(1, Math.ceil(chars / unit.length)))}${TERMINATOR}`
}
