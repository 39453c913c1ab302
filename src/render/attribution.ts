import type { Passage } from '../passages/types.ts'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** "2024-12-06" → "6 Dec 2024"; anything else is returned unchanged (never reinterpreted). */
export function formatDate(iso: string | null): string | null {
  if (!iso) return null
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!match) return iso
  const month = MONTHS[Number(match[2]) - 1]
  return month ? `${Number(match[3])} ${month} ${match[1]}` : iso
}

/** "Express & Star (AP)": the outlet, and the wire whose copy it ran when that is known. */
export function outletLabel(passage: Pick<Passage, 'outlet' | 'wire'>): string {
  return passage.wire && passage.wire !== passage.outlet ? `${passage.outlet} (${passage.wire})` : passage.outlet
}

/** "Express & Star (AP), 6 Dec 2024": who published the quote, and when. */
export function credit(passage: Pick<Passage, 'outlet' | 'wire' | 'published'>): string {
  const date = formatDate(passage.published)
  return date ? `${outletLabel(passage)}, ${date}` : outletLabel(passage)
}

/** Distinct outlet labels of syndicated copies, in order ("also in: …"). */
export function alsoInLabels(copies: readonly Pick<Passage, 'outlet' | 'wire'>[]): string[] {
  return [...new Set(copies.map(outletLabel))]
}
