import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt'
import { noticeMessage } from '../../render/blocks.ts'
import { answerQuery } from '../answering.ts'
import { responseUrlReply } from '../delivery.ts'
import type { ListenerSpec } from '../requests.ts'

export const FIND_COVERAGE_CALLBACK_ID = 'find_coverage'

type ShortcutArgs = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs

/** Message shortcut "Find coverage": searches the selected message's text, answers privately. */
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
  answer: async (_args, request, deps) =>
    request.text
      ? answerQuery(deps, {
          query: request.text,
          user: request.user,
          fromMessage: true,
          render: { searched: request.text },
        })
      : noticeMessage('That message has no text to search.'),
}
