/**
 * npm run console: a terminal chat with Storydesk, no Slack workspace needed. Each line is handled
 * as /syria would handle it (help, sources, quotes <name>, check <words>, a query; "more" for the next
 * page) and printed from the same Block Kit message Slack would receive.
 */
import { exampleQueries } from '../search/advice.ts'
import { createInterface } from 'node:readline/promises'
import { config as loadDotenv } from 'dotenv'
import { type CommandContext, runCommand } from '../commands/router.ts'
import { answerMessage, noticeMessage, PAGING, MAX_OFFSET, type SlackMessage } from '../render/blocks.ts'
import { blocksToText } from '../render/blocksText.ts'
import { quotesMessage } from '../render/quoteBlocks.ts'
import { quoteNotes } from '../render/quoteParts.ts'
import type { Snapshot } from '../snapshot/snapshot.ts'
import { EXIT, loadCliSnapshot } from './args.ts'

/** The page the console showed last, for "more". */
export interface ConsolePage {
  query: string
  offset: number
}

/**
 * One line typed → the message Slack would show, and the page for "more". Everything but "more" goes through the
 * same command table as /syria (src/commands/router.ts); "more" stands in for Slack's "More results" button.
 */
export async function consoleReply(
  snapshot: Snapshot,
  line: string,
  last: ConsolePage | null,
): Promise<{ message: SlackMessage; last: ConsolePage | null }> {
  const quotations = snapshot.quotations
  const showPage = (page: ConsolePage): SlackMessage =>
    answerMessage(snapshot.index.search(page.query, { limit: PAGING.pageSize, offset: page.offset }), {
      passageNotes: quoteNotes(quotations),
    })
  if (line.trim().toLowerCase() === 'more' && last) {
    const next = { query: last.query, offset: last.offset + PAGING.pageSize }
    if (next.offset > MAX_OFFSET) return { message: noticeMessage('That was the last page. Narrow the query.'), last }
    return { message: showPage(next), last: next }
  }
  let page: ConsolePage | null = last
  const context: CommandContext = {
    command: '/syria',
    articles: () => snapshot.articles,
    answer: async (query) => {
      page = { query, offset: 0 }
      return showPage(page)
    },
    loading: () => noticeMessage('Still loading.'),
    examples: () => exampleQueries(snapshot.index),
    quotations: async (lookup) => quotesMessage(quotations.run(lookup)),
  }
  const message = await runCommand(context, line)
  return { message, last: page }
}

async function main(): Promise<number> {
  loadDotenv({ quiet: true })
  const snapshot = await loadCliSnapshot()
  if (!snapshot) return EXIT.usage
  const color = process.stdout.isTTY === true
  console.log(
    `Storydesk console — ${snapshot.stats.articles} articles, ${snapshot.stats.passages} passages. Type a question, "quotes <name>", "check <words>", "more", "sources", "help" or "quit".`,
  )
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true })
  let last: ConsolePage | null = null
  rl.setPrompt('/syria ')
  rl.prompt()
  for await (const line of rl) {
    if (/^(quit|exit)$/i.test(line.trim())) break
    const reply = await consoleReply(snapshot, line, last)
    last = reply.last
    process.stdout.write(blocksToText(reply.message, { color }))
    rl.prompt()
  }
  rl.close()
  return EXIT.ok
}

// Only run when started as a program, not when a test imports consoleReply.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!))
  process.exitCode = await main()
