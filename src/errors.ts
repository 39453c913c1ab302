/**
 * One error type for everything Storydesk reports to a person: a code a program can switch on,
 * where the problem is (file, field, line, setting) and what to do about it.
 */
export class StorydeskError extends Error {
  readonly code: string
  readonly where: string | undefined
  readonly hint: string | undefined

  constructor(code: string, message: string, options: { where?: string; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'StorydeskError'
    this.code = code
    this.where = options.where
    this.hint = options.hint
  }

  /** "where: message (hint)", the form every CLI and log line uses. */
  describe(): string {
    const where = this.where ? `${this.where}: ` : ''
    const hint = this.hint ? ` (${this.hint})` : ''
    return `${where}${this.message}${hint}`
  }
}

/** A problem found while loading one input: reported, then skipped, so everything good still loads. */
export interface Problem {
  /** What the problem is in, e.g. a file name in SEEDS_DIR or "sources.json". */
  where: string
  code: string
  message: string
}

export function describeProblem(problem: Problem): string {
  return `${problem.where}: ${problem.message}`
}
