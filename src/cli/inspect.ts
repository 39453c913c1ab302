/**
 * npm run inspect -- seeds/FILE
 *
 * Shows how Storydesk reads one article (.txt, or a web page .html): its attribution and where each fact came from,
 * the layout it found, the cleaned text (headings marked, paragraphs numbered) and every removed span with the rule
 * that removed it and why. For a web page, first the article text extracted from it, line by line: every quote is
 * an exact slice of that text. Metadata comes from the sources.json next to the file. Exit 0 when the article loads,
 * 1 when it is skipped (its problem is printed), 2 for bad arguments or a missing file.
 */
import { stat } from 'node:fs/promises'
import { loadArticleFile } from '../corpus/load.ts'
import { articleReport, problemsReport } from './report.ts'

const USAGE =
  'usage: npm run inspect -- <article.txt | page.html>   (e.g. npm run inspect -- seeds/002_bac5b52dfc34d39a.txt)'

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE)
    return 0
  }
  const [path, ...extra] = argv
  if (path === undefined || extra.length > 0 || path.startsWith('-')) {
    console.error(`inspect: give exactly one article file\n${USAGE}`)
    return 2
  }
  try {
    if ((await stat(path)).isDirectory()) {
      console.error(`inspect: ${path} is a folder; give one article file inside it\n${USAGE}`)
      return 2
    }
  } catch {
    console.error(`inspect: no such file: ${path}\n${USAGE}`)
    return 2
  }

  const { article, problems, page } = await loadArticleFile(path)
  console.log(path)
  if (article) console.log(articleReport(article, page))
  console.log(problemsReport(problems))
  return article ? 0 : 1
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(`inspect: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 2
  },
)
