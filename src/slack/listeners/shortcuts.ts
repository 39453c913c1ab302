import type { AllMiddlewareArgs, App, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt'
import { noticeMessage } from '../../render/blocks.ts'
import { APOLOGY_TEXT, answerQuery, type SlackDeps } from '../answering.ts'

export const FIND_COVERAGE_CALLBACK_ID = 'find_coverage'

/** Message shortcut "Find coverage": searches the selected message's text, answers privately. */
export function findCoverage(deps: SlackDeps) {
  return async ({
    shortcut,
    ack,
    respond,
    logger,
  }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs): Promise<void> => {
    await ack()
    try {
      const text = shortcut.message.text?.trim() ?? ''
      const message = text
        ? await answerQuery(deps, {
            query: text,
            user: shortcut.user.id,
            fromMessage: true,
            render: { searched: text },
          })
        : noticeMessage('That message has no text to search.')
      await respond({ response_type: 'ephemeral', ...message })
    } catch (error) {
      logger.error(`find coverage failed for ${shortcut.user.id}:`, error)
      await respond({ response_type: 'ephemeral', ...noticeMessage(APOLOGY_TEXT) }).catch((e) =>
        logger.error('could not send the apology:', e),
      )
    }
  }
}

export function registerShortcuts(app: App, deps: SlackDeps): void {
  app.shortcut<MessageShortcut>({ callback_id: FIND_COVERAGE_CALLBACK_ID, type: 'message_action' }, findCoverage(deps))
}
