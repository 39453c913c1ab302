import { expect } from 'vitest'
import type { Segment, SegmentSource } from '../../src/search/segment.ts'

/** Every array of a segment: two segments are the same index when all of them, and their dictionaries, are equal. */
export const SEGMENT_ARRAYS = [
  'articleFirstDoc',
  'docArticle',
  'docStart',
  'docEnd',
  'docParagraph',
  'docLength',
  'postingStart',
  'postingDoc',
  'postingTf',
  'surfaceTerm',
  'surfaceDf',
  'pairStart',
  'pairBits',
] as const

/** Expects two segments to be the same index: the same articles, arrays, terms, words as written and lengths. */
export function expectSameSegment<A extends SegmentSource>(actual: Segment<A>, expected: Segment<A>): void {
  expect(actual.articles.map((a) => a.file)).toEqual(expected.articles.map((a) => a.file))
  for (const key of SEGMENT_ARRAYS) expect([...actual[key]], key).toEqual([...expected[key]])
  expect(actual.terms.terms).toEqual(expected.terms.terms)
  expect(actual.surfaces.terms).toEqual(expected.surfaces.terms)
  expect(actual.totalLength).toBe(expected.totalLength)
}
