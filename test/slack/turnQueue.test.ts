import { describe, expect, it } from 'vitest'
import { TurnQueue } from '../../src/slack/turnQueue.ts'

describe('TurnQueue', () => {
  it('runs jobs one at a time, in order, and lets I/O and timers run between them', async () => {
    const queue = new TurnQueue()
    const order: string[] = []
    const busy = (ms: number) => {
      const end = performance.now() + ms
      while (performance.now() < end);
    }
    const timer = new Promise<void>((resolve) =>
      setTimeout(() => {
        order.push('timer')
        resolve()
      }, 0),
    )
    const jobs = [1, 2, 3].map((n) =>
      queue.run(() => {
        busy(5)
        order.push(`job${n}`)
        return n
      }),
    )
    expect(await Promise.all(jobs)).toEqual([1, 2, 3])
    await timer
    // The timer was due after the first job; it runs before the next one, not after all of them.
    expect(order.indexOf('timer')).toBeLessThan(order.indexOf('job3'))
    expect(order.filter((o) => o.startsWith('job'))).toEqual(['job1', 'job2', 'job3'])
  })

  it('passes a failing job’s error to its caller and keeps going', async () => {
    const queue = new TurnQueue()
    const failing = queue.run(() => {
      throw new Error('boom')
    })
    const next = queue.run(() => 'still answering')
    await expect(failing).rejects.toThrow('boom')
    expect(await next).toBe('still answering')
  })

  it('resolves idle() once every job queued so far has run', async () => {
    const queue = new TurnQueue()
    await queue.idle() // nothing queued: at once
    const ran: number[] = []
    for (const n of [1, 2, 3]) void queue.run(() => ran.push(n))
    expect(ran).toEqual([]) // each in its own later turn
    await queue.idle()
    expect(ran).toEqual([1, 2, 3])
  })
})
