import type { App } from '@slack/bolt'
import type { SlackDeps } from '../answering.ts'
import { registerActions } from './actions.ts'
import { registerCommands } from './commands.ts'
import { registerEvents } from './events.ts'
import { registerShortcuts } from './shortcuts.ts'

/** Every listener, registered in one place. */
export function registerListeners(app: App, deps: SlackDeps): void {
  registerCommands(app, deps)
  registerEvents(app, deps)
  registerActions(app, deps)
  registerShortcuts(app, deps)
}
