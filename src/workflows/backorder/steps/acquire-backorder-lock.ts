import { MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { setTimeout as sleep } from "timers/promises"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"

export type AcquireBackorderLockInput = {
  /** Inventory item ids: the keys Medusa's checkout locks when it reserves stock. */
  keys: string[]
}

/** A lock left by a crashed process expires after this many seconds. */
const LOCK_TTL_SECONDS = 120

export const acquireBackorderLockStepId = "acquire-backorder-lock"

/**
 * Takes the locking module's locks on the inventory item ids, in sorted order,
 * so planning serialises with checkout reservations and other plans. Unlike
 * core's `acquireLockStep`, a failed attempt gives back the keys it got before
 * retrying, so a partly acquired key set never blocks checkouts until its TTL.
 * Compensation releases the locks.
 */
export const acquireBackorderLockStep = createStep(
  acquireBackorderLockStepId,
  async (input: AcquireBackorderLockInput, { container, transactionId }) => {
    const keys = [...new Set(input.keys)].sort()
    const ownerId = `backorders:${transactionId}`
    if (!keys.length) {
      return new StepResponse({ keys, ownerId }, { keys, ownerId })
    }
    const locking = container.resolve(Modules.LOCKING)
    const timeout = container
      .resolve<BackorderModuleService>(BACKORDER_MODULE)
      .getOptions().lock_timeout_seconds
    const giveUpAt = Date.now() + timeout * 1000
    for (;;) {
      try {
        await locking.acquire(keys, { ownerId, expire: LOCK_TTL_SECONDS })
        return new StepResponse({ keys, ownerId }, { keys, ownerId })
      } catch (error) {
        await locking.release(keys, { ownerId }).catch(() => undefined)
        if (Date.now() >= giveUpAt) {
          throw new MedusaError(
            MedusaError.Types.CONFLICT,
            `Backorders: could not lock inventory items ${keys.join(", ")} within ${timeout}s (${(error as Error).message}); the scheduled sweep will retry.`
          )
        }
      }
      await sleep(100 + Math.floor(Math.random() * 150))
    }
  },
  async (held, { container }) => {
    if (!held?.keys.length) {
      return
    }
    await container
      .resolve(Modules.LOCKING)
      .release(held.keys, { ownerId: held.ownerId })
  }
)
