import { describe, expect, it } from 'vitest'
import { AnswerQueue, PendingAcks } from '../../src/slack/answering.ts'

describe('AnswerQueue', () => {
  it('runs jobs one at a time, in order, and lets I/O and timers run between them', async () => {
    const queue = new AnswerQueue()
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
    const queue = new AnswerQueue()
    const failing = queue.run(() => {
      throw new Error('boom')
    })
    const next = queue.run(() => 'still answering')
    await expect(failing).rejects.toThrow('boom')
    expect(await next).toBe('still answering')
  })

  it('lets requests waiting for their ack through before its next job', async () => {
    const acks = new PendingAcks()
    const queue = new AnswerQueue(acks, 60_000)
    const order: string[] = []
    acks.begin()
    acks.begin()
    const job = queue.run(() => order.push('job'))
    // Several turns of the event loop pass (a request's body, signature, middleware) and the job still waits.
    for (let turn = 0; turn < 20; turn++) await new Promise(setImmediate)
    expect(order).toEqual([])
    order.push('ack 1')
    acks.end()
    for (let turn = 0; turn < 20; turn++) await new Promise(setImmediate)
    expect(order).toEqual(['ack 1'])
    order.push('ack 2')
    acks.end()
    await job
    expect(order).toEqual(['ack 1', 'ack 2', 'job'])
  })

  it('never holds a job longer than its wait limit, whatever keeps arriving', async () => {
    const acks = new PendingAcks()
    const queue = new AnswerQueue(acks, 20)
    acks.begin()
    // An ack that never comes: the jobs still run, one wait each at most.
    expect(await Promise.all([queue.run(() => 1), queue.run(() => 2)])).toEqual([1, 2])
    expect(acks.pending).toBe(1)
    acks.end()
    acks.end()
    expect(acks.pending).toBe(0)
  })
})
