/** Exit codes every Storydesk command uses. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const

/** SEEDS_DIR from the environment, else seeds/ in the working directory. */
export function seedsDir(): string {
  return process.env.SEEDS_DIR?.trim() || 'seeds'
}
