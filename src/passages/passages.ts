import { splitSentences } from './sentences.ts'
import type { Passage, PassageSource } from './types.ts'

export interface PassageOptions {
  /** Most sentences in one passage. Default 3. */
  maxSentences?: number
  /**
   * A passage grows sentence by sentence while it stays within this many characters, so a
   * quote fits a Slack block quote and answers one thing. A single longer sentence is still one
   * passage (renderers cut it at a word boundary). Default 320.
   */
  maxChars?: number
}

export const DEFAULT_PASSAGE_OPTIONS: Required<PassageOptions> = { maxSentences: 3, maxChars: 320 }

/** Where a passage is: [start, end) of the article's text, and the index of its paragraph. */
export interface PassageSpan {
  start: number
  end: number
  paragraph: number
}

/**
 * Where an article's passages are: runs of one to `maxSentences` consecutive sentences of one
 * paragraph, in text order. The index stores these numbers, never the quotes themselves.
 */
export function cutPassageSpans(
  article: Pick<PassageSource, 'text' | 'paragraphs'>,
  options: PassageOptions = {},
): PassageSpan[] {
  const { maxSentences, maxChars } = { ...DEFAULT_PASSAGE_OPTIONS, ...options }
  const spans: PassageSpan[] = []
  article.paragraphs.forEach((paragraph, index) => {
    const sentences = splitSentences(article.text, paragraph)
    let first = 0
    while (first < sentences.length) {
      let last = first
      while (
        last + 1 < sentences.length &&
        last + 1 - first < maxSentences &&
        sentences[last + 1]!.end - sentences[first]!.start <= maxChars
      ) {
        last++
      }
      spans.push({ start: sentences[first]!.start, end: sentences[last]!.end, paragraph: index })
      first = last + 1
    }
  })
  return spans
}

/** The passage at `span` of an article: its quote is always the exact slice of the article's text. */
export function passageAt(article: PassageSource, span: PassageSpan): Passage {
  return {
    id: `${article.file}#${span.start}-${span.end}`,
    file: article.file,
    start: span.start,
    end: span.end,
    text: article.text.slice(span.start, span.end),
    paragraph: span.paragraph,
    outlet: article.outlet,
    wire: article.wire,
    published: article.published,
    title: article.title,
    url: article.url,
  }
}

/**
 * Cuts an article's paragraphs into passages (see cutPassageSpans). Each passage's text is the
 * exact slice of the article's text.
 *
 * @example
 * const passages = cutPassages(article) // [{ id: '002_….txt#0-212', text: 'Syrian rebels …', … }, …]
 */
export function cutPassages(article: PassageSource, options: PassageOptions = {}): Passage[] {
  return cutPassageSpans(article, options).map((span) => passageAt(article, span))
}
