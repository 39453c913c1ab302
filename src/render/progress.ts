/**
 * A progress line for long builds, on a terminal only (stderr): "indexing articles: 1,250 / 4,716 (26%)".
 * Off a terminal (CI, logs, pipes) it prints nothing, so logs stay one line per event.
 */
export function progressLine(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): (done: number, total: number) => void {
  let last = -1
  return (done, total) => {
    if (!stream.isTTY) return
    const percent = Math.floor((100 * done) / Math.max(1, total))
    if (percent === last && done !== total) return
    last = percent
    stream.write(
      `\r${label}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${percent}%)${done === total ? '\n' : ''}`,
    )
  }
}
