/** Which words of a quote to show in bold: those that answered the query. */
import type { Span } from '../corpus/types.ts'
import { phraseStarts } from './phrase.ts'
import type { ParsedQuery } from './query.ts'
import { fold, normalizeWord, tokenize } from './tokenize.ts'
import type { Vocabulary } from './vocabulary.ts'

export interface Highlights {
  /** The words of the quote that matched, as written there, each once. */
  matched: string[]
  /** Where they are in the quote (offsets into the quote, sorted, not overlapping). */
  highlights: Span[]
}

/**
 * The words of `text` whose normalized form was asked for (or is an alternative of an asked word), plus every word
 * of an asked phrase where it stands.
 *
 * @example highlight('Rebels fled Homs.', new Set(['flee']), vocabulary, parsed).matched // ['fled']
 */
export function highlight(
  text: string,
  asked: ReadonlySet<string>,
  vocabulary: Vocabulary,
  parsed: Pick<ParsedQuery, 'phrases'>,
): Highlights {
  const tokens = tokenize(text)
  const inPhrase = new Set<number>()
  for (const phrase of parsed.phrases) {
    for (const start of phraseStarts(text, phrase)) for (let j = 0; j < phrase.length; j++) inPhrase.add(start + j)
  }
  const highlights: Span[] = []
  const matched: string[] = []
  tokens.forEach((token, i) => {
    if (inPhrase.has(i) || (!vocabulary.stopWords.has(fold(token.word)) && asked.has(normalizeWord(token.word)))) {
      highlights.push({ start: token.start, end: token.end })
      if (!matched.includes(token.word)) matched.push(token.word)
    }
  })
  return { matched, highlights }
}
