import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  BACKORDER_MODULE,
  type BackorderModuleService,
} from "../../../modules/backorder"
import { NETWORK_DIVIDE_PROCESS } from "../../../planner"

export const clearStaleBackorderProcessStepId = "clear-stale-backorder-process"

/**
 * Repair for one backorder: a `network_divide_process` marker that no queued
 * or running job still holds is cleared (the plan that follows sets the right
 * status again). Compensation restores the marker.
 */
export const clearStaleBackorderProcessStep = createStep(
  clearStaleBackorderProcessStepId,
  async (input: { id: string }, { container }) => {
    const backorders =
      container.resolve<BackorderModuleService>(BACKORDER_MODULE)
    const backorder = await backorders.retrieveBackorder(input.id)
    const result = {
      id: backorder.id,
      order_id: backorder.order_id,
      cleared: false,
    }
    if (
      backorder.pendingprocess !== NETWORK_DIVIDE_PROCESS ||
      (await backorders.listBackordersHeldByJobs([backorder.id])).length
    ) {
      return new StepResponse(result, null)
    }
    await backorders.updateBackorders({
      id: backorder.id,
      pendingprocess: null,
      pendingprocess_at: null,
    })
    return new StepResponse(
      { ...result, cleared: true },
      {
        id: backorder.id,
        pendingprocess: backorder.pendingprocess,
        pendingprocess_at: backorder.pendingprocess_at,
      }
    )
  },
  async (previous, { container }) => {
    if (previous) {
      await container
        .resolve<BackorderModuleService>(BACKORDER_MODULE)
        .updateBackorders(previous)
    }
  }
)
