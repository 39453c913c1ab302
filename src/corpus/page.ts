/**
 * A web page → the article text a reader sees and the facts the page states about itself. Pure and deterministic:
 * the same markup always gives the same text (live reload and the index cache rely on it).
 *
 *   markup → parse5 (the HTML standard's tree building, as browsers do) → linkedom (a light DOM) →
 *     facts: JSON-LD NewsArticle, then Open Graph / article meta / canonical link / <title>   (read first: Readability
 *            changes the document)
 *     text:  Mozilla Readability (Firefox's Reader View) finds the article → its blocks as paragraphs, one blank line
 *            between them, under the headline
 *
 * Why this DOM: linkedom with Readability loads pages about three times as fast as jsdom, with far less memory
 * (BENCHMARKS.md). linkedom's own parser does not build the standard tree from broken markup (a page without <body>
 * lost its text), so parse5, the parser inside jsdom, builds the tree and hands linkedom well-formed markup.
 *
 * A page that is not an article (Readability finds none, or a page that says it is no article and reads like a list
 * of links) is a problem, not an article: it is reported with its name and skipped.
 */
import { Readability } from '@mozilla/readability'
import { parseHTML } from 'linkedom'
import { parse, serialize } from 'parse5'
import type { Problem } from '../errors.ts'
import { parsePartialDate } from './dates.ts'
import type { FactOrigin } from './types.ts'
import { wireName } from './wires.ts'

/**
 * The libraries whose versions decide the text extracted from a page. Written here, in the corpus source, because the
 * index cache is keyed by that source: a different version may extract a different text, so upgrading one must change
 * this line (test/corpus/page.test.ts fails until it does), and with it the cache key.
 */
export const EXTRACTION_LIBRARIES = { '@mozilla/readability': '0.6.0', linkedom: '0.18.15', parse5: '8.1.1' } as const

/** One fact a page states about itself, and where (`inspect` shows both). */
export interface PageFact {
  value: string
  origin: FactOrigin
}

/** What a page says about its own publication, each fact from the first source that gives it. */
export interface PageFacts {
  /** The publisher: JSON-LD publisher.name, else og:site_name. Never an author. */
  outlet: PageFact | null
  /** A wire service the page credits as author (JSON-LD author, article:author or author meta naming one). */
  wire: PageFact | null
  /** YYYY-MM-DD: the date as the page writes it (its own time zone), never shifted. */
  published: PageFact | null
  title: PageFact | null
  /** JSON-LD url, else the canonical link, else og:url (http(s) only), else the address it was fetched from. */
  url: PageFact | null
  /** The byline as the page gives it: people, shown by `inspect`, never the outlet. */
  byline: string | null
  /** The language the page declares ("en-US", "fr"), or null. */
  lang: string | null
}

export type ExtractedPage = { ok: true; text: string; facts: PageFacts } | { ok: false; problem: Problem }

export interface ExtractOptions {
  /** Where the page was fetched from: resolves a relative canonical link and is the URL of last resort. */
  url?: string
}

/** Shortest article text (characters, headline aside) Storydesk keeps from a page; less is a teaser or an error page. */
export const MIN_ARTICLE_CHARS = 200
/** A paragraph of prose: at least this long, ending like a sentence. */
const MIN_PROSE_CHARS = 60
/** More of the text than this in links, on a page that does not say it is an article: a list of links. */
const MAX_LINK_SHARE = 0.5

/**
 * Extracts the article of a page. `file` names the page in problem messages.
 *
 * @example
 * const page = extractPage('report.html', html)
 * if (page.ok) parseArticle('report.html', page.text, undefined, page.facts)
 */
export function extractPage(file: string, html: string, options: ExtractOptions = {}): ExtractedPage {
  const fail = (code: Problem['code'], message: string): ExtractedPage => ({
    ok: false,
    problem: { where: file, code, message },
  })
  let document: Document
  try {
    // parse5 builds the tree the HTML standard prescribes (implied <html>, <body>, closed <p>s); linkedom reads it back.
    document = parseHTML(serialize(parse(html))).document as unknown as Document
  } catch (error) {
    return fail('PAGE_UNREADABLE', `could not be read as HTML (${(error as Error).message}); skipped`)
  }

  const facts = readFacts(document, options.url)

  let content: Element | null = null
  try {
    const result = new Readability<Element>(document as never, { serializer: (node) => node as Element }).parse()
    content = result?.content ?? null
    if (!facts.page.title && result?.title?.trim()) {
      facts.page.title = { value: squeeze(result.title), origin: { source: 'page-meta', detail: '<title>' } }
    }
    // Who wrote it, as the page shows it: structured data, else what Readability found on the page, else meta tags.
    facts.page.byline ??= (result?.byline?.trim() ? squeeze(result.byline) : null) ?? facts.authorMeta
  } catch (error) {
    return fail('PAGE_UNREADABLE', `could not be read as an article (${(error as Error).message}); skipped`)
  }

  const paragraphs = content ? blocksOf(content) : []
  const title = facts.page.title?.value ?? null
  // Readability keeps the page's own <h1> when it sits inside the article: the headline is already on top.
  if (title && paragraphs.length > 0 && squeeze(paragraphs[0]!) === title) paragraphs.shift()
  const bodyChars = paragraphs.reduce((sum, p) => sum + p.length, 0)
  // Prose: a paragraph that reads as sentences. A front page or a list of links has headlines, not prose.
  const prose = paragraphs.filter((p) => p.length >= MIN_PROSE_CHARS && /[.?!]["'”’)]*$/.test(p))
  const links = content ? linkShare(content) : 0

  if (paragraphs.length === 0 || bodyChars === 0) {
    return fail(
      'PAGE_NOT_ARTICLE',
      'is not an article: no article text found on the page (a front page, a list of links or an empty page?); skipped',
    )
  }
  if (prose.length === 0 || (!facts.saysArticle && links > MAX_LINK_SHARE)) {
    return fail(
      'PAGE_NOT_ARTICLE',
      `is not an article: the page reads as headlines and links, not sentences (${prose.length} paragraphs of prose, ${Math.round(links * 100)}% of its text in links); skipped`,
    )
  }
  if (bodyChars < MIN_ARTICLE_CHARS) {
    return fail(
      'PAGE_NOT_ARTICLE',
      `is not an article: only ${bodyChars} characters of text on the page (a teaser, a paywall or an error page?); skipped`,
    )
  }
  const text = `${title ? `${title}\n\n` : ''}${paragraphs.join('\n\n')}\n`
  return { ok: true, text, facts: facts.page }
}

// ---------------------------------------------------------------------------------------------------------------
// Facts

/** Schema.org types that are articles (NewsArticle and its kin, and the generic ones sites use for news). */
const ARTICLE_TYPE =
  /^(?:\w*NewsArticle|Article|Report|BlogPosting|LiveBlogPosting|OpinionNewsArticle|ScholarlyArticle)$/

type JsonObject = Record<string, unknown>

function readFacts(
  document: Document,
  fetchedFrom: string | undefined,
): { page: PageFacts; saysArticle: boolean; authorMeta: string | null } {
  const page: PageFacts = {
    outlet: null,
    wire: null,
    published: null,
    title: null,
    url: null,
    byline: null,
    lang: null,
  }
  const set = (
    key: 'outlet' | 'wire' | 'published' | 'title' | 'url',
    value: string | null,
    origin: FactOrigin,
  ): void => {
    if (value && !page[key]) page[key] = { value, origin }
  }
  const ld = (detail: string): FactOrigin => ({ source: 'json-ld', detail })
  const meta = (detail: string): FactOrigin => ({ source: 'page-meta', detail })

  // 1. JSON-LD: the first article node.
  const nodes = jsonLdNodes(document)
  const article = nodes.find((node) => types(node).some((t) => ARTICLE_TYPE.test(t)))
  if (article) {
    const publisher = resolve(article.publisher, nodes)
    set(
      'outlet',
      text(publisher?.name ?? (typeof article.publisher === 'string' ? article.publisher : null)),
      ld('publisher.name'),
    )
    set('title', text(article.headline) ?? text(article.name), ld(article.headline ? 'headline' : 'name'))
    set('published', isoDay(text(article.datePublished)), ld('datePublished'))
    // The article's url, else the url of the page it is the main entity of (an @id is a name: its #fragment goes).
    const mainPage = resolve(article.mainEntityOfPage, nodes)
    const pageUrl =
      text(mainPage?.url) ?? text(mainPage?.['@id'])?.replace(/#[\s\S]*$/, '') ?? text(article.mainEntityOfPage)
    const url = text(article.url)
    set('url', httpUrl(url ?? pageUrl, fetchedFrom), ld(url ? 'url' : 'mainEntityOfPage'))
    const authors = names(article.author, nodes)
    const wire = authors.map(wireName).find((w) => w !== null) ?? null
    set('wire', wire, ld('author'))
    if (authors.length > 0) page.byline = authors.join(', ')
    page.lang = text(article.inLanguage)
  }

  // 2. Open Graph, article and other meta tags, the canonical link, <time>.
  const metas = new Map<string, string>()
  for (const element of document.querySelectorAll('meta')) {
    const key = (element.getAttribute('property') ?? element.getAttribute('name') ?? element.getAttribute('itemprop'))
      ?.trim()
      .toLowerCase()
    const content = element.getAttribute('content')?.trim()
    if (key && content && !metas.has(key)) metas.set(key, content)
  }
  set('outlet', metas.get('og:site_name') ?? null, meta('og:site_name'))
  set('title', metas.get('og:title') ?? null, meta('og:title'))
  for (const key of [
    'article:published_time',
    'og:article:published_time',
    'datepublished',
    'parsely-pub-date',
    'dc.date.issued',
  ]) {
    set('published', isoDay(metas.get(key) ?? null), meta(key))
  }
  const canonical = document.querySelector('link[rel~="canonical"]')?.getAttribute('href') ?? null
  set('url', httpUrl(canonical, fetchedFrom ?? metas.get('og:url')), meta('canonical link'))
  set('url', httpUrl(metas.get('og:url') ?? null, fetchedFrom), meta('og:url'))
  set('url', httpUrl(fetchedFrom ?? null, undefined), meta('fetched from'))
  const authorMeta = metas.get('article:author') ?? metas.get('author') ?? null
  set('wire', authorMeta ? wireName(authorMeta) : null, meta(metas.has('article:author') ? 'article:author' : 'author'))
  page.lang ??=
    document.documentElement?.getAttribute('lang')?.trim() ||
    metas.get('og:locale')?.replace('_', '-') ||
    metas.get('content-language') ||
    null

  const ogType = metas.get('og:type')?.toLowerCase()
  const itemType = document.documentElement?.getAttribute('itemtype') ?? ''
  const saysArticle = article !== undefined || ogType === 'article' || /Article|BlogPosting/.test(itemType)
  return { page, saysArticle, authorMeta: authorMeta && !/^https?:/.test(authorMeta) ? squeeze(authorMeta) : null }
}

/** Every JSON-LD object on the page, @graph members included; a script that is not valid JSON is ignored. */
function jsonLdNodes(document: Document): JsonObject[] {
  const nodes: JsonObject[] = []
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit)
    else if (value && typeof value === 'object') {
      nodes.push(value as JsonObject)
      const graph = (value as JsonObject)['@graph']
      if (graph) visit(graph)
    }
  }
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    const source = (script.textContent ?? '').replace(/^\s*(?:<!\[CDATA\[|<!--)|(?:\]\]>|-->)\s*$/g, '')
    try {
      visit(JSON.parse(source))
    } catch {
      // A broken script says nothing; the meta tags still speak.
    }
  }
  return nodes
}

function types(node: JsonObject): string[] {
  const type = node['@type']
  return (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string')
}

/** A node, or the node a {"@id": …} reference points to elsewhere in the page's JSON-LD. */
function resolve(value: unknown, nodes: readonly JsonObject[]): JsonObject | null {
  const node = Array.isArray(value) ? value[0] : value
  if (!node || typeof node !== 'object') return null
  const id = (node as JsonObject)['@id']
  if (typeof id === 'string' && Object.keys(node).length === 1) {
    return nodes.find((other) => other !== node && other['@id'] === id && Object.keys(other).length > 1) ?? null
  }
  return node as JsonObject
}

function names(value: unknown, nodes: readonly JsonObject[]): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return list
    .map((item) => (typeof item === 'string' ? item : text(resolve(item, nodes)?.name)))
    .filter((name): name is string => name !== null)
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? squeeze(value) : null
}

/** The calendar day a timestamp states, as written ("2015-07-10T09:53:00-04:00" → "2015-07-10"), or null. */
function isoDay(value: string | null): string | null {
  const day = value ? /^(\d{4}-\d{2}-\d{2})(?:$|[T\s])/.exec(value.trim())?.[1] : undefined
  return day && parsePartialDate(day)?.day ? day : null
}

/** An absolute http(s) URL (a relative one resolved against `base`), or null. */
function httpUrl(value: string | null, base: string | undefined): string | null {
  if (!value) return null
  try {
    const url = new URL(value.trim(), base)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

function squeeze(value: string): string {
  return value.replace(/\s+/g, ' ').trim()
}

// ---------------------------------------------------------------------------------------------------------------
// Text: the article element's blocks as paragraphs.

/** Elements that start and end a block of text. */
const BLOCK_ELEMENTS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'CENTER',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'THEAD',
  'TFOOT',
  'TR',
  'UL',
])
/** Elements whose text is not the article's: code, media, captions (they describe a picture, not the story). */
const SKIPPED_ELEMENTS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'MATH',
  'CANVAS',
  'VIDEO',
  'AUDIO',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'BUTTON',
  'SELECT',
  'TEXTAREA',
  'INPUT',
  'FIGCAPTION',
  'PICTURE',
  'IMG',
])

/**
 * The text blocks of an element, in order: each block element's text with white space collapsed as a browser
 * shows it, a <br> kept as a line break, table cells separated by a tab, <pre> kept as written.
 */
/** Marks a table cell's edge while a block is collected (a control character no article text uses). */
const CELL = '\u0001'

function blocksOf(root: Element): string[] {
  const blocks: string[] = []
  let buffer = ''
  const flush = (): void => {
    const lines = buffer
      .split('\n')
      .map((line) =>
        line
          .replace(/[ \u0001]+/g, (run) => (run.includes(CELL) ? '\t' : ' '))
          // The lookbehind starts the trailing run at its first character only: one pass over a long run of spaces.
          .replace(/^[\t \u00a0]+|(?<![\t \u00a0])[\t \u00a0]+$/g, ''),
      )
      .filter((line) => line !== '')
    if (lines.length > 0) blocks.push(lines.join('\n'))
    buffer = ''
  }
  let quoteDepth = 0
  const walk = (node: Node): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3 /* text */) {
        buffer += (child.textContent ?? '').replace(/[\t\n\r\f]/g, ' ')
        continue
      }
      if (child.nodeType !== 1 /* element */) continue
      const element = child as Element
      const tag = element.tagName.toUpperCase()
      if (SKIPPED_ELEMENTS.has(tag) || element.getAttribute('hidden') !== null) continue
      if (tag === 'BR') buffer += '\n'
      else if (tag === 'PRE') {
        flush()
        const pre = (element.textContent ?? '').replace(/\r\n?/g, '\n')
        for (const line of pre.split('\n')) if (line.trim()) blocks.push(line.trimEnd())
      } else if (tag === 'TD' || tag === 'TH') {
        buffer += CELL
        walk(element)
        buffer += CELL
      } else if (tag === 'Q') {
        // A browser shows <q> in quotation marks (‘ ’ inside another <q>): they are part of the text as read.
        const [open, close] = quoteDepth % 2 === 0 ? ['“', '”'] : ['‘', '’']
        quoteDepth++
        buffer += open
        walk(element)
        buffer += close
        quoteDepth--
      } else if (BLOCK_ELEMENTS.has(tag)) {
        flush()
        walk(element)
        flush()
      } else walk(element)
    }
  }
  walk(root)
  flush()
  return blocks
}

/** Share of an element's text that sits inside links. */
function linkShare(root: Element): number {
  const all = (root.textContent ?? '').replace(/\s+/g, '').length
  if (all === 0) return 0
  let linked = 0
  for (const a of root.querySelectorAll('a')) linked += (a.textContent ?? '').replace(/\s+/g, '').length
  return linked / all
}
