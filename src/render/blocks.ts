import { totalLabel } from './counts.ts'
import type { Button, ContextBlock, HomeView, KnownBlock, SectionBlock } from '@slack/types'
import type { Span } from '../corpus/types.ts'
import type { Passage } from '../passages/types.ts'
import type { Answer, Hit } from '../search/types.ts'
import { alsoInLabels, credit, formatDate, outletLabel } from './attribution.ts'
import { boldMrkdwn, boldSpans, escapeText, hasFormatting, literal, mrkdwn, plainText } from './mrkdwn.ts'
import { displayQuote, fitQuote, keptHighlights } from './quote.ts'

export { escapeText } from './mrkdwn.ts'

/**
 * Slack Block Kit for every message Storydesk sends. Pure functions: Answer in, message out.
 * Slack's limits are kept here, in one place (https://docs.slack.dev/reference/block-kit/blocks):
 * 50 blocks a message, 3,000 characters a section text, 10 elements a context block, 2,000
 * characters a button value; every message carries a plain-text `text` fallback.
 * Outside text (quotes, headlines, outlets, the query) goes through mrkdwn.ts, so it is shown exactly as written.
 */

export type Block = KnownBlock

export interface SlackMessage {
  text: string
  blocks: Block[]
}

export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  contextElements: 10,
  buttonValue: 2000,
  headerText: 150,
} as const

/**
 * Paging, set here and nowhere else: results per page, and how many pages "More results" goes to. The bound keeps
 * the cost of a page small whatever a (forged) button asks: the search never ranks past `pageSize * maxPages`.
 */
export const PAGING = { pageSize: 5, maxPages: 10 } as const

/** The largest offset a page may start at. */
export const MAX_OFFSET = PAGING.pageSize * (PAGING.maxPages - 1)

/** Action ids of the answer buttons (listeners register these). */
export const ACTION_IDS = { share: 'share_answer', more: 'more_results' } as const

/** What a button carries to find the answer again: the query and where the page starts. */
export interface AnswerRef {
  q: string
  offset: number
}

// Room for the quote inside one section: 3,000 minus the "> “", "”" and bold markers.
const QUOTE_ROOM = 2400

// Double marks only: a quote opening with ‘ or ' (British single quotes, an apostrophe as in '90s) nests inside ours.
const QUOTATION_MARKS = /^["“”«„]|["”»]$/

/** “quote”, unless the quote already opens or closes with a double quotation mark of its own (never ““…” or …””). */
export function withQuotationMarks(quote: string, shown = quote): string {
  return QUOTATION_MARKS.test(quote) ? shown : `“${shown}”`
}

/**
 * A quote as a section: mrkdwn block quote with matched words in bold (whole words only, see boldSpans), escaped,
 * cut at a boundary if long; a quote holding mrkdwn formatting characters is sent as plain text instead, unbolded,
 * so every character shows as written.
 */
export function quoteSection(text: string, highlights: readonly Span[]): SectionBlock {
  const fitted = fitQuote(text, QUOTE_ROOM)
  const kept = text.slice(0, fitted.kept)
  const tail = fitted.cut ? (fitted.text.endsWith(' …') ? ' …' : '…') : ''
  if (hasFormatting(kept)) return { type: 'section', text: plainText(withQuotationMarks(kept, kept + tail)) }
  const spans = boldSpans(kept, keptHighlights(highlights, fitted.kept))
  const body = withQuotationMarks(kept, boldMrkdwn(kept, spans) + tail)
  return { type: 'section', text: mrkdwn(`>${body.replace(/\n/g, '\n>')}`) }
}

function linkOrText(url: string | null, label: string): string {
  // A URL from sources.json goes into <url|label>; its own | and > would break the link, so only http(s) URLs without them are linked.
  if (url && /^https?:\/\/[^\s|<>]+$/.test(url)) return `<${url}|${escapeText(label)}>`
  return escapeText(label)
}

/** "www.example.com" for a link label when the article has no headline (never an invented one). */
function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return 'article'
  }
}

/** "Express & Star (AP) · 6 Dec 2024 · Headline · also in: Sky News": the credit line's parts, unescaped. */
function creditParts(passage: Passage, alsoIn: readonly Passage[]): { parts: string[]; title: string | null } {
  const parts = [outletLabel(passage)]
  const date = formatDate(passage.published)
  if (date) parts.push(date)
  const title = passage.title ?? (passage.url ? hostOf(passage.url) : null)
  const also = alsoInLabels(alsoIn)
  return { parts: also.length > 0 ? [...parts, `also in: ${also.join(', ')}`] : parts, title }
}

/**
 * "*Express & Star* (AP) · 6 Dec 2024 · <url|Headline> · also in: Sky News" as a context block: mrkdwn with the
 * outlet in bold and the headline linked, or plain text (no link) when a name holds mrkdwn formatting characters.
 */
export function creditBlock(passage: Passage, alsoIn: readonly Passage[]): ContextBlock {
  const { parts, title } = creditParts(passage, alsoIn)
  const plain = [...parts.slice(0, 2), ...(title ? [title] : []), ...parts.slice(2)]
  if (plain.some(hasFormatting)) return { type: 'context', elements: [plainText(plain.join(' · '))] }
  const outlet = `*${escapeText(passage.outlet)}*${passage.wire && passage.wire !== passage.outlet ? ` (${escapeText(passage.wire)})` : ''}`
  const shown = [outlet, ...parts.slice(1, 2).map(escapeText)]
  if (title) shown.push(linkOrText(passage.url, title))
  shown.push(...parts.slice(2).map(escapeText))
  return { type: 'context', elements: [mrkdwn(shown.join(' · '))] }
}

function hitBlocks(hit: Hit, notes: readonly string[]): Block[] {
  // Line breaks inside a quote (hard-wrapped copy) are shown as single spaces: src/render/quote.ts displayQuote.
  const shown = displayQuote(hit.passage.text, hit.highlights)
  const credit = creditBlock(hit.passage, hit.alsoIn)
  // Notes on the passage (e.g. its quotation printed in other words elsewhere), shown exactly like article text.
  const noted = notes.slice(0, LIMITS.contextElements - 1).map((note) => literal(clip(note, 500)))
  return [quoteSection(shown.text, shown.highlights), { ...credit, elements: [...credit.elements, ...noted] }]
}

/**
 * Plain-text fallback for notifications and screen readers: the heading, then the quotes and their credits, each
 * quote in quotation marks only when it has none of its own (as in its block). Built from the raw text and escaped
 * once (cut first, so the cut never splits an entity such as &amp;).
 */
function fallbackText(heading: string, hits: readonly Hit[], sharedBy?: string): string {
  const lines = [heading, ...hits.map((hit) => `${fallbackQuote(hit.passage.text)} — ${credit(hit.passage)}`)]
  const shared = sharedBy ? ` (shared by <@${sharedBy}>)` : ''
  return escapeText(lines.join('\n').slice(0, 2800)) + shared
}

function fallbackQuote(text: string): string {
  const shown = displayQuote(text).text
  const fitted = fitQuote(shown, 300)
  return withQuotationMarks(shown.slice(0, fitted.kept), fitted.text)
}

export interface AnswerMessageOptions {
  /** Slack user id of the person who shared the answer in channel ("shared by @user"). */
  sharedBy?: string
  /** Offer "Share in channel" and "More results" buttons (private answers only). Default true. */
  buttons?: boolean
  /** What the answer searched, when it was not what the person typed (e.g. a thread's first message). */
  searched?: string
  /** Plain-text notes shown under a passage's credit (quotation warnings, see render/quoteParts.ts). Default none. */
  passageNotes?: (passage: Passage) => readonly string[]
}

/**
 * The answer to a query: "Coverage for “query” — 1–5 of N", each quote with its credit line, notices, and the
 * buttons. "More results" is offered up to PAGING.maxPages pages; past them a line says how to narrow the query.
 */
export function answerMessage(answer: Answer, options: AnswerMessageOptions = {}): SlackMessage {
  const { buttons = true } = options
  const echoed = clip(answer.parsed.text || answer.query, 500)
  const from = answer.offset + 1
  const to = answer.offset + answer.hits.length
  const range = answer.hits.length > 0 ? ` — ${from}–${to} of ${totalLabel(answer)}` : ''
  const heading = `Coverage for “${echoed}”${range}`
  const blocks: Block[] = []
  if (hasFormatting(echoed)) {
    blocks.push({ type: 'section', text: plainText(heading) })
    if (options.sharedBy) blocks.push({ type: 'context', elements: [mrkdwn(`Shared by <@${options.sharedBy}>`)] })
  } else {
    const shared = options.sharedBy ? `, shared by <@${options.sharedBy}>` : ''
    blocks.push({ type: 'section', text: mrkdwn(`${escapeText(heading)}${shared}`) })
  }
  if (options.searched) {
    blocks.push({ type: 'context', elements: [literal(`Searched: “${clip(options.searched, 280)}”`)] })
  }
  for (const notice of answer.notices) blocks.push({ type: 'context', elements: [literal(notice)] })
  for (const hit of answer.hits) blocks.push(...hitBlocks(hit, options.passageNotes?.(hit.passage) ?? []))
  const lastPage = to >= PAGING.pageSize * PAGING.maxPages && to < answer.total
  if (lastPage) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          `Showing the first ${to} of ${totalLabel(answer)} results. Add a word, an exact "phrase" or outlet:name to narrow the query.`,
        ),
      ],
    })
  }

  const elements: Button[] = []
  if (buttons && answer.hits.length > 0) {
    // The query as read (markup reduced), so a button never carries a mention or a broadcast.
    const share: AnswerRef = { q: answer.parsed.text, offset: answer.offset }
    elements.push({
      type: 'button',
      action_id: ACTION_IDS.share,
      text: { type: 'plain_text', text: 'Share in channel' },
      value: JSON.stringify(share),
    })
    if (to < answer.total && to <= MAX_OFFSET) {
      const more: AnswerRef = { q: answer.parsed.text, offset: to }
      elements.push({
        type: 'button',
        action_id: ACTION_IDS.more,
        text: { type: 'plain_text', text: 'More results' },
        value: JSON.stringify(more),
      })
    }
  }
  // A value over Slack's limit would make Slack reject the whole message: drop the buttons instead.
  const fitting = elements.filter((button) => (button.value ?? '').length <= LIMITS.buttonValue)
  if (fitting.length > 0) blocks.push({ type: 'actions', elements: fitting })

  return {
    text: fallbackText(
      answer.hits.length ? heading : `${heading}: ${answer.notices.join(' ')}`,
      answer.hits,
      options.sharedBy,
    ),
    blocks: capBlocks(blocks),
  }
}

/** Keeps a message within 50 blocks, keeping the actions block (the buttons) if there is one. */
function capBlocks(blocks: Block[]): Block[] {
  if (blocks.length <= LIMITS.blocks) return blocks
  const actions = blocks.at(-1)?.type === 'actions' ? blocks.at(-1)! : null
  const body = blocks.slice(0, LIMITS.blocks - (actions ? 1 : 0))
  return actions ? [...body, actions] : body
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** A subcommand as help lists it: "`/syria sources` lists the articles". */
export interface HelpEntry {
  /** What to type after the command, e.g. "sources". */
  usage: string
  summary: string
}

function howToAskMrkdwn(command: string, entries: readonly HelpEntry[], examples: readonly string[]): string {
  const words = examples[0] ?? 'a name or place'
  const outlet = examples.find((q) => q.startsWith('outlet:')) ?? 'outlet:sky'
  return [
    `*How to ask* — \`${command} <words>\`, mention me in a thread, or DM me. Every answer is a word-for-word quote with its outlet.`,
    `• Words: \`${escapeText(words)}\` (question words are fine: \`who said what about ${escapeText(words.split(' ')[0]!)}?\`)`,
    '• Exact phrase: `"words in this order"`',
    `• One outlet: \`${escapeText(outlet)}\` (outlet name prefix, any case)`,
    ...entries.map((e) => `• \`${command} ${escapeText(e.usage)}\` ${escapeText(e.summary)}`),
  ].join('\n')
}

/**
 * How to ask: the query syntax, then one line per subcommand (from the command table, src/commands/). `examples` are
 * queries made from the loaded coverage (search/advice.ts exampleQueries), so help fits whatever story is loaded.
 */
export function helpMessage(
  command = '/syria',
  entries: readonly HelpEntry[] = [],
  examples: readonly string[] = [],
): SlackMessage {
  const blocks: Block[] = [{ type: 'section', text: mrkdwn(howToAskMrkdwn(command, entries, examples)) }]
  if (examples.length > 0) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`Try: ${examples.map((q) => `\`${escapeText(q)}\``).join(' · ')}`)],
    })
  }
  const first = examples[0] ? `, e.g. ${command} ${examples[0]}` : ''
  return { text: escapeText(`How to ask Storydesk: ${command} <words>${first}`), blocks }
}

export interface ArticleSummary {
  file: string
  outlet: string
  wire: string | null
  published: string | null
  title: string | null
  url: string | null
}

/** One outlet's lines for `sources`: plain text when a name holds formatting characters, else mrkdwn with links. */
function outletLines(outlet: string, list: readonly ArticleSummary[]): { text: string; plain: boolean } {
  const rows = list.map((a) => ({
    date: formatDate(a.published) ?? 'date unknown',
    label: a.title ?? (a.url ? hostOf(a.url) : a.file),
    file: !a.title && a.url ? ` (${a.file})` : '',
    url: a.url,
    wire: a.wire && a.wire !== a.outlet ? ` (${a.wire} copy)` : '',
  }))
  const plain = [outlet, ...rows.flatMap((r) => [r.label, r.file, r.wire])].some(hasFormatting)
  if (plain) return { text: [outlet, ...rows.map((r) => `${r.date} · ${r.label}${r.file}${r.wire}`)].join('\n'), plain }
  const items = rows.map(
    (r) => `${escapeText(r.date)} · ${linkOrText(r.url, r.label)}${escapeText(r.file)}${escapeText(r.wire)}`,
  )
  return { text: `*${escapeText(outlet)}*\n${items.join('\n')}`, plain }
}

/** `/syria sources`: every outlet with its articles, dates and headlines. */
export function sourcesMessage(articles: readonly ArticleSummary[]): SlackMessage {
  const byOutlet = new Map<string, ArticleSummary[]>()
  for (const article of articles) byOutlet.set(article.outlet, [...(byOutlet.get(article.outlet) ?? []), article])
  const blocks: Block[] = [
    {
      type: 'section',
      text: mrkdwn(`*Sources* — ${articles.length} articles from ${byOutlet.size} outlets`),
    },
  ]
  // One section per few outlets, each within the section limit, and the whole message within 50 blocks.
  for (const [outlet, list] of byOutlet) {
    const { text, plain } = outletLines(outlet, list)
    const last = blocks.at(-1) as SectionBlock
    const joinable = blocks.length > 1 && last.text?.type === (plain ? 'plain_text' : 'mrkdwn')
    if (joinable && last.text && last.text.text.length + text.length + 2 <= LIMITS.sectionText) {
      last.text.text += `\n\n${text}`
    } else {
      const fitted = text.slice(0, LIMITS.sectionText)
      blocks.push({ type: 'section', text: plain ? plainText(fitted) : mrkdwn(fitted) })
    }
  }
  const capped = capBlocks(blocks)
  if (capped.length < blocks.length)
    capped[capped.length - 1] = { type: 'context', elements: [mrkdwn('More sources than fit in one message.')] }
  return { text: escapeText(`Sources: ${articles.length} articles from ${byOutlet.size} outlets`), blocks: capped }
}

export interface HomeStats {
  articles: number
  outlets: number
  passages: number
  from: string | null
  to: string | null
}

/** App Home: what Storydesk knows, how to ask, and example queries. */
export function homeView(
  stats: HomeStats | null,
  articles: readonly ArticleSummary[],
  command = '/syria',
  entries: readonly HelpEntry[] = [],
  examples: readonly string[] = [],
): HomeView {
  const known = stats
    ? `*Storydesk* knows ${stats.articles} articles from ${stats.outlets} outlets (${stats.passages} quotable passages)${
        stats.from
          ? `, published ${escapeText(formatDate(stats.from) ?? '')}${stats.to && stats.to !== stats.from ? ` to ${escapeText(formatDate(stats.to) ?? '')}` : ''}`
          : ''
      }.`
    : '*Storydesk* is loading the coverage; this page updates when it is ready.'
  const outlets = [...new Set(articles.map((a) => outletLabel(a)))]
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Storydesk' } },
    { type: 'section', text: mrkdwn(known) },
  ]
  if (outlets.length > 0)
    blocks.push({
      type: 'context',
      elements: [literal(clip(`Outlets: ${outlets.join(', ')}`, LIMITS.sectionText / 2))],
    })
  blocks.push({ type: 'divider' }, { type: 'section', text: mrkdwn(howToAskMrkdwn(command, entries, examples)) })
  if (examples.length > 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(`*Try*\n${examples.map((q) => `• \`${command} ${escapeText(q)}\``).join('\n')}`),
    })
  }
  return { type: 'home', blocks }
}

/** A short message for when something went wrong or the person must wait. */
export function noticeMessage(text: string): SlackMessage {
  return { text: escapeText(text), blocks: [{ type: 'section', text: literal(text) }] }
}
