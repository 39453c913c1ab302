/**
 * Slack's verdict on the bot token. At start `verifyBotToken` calls auth.test: a token Slack rejects stops the process
 * (exit 2, with what to do); Slack unreachable is retried with back-off for up to `startBudgetMs`. While running,
 * `TokenMonitor` hears from every Web API call (delivery.ts): a rejected token makes /healthz unhealthy, and auth.test
 * is asked again every `recheckMs` until Slack takes the token again.
 *
 * @example
 * const identity = await verifyBotToken(client, log)      // { botUserId, botId, team }
 * const monitor = new TokenMonitor(client, log, identity)
 * health.add('slack', () => monitor.report())
 */
import type { webApi } from '@slack/bolt'
import { StorydeskError } from '../errors.ts'
import { TOKEN_REJECTED } from './delivery.ts'
import type { ComponentReport } from './health.ts'
import { reasonOf, type Logger } from './logger.ts'

export const AUTH_DEFAULTS = {
  /** How long start-up keeps trying to reach Slack before giving up (exit 1). */
  startBudgetMs: 60_000,
  /** How often a rejected token is checked again. */
  recheckMs: 60_000,
} as const

export interface BotIdentity {
  botUserId: string
  botId: string
  teamId: string | undefined
  team: string | undefined
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * auth.test with the bot token. Throws StorydeskError SLACK_TOKEN_REJECTED when Slack refuses the token, and
 * SLACK_UNREACHABLE when it cannot be asked within the budget.
 */
export async function verifyBotToken(
  client: webApi.WebClient,
  log: Logger,
  budgetMs: number = AUTH_DEFAULTS.startBudgetMs,
): Promise<BotIdentity> {
  const started = Date.now()
  for (let attempt = 1; ; attempt += 1) {
    try {
      const result = await client.auth.test()
      if (!result.user_id || !result.bot_id)
        throw new StorydeskError(
          'SLACK_TOKEN_REJECTED',
          'auth.test did not name a bot user: is SLACK_BOT_TOKEN a bot token?',
          {
            where: 'SLACK_BOT_TOKEN',
            hint: 'use the Bot User OAuth Token (xoxb-…) from OAuth & Permissions',
          },
        )
      return { botUserId: result.user_id, botId: result.bot_id, teamId: result.team_id, team: result.team }
    } catch (error) {
      if (error instanceof StorydeskError) throw error
      const reason = reasonOf(error)
      if (TOKEN_REJECTED.has(reason))
        throw new StorydeskError('SLACK_TOKEN_REJECTED', `Slack rejected the bot token (auth.test: ${reason})`, {
          where: 'SLACK_BOT_TOKEN',
          hint: 'copy the Bot User OAuth Token (xoxb-…) again from OAuth & Permissions, or reinstall the app',
          cause: error,
        })
      const waitMs = Math.min(1_000 * 2 ** (attempt - 1), 10_000)
      if (Date.now() - started + waitMs > budgetMs)
        throw new StorydeskError(
          'SLACK_UNREACHABLE',
          `cannot reach Slack to check the bot token (auth.test: ${reason})`,
          {
            where: 'SLACK_API_URL',
            hint: 'check the network, a proxy, or SLACK_API_URL',
            cause: error,
          },
        )
      log.warn(
        { event: 'slack.auth_retry', attempt, err: error },
        `auth.test failed (${reason}); trying again in ${waitMs} ms`,
      )
      await sleep(waitMs)
    }
  }
}

/** Slack's current verdict on the bot token, for /healthz. */
export class TokenMonitor {
  private rejected: { reason: string; since: number } | null = null
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly client: webApi.WebClient,
    private readonly log: Logger,
    private readonly identity: BotIdentity,
    private readonly recheckMs: number = AUTH_DEFAULTS.recheckMs,
  ) {}

  /** A Web API call said the token is rejected: unhealthy until auth.test accepts it again. */
  reject(reason: string): void {
    if (this.rejected) return
    this.rejected = { reason, since: Date.now() }
    this.log.error(
      { event: 'slack.token_rejected', reason },
      `Slack rejected the bot token (${reason}): answers cannot be delivered. Check SLACK_BOT_TOKEN or reinstall the app.`,
    )
    this.timer = setInterval(() => void this.recheck(), this.recheckMs)
    this.timer.unref()
  }

  private async recheck(): Promise<void> {
    try {
      await this.client.auth.test()
      this.rejected = null
      clearInterval(this.timer)
      this.log.info({ event: 'slack.token_accepted' }, 'Slack accepts the bot token again')
    } catch (error) {
      const reason = reasonOf(error)
      if (this.rejected && TOKEN_REJECTED.has(reason)) this.rejected.reason = reason
    }
  }

  report(): ComponentReport {
    if (!this.rejected)
      return {
        status: 'ok',
        detail: `token accepted for ${this.identity.team ?? 'the workspace'}`,
        botUserId: this.identity.botUserId,
      }
    return {
      status: 'unhealthy',
      detail: `Slack rejected the bot token (${this.rejected.reason}) since ${new Date(this.rejected.since).toISOString()}`,
    }
  }

  close(): void {
    clearInterval(this.timer)
  }
}
