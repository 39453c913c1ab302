import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt'
import { z } from 'zod'
import { ACTION_IDS, MAX_OFFSET, noticeMessage } from '../../render/blocks.ts'
import { answerQuery, type SlackDeps } from '../answering.ts'
import { type Outgoing, responseUrlReply } from '../delivery.ts'
import type { ListenerSpec } from '../requests.ts'

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs

// A button's value comes back from Slack: check it like any other input. Older buttons also carry `limit`: the page
// size is ours to decide (PAGING), so it is ignored. An offset past the last page is a forged button.
const AnswerRefSchema = z.object({
  q: z.string().min(1).max(2000),
  offset: z.number().int().min(0).max(MAX_OFFSET),
})

type AnswerRef = z.infer<typeof AnswerRefSchema>

function readRef(value: string | undefined): AnswerRef | null {
  try {
    const parsed = AnswerRefSchema.safeParse(JSON.parse(value ?? ''))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** The offset a button's value asks for, when it says one (a forged page past the last), for the log. */
function offsetIn(value: string): number | undefined {
  try {
    const offset = (JSON.parse(value) as { offset?: unknown } | null)?.offset
    return typeof offset === 'number' ? offset : undefined
  } catch {
    return undefined
  }
}

/** A button on an answer: read its answer reference; an unreadable one gets a clear message instead. */
function button(
  name: string,
  act: (ref: AnswerRef, args: ButtonArgs, deps: SlackDeps) => Promise<Outgoing | Outgoing[]>,
): ListenerSpec<ButtonArgs> {
  return {
    kind: 'action',
    name,
    limited: true,
    read: ({ body, action }, deps) => ({
      user: body.user.id,
      channel: body.channel?.id,
      text: readRef(action.value)?.q ?? '',
      reply: responseUrlReply(deps.calls, body.response_url, { response_type: 'ephemeral', replace_original: false }),
    }),
    answer: async (args, _request, deps) => {
      const ref = readRef(args.action.value)
      if (ref) return act(ref, args, deps)
      // The value holds a query: its length and offset only, its text at debug (as for every request, requests.ts).
      const value = String(args.action.value ?? '')
      deps.log.warn(
        {
          event: 'action.unreadable',
          name,
          valueLength: value.length,
          offset: offsetIn(value),
          ...(deps.log.isLevelEnabled('debug') ? { value: value.slice(0, 200) } : {}),
        },
        `a ${name} button with an unreadable value`,
      )
      return noticeMessage(`This button no longer works. Ask again with ${deps.command}.`)
    },
  }
}

/** "Share in channel": posts the same answer publicly, headed "shared by @user", and removes the private copy. */
export const shareAnswer = button(ACTION_IDS.share, async (ref, { body }, deps) => {
  const message = await answerQuery(deps, {
    query: ref.q,
    user: body.user.id,
    offset: ref.offset,
    render: { buttons: false, sharedBy: body.user.id },
  })
  return [{ response_type: 'in_channel', replace_original: false, ...message }, { delete_original: true }]
})

/** "More results": the next page, replacing the current one. */
export const moreResults = button(ACTION_IDS.more, async (ref, { body }, deps) => {
  const message = await answerQuery(deps, { query: ref.q, user: body.user.id, offset: ref.offset })
  return { response_type: 'ephemeral', replace_original: true, ...message }
})
