/** Reading the desk's vocabulary data file (its format and meaning are src/search/vocabulary.ts's). */
import { readFileSync } from 'node:fs'
import { StorydeskError } from '../errors.ts'
import { parseVocabulary, type Vocabulary } from '../search/vocabulary.ts'

/** The vocabulary Storydesk ships: src/search/vocabulary.json (copied next to the compiled code by the build). */
export const DEFAULT_VOCABULARY_FILE = new URL('../search/vocabulary.json', import.meta.url)

/**
 * Reads and checks a vocabulary file (the default one unless a path is given). Throws StorydeskError
 * VOCABULARY_UNREADABLE or VOCABULARY_INVALID naming the file and what is wrong.
 *
 * @example const vocabulary = loadVocabulary()
 */
export function loadVocabulary(file: string | URL = DEFAULT_VOCABULARY_FILE): Vocabulary {
  const where = file instanceof URL ? file.pathname : file
  let data: unknown
  try {
    data = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new StorydeskError('VOCABULARY_UNREADABLE', `cannot read the vocabulary file: ${(error as Error).message}`, {
      where,
    })
  }
  return parseVocabulary(data, where)
}
