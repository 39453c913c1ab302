/**
 * The cleaning rules: each one names a kind of non-reporting text the scraped articles carry, says why it goes,
 * and how to recognise it. They are general (no file names, no outlet-specific offsets) and work on one trimmed
 * line at a time, with a little context (the line before, whether we are above the lede, past an edition trailer).
 * The engine that applies them is clean.ts.
 */
import { MONTH_PATTERN } from './dates.ts'
import { WIRE_ALIAS_PATTERN, WIRE_SERVICES, wireName } from './wires.ts'

/** What the engine knows when it looks at a block (a line, or the lines of one wrapped paragraph). */
export interface LineContext {
  /** The block, trimmed, with its line breaks read as spaces (offsets unchanged). */
  content: string
  /** The previous non-blank block: the id of the rule that removed it, or null when it was kept. */
  previousRule: string | null
  /** The previous non-blank block's trimmed text ('' at the top of the file). */
  previousContent: string
  /** No paragraph has been kept yet: page stamps, datelines and bylines can only appear up here. */
  beforeBody: boolean
  /** An edition trailer has been seen: nothing after it belongs to this article. */
  afterTrailer: boolean
}

interface RuleBase {
  /** Stable id, shown by `inspect` and stored on every Removal. */
  id: string
  /** Why the text is not reporting, in words a producer understands. */
  reason: string
}

/** Removes a whole block. */
export interface LineRule extends RuleBase {
  kind: 'line'
  matches(context: LineContext): boolean
  /** Set when, once this rule has fired, nothing after it in the file is this article. */
  endsArticle?: boolean
}

/** Cuts the start of a block above the lede (page stamps, datelines); the rest of the block is classified as usual. */
export interface PrefixRule extends RuleBase {
  kind: 'prefix'
  /** Length of the prefix to cut from `content`, or 0 when the rule does not apply. */
  prefixLength(content: string): number
}

/** Cuts the end of a kept block (a wire credit after the last sentence); the rest stays reporting. */
export interface SuffixRule extends RuleBase {
  kind: 'suffix'
  /** Index in `content` where the cut starts, or -1 when the rule does not apply. */
  suffixStart(content: string): number
}

export type CleaningRule = LineRule | PrefixRule | SuffixRule

/** The names wire services are credited by (see wires.ts, where a desk adds one). */
export const WIRE_AGENCIES: readonly string[] = WIRE_SERVICES.map((service) => service.name)
const WIRE_PATTERN = WIRE_ALIAS_PATTERN

// ---------------------------------------------------------------------------------------------------------------
// Shape of a heading. A real paragraph, even a one-sentence one, ends with terminal punctuation; a heading does not.

/** Longest line still treated as a heading (words / characters). Headlines run to about 15 words. */
export const MAX_HEADING_WORDS = 16
export const MAX_HEADING_CHARS = 160

/** Ends like a sentence: . ? ! … optionally followed by closing quotes or brackets. */
const ENDS_SENTENCE = /[.?!…]["'”’)\]]*$/
/** Ends like a lead-in to what follows ("He said:", a list, a dash): part of the reporting, not a heading. */
const ENDS_LEAD_IN = /[:;,\-–—]$/
const HAS_LETTER = /\p{L}/u
/** A full sentence inside the line ("… al-Sham. (HTS)"): reporting with a ragged end, never a heading. */
const HAS_SENTENCE = /[.?!…]["'”’)\]]*\s+["'“‘(]?\p{Lu}/u
/** The white space after a sentence end, before the next sentence's first letter. */
const SENTENCE_BOUNDARY = /[.?!…]["'”’)\]]*\s+(?=["'“‘(]?\p{Lu})/gu

export function endsSentence(content: string): boolean {
  return ENDS_SENTENCE.test(content)
}

/**
 * A headline in capitals ("BAHIA COCOA REVIEW", "U.S. OIL OUTPUT FALLS"): a short line with no lower-case letter.
 * Only where capitals mean something: in copy that is all capitals (old teletype) every line would be one.
 */
export function isCapitalsHeadline(content: string): boolean {
  if (content.length > MAX_HEADING_CHARS || /\p{Ll}/u.test(content)) return false
  const letters = content.match(/\p{Lu}/gu)?.length ?? 0
  return letters >= 4 && content.split(/\s+/).length <= MAX_HEADING_WORDS
}

/** A short line with at least one letter and no sentence-ending punctuation: a title, section head or link text. */
export function isHeadingShaped(content: string): boolean {
  if (content.length === 0 || content.length > MAX_HEADING_CHARS) return false
  if (
    !HAS_LETTER.test(content) ||
    ENDS_SENTENCE.test(content) ||
    ENDS_LEAD_IN.test(content) ||
    HAS_SENTENCE.test(content)
  )
    return false
  return content.split(/\s+/).length <= MAX_HEADING_WORDS
}

// ---------------------------------------------------------------------------------------------------------------
// Patterns shared with attribute.ts, which reads facts (outlet, date, wire) out of what these rules removed.

/** "This story is from the December 07, 2024 edition of The Independent." → date, publication. */
export const EDITION_TRAILER = /^This (?:story|article|piece) (?:is|was) from the (.{3,40}?) edition of (.{2,80}?)\.?$/i

/** "Source : Sky News" (a credit line; "Sources:" is a list of cited sources and is a different rule). */
export const SOURCE_CREDIT = /^Source\s*:\s*(\S.{0,60})$/i

/**
 * What a closing "Source: X" line credits. X is the publisher ("Sky News"), a wire service the copy came from
 * ("Reuters": the wire, never the outlet, since an aggregator that republishes wire copy is not Reuters), or nothing
 * that can be credited: a generic word ("wire", "Agencies", "Web Desk", "Staff"), several sources ("AFP, Reuters"), or
 * anything that is not written as a name.
 */
export function sourceCredit(content: string): { outlet: string } | { wire: string } | null {
  const named = SOURCE_CREDIT.exec(content)?.[1]
    ?.trim()
    .replace(/(?<![.;:,])[.;:,]+$/, '')
    .trim()
  if (!named) return null
  const wire = wireName(named) ?? wireName(named.replace(WIRE_SITE_SUFFIX, ''))
  if (wire) return { wire }
  if (!PUBLICATION_NAME.test(named) || SEVERAL_SOURCES.test(named) || GENERIC_SOURCE.test(named)) return null
  return { outlet: named }
}
/** "AFP News", "Reuters.com", "AP Wire": a wire's own service or site is the wire (when what is left is a wire). */
const WIRE_SITE_SUFFIX = /(?:\s+(?:News|NEWS|Wire|WIRE)|\.com)$/
/** A publication's name: it starts with a capital or a digit ("Sky News", "The Independent", "9News"); "wire" and "!" do not. */
const PUBLICATION_NAME = /^[\p{Lu}\p{N}][\p{L}\p{N}'’.&\- ]*$/u
/** "AFP, Reuters", "Reuters/AP", "AP and agencies", "Staff & wires", "Reuters - Sky News": more than one source. */
const SEVERAL_SOURCES = /[,;/&+|–—]|\s-+\s|\s(?:and|with|plus)\s/i
/** Words that name no publisher: "Agencies", "News agencies", "Wires", "Web Desk", "Staff", "Internet", "Media reports". */
const GENERIC_SOURCE =
  /\b(?:agenc(?:y|ies)|wires?|wire services?|news services?|desk|staff|bureaux?|bureaus|reports?|reporters?|correspondents?|newsroom|internet|web|online|social media|various|inputs?|sources?|others|team|compiled)\b/i

/** "World | December 6, 2024, Friday // 11:06| views" glued before the lede; group 1 is the date. */
export const SECTION_STAMP = new RegExp(
  "^(?:[A-Z][A-Za-z&' -]{0,30}?\\s*\\|\\s*)?" + // section name and a pipe
    `((?:${MONTH_PATTERN})\\.?\\s+\\d{1,2},?\\s+\\d{4})` + // the date, with a year
    '(?:,?\\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)?' + // weekday
    '(?:(?:\\s*(?:\\/\\/|,|-))?\\s*\\d{1,2}:\\d{2}(?:\\s*[AP]M)?)?' + // time (white space on one side of a separator only)
    '\\s*\\|\\s*(?:[\\d,.]+\\s*)?(?:views?(?![a-z]))?', // pipe and a (possibly empty) view count
)

/** "date 2024-12" (or "Date: 2024-12-06") glued before the lede; groups: year, month, day?. */
export const DATE_STAMP = /^date\s*(?::\s*)?(\d{4})-(\d{2})(?:-(\d{2}))?(?=\s|$)/i

// Datelines. The place is in capitals ("BEIRUT", "NEW YORK", "ST. LOUIS"), or in ordinary case when a wire credit
// follows ("Paris (AFP) -"); then a region ("Syria", "Calif.", "N.C."), a date ("Feb 26", "Dec. 6, 2024"), a wire
// credit ("(Reuters)"), and a colon or a dash (old ASCII feeds write "--" or "_").
const PLACE_CAPS = "[A-Z][A-Z'’.\\-]+(?: [A-Z][A-Z'’.\\-]+){0,3}"
const PLACE_ANY_CASE = "[A-Z][A-Za-z'’.\\-]+(?: [A-Z][A-Za-z'’.\\-]+){0,2}"
const REGION = '(?:,\\s*[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?){0,2}'
const DATELINE_DATE = `(?:,?\\s*(?<date>(?:${MONTH_PATTERN})\\.?\\s+\\d{1,2}(?:,?\\s+\\d{4})?))`
const DATELINE_WIRE = `\\s*\\((?<wire>${WIRE_ALIAS_PATTERN})\\)`
const DATELINE_DASH = '\\s*(?::|—|–|--?|_)(?:\\s+|$)'

/**
 * A dateline opening the lede, with a date and/or a wire credit: "BEIRUT, Dec 6: ", "BEIRUT (AP) — ",
 * "LONDON, March 2 (Reuters) - ", "NEW YORK, Feb 26 - ". Named groups: place, date, wire.
 */
export const DATELINE = new RegExp(
  `^(?<place>${PLACE_CAPS})${REGION}${DATELINE_DATE}?(?:${DATELINE_WIRE})?${DATELINE_DASH}`,
)
/** The same with the place in ordinary case, only before a wire credit: "Paris (AFP) - ". */
const DATELINE_ANY_CASE = new RegExp(
  `^(?<place>${PLACE_ANY_CASE})${REGION}${DATELINE_DATE}?${DATELINE_WIRE}${DATELINE_DASH}`,
)

/** A dateline without date or wire, only with a long dash before a capital: "BEIRUT — Syrian rebels…". */
export const BARE_DATELINE = new RegExp(`^(?<place>${PLACE_CAPS})${REGION}\\s+(?:—|--)\\s+(?=\\p{Lu})`, 'u')

/** " (AP)" after the last sentence of a paragraph: the copy's wire credit, not part of the sentence. */
export const WIRE_CREDIT = new RegExp(`(?<=[.?!…]["'”’)]?)\\s*\\((${WIRE_PATTERN})\\)$`)

/** A sign-off closing wire copy, on its own line: "Reuter", "Reuters", "(AP)", "AFP", "-- Reuters". */
export const SIGN_OFF = new RegExp(`^(?:[-–—]+\\s*)?\\(?(${WIRE_PATTERN})\\)?\\.?$`)

// Credit lines. Every pattern below reads one line (or one wrapped paragraph) that may be as long as a whole file, so
// each is written to take time in proportion to the line, whatever it holds: no two parts of a pattern may match the
// same text in two ways (a word is a name or a joiner, never both; white space belongs to one part), and the rules
// check a line's length or word count before any pattern runs. test/corpus/hostile.test.ts feeds every rule lines
// that would take minutes to reject if one pattern broke this.

/** Credit lines and bylines are short: a line longer than this is reporting (or a paragraph a rule must not read). */
export const MAX_CREDIT_CHARS = 500

/** A capitalised word of a name or a place ("Jane", "O'Neil", "J.R.", "Al-Sham"), never "And"/"AND" (a joiner). */
const CAP_WORD = "(?!(?:And|AND)(?![\\p{L}'’.\\-]))\\p{Lu}[\\p{L}'’.\\-]*"
/** Small words inside names ("Ali bin Hassan", "Ursula von Loe"); whole words only. */
const NAME_PARTICLE = "(?:de|da|del|der|dos|du|van|von|al|el|bin|ibn|la|le)(?![\\p{L}'’.\\-])"
/** One person's (or place's) name: capitalised words and particles, a space between each. */
const NAME = `${CAP_WORD}(?:\\s+(?:${CAP_WORD}|${NAME_PARTICLE}))*`
/** Between two names: a comma, "&", or "and" with space around it ("Jane Doe and John Roe", "JANE DOE AND JOHN ROE"). */
const NAME_JOINER = '(?:\\s*[,&]\\s*|\\s+(?:and|And|AND)\\s+)'

/** Credits for the people behind the copy: "Reporting by …; Editing by …", "(Additional reporting by …)". */
const CREDIT_ROLES =
  '(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Ee]dited|[Cc]ompiled|[Pp]roduced|[Rr]esearch|[Gg]raphics|[Ff]act-checking|[Tt]ranslat(?:ion|ed))'
/** "Reporting by", "Additional reporting by", "Reporting and writing by". */
const CREDIT_ROLE = `(?:(?:Additional|Further)\\s+)?${CREDIT_ROLES}(?:\\s+and\\s+${CREDIT_ROLES})?\\s+by`
/** Newsroom words a credit may name people by: "the Beijing bureau", "the Gaza team", "staff". */
const NEWSROOM_WORD = "(?:the|bureaux?|bureaus|desk|newsroom|staff|team|correspondents?|reporters?)(?![\\p{L}'’.\\-])"
/** Who a credit names: people, desks, and where they are ("Jane Doe in London", "the Cairo bureau"). */
const CREDITED_NAME = `(?:${NEWSROOM_WORD}\\s+)*${NAME}(?:\\s+${NEWSROOM_WORD})*`
/** Where they were: "in London", "at the United Nations" ("in Gaza City, Gaza": the region reads as one more name). */
const CREDITED_PLACE = `\\s+(?:in|at|from|for)\\s+(?:the\\s+)?${NAME}`
/** Contributors a credit may name without names, after the people: "… and agencies", "…, other wires". */
const GENERIC_CONTRIBUTORS = "(?:other\\s+)?(?:agencies|wires)(?![\\p{L}'’.\\-])"
// Generic contributors are lower case and a credited name starts with a capital: the two cannot read the same words.
const CREDIT_ENTRY = `${CREDIT_ROLE}\\s+${CREDITED_NAME}(?:${CREDITED_PLACE})?(?:${NAME_JOINER}${CREDITED_NAME}(?:${CREDITED_PLACE})?)*(?:${NAME_JOINER}${GENERIC_CONTRIBUTORS})?`
/** The start every credit line has: a role, "by", a capital. */
const CREDIT_START = new RegExp(`^\\(?\\s*${CREDIT_ROLE}\\s+(?:the\\s+)?\\p{Lu}`, 'u')
/**
 * A credit made only of names: roles with the people (and places) they credit, separated by semicolons or full
 * stops, in parentheses or not. "Reporting by Reuters and the BBC in 2019 first exposed …" is a sentence: its
 * "first exposed" names nobody.
 */
const CREDIT_OF_NAMES = new RegExp(
  // A full stop between two credits belongs to the name before it ("Doe. Editing by …": a name may hold full stops,
  // "J.R."), never to the separator too, or every credit after it could be read two ways.
  `^\\(?\\s*${CREDIT_ENTRY}(?:(?:\\s*[;,])?\\s+${CREDIT_ENTRY}|\\s*[;,]${CREDIT_ENTRY})*\\s*[.;]?\\s*\\)?\\.?$`,
  'u',
)
/**
 * A credit in parentheses whose first credit names only people and desks, and whatever follows it comes after a
 * semicolon: "(Reporting by the Cairo newsroom and agencies; this version corrects the date)". "(Research by the UN
 * found that …)" is reporting in brackets.
 */
const PARENTHESISED_CREDIT = new RegExp(`^\\(\\s*${CREDIT_ENTRY}\\s*(?:;[^()]*)?\\)\\.?$`, 'u')
/** A quotation mark: a credit quotes nobody. (’ is left out: names hold it, "O’Neil".) */
const QUOTATION_MARK = /["“”„«»‘]/
/** Ends as a lead-in to what follows ("… the minister said:"): a credit never does. */
const ENDS_AS_LEAD_IN = /:\s*\)?\.?$/

/**
 * A line of credits for the people behind the copy: it starts "Reporting by" (or another role), and has the shape
 * of a credit: only names in every credit ("Reporting by …; Editing by …"), or, in parentheses, names in the first
 * credit and a note after a semicolon. Anything else is a sentence: "Research by Amnesty International shows that
 * …", "Research by X shows …. Reporting by Reuters found …" (the text before a second role names more than people),
 * and never a block that quotes someone or ends with a colon. The same shapes hold anywhere in an article.
 */
export function isReportingCredit(content: string): boolean {
  return (
    content.length <= MAX_CREDIT_CHARS &&
    CREDIT_START.test(content) &&
    !QUOTATION_MARK.test(content) &&
    !ENDS_AS_LEAD_IN.test(content) &&
    (CREDIT_OF_NAMES.test(content) || PARENTHESISED_CREDIT.test(content))
  )
}

/**
 * A line that starts a credit, for the layout (it never continues the line before): in parentheses, or one with a
 * second credit after a semicolon (a wrapped credit's first line), or a whole credit.
 */
function opensCredit(content: string): boolean {
  return CREDIT_START.test(content) && (content.startsWith('(') || content.includes(';') || isReportingCredit(content))
}

/**
 * "Contributing: Jane Doe in Oslo and John Roe; The Associated Press": names (and where they were) only, so
 * "Contributing: a rise in rents, the report said." is a sentence.
 */
const CONTRIBUTING = new RegExp(
  `^Contributing(?:\\s+reporters?)?\\s*:\\s*${CREDITED_NAME}(?:${CREDITED_PLACE})?(?:(?:${NAME_JOINER}|\\s*;\\s*)${CREDITED_NAME}(?:${CREDITED_PLACE})?)*\\s*\\.?$`,
  'u',
)
/** How a "Contributing:" credit starts (a wrapped one's first line, if short, opens a block). */
const CONTRIBUTING_START = /^Contributing(?:\s+reporters?)?\s*:\s*\p{Lu}/u

function isContributing(content: string): boolean {
  return content.length <= MAX_CREDIT_CHARS && CONTRIBUTING.test(content)
}
const STANDARDS_NOTE = /^Our Standards\s*:/
/** The same credit glued after the last sentence of a paragraph: "… next week. (Reporting by Jane Doe)". */
export const REPORTING_CREDIT_INLINE = new RegExp(
  `(?<=[.?!…]["'”’)]?)\\s*\\(\\s*${CREDIT_ROLE}\\s+\\p{Lu}[^()]{0,300}\\)$`,
  'u',
)

/** "Associated Press writer Jane Doe in Cairo", "Reuters reporters", "The Associated Press staff": who contributed. */
const CONTRIBUTOR_START = new RegExp(
  `^(?:The\\s+)?(?:${WIRE_ALIAS_PATTERN})\\s+(?:\\p{L}+\\s+)?(?:writers?|reporters?|correspondents?|journalists?|photographers?|staff)\\b`,
  'u',
)
/**
 * "Associated Press writer Jane Doe in Cairo contributed to this report.", "CNN’s John Roe contributed reporting.",
 * "— The Associated Press contributed to this report", "(Reuters contributed reporting.)",
 * "Associated Press writers Jane Doe in Oslo and John Roe in Bergen contributed." Group 1: the wire. A wire opening
 * the line and "contributed" closing it, with what was contributed ("to this report", "reporting", "to this story
 * from Cairo") or, after a named writer ("Associated Press writers … contributed."), nothing.
 */
export const CONTRIBUTOR_LINE = new RegExp(
  `^(?:[-–—]+\\s*)?\\(?(?:The\\s+)?(${WIRE_ALIAS_PATTERN})\\b[\\s\\S]{0,300}?\\bcontributed(?<what>\\s+(?:(?:to\\s+)?(?:(?:this|the)\\s+)?(?:report|story|article|coverage)(?:ing)?|research)(?:\\s+(?:from|in)\\s+\\p{Lu}[^.;()]{0,60})?)?\\.?\\)?\\.?$`,
  'u',
)

/** A contributor line (CONTRIBUTOR_LINE; "contributed." alone only after a wire's writer, reporter, staff…). */
export function isContributorLine(content: string): boolean {
  if (content.length > MAX_CREDIT_CHARS) return false
  const m = CONTRIBUTOR_LINE.exec(content)
  return m !== null && (m.groups?.what !== undefined || CONTRIBUTOR_START.test(content))
}

/**
 * A copyright line: "© 2024 The Associated Press. All rights reserved.", "Copyright 1987 Reuters", "© Thomson
 * Reuters 2024", "(Copyright 1991 by The Associated Press. All Rights Reserved.)", "© Copyright 2024 AFP.", and the
 * notices that go with it: a © sign, or "Copyright" (or "(c)") followed by a year or a ©. "Copyright Office officials
 * rejected the claim in 2023." is reporting. Named groups: year, holder (up to the first full stop).
 */
const COPYRIGHT_WORD = '(?:Copyright|COPYRIGHT)'
const COPYRIGHT_SIGN = `(?:©(?:\\s*${COPYRIGHT_WORD}(?![\\p{L}]))?|${COPYRIGHT_WORD}\\s*(?:©|\\([Cc]\\))|(?:${COPYRIGHT_WORD}|\\([Cc]\\))(?=\\s*\\d{4}(?!\\d)))`
export const COPYRIGHT = new RegExp(
  `^\\(?\\s*${COPYRIGHT_SIGN}\\s*(?:(?<year>\\d{4})(?:\\s*[-–]\\s*\\d{4})?(?:\\s*,)?\\s*)?(?:by\\s+)?` +
    // The holder starts and ends with a character that is not white space, so the space around it is read once.
    `(?:(?<holder>[^\\s.\\d()](?:[^.\\d()]{0,78}[^\\s.\\d(),])?)(?:\\s*,)?\\s*)?(?:\\d{4}\\s*)?(?:[.)]|$)[\\s\\S]{0,400}$`,
  'u',
)
const COPYRIGHT_START = new RegExp(`^\\(?\\s*${COPYRIGHT_SIGN}`, 'u')
const RIGHTS_NOTICE =
  /^(?:All [Rr]ights [Rr]eserved\.?|ALL RIGHTS RESERVED\.?|This material may not be published, broadcast, rewritten,? or redistributed[\s\S]{0,120})$/

/** A copyright line (COPYRIGHT, short) or a rights notice on its own line. */
export function isCopyrightLine(content: string): boolean {
  return content.length <= MAX_CREDIT_CHARS && (COPYRIGHT.test(content) || RIGHTS_NOTICE.test(content))
}

/**
 * Transmission codes, end-of-story marks and separators from a wire feed: "&#3;", control characters, "-0-",
 * "(END)", "###", a line of underscores, dashes or asterisks ("___", "* * *").
 */
const TRANSMISSION = [
  /^(?:&#\d+;|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F])+$/,
  /^(?:-0-|-30-|\(?END\)?|ENDS|XXX)$/,
  /^(?:[-_=*#~+•·]\s*){3,}$/,
  /^AP-[A-Z]{2}-\d{2}-\d{2}-\d{2}\s+\d{4}[A-Z]{3}$/,
]

// Bylines: "By JANE DOE, Associated Press Writer", "By Jane Doe | CNN", "By Jane Doe and John Roe, Reuters", "BY
// JANE DOE", "By Jane Doe of The Associated Press". A byline names people (never read as the outlet); a wire named
// in it is the copy's credit. The names are taken as few as can be, so that what follows the last separator is the
// affiliation ("Associated Press Writer").
export const BYLINE = new RegExp(
  `^(?:By|BY)\\s+(?<people>${NAME}(?:${NAME_JOINER}${NAME})*?)` +
    `(?:(?:\\s*(?:,|\\||—|–|\\/)|\\s+-|\\s+(?:of|for|OF|FOR))\\s*(?<affiliation>\\p{Lu}[\\p{L}\\p{N}'’.&\\- ]{0,60}))?$`,
  'u',
)
/** Bylines run to a few names and an affiliation. */
const MAX_BYLINE_WORDS = 14
/** The part of an affiliation that says what the person does: "Associated Press Writer" → "Writer". */
const JOB_TITLE =
  '(?:(?:Senior|Chief|Staff|Special|Contributing|Business|Diplomatic|Political|Medical|Science|Economics|Foreign|Sports|Technology|Legal|Religion|Energy|Military|Security|National|International|White House|Associate|Deputy|Investigative)\\s+)*(?:Writer|Correspondent|Reporter|Editor|Journalist|Producer|Columnist|Contributor|Staff)s?\\.?'
const TRAILING_JOB_TITLE = new RegExp(`\\s*\\b${JOB_TITLE}$`, 'i')
/** A byline's second line: "Associated Press Writer" (or "AP", or "Staff Writer") under "By JANE DOE". */
const BYLINE_AFFILIATION = new RegExp(`^(?:(?:${WIRE_ALIAS_PATTERN})(?:\\s+${JOB_TITLE})?|${JOB_TITLE})$`)

/** True for a line of at most `max` words (counted without splitting the line: it may be a whole file). */
function hasAtMostWords(content: string, max: number): boolean {
  let words = 0
  let inWord = false
  for (let i = 0; i < content.length; i++) {
    const space = isSpace(content.charCodeAt(i))
    if (!space && !inWord && ++words > max) return false
    inWord = !space
  }
  return true
}

function isSpace(code: number): boolean {
  return (
    code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || (code > 0x7f && /\s/.test(String.fromCharCode(code)))
  )
}

/** The organisation a byline (or its second line) names, job title dropped ("Associated Press Writer" → "Associated Press"), or null. */
export function bylineAffiliation(content: string): string | null {
  if (content.length > MAX_CREDIT_CHARS) return null
  const affiliation = BYLINE.exec(content)?.groups?.affiliation ?? (BYLINE_AFFILIATION.test(content) ? content : null)
  const organisation = affiliation?.replace(TRAILING_JOB_TITLE, '').trim()
  return organisation ? organisation : null
}

/** A byline line: "By" and capitalised names (and an affiliation), short, not a sentence ("By Sunday, rebels had …" is one). */
export function isByline(content: string): boolean {
  // The cheap checks first: most lines do not start with "By", and a byline is a few words.
  if (!/^(?:By|BY)\s/.test(content) || content.length > MAX_CREDIT_CHARS) return false
  if (!hasAtMostWords(content, MAX_BYLINE_WORDS) || /[?!]$/.test(content)) return false
  return BYLINE.test(content) && !/\.$/.test(content.replace(TRAILING_JOB_TITLE, ''))
}

// ---------------------------------------------------------------------------------------------------------------
// Line patterns.

const PAYWALL = [
  /^Start your [\w -]{0,30}\bfree trial\b/i,
  /^Already a subscriber\s*\?\s*(?:Sign|Log)\s?in\.?$/i,
  /^(?:Subscribe|Sign in|Log in|Register) (?:now )?to (?:continue reading|read (?:the full|this|more))/i,
  /^This (?:article|story|content) is (?:only )?(?:available )?(?:to|for) (?:subscribers|premium members)/i,
]
/**
 * A call to sign up, subscribe, download or follow, about the site's newsletters, alerts, app or accounts: "Sign up
 * for our daily newsletter.", "Get our free Morning Briefing newsletter", "Download our app", "Follow us on X". One
 * short line, starting with the call, that reports nothing ("Follow the money, investigators said, …" is a sentence).
 */
const SIGN_UP_PROMO =
  /^(?:Sign up|Signup|Subscribe|Register|Get|Download|Follow|Join|Click here|Tap here)\s[^.!?]{0,100}?\b(?:newsletters?|bulletins?|briefings?|email alerts?|news alerts?|push alerts?|alerts|inbox|our app|the app|app store|google play|podcasts?|us on|our (?:channel|page|feed)|whatsapp channel|telegram channel)\b[^.!?]{0,100}[.!]?$/i
/** Promotions are one short line. */
const MAX_PROMO_CHARS = 220
const REPORTS = /\b(?:said|says|told|according)\b/i

function isSignUpPromo(content: string): boolean {
  return content.length <= MAX_PROMO_CHARS && SIGN_UP_PROMO.test(content) && !REPORTS.test(content)
}

const VIDEO_NOTICE = [
  /^Please use (?:the )?Chrome browser for a more accessible video player\.?$/i,
  /^(?:Your browser does not support (?:the )?(?:video|HTML5 video)|This video (?:can ?not|can't) be played|Video unavailable)\b.{0,80}$/i,
]

/** "2:18", "0:38", "1:02:10": a player's running time on a line of its own. */
const VIDEO_DURATION = /^\d{1,2}:\d{2}(?::\d{2})?$/

const READ_MORE =
  /^(?:Read more|Read also|Also read|More on this story|See also|Related(?: stor(?:y|ies)| articles?)?)\s*:/i
const READ_MORE_BARE =
  /^(?:Read more|Read also|Also read|More on this story|See also|Related(?: stor(?:y|ies)| articles?)?)\s*:$/i

/** Labels sites put on links to their other pieces ("Analysis: …", "Watch: …"). */
const STORY_LINK_LABEL =
  /^(?:Analysis|Explainer|Explained|Opinion|Comment|Live|Watch|Listen|Podcast|Video|In pictures|Timeline|Profile|Fact check|Long read)\s*:\s*\S/i

const IMAGE_CAPTION = [
  /^(?:Image|Images|Picture|Pictures|Photo|Photos|Pic|Pics)\s*:\s*\S/i,
  /\bPics?\s*:\s*[A-Z][A-Za-z .&/-]{0,40}$/,
]

/** A caption ending in a photographer/agency credit: "(Ghaith Alsayed/AP)". */
const PHOTO_CAPTION = /\(\s*[A-Z][^()/]{1,60}\/\s*[A-Z][A-Za-z .&-]{0,30}\)$/

const SOURCES_HEADER = /^(?:Sources|References)\s*:?$/i
const LIST_ITEM = /^[-–•*]\s*\S/

const NAVIGATION =
  /^(?:Back|Back to top|Go back|Next|Previous|Share|Share this (?:article|story)|Print|Advertisement|Skip to (?:main )?content|Continue reading|Comments)$/i

const VIDEO_RULES = new Set(['video-player', 'video-duration'])

// ---------------------------------------------------------------------------------------------------------------

/**
 * Whole-line rules, tried in order on every non-blank line; the first that matches removes the line. Order
 * matters only where two could match: the edition trailer first (it ends the article), context rules last.
 */
export const LINE_RULES: readonly LineRule[] = [
  {
    kind: 'line',
    id: 'edition-trailer',
    reason: 'The "This story is from the … edition of …" trailer closes the article; what follows is other stories',
    matches: (c) => EDITION_TRAILER.test(c.content),
    endsArticle: true,
  },
  {
    kind: 'line',
    id: 'paywall-promo',
    reason: 'Subscription, sign-in and newsletter promotion from the site, not reporting',
    matches: (c) => PAYWALL.some((p) => p.test(c.content)) || isSignUpPromo(c.content),
  },
  {
    kind: 'line',
    id: 'video-player',
    reason: 'Notice printed by an embedded video player',
    matches: (c) => VIDEO_NOTICE.some((p) => p.test(c.content)),
  },
  {
    kind: 'line',
    id: 'video-duration',
    reason: 'Running time of an embedded video',
    matches: (c) => VIDEO_DURATION.test(c.content),
  },
  {
    kind: 'line',
    id: 'read-more',
    reason: '"Read more:" link to another story (and its headline when the link text sits on the next line)',
    matches: (c) =>
      READ_MORE.test(c.content) ||
      (c.previousRule === 'read-more' && READ_MORE_BARE.test(c.previousContent) && isHeadingShaped(c.content)),
  },
  {
    kind: 'line',
    id: 'story-link',
    reason: 'Labelled link to another piece ("Analysis: …", "Watch: …"), not this article',
    matches: (c) => STORY_LINK_LABEL.test(c.content) && isHeadingShaped(c.content.replace(/\?$/, '')),
  },
  {
    kind: 'line',
    id: 'image-caption',
    reason: 'Image caption with picture credit ("Image: … Pic: AP"): describes a picture, not reporting',
    matches: (c) => IMAGE_CAPTION.some((p) => p.test(c.content)),
  },
  {
    kind: 'line',
    id: 'photo-caption',
    reason: 'Photo caption ending in a photographer/agency credit ("(Name/AP)")',
    matches: (c) => PHOTO_CAPTION.test(c.content) && !HAS_SENTENCE.test(c.content),
  },
  {
    kind: 'line',
    id: 'source-credit',
    reason:
      'Credit line naming the publisher or the wire ("Source : Sky News", "Source: Reuters"): attribution, not reporting',
    matches: (c) => SOURCE_CREDIT.test(c.content),
  },
  {
    kind: 'line',
    id: 'sources-list',
    reason: 'List of sources the piece cites ("Sources:" and its "- …" items): neither reporting nor the outlet',
    matches: (c) => SOURCES_HEADER.test(c.content) || (c.previousRule === 'sources-list' && LIST_ITEM.test(c.content)),
  },
  {
    kind: 'line',
    id: 'navigation',
    reason: 'Site navigation or widget text ("Back", "Share", "Advertisement")',
    matches: (c) => NAVIGATION.test(c.content),
  },
  {
    kind: 'line',
    id: 'sign-off',
    reason: 'Wire sign-off closing the copy ("Reuter", "(AP)", "AFP"): credits the wire, is not reporting',
    matches: (c) => SIGN_OFF.test(c.content),
  },
  {
    kind: 'line',
    id: 'byline',
    reason: 'Byline ("By JANE DOE, Associated Press Writer"): names the writer, not reporting and never the outlet',
    matches: (c) => isByline(c.content) || (c.previousRule === 'byline' && BYLINE_AFFILIATION.test(c.content)),
  },
  {
    kind: 'line',
    id: 'reporting-credit',
    reason: 'Credits for the people behind the copy ("Reporting by …; Editing by …"), not reporting',
    matches: (c) => isReportingCredit(c.content) || isContributing(c.content) || STANDARDS_NOTE.test(c.content),
  },
  {
    kind: 'line',
    id: 'contributor-line',
    reason: 'Closing credit ("Associated Press writer … contributed to this report"): who helped, not reporting',
    matches: (c) => isContributorLine(c.content),
  },
  {
    kind: 'line',
    id: 'copyright',
    reason: 'Copyright line and rights notice ("© 2024 The Associated Press. All rights reserved."), not reporting',
    matches: (c) => isCopyrightLine(c.content),
  },
  {
    kind: 'line',
    id: 'transmission',
    reason: 'Wire transmission codes, end-of-story marks and separator lines ("&#3;", "-0-", "(END)", "___"), not text',
    matches: (c) => TRANSMISSION.some((p) => p.test(c.content)),
  },
  {
    kind: 'line',
    id: 'after-edition-trailer',
    reason: 'After the edition trailer come teasers for other stories in the same edition; none of it is this article',
    matches: (c) => c.afterTrailer,
  },
  {
    kind: 'line',
    id: 'video-title',
    reason: 'Title of an embedded video (the short line right after the player), not a heading of this article',
    matches: (c) => c.previousRule !== null && VIDEO_RULES.has(c.previousRule) && isHeadingShaped(c.content),
  },
]

/** Prefix rules, tried in this order (repeatedly) on lines above the first paragraph. */
export const PREFIX_RULES: readonly PrefixRule[] = [
  {
    kind: 'prefix',
    id: 'section-stamp',
    reason: 'Page metadata (section | date // time | views) scraped onto the start of the lede',
    prefixLength: (s) => SECTION_STAMP.exec(s)?.[0].length ?? 0,
  },
  {
    kind: 'prefix',
    id: 'date-stamp',
    reason: 'A scraped "date YYYY-MM" stamp glued to the start of the lede',
    prefixLength: (s) => DATE_STAMP.exec(s)?.[0].length ?? 0,
  },
  {
    kind: 'prefix',
    id: 'dateline',
    reason:
      'Dateline ("BEIRUT, Dec 6:", "LONDON, March 2 (Reuters) -") before the first sentence: where and when, not part of the sentence',
    prefixLength: datelineLength,
  },
]

export const SUFFIX_RULES: readonly SuffixRule[] = [
  {
    kind: 'suffix',
    id: 'wire-credit',
    reason: 'Wire-agency credit after the last sentence ("… years. (AP)"): attribution, not part of the sentence',
    suffixStart: (s) => WIRE_CREDIT.exec(s)?.index ?? -1,
  },
  {
    kind: 'suffix',
    id: 'photo-caption-inline',
    reason: 'Photo caption run into the paragraph before it ("… Hama, Syria (Name/AP)"), after its last sentence',
    suffixStart: (s) => {
      if (!PHOTO_CAPTION.test(s)) return -1
      let tail = -1
      for (const m of s.matchAll(SENTENCE_BOUNDARY)) tail = m.index + m[0].length
      return tail > 0 && !HAS_SENTENCE.test(s.slice(tail)) ? tail : -1
    },
  },
  {
    kind: 'suffix',
    id: 'reporting-credit-inline',
    reason: 'Credit for the people behind the copy after the last sentence ("… (Reporting by …)"), not reporting',
    suffixStart: (s) => REPORTING_CREDIT_INLINE.exec(s)?.index ?? -1,
  },
]

/** A dateline at the start of a block: its length, and the date and wire it gives (as written). */
export interface DatelineMatch {
  length: number
  place: string
  date: string | null
  wire: string | null
}

/** The dateline opening `content`, or null. A capitalised place alone ("HTS: …") is no dateline. */
export function matchDateline(content: string): DatelineMatch | null {
  const m = DATELINE.exec(content) ?? DATELINE_ANY_CASE.exec(content)
  if (m?.groups && (m.groups.date !== undefined || m.groups.wire !== undefined)) {
    return { length: m[0].length, place: m.groups.place!, date: m.groups.date ?? null, wire: m.groups.wire ?? null }
  }
  const bare = BARE_DATELINE.exec(content)
  return bare ? { length: bare[0].length, place: bare.groups!.place!, date: null, wire: null } : null
}

function datelineLength(content: string): number {
  return matchDateline(content)?.length ?? 0
}

/** A line that is only a sign-off ("Reuter", "(AP)"): stands alone after a finished sentence, not after "Pic:". */
export function isSignOff(content: string): boolean {
  return SIGN_OFF.test(content)
}

/**
 * A line that ends a block whatever follows: it closes a caption with its picture credit ("… Pics: AP", "… (Name/AP)").
 */
export function closesBlock(content: string): boolean {
  return IMAGE_CAPTION[1]!.test(content) || PHOTO_CAPTION.test(content)
}

/**
 * How a line stands towards its neighbours when lines are grouped into paragraphs (layout.ts): 'alone' when it is a
 * whole unit by itself (a sign-off, a byline, a headline in capitals, a navigation label), so nothing joins it;
 * 'opens' when something new starts with it (a dateline, a credit or copyright line, a caption label, a list item),
 * so it never continues the line before; null for an ordinary line. `capitals`: the file is mostly capitals.
 */
export function lineBoundary(content: string, capitals: boolean): 'alone' | 'opens' | null {
  const dateline = datelineLength(content)
  if (dateline > 0) return dateline < content.length ? 'opens' : 'alone'
  if (
    SIGN_OFF.test(content) ||
    TRANSMISSION.some((p) => p.test(content)) ||
    isByline(content) ||
    BYLINE_AFFILIATION.test(content) ||
    (!capitals && isCapitalsHeadline(content)) ||
    NAVIGATION.test(content) ||
    VIDEO_DURATION.test(content) ||
    VIDEO_NOTICE.some((p) => p.test(content)) ||
    SOURCE_CREDIT.test(content) ||
    SOURCES_HEADER.test(content) ||
    READ_MORE_BARE.test(content)
  )
    return 'alone'
  if (
    opensCredit(content) ||
    isSignUpPromo(content) ||
    (content.length <= MAX_CREDIT_CHARS && CONTRIBUTING_START.test(content)) ||
    CONTRIBUTOR_START.test(content) ||
    COPYRIGHT_START.test(content) ||
    RIGHTS_NOTICE_START.test(content) ||
    EDITION_TRAILER_START.test(content) ||
    SECTION_STAMP.test(content) ||
    DATE_STAMP.test(content) ||
    VIDEO_NOTICE_START.test(content) ||
    PAYWALL.some((p) => p.test(content)) ||
    IMAGE_CAPTION[0]!.test(content) ||
    READ_MORE.test(content) ||
    STORY_LINK_LABEL.test(content) ||
    LIST_ITEM_START.test(content)
  )
    return 'opens'
  return null
}

const RIGHTS_NOTICE_START = /^(?:All [Rr]ights [Rr]eserved|ALL RIGHTS RESERVED|This material may not be published)/
const EDITION_TRAILER_START = /^This (?:story|article|piece) (?:is|was) from the /i
const VIDEO_NOTICE_START =
  /^(?:Please use (?:the )?Chrome browser|Your browser does not support|This video (?:can ?not|can't))/i
/** A list item opens a line: "• …", "* …", "- Telegram" (a dash before lower case is a wrapped line going on). */
const LIST_ITEM_START = /^(?:[•*]\s+\S|-\s+["“\p{Lu}])/u

/** Every rule, for documentation and `inspect`. */
export const RULES: readonly CleaningRule[] = [...LINE_RULES, ...PREFIX_RULES, ...SUFFIX_RULES]

export function ruleById(id: string): CleaningRule | undefined {
  return RULES.find((r) => r.id === id)
}
