import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import type { ChangeInput } from "../../../types/backorder"

export type EnqueueBackorderChangesInput = {
  changes?: ChangeInput[]
  /** Queue every inventory item some waiting backorder needs (settings changes, manual release of everything). */
  all_waiting?: boolean
  reason?: string
}

export const enqueueBackorderChangesStepId = "enqueue-backorder-changes"

/**
 * Records triggers in the durable change queue (DESIGN D8). Nothing to
 * compensate on purpose: a recorded change is handled later even if what
 * follows in the workflow fails — that is what makes it durable.
 */
export const enqueueBackorderChangesStep = createStep(
  enqueueBackorderChangesStepId,
  async (input: EnqueueBackorderChangesInput, { container }) => {
    const service = container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const changes = [...(input.changes ?? [])]
    if (input.all_waiting) {
      const items = await service.listWaitingInventoryItemIds()
      changes.push(
        ...items.map((id) => ({
          inventory_item_id: id,
          reason: input.reason ?? "all_waiting",
        }))
      )
    }
    const ids = changes.length ? await service.enqueueChanges(changes) : []
    return new StepResponse({ queued: ids.length })
  }
)
