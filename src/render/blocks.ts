import type { Button, HomeView, KnownBlock } from '@slack/types'
import type { Span } from '../corpus/types.ts'
import type { Passage } from '../passages/types.ts'
import type { Answer, Hit } from '../search/types.ts'
import { alsoInLabels, credit, formatDate, outletLabel } from './attribution.ts'
import { fitQuote, keptHighlights } from './quote.ts'

/**
 * Slack Block Kit for every message Storydesk sends. Pure functions: Answer in, message out.
 * Slack's limits are kept here, in one place (https://docs.slack.dev/reference/block-kit/blocks):
 * 50 blocks a message, 3,000 characters a section text, 10 elements a context block, 2,000
 * characters a button value; every message carries a plain-text `text` fallback.
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

/** Action ids of the answer buttons (listeners register these). */
export const ACTION_IDS = { share: 'share_answer', more: 'more_results' } as const

/** What a button carries to find the answer again: the query and the page. */
export interface AnswerRef {
  q: string
  offset: number
  limit: number
}

/**
 * Escapes the three characters Slack treats as markup. Applied to every piece of article text
 * and to the echoed query, so nothing can become a mention, a broadcast or a link.
 */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

// Room for the quote inside one section: 3,000 minus the "> “", "”" and bold markers.
const QUOTE_ROOM = 2400

/** A quote as mrkdwn: block-quoted, matched words in bold, escaped, cut at a boundary if long. */
export function quoteMrkdwn(text: string, highlights: readonly Span[]): string {
  const fitted = fitQuote(text, QUOTE_ROOM)
  const verbatim = text.slice(0, fitted.kept)
  let out = ''
  let at = 0
  for (const span of keptHighlights(highlights, fitted.kept)) {
    out += `${escapeText(verbatim.slice(at, span.start))}*${escapeText(verbatim.slice(span.start, span.end))}*`
    at = span.end
  }
  out += escapeText(verbatim.slice(at)) + (fitted.cut ? (fitted.text.endsWith(' …') ? ' …' : '…') : '')
  return `>“${out}”`
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

/** "*Express & Star* (AP) · 6 Dec 2024 · <url|Headline> · also in: Sky News" */
export function creditMrkdwn(passage: Passage, alsoIn: readonly Passage[]): string {
  const parts = [
    `*${escapeText(passage.outlet)}*${passage.wire && passage.wire !== passage.outlet ? ` (${escapeText(passage.wire)})` : ''}`,
  ]
  const date = formatDate(passage.published)
  if (date) parts.push(escapeText(date))
  if (passage.title) parts.push(linkOrText(passage.url, passage.title))
  else if (passage.url) parts.push(linkOrText(passage.url, hostOf(passage.url)))
  const also = alsoInLabels(alsoIn)
  if (also.length > 0) parts.push(`also in: ${escapeText(also.join(', '))}`)
  return parts.join(' · ')
}

function hitBlocks(hit: Hit): Block[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: quoteMrkdwn(hit.passage.text, hit.highlights) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: creditMrkdwn(hit.passage, hit.alsoIn) }] },
  ]
}

/** Plain-text fallback for notifications and screen readers: the quotes and their credits. */
function fallbackText(heading: string, hits: readonly Hit[]): string {
  const lines = [heading, ...hits.map((hit) => `“${fitQuote(hit.passage.text, 300).text}” — ${credit(hit.passage)}`)]
  // Cut before escaping, so the cut never splits an entity such as &amp;.
  return escapeText(lines.join('\n').slice(0, 2800))
}

export interface AnswerMessageOptions {
  /** Slack user id of the person who shared the answer in channel ("shared by @user"). */
  sharedBy?: string
  /** Offer "Share in channel" and "More results" buttons (private answers only). Default true. */
  buttons?: boolean
  /** What the answer searched, when it was not what the person typed (e.g. a thread's first message). */
  searched?: string
  /** Results per page, carried in the "More results" button. Default 5. */
  limit?: number
}

export function answerMessage(answer: Answer, options: AnswerMessageOptions = {}): SlackMessage {
  const { buttons = true, limit = 5 } = options
  const echoed = escapeText(clip(answer.parsed.text || answer.query, 500))
  const from = answer.offset + 1
  const to = answer.offset + answer.hits.length
  const range = answer.hits.length > 0 ? ` — ${from}–${to} of ${answer.total}` : ''
  const heading = options.sharedBy
    ? `Coverage for “${echoed}”${range}, shared by <@${options.sharedBy}>`
    : `Coverage for “${echoed}”${range}`
  const blocks: Block[] = [{ type: 'section', text: { type: 'mrkdwn', text: heading } }]
  if (options.searched) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Searched: “${escapeText(clip(options.searched, 280))}”` }],
    })
  }
  for (const notice of answer.notices)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeText(notice) }] })
  for (const hit of answer.hits) blocks.push(...hitBlocks(hit))

  const elements: Button[] = []
  if (buttons && answer.hits.length > 0) {
    // The query as read (markup reduced), so a button never carries a mention or a broadcast.
    const share: AnswerRef = { q: answer.parsed.text, offset: answer.offset, limit }
    elements.push({
      type: 'button',
      action_id: ACTION_IDS.share,
      text: { type: 'plain_text', text: 'Share in channel' },
      value: JSON.stringify(share),
    })
    if (to < answer.total) {
      const more: AnswerRef = { q: answer.parsed.text, offset: to, limit }
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

  const headingText = heading.replace(/<@(\w+)>/, '@$1')
  return {
    text: fallbackText(answer.hits.length ? headingText : `${headingText}: ${answer.notices.join(' ')}`, answer.hits),
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

export const EXAMPLE_QUERIES = [
  'homs distance',
  'who leads the offensive',
  '"mother of all battles"',
  'outlet:sky hezbollah',
  'Talbiseh',
]

function howToAskMrkdwn(command: string): string {
  return [
    `*How to ask* — \`${command} <words>\`, mention me in a thread, or DM me. Every answer is a word-for-word quote with its outlet.`,
    '• Words: `homs distance` (question words are fine: `who leads the offensive?`)',
    '• Exact phrase: `"mother of all battles"`',
    '• One outlet: `outlet:sky hezbollah` (outlet name prefix, any case)',
    `• \`${command} sources\` lists the articles; \`${command} help\` shows this.`,
  ].join('\n')
}

export function helpMessage(command = '/syria'): SlackMessage {
  return {
    text: `How to ask Storydesk: ${command} <words>, e.g. ${command} homs distance`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: howToAskMrkdwn(command) } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Try: ${EXAMPLE_QUERIES.map((q) => `\`${escapeText(q)}\``).join(' · ')}` }],
      },
    ],
  }
}

export interface ArticleSummary {
  file: string
  outlet: string
  wire: string | null
  published: string | null
  title: string | null
  url: string | null
}

/** `/syria sources`: every outlet with its articles, dates and headlines. */
export function sourcesMessage(articles: readonly ArticleSummary[]): SlackMessage {
  const byOutlet = new Map<string, ArticleSummary[]>()
  for (const article of articles) byOutlet.set(article.outlet, [...(byOutlet.get(article.outlet) ?? []), article])
  const blocks: Block[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*Sources* — ${articles.length} articles from ${byOutlet.size} outlets` },
    },
  ]
  const lines = [...byOutlet.entries()].map(([outlet, list]) => {
    const items = list.map((a) => {
      const date = formatDate(a.published) ?? 'date unknown'
      const title = a.title
        ? linkOrText(a.url, a.title)
        : a.url
          ? `${linkOrText(a.url, hostOf(a.url))} (${escapeText(a.file)})`
          : escapeText(a.file)
      return `${escapeText(date)} · ${title}${a.wire && a.wire !== a.outlet ? ` (${escapeText(a.wire)} copy)` : ''}`
    })
    return `*${escapeText(outlet)}*\n${items.join('\n')}`
  })
  // One section per few outlets, each within the section limit, and the whole message within 50 blocks.
  for (const line of lines) {
    const last = blocks.at(-1)
    if (
      last &&
      last.type === 'section' &&
      blocks.length > 1 &&
      last.text &&
      last.text.text.length + line.length + 2 <= LIMITS.sectionText
    ) {
      last.text.text += `\n\n${line}`
    } else {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: line.slice(0, LIMITS.sectionText) } })
    }
  }
  const capped = capBlocks(blocks)
  if (capped.length < blocks.length)
    capped[capped.length - 1] = {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'More sources than fit in one message.' }],
    }
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
export function homeView(stats: HomeStats | null, articles: readonly ArticleSummary[], command = '/syria'): HomeView {
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
    { type: 'section', text: { type: 'mrkdwn', text: known } },
  ]
  if (outlets.length > 0)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: escapeText(`Outlets: ${outlets.join(', ')}`).slice(0, LIMITS.sectionText) }],
    })
  blocks.push({ type: 'divider' }, { type: 'section', text: { type: 'mrkdwn', text: howToAskMrkdwn(command) } })
  blocks.push({
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: `*Try*\n${EXAMPLE_QUERIES.map((q) => `• \`${command} ${escapeText(q)}\``).join('\n')}`,
    },
  })
  return { type: 'home', blocks }
}

/** A short message for when something went wrong or the person must wait. */
export function noticeMessage(text: string): SlackMessage {
  return { text: escapeText(text), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeText(text) } }] }
}
