/**
 * Dates as the texts write them ("December 6, 2024", "Dec 6", "2024-12") turned into YYYY-MM-DD, only when the
 * text gives a year, a month and a day. A partial date is never completed: a wrong date is worse than none.
 */

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
}

/** Month names and abbreviations for use inside regexes (longest first so "December" wins over "Dec"). */
export const MONTH_PATTERN = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .map((m) => m[0]!.toUpperCase() + m.slice(1))
  .join('|')

export function monthNumber(name: string): number | null {
  return MONTHS[name.toLowerCase().replace(/\.$/, '')] ?? null
}

/** YYYY-MM-DD for a real calendar date, else null (no 31 November, no 29 February 2023). */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return null
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** True for "2024-12-06" that is a real date. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  return m !== null && isoDate(Number(m[1]), Number(m[2]), Number(m[3])) === value
}

/** A date written in words: "December 6, 2024", "December 07, 2024", "6 December 2024", "Dec 6" (no year). */
export interface WrittenDate {
  year: number | null
  month: number
  day: number
}

const MONTH_DAY_YEAR = new RegExp(`^(${MONTH_PATTERN})\\.?\\s+(\\d{1,2})(?:,?\\s+(\\d{4}))?$`, 'i')
const DAY_MONTH_YEAR = new RegExp(`^(\\d{1,2})\\s+(${MONTH_PATTERN})\\.?(?:,?\\s+(\\d{4}))?$`, 'i')

export function parseWrittenDate(value: string): WrittenDate | null {
  const s = value.trim()
  let month: number | null = null
  let day = 0
  let year: number | null = null
  const monthFirst = MONTH_DAY_YEAR.exec(s)
  const dayFirst = monthFirst ? null : DAY_MONTH_YEAR.exec(s)
  if (monthFirst) {
    month = monthNumber(monthFirst[1]!)
    day = Number(monthFirst[2])
    year = monthFirst[3] === undefined ? null : Number(monthFirst[3])
  } else if (dayFirst) {
    month = monthNumber(dayFirst[2]!)
    day = Number(dayFirst[1])
    year = dayFirst[3] === undefined ? null : Number(dayFirst[3])
  }
  if (month === null || day < 1 || day > 31) return null
  return { year, month, day }
}

/** YYYY-MM-DD when the written date has a year and is real; null otherwise. */
export function writtenDateToIso(value: string): string | null {
  const d = parseWrittenDate(value)
  return d === null || d.year === null ? null : isoDate(d.year, d.month, d.day)
}

/** A date as far as it is known: a year, perhaps a month, perhaps a day ("1987", "2024-12", "2024-12-06"). */
export interface PartialDate {
  year: number
  month: number | null
  day: number | null
}

/** "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a real date) → its parts; anything else → null. */
export function parsePartialDate(value: string): PartialDate | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value)
  if (!m) return null
  const year = Number(m[1])
  const month = m[2] === undefined ? null : Number(m[2])
  const day = m[3] === undefined ? null : Number(m[3])
  if (year < 1900 || year > 2999 || (month !== null && (month < 1 || month > 12))) return null
  if (day !== null && isoDate(year, month!, day) === null) return null
  return { year, month, day }
}
