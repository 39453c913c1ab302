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

type AnswerRef = z.infer<typeof AnswerRefSchema>

function readRef(args: ButtonArgs): AnswerRef | null {
  const parsed = AnswerRefSchema.safeParse(safeJson(args.action.value))
  if (!parsed.success)
    args.logger.warn(
      `ignoring a ${args.action.action_id} button with an unreadable value: ${JSON.stringify(args.action.value)?.slice(0, 200)}`,
    )
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

/**
 * A button handler: ack, read the answer the button refers to, then `act` on it. A button with an
 * unreadable value gets a clear message; a failure, a short apology (and the error in the log).
 */
function buttonHandler(name: string, act: (args: ButtonArgs, ref: AnswerRef) => Promise<void>) {
  return async (args: ButtonArgs): Promise<void> => {
    const { ack, respond, body, logger } = args
    await ack()
    const privately = (text: string) =>
      respond({ response_type: 'ephemeral', replace_original: false, ...noticeMessage(text) })
    try {
      const ref = readRef(args)
      await (ref ? act(args, ref) : privately(EXPIRED))
    } catch (error) {
      logger.error(`${name} failed for ${body.user.id}:`, error)
      await privately(APOLOGY_TEXT).catch((e) => logger.error('could not send the apology:', e))
    }
  }
}

/** "Share in channel": posts the same answer publicly, headed "shared by @user", and removes the private copy. */
export function shareAnswer(deps: SlackDeps) {
  return buttonHandler('share', async ({ respond, body }, ref) => {
    const message = await answerQuery(deps, {
      query: ref.q,
      user: body.user.id,
      offset: ref.offset,
      counts: false,
      render: { buttons: false, sharedBy: body.user.id },
    })
    await respond({ response_type: 'in_channel', replace_original: false, ...message })
    await respond({ delete_original: true })
  })
}

/** "More results": the next page, replacing the current one. */
export function moreResults(deps: SlackDeps) {
  return buttonHandler('more results', async ({ respond, body }, ref) => {
    const message = await answerQuery(deps, { query: ref.q, user: body.user.id, offset: ref.offset, counts: false })
    await respond({ response_type: 'ephemeral', replace_original: true, ...message })
  })
}

export function registerActions(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(ACTION_IDS.share, shareAnswer(deps))
  app.action<BlockButtonAction>(ACTION_IDS.more, moreResults(deps))
}
