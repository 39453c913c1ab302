import type { Article } from '../corpus/types.ts'

/**
 * A quotable unit: one to three consecutive sentences of one paragraph. `text` is always
 * exactly `article.text.slice(start, end)`; nothing else may be shown as a quote.
 */
export interface Passage {
  /** Stable within a corpus: `${file}#${start}-${end}`. */
  id: string
  file: string
  start: number
  end: number
  text: string
  /** Index of the paragraph in `Article.paragraphs`. */
  paragraph: number
  outlet: string
  wire: string | null
  published: string | null
  title: string | null
  url: string | null
}

export type PassageSource = Pick<
  Article,
  'file' | 'text' | 'paragraphs' | 'outlet' | 'wire' | 'published' | 'title' | 'url'
>
