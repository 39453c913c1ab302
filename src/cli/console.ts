/**
 * npm run console: a terminal chat with Storydesk, no Slack workspace needed. Each line is handled
 * as /syria would handle it (help, sources, a query; "more" for the next page) and printed from the
 * same Block Kit message Slack would receive.
 */
import { createInterface } from 'node:readline/promises'
import { config as loadDotenv } from 'dotenv'
import { answerMessage, helpMessage, sourcesMessage, type SlackMessage } from '../render/blocks.ts'
import { blocksToText } from '../render/blocksText.ts'
import type { Snapshot } from '../snapshot/snapshot.ts'
import { EXIT, loadCliSnapshot } from './args.ts'

const PAGE_SIZE = 5

/** One line typed → the message Slack would show, and the state needed for "more". */
export function consoleReply(
  snapshot: Snapshot,
  line: string,
  last: { query: string; offset: number } | null,
): { message: SlackMessage; last: { query: string; offset: number } | null } {
  const text = line.trim()
  const keyword = text.toLowerCase()
  if (keyword === '' || keyword === 'help') return { message: helpMessage(), last }
  if (keyword === 'sources') return { message: sourcesMessage(snapshot.articles), last }
  const page =
    keyword === 'more' && last ? { query: last.query, offset: last.offset + PAGE_SIZE } : { query: text, offset: 0 }
  const answer = snapshot.index.search(page.query, { limit: PAGE_SIZE, offset: page.offset })
  return { message: answerMessage(answer, { limit: PAGE_SIZE, buttons: true }), last: page }
}

async function main(): Promise<number> {
  loadDotenv({ quiet: true })
  const snapshot = await loadCliSnapshot()
  if (!snapshot) return EXIT.usage
  const color = process.stdout.isTTY === true
  console.log(
    `Storydesk console — ${snapshot.stats.articles} articles, ${snapshot.stats.passages} passages. Type a question, "more", "sources", "help" or "quit".`,
  )
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true })
  let last: { query: string; offset: number } | null = null
  rl.setPrompt('/syria ')
  rl.prompt()
  for await (const line of rl) {
    if (/^(quit|exit)$/i.test(line.trim())) break
    const reply = consoleReply(snapshot, line, last)
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
