/**
 * Fetching a producer's link, safely: http(s) only, at most `maxRedirects` redirects, every hop's address checked
 * (no loopback, private, link-local or metadata address unless the desk allows private addresses), a size limit and
 * a time limit for the whole fetch, and only HTML accepted.
 *
 * The address that is checked is the address that is connected to: the DNS answer is checked inside the lookup the
 * connection itself uses, and the connected socket's remote address is checked again before a byte is sent, so a
 * name that answers a public address to one lookup and a private one to the next (DNS rebinding) cannot slip past.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP, type Socket } from 'node:net'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'
import { type ProblemCode, StorydeskError } from '../errors.ts'
import { blockedReason } from './address.ts'

export interface FetchOptions {
  /** Largest page accepted, in bytes (after decompression). Default 5 MB. */
  maxBytes?: number
  /** Time for the whole fetch, redirects and body included, in ms. Default 10 s. */
  timeoutMs?: number
  /** Redirects followed at most. Default 3. */
  maxRedirects?: number
  /**
   * Fetch from addresses that are not public: true for any (tests, an intranet), or a list of the exact addresses
   * allowed ("10.1.2.3", "127.0.0.1"). Default false: public addresses only.
   */
  allowPrivateAddresses?: boolean | readonly string[]
  /** The DNS lookup (default: the system's, as Node uses it). Tests pass one that answers what they need. */
  lookup?: typeof dnsLookup
}

export const DEFAULT_FETCH_OPTIONS: Required<Omit<FetchOptions, 'lookup'>> = {
  maxBytes: 5 * 1024 * 1024,
  timeoutMs: 10_000,
  maxRedirects: 3,
  allowPrivateAddresses: false,
}

/** A fetched page. */
export interface FetchedPage {
  /** The address asked for, and the one the page came from after redirects. */
  url: string
  finalUrl: string
  bytes: Uint8Array
  /** The charset the server declared, if any (decoding is html.ts's job). */
  charset: string | null
  /** The language the server declared (Content-Language), if any. */
  language: string | null
}

const HTML_TYPES = /^(?:text\/html|application\/xhtml\+xml)$/i
const REDIRECTS = new Set([301, 302, 303, 307, 308])

/**
 * Fetches `link`. Throws StorydeskError with an ADD_* or PAGE_NOT_HTML code and a message naming the link.
 *
 * @example
 * const page = await fetchPage('https://example.org/news/story', { timeoutMs: 10_000 })
 */
export async function fetchPage(link: string, options: FetchOptions = {}): Promise<FetchedPage> {
  const settings = { ...DEFAULT_FETCH_OPTIONS, ...options }
  const deadline = Date.now() + settings.timeoutMs
  let url = parseLink(link)
  for (let hop = 0; ; hop++) {
    const response = await get(url, link, settings, deadline)
    if (REDIRECTS.has(response.status)) {
      response.body.destroy()
      const location = response.headers.location
      if (!location) fail('ADD_HTTP_STATUS', link, `redirected (${response.status}) without saying where to`)
      const next = resolveRedirect(location, url)
      if (!next) fail('ADD_HTTP_STATUS', link, `redirected (${response.status}) to something that is not a link`)
      if (hop >= settings.maxRedirects) {
        fail(
          'ADD_TOO_MANY_REDIRECTS',
          link,
          `redirected more than ${settings.maxRedirects} times (the last time to ${shownAddress(next)}); not followed further`,
        )
      }
      url = parseLink(next.href, link)
      continue
    }
    if (response.status < 200 || response.status > 299) {
      response.body.destroy()
      const answer = `${response.status} ${response.statusText}`.trim()
      fail('ADD_HTTP_STATUS', link, `the server answered ${answer}${afterRedirect(link, url)}`)
    }
    const type = response.headers['content-type'] ?? ''
    const mediaType = type.split(';')[0]!.trim()
    if (mediaType && !HTML_TYPES.test(mediaType)) {
      response.body.destroy()
      fail(
        'PAGE_NOT_HTML',
        link,
        `is not a web page (the server says it is ${mediaType}${afterRedirect(link, url)}); Storydesk adds HTML articles`,
      )
    }
    const bytes = await readBody(response.body, response.headers['content-encoding'], link, settings, deadline)
    const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(type)?.[1] ?? null
    const language = response.headers['content-language']?.split(',')[0]?.trim() || null
    return { url: link, finalUrl: url.href, bytes, charset, language }
  }
}

/** A link as a URL Storydesk will fetch: http(s), no credentials. */
export function parseLink(link: string, original = link): URL {
  let url: URL
  try {
    url = new URL(link.trim())
  } catch {
    fail('ADD_BAD_SOURCE', original, 'is not a link Storydesk can read (give a full http:// or https:// address)')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail(
      'ADD_BAD_SOURCE',
      original,
      `is a ${url.protocol.replace(':', '')} link; only http and https links are fetched`,
    )
  }
  if (url.username || url.password) fail('ADD_BAD_SOURCE', original, 'holds a user name or password; not fetched')
  return url
}

// ---------------------------------------------------------------------------------------------------------------

interface Response {
  status: number
  statusText: string
  headers: IncomingMessage['headers']
  body: IncomingMessage
}

type Settings = typeof DEFAULT_FETCH_OPTIONS & FetchOptions

function get(url: URL, link: string, settings: Settings, deadline: number): Promise<Response> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '')
    // An address written in the link is checked here; a name is checked in the lookup the connection uses.
    if (isIP(host)) {
      const reason = refusedAddress(host, settings)
      if (reason) return reject(blocked(link, url, host, reason))
    }
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: 'GET',
      agent: false,
      headers: {
        'user-agent': 'Storydesk/0.1 (newsroom article intake)',
        accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
        'accept-encoding': 'gzip, deflate, br',
      },
      lookup: checkedLookup(link, url, settings),
    })
    const remaining = deadline - Date.now()
    const timer = setTimeout(() => request.destroy(timeout(link, settings)), Math.max(0, remaining))
    request.on('socket', (socket: Socket) => {
      socket.once('connect', () => {
        // The address actually connected to, checked once more before the request is sent.
        const address = socket.remoteAddress ?? ''
        const reason = refusedAddress(address, settings)
        if (reason) request.destroy(blocked(link, url, address, reason))
      })
    })
    request.on('response', (response) => {
      clearTimeout(timer)
      resolve({
        status: response.statusCode ?? 0,
        statusText: response.statusMessage ?? '',
        headers: response.headers,
        body: response,
      })
    })
    request.on('error', (error) => {
      clearTimeout(timer)
      reject(error instanceof StorydeskError ? error : unreachable(link, url, error))
    })
    request.end()
  })
}

/** Why the settings do not let Storydesk connect to `address`, or null when they do. */
function refusedAddress(address: string, settings: Settings): string | null {
  const reason = blockedReason(address)
  if (reason === null || settings.allowPrivateAddresses === true) return null
  const allowed = settings.allowPrivateAddresses
  if (Array.isArray(allowed) && allowed.includes(address.replace(/^::ffff:(?=\d+\.)/i, ''))) return null
  return reason
}

/** A DNS lookup that answers only with addresses the settings allow, or fails the connection. */
function checkedLookup(link: string, url: URL, settings: Settings) {
  const lookup = settings.lookup ?? dnsLookup
  return (
    hostname: string,
    options: { family?: number | string; all?: boolean },
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    lookup(hostname, { ...options, all: true, verbatim: true } as never, (error, found) => {
      if (error) return callback(error, '')
      const addresses = found as unknown as LookupAddress[]
      for (const { address } of addresses) {
        const reason = refusedAddress(address, settings)
        // One private answer is enough to refuse: the connection could go to any of them.
        if (reason) return callback(blocked(link, url, address, reason) as NodeJS.ErrnoException, '')
      }
      if (addresses.length === 0) return callback(unreachable(link, url, new Error('no address')), '')
      if (options.all) callback(null, addresses)
      else callback(null, addresses[0]!.address, addresses[0]!.family)
    })
  }
}

async function readBody(
  body: IncomingMessage,
  encoding: string | undefined,
  link: string,
  settings: Settings,
  deadline: number,
): Promise<Uint8Array> {
  const declared = Number(body.headers['content-length'])
  if (Number.isFinite(declared) && declared > settings.maxBytes) {
    body.destroy()
    fail('ADD_TOO_LARGE', link, `is ${declared} bytes, more than the ${settings.maxBytes}-byte limit`)
  }
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : null
  const stream = decoder ? body.pipe(decoder) : body
  const chunks: Buffer[] = []
  let size = 0
  const timer = setTimeout(() => stream.destroy(timeout(link, settings)), Math.max(0, deadline - Date.now()))
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length
      // Counted after decompression: a small compressed page that unpacks to gigabytes is refused as it grows.
      if (size > settings.maxBytes) {
        body.destroy()
        fail('ADD_TOO_LARGE', link, `is more than the ${settings.maxBytes}-byte limit`)
      }
      chunks.push(chunk)
    }
  } catch (error) {
    if (error instanceof StorydeskError) throw error
    throw new StorydeskError('ADD_FETCH_FAILED', `the page could not be read (${(error as Error).message})`, {
      where: link,
      cause: error,
    })
  } finally {
    clearTimeout(timer)
  }
  return new Uint8Array(Buffer.concat(chunks))
}

function fail(code: ProblemCode, link: string, message: string): never {
  throw new StorydeskError(code, message, { where: link })
}

/** " (after a redirect to <the address answering now>)", when `url` is not the link asked for; else nothing. */
function afterRedirect(link: string, url: URL): string {
  return url.href === link ? '' : ` (after a redirect to ${shownAddress(url)})`
}

/** Where a redirect's Location header leads from `url`, or null when it is no address at all. */
function resolveRedirect(location: string, url: URL): URL | null {
  try {
    return new URL(location, url)
  } catch {
    return null
  }
}

/** An address a server redirected to is shown this long at most: the refusal stays one short line in Slack. */
const MAX_ADDRESS_SHOWN = 200

/**
 * A redirect's address as a refusal shows it: origin and path, never the query or fragment (a server may redirect to
 * a signed or session URL, and the refusal goes into Slack and the logs), cut to MAX_ADDRESS_SHOWN.
 */
function shownAddress(url: URL): string {
  const shown = `${url.origin}${url.pathname}${url.search || url.hash ? '?…' : ''}`
  return shown.length <= MAX_ADDRESS_SHOWN ? shown : `${shown.slice(0, MAX_ADDRESS_SHOWN - 1)}…`
}

function blocked(link: string, url: URL, address: string, reason: string): StorydeskError {
  return new StorydeskError(
    'ADD_BLOCKED_ADDRESS',
    `leads to ${address}, ${reason}${afterRedirect(link, url)}; not fetched`,
    {
      where: link,
      hint: 'Storydesk only fetches pages on the public internet',
    },
  )
}

function timeout(link: string, settings: Settings): StorydeskError {
  return new StorydeskError('ADD_TIMEOUT', `took longer than ${settings.timeoutMs / 1000} s; not added`, {
    where: link,
  })
}

function unreachable(link: string, url: URL, error: unknown): StorydeskError {
  const code = (error as { code?: string }).code
  const why = code === 'ENOTFOUND' ? `no such host ${url.hostname}` : (code ?? (error as Error).message)
  return new StorydeskError('ADD_FETCH_FAILED', `could not be fetched (${why})`, { where: link, cause: error })
}
