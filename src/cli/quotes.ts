/**
 * npm run quotes -- [--json] [--limit N] "<name or quoted words>"
 * Who said it, and did every outlet print the same words? A speaker's name lists their statements across the
 * coverage, newest first; quoted words say which outlets printed exactly these words and which printed other words
 * for the same statement. --json prints exactly one JSON object on stdout; problems go to stderr.
 */
import { config as loadDotenv } from 'dotenv'
import { toQuotesJson } from '../render/quoteJson.ts'
import { renderQuotesText } from '../render/quoteText.ts'
import { EXIT, loadCliSnapshot, parseQueryArgs } from './args.ts'

const USAGE = `Usage: npm run quotes -- [--json] [--limit N] "<name or quoted words>"

  A name (Abdulrahman, "General Abbas"): every statement of that speaker, newest first,
  each with the words every outlet printed. Quoted words ('"we are in a good position"'):
  which outlets printed exactly these words, which printed other words, and who said them.
  Without quotation marks, a name is tried first, then the words.
  --limit N   how many statements (default 20)
  --json      one JSON object on stdout
  SEEDS_DIR   folder of article files (default: seeds)`

export async function main(argv: string[]): Promise<number> {
  const args = parseQueryArgs(argv, USAGE, { limit: 20, maxLimit: 1000 })
  if (typeof args === 'number') return args
  const { query, limit } = args

  loadDotenv({ quiet: true })
  const snapshot = await loadCliSnapshot()
  if (!snapshot) return EXIT.usage

  const lookup = snapshot.quotations.lookup(query)
  if (args.json) process.stdout.write(`${JSON.stringify(toQuotesJson(lookup, limit))}\n`)
  else process.stdout.write(renderQuotesText(lookup, { color: process.stdout.isTTY === true, limit }))
  return EXIT.ok
}

process.exitCode = await main(process.argv.slice(2))
