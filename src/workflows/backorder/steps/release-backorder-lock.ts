import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export const releaseBackorderLockStepId = "release-backorder-lock"

/** Releases the locks taken by `acquireBackorderLockStep` (nothing to compensate). */
export const releaseBackorderLockStep = createStep(
  releaseBackorderLockStepId,
  async (held: { keys: string[]; ownerId: string }, { container }) => {
    if (held.keys.length) {
      await container
        .resolve(Modules.LOCKING)
        .release(held.keys, { ownerId: held.ownerId })
    }
    return new StepResponse(void 0)
  }
)
