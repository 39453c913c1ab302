/**
 * The cleaning rules: each one names a kind of non-reporting text the scraped articles carry, says why it goes,
 * and how to recognise it. They are general (no file names, no outlet-specific offsets) and work on one trimmed
 * line at a time, with a little context (the line before, whether we are above the lede, past an edition trailer).
 * The engine that applies them is clean.ts.
 */
import { MONTH_PATTERN } from './dates.ts'

/** What the engine knows when it looks at a line. */
export interface LineContext {
  /** The line, trimmed. */
  content: string
  /** The previous non-blank line: the id of the rule that removed it, or null when it was kept. */
  previousRule: string | null
  /** The previous non-blank line's trimmed text ('' at the top of the file). */
  previousContent: string
  /** No paragraph has been kept yet: page stamps and datelines can only appear up here. */
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

/** Removes a whole line. */
export interface LineRule extends RuleBase {
  kind: 'line'
  matches(context: LineContext): boolean
  /** Set when, once this rule has fired, nothing after it in the file is this article. */
  endsArticle?: boolean
}

/** Cuts the start of a line above the lede (page stamps, datelines); the rest of the line is classified as usual. */
export interface PrefixRule extends RuleBase {
  kind: 'prefix'
  /** Length of the prefix to cut from `content`, or 0 when the rule does not apply. */
  prefixLength(content: string): number
}

/** Cuts the end of a kept line (a wire credit after the last sentence); the rest stays reporting. */
export interface SuffixRule extends RuleBase {
  kind: 'suffix'
  /** Index in `content` where the cut starts, or -1 when the rule does not apply. */
  suffixStart(content: string): number
}

export type CleaningRule = LineRule | PrefixRule | SuffixRule

/**
 * Wire agencies whose bracketed credit ("(AP)") marks copy as theirs. Data, not logic: a desk adds agencies here.
 * Only these count, so a bracketed abbreviation in the reporting ("(HTS)") is never read as a credit.
 */
export const WIRE_AGENCIES: readonly string[] = [
  'AP',
  'AFP',
  'Reuters',
  'PA',
  'UPI',
  'dpa',
  'DPA',
  'EFE',
  'ANSA',
  'Xinhua',
  'Kyodo',
  'Yonhap',
  'PTI',
  'ANI',
  'IANS',
]
const WIRE_PATTERN = WIRE_AGENCIES.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')

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

export function endsSentence(content: string): boolean {
  return ENDS_SENTENCE.test(content)
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

/** "World | December 6, 2024, Friday // 11:06| views" glued before the lede; group 1 is the date. */
export const SECTION_STAMP = new RegExp(
  "^(?:[A-Z][A-Za-z&' -]{0,30}?\\s*\\|\\s*)?" + // section name and a pipe
    `((?:${MONTH_PATTERN})\\.?\\s+\\d{1,2},?\\s+\\d{4})` + // the date, with a year
    '(?:,?\\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)?' + // weekday
    '(?:\\s*(?:\\/\\/|,|-)?\\s*\\d{1,2}:\\d{2}(?:\\s*[AP]M)?)?' + // time
    '\\s*\\|\\s*(?:[\\d,.]+\\s*)?(?:views?(?![a-z]))?', // pipe and a (possibly empty) view count
)

/** "date 2024-12" (or "Date: 2024-12-06") glued before the lede; groups: year, month, day?. */
export const DATE_STAMP = /^date\s*:?\s*(\d{4})-(\d{2})(?:-(\d{2}))?(?=\s|$)/i

/**
 * A dateline: a capitalised place, then a date and/or a wire credit, then ":" or a dash.
 * "BEIRUT, Dec 6: ", "BEIRUT (AP) — ", "UNITED NATIONS, Dec 6 (Reuters) - ". Groups: place, date, wire.
 */
export const DATELINE = new RegExp(
  "^([A-Z][A-Z'’.\\-]+(?: [A-Z][A-Z'’.\\-]+){0,3})" + // PLACE IN CAPITALS
    '(?:,\\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?)?' + // , Country
    `(?:,?\\s*((?:${MONTH_PATTERN})\\.?\\s+\\d{1,2}(?:,\\s*\\d{4})?))?` + // , Dec 6[, 2024]
    `\\s*(?:\\((${WIRE_PATTERN})\\))?` + // (AP)
    '\\s*(?::|—|–|--?)\\s+',
)

/** " (AP)" after the last sentence of a paragraph: the copy's wire credit, not part of the sentence. */
export const WIRE_CREDIT = new RegExp(`(?<=[.?!…]["'”’)]?)\\s*\\((${WIRE_PATTERN})\\)$`)

// ---------------------------------------------------------------------------------------------------------------
// Line patterns.

const PAYWALL = [
  /^Start your [\w -]{0,30}\bfree trial\b/i,
  /^Already a subscriber\s*\?\s*(?:Sign|Log)\s?in\.?$/i,
  /^(?:Subscribe|Sign in|Log in|Register) (?:now )?to (?:continue reading|read (?:the full|this|more))/i,
  /^This (?:article|story|content) is (?:only )?(?:available )?(?:to|for) (?:subscribers|premium members)/i,
]

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
    reason: 'Subscription and sign-in promotion from the site, not reporting',
    matches: (c) => PAYWALL.some((p) => p.test(c.content)),
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
    matches: (c) => PHOTO_CAPTION.test(c.content),
  },
  {
    kind: 'line',
    id: 'source-credit',
    reason: 'Credit line naming the publisher ("Source : Sky News"): attribution, not reporting',
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
    reason: 'Dateline ("BEIRUT, Dec 6:") before the first sentence: where and when, not part of the sentence',
    prefixLength: (s) => {
      const m = DATELINE.exec(s)
      // Only a real dateline: a capitalised place alone ("HTS: …") is not enough, it needs a date or a wire credit.
      return m !== null && (m[2] !== undefined || m[3] !== undefined) ? m[0].length : 0
    },
  },
]

export const SUFFIX_RULES: readonly SuffixRule[] = [
  {
    kind: 'suffix',
    id: 'wire-credit',
    reason: 'Wire-agency credit after the last sentence ("… years. (AP)"): attribution, not part of the sentence',
    suffixStart: (s) => WIRE_CREDIT.exec(s)?.index ?? -1,
  },
]

/** Every rule, for documentation and `inspect`. */
export const RULES: readonly CleaningRule[] = [...LINE_RULES, ...PREFIX_RULES, ...SUFFIX_RULES]

export function ruleById(id: string): CleaningRule | undefined {
  return RULES.find((r) => r.id === id)
}
