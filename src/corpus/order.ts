/**
 * Code-unit order for names and terms: the same on every machine and locale (unlike localeCompare), so files load,
 * list and tie-break in one order everywhere.
 *
 * @example ['b.txt', 'B.txt', 'a.txt'].sort(compareCodeUnits) // ['B.txt', 'a.txt', 'b.txt']
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Orders things by their `file` name in code-unit order. */
export function byFile(a: { file: string }, b: { file: string }): number {
  return compareCodeUnits(a.file, b.file)
}
