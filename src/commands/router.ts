/**
 * What a person can ask Storydesk, in one table: the subcommands of `/syria` (and of a DM, a mention, the console).
 * Slack's listeners and `npm run console` both dispatch through `runCommand`, so a subcommand added here works
 * everywhere, and `help` lists it.
 *
 *   /syria                 → help
 *   /syria help            → help
 *   /syria sources         → the outlets and their articles
 *   /syria add <link>      → adds the article at the link (where the front end allows it: Slack, producers only)
 *   /syria quotes <name>   → a speaker's statements, and the words each outlet printed
 *   /syria check <words>   → which outlets printed exactly these words, which printed others, who said them
 *   /syria <words>         → a query (anything that is not a subcommand)
 *
 * Adding a subcommand is one entry in SUBCOMMANDS: its name, what help says, whether it takes words after it, and
 * `run`, which gets the front end's CommandContext. A subcommand that needs something the context does not offer
 * yet adds it to CommandContext; both front ends (src/slack/listeners/commands.ts, src/cli/console.ts) provide it.
 *
 * @example
 * const message = await runCommand(context, 'sources')
 */
import {
  type ArticleSummary,
  type HelpEntry,
  type SlackMessage,
  helpMessage,
  noticeMessage,
  sourcesMessage,
} from '../render/blocks.ts'
import { looksLikeName } from '../quotes/index.ts'

/** What a subcommand may use, provided by the front end (Slack or the console). */
export interface CommandContext {
  /** The slash command's name, for help texts ("/syria"). */
  command: string
  /** The articles loaded now, or null while the coverage is still loading. */
  articles(): readonly ArticleSummary[] | null
  /** The first page of the answer to a query (in Slack: through the answer queue, with the query-length limit). */
  answer(query: string): Promise<SlackMessage>
  /** The message to show while the coverage is loading. */
  loading(): SlackMessage
  /** Example queries made from the loaded coverage (none while it loads): help shows them. */
  examples(): readonly string[]
  /**
   * Adds the article at a link (`add <link>`), where the front end can (Slack: producers only, listeners/add.ts).
   * Absent: this front end does not add (the console; `npm run add` does it from a terminal).
   */
  add?(link: string): Promise<SlackMessage>
  /**
   * A quotation lookup (src/quotes): a speaker's statements, or a check of quoted words. In Slack: through the answer
   * queue, with the query-length limit. Slack and the console provide it.
   */
  quotations?(lookup: { by: 'speaker' | 'words'; query: string }): Promise<SlackMessage>
}

export interface Subcommand {
  /** The word that selects it (case-insensitive). */
  name: string
  /** Other words that select it. */
  aliases?: readonly string[]
  /** What to type after the command, as help shows it ("sources", "check <quote>"). */
  usage: string
  /** One line for help. */
  summary: string
  /**
   * false: the whole text must be the name ("sources"), so a query starting with the word is still a query;
   * true: the name is the first word and the rest is its argument ("check <quote>").
   */
  takesArgument: boolean
  /**
   * For a subcommand that takes an argument: whether these words are meant for it. When not, the whole text is an
   * ordinary query ("check points near homs", "add troops near homs"). Absent: any words are. An empty argument
   * always reaches the subcommand, which says how to ask.
   */
  accepts?(argument: string): boolean
  run(context: CommandContext, argument: string): SlackMessage | Promise<SlackMessage>
}

const help: Subcommand = {
  name: 'help',
  aliases: ['', '?'],
  usage: 'help',
  summary: 'shows this.',
  takesArgument: false,
  run: (context) => helpMessage(context.command, helpEntries(), context.examples()),
}

const sources: Subcommand = {
  name: 'sources',
  usage: 'sources',
  summary: 'lists the outlets and their articles.',
  takesArgument: false,
  run: (context) => {
    const articles = context.articles()
    return articles ? sourcesMessage(articles) : context.loading()
  },
}

const quotes: Subcommand = {
  name: 'quotes',
  aliases: ['quote'],
  usage: 'quotes <name>',
  summary: 'lists what a speaker said across the coverage, and the words each outlet printed.',
  takesArgument: true,
  accepts: looksLikeName,
  run: (context, name) =>
    !context.quotations
      ? noticeMessage(NO_QUOTATIONS)
      : name.trim()
        ? context.quotations({ by: 'speaker', query: name })
        : noticeMessage(`Say whose quotations, e.g. ${context.command} quotes <a name from the coverage>`),
}

const check: Subcommand = {
  name: 'check',
  usage: 'check "<quoted words>"',
  summary: 'says which outlets printed exactly these words, which printed others, and who said them.',
  takesArgument: true,
  accepts: (words) => QUOTED.test(words),
  run: (context, words) =>
    !context.quotations
      ? noticeMessage(NO_QUOTATIONS)
      : words.trim()
        ? context.quotations({ by: 'words', query: words })
        : noticeMessage(`Give the quoted words, e.g. ${context.command} check "the words as printed"`),
}

const NO_QUOTATIONS = 'Quotation checks are answered in Slack, npm run console and npm run quotes.'

/** Quoted words: a double quotation mark of any style, or single quotes around words ('like this'), not an apostrophe. */
const QUOTED = /["“”„«»]|(?:^|\s)['‘‹][^'‘’‹›]*\p{L}[^'‘’‹›]*['’›](?=$|[\s.,;:!?])/u

const add: Subcommand = {
  name: 'add',
  usage: 'add <link>',
  summary: 'adds the article at a link to the coverage (producers only).',
  takesArgument: true,
  // "add" followed by words that are not a link is a question that starts with "add" ("add troops homs").
  accepts: (argument) => LINK_LIKE.test(argument.trim()),
  run: (context, argument) => {
    if (!context.add) return noticeMessage('Articles are added from Slack (/syria add <link>) or with npm run add.')
    return context.add(argument)
  },
}

/** Text that was meant as a link: a scheme, "www.", Slack's <…> wrapping, a path, or a domain with a path. */
const LINK_LIKE = /^(?:<|\/|[a-z][a-z\d+.-]*:\/\/|www\.|[^\s/]+\.[a-z]{2,}\/)/i

/** The table. Order matters only for help's list. */
export const SUBCOMMANDS: readonly Subcommand[] = [quotes, check, sources, add, help]

/** What a text asks for: a subcommand and its argument, or a query. */
export type Route = { subcommand: Subcommand; argument: string } | { query: string }

/** Pure: the route for a text typed after the command (or sent in a DM or a mention). Missing text is help. */
export function route(text: string | undefined | null): Route {
  const trimmed = (text ?? '').trim()
  const whole = trimmed.toLowerCase().replace(/[?!.]+$/, '')
  const [first = '', ...rest] = trimmed.split(/\s+/)
  for (const subcommand of SUBCOMMANDS) {
    const names = [subcommand.name, ...(subcommand.aliases ?? [])]
    if (!subcommand.takesArgument && names.includes(whole)) return { subcommand, argument: '' }
    if (subcommand.takesArgument && names.includes(first.toLowerCase())) {
      const argument = rest.join(' ')
      if (argument === '' || !subcommand.accepts || subcommand.accepts(argument)) return { subcommand, argument }
      break
    }
  }
  return { query: trimmed }
}

/** Runs what `text` asks for and returns the message to show. */
export async function runCommand(context: CommandContext, text: string | undefined | null): Promise<SlackMessage> {
  const routed = route(text)
  return 'query' in routed ? context.answer(routed.query) : routed.subcommand.run(context, routed.argument)
}

/** The subcommands as help lists them. */
export function helpEntries(): HelpEntry[] {
  return SUBCOMMANDS.map((s) => ({ usage: s.usage, summary: s.summary }))
}
