/**
 * sources.json: what the desk knows about each file (outlet, wire, date, headline, URL). Validated entry by entry
 * so one bad entry costs only that entry: bad metadata never stops the corpus loading, it is reported and the
 * article falls back to what its own text says.
 *
 *   { "files": { "002_bac5b52dfc34d39a.txt": { "outlet": "Sky News", "published": "2024-12-06" } } }
 */
import { z } from 'zod'
import type { Problem, ProblemCode } from '../errors.ts'
import type { SourceMeta } from './types.ts'
import { parsePartialDate } from './dates.ts'

export const SOURCES_FILE = 'sources.json'

const nonEmpty = z.string().trim().min(1)

/**
 * One entry: only `outlet` is required; null means "not known" and lets the next source (the page, the text's credit
 * lines) fill the field in.
 */
const EntrySchema = z.strictObject({
  outlet: nonEmpty.nullable(),
  wire: nonEmpty.nullable().optional(),
  published: z
    .string()
    .refine((value) => parsePartialDate(value) !== null)
    .nullable()
    .optional(),
  headline: nonEmpty.nullable().optional(),
  url: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .optional(),
  note: z.string().nullable().optional(),
})

const FIELDS = Object.keys(EntrySchema.shape)

/** What each field must be, said the way a producer editing the file needs to read it. */
const FIELD_RULES: Readonly<Record<string, string>> = {
  outlet: 'must be the outlet\'s name as non-empty text, e.g. "Sky News" (or null when not known)',
  wire: 'must be the wire agency as non-empty text (e.g. "AP") or null',
  published:
    'must be a real date written YYYY-MM-DD (e.g. "2024-12-06"), or only YYYY-MM or YYYY when the day is not known, or null',
  headline: 'must be non-empty text or null',
  url: 'must be an http(s) address or null',
  note: 'must be text or null',
}

export interface Sources {
  /** Valid entries by file name. */
  entries: Map<string, SourceMeta>
  problems: Problem[]
}

/**
 * Parses and validates the text of sources.json. `articleFiles`, when given, are the article files in the folder:
 * an entry naming any other file is reported (usually a typo in the name) and ignored.
 *
 * @example parseSources('{"files":{"a.txt":{"outlet":"Sky News"}}}', ['a.txt']).entries.get('a.txt')?.outlet
 */
export function parseSources(json: string, articleFiles?: readonly string[], where: string = SOURCES_FILE): Sources {
  return sourcesFor(readSourcesDocument(json, where), articleFiles)
}

/**
 * sources.json parsed and every entry checked, before it is matched against the folder's files. Live reload keeps
 * this per version of the file and matches it again (sourcesFor) whenever files come and go, without parsing and
 * validating a large file again.
 */
export interface SourcesDocument {
  where: string
  /** Problems of the file as a whole (bad JSON, wrong shape, unknown top-level keys). */
  documentProblems: Problem[]
  /** False when the file as a whole cannot be used (bad JSON or shape): no metadata comes from it. */
  usable: boolean
  /** Every entry in file order: its metadata when valid, else the problem with it. */
  entries: { file: string; meta: SourceMeta | null; problem: Problem | null }[]
}

export function readSourcesDocument(json: string, where: string = SOURCES_FILE): SourcesDocument {
  const document: SourcesDocument = { where, documentProblems: [], usable: false, entries: [] }
  const problem = (code: ProblemCode, message: string): void => {
    document.documentProblems.push({ where, code, message })
  }

  let root: unknown
  try {
    root = JSON.parse(json)
  } catch (error) {
    problem(
      'SOURCES_JSON_INVALID',
      `is not valid JSON: ${describeJsonError(json, error)}; no metadata used, outlets come from the articles' own credit lines`,
    )
    return document
  }

  if (!isPlainObject(root) || !isPlainObject(root.files)) {
    problem(
      'SOURCES_SHAPE',
      'must be an object like { "files": { "<file name>.txt": { "outlet": "…" } } }; no metadata used',
    )
    return document
  }
  document.usable = true
  const extra = Object.keys(root).filter((k) => k !== 'files')
  if (extra.length > 0)
    problem(
      'SOURCES_UNKNOWN_KEY',
      `unknown top-level key ${extra.map(quote).join(', ')} (only "files" is read); ignored`,
    )

  for (const [file, value] of Object.entries(root.files)) {
    const parsed = EntrySchema.safeParse(value)
    if (parsed.success) {
      document.entries.push({ file, meta: parsed.data, problem: null })
    } else {
      const details = parsed.error.issues.map((issue) => describeIssue(issue, value))
      const message = `entry ${quote(file)}: ${[...new Set(details)].join('; ')}. Entry ignored`
      document.entries.push({ file, meta: null, problem: { where, code: 'SOURCES_ENTRY_INVALID', message } })
    }
  }
  return document
}

/** The metadata a checked sources.json gives for the files in the folder (`articleFiles`; all entries when absent). */
export function sourcesFor(document: SourcesDocument, articleFiles?: Iterable<string>): Sources {
  const entries = new Map<string, SourceMeta>()
  const problems: Problem[] = [...document.documentProblems]
  const known = articleFiles ? new Set(articleFiles) : null
  for (const entry of document.entries) {
    if (known && !known.has(entry.file)) {
      problems.push({
        where: document.where,
        code: 'SOURCES_UNKNOWN_FILE',
        message: `entry ${quote(entry.file)} names a file that is not in the folder; check the file name. Entry ignored`,
      })
    } else if (entry.meta) entries.set(entry.file, entry.meta)
    else if (entry.problem) problems.push(entry.problem)
  }
  return { entries, problems }
}

function describeIssue(issue: z.core.$ZodIssue, entry: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field ${issue.keys.map(quote).join(', ')} (fields are ${FIELDS.join(', ')})`
  }
  const field = issue.path[0]
  if (typeof field !== 'string' || !isPlainObject(entry)) return 'must be an object like { "outlet": "Sky News" }'
  if (entry[field] === undefined) return `field "${field}" is required`
  return `field "${field}" ${FIELD_RULES[field] ?? issue.message} (got ${JSON.stringify(entry[field])})`
}

/** The JSON error with a line and column, computed from the position V8 reports. */
function describeJsonError(json: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const at = /at position (\d+)/.exec(message)
  const position = at ? Number(at[1]) : /Unexpected end of JSON input/.test(message) ? json.length : null
  // Without a pattern that could go back and forth over the quoted snippet of the file in the message.
  const withoutPosition = message.replace(/(?<!\s)\s*in JSON at position \d+[\s\S]*$/, '')
  const snippet = withoutPosition.endsWith('" is not valid JSON') ? withoutPosition.indexOf(', "') : -1
  const reason = snippet >= 0 ? withoutPosition.slice(0, snippet) : withoutPosition
  if (position === null) return reason
  const before = json.slice(0, position)
  const line = before.split('\n').length
  const column = position - before.lastIndexOf('\n')
  return `${reason} at line ${line}, column ${column}`
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function quote(s: string): string {
  return JSON.stringify(s)
}
