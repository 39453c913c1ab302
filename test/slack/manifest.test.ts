/**
 * manifest.yml against the Manifest type of @slack/web-api: scopes and events must be names from
 * that type's unions (read from its declaration file, so the check follows the library), and the
 * shape must be the type's shape, so a misspelt scope, event or key fails here, not in Slack.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { LISTENERS } from '../../src/slack/listeners/index.ts'
import { FIND_COVERAGE_CALLBACK_ID } from '../../src/slack/listeners/shortcuts.ts'

const require = createRequire(import.meta.url)
const manifestTypes = readFileSync(
  join(dirname(require.resolve('@slack/web-api')), 'types/request/manifest.d.ts'),
  'utf8',
)

/** The string literals of `type NAME = 'a' | 'b' | …` in the declaration file. */
function unionOf(name: string): [string, ...string[]] {
  const match = new RegExp(`type ${name} = ([^;]+);`).exec(manifestTypes)
  if (!match) throw new Error(`@slack/web-api no longer declares ${name}`)
  const names = [...match[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!)
  return names as [string, ...string[]]
}

const BotScope = z.enum(unionOf('BotScope'))
const ManifestEvent = z.enum(unionOf('ManifestEvent'))

// The parts of @slack/web-api's Manifest interface that Storydesk uses, strict: unknown keys fail.
const ManifestSchema = z.strictObject({
  _metadata: z.strictObject({ major_version: z.number().optional(), minor_version: z.number().optional() }).optional(),
  display_information: z.strictObject({
    name: z.string().min(1).max(35),
    description: z.string().max(140).optional(),
    long_description: z.string().min(175).max(4000).optional(),
    background_color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/)
      .optional(),
  }),
  features: z
    .strictObject({
      app_home: z
        .strictObject({
          home_tab_enabled: z.boolean().optional(),
          messages_tab_enabled: z.boolean().optional(),
          messages_tab_read_only_enabled: z.boolean().optional(),
        })
        .optional(),
      bot_user: z
        .strictObject({ display_name: z.string().regex(/^[a-z0-9._-]{1,80}$/), always_online: z.boolean().optional() })
        .optional(),
      shortcuts: z
        .array(
          z.strictObject({
            type: z.enum(['global', 'message']),
            name: z.string().max(24),
            callback_id: z.string().max(255),
            description: z.string().max(150),
          }),
        )
        .optional(),
      slash_commands: z
        .array(
          z.strictObject({
            command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
            description: z.string().max(2000),
            should_escape: z.boolean().optional(),
            url: z.url().optional(),
            usage_hint: z.string().max(1000).optional(),
          }),
        )
        .optional(),
      unfurl_domains: z.array(z.string()).optional(),
    })
    .optional(),
  oauth_config: z
    .strictObject({
      redirect_urls: z.array(z.url()).optional(),
      scopes: z
        .strictObject({ bot: z.array(BotScope).optional(), bot_optional: z.array(BotScope).optional() })
        .optional(),
      token_management_enabled: z.boolean().optional(),
    })
    .optional(),
  settings: z
    .strictObject({
      event_subscriptions: z
        .strictObject({ bot_events: z.array(ManifestEvent).optional(), request_url: z.url().optional() })
        .optional(),
      interactivity: z
        .strictObject({
          is_enabled: z.boolean(),
          request_url: z.url().optional(),
          message_menu_options_url: z.url().optional(),
        })
        .optional(),
      org_deploy_enabled: z.boolean().optional(),
      socket_mode_enabled: z.boolean().optional(),
      token_rotation_enabled: z.boolean().optional(),
    })
    .optional(),
})

const manifest = parse(readFileSync('manifest.yml', 'utf8')) as unknown

describe('manifest.yml', () => {
  it('matches the Manifest type of @slack/web-api (scope and event names included)', () => {
    const result = ManifestSchema.safeParse(manifest)
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([])
  })

  it('catches a misspelt scope or event', () => {
    const broken = structuredClone(manifest) as {
      oauth_config: { scopes: { bot: string[] } }
      settings: { event_subscriptions: { bot_events: string[] } }
    }
    broken.oauth_config.scopes.bot.push('chat:writ')
    expect(ManifestSchema.safeParse(broken).success).toBe(false)
    const brokenEvent = structuredClone(manifest) as typeof broken
    brokenEvent.settings.event_subscriptions.bot_events.push('app_mentioned')
    expect(ManifestSchema.safeParse(brokenEvent).success).toBe(false)
  })

  it('declares what the code listens to: /syria, the shortcut, the events, interactivity, Socket Mode, App Home', () => {
    const m = ManifestSchema.parse(manifest)
    expect(m.features?.slash_commands?.map((c) => c.command)).toEqual(['/syria'])
    expect(m.features?.slash_commands?.[0]?.usage_hint).toBeTruthy()
    expect(m.features?.shortcuts).toEqual([
      expect.objectContaining({ type: 'message', callback_id: FIND_COVERAGE_CALLBACK_ID }),
    ])
    expect(m.settings?.event_subscriptions?.bot_events?.sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'message.im',
    ])
    expect(m.settings?.interactivity?.is_enabled).toBe(true)
    expect(m.settings?.socket_mode_enabled).toBe(true)
    expect(m.features?.app_home).toMatchObject({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    })
  })

  // What is used comes from the app's own registrations (LISTENERS, which registerListeners attaches to Bolt), so a
  // listener added without its scope or event, or a scope left over in the manifest, fails here.
  it('asks for exactly the bot scopes the registered listeners use', () => {
    const m = ManifestSchema.parse(manifest)
    const used = [...new Set(LISTENERS.flatMap((l) => l.manifest.scopes))].sort()
    expect(m.oauth_config?.scopes?.bot?.sort()).toEqual(used)
  })

  it('subscribes to exactly the events, shortcuts and interactivity the registered listeners handle', () => {
    const m = ManifestSchema.parse(manifest)
    const events = [...new Set(LISTENERS.flatMap((l) => l.manifest.events ?? []))].sort()
    expect(m.settings?.event_subscriptions?.bot_events?.sort()).toEqual(events)
    const shortcuts = LISTENERS.flatMap((l) => (l.on.kind === 'shortcut' ? [l.on.callbackId] : []))
    expect(m.features?.shortcuts?.map((s) => s.callback_id)).toEqual(shortcuts)
    const interactive = LISTENERS.some((l) => l.on.kind === 'action' || l.on.kind === 'shortcut')
    expect(m.settings?.interactivity?.is_enabled).toBe(interactive)
    expect(LISTENERS.filter((l) => l.on.kind === 'command')).toHaveLength(m.features?.slash_commands?.length ?? 0)
  })
})
