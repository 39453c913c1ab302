import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt'
import { runCommand } from '../../commands/router.ts'
import { responseUrlReply } from '../delivery.ts'
import { commandContext, type ListenerSpec } from '../requests.ts'

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs

/**
 * `/syria <text>`: dispatched by the command table (src/commands/router.ts): help, sources, add, quotes, check, or a
 * query. Answered privately through response_url. A payload without `text` is help.
 */
export const slashCommand: ListenerSpec<CommandArgs> = {
  kind: 'command',
  name: 'slash command',
  limited: true,
  read: ({ command }, deps) => ({
    user: command.user_id,
    channel: command.channel_id,
    text: typeof command.text === 'string' ? command.text : '',
    reply: responseUrlReply(deps.calls, command.response_url, { response_type: 'ephemeral' }),
  }),
  // The one front end that adds: its reply is private (see FrontEndOptions.adds).
  answer: (_args, request, deps) => runCommand(commandContext(deps, request.user, { adds: true }), request.text),
}
