import type { Answer } from '../search/types.ts'

/** The one JSON object `ask --json` prints; other tools and our checks rely on this exact shape. */
export interface AskJson {
  query: string
  results: {
    quote: string
    outlet: string
    title: string | null
    published: string | null
    url: string | null
    source: string
    score: number
    matched: string[]
    alsoIn: { outlet: string; source: string; quote: string }[]
  }[]
}

export function toAskJson(answer: Answer): AskJson {
  return {
    query: answer.query,
    results: answer.hits.map((hit) => ({
      quote: hit.passage.text,
      outlet: hit.passage.outlet,
      title: hit.passage.title,
      published: hit.passage.published,
      url: hit.passage.url,
      source: hit.passage.file,
      score: Math.round(hit.score * 1000) / 1000,
      matched: hit.matched,
      alsoIn: hit.alsoIn.map((copy) => ({ outlet: copy.outlet, source: copy.file, quote: copy.text })),
    })),
  }
}
