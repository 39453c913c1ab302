/**
 * npm run add -- <URL or file>
 *
 * Adds an article to SEEDS_DIR from a link (fetched safely: see src/intake/fetch.ts) or from a saved .html, .htm or
 * .txt file: the article text is written as a .txt and its entry (outlet, wire, date, headline, URL from the page)
 * into sources.json, each atomically, so a running bot's live reload only ever sees whole files. Prints what the bot
 * will quote, as `npm run inspect` does. Exit 0 when added, 1 when refused (not an article, already in the folder,
 * too large, too slow, not HTML, an address that is not public…), 2 for bad arguments or settings.
 */
import { parseArgs } from 'node:util'
import { config as loadDotenv } from 'dotenv'
import { ConfigError, loadIntakeConfig } from '../config.ts'
import { StorydeskError } from '../errors.ts'
import { addArticle } from '../intake/add.ts'
import { EXIT, seedsDir } from './args.ts'
import { articleReport, problemsReport } from './report.ts'

const USAGE = `Usage: npm run add -- <URL or file>

  Adds an article to the articles folder (SEEDS_DIR, default seeds/) from an http(s) link or a saved
  .html, .htm or .txt file, and shows what the bot will quote from it.
  ADD_MAX_BYTES (default 5 MB) and ADD_TIMEOUT_MS (default 10000) limit a fetch;
  ALLOW_PRIVATE_ADDRESSES=true lets links reach private addresses (tests, intranets only).`

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>>
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS })
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`)
    return EXIT.usage
  }
  if (parsed.values.help) {
    console.log(USAGE)
    return EXIT.ok
  }
  if (parsed.positionals.length !== 1) {
    console.error(`add: give exactly one link or file\n\n${USAGE}`)
    return EXIT.usage
  }
  const [source] = parsed.positionals as [string]

  loadDotenv({ quiet: true })
  let settings: ReturnType<typeof loadIntakeConfig>
  try {
    settings = loadIntakeConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(error.message)
    return EXIT.usage
  }
  const dir = seedsDir()
  try {
    const added = await addArticle(source, { dir, ...settings })
    console.log(`Added ${added.file} to ${dir}/ (and its entry in ${dir}/sources.json)`)
    console.log(articleReport(added.article, added.page))
    console.log(problemsReport(added.notices))
    console.log(
      `\n${added.passages} passage${added.passages === 1 ? '' : 's'} the bot can quote, credited to ${added.article.outlet}.`,
    )
    return EXIT.ok
  } catch (error) {
    if (!(error instanceof StorydeskError)) throw error
    console.error(`add: not added. ${error.describe()}`)
    if (error.code === 'SEEDS_DIR_MISSING') return EXIT.usage
    return EXIT.failure
  }
}

const OPTIONS = { help: { type: 'boolean', short: 'h', default: false } } as const

process.exitCode = await main(process.argv.slice(2))
