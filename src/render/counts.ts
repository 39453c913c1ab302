import type { Answer } from '../search/types.ts'

/** "31", or "about 12,400" when the search could only estimate the number of results (large archives). */
export function totalLabel(answer: Pick<Answer, 'total' | 'approximate'>): string {
  return answer.approximate ? `about ${answer.total.toLocaleString('en')}` : String(answer.total)
}
