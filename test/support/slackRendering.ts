/**
 * What a reader sees of a message, modelled on Slack's documented rendering of text objects
 * (https://docs.slack.dev/messaging/formatting-message-text), independently of src/render:
 * - plain_text is shown as written;
 * - mrkdwn: `>` opening a line quotes it, `<url|label>` shows the label, `<@U1>` a mention, `&amp; &lt; &gt;` their characters, and `*bold*` is
 *   bold only at word boundaries with a word character just inside each marker (otherwise Slack shows the asterisks,
 *   or cuts the message). Without `verbatim: true`, bare URLs, #channels and @names would become links and mentions.
 * `render` returns the text and the problems a reader would meet: stray formatting characters (an asterisk,
 * underscore, tilde or backtick left in mrkdwn that the quote itself does not hold), a mrkdwn object without
 * verbatim, markup that would become a mention or a link.
 */
export interface TextObject {
  type: 'mrkdwn' | 'plain_text'
  text: string
  verbatim?: boolean
  emoji?: boolean
}

export interface Rendered {
  text: string
  /** Spans shown in bold: offsets into `text`. */
  bold: { start: number; end: number }[]
  problems: string[]
}

const WORD = /[\p{L}\p{N}\p{M}]/u
const BOLD =
  /(?<=^|[^\p{L}\p{N}\p{M}*])\*([\p{L}\p{N}\p{M}](?:[^*\n]*[\p{L}\p{N}\p{M}])?)\*(?=$|[^\p{L}\p{N}\p{M}*])/gmu

export function render(object: TextObject): Rendered {
  if (object.type === 'plain_text') {
    const problems =
      object.emoji === false || !/:[a-z0-9_+-]+:/i.test(object.text) ? [] : ['emoji code in plain_text with emoji on']
    return { text: object.text, bold: [], problems }
  }
  const problems: string[] = []
  if (object.verbatim !== true) problems.push('mrkdwn without verbatim: true (Slack would auto-link)')
  // A ">" opening a line is a block quote marker, not text.
  let text = object.text.replace(/^>/gm, '')
  if (/<[!#]|<@(?!U\w+>)/.test(text)) problems.push('markup that becomes a broadcast or mention')
  text = text.replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2').replace(/<@(\w+)>/g, '@$1')
  if (/[<>]/.test(text)) problems.push('unescaped < or >')
  // Bold markers become sentinels, so their positions survive the entity decoding below.
  text = text.replace(BOLD, (_m, inner: string) => `\u0001${inner}\u0002`)
  // A marker Slack could still read as formatting: at a word boundary on either side (snake_case stays literal).
  if (/`|(?<![\p{L}\p{N}\p{M}])[*_~](?=\S)|(?<=\S)[*_~](?![\p{L}\p{N}\p{M}])/u.test(text))
    problems.push(`formatting characters left in mrkdwn: ${JSON.stringify(text.match(/.{0,20}[*_~`].{0,20}/)?.[0])}`)
  if (/&(?!amp;|lt;|gt;)\w+;/.test(text)) problems.push('an unknown entity')
  text = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
  if (/&(amp|lt|gt);/.test(text))
    problems.push(`double escaping: ${JSON.stringify(text.match(/.{0,20}&(amp|lt|gt);.{0,20}/)?.[0])}`)
  const bold: { start: number; end: number }[] = []
  let shown = ''
  for (const c of text) {
    if (c === '\u0001') bold.push({ start: shown.length, end: shown.length })
    else if (c === '\u0002') bold.at(-1)!.end = shown.length
    else shown += c
  }
  return { text: shown, bold, problems }
}

/** True when `c` is a letter, digit or mark (what Slack's bold needs just inside its markers). */
export function isWordChar(c: string | undefined): boolean {
  return c !== undefined && WORD.test(c)
}
