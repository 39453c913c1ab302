import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt'
import { type SlackMessage, helpMessage, homeView, noticeMessage } from '../../render/blocks.ts'
import { APOLOGY_TEXT, answerQuery, type SlackDeps } from '../answering.ts'

/**
 * `@storydesk <question>` in a channel or thread: a public reply in the thread. A bare mention
 * inside a thread searches the thread's first message, and says so.
 */
export function appMention(deps: SlackDeps) {
  return async ({
    event,
    client,
    say,
    context,
    logger,
  }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    const threadTs = event.thread_ts ?? event.ts
    try {
      const mention = context.botUserId ? new RegExp(`<@${context.botUserId}(?:\\|[^>]*)?>`, 'g') : /^\s*<@[^>]+>/
      const question = (event.text ?? '').replace(mention, ' ').trim()
      let message: SlackMessage
      if (question !== '') {
        message = await answerQuery(deps, {
          query: question,
          user: event.user ?? 'unknown',
          render: { buttons: false },
        })
      } else if (event.thread_ts) {
        const replies = await client.conversations.replies({
          channel: event.channel,
          ts: event.thread_ts,
          limit: 1,
          inclusive: true,
        })
        const parent = replies.messages?.find((m) => m.ts === event.thread_ts) ?? replies.messages?.[0]
        const parentText = parent?.text?.trim() ?? ''
        message = parentText
          ? await answerQuery(deps, {
              query: parentText,
              user: event.user ?? 'unknown',
              fromMessage: true,
              render: { buttons: false, searched: parentText },
            })
          : noticeMessage(
              'I could not read any text in the thread’s first message. Mention me with a question instead.',
            )
      } else {
        message = helpMessage(deps.command)
      }
      await say({ ...message, thread_ts: threadTs })
    } catch (error) {
      logger.error(`app_mention failed in ${event.channel} at ${event.ts}:`, error)
      await say({ ...noticeMessage(APOLOGY_TEXT), thread_ts: threadTs }).catch((e) =>
        logger.error('could not send the apology:', e),
      )
    }
  }
}

/** A direct message to the bot is a query. Edits, bot messages and other subtypes are ignored. */
export function directMessage(deps: SlackDeps) {
  return async ({ message, say, logger }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    if (message.channel_type !== 'im' || message.subtype !== undefined || ('bot_id' in message && message.bot_id))
      return
    const text = (message.text ?? '').trim()
    try {
      const reply =
        text === '' || /^help\??$/i.test(text)
          ? helpMessage(deps.command)
          : await answerQuery(deps, { query: text, user: message.user, render: { buttons: false } })
      await say(reply)
    } catch (error) {
      logger.error(`direct message failed in ${message.channel} at ${message.ts}:`, error)
      await say(noticeMessage(APOLOGY_TEXT)).catch((e) => logger.error('could not send the apology:', e))
    }
  }
}

/** App Home: what Storydesk knows, how to ask, examples. */
export function appHomeOpened(deps: SlackDeps) {
  return async ({
    event,
    client,
    logger,
  }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return
    const snapshot = deps.store.current()
    try {
      await client.views.publish({
        user_id: event.user,
        view: homeView(snapshot?.stats ?? null, snapshot?.articles ?? [], deps.command),
      })
    } catch (error) {
      logger.error(`views.publish failed for ${event.user}:`, error)
    }
  }
}

export function registerEvents(app: App, deps: SlackDeps): void {
  app.event('app_mention', appMention(deps))
  app.message(directMessage(deps))
  app.event('app_home_opened', appHomeOpened(deps))
}
