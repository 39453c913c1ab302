/**
 * The Block Kit limits real Slack enforces when a message or view is posted.
 *
 * Real Slack rejects a chat.postMessage / chat.postEphemeral / chat.update whose
 * `blocks` break a limit with HTTP 200 and
 *   { ok: false, error: 'invalid_blocks', errors: ['must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
 *     response_metadata: { messages: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'] } }
 * and rejects views (views.open/publish/update/push) with `invalid_arguments` and the same
 * `[ERROR] … [json-pointer:/view/blocks/…]` messages. `blocks` that are not a JSON array give
 * `invalid_blocks_format`.
 *
 * Only the limits a newsroom bot is likely to hit are checked (long quotes in a section,
 * too many blocks, long button values). Sources:
 *   https://docs.slack.dev/reference/block-kit/blocks (per-block limits),
 *   https://docs.slack.dev/reference/block-kit/block-elements/button-element,
 *   https://docs.slack.dev/reference/block-kit/composition-objects/text-object,
 *   https://docs.slack.dev/reference/methods/chat.postMessage (50 blocks per message),
 *   https://docs.slack.dev/surfaces/modals (100 blocks per view).
 * Unknown block and element types are accepted unchecked (Slack adds new ones often).
 */

/** One violated limit, with the JSON pointer Slack reports. */
export interface BlockProblem {
  message: string
  pointer: string
}

export const MAX_BLOCKS_IN_MESSAGE = 50
export const MAX_BLOCKS_IN_VIEW = 100

const LIMITS = {
  blockId: 255,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  url: 3000,
  imageAltText: 2000,
} as const

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Checks a `blocks` array; `pointer` is where it sits in the request (`/blocks` or `/view/blocks`). */
export function checkBlocks(blocks: unknown[], maxBlocks: number, pointer: string): BlockProblem[] {
  const problems: BlockProblem[] = []
  if (blocks.length > maxBlocks) {
    problems.push({ message: `no more than ${maxBlocks} items allowed`, pointer })
  }
  blocks.forEach((block, index) => {
    problems.push(...checkBlock(block, `${pointer}/${index}`))
  })
  return problems
}

function checkBlock(block: unknown, pointer: string): BlockProblem[] {
  if (!isObject(block) || typeof block.type !== 'string') {
    return [{ message: 'missing required field: type', pointer }]
  }
  const problems = checkMaxLength(block.block_id, LIMITS.blockId, `${pointer}/block_id`)
  switch (block.type) {
    case 'section':
      return [...problems, ...checkSection(block, pointer)]
    case 'header':
      return [...problems, ...checkText(block.text, LIMITS.headerText, `${pointer}/text`, true)]
    case 'context':
      return [...problems, ...checkElementCount(block.elements, LIMITS.contextElements, `${pointer}/elements`)]
    case 'actions':
      return [
        ...problems,
        ...checkElementCount(block.elements, LIMITS.actionsElements, `${pointer}/elements`),
        ...checkElements(block.elements, `${pointer}/elements`),
      ]
    case 'image':
      return [
        ...problems,
        ...checkMaxLength(block.image_url, LIMITS.url, `${pointer}/image_url`),
        ...checkMaxLength(block.alt_text, LIMITS.imageAltText, `${pointer}/alt_text`),
      ]
    default:
      return problems
  }
}

function checkSection(block: Json, pointer: string): BlockProblem[] {
  const problems: BlockProblem[] = []
  if (block.text === undefined && block.fields === undefined) {
    problems.push({ message: 'must provide either text or fields', pointer })
  }
  if (block.text !== undefined) problems.push(...checkText(block.text, LIMITS.sectionText, `${pointer}/text`))
  if (Array.isArray(block.fields)) {
    if (block.fields.length > LIMITS.sectionFields) {
      problems.push({ message: `no more than ${LIMITS.sectionFields} items allowed`, pointer: `${pointer}/fields` })
    }
    block.fields.forEach((field, i) => {
      problems.push(...checkText(field, LIMITS.sectionFieldText, `${pointer}/fields/${i}`))
    })
  }
  if (block.accessory !== undefined) problems.push(...checkElement(block.accessory, `${pointer}/accessory`))
  return problems
}

function checkElements(elements: unknown, pointer: string): BlockProblem[] {
  if (!Array.isArray(elements)) return []
  return elements.flatMap((element, i) => checkElement(element, `${pointer}/${i}`))
}

function checkElement(element: unknown, pointer: string): BlockProblem[] {
  if (!isObject(element)) return [{ message: 'must be an object', pointer }]
  const problems = checkMaxLength(element.action_id, LIMITS.actionId, `${pointer}/action_id`)
  if (element.type === 'button') {
    problems.push(
      ...checkText(element.text, LIMITS.buttonText, `${pointer}/text`, true),
      ...checkMaxLength(element.value, LIMITS.buttonValue, `${pointer}/value`),
      ...checkMaxLength(element.url, LIMITS.url, `${pointer}/url`),
    )
  }
  return problems
}

function checkElementCount(elements: unknown, max: number, pointer: string): BlockProblem[] {
  if (!Array.isArray(elements)) return [{ message: 'missing required field: elements', pointer }]
  return elements.length > max ? [{ message: `no more than ${max} items allowed`, pointer }] : []
}

/** A composition text object: `{ type: 'mrkdwn' | 'plain_text', text }`, 1..max characters. */
function checkText(text: unknown, max: number, pointer: string, plainOnly = false): BlockProblem[] {
  if (!isObject(text) || typeof text.text !== 'string') {
    return [{ message: 'must be a text object', pointer }]
  }
  if (plainOnly && text.type !== 'plain_text') {
    return [{ message: 'must be a plain_text text object', pointer: `${pointer}/type` }]
  }
  if (text.text.length === 0) return [{ message: 'must be more than 0 characters', pointer: `${pointer}/text` }]
  return checkMaxLength(text.text, max, `${pointer}/text`)
}

function checkMaxLength(value: unknown, max: number, pointer: string): BlockProblem[] {
  if (typeof value !== 'string' || value.length <= max) return []
  return [{ message: `must be less than ${max + 1} characters`, pointer }]
}

/** Slack's `[ERROR] <message> [json-pointer:<pointer>]` rendering of a problem. */
export function formatProblem(problem: BlockProblem): string {
  return `${problem.message} [json-pointer:${problem.pointer}]`
}
