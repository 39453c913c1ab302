/**
 * Every problem Storydesk can report, and the one error class that carries one.
 *
 * A `Problem` is found while loading one input (an article file, sources.json): it is reported and that input is
 * skipped, so everything good still loads. A `StorydeskError` is thrown when Storydesk cannot go on (no articles
 * folder, a bad setting): callers print `describe()` and exit 2. Both use the codes below, so a program (or a test)
 * can switch on the code and a person reads the message.
 */

/** The codes, grouped by what they are about. Add a code here before using it anywhere else. */
export const PROBLEM_CODES = [
  // An article file
  'FILE_UNREADABLE',
  'FILE_TOO_LARGE',
  'FILE_EMPTY',
  'FILE_BINARY',
  'FILE_NOT_UTF8',
  'FILE_NO_REPORTING',
  // A web page (.html in the folder, or a page `add` fetched)
  'PAGE_NOT_HTML',
  'PAGE_UNREADABLE',
  'PAGE_NOT_ARTICLE',
  /** A notice, not a refusal: the page loads, but says it is in another language than the search is tuned for. */
  'PAGE_OTHER_LANGUAGE',
  // Adding an article by link or file (`npm run add`, `/syria add`)
  'ADD_BAD_SOURCE',
  'ADD_BLOCKED_ADDRESS',
  'ADD_FETCH_FAILED',
  'ADD_HTTP_STATUS',
  'ADD_TOO_MANY_REDIRECTS',
  'ADD_TIMEOUT',
  'ADD_TOO_LARGE',
  'ADD_DUPLICATE',
  'ADD_NOT_ALLOWED',
  'ADD_WRITE_FAILED',
  // sources.json
  'SOURCES_UNREADABLE',
  'SOURCES_JSON_INVALID',
  'SOURCES_SHAPE',
  'SOURCES_UNKNOWN_KEY',
  'SOURCES_UNKNOWN_FILE',
  'SOURCES_ENTRY_INVALID',
  // The articles folder as a whole
  'SEEDS_DIR_MISSING',
  'SEEDS_DIR_EMPTY',
  // The vocabulary data file
  'VOCABULARY_UNREADABLE',
  'VOCABULARY_INVALID',
  // Settings from the environment
  'CONFIG_INVALID',
  // Slack and the network, at start
  'SLACK_TOKEN_REJECTED',
  'SLACK_UNREACHABLE',
  'PORT_IN_USE',
] as const

export type ProblemCode = (typeof PROBLEM_CODES)[number]

/**
 * A problem found while loading one input: reported, then skipped, so everything good still loads. (One code is a
 * notice about an input that did load: PAGE_OTHER_LANGUAGE.)
 */
export interface Problem {
  /** What the problem is in, e.g. a file name in SEEDS_DIR or "sources.json". */
  where: string
  code: ProblemCode
  message: string
}

/**
 * The one error type for everything Storydesk reports to a person: a code a program can switch on, where the problem
 * is (file, field, line, setting) and what to do about it.
 *
 * @example
 * throw new StorydeskError('SEEDS_DIR_MISSING', 'the articles folder does not exist', { where: dir, hint: 'set SEEDS_DIR' })
 */
export class StorydeskError extends Error {
  readonly code: ProblemCode
  readonly where: string | undefined
  readonly hint: string | undefined

  constructor(code: ProblemCode, message: string, options: { where?: string; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'StorydeskError'
    this.code = code
    this.where = options.where
    this.hint = options.hint
  }

  /** "where: message (hint)", the form every CLI and log line uses. */
  describe(): string {
    const where = this.where ? `${displayName(this.where)}: ` : ''
    const hint = this.hint ? ` (${this.hint})` : ''
    return `${where}${this.message}${hint}`
  }
}

/** "file.txt: message", the form problems are logged and printed in. */
export function describeProblem(problem: Problem): string {
  return `${displayName(problem.where)}: ${problem.message}`
}

/**
 * A file or folder name as it may be shown in a log line or a message: control characters (a newline in a file name
 * would forge a log line of its own) and the quote and backslash are escaped as in a JSON string, so what is printed
 * is always one line and says exactly which name it was. An ordinary name is shown as it is.
 *
 * @example displayName('a\nb.txt') // → '"a\\nb.txt"'
 */
export function displayName(name: string): string {
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029"\\]/.test(name) || name !== name.trim() ? JSON.stringify(name) : name
}

/** The errno code of a file-system error ("ENOENT"), else its message: for messages that say why a read failed. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error)
}
