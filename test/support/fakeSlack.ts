/**
 * The fake Slack, in one call: Web API + response URLs (one node:http server) and the
 * Socket Mode WebSocket server, wired together so apps.connections.open hands out the
 * socket server's URLs. Everything listens on 127.0.0.1 on free ports.
 *
 *   const fake = await startFakeSlack()          // before `new App(...)`: Bolt calls auth.test in the constructor
 *   const app = new App({ token: FAKE.botToken, signingSecret: FAKE.signingSecret,
 *                         clientOptions: { slackApiUrl: fake.apiUrl } })
 *   …
 *   await app.stop(); await fake.close()         // in that order (a Socket Mode client reconnects otherwise)
 *
 * Module map:
 *   fakeSlackApi.ts       Web API (record calls, default answers, failNext, waitFor)
 *   responseUrlServer.ts  response_url endpoints (newUrl, posts, waitFor)
 *   fakeSocketMode.ts     Socket Mode (hello, push envelopes, acks, disconnect)
 *   slackRequests.ts      what Slack sends to the app, signed; postToApp for HTTP mode
 *   slackIds.ts           the fake workspace's ids and tokens (FAKE)
 */
import { FakeSlackApi } from './fakeSlackApi.ts'
import type { FakeSlackApiOptions } from './fakeSlackApi.ts'
import { FakeSocketMode } from './fakeSocketMode.ts'
import type { FakeSocketModeOptions } from './fakeSocketMode.ts'
import type { ResponseUrls } from './responseUrlServer.ts'

export { FAKE } from './slackIds.ts'

export interface FakeSlackOptions {
  api?: FakeSlackApiOptions
  socket?: FakeSocketModeOptions
}

export interface FakeSlack {
  /** `http://127.0.0.1:PORT/api/` — Bolt's `clientOptions.slackApiUrl`. */
  apiUrl: string
  api: FakeSlackApi
  socket: FakeSocketMode
  responses: ResponseUrls
  /** Forgets everything recorded and configured (between tests); connections stay open. */
  reset(): void
  /** Stops both servers. Stop the app first. */
  close(): Promise<void>
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const [api, socket] = await Promise.all([FakeSlackApi.start(options.api), FakeSocketMode.start(options.socket)])
  api.attachSocketMode(socket)
  return {
    apiUrl: api.apiUrl,
    api,
    socket,
    responses: api.responses,
    reset() {
      api.reset()
      socket.reset()
    },
    async close() {
      await Promise.all([socket.close(), api.close()])
    },
  }
}
