/**
 * npm run ask -- [--json] [--limit N] "<query>"
 * Answers a query from the articles in SEEDS_DIR, with no Slack account: verbatim quotes, each
 * credited to its outlet. --json prints exactly one JSON object on stdout; problems go to stderr.
 */
import { parseArgs } from 'node:util'
import { config as loadDotenv } from 'dotenv'
import { quotationIndexFor } from '../quotes/index.ts'
import { toAskJson } from '../render/json.ts'
import { quoteNotes } from '../render/quoteParts.ts'
import { renderText } from '../render/text.ts'
import { EXIT, loadCliSnapshot } from './args.ts'

const USAGE = `Usage: npm run ask -- [--json] [--limit N] "<query>"

  Quotes the coverage word for word, each with its outlet, best first.
  Query syntax: words (homs distance), "an exact phrase", outlet:sky (filter by outlet).
  --limit N   how many results (default 5)
  --json      one JSON object on stdout
  SEEDS_DIR   folder of article files (default: seeds)`

const OPTIONS = {
  json: { type: 'boolean', default: false },
  limit: { type: 'string', default: '5' },
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
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    console.error(`--limit must be a whole number from 1 to 100, not "${values.limit}".\n\n${USAGE}`)
    return EXIT.usage
  }

  loadDotenv({ quiet: true })
  const snapshot = await loadCliSnapshot()
  if (!snapshot) return EXIT.usage

  const answer = snapshot.index.search(query, { limit })
  if (values.json) {
    process.stdout.write(`${JSON.stringify(toAskJson(answer))}\n`)
  } else {
    const tty = process.stdout.isTTY === true
    const passageNotes = quoteNotes(quotationIndexFor(snapshot.articles))
    process.stdout.write(
      renderText(answer, { color: tty, width: tty ? process.stdout.columns : undefined, passageNotes }),
    )
  }
  return EXIT.ok
}

process.exitCode = await main(process.argv.slice(2))
