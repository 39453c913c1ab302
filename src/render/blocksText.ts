import type { MrkdwnElement, PlainTextElement } from '@slack/types'
import type { Block, SlackMessage } from './blocks.ts'
import { terminalSafe } from './text.ts'

/**
 * A Block Kit message as terminal text, so `npm run console` shows exactly what Slack would:
 * same blocks, same order, mrkdwn turned into plain text (bold as ANSI bold when asked).
 */
export function blocksToText(message: SlackMessage, options: { color?: boolean } = {}): string {
  const lines: string[] = []
  for (const block of message.blocks) lines.push(...blockLines(block, options.color ?? false))
  return `${lines.join('\n').trimEnd()}\n`
}

function blockLines(block: Block, color: boolean): string[] {
  switch (block.type) {
    case 'section':
      return block.text ? ['', indentQuote(block.text, color)] : []
    case 'context':
      return [block.elements.map((e) => ('text' in e ? `   ${textOf(e, color)}` : '')).join(' ')]
    case 'header':
      return [terminalSafe(block.text.text.toUpperCase())]
    case 'divider':
      return ['────────']
    case 'actions':
      return ['', block.elements.map((e) => ('text' in e && e.text ? `[${terminalSafe(e.text.text)}]` : '')).join(' ')]
    default:
      return []
  }
}

function indentQuote(text: MrkdwnElement | PlainTextElement, color: boolean): string {
  return text.type === 'mrkdwn' ? textOf(text, color).replace(/^>/gm, '  ') : terminalSafe(text.text)
}

/** What a reader sees of a text object: plain_text as it is, mrkdwn through `mrkdwnToText` (control characters escaped). */
export function textOf(text: MrkdwnElement | PlainTextElement, color = false): string {
  return text.type === 'plain_text' ? terminalSafe(text.text) : mrkdwnToText(text.text, color)
}

/**
 * Slack mrkdwn → the text a reader sees: links to "label (url)", mentions to "@U…", bold (a `*` pair at word
 * boundaries, as Slack renders it) to ANSI bold or nothing, escapes undone, control characters escaped (terminalSafe).
 * Block-quote markers are kept.
 */
export function mrkdwnToText(mrkdwn: string, color: boolean): string {
  return terminalSafe(mrkdwn)
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<@(\w+)>/g, '@$1')
    .replace(
      /(^|[^\p{L}\p{N}*])\*([^*\s](?:[^*\n]*[^*\s])?)\*(?=$|[^\p{L}\p{N}*])/gmu,
      color ? '$1\u001b[1m$2\u001b[22m' : '$1$2',
    )
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}
