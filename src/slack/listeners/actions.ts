import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt'
import { z } from 'zod'
import { ACTION_IDS, noticeMessage } from '../../render/blocks.ts'
import { APOLOGY_TEXT, answerQuery, type SlackDeps } from '../answering.ts'

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs

// A button's value comes back from Slack: check it like any other input.
const AnswerRefSchema = z.object({
  q: z.string().min(1).max(2000),
  offset: z.number().int().min(0).max(10_000),
  limit: z.number().int().min(1).max(20),
})

function readRef(args: ButtonArgs) {
  const parsed = AnswerRefSchema.safeParse(safeJson(args.action.value))
  if (!parsed.success) args.logger.warn(`ignoring a ${args.action.action_id} button with an unreadable value: ${JSON.stringify(args.action.value)?.slice(0, 200)}`)
  return parsed.success ? parsed.data : null
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '')
  } catch {
    return null
  }
}

const EXPIRED = 'This button no longer works. Ask again with /syria.'

/** "Share in channel": posts the same answer publicly, headed "shared by @user", and removes the private copy. */
export function shareAnswer(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    const { ack, respond, body, logger } = args
    await ack()
    try {
      const ref = readRef(args)
      if (!ref) return void (await respond({ response_type: 'ephemeral', replace_original: false, ...noticeMessage(EXPIRED) }))
      const message = await answerQuery(deps, { query: ref.q, user: body.user.id, offset: ref.offset, counts: false, render: { buttons: false, sharedBy: body.user.id } })
      await respond({ response_type: 'in_channel', replace_original: false, ...message })
      await respond({ delete_original: true })
    } catch (error) {
      logger.error(`share failed for ${body.user.id}:`, error)
      await respond({ response_type: 'ephemeral', replace_original: false, ...noticeMessage(APOLOGY_TEXT) }).catch((e) => logger.error('could not send the apology:', e))
    }
  }
}

/** "More results": the next page, replacing the current one. */
export function moreResults(deps: SlackDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    const { ack, respond, body, logger } = args
    await ack()
    try {
      const ref = readRef(args)
      if (!ref) return void (await respond({ response_type: 'ephemeral', replace_original: false, ...noticeMessage(EXPIRED) }))
      const message = await answerQuery(deps, { query: ref.q, user: body.user.id, offset: ref.offset, counts: false })
      await respond({ response_type: 'ephemeral', replace_original: true, ...message })
    } catch (error) {
      logger.error(`more results failed for ${body.user.id}:`, error)
      await respond({ response_type: 'ephemeral', replace_original: false, ...noticeMessage(APOLOGY_TEXT) }).catch((e) => logger.error('could not send the apology:', e))
    }
  }
}

export function registerActions(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(ACTION_IDS.share, shareAnswer(deps))
  app.action<BlockButtonAction>(ACTION_IDS.more, moreResults(deps))
}
