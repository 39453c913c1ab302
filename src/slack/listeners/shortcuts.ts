import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt'
import { quotationWordsIn } from '../../quotes/index.ts'
import { noticeMessage } from '../../render/blocks.ts'
import { answerQuery, answerQuotation } from '../answering.ts'
import { responseUrlReply } from '../delivery.ts'
import type { ListenerSpec } from '../requests.ts'

export const FIND_COVERAGE_CALLBACK_ID = 'find_coverage'

type ShortcutArgs = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs

/**
 * Message shortcut "Find coverage": for a message holding a quotation (three words or more in quotation marks), which
 * outlets printed exactly those words and who said them; for any other message, a search of its text. Privately.
 */
export const findCoverage: ListenerSpec<ShortcutArgs> = {
  kind: 'shortcut',
  name: FIND_COVERAGE_CALLBACK_ID,
  limited: true,
  read: ({ shortcut }, deps) => ({
    user: shortcut.user.id,
    channel: shortcut.channel.id,
    text: shortcut.message.text?.trim() ?? '',
    reply: responseUrlReply(deps.calls, shortcut.response_url, { response_type: 'ephemeral' }),
  }),
  answer: async (_args, request, deps) => {
    const quotation = longestQuotation(request.text ?? '')
    if (quotation) return answerQuotation(deps, { by: 'words', query: quotation, fromMessage: true })
    return request.text
      ? answerQuery(deps, {
          query: request.text,
          user: request.user,
          fromMessage: true,
          render: { searched: request.text },
        })
      : noticeMessage('That message has no text to search.')
  },
}

/** The longest quotation of three words or more in a message's text, or null. */
export function longestQuotation(text: string): string | null {
  const quoted = quotationWordsIn(text).filter((words) => words.split(/\s+/).length >= 3)
  return quoted.sort((a, b) => b.length - a.length)[0] ?? null
}
