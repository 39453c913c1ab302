import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt'
import { type SlackMessage, helpMessage, noticeMessage, sourcesMessage } from '../../render/blocks.ts'
import { APOLOGY_TEXT, LOADING_TEXT, answerQuery, type SlackDeps } from '../answering.ts'

/** `/syria <query>`, `/syria help`, `/syria sources`: acked at once, answered privately through response_url. */
export function syriaCommand(deps: SlackDeps) {
  return async ({ command, ack, respond, logger }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack()
    try {
      const text = command.text.trim()
      const keyword = text.toLowerCase()
      let message: SlackMessage
      if (keyword === '' || keyword === 'help') message = helpMessage(deps.command)
      else if (keyword === 'sources') {
        const snapshot = deps.store.current()
        message = snapshot ? sourcesMessage(snapshot.articles) : noticeMessage(LOADING_TEXT)
      } else message = await answerQuery(deps, { query: text, user: command.user_id })
      await respond({ response_type: 'ephemeral', ...message })
    } catch (error) {
      logger.error(
        `/syria failed for user ${command.user_id} in ${command.channel_id} (query "${command.text}"):`,
        error,
      )
      await respond({ response_type: 'ephemeral', ...noticeMessage(APOLOGY_TEXT) }).catch((e) =>
        logger.error('could not send the apology:', e),
      )
    }
  }
}

export function registerCommands(app: App, deps: SlackDeps): void {
  app.command(deps.command, syriaCommand(deps))
}
