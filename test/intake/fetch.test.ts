// Fetching a producer's link: real HTTP to a local page server on 127.0.0.1. Only the test server's own address is
// allowed as a private address; every other address that is not public is refused before any connection is made.
import type { LookupAddress } from 'node:dns'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StorydeskError } from '../../src/errors.ts'
import { type FetchOptions, fetchPage } from '../../src/intake/fetch.ts'
import { startPageServer, type PageServer } from '../support/pageServer.ts'

let server: PageServer
beforeAll(async () => {
  server = await startPageServer()
})
afterAll(() => server.close())

/** The test server is on 127.0.0.1: that one address is allowed, nothing else that is not public. */
const LOCAL: FetchOptions = { allowPrivateAddresses: ['127.0.0.1'], timeoutMs: 5_000 }

async function refusal(link: string, options: FetchOptions = LOCAL): Promise<StorydeskError> {
  try {
    await fetchPage(link, options)
  } catch (error) {
    if (error instanceof StorydeskError) return error
    throw error
  }
  throw new Error(`${link} was fetched`)
}

/** A DNS lookup that answers `address` for every name (as a hostile or rebinding DNS server would). */
function answering(address: string, family = 4) {
  return ((_name: string, _options: unknown, callback: (e: null, a: LookupAddress[]) => void) =>
    callback(null, [{ address, family }])) as unknown as FetchOptions['lookup']
}

describe('fetching a page', () => {
  it('fetches a real page, with its final address and declared charset', async () => {
    const page = await fetchPage(`${server.origin}/pages/wordpress`, LOCAL)
    expect(page.finalUrl).toBe(`${server.origin}/pages/wordpress`)
    expect(page.charset).toBe('utf-8')
    expect(Buffer.from(page.bytes).toString('utf8')).toContain('Stack Overflow Jobs Data')
  })

  it('follows up to three redirects, each to the same checks', async () => {
    const page = await fetchPage(`${server.origin}/hop/3/pages/herald-sun-1`, LOCAL)
    expect(page.finalUrl).toBe(`${server.origin}/pages/herald-sun-1`)
  })

  it('a refusal after a redirect shows the address without its query, cut short, and a bad Location is one clear refusal', async () => {
    const signed = await refusal(`${server.origin}/to?url=${encodeURIComponent('/status/404?token=s3cr3t#part')}`)
    expect(signed.message).toBe(`the server answered 404 Not Found (after a redirect to ${server.origin}/status/404?…)`)
    expect(signed.message).not.toContain('s3cr3t')
    const long = await refusal(`${server.origin}/to?url=${encodeURIComponent(`/status/404/${'a'.repeat(4000)}`)}`)
    expect(long.message).toMatch(
      /^the server answered 404 Not Found \(after a redirect to http:\/\/127\.0\.0\.1:\d+\/status\/404\/a+…\)$/,
    )
    expect(long.message.length).toBeLessThan(300)
    const nowhere = await refusal(`${server.origin}/to?url=${encodeURIComponent('http://a b/')}`)
    expect(nowhere.code).toBe('ADD_HTTP_STATUS')
    expect(nowhere.message).toBe('redirected (302) to something that is not a link')
  })

  it('refuses a fourth redirect', async () => {
    const error = await refusal(`${server.origin}/hop/4/pages/herald-sun-1`)
    expect(error.code).toBe('ADD_TOO_MANY_REDIRECTS')
    expect(error.describe()).toMatch(/hop\/4\/pages\/herald-sun-1: redirected more than 3 times/)
  })

  it('a refusal after a redirect names the address that answered; one without a redirect names only the link', async () => {
    const tooMany = await refusal(`${server.origin}/hop/4/pages/herald-sun-1`)
    expect(tooMany.message).toBe(
      `redirected more than 3 times (the last time to ${server.origin}/pages/herald-sun-1); not followed further`,
    )
    const missing = await refusal(`${server.origin}/hop/2/status/404`)
    expect(missing.code).toBe('ADD_HTTP_STATUS')
    expect(missing.message).toBe(`the server answered 404 Not Found (after a redirect to ${server.origin}/status/404)`)
    expect(missing.describe()).toContain(`${server.origin}/hop/2/status/404: `)
    const direct = await refusal(`${server.origin}/status/404`)
    expect(direct.message).toBe('the server answered 404 Not Found')
  })

  it('reads a gzip-compressed page', async () => {
    const page = await fetchPage(`${server.origin}/gzip`, LOCAL)
    expect(Buffer.from(page.bytes).toString('utf8')).toContain('WordPress Tavern')
  })

  it.each([
    ['/status/500', 'ADD_HTTP_STATUS', /answered 500 Internal Server Error/],
    ['/status/404', 'ADD_HTTP_STATUS', /answered 404 Not Found/],
    ['/pdf', 'PAGE_NOT_HTML', /is not a web page \(the server says it is application\/pdf\)/],
    ['/big', 'ADD_TOO_LARGE', /is \d+ bytes, more than the 1000000-byte limit/],
    ['/big-chunked', 'ADD_TOO_LARGE', /more than the 1000000-byte limit/],
  ])('%s: %s', async (path, code, message) => {
    const error = await refusal(`${server.origin}${path}`, { ...LOCAL, maxBytes: 1_000_000 })
    expect(error.code).toBe(code)
    expect(error.message).toMatch(message)
    expect(error.where).toBe(`${server.origin}${path}`)
  })

  it.each(['/slow', '/silent'])('%s: a server too slow is given up on at the time limit', async (path) => {
    const error = await refusal(`${server.origin}${path}`, { ...LOCAL, timeoutMs: 300 })
    expect(error.code).toBe('ADD_TIMEOUT')
    expect(error.message).toMatch(/took longer than 0.3 s/)
  })

  it.each([
    ['ftp://example.org/story.html', /is a ftp link; only http and https/],
    ['file:///etc/passwd', /is a file link; only http and https/],
    ['https://user:secret@example.org/', /user name or password/],
    ['http://', /is not a link Storydesk can read/],
  ])('refuses %s', async (link, message) => {
    const error = await refusal(link)
    expect(error.code).toBe('ADD_BAD_SOURCE')
    expect(error.message).toMatch(message)
  })
})

describe('addresses that are not public are never connected to', () => {
  it('a link to the loopback address, when private addresses are not allowed', async () => {
    const before = server.requests.length
    const error = await refusal(`${server.origin}/pages/wordpress`, { timeoutMs: 5_000 })
    expect(error.code).toBe('ADD_BLOCKED_ADDRESS')
    expect(error.message).toMatch(/leads to 127\.0\.0\.1, a loopback address/)
    expect(server.requests.length).toBe(before)
  })

  // The URL parser reads every way of writing an IPv4 address as the dotted address, and that is what is checked.
  it.each([
    ['http://2130706433/', /127\.0\.0\.1, a loopback address/],
    ['http://0177.0.0.1/', /127\.0\.0\.1, a loopback address/],
    ['http://0x7f.1/', /127\.0\.0\.1, a loopback address/],
    ['http://0x7f000001/', /127\.0\.0\.1, a loopback address/],
    ['http://127.1/', /127\.0\.0\.1, a loopback address/],
    ['http://0xa.0.0.1/', /10\.0\.0\.1, a private network address/],
    ['http://2852039166/latest/meta-data/', /169\.254\.169\.254, a link-local address/],
    ['http://0251.0376.0251.0376/', /169\.254\.169\.254, a link-local address/],
  ])('%s, an IPv4 address in decimal, octal or hex', async (link, message) => {
    const before = server.requests.length
    const error = await refusal(link, { timeoutMs: 5_000 })
    expect(error.code).toBe('ADD_BLOCKED_ADDRESS')
    expect(error.message).toMatch(message)
    expect(server.requests.length).toBe(before)
  })

  it('a redirect to http://0xa9.0xfe.0xa9.0xfe/ (the metadata service in hex)', async () => {
    const error = await refusal(`${server.origin}/to?url=${encodeURIComponent('http://0xa9.0xfe.0xa9.0xfe/')}`)
    expect(error.code).toBe('ADD_BLOCKED_ADDRESS')
    expect(error.message).toMatch(/169\.254\.169\.254, a link-local address/)
    expect(error.message).toMatch(/after a redirect/)
  })

  it.each([
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254, a link-local address/],
    ['http://10.0.0.1/', /10\.0\.0\.1, a private network address/],
    ['http://[::1]/', /::1, a loopback address/],
    ['http://[::ffff:127.0.0.2]/', /a loopback address/],
    ['http://[fd00:ec2::254]/', /unique local/],
    ['http://127.0.0.2/', /127\.0\.0\.2, a loopback address/],
  ])('a redirect to %s', async (target, message) => {
    const link = `${server.origin}/to?url=${encodeURIComponent(target)}`
    const error = await refusal(link)
    expect(error.code).toBe('ADD_BLOCKED_ADDRESS')
    expect(error.message).toMatch(message)
    expect(error.message).toMatch(/after a redirect/)
  })

  it('a name whose DNS answer is a private address (checked in the lookup the connection uses)', async () => {
    const before = server.requests.length
    const error = await refusal('http://news.example.com/story', { lookup: answering('10.20.30.40') })
    expect(error.code).toBe('ADD_BLOCKED_ADDRESS')
    expect(error.message).toMatch(/news\.example\.com\/story: leads to 10\.20\.30\.40|leads to 10\.20\.30\.40/)
    expect(server.requests.length).toBe(before)
  })

  it('a name answered with an IPv4-mapped loopback address', async () => {
    const error = await refusal('http://rebind.example.com/', { lookup: answering('::ffff:127.0.0.1', 6) })
    expect(error.code).toBe('ADD_BLOCKED_ADDRESS')
    expect(error.message).toMatch(/a loopback address/)
  })

  it('a name that rebinds to the test server is connected to only when that address is allowed', async () => {
    const port = new URL(server.origin).port
    const refused = await refusal(`http://rebind.example.com:${port}/pages/wordpress`, {
      lookup: answering('127.0.0.1'),
    })
    expect(refused.code).toBe('ADD_BLOCKED_ADDRESS')
    const page = await fetchPage(`http://rebind.example.com:${port}/pages/wordpress`, {
      ...LOCAL,
      lookup: answering('127.0.0.1'),
    })
    expect(page.bytes.length).toBeGreaterThan(1000)
  })
})
