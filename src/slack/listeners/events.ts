import { exampleQueries } from '../../search/advice.ts'
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt'
import { helpEntries, runCommand } from '../../commands/router.ts'
import { homeView, noticeMessage } from '../../render/blocks.ts'
import { answerQuery } from '../answering.ts'
import { conversationReply } from '../delivery.ts'
import { commandContext, type ListenerSpec } from '../requests.ts'

type MentionArgs = SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs
type MessageArgs = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs
type HomeArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs

/**
 * `@storydesk <question>` in a channel or thread: a public reply in the thread (a new thread under a top-level
 * message), dispatched like /syria, except `add` (it says to use the slash command, whose reply is private). A bare
 * mention inside a thread searches the thread's first message, and says so.
 */
export const appMention: ListenerSpec<MentionArgs> = {
  kind: 'event',
  name: 'app_mention',
  limited: true,
  read: ({ event, context }, deps) => {
    const mention = context.botUserId ? new RegExp(`<@${context.botUserId}(?:\\|[^>]*)?>`, 'g') : /^\s*<@[^>]+>/
    return {
      user: event.user ?? 'unknown',
      channel: event.channel,
      text: (event.text ?? '').replace(mention, ' ').trim(),
      reply: conversationReply(deps.calls, event.channel, event.thread_ts ?? event.ts),
    }
  },
  answer: async ({ event }, request, deps) => {
    if (request.text || !event.thread_ts)
      return runCommand(commandContext(deps, request.user, { buttons: false }), request.text)
    const replies = await deps.calls.call('conversations.replies', {
      channel: event.channel,
      ts: event.thread_ts,
      limit: 1,
      inclusive: true,
    })
    const messages = ((replies as { messages?: unknown }).messages ?? []) as { ts?: string; text?: string }[]
    const parent = messages.find((m) => m.ts === event.thread_ts) ?? messages[0]
    const parentText = parent?.text?.trim() ?? ''
    if (!parentText)
      return noticeMessage(
        'I could not read any text in the thread’s first message. Mention me with a question instead.',
      )
    return answerQuery(deps, {
      query: parentText,
      user: request.user,
      fromMessage: true,
      render: { buttons: false, searched: parentText },
    })
  },
}

/**
 * A direct message to the bot, dispatched like /syria, except `add` (the slash command adds). Edits, bot messages and
 * other subtypes are ignored.
 */
export const directMessage: ListenerSpec<MessageArgs> = {
  kind: 'event',
  name: 'message.im',
  limited: true,
  read: ({ message }, deps) => {
    if (message.channel_type !== 'im' || message.subtype !== undefined || ('bot_id' in message && message.bot_id))
      return null
    return {
      user: message.user,
      channel: message.channel,
      text: (message.text ?? '').trim(),
      reply: conversationReply(deps.calls, message.channel),
    }
  },
  answer: (_args, request, deps) => runCommand(commandContext(deps, request.user, { buttons: false }), request.text),
}

/** App Home: what Storydesk knows, how to ask, examples. Published with views.publish; nothing to reply. */
export const appHomeOpened: ListenerSpec<HomeArgs> = {
  kind: 'event',
  name: 'app_home_opened',
  limited: false,
  read: ({ event }) => (event.tab === 'home' ? { user: event.user, reply: null } : null),
  answer: async ({ event }, _request, deps) => {
    const snapshot = deps.store.current()
    await deps.calls.call('views.publish', {
      user_id: event.user,
      view: homeView(
        snapshot?.stats ?? null,
        snapshot?.articles ?? [],
        deps.command,
        helpEntries(),
        snapshot ? exampleQueries(snapshot.index) : [],
      ),
    })
    return null
  },
}
