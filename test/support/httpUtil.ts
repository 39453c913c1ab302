/**
 * Small node:http helpers shared by the fake servers: listen on 127.0.0.1 only, read a
 * request body, write an answer, and close without waiting for keep-alive sockets
 * (the WebClient's fetch keeps connections open, which would stall `server.close()`).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export const LOCALHOST = '127.0.0.1'

/** What a route handler wants written back. */
export interface RouteAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

/** A JSON answer with Slack's content type. */
export function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): RouteAnswer {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  }
}

export function writeAnswer(res: ServerResponse, answer: RouteAnswer): void {
  res.writeHead(answer.status, answer.headers)
  res.end(answer.body)
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Listens on 127.0.0.1 on a free port (port 0) and returns the port. */
export function listenLocal(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, LOCALHOST, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

/** Closes the server, dropping open (keep-alive) connections instead of waiting for them. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) return resolve()
    server.close((error) => (error ? reject(error) : resolve()))
    server.closeAllConnections()
  })
}

/** JSON.parse that answers undefined instead of throwing (request bodies are whatever a client sent). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
