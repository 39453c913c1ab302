/**
 * `/syria add <link>`: a producer adds an article by link, as `npm run add` does (src/intake/add.ts: fetched safely,
 * written atomically into SEEDS_DIR, which live reload then indexes). Only Slack users listed in PRODUCERS may add;
 * anyone else gets a private refusal. The reply is private: what was added (outlet, headline, date, how many quotable
 * passages), or why it was not.
 *
 * Links only: a slash command never reads a file on the bot's machine.
 */
import type { IntakeConfig } from '../../config.ts'
import type { Article } from '../../corpus/types.ts'
import { type Problem, StorydeskError } from '../../errors.ts'
import { addArticle } from '../../intake/add.ts'
import { noticeMessage, type SlackMessage, withQuotationMarks } from '../../render/blocks.ts'
import { credit } from '../../render/attribution.ts'
import type { SnapshotStore } from '../../snapshot/store.ts'

/** What `/syria add` needs: where articles go, who may add, and how links are fetched. */
export interface SlackIntake {
  /** The articles folder (SEEDS_DIR). */
  dir: string
  /** Slack user IDs allowed to add (PRODUCERS). */
  producers: ReadonlySet<string>
  fetch: IntakeConfig
}

export interface AddRequest {
  /** What followed "add" in the command. */
  text: string
  /** The Slack user asking. */
  user: string
  /** The slash command's name, for the usage line. */
  command: string
}

/**
 * Answers `/syria add <link>`. Never throws for a refused link: the refusal is the answer.
 *
 * @example await answerAdd(intake, store, { text: 'https://example.org/story', user: 'U123', command: '/syria' })
 */
export async function answerAdd(
  intake: SlackIntake | null,
  store: SnapshotStore,
  request: AddRequest,
): Promise<SlackMessage> {
  if (!intake || intake.producers.size === 0) {
    return noticeMessage(
      'Adding articles from Slack is not switched on for this bot. An admin lists the producers who may add in the PRODUCERS setting.',
    )
  }
  if (!intake.producers.has(request.user)) {
    return noticeMessage(
      'Only producers can add articles to the coverage. Ask a producer to add it, or an admin to add you to PRODUCERS.',
    )
  }
  const link = linkFrom(request.text)
  if (!link) {
    return noticeMessage(`To add an article, give its link: ${request.command} add https://… (http or https).`)
  }
  try {
    const added = await addArticle(link, {
      dir: intake.dir,
      existing: store.current()?.articles,
      ...intake.fetch,
    })
    return addedMessage(added)
  } catch (error) {
    if (!(error instanceof StorydeskError)) throw error
    return notAddedMessage(link, error)
  }
}

// The messages below are built from raw text: noticeMessage escapes it once for Slack (render/blocks.ts).

/** The private reply to an article added: its headline, outlet, date, how many quotable passages, and any notes. */
export function addedMessage(added: {
  article: Pick<Article, 'title' | 'outlet' | 'wire' | 'published'>
  passages: number
  notices: readonly Pick<Problem, 'message'>[]
}): SlackMessage {
  const { article, passages } = added
  const headline = article.title ? withQuotationMarks(article.title) : 'an article without a headline'
  const notes = added.notices.map((n) => ` ${n.message.replace(/^says/, 'The page says')}.`).join('')
  return noticeMessage(
    `Added ${headline} — ${credit(article)}. ${passages} quotable passage${passages === 1 ? '' : 's'}; searchable in a few seconds.${notes}`,
  )
}

/** A link is echoed in full up to this length: the reply stays well within Slack's 3,000-character section. */
const MAX_LINK_SHOWN = 300

/** The private reply to a link refused: the link as the producer gave it (cut if long), and why. */
export function notAddedMessage(link: string, error: StorydeskError): SlackMessage {
  const shown = link.length <= MAX_LINK_SHOWN ? link : `${link.slice(0, MAX_LINK_SHOWN - 1)}…`
  return noticeMessage(`Not added: ${shown} — ${error.message}${error.hint ? ` (${error.hint})` : ''}.`)
}

/**
 * The link in what followed "add": Slack may send it as typed, or wrapped as <https://…> or <https://…|label>, with
 * "&" written as "&amp;". Null when there is no http(s) link.
 */
export function linkFrom(text: string): string | null {
  const first = text.trim().split(/\s+/)[0] ?? ''
  const unwrapped = /^<([^>|]+)(?:\|[^>]*)?>$/.exec(first)?.[1] ?? first
  const link = unwrapped.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  return /^https?:\/\/\S+$/i.test(link) ? link : null
}
