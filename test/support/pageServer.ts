/**
 * A local web server on 127.0.0.1 for `add` tests: the real pages of test/fixtures/pages, and the ways a site
 * misbehaves (redirect chains, a redirect to an address that is not public, a 500, a page too big, a server too slow,
 * a PDF, a compressed page). Every request is recorded, so a test can check that a refused link was never fetched.
 *
 *   /pages/<folder>            a real page (source.html of that fixture folder)
 *   /own/<file>                one of test/fixtures/pages/own
 *   /page/<name>               a page the test wrote itself (`startPageServer({ pages: { name: html } })`)
 *   /hop/<n>/<rest>            redirects n times (302), then to /<rest>
 *   /to?url=<address>          redirects (302) to any address
 *   /status/<code>             answers that status with an HTML body
 *   /big                       declares and sends more than a megabyte of HTML
 *   /big-chunked               sends more than a megabyte without declaring a length
 *   /gzip                      the wordpress page, gzip-compressed
 *   /slow                      sends headers, then the body never ends
 *   /silent                    never answers at all
 *   /pdf                       a PDF (Content-Type application/pdf)
 */
import { readFileSync } from 'node:fs'
import { createServer, type Server, type ServerResponse } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { closeServer, LOCALHOST, listenLocal } from './httpUtil.ts'

const PAGES = fileURLToPath(new URL('../fixtures/pages/', import.meta.url))

export interface PageServer {
  /** "http://127.0.0.1:<port>" */
  origin: string
  /** Paths requested so far, in order. */
  requests: string[]
  close(): Promise<void>
}

export interface PageServerOptions {
  /** Pages of the test's own, served at /page/<name> as text/html. */
  pages?: Readonly<Record<string, string>>
}

export async function startPageServer(options: PageServerOptions = {}): Promise<PageServer> {
  const own = new Map(Object.entries(options.pages ?? {}))
  const requests: string[] = []
  const hanging = new Set<ServerResponse>()
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${LOCALHOST}`)
    requests.push(url.pathname + url.search)
    const html = (status: number, body: string | Buffer, headers: Record<string, string> = {}): void => {
      const length = String(Buffer.byteLength(body))
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': length, ...headers })
      res.end(body)
    }
    const parts = url.pathname.split('/').filter(Boolean)
    try {
      switch (parts[0]) {
        case 'pages':
          return html(200, readFileSync(join(PAGES, parts[1]!, 'source.html')))
        case 'own': {
          const file = parts[1]!
          const type = file.endsWith('.html') ? 'text/html' : 'application/octet-stream'
          res.writeHead(200, { 'Content-Type': file === 'windows-1252.html' ? `${type}; charset=windows-1252` : type })
          return res.end(readFileSync(join(PAGES, 'own', file)))
        }
        case 'page': {
          const page = own.get(parts[1] ?? '')
          return page === undefined ? html(404, '<html><body>Not found</body></html>') : html(200, page)
        }
        case 'hop': {
          const left = Number(parts[1])
          const rest = parts.slice(2).join('/')
          const next = left > 1 ? `/hop/${left - 1}/${rest}` : `/${rest}`
          res.writeHead(302, { Location: next })
          return res.end()
        }
        case 'to':
          res.writeHead(302, { Location: url.searchParams.get('url') ?? '/' })
          return res.end()
        case 'status':
          return html(Number(parts[1]), '<html><body><h1>Something went wrong</h1></body></html>')
        case 'big':
          return html(200, `<html><body><p>${'x'.repeat(1_200_000)}</p></body></html>`)
        case 'big-chunked': {
          res.writeHead(200, { 'Content-Type': 'text/html' })
          const chunk = `<p>${'y'.repeat(64 * 1024)}</p>`
          for (let i = 0; i < 20; i++) res.write(chunk)
          return res.end()
        }
        case 'gzip':
          return html(200, gzipSync(readFileSync(join(PAGES, 'wordpress', 'source.html'))), {
            'Content-Encoding': 'gzip',
          })
        case 'slow':
          res.writeHead(200, { 'Content-Type': 'text/html' })
          res.write('<html><body><p>The first words arrive, and then nothing more')
          hanging.add(res)
          return
        case 'silent':
          hanging.add(res)
          return
        case 'pdf':
          res.writeHead(200, { 'Content-Type': 'application/pdf' })
          return res.end('%PDF-1.7\n')
        default:
          return html(404, '<html><body>Not found</body></html>')
      }
    } catch {
      return html(404, '<html><body>Not found</body></html>')
    }
  })
  const port = await listenLocal(server)
  return {
    origin: `http://${LOCALHOST}:${port}`,
    requests,
    close: async () => {
      for (const res of hanging) res.destroy()
      await closeServer(server)
    },
  }
}
