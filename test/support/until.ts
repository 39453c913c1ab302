/** How `until` waits. */
export interface UntilOptions {
  /** How long to wait before giving up. Default 5,000 ms. */
  timeoutMs?: number
  /** How often `check` is asked. Default 20 ms. */
  everyMs?: number
}

/**
 * The suite's one way to wait: for a condition, never for a fixed time. Resolves as soon as `check` holds (asked at
 * once, then every `everyMs`), or rejects after `timeoutMs` saying what was awaited.
 *
 * @example
 * await until('the added article', () => store.current()!.articles.length === 6)
 * await until('an answer', async () => (await health()).status === 'ok', { timeoutMs: 10_000 })
 */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  options: UntilOptions = {},
): Promise<void> {
  const { timeoutMs = 5_000, everyMs = 20 } = options
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}
