/**
 * npm run ask -- [--json] [--limit N] "<query>"
 * Answers a query from the articles in SEEDS_DIR, with no Slack account: verbatim quotes, each
 * credited to its outlet. --json prints exactly one JSON object on stdout; problems go to stderr.
 */
import { config as loadDotenv } from 'dotenv'
import { toAskJson } from '../render/json.ts'
import { quoteNotes } from '../render/quoteParts.ts'
import { renderText } from '../render/text.ts'
import { EXIT, loadCliSnapshot, parseQueryArgs } from './args.ts'

const USAGE = `Usage: npm run ask -- [--json] [--limit N] "<query>"

  Quotes the coverage word for word, each with its outlet, best first.
  Query syntax: words (homs distance), "an exact phrase", outlet:sky (filter by outlet).
  --limit N   how many results (default 5)
  --json      one JSON object on stdout
  SEEDS_DIR   folder of article files (default: seeds)`

export async function main(argv: string[]): Promise<number> {
  const args = parseQueryArgs(argv, USAGE, { limit: 5, maxLimit: 100 })
  if (typeof args === 'number') return args
  const { query, limit } = args

  loadDotenv({ quiet: true })
  const snapshot = await loadCliSnapshot()
  if (!snapshot) return EXIT.usage

  const answer = snapshot.index.search(query, { limit })
  if (args.json) {
    process.stdout.write(`${JSON.stringify(toAskJson(answer))}\n`)
  } else {
    const tty = process.stdout.isTTY === true
    const passageNotes = quoteNotes(snapshot.quotations)
    process.stdout.write(
      renderText(answer, { color: tty, width: tty ? process.stdout.columns : undefined, passageNotes }),
    )
  }
  return EXIT.ok
}

process.exitCode = await main(process.argv.slice(2))
