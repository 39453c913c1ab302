/**
 * Slack formatting that is exactly the quote: every message an answer can produce is rendered back to what a reader
 * sees (test/support/slackRendering.ts, a model of Slack's documented mrkdwn rules written apart from src/render) and
 * compared with the exact text of the passage. On the seeds (the desk's queries, every page) and on articles of our
 * own holding what mrkdwn would eat: asterisks, underscores, tildes, backticks, emoji codes, bare URLs, #channels,
 * @here, ampersands, a highlight inside a word, quotes that open with their own quotation mark. And the short messages
 * (notices, `/syria add` replies): what a reader sees is the text given, escaped once.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { answerMessage, MAX_OFFSET, noticeMessage, PAGING, type SlackMessage } from '../../src/render/blocks.ts'
import type { Article } from '../../src/corpus/types.ts'
import { loadIntakeConfig } from '../../src/config.ts'
import { StorydeskError } from '../../src/errors.ts'
import { APOLOGY_TEXT, LOADING_TEXT } from '../../src/slack/answering.ts'
import { addedMessage, answerAdd, notAddedMessage } from '../../src/slack/listeners/add.ts'
import type { Answer } from '../../src/search/types.ts'
import { buildSnapshot, loadSnapshot, type Snapshot } from '../../src/snapshot/snapshot.ts'
import { SnapshotStore } from '../../src/snapshot/store.ts'
import { isWordChar, type Rendered, render, type TextObject } from '../support/slackRendering.ts'

let seeds: Snapshot

beforeAll(async () => {
  seeds = await loadSnapshot('seeds')
})

const DESK_QUERIES = [
  'homs distance',
  'who leads the offensive',
  '"mother of all battles"',
  'outlet:sky hezbollah',
  'Talbiseh',
  'Abdurrahman',
  '5 km',
  'Russian air forces Hama',
  'Rustan bridge',
  'what did the defence minister say',
  'Homs',
  'Syria',
]

/** Every text object of a message, with where it is. */
function textObjects(message: SlackMessage): { where: string; object: TextObject }[] {
  const found: { where: string; object: TextObject }[] = []
  message.blocks.forEach((block, i) => {
    if ((block.type === 'section' || block.type === 'header') && block.text)
      found.push({ where: `block ${i}`, object: block.text as TextObject })
    if (block.type === 'context')
      for (const element of block.elements)
        if ('text' in element && typeof element.text === 'string')
          found.push({ where: `block ${i}`, object: element as TextObject })
  })
  return found
}

/**
 * Checks one answer message against its Answer: every text object renders without problems, and each quote shown is
 * the passage's exact text (or a prefix of it, marked "…"), its bold spans whole words holding a highlight.
 */
function checkAnswer(answer: Answer, message: SlackMessage): void {
  for (const { where, object } of textObjects(message))
    expect(render(object).problems, `${where}: ${object.text}`).toEqual([])
  const quoteBlocks = message.blocks.filter(
    (b) =>
      b.type === 'section' &&
      b.text &&
      (b.text.text.startsWith('>') || b.text.type === 'plain_text') &&
      b !== message.blocks[0],
  )
  expect(quoteBlocks.length).toBe(answer.hits.length)
  answer.hits.forEach((hit, i) => {
    const block = quoteBlocks[i]!
    if (block.type !== 'section' || !block.text) throw new Error('not a section')
    const shown = render(block.text as TextObject)
    const exact = hit.passage.text
    // Our own quotation marks, when added, and the ellipsis of a cut quote are not the quote.
    const added = shown.text.startsWith('“') && !exact.startsWith('“') ? 1 : 0
    let seen = shown.text.slice(added, shown.text.length - (added && shown.text.endsWith('”') ? 1 : 0))
    const cut = seen.endsWith('…') && !exact.endsWith('…')
    if (cut) seen = seen.replace(/ ?…$/, '')
    if (cut) expect(exact.startsWith(seen), `cut quote ${seen}`).toBe(true)
    else expect(seen).toBe(exact)
    expect(shown.text).not.toMatch(/^[“"]{2}|[”"]{2}$/) // never doubled quotation marks
    // The notification text too: its lines after the heading are the quotes.
    for (const line of message.text.split('\n').slice(1)) expect(line).not.toMatch(/^[“"]{2}|[”"]{2} — /)
    for (const span of shown.bold) {
      const start = span.start - added
      const end = span.end - added
      expect(isWordChar(exact[start - 1]), `bold starts inside a word at ${start}: ${exact}`).toBe(false)
      expect(isWordChar(exact[end]), `bold ends inside a word at ${end}: ${exact}`).toBe(false)
      expect(
        hit.highlights.some((h) => h.start < end && h.end > start),
        'bold without a highlight',
      ).toBe(true)
    }
  })
}

describe('answers render to the exact quote (seeds)', () => {
  it.each(DESK_QUERIES)('%s, every page', (query) => {
    let checked = 0
    for (let offset = 0; offset <= MAX_OFFSET; offset += PAGING.pageSize) {
      const answer = seeds.index.search(query, { limit: PAGING.pageSize, offset })
      if (answer.hits.length === 0) break
      checkAnswer(answer, answerMessage(answer))
      checkAnswer(answer, answerMessage(answer, { buttons: false, sharedBy: 'U0SHARER' }))
      checked += answer.hits.length
    }
    expect(checked).toBeGreaterThan(0)
  })
})

function corpusOf(texts: string[]): Snapshot {
  const template = {
    outlet: 'Example Times',
    wire: null,
    published: '2024-12-06',
    title: 'A headline',
    url: 'https://example.com/story',
    headings: [],
    removed: [],
  }
  const articles = texts.map(
    (text, i) =>
      ({ ...template, file: `own${i}.txt`, text, paragraphs: [{ start: 0, end: text.length }] }) as unknown as Article,
  )
  return buildSnapshot({ articles, problems: [] })
}

describe('text that mrkdwn would change is shown exactly', () => {
  const texts = [
    'Rebels were 5km from Homs at dawn (5km by road), a commander said on Friday.',
    'The *alleged* convoy reached Homs on Friday, officials said in a statement.',
    'Officials wrote the order in snake_case_files near Homs, a report said on Friday.',
    'Fighters were ~5 km from Homs, and the army said it had pulled back on Friday.',
    'Residents near Homs posted `curfew` notices and :fire: emoji online on Friday.',
    'See https://example.com/homs_report and #general for @here updates on Homs on Friday.',
    '“The battle for Homs has begun,” a rebel commander told reporters on Friday.',
    'AT&T engineers said the <b>network</b> near Homs was down on Friday morning.',
    'Al-Assad forces left al-Rastan, north of Homs, the observatory said on Friday.',
  ]
  const corpus = (): Snapshot => corpusOf(texts)

  it.each([
    'homs km',
    'alleged convoy homs',
    'snake homs',
    'fighters homs',
    'curfew homs',
    'homs report general',
    'battle homs',
    'network homs',
    'assad rastan homs',
  ])('%s', (query) => {
    const snapshot = corpus()
    const answer = snapshot.index.search(query, { limit: 10 })
    expect(answer.hits.length).toBeGreaterThan(0)
    checkAnswer(answer, answerMessage(answer))
  })

  it('the notification text adds quotation marks only where the quote has none of its own', () => {
    const { text } = answerMessage(corpus().index.search('battle homs', { limit: 10 }))
    expect(text).toContain('\n“The battle for Homs has begun,” a rebel commander told reporters on Friday. — Example')
    expect(text).toContain(
      '\n“AT&amp;T engineers said the &lt;b&gt;network&lt;/b&gt; near Homs was down on Friday morning.” — ',
    )
  })

  it('a highlight inside a word is widened to the whole word ("5km"), never bold mid-word', () => {
    const answer = corpus().index.search('homs km', { limit: 10 })
    const message = answerMessage(answer)
    const quote = message.blocks.find((b) => b.type === 'section' && b.text?.text.includes('5km'))!
    expect(quote.type === 'section' && quote.text!.text).toContain('(*5km* by road)')
  })

  it('a quote holding asterisks or emoji codes is plain text: no bold, no emoji, every character', () => {
    const answer = corpus().index.search('alleged convoy homs', { limit: 10 })
    const block = answerMessage(answer).blocks.find((b) => b.type === 'section' && b.text?.text.includes('*alleged*'))
    expect(block && block.type === 'section' && block.text).toMatchObject({ type: 'plain_text', emoji: false })
  })

  it('double escaping is gone: "AT&T homs" reads AT&T in the notification text and in the heading', () => {
    const message = answerMessage(corpus().index.search('AT&T homs', { limit: 5 }))
    expect(message.text).toContain('Coverage for “AT&amp;T homs”')
    expect(message.text).not.toContain('&amp;amp;')
    expect(
      render(
        message.blocks[0]!.type === 'section'
          ? (message.blocks[0].text as TextObject)
          : { type: 'plain_text', text: '' },
      ).text,
    ).toContain('“AT&T homs”')
  })

  it('a query holding formatting characters is echoed as plain text', () => {
    const message = answerMessage(corpus().index.search('*homs*', { limit: 5 }), { sharedBy: 'U0SHARER' })
    expect(message.blocks[0]).toMatchObject({ type: 'section', text: { type: 'plain_text' } })
    expect(JSON.stringify(message.blocks)).toContain('<@U0SHARER>')
  })
})

/** What a reader sees of a short message: its one block, and the notification text (the `text` fallback). */
function shown(message: SlackMessage): { block: Rendered; fallback: Rendered } {
  const block = message.blocks[0]
  if (message.blocks.length !== 1 || block?.type !== 'section' || !block.text) throw new Error('not a notice')
  return {
    block: render(block.text as TextObject),
    // Slack reads the fallback as mrkdwn (escaped, never auto-linked by us): the same model reads it.
    fallback: render({ type: 'mrkdwn', text: message.text, verbatim: true }),
  }
}

function expectReadsAs(message: SlackMessage, text: string): void {
  const { block, fallback } = shown(message)
  expect(block.problems).toEqual([])
  expect(block.text).toBe(text)
  expect(fallback.problems.filter((p) => p.startsWith('double escaping'))).toEqual([])
  expect(fallback.text).toBe(text)
}

describe('notices and add replies read exactly as written (escaped once)', () => {
  const intake = { dir: 'unused', producers: new Set(['U0PRODUCER']), fetch: loadIntakeConfig({}) }
  const store = new SnapshotStore()
  const ask = (text: string, user = 'U0PRODUCER') => answerAdd(intake, store, { text, user, command: '/syria' })

  it.each([
    'AT&T <network> & "quotes" — 5 > 3',
    LOADING_TEXT,
    APOLOGY_TEXT,
    'Say whose quotations, e.g. /syria quotes <a name from the coverage>',
  ])('noticeMessage(%j)', (text) => {
    expectReadsAs(noticeMessage(text), text)
  })

  it('an article added: outlet, headline and notes with & < > read as printed', () => {
    const message = addedMessage({
      article: { title: 'Jobs & homes <b>plan</b>', outlet: 'Express & Star', wire: 'AP', published: '2024-12-06' },
      passages: 12,
      notices: [{ message: 'says it is in fr (not English) & may be quoted wrongly' }],
    })
    expectReadsAs(
      message,
      'Added “Jobs & homes <b>plan</b>” — Express & Star (AP), 6 Dec 2024. 12 quotable passages; searchable in a few ' +
        'seconds. The page says it is in fr (not English) & may be quoted wrongly.',
    )
    expect(message.text).toContain('Express &amp; Star')
  })

  it('a headline with quotation marks of its own is not quoted again', () => {
    const article = { title: '“Not one step back”', outlet: 'Example Times', wire: null, published: null }
    expectReadsAs(
      addedMessage({ article, passages: 1, notices: [] }),
      'Added “Not one step back” — Example Times. 1 quotable passage; searchable in a few seconds.',
    )
  })

  it('a link refused: the link and the reason, its & shown once', () => {
    const error = new StorydeskError('ADD_FETCH_FAILED', 'the server answered 500 Internal Server Error & gave up', {
      hint: 'try <again> later',
    })
    expectReadsAs(
      notAddedMessage('https://example.org/story?a=1&b=2', error),
      'Not added: https://example.org/story?a=1&b=2 — the server answered 500 Internal Server Error & gave up (try ' +
        '<again> later).',
    )
  })

  it.each([
    ['https://example.org/a?b=1&amp;c=2', 'U0NOBODY', /^Only producers can add articles/],
    [
      'example.org/story',
      'U0PRODUCER',
      /^To add an article, give its link: \/syria add https:\/\/… \(http or https\)\.$/,
    ],
  ])('%j from %s: a refusal without formatting characters', async (text, user, reads) => {
    const { block } = shown(await ask(text, user))
    expect(block.problems).toEqual([])
    expect(block.text).toMatch(reads)
  })
})
