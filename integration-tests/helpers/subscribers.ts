import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { EventEmitter } from "events"

/** Subscriber runs in flight (promise → event name), per event emitter. */
const runsByEmitter = new WeakMap<EventEmitter, Map<Promise<void>, string>>()

/**
 * The subscriber runs that Medusa's local event bus has started and not
 * finished. That bus emits on a Node EventEmitter, which drops each
 * subscriber's promise: a test that waits for one event (`order.placed`)
 * cannot otherwise know that another one of the same action (the checkout's
 * inventory level update) is still being handled. The first call wraps the
 * emitter's `emit` to keep those promises; listeners and their order are
 * untouched. Null on other event buses (Redis): there a test can only watch
 * the change queue.
 */
export function subscriberRuns(
  container: MedusaContainer
): Map<Promise<void>, string> | null {
  const emitter: EventEmitter | undefined = (
    container.resolve(Modules.EVENT_BUS) as { eventEmitter_?: EventEmitter }
  ).eventEmitter_
  if (!emitter) {
    return null
  }
  let runs = runsByEmitter.get(emitter)
  if (!runs) {
    const tracked = new Map<Promise<void>, string>()
    const emit = emitter.emit
    emitter.emit = function (this: EventEmitter, name, ...args) {
      const listeners = this.rawListeners(name)
      if (name === "error" || !listeners.length) {
        return emit.call(this, name, ...args)
      }
      for (const listener of listeners) {
        const result = (listener as (...a: unknown[]) => unknown).apply(
          this,
          args
        )
        if (result && typeof (result as Promise<unknown>).then === "function") {
          const done = (result as Promise<unknown>).then(
            () => undefined,
            () => undefined
          )
          tracked.set(done, String(name))
          void done.then(() => tracked.delete(done))
        }
      }
      return true
    }
    runsByEmitter.set(emitter, tracked)
    runs = tracked
  }
  return runs
}

/**
 * Resolves once no subscriber run of the local event bus is in flight (at
 * once on other buses). Fails naming the events still being handled.
 */
export async function subscribersIdle(
  container: MedusaContainer,
  timeoutMs = 60000
) {
  const runs = subscriberRuns(container)
  if (!runs) {
    return
  }
  const until = Date.now() + timeoutMs
  // Events released by a workflow that just ended are emitted on the next
  // microtasks: let them start before looking.
  await new Promise((resolve) => setImmediate(resolve))
  while (runs.size) {
    const left = until - Date.now()
    if (left <= 0) {
      throw new Error(
        `subscribers still running after ${timeoutMs} ms: ${[...new Set(runs.values())].join(", ")}`
      )
    }
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.all(runs.keys()),
      new Promise((resolve) => {
        timer = setTimeout(resolve, left)
      }),
    ])
    clearTimeout(timer)
    await new Promise((resolve) => setImmediate(resolve))
  }
}
