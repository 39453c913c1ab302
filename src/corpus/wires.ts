/**
 * Wire services and the names copy credits them by. Data, not logic: a desk adds a service or a spelling here, and
 * every rule that reads a wire credit (datelines, sign-offs, bylines, copyright lines, "(AP)") follows.
 *
 * Only these names count as a wire credit, so a bracketed abbreviation in the reporting ("(HTS)") or a sentence that
 * cites an agency ("told Reuters") is never read as one: credits are read only from the spans the credit rules cut.
 */
export interface WireService {
  /** The name Storydesk credits, e.g. "AP". */
  name: string
  /** Every way copy writes it (matched case-sensitively, so "AP" is not the word "ap"). */
  aliases: readonly string[]
}

export const WIRE_SERVICES: readonly WireService[] = [
  { name: 'AP', aliases: ['AP', 'Associated Press', 'The Associated Press', 'ASSOCIATED PRESS'] },
  { name: 'Reuters', aliases: ['Reuters', 'Reuter', 'REUTERS', 'REUTER', 'Thomson Reuters'] },
  { name: 'AFP', aliases: ['AFP', 'Agence France-Presse', 'Agence France Presse'] },
  { name: 'PA', aliases: ['PA', 'PA Media', 'Press Association'] },
  { name: 'UPI', aliases: ['UPI', 'United Press International'] },
  { name: 'dpa', aliases: ['dpa', 'DPA', 'Deutsche Presse-Agentur'] },
  { name: 'Bloomberg', aliases: ['Bloomberg', 'Bloomberg News'] },
  { name: 'AAP', aliases: ['AAP', 'Australian Associated Press'] },
  { name: 'CNN', aliases: ['CNN'] },
  { name: 'EFE', aliases: ['EFE'] },
  { name: 'ANSA', aliases: ['ANSA'] },
  { name: 'Xinhua', aliases: ['Xinhua'] },
  { name: 'Kyodo', aliases: ['Kyodo', 'Kyodo News'] },
  { name: 'Yonhap', aliases: ['Yonhap'] },
  { name: 'TASS', aliases: ['TASS'] },
  { name: 'PTI', aliases: ['PTI', 'Press Trust of India'] },
  { name: 'ANI', aliases: ['ANI'] },
  { name: 'IANS', aliases: ['IANS'] },
]

const BY_ALIAS = new Map(WIRE_SERVICES.flatMap((service) => service.aliases.map((alias) => [alias, service.name])))

/** The credited name for a way of writing a wire ("The Associated Press" → "AP"), or null when it is none. */
export function wireName(written: string): string | null {
  return BY_ALIAS.get(written.trim().replace(/\s+/g, ' ')) ?? null
}

/** Every alias, longest first, escaped for a regex alternation: `(?:${WIRE_ALIAS_PATTERN})`. */
export const WIRE_ALIAS_PATTERN = [...BY_ALIAS.keys()]
  .sort((a, b) => b.length - a.length)
  .map((alias) => alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
  .join('|')
