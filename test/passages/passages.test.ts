import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadCorpus } from '../../src/corpus/load.ts'
import type { Article } from '../../src/corpus/types.ts'
import { cutPassages } from '../../src/passages/passages.ts'
import { splitSentences } from '../../src/passages/sentences.ts'
import type { Passage } from '../../src/passages/types.ts'

let articles: Article[]
let passages: Passage[]

beforeAll(async () => {
  ;({ articles } = await loadCorpus('seeds'))
  passages = articles.flatMap((article) => cutPassages(article))
})

describe('passages of the seeds', () => {
  it('covers every seed file', () => {
    const files = readdirSync('seeds').filter((f) => f.endsWith('.txt'))
    expect(new Set(passages.map((p) => p.file))).toEqual(new Set(files))
  })

  it('every quote is the exact slice of the file on disk at its offsets', () => {
    for (const passage of passages) {
      // Read the file afresh: the check must not trust the text the pipeline carried along.
      const onDisk = readFileSync(join('seeds', passage.file), 'utf8')
      expect(onDisk.slice(passage.start, passage.end)).toBe(passage.text)
      expect(passage.id).toBe(`${passage.file}#${passage.start}-${passage.end}`)
    }
  })

  it('has one to three sentences from one paragraph, without surrounding space', () => {
    for (const passage of passages) {
      const article = articles.find((a) => a.file === passage.file)!
      const paragraph = article.paragraphs[passage.paragraph]!
      expect(passage.start).toBeGreaterThanOrEqual(paragraph.start)
      expect(passage.end).toBeLessThanOrEqual(paragraph.end)
      const sentences = splitSentences(article.text, { start: passage.start, end: passage.end })
      expect(sentences.length).toBeGreaterThanOrEqual(1)
      expect(sentences.length).toBeLessThanOrEqual(3)
      expect(passage.text).toBe(passage.text.trim())
    }
  })

  it('loses no reporting: the passages of a paragraph, joined, are the paragraph', () => {
    for (const article of articles) {
      article.paragraphs.forEach((paragraph, index) => {
        const own = passages.filter((p) => p.file === article.file && p.paragraph === index)
        const rebuilt = own
          .map((p) => p.text)
          .join(' ')
          .replace(/\s+/g, ' ')
        expect(rebuilt).toBe(article.text.slice(paragraph.start, paragraph.end).replace(/\s+/g, ' '))
      })
    }
  })

  it('carries the article attribution onto each passage', () => {
    for (const passage of passages) {
      const article = articles.find((a) => a.file === passage.file)!
      expect(passage.outlet).toBe(article.outlet)
      expect(passage.published).toBe(article.published)
    }
  })

  it('keeps passages short enough to quote, unless one sentence is longer', () => {
    for (const passage of passages) {
      const sentences = splitSentences(passage.text, { start: 0, end: passage.text.length })
      if (sentences.length > 1) expect(passage.text.length).toBeLessThanOrEqual(320)
    }
  })
})
