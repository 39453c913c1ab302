/**
 * The memory quotations add, measured in a fresh process with the garbage collector exposed (run by bench/quotes.ts):
 * heap and external memory after the snapshot is loaded, then after every article's quotations are extracted and
 * indexed.
 *   node --expose-gc --import tsx bench/quotesMemory.ts <articles dir>
 * Prints one JSON object on stdout.
 */
import { QuotationIndex, extractQuotations } from '../src/quotes/index.ts'
import { loadSnapshot } from '../src/snapshot/snapshot.ts'

const [dir] = process.argv.slice(2)
const gc = (globalThis as { gc?: () => void }).gc
if (!dir || !gc) {
  console.error('usage: node --expose-gc --import tsx bench/quotesMemory.ts <articles dir>')
  process.exit(2)
}
// The JavaScript heap and the memory outside it (the search index's typed arrays live there).
const heap = () => {
  gc()
  gc()
  const usage = process.memoryUsage()
  return usage.heapUsed + usage.external
}
const empty = heap()
const snapshot = await loadSnapshot(dir)
const withSnapshot = heap()
const perArticle = snapshot.articles.map((article) => ({ article, quotations: extractQuotations(article) }))
const quotations = perArticle.reduce((n, a) => n + a.quotations.length, 0)
const withQuotations = heap()
const index = QuotationIndex.build(perArticle)
const withIndex = heap()
console.log(
  JSON.stringify({
    passages: snapshot.stats.passages,
    quotations,
    statements: index.statements.length,
    snapshotHeapMiB: (withSnapshot - empty) / 2 ** 20,
    quotationsHeapMiB: (withQuotations - withSnapshot) / 2 ** 20,
    indexHeapMiB: (withIndex - withQuotations) / 2 ** 20,
  }),
)
