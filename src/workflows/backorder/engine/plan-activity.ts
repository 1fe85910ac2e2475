/**
 * Plans running in this process, so that work which can wait does not take
 * the CPU from them. A release of thousands of orders emits thousands of
 * `backorder.released`; on the local event bus (and on a worker that drains
 * the queue and handles events) their notifications run beside the next
 * slices of the same release, which hold the inventory locks that checkouts
 * of the SKU wait on. Customer notifications wait until no plan runs here.
 *
 * Per process on purpose: the contention is for this process's CPU. A plan
 * in another process does not hold notifications back.
 */
let running = 0
/** The current busy stretch: since when plans have run without a pause, and its end. */
let idle: {
  since: number
  promise: Promise<void>
  resolve: () => void
} | null = null

/** Runs `work` counted as a plan of this process. */
export async function asPlan<T>(work: () => Promise<T>): Promise<T> {
  running += 1
  if (!idle) {
    let resolve!: () => void
    const promise = new Promise<void>((r) => (resolve = r))
    idle = { since: Date.now(), promise, resolve }
  }
  try {
    return await work()
  } finally {
    running -= 1
    if (!running && idle) {
      idle.resolve()
      idle = null
    }
  }
}

/**
 * Resolves once no plan runs in this process, or once plans have run
 * without a pause for `max_wait_ms` (then at once, for every caller, until
 * the next pause), so plans that keep overlapping hold what waits back by
 * that much in all, not by that much per caller.
 */
export function plansIdle(max_wait_ms: number): Promise<void> {
  if (!running || !idle) {
    return Promise.resolve()
  }
  const left = idle.since + max_wait_ms - Date.now()
  if (left <= 0) {
    return Promise.resolve()
  }
  const { promise } = idle
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, left)
    timer.unref?.()
    void promise.then(() => {
      clearTimeout(timer)
      resolve()
    })
  })
}

/** Plans running in this process now. */
export const runningPlans = () => running
