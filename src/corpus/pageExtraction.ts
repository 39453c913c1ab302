/**
 * Web page extraction (page.ts), loaded on first use. Why: its DOM libraries (linkedom, Readability, parse5: about 200
 * modules) take 0.25–0.35 s to load, and most articles folders hold no web page, or only pages the index cache has
 * already extracted; a start that extracts no page never pays for them.
 *
 * @example
 * const { extractPage } = await loadPageExtraction()
 * const page = extractPage('report.html', html)
 */
import type * as Page from './page.ts'

let loading: Promise<typeof Page> | undefined

/** page.ts, imported once (every caller shares the one import; a failed import is tried again by the next call). */
export function loadPageExtraction(): Promise<typeof Page> {
  loading ??= import('./page.ts').catch((error: unknown) => {
    loading = undefined
    throw error
  })
  return loading
}
