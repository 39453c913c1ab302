/**
 * Bytes of a web page → its markup as text, or one problem saying why the bytes are not a web page. Pure (no I/O),
 * so a page in the folder and a page fetched by `npm run add` are decoded the same way.
 *
 * The character encoding is found as a browser finds it, in this order: a byte-order mark, the charset the server
 * sent (Content-Type, for a fetched page), a `<meta charset>` or `http-equiv` declaration in the first 1024 bytes,
 * else UTF-8 when the bytes are valid UTF-8, else windows-1252 (the web's legacy default).
 */
import type { Problem, ProblemCode } from '../errors.ts'

export type DecodedPage = { ok: true; html: string; encoding: string } | { ok: false; problem: Problem }

/** File types that arrive with a web page's name but are not one: named, so the message says what the file is. */
const BINARY_SIGNATURES: readonly { what: string; bytes: readonly number[] }[] = [
  { what: 'a PDF document', bytes: [0x25, 0x50, 0x44, 0x46] },
  { what: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { what: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { what: 'a GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
  { what: 'a ZIP archive (or Word/Excel document)', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { what: 'gzip-compressed data', bytes: [0x1f, 0x8b] },
]

/** Something that shows the text is markup: a doctype or one of the elements every page has. */
const LOOKS_LIKE_HTML = /<(?:!doctype\s+html|html|head|body|title|meta|p|div|article|main|h1|h2|section)[\s>/]/i

/**
 * @param file the name (or link) the problem messages name
 * @param declaredCharset the charset a server sent in Content-Type, if any
 * @example
 * const page = decodePageBytes('report.html', bytes)
 * if (page.ok) extractPage('report.html', page.html)
 */
export function decodePageBytes(file: string, bytes: Uint8Array, declaredCharset?: string | null): DecodedPage {
  const fail = (code: ProblemCode, message: string): DecodedPage => ({
    ok: false,
    problem: { where: file, code, message },
  })
  if (bytes.length === 0) return fail('FILE_EMPTY', 'is empty; skipped')
  for (const signature of BINARY_SIGNATURES) {
    if (signature.bytes.every((b, i) => bytes[i] === b))
      return fail('FILE_BINARY', `is ${signature.what}, not a web page; skipped`)
  }
  const encoding = sniffEncoding(bytes, declaredCharset)
  if (!encoding.startsWith('utf-16')) {
    const nul = bytes.indexOf(0)
    if (nul >= 0) return fail('FILE_BINARY', `is not a web page (binary data: NUL byte at byte ${nul}); skipped`)
  }
  let html: string
  try {
    html = decode(bytes, encoding)
  } catch {
    // A declared encoding the bytes do not follow: read them as the web's fallback rather than lose the page.
    html = decode(bytes, isUtf8(bytes) ? 'utf-8' : 'windows-1252')
  }
  if (!LOOKS_LIKE_HTML.test(html.slice(0, 64 * 1024))) {
    return fail(
      'PAGE_NOT_HTML',
      'is not HTML (no page markup in it); save the page as HTML, or the text as .txt. Skipped',
    )
  }
  return { ok: true, html, encoding }
}

/** The encoding to decode a page with (a WHATWG encoding label, lower case). */
export function sniffEncoding(bytes: Uint8Array, declaredCharset?: string | null): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8'
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  const declared = declaredCharset && knownEncoding(declaredCharset)
  if (declared) return declared
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, 1024))
  const meta =
    /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1] ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset=([\w.:-]+)/i.exec(head)?.[1]
  const fromMeta = meta && knownEncoding(meta)
  // A page that says UTF-16 in its markup cannot be UTF-16 (the declaration was readable as ASCII): HTML's rule.
  if (fromMeta) return fromMeta.startsWith('utf-16') ? 'utf-8' : fromMeta
  return isUtf8(bytes) ? 'utf-8' : 'windows-1252'
}

function knownEncoding(label: string): string | null {
  try {
    return new TextDecoder(label.trim().toLowerCase()).encoding
  } catch {
    return null
  }
}

function decode(bytes: Uint8Array, encoding: string): string {
  const text = new TextDecoder(encoding, { fatal: encoding === 'utf-8' }).decode(bytes)
  // Node's decoder reads windows-1252 as ISO-8859-1 (bytes 0x80–0x9F become control characters, not “ ” ’ – …):
  // put the characters the Encoding Standard assigns there.
  return encoding === 'windows-1252'
    ? text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252[c.charCodeAt(0) - 0x80]!)
    : text
}

/** windows-1252 bytes 0x80–0x9F (the WHATWG Encoding Standard's table; the five unassigned bytes map to themselves). */
const WINDOWS_1252 = [
  '\u20ac',
  '\u0081',
  '\u201a',
  '\u0192',
  '\u201e',
  '\u2026',
  '\u2020',
  '\u2021',
  '\u02c6',
  '\u2030',
  '\u0160',
  '\u2039',
  '\u0152',
  '\u008d',
  '\u017d',
  '\u008f',
  '\u0090',
  '\u2018',
  '\u2019',
  '\u201c',
  '\u201d',
  '\u2022',
  '\u2013',
  '\u2014',
  '\u02dc',
  '\u2122',
  '\u0161',
  '\u203a',
  '\u0153',
  '\u009d',
  '\u017e',
  '\u0178',
]

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

/** True for a file name Storydesk reads as a web page. */
export function isPageName(name: string): boolean {
  return /\.html?$/i.test(name)
}
