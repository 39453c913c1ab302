import type { Block, SlackMessage } from './blocks.ts'

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
      return block.text ? ['', mrkdwnToText(block.text.text, color)] : []
    case 'context':
      return [block.elements.map((e) => ('text' in e ? `   ${mrkdwnToText(e.text, color)}` : '')).join(' ')]
    case 'header':
      return [block.text.text.toUpperCase()]
    case 'divider':
      return ['────────']
    case 'actions':
      return ['', block.elements.map((e) => ('text' in e && e.text ? `[${e.text.text}]` : '')).join(' ')]
    default:
      return []
  }
}

/** Slack mrkdwn → text: links to "label (url)", bold to ANSI or plain, block quotes indented, escapes undone. */
export function mrkdwnToText(mrkdwn: string, color: boolean): string {
  return mrkdwn
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<@(\w+)>/g, '@$1')
    .replace(/\*([^*\n]+)\*/g, color ? '\u001b[1m$1\u001b[22m' : '$1')
    .replace(/^>/gm, '  ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}
