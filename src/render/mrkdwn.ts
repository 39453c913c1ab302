import type { MrkdwnElement, PlainTextElement } from '@slack/types'
import type { Span } from '../corpus/types.ts'

/**
 * Text objects that show outside text (article text, a person's query) exactly as it is written.
 *
 * Slack reads mrkdwn: `&`, `<`, `>` are markup (escaped here), bare URLs, #channels and @names are turned into links
 * and mentions unless the text object says `verbatim: true` (set on every mrkdwn object built here), `*`, `_`, `~` and
 * backticks format the text, and `:name:` becomes an emoji. Slack has no escape for the formatting characters, so a
 * text holding one of them is sent as `plain_text` (emoji off), which Slack shows character for character.
 * https://docs.slack.dev/messaging/formatting-message-text
 */

/** Escapes the three characters Slack treats as markup (&amp; &lt; &gt;); applied once, to raw text only. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** A mrkdwn text object for text we compose; `verbatim: true` so Slack adds no links or mentions of its own. */
export function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true }
}

/** A plain_text object shown character for character (no emoji conversion). */
export function plainText(text: string): PlainTextElement {
  return { type: 'plain_text', text, emoji: false }
}

// Backticks (code) and emoji codes (":fire:"; times such as 10:30:45 are not emoji codes) always format.
const ALWAYS = /`|:[a-z0-9+'-]*[a-z][a-z0-9+'-]*:/i
// `*`, `_` and `~` format only at a word boundary: a marker can open a span when no word character precedes it and
// a non-space follows, and close one when a non-space precedes it and no word character follows. So "snake_case",
// "5*3" and "2 * 3" stay as written, while "*alleged*", "_x_" and "~5 km" could change.
const MARKER_OPENS = /(?<![\p{L}\p{N}\p{M}])[*_~](?=\S)/u
const MARKER_CLOSES = /(?<=\S)[*_~](?![\p{L}\p{N}\p{M}])/u

/** True when mrkdwn could show `text` other than as written (a formatting marker at a word boundary, an emoji code). */
export function hasFormatting(text: string): boolean {
  return ALWAYS.test(text) || MARKER_OPENS.test(text) || MARKER_CLOSES.test(text)
}

/** Outside text as a text object that shows it exactly: escaped mrkdwn when that is safe, plain_text otherwise. */
export function literal(text: string): MrkdwnElement | PlainTextElement {
  return hasFormatting(text) ? plainText(text) : mrkdwn(escapeText(text))
}

const WORD = /[\p{L}\p{N}\p{M}_]/u

/**
 * Highlights as spans Slack renders bold. Slack's `*bold*` needs a word boundary outside each marker and a word
 * character inside it (`5*km*` and `*(5km)*` show their asterisks, or cut the message), so each highlight is widened
 * to the whole word it is in ("km" in "5km" → "5km"); highlights in one run of non-space text ("al-" and "Assad")
 * become one span. Returns [] when `text` holds formatting characters (see `hasFormatting`): no bold then.
 */
export function boldSpans(text: string, highlights: readonly Span[]): Span[] {
  if (hasFormatting(text)) return []
  const isWord = (i: number) => i >= 0 && i < text.length && WORD.test(text[i]!)
  const spans: Span[] = []
  for (const highlight of [...highlights].sort((a, b) => a.start - b.start)) {
    let start = Math.max(0, highlight.start)
    let end = Math.min(text.length, highlight.end)
    while (start < end && !isWord(start)) start++
    while (end > start && !isWord(end - 1)) end--
    if (start >= end) continue
    while (isWord(start - 1)) start--
    while (isWord(end)) end++
    const last = spans.at(-1)
    if (last && (start <= last.end || !/\s/.test(text.slice(last.end, start)))) last.end = Math.max(last.end, end)
    else spans.push({ start, end })
  }
  return spans
}

/** `text` as escaped mrkdwn with `spans` (from boldSpans) in bold. */
export function boldMrkdwn(text: string, spans: readonly Span[]): string {
  let out = ''
  let at = 0
  for (const span of spans) {
    out += `${escapeText(text.slice(at, span.start))}*${escapeText(text.slice(span.start, span.end))}*`
    at = span.end
  }
  return out + escapeText(text.slice(at))
}
