/**
 * A worker thread that indexes a share of the articles (see parallelBuild.ts): it receives the articles' texts and
 * paragraphs and the stop words, builds their segment with the same code as the main thread (search/segment.ts), and
 * sends the segment back, its arrays transferred rather than copied.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { buildSegment, type SegmentSource } from '../search/segment.ts'
import type { PassageOptions } from '../passages/passages.ts'

export interface BuildRequest {
  articles: SegmentSource[]
  stopWords: string[]
  passages: PassageOptions | undefined
}

const request = workerData as BuildRequest
const segment = buildSegment(request.articles, {
  vocabulary: { stopWords: new Set(request.stopWords) },
  passages: request.passages,
})
const { articles: _articles, terms, surfaces, ...arrays } = segment
const transfer = Object.values(arrays).flatMap((value) =>
  ArrayBuffer.isView(value) ? [value.buffer as ArrayBuffer] : [],
)
parentPort!.postMessage({ ...arrays, terms: terms.terms, surfaces: surfaces.terms }, transfer)
