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

/**
 * Cuts an article's paragraphs into passages: runs of one to `maxSentences` consecutive
 * sentences of one paragraph. Each passage's text is the exact slice of the article's text.
 */
export function cutPassages(article: PassageSource, options: PassageOptions = {}): Passage[] {
  const { maxSentences, maxChars } = { ...DEFAULT_PASSAGE_OPTIONS, ...options }
  const passages: Passage[] = []
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
      const start = sentences[first]!.start
      const end = sentences[last]!.end
      passages.push({
        id: `${article.file}#${start}-${end}`,
        file: article.file,
        start,
        end,
        text: article.text.slice(start, end),
        paragraph: index,
        outlet: article.outlet,
        wire: article.wire,
        published: article.published,
        title: article.title,
        url: article.url,
      })
      first = last + 1
    }
  })
  return passages
}
