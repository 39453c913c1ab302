/**
 * Every listener, registered in one place, each inside the one wrapper (requests.ts) that acks, de-duplicates,
 * limits, logs and apologises. LISTENERS is also what the manifest is checked against (test/slack/manifest.test.ts):
 * each entry says which manifest events and bot scopes it needs, so a listener added here without its scope, or a
 * scope left in the manifest that nothing uses, fails that test.
 */
import type { App } from '@slack/bolt'
import { ACTION_IDS } from '../../render/blocks.ts'
import type { SlackDeps } from '../answering.ts'
import { listener, type ListenerSpec } from '../requests.ts'
import { moreResults, shareAnswer } from './actions.ts'
import { slashCommand } from './commands.ts'
import { appHomeOpened, appMention, directMessage } from './events.ts'
import { FIND_COVERAGE_CALLBACK_ID, findCoverage } from './shortcuts.ts'

/** Where a listener is attached in Bolt. */
export type Trigger =
  | { kind: 'command' }
  | { kind: 'event'; type: string }
  | { kind: 'message' }
  | { kind: 'action'; actionId: string }
  | { kind: 'shortcut'; callbackId: string }

export interface Registration {
  on: Trigger
  // biome-ignore lint/suspicious/noExplicitAny: each spec has its own Bolt argument type; Bolt checks it at the call
  spec: ListenerSpec<any>
  /** What the app manifest must declare for it: event subscriptions (`bot_events`) and bot scopes. */
  manifest: { events?: readonly string[]; scopes: readonly string[] }
}

/** The listeners, grouped by kind: commands, events, actions, shortcuts (no views yet). */
export const LISTENERS: readonly Registration[] = [
  // commands
  { on: { kind: 'command' }, spec: slashCommand, manifest: { scopes: ['commands'] } },
  // events
  {
    on: { kind: 'event', type: 'app_mention' },
    spec: appMention,
    // A bare mention in a thread reads the thread's first message: public, private channels and group DMs.
    manifest: {
      events: ['app_mention'],
      scopes: ['app_mentions:read', 'chat:write', 'channels:history', 'groups:history', 'mpim:history'],
    },
  },
  {
    on: { kind: 'message' },
    spec: directMessage,
    manifest: { events: ['message.im'], scopes: ['im:history', 'chat:write'] },
  },
  {
    on: { kind: 'event', type: 'app_home_opened' },
    spec: appHomeOpened,
    manifest: { events: ['app_home_opened'], scopes: [] },
  },
  // actions (buttons on answers; replies go through response_url, no scope)
  { on: { kind: 'action', actionId: ACTION_IDS.share }, spec: shareAnswer, manifest: { scopes: [] } },
  { on: { kind: 'action', actionId: ACTION_IDS.more }, spec: moreResults, manifest: { scopes: [] } },
  // shortcuts
  {
    on: { kind: 'shortcut', callbackId: FIND_COVERAGE_CALLBACK_ID },
    spec: findCoverage,
    manifest: { scopes: ['commands'] },
  },
]

export function registerListeners(app: App, deps: SlackDeps): void {
  for (const { on, spec } of LISTENERS) {
    const handler = listener(deps, spec)
    switch (on.kind) {
      case 'command':
        app.command(deps.command, handler)
        break
      case 'event':
        app.event(on.type, handler)
        break
      case 'message':
        app.message(handler)
        break
      case 'action':
        app.action(on.actionId, handler)
        break
      case 'shortcut':
        app.shortcut({ callback_id: on.callbackId, type: 'message_action' }, handler)
        break
    }
  }
}
