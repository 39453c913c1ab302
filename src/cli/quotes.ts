/**
 * npm run quotes -- [--json] [--limit N] "<name or quoted words>"
 * Who said it, and did every outlet print the same words? A speaker's name lists their statements across the
 * coverage, newest first; quoted words say which outlets printed exactly these words and which printed other words
 * for the same statement. --json prints exactly one JSON object on stdout; problems go to stderr.
 */
import { parseArgs } from 'node:util'
import { config as loadDotenv } from 'dotenv'
import { quotationIndexFor } from '../quotes/index.ts'
import { toQuotesJson } from '../render/quoteJson.ts'
import { renderQuotesText } from '../render/quoteText.ts'
import { EXIT, loadCliSnapshot } from './args.ts'

const USAGE = `Usage: npm run quotes -- [--json] [--limit N] "<name or quoted words>"

  A name (Abdulrahman, "General Abbas"): every statement of that speaker, newest first,
  each with the words every outlet printed. Quoted words ('"we are in a good position"'):
  which outlets printed exactly these words, which printed other words, and who said them.
  Without quotation marks, a name is tried first, then the words.
  --limit N   how many statements (default 20)
  --json      one JSON object on stdout
  SEEDS_DIR   folder of article files (default: seeds)`

const OPTIONS = {
  json: { type: 'boolean', default: false },
  limit: { type: 'string', default: '20' },
  help: { type: 'boolean', short: 'h', default: false },
} as const

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>>
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS })
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`)
    return EXIT.usage
  }
  const { values, positionals } = parsed
  if (values.help) {
    console.log(USAGE)
    return EXIT.ok
  }
  const query = positionals.join(' ')
  const limit = Number(values.limit)
  if (query.trim() === '') {
    console.error(USAGE)
    return EXIT.usage
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    console.error(`--limit must be a whole number from 1 to 1000, not "${values.limit}".\n\n${USAGE}`)
    return EXIT.usage
  }

  loadDotenv({ quiet: true })
  const snapshot = await loadCliSnapshot()
  if (!snapshot) return EXIT.usage

  const lookup = quotationIndexFor(snapshot.articles).lookup(query)
  if (values.json) process.stdout.write(`${JSON.stringify(toQuotesJson(lookup, limit))}\n`)
  else process.stdout.write(renderQuotesText(lookup, { color: process.stdout.isTTY === true, limit }))
  return EXIT.ok
}

process.exitCode = await main(process.argv.slice(2))
